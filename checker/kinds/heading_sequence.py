"""heading-sequence: ordinals of sibling headings run 1, 2, 3 … at every level.

`problem` picks what this rule reports: `gap` (（一）→（三）, or going backwards), `repeat`
(（二）twice) or `start` (the first sibling is not 一/1).  Siblings are the headings of one level
directly under the same parent section."""

from __future__ import annotations

from checker.model.chinese import cn_numeral
from checker.ruleset.rule import Opt

KIND = "heading-sequence"
PLACEHOLDERS = frozenset({"expected", "found", "missing", "prev"})   # {names} check() fills
OPTIONS = {"problem": Opt("str", help="gap（跳号）、repeat（重号）或 start（不从一开始）",
                         choices=("gap", "repeat", "start"))}


def marker_for(heading, n: int) -> str:
    """The heading's marker with its number replaced by n: （三） → （二）, 3. → 2."""
    num = cn_numeral(n) if heading.level in (1, 2) else str(n)
    m = heading.marker
    i = 0
    while i < len(m) and not (m[i].isdigit() or m[i] in "一二三四五六七八九十"):
        i += 1
    j = i
    while j < len(m) and (m[j].isdigit() or m[j] in "一二三四五六七八九十"):
        j += 1
    return m[:i] + num + m[j:]


def sibling_runs(doc):
    """Lists of same-level sibling headings, in order, for every section."""
    for sec in doc.sections.walk():
        by_level: dict[int, list] = {}
        for child in sec.children:
            by_level.setdefault(child.level, []).append(child.heading)
        yield from by_level.values()


def check(doc, rule):
    problem = rule["problem"]
    for run in sibling_runs(doc):
        first = run[0]
        if problem == "start" and first.ordinal != 1:
            yield rule.finding(first.start, first.start + len(first.marker),
                               found=first.marker.strip(), expected=marker_for(first, 1))
        for prev, cur in zip(run, run[1:]):
            if problem == "repeat" and cur.ordinal == prev.ordinal:
                yield rule.finding(cur.start, cur.start + len(cur.marker), found=cur.marker.strip(),
                                   related=[_rel(prev)])
            elif problem == "gap" and cur.ordinal != prev.ordinal and cur.ordinal != prev.ordinal + 1:
                missing = "、".join(marker_for(cur, n) for n in range(prev.ordinal + 1, cur.ordinal)) \
                    if cur.ordinal > prev.ordinal else ""
                yield rule.finding(cur.start, cur.start + len(cur.marker), prev=prev.marker.strip(),
                                   found=cur.marker.strip(), missing=missing or "（序号倒退）",
                                   expected=marker_for(cur, prev.ordinal + 1),
                                   related=[_rel(prev)])


def _rel(h):
    from checker.model.findings import Related
    return Related(f"上一个同级标题 {h.marker.strip()}", h.start, h.start + len(h.marker))
