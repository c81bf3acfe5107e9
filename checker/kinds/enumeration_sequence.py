"""enumeration-sequence: 一是、二是、三是 runs inside a section start at 一是 and skip nothing.

Runs are counted per innermost section; 一是 starts a new run.  Words that end in a numeral
(统一是, 唯一是, 之一是, 第一是) are not markers."""

from __future__ import annotations

from checker.model.chinese import cn_numeral, cn_ordinal
from checker.model.findings import Related
from checker.text.matching import finditer
from checker.ruleset.rule import Opt

KIND = "enumeration-sequence"
PLACEHOLDERS = frozenset({"expected", "found", "problem"})   # {names} check() fills
OPTIONS = {
    "marker": Opt("regex",
                  r"(?<![统唯之其第万逐划单同专整归合择每十])(?P<num>[一二三四五六七八九十]{1,3})(?P<word>是)(?![一二三四五六七八九十][，,、])",
                  help="列举标记的正则，须有命名组 num"),
}


def check(doc, rule):
    runs: dict[int, list] = {}
    for m in finditer(rule["marker"], doc.text):
        n = cn_ordinal(m.group("num"))
        if n is None:
            continue
        sec = doc.section_of(m.start())
        runs.setdefault(id(sec), []).append((n, m.start(), m.end(), m.group("word")))
    for items in runs.values():
        prev = None
        for n, s, e, word in items:
            if n == 1:
                prev = (n, s, e, word)
                continue
            if prev is None:
                yield rule.finding(s, e, found=cn_numeral(n) + word, expected="一" + word,
                                   problem=f"列举从“{cn_numeral(n)}{word}”开始，缺少“一{word}”")
            elif n != prev[0] + 1:
                yield rule.finding(s, e, found=cn_numeral(n) + word,
                                   expected=cn_numeral(prev[0] + 1) + word,
                                   problem=f"“{cn_numeral(prev[0])}{prev[3]}”之后是“{cn_numeral(n)}{word}”",
                                   related=[Related(f"上一项“{cn_numeral(prev[0])}{prev[3]}”",
                                                    prev[1], prev[2])])
            prev = (n, s, e, word)
