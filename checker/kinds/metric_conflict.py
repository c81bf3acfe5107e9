"""metric-conflict: the same figure stated twice in one draft with values that cannot both be true
("普法宣传活动30场次" in one part, "普法宣传活动20场次" in another).

A metric is the counted thing (checker.numbers.counted_thing) with its measure word; units listed
together in `unit_groups` count as one (场 / 场次).  Approximations widen a value (20余场 = 20 or
more), so only statements whose ranges cannot overlap are reported.  Figures in parts whose level-1
heading matches `skip_headings` (plans for next year) and in sentences matching `skip_context`
(同比, 去年, 其中 …) are not compared."""

from __future__ import annotations

from checker.model.findings import Related
from checker.text.matching import search
from checker.ruleset.rule import Opt
from checker.text.numbers import APPROX_ABOVE, APPROX_BELOW, APPROX_AROUND
from checker.kinds._quantities import bounds, quantities, same_unit, top_section_title

KIND = "metric-conflict"
PLACEHOLDERS = frozenset({"found", "other", "other_line", "thing"})   # {names} check() fills
OPTIONS = {
    "unit_groups": Opt("strlists", [], help="视为同一计量的量词组，如 [[场, 场次]]"),
    "min_thing_length": Opt("int", 3, min=1, help="被计数的事物至少几个字才比较（太短的如“案件”含义不确定）"),
    "ignore_things": Opt("strs", [], help="不比较的事物名称"),
    "skip_headings": Opt("regexes", [], help="一级标题匹配这些正则的部分（如下一年度安排）不比较"),
    "skip_context": Opt("regexes", [], help="句子匹配这些正则（同比、去年、其中等）时不比较"),
    "open_above": Opt("strs", list(APPROX_ABOVE),
                      help="表示“不少于”的约数词"),
    "open_below": Opt("strs", list(APPROX_BELOW), help="表示“不超过”的约数词"),
    "around": Opt("strs", list(APPROX_AROUND), help="表示“大约”的约数词"),
    "around_share": Opt("number", 0.2, help="“约”允许的上下浮动比例"),
}


def _usable(doc, rule, s) -> bool:
    if s.q.unit is None or s.thing is None or len(s.thing) < rule["min_thing_length"]:
        return False
    if s.thing in rule["ignore_things"]:
        return False
    if rule["skip_headings"]:
        title = top_section_title(doc, s.start)
        if title and any(search(p, title) for p in rule["skip_headings"]):
            return False
    sentence = doc.sentences[s.sentence].text
    return not any(search(p, sentence) for p in rule["skip_context"])


def _show(s) -> str:
    return f"{s.thing}{s.q.text.strip()}"


def check(doc, rule):
    seen: dict[str, list] = {}
    kept: set = set()    # (key, percent, unit, low, high) already in seen[key]
    reported = set()
    interval = (rule["open_above"], rule["open_below"], rule["around"], rule["around_share"])
    for s in quantities(doc):
        if not _usable(doc, rule, s):
            continue
        key = s.thing + ("%" if s.q.percent else "")
        low, high = bounds(s.q, *interval)
        for prev, (plow, phigh) in seen.get(key, []):
            if prev.q.percent != s.q.percent or not same_unit(prev.q.unit, s.q.unit, rule["unit_groups"]):
                continue
            if low <= phigh and plow <= high:
                continue  # the two statements can both be true
            if (key, s.start) in reported:
                break
            reported.add((key, s.start))
            line = doc.position(prev.start)[0]
            yield rule.finding(s.start, s.end, thing=s.thing, found=s.q.text.strip(),
                               other=prev.q.text.strip(), other_line=line,
                               related=[Related(f"另一处写的是“{_show(prev)}”", prev.start, prev.end)])
            break
        # a later statement equal in all that the test above reads can never be the first
        # to conflict (the earlier one always is): keeping only the first of them keeps a
        # draft that repeats one figure a thousand times linear
        sig = (key, s.q.percent, s.q.unit, low, high)
        if sig not in kept:
            kept.add(sig)
            seen.setdefault(key, []).append((s, (low, high)))
