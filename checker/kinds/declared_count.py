"""declared-count: a sentence announces how many items follow ("主要表现在三个方面：") and the list
after it has a different number of items (一是、二是 only).

The list is either a run of 一是、二是… markers that starts within `max_gap` characters after the
declaration (in the same paragraph or the next ones, up to the next heading), or, when the
declaration ends its paragraph, the run of same-level headings right after it.  "以下几个方面"
declares no number and is never checked."""

from __future__ import annotations

import bisect

from checker.model.chinese import cn_count, cn_ordinal
from checker.model.findings import Related
from checker.text.matching import finditer, search
from checker.ruleset.rule import Opt


KIND = "declared-count"
PLACEHOLDERS = frozenset({"count", "declared", "n"})   # {names} check() fills
OPTIONS = {
    "declaration": Opt("regex", help="宣布项数的写法（正则，命名组 num 为数目）"),
    "marker": Opt("regex",
                  r"(?<![统唯之其第万逐划单同专整归合择每十])(?P<num>[一二三四五六七八九十]{1,3})是",
                  help="列举标记（正则，命名组 num）"),
    "max_gap": Opt("int", 30, help="宣布之后多少个字内须出现第一项"),
}


def prepare(options):
    for key in ("declaration", "marker"):
        if "num" not in options[key].groupindex:
            raise ValueError(f"{key}: 正则须有命名组 num")


def _number(s: str) -> int | None:
    s = s.strip().replace("两", "二")
    return cn_ordinal(s)


def _marker_items(doc, rule, start: int, limit: int):
    """(count, last marker span) of the 一是… run beginning within `limit` of start, or None."""
    text = doc.text
    heading_starts = [h.start for h in doc.headings]
    expected = 1
    last = None
    for m in finditer(rule["marker"], text, start):
        n = cn_ordinal(m.group("num"))
        if expected == 1:
            gap = len("".join(text[start:m.start()].split()))
            if n != 1 or gap > limit:
                return None
        elif n != expected:
            break
        # a heading between the previous item and this one ends the list
        if last is not None:
            i = bisect.bisect_right(heading_starts, last[1])
            if i < len(heading_starts) and heading_starts[i] < m.start():
                break
        last = (m.start(), m.end())
        expected += 1
    return (expected - 1, last) if last else None


def _heading_items(doc, para_end: int):
    """(count, last heading span) of the same-level headings right after a paragraph."""
    heads = doc.headings
    i = bisect.bisect_left([h.start for h in heads], para_end)
    if i >= len(heads):
        return None
    first = heads[i]
    between = doc.text[para_end:doc.lines[first.line - 1].start]
    if between.strip():
        return None
    count, last = 0, None
    for h in heads[i:]:
        if h.level < first.level:
            break
        if h.level == first.level:
            count += 1
            last = (h.start, h.end)
    return count, last


def check(doc, rule):
    for para in doc.paragraphs:
        for m in finditer(rule["declaration"], para.text):
            declared = _number(m.group("num"))
            if not declared:
                continue
            start, end = para.start + m.start(), para.start + m.end()
            rest = para.text[m.end():]
            found = None
            if search(rule["marker"], rest):
                found = _marker_items(doc, rule, end, rule["max_gap"])
            if found is None and not rest.strip(" \t\u3000：:。，,；;"):
                found = _marker_items(doc, rule, end, rule["max_gap"]) or _heading_items(doc, para.end)
            if found is None:
                continue
            count, last = found
            if count == declared:
                continue
            yield rule.finding(start, end, declared=m.group(0), n=cn_count(declared),
                               count=cn_count(count),
                               related=[Related(f"列出的最后一项（共{count}项）", last[0], last[1])])
