"""traditional-chars: traditional-only characters (後、於是的於 is not one, 這、國、髮 are) left in
a draft written in simplified characters — text pasted from a traditional source, or an
input method left in traditional mode.

A character is reported when it is traditional-only: never a valid simplified character
(乾隆的乾, 瞭望的瞭, 徵 in 宫商角徵羽, 於 as a surname are valid simplified characters and are
never reported).  The table (checker/kinds/_tradchars.py, about 3,200 characters) is derived
from OpenCC's dictionaries by tests/make_tradchars.py and imported only for a draft with a
character outside GB2312 (or one of the 8 traditional-only characters GB2312 has).

One finding per paragraph, from its first traditional character to its last, listing them
with their simplified forms; the suggestion (never applied by --fix) replaces each of them by
its simplified form.  A draft with fewer simplified-only characters (这、们、国……) than
traditional-only ones is written in traditional characters: nothing is reported.
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
    "allow": Opt("str", "", help="不报告的繁体字（如人名、商号中保留的字）"),
    "list_max": Opt("int", 6, help="提示信息中最多列出几个字", min=1),
}

_TABLE: tuple[dict[str, str], frozenset[str]] | None = None


def table() -> tuple[dict[str, str], frozenset[str]]:
    """({traditional-only character: its simplified form}, simplified-only characters), built
    on first use."""
    global _TABLE
    if _TABLE is None:
        from checker.kinds._tradchars import SIMP, SIMPLIFIED, TRAD
        _TABLE = dict(zip(TRAD, SIMP)), frozenset(SIMPLIFIED)
    return _TABLE


# the only traditional-only characters of the table that GB2312 (a simplified character set) has
_IN_GB2312 = frozenset("後拚捱摺榘菸醣麴")


def _candidates(chars: set[str]) -> bool:
    """Whether any character could be traditional-only, without loading the table: a draft
    written in GB2312's characters (most simplified drafts) has none but these eight."""
    han = "".join(c for c in chars if ord(c) >= 0x3400)
    if not han:
        return False
    back = han.encode("gb2312", errors="replace").decode("gb2312")
    return back != han or not _IN_GB2312.isdisjoint(chars)


def check(doc, rule):
    text = doc.text
    chars = set(text)
    if not _candidates(chars):
        return
    conv, simplified = table()
    present = (chars & conv.keys()) - set(rule["allow"])
    if not present:
        return
    spots_all = [m.start() for m in
                 regex.finditer("[" + regex.escape("".join(sorted(present))) + "]", text)]
    n_simp = 0
    for c in chars & simplified:              # stops as soon as the simplified ones outnumber
        n_simp += text.count(c)
        if n_simp >= len(spots_all):
            break
    else:
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
