"""rate-consistency: a rate that does not follow from the counts stated beside it.

"调解纠纷39件，成功36件，成功率92%" is consistent (36 ÷ 39 = 92.3 %); "成功率99%" with the same counts
is not.  In the rate's sentence, the part is the count named after the rate ("调解成功率" → the
count whose clause mentions 调解成功, 解成功 or 成功); the total is the first count before it with the same measure word and
a larger value.  With only one count, or none, there is nothing to check.  A rate written with
以上/超过 only has to be reached, one with 近/不到 only not exceeded."""

from __future__ import annotations

from checker.text.matching import search
from checker.ruleset.rule import Opt
from checker.text.numbers import APPROX_ABOVE, APPROX_BELOW
from checker.kinds._quantities import quantities, same_unit

KIND = "rate-consistency"
PLACEHOLDERS = frozenset({"actual", "found", "part", "rate", "total"})   # {names} check() fills
OPTIONS = {
    "rate": Opt("regex", r"(?P<part>\p{Han}{1,4})率$",
                groups=("part",), help="比率名称的正则，命名组 part 为分子的说法（“成功率” → 成功）"),
    "tolerance": Opt("number", 1.0, help="允许的误差（百分点），用于四舍五入"),
    "at_least": Opt("strs", list(APPROX_ABOVE), help="表示“不低于”的词"),
    "at_most": Opt("strs", list(APPROX_BELOW), help="表示“不高于”的词"),
    "unit_groups": Opt("strlists", [], help="视为同一计量的量词组"),
}


def _counts_before(items, rate):
    return [s for s in items if s.end <= rate.start and not s.q.percent and s.exact
            and s.q.unit is not None]


def check(doc, rule):
    by_sentence: dict[int, list] = {}
    for s in quantities(doc):
        by_sentence.setdefault(s.sentence, []).append(s)
    for items in by_sentence.values():
        for rate in items:
            if not rate.q.percent or rate.q.range_end is not None or not rate.thing:
                continue
            m = search(rule["rate"], rate.thing)
            if not m:
                continue
            word = m.group("part")
            words = [word[i:] for i in range(len(word) - 1)] or [word]
            counts = _counts_before(items, rate)
            parts = [c for c in counts if any(w in c.clause for w in words)]
            if not parts:
                continue
            part = parts[-1]
            totals = [c for c in counts if c.start < part.start and c.q.value >= part.q.value
                      and same_unit(c.q.unit, part.q.unit, rule["unit_groups"])]
            if not totals or totals[0].q.value == 0:
                continue
            total = totals[0]
            actual = part.q.value / total.q.value * 100
            stated = rate.q.value
            tol = rule["tolerance"]
            approx = rate.q.approx or ""
            if any(w in approx for w in rule["at_least"]):
                ok = actual >= stated - tol
            elif any(w in approx for w in rule["at_most"]):
                ok = actual <= stated + tol
            else:
                ok = abs(actual - stated) <= tol
            if ok:
                continue
            yield rule.finding(rate.start, rate.end, rate=rate.thing, found=rate.q.text.strip(),
                               part=part.q.text.strip(), total=total.q.text.strip(),
                               actual=f"{actual:.1f}%")
