"""Helpers shared by the structure kinds: find the headings whose title matches patterns."""

from __future__ import annotations

from checker.text.matching import any_match


def matching_headings(doc, patterns, levels=None):
    """Headings (in order) whose title matches one of the compiled patterns."""
    out = []
    for h in doc.headings:
        if levels and h.level not in levels:
            continue
        if any_match(patterns, h.title):
            out.append(h)
    return out


def body_text_bounds(doc) -> tuple[int, int]:
    """Offsets of the text after the title (and addressee), where the body starts."""
    return doc.letter_body[0], len(doc.text)


def check_levels(options) -> None:
    levels = options.get("levels")
    if levels is not None and (not isinstance(levels, list)
                               or not all(isinstance(x, int) and 1 <= x <= 4 for x in levels)):
        raise ValueError("levels: 应为 1 到 4 之间的整数列表")
