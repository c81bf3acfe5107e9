"""Quantities of a whole document for the number rules: every figure the body states, with its
offsets in doc.text, its sentence, the clause before it and the thing it counts.

Built once per document (doc.cache["quantities"]) from checker.numbers.extract run paragraph by
paragraph; the title and the closing lines (落款, 成文日期) are left out.  Also: the interval a
figure stands for once its approximation word is read (4余次 → 4 or more), and the level-1
section a place belongs to.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from checker.model.chinese import CLAUSE_PUNCT
from checker.text.numbers import Quantity, counted_thing, extract

CLAUSE_BREAK = CLAUSE_PUNCT + "\n"


@dataclass
class Stated:
    """One quantity in a document: `q` has paragraph-relative offsets; start/end are absolute."""
    q: Quantity
    start: int
    end: int
    para_start: int
    para_text: str
    sentence: int          # index into doc.sentences
    _thing: object = field(default=0, repr=False)

    @property
    def thing(self) -> str | None:
        """What the figure counts ("普法宣传活动"), from checker.numbers.counted_thing."""
        if self._thing == 0:
            self._thing = counted_thing(self.para_text, self.q)
        return self._thing

    @property
    def clause(self) -> str:
        """Text of the clause before the figure (from the last ，。；： up to the figure)."""
        text = self.para_text
        i = self.q.start
        while i > 0 and text[i - 1] not in CLAUSE_BREAK:
            i -= 1
        return text[i:self.q.start]

    @property
    def exact(self) -> bool:
        return self.q.approx is None and self.q.range_end is None


def quantities(doc) -> list[Stated]:
    """Every stated quantity of the body, in text order (memoized on the document)."""
    cached = doc.cache.get("quantities")
    if cached is not None:
        return cached
    regions = doc.line_regions
    starts = [s.start for s in doc.sentences]
    out: list[Stated] = []
    for para in doc.paragraphs:
        if "body" not in regions[para.number - 1]:
            continue                            # title, 主送, 落款, 成文日期, page furniture
        for q in extract(para.text):
            start = para.start + q.start
            idx = max(0, bisect.bisect_right(starts, start) - 1)
            out.append(Stated(q, start, para.start + q.end, para.start, para.text, idx))
    doc.cache["quantities"] = out
    return out


def bounds(q: Quantity, open_above, open_below, around, around_share: float) -> tuple[float, float]:
    """The interval of values a figure allows: "20余场" → (20, inf), "近200人" → (0, 200),
    "约50人" → (40, 60) with around_share 0.2, "3-5次" → (3, 5), "30场" → (30, 30)."""
    low = q.value
    high = q.range_end if q.range_end is not None else q.value
    word = q.approx or ""
    if not word:
        return low, high
    if any(w in word for w in open_above):
        return low, float("inf")
    if any(w in word for w in open_below):
        return 0.0, high
    if any(w in word for w in around):
        return low * (1 - around_share), high * (1 + around_share)
    return low, high


def same_unit(a: str | None, b: str | None, groups) -> bool:
    """Units that measure the same thing: equal, or listed together in one of `groups`."""
    if a == b:
        return True
    return any(a in g and b in g for g in groups)


def top_section_title(doc, offset: int) -> str:
    """Title of the level-1 part an offset lies in ("" before the first heading)."""
    sec = doc.section_of(offset)
    while sec.parent is not None and sec.level > 1:
        sec = sec.parent
    return sec.heading.title if sec.heading else ""
