"""Pattern matching for rule kinds: regexes of user-written packs run with a time limit, and
matches on the normalized copy of a document are mapped back to original offsets.

A pack's regex that backtracks catastrophically raises RuleTimeout instead of hanging; the
engine reports which rule it was.  The limit (REGEX_TIMEOUT seconds of CPU per search over one
document) counts the pattern's own work only: the `regex` module's clock runs from the start
of a finditer, so the time a rule spends between two matches would count against its pattern;
here each match is timed on its own and the pattern gets a new iterator (from where the last
one stood) when the caller used up the old one's clock.

Rules of the built-in packs run untimed (the engine says which rules are built in, through
`timed`): their patterns are fzlint's own, under the fuzz tests, and must not fail a valid
draft however long it is.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

REGEX_TIMEOUT = 2.0  # CPU seconds of one pattern per search over one document
SLACK = 0.001        # a pattern left with less than this has used up its time

_timed: ContextVar[bool] = ContextVar("fzlint_regex_timed", default=True)


class RuleTimeout(Exception):
    pass


@contextmanager
def timed(on: bool):
    """Run the searches of this block with the time limit (on) or without it."""
    token = _timed.set(on)
    try:
        yield
    finally:
        _timed.reset(token)


def finditer(pattern, text: str, pos: int = 0, endpos: int | None = None) -> Iterator:
    """pattern.finditer (pattern is a compiled `regex` pattern), under the time limit when
    it applies: the pattern's own CPU time, summed over the matches, at most REGEX_TIMEOUT."""
    end = len(text) if endpos is None else endpos
    if not _timed.get():
        yield from pattern.finditer(text, pos, end)
        return
    limit = REGEX_TIMEOUT
    clock = time.process_time     # the clock the regex module's timeout reads
    spent = 0.0
    last_empty = False
    skip = None                   # an empty match the new iterator would find again
    while True:
        it = pattern.finditer(text, pos, end, timeout=limit - spent)
        try:
            while True:
                t0 = clock()
                try:
                    m = next(it)
                finally:
                    spent += clock() - t0
                if skip is not None:
                    s, skip = skip, None
                    if m.start() == m.end() == s:
                        continue
                yield m
                pos = m.end()
                last_empty = m.start() == pos
        except StopIteration:
            return
        except TimeoutError:
            if spent >= limit - SLACK:
                raise RuleTimeout(pattern.pattern) from None
            # the clock ran out during the caller's work between matches: go on from the last
            # match with a new iterator (after an empty match, it finds that one again first)
            skip = pos if last_empty else None


def search(pattern, text: str, pos: int = 0, endpos: int | None = None):
    end = len(text) if endpos is None else endpos
    if not _timed.get():
        return pattern.search(text, pos, end)
    try:
        return pattern.search(text, pos, end, timeout=REGEX_TIMEOUT)
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
