"""traditional-chars: traditional-only characters (後、於是的於 is not one, 這、國、髮 are) left in
a draft written in simplified characters — text pasted from a traditional source, or an
input method left in traditional mode.

A character is reported when it is traditional-only: never a valid simplified character
(乾隆的乾, 瞭望的瞭, 徵 in 宫商角徵羽, 於 as a surname are valid simplified characters and are
never reported).  The table (checker/kinds/_tradchars.py, about 3,200 characters) is derived
from OpenCC's dictionaries by tests/make_tradchars.py and imported only when the rule runs.

One finding per paragraph, from its first traditional character to its last, listing them
with their simplified forms; the suggestion (never applied by --fix) replaces each of them by
its simplified form.  A draft in which more than ``max_share`` of the Han characters are
traditional-only is written in traditional characters: nothing is reported.
Message placeholders: {chars} (“後→后、於→于” style list), {count} (how many in the paragraph).
"""

from __future__ import annotations

import bisect

import regex

from checker.model.findings import Fix
from checker.ruleset.rule import Opt

KIND = "traditional-chars"
PLACEHOLDERS = frozenset({"chars", "count"})
OPTIONS = {
    "max_share": Opt("number", 0.1, help="繁体字占全部汉字的比例超过此值时，按繁体稿处理，不报告",
                     min=0.0, max=1.0),
    "allow": Opt("str", "", help="不报告的繁体字（如人名、商号中保留的字）"),
    "list_max": Opt("int", 6, help="提示信息中最多列出几个字", min=1),
}

_TABLE: dict[str, str] | None = None


def table() -> dict[str, str]:
    """{traditional-only character: its simplified form}, built on first use."""
    global _TABLE
    if _TABLE is None:
        from checker.kinds._tradchars import SIMP, TRAD
        _TABLE = dict(zip(TRAD, SIMP))
    return _TABLE


_HAN = None


def _han_count(text: str) -> int:
    global _HAN
    if _HAN is None:
        _HAN = regex.compile(r"\p{Han}")
    return sum(1 for _ in _HAN.finditer(text))


def check(doc, rule):
    text = doc.text
    conv = table()
    present = (set(text) & conv.keys()) - set(rule["allow"])
    if not present:
        return
    spots_all = [m.start() for m in
                 regex.finditer("[" + regex.escape("".join(sorted(present))) + "]", text)]
    if len(spots_all) / max(1, _han_count(text)) > rule["max_share"]:
        return                                  # a draft in traditional characters
    for para in doc.paragraphs:
        lo = bisect.bisect_left(spots_all, para.start)
        hi = bisect.bisect_left(spots_all, para.end)
        spots = spots_all[lo:hi]
        if not spots:
            continue
        start, end = spots[0], spots[-1] + 1
        seen = list(dict.fromkeys(text[i] for i in spots))
        listed = "、".join(f"{c}→{conv[c]}" for c in seen[:rule["list_max"]])
        if len(seen) > rule["list_max"]:
            listed += "……"
        fixed = "".join(conv[c] if c in present else c for c in text[start:end])
        yield rule.finding(start, end, suggestions=(Fix(start, end, fixed),),
                           chars=listed, count=len(spots))
