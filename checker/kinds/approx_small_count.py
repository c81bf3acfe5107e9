"""approx-small-count: 余/多 written after a small exact count ("4余次"): a figure under ten is
known exactly, and "4余次" reads as a template number that was never filled in properly.

Only the approximation written between the numeral and the measure word counts (4余次, 三多次);
"近4次", "4次以上" are fine, and so is any figure of `max_value` + 1 or more (10余次, 5万余份).
With `not_round: true` any whole number that does not end in 0 is reported as well ("23余次",
"105多人"): 余/多 mark an estimate of a round number (10余次, 200多人, 1500余份)."""

from __future__ import annotations

from checker.ruleset.rule import Opt
from checker.kinds._quantities import quantities

KIND = "approx-small-count"
PLACEHOLDERS = frozenset({"exact", "found", "word"})   # {names} check() fills
OPTIONS = {
    "words": Opt("strs", ["余", "多"], help="数字与量词之间表示约数的字"),
    "max_value": Opt("number", 9, help="不超过此数的整数后面不应接约数字"),
    "not_round": Opt("bool", False, help="个位不为0的整数（23余次）后面也不应接约数字"),
}


def _inner_word(q, words) -> str | None:
    """The approximation character right after the numeral, if it is one of `words`."""
    i = q.text.find(q.numeral)
    if i < 0:
        return None
    rest = q.text[i + len(q.numeral):].lstrip(" \t\u3000")
    return rest[0] if rest and rest[0] in words else None


def check(doc, rule):
    for s in quantities(doc):
        q = s.q
        if q.approx is None or q.percent or q.range_end is not None:
            continue
        if q.value != int(q.value) or (q.unit or "")[:1] in "万亿":
            continue
        if q.value > rule["max_value"] and not (rule["not_round"] and int(q.value) % 10):
            continue
        word = _inner_word(q, rule["words"])
        if word is None:
            continue
        exact = q.text.replace(word, "", 1)
        yield rule.finding(s.start, s.end, found=q.text.strip(), word=word, exact=exact.strip())
