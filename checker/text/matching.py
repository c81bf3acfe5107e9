"""Pattern matching for rule kinds: every regex runs with a timeout, and matches on the
normalized copy of a document are mapped back to original offsets.

A pack's regex that backtracks catastrophically raises RuleTimeout instead of hanging; the
engine reports which rule it was.
"""

from __future__ import annotations

from typing import Iterator

REGEX_TIMEOUT = 2.0  # seconds per search over one document


class RuleTimeout(Exception):
    pass


def finditer(pattern, text: str, pos: int = 0, endpos: int | None = None) -> Iterator:
    """pattern.finditer with the timeout applied (pattern is a compiled `regex` pattern)."""
    try:
        if endpos is None:
            yield from pattern.finditer(text, pos, timeout=REGEX_TIMEOUT)
        else:
            yield from pattern.finditer(text, pos, endpos, timeout=REGEX_TIMEOUT)
    except TimeoutError:
        raise RuleTimeout(pattern.pattern) from None


def search(pattern, text: str, pos: int = 0, endpos: int | None = None):
    try:
        if endpos is None:
            return pattern.search(text, pos, timeout=REGEX_TIMEOUT)
        return pattern.search(text, pos, endpos, timeout=REGEX_TIMEOUT)
    except TimeoutError:
        raise RuleTimeout(pattern.pattern) from None


def find_spans(doc, pattern, start: int = 0, end: int | None = None,
               normalized: bool = False) -> Iterator[tuple[int, int, object]]:
    """(start, end, match) in original offsets for each match of pattern in doc.text[start:end].

    With normalized=True the pattern runs on doc.normalized (full-width ASCII folded, spaces
    removed) and the spans are mapped back."""
    if end is None:
        end = len(doc.text)
    if not normalized:
        for m in finditer(pattern, doc.text, start, end):
            yield m.start(), m.end(), m
        return
    norm = doc.normalized
    import bisect
    ns = bisect.bisect_left(norm.orig, start)
    ne = bisect.bisect_left(norm.orig, end)
    for m in finditer(pattern, norm.text, ns, ne):
        s, e = norm.span(m.start(), m.end())
        yield s, e, m


def any_match(patterns, text: str, pos: int = 0, endpos: int | None = None):
    """The first of several patterns that matches text, as a match object, or None."""
    for p in patterns:
        m = search(p, text, pos, endpos)
        if m:
            return m
    return None
