"""Character classes and protected spans shared by the punctuation and conversion-debris kinds.

"Chinese context" is a Han character or Chinese punctuation; URLs, e-mail addresses and Word/pandoc
markers are protected (nothing inside them is punctuation of the prose); heading separators
(the 、 / . after 一 or 1) belong to the numbering rules.  Results are memoised in doc.cache.
"""

from __future__ import annotations

import bisect
from functools import lru_cache

import regex as re

from checker.text.matching import finditer

CN_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』…—·")
OPEN_CN = set("“‘（《〈【〔「『")
SPACES = " \t"

_HAN = re.compile(r"\p{Han}")
_URL = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_MARKER = re.compile(r"\[bookmark:[^\]\n]*\]|\[\]\{#[^}\n]*\}|\{[#.][^}\n]*\}")
_TRAILING = ".,;:!?)]'\""


@lru_cache(maxsize=8192)   # called once per candidate mark: a dict beats a regex match
@lru_cache(maxsize=8192)
def is_han(ch: str) -> bool:
    return bool(ch) and _HAN.match(ch) is not None


@lru_cache(maxsize=8192)
def is_cn(ch: str) -> bool:
    """A Han character or a piece of Chinese punctuation."""
    return bool(ch) and (ch in CN_PUNCT or _HAN.match(ch) is not None)


def protected(doc) -> list[tuple[int, int]]:
    """Sorted (start, end) spans of URLs, e-mail addresses and conversion markers."""
    key = "punct.protected"
    if key not in doc.cache:
        spans = []
        for m in finditer(_URL, doc.text):
            s, e = m.start(), m.end()
            while e > s and doc.text[e - 1] in _TRAILING:
                e -= 1
            spans.append((s, e))
        spans += [(m.start(), m.end()) for m in finditer(_MARKER, doc.text)]
        spans.sort()
        doc.cache[key] = (spans, [s for s, _ in spans])
    return doc.cache[key][0]


def in_protected(doc, offset: int) -> bool:
    protected(doc)
    spans, starts = doc.cache["punct.protected"]
    if not spans:
        return False
    i = bisect.bisect_right(starts, offset) - 1
    return any(spans[j][0] <= offset < spans[j][1] for j in (i, i - 1) if j >= 0)


def heading_marks(doc) -> tuple[set[int], list[tuple[int, int]]]:
    """(offsets of heading separators, spans of whole heading markers)."""
    key = "punct.heading_marks"
    if key not in doc.cache:
        seps, markers = set(), []
        for h in doc.headings:
            end = h.start + len(h.marker)
            markers.append((h.start, end))
            if h.sep:
                seps.add(end - len(h.sep))
        doc.cache[key] = (seps, markers)
    return doc.cache[key]


def in_heading_marker(doc, offset: int) -> bool:
    markers = heading_marks(doc)[1]          # in text order, not overlapping
    i = bisect.bisect_right(markers, (offset, float("inf"))) - 1
    return i >= 0 and markers[i][0] <= offset < markers[i][1]


def neighbours(text: str, i: int, lo: int, hi: int, spaces: str = SPACES) -> tuple[int, int]:
    """Offsets of the nearest non-space characters before and after text[i] within [lo, hi);
    -1 / hi when there is none."""
    a = i - 1
    while a >= lo and text[a] in spaces:
        a -= 1
    b = i + 1
    while b < hi and text[b] in spaces:
        b += 1
    return a, b


def positions(doc, chars: str) -> list[int]:
    """Sorted offsets of every character of `chars` in doc.text (one regex pass, memoised)."""
    key = ("punct.positions", chars)
    if key not in doc.cache:
        pattern = re.compile("[" + re.escape(chars) + "]")
        doc.cache[key] = [m.start() for m in finditer(pattern, doc.text)]
    return doc.cache[key]


def by_paragraph(doc, offsets: list[int]):
    """(paragraph, [offsets inside it]) for each paragraph holding any of the sorted offsets."""
    if not offsets:
        return
    for para in doc.paragraphs:
        a = bisect.bisect_left(offsets, para.start)
        b = bisect.bisect_left(offsets, para.end, a)
        if a < b:
            yield para, offsets[a:b]
