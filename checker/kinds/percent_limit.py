"""percent-limit: a rate that cannot exceed 100 % (满意率, 成功率, 占比 …) stated above it.

A percentage is checked when the thing it measures (or, failing that, its clause) matches
`applies_to`; rises and completion rates (增长, 提高, 完成率 … may well pass 100 %) are left out
with the common key `unless: {clause: […]}`."""

from __future__ import annotations

from checker.text.matching import search
from checker.ruleset.rule import Opt
from checker.kinds._quantities import quantities

KIND = "percent-limit"
PLACEHOLDERS = frozenset({"found", "max", "thing", "value"})   # {names} check() fills
OPTIONS = {
    "max": Opt("number", 100, help="允许的最大百分数"),
    "applies_to": Opt("regexes", [r"率$", "占比", "比例", "比重"], help="被度量的事物匹配这些正则时才检查"),
}


def check(doc, rule):
    for s in quantities(doc):
        if not s.q.percent or s.q.value <= rule["max"]:
            continue
        thing = s.thing or s.clause
        if not any(search(p, thing) for p in rule["applies_to"]):
            continue
        value = s.q.value
        yield rule.finding(s.start, s.end, thing=thing, found=s.q.text.strip(),
                           value=f"{value:g}", max=f"{rule['max']:g}")
