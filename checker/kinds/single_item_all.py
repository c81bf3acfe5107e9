"""single-item-all: 均/都/全部 right after a count of one ("共作出重大行政决策1项，均严格按照程序进行"):
"all of them" needs more than one.  The word must follow the figure in the same clause or open the
next one (`after`, a regex anchored at the end of the figure); "6个村均有" is fine."""

from __future__ import annotations

from checker.text.matching import search
from checker.ruleset.rule import Opt
from checker.kinds._quantities import quantities

KIND = "single-item-all"
PLACEHOLDERS = frozenset({"found", "thing", "word"})   # {names} check() fills
OPTIONS = {
    "after": Opt("regex", r"^\p{Han}{0,6}?\s*[，,]?\s*(?:且|并|也|已)?(?P<word>均|都|全部|全都|一律)",
                 groups=("word",), help="紧跟在数量之后、表示“全部”的写法（正则，命名组 word）"),
    "units": Opt("strs", ["项", "件", "个", "名", "次", "场", "场次", "份", "人", "家", "起", "例",
                          "宗", "批", "批次", "户", "条", "处", "所", "位", "种", "类"],
                 help="检查这些量词"),
    "window": Opt("int", 20, help="在数量之后多少个字内查找"),
}


def check(doc, rule):
    for s in quantities(doc):
        q = s.q
        if q.value != 1 or not s.exact or q.percent or q.unit not in rule["units"]:
            continue
        tail = s.para_text[q.end:q.end + rule["window"]]
        m = search(rule["after"], tail)
        if not m:
            continue
        we = s.end + m.end("word")
        yield rule.finding(s.start, we, found=q.text.strip(), word=m.group("word"),
                           thing=s.thing or "")
