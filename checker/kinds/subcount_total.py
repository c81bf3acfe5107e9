"""subcount-total: a part that is larger than the total it belongs to ("受理50件，办结60件";
"开展活动30场，其中进校园40场").

Within one sentence, a count whose clause matches a `pairs` entry's `part` is compared with the
nearest count before it whose clause matches the same entry's `total`; a count whose clause starts
with `part_marker` (其中) is compared with the nearest count before it that is not itself such a
part.  Measure words must agree (`unit_groups`), and a part that names a noun of its own must name
the total's ("调处纠纷20件，办结复议案件30件" counts two different things).  A total written as 余/以上 (open above) is only
reported when even the smallest total cannot hold the part."""

from __future__ import annotations

from checker.model.findings import Related
from checker.text.matching import search
from checker.ruleset.rule import Opt
from checker.text.numbers import APPROX_ABOVE, APPROX_BELOW
from checker.kinds._quantities import bounds, quantities, same_unit

KIND = "subcount-total"
PLACEHOLDERS = frozenset({"part", "total"})   # {names} check() fills
OPTIONS = {
    "pairs": Opt("list", [], help="总数与其中部分的说法：[{total: 正则, part: 正则}, …]"),
    "part_marker": Opt("regex", r"^\s*其中", help="分句以此开头时，该数是前一个数的一部分"),
    "unit_groups": Opt("strlists", [], help="视为同一计量的量词组"),
    "open_above": Opt("strs", list(APPROX_ABOVE),
                      help="表示“不少于”的约数词"),
    "open_below": Opt("strs", list(APPROX_BELOW), help="表示“不超过”的约数词"),
}


def prepare(options):
    from checker.ruleset.schema import compile_regex
    pairs = []
    for i, pair in enumerate(options["pairs"]):
        if not isinstance(pair, dict) or set(pair) != {"total", "part"}:
            raise ValueError(f"pairs: 第{i + 1}项应写成 {{total: 正则, part: 正则}}")
        try:
            pairs.append((compile_regex(pair["total"]), compile_regex(pair["part"])))
        except Exception as err:  # PackError from compile_regex, message names the key
            raise ValueError(f"pairs: 第{i + 1}项的{str(err).split(': ')[-1]}") from None
    options["pairs"] = pairs


def _lowest(s, rule) -> float:
    return bounds(s.q, rule["open_above"], rule["open_below"], (), 0)[0]


def _highest(s, rule) -> float:
    return bounds(s.q, rule["open_above"], rule["open_below"], (), 0)[1]


def _whole_of(part, before, rule):
    """The count `part` belongs to, among the counts before it in the sentence."""
    if search(rule["part_marker"], part.clause):
        for prev in reversed(before):
            if not search(rule["part_marker"], prev.clause):
                return prev
        return None
    for total_re, part_re in rule["pairs"]:
        if not search(part_re, part.clause):
            continue
        for prev in reversed(before):
            if search(total_re, prev.clause) and not search(part_re, prev.clause):
                return prev if _same_thing(part, prev, part_re) else None
    return None


def _same_thing(part, whole, part_re) -> bool:
    """"受理案件50件，办结60件" counts one thing; "调处纠纷20件，办结复议案件30件" counts two."""
    thing = part.thing
    if not thing or search(part_re, thing) or not whole.thing:
        return True  # the part names no noun of its own ("办结60件")
    return thing == whole.thing or thing in whole.thing or whole.thing in thing


def check(doc, rule):
    by_sentence: dict[int, list] = {}
    for s in quantities(doc):
        if s.q.unit is not None and not s.q.percent:
            by_sentence.setdefault(s.sentence, []).append(s)
    for items in by_sentence.values():
        for i, part in enumerate(items):
            before = [p for p in items[:i] if same_unit(p.q.unit, part.q.unit, rule["unit_groups"])]
            if not before:
                continue
            whole = _whole_of(part, before, rule)
            if whole is None or _lowest(part, rule) <= _highest(whole, rule):
                continue
            yield rule.finding(part.start, part.end, part=part.q.text.strip(),
                               total=whole.q.text.strip(),
                               related=[Related(f"总数“{whole.q.text.strip()}”", whole.start, whole.end)])
