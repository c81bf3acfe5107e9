"""quote-pairing: Chinese quotation marks “…” and ‘…’ in each paragraph.

Straight quotes (" ＂ ' ＇) have no direction; inside Chinese text each one is read as an opening
or a closing mark from its place among the curly ones (an opening when no quote is open, else a
closing).  `report: straight` flags every straight quote in Chinese text, with the curly mark as
fix when the paragraph then pairs up without a fault; `report: unpaired` flags curly quotes that
open without closing, close without opening, or open again while open (“…“: the second is
reported, it was most likely meant to close).  ASCII quotes between
Latin words (He said "hi") and inside URLs are left alone."""

from __future__ import annotations

from checker.model.findings import Fix
from checker.ruleset.rule import Opt
from checker.kinds._punct import by_paragraph, in_protected, is_cn, neighbours, positions

KIND = "quote-pairing"
REPORTS = ("straight", "unpaired")
PLACEHOLDERS = frozenset({"found", "good", "hint", "problem"})   # {names} check() fills
OPTIONS = {
    "report": Opt("str", help="straight（直引号） 或 unpaired（引号不成对）", choices=REPORTS),
    "families": Opt("list", [["“", "”", "\"＂"], ["‘", "’", "'＇"]],
                    help="[[开引号, 闭引号, 无方向的直引号…], …]"),
}
OPEN_SIDE = "“‘"


def prepare(options):
    fams = options["families"]
    if not all(isinstance(f, list) and len(f) == 3 and all(isinstance(x, str) for x in f)
               and len(f[0]) == 1 and len(f[1]) == 1 for f in fams):
        raise ValueError("families: 每一项应为 [开引号, 闭引号, 直引号们]")


def analyse(doc, families) -> list[tuple]:
    """[(offset, char, resolved or None, problem or None), …] for every quote in doc, memoised."""
    key = ("quote-pairing", tuple(map(tuple, families)))
    if key in doc.cache:
        return doc.cache[key]
    text = doc.text
    out = []
    for open_q, close_q, straight in families:
        for para, found in by_paragraph(doc, positions(doc, open_q + close_q + straight)):
            out.extend(_paragraph(doc, text, para.start, para.end, found, open_q, close_q,
                                  straight))
    out.sort()
    doc.cache[key] = out
    return out


def _paragraph(doc, text, lo, hi, found, open_q, close_q, straight):
    marks = []   # [offset, char, direction "open"/"close", straight?]
    for i in found:
        ch = text[i]
        if ch == open_q:
            marks.append([i, ch, "open", False])
        elif ch == close_q:
            marks.append([i, ch, "close", False])
        elif ch in straight:
            if ch.isascii():
                if in_protected(doc, i):
                    continue
                a, b = neighbours(text, i, lo, hi)
                left = text[a] if a >= lo else ""
                right = text[b] if b < hi else ""
                if not (is_cn(left) or is_cn(right)):
                    continue
            marks.append([i, ch, None, True])
    if not marks:
        return []
    problems: dict[int, str] = {}
    open_at = None
    for m in marks:
        if m[2] is None:
            m[2] = "close" if open_at is not None else "open"
        if m[2] == "open":
            if open_at is not None:      # “…“ : the second one was most likely meant to close
                problems[m[0]] = "reopened"
                open_at = None
                continue
            open_at = m[0]
        else:
            if open_at is None:
                problems[m[0]] = "unopened"
            open_at = None
    if open_at is not None:
        problems[open_at] = "unclosed"
    clean = not problems
    out = []
    for i, ch, direction, is_straight in marks:
        good = (open_q if direction == "open" else close_q) if (is_straight and clean) else None
        if is_straight or i in problems:
            out.append((i, ch, good, problems.get(i), is_straight))
    return out


def check(doc, rule):
    report = rule["report"]
    for i, ch, good, problem, is_straight in analyse(doc, rule["families"]):
        if report == "straight" and is_straight:
            if good:
                side = "前" if good in OPEN_SIDE else "后"
                yield rule.finding(i, i + 1, found=ch, good=good,
                                   hint=f"，应改为中文{side}引号 {good}", fix=Fix(i, i + 1, good))
            else:
                yield rule.finding(i, i + 1, found=ch, good="", hint="；本段引号不成对，请人工改正")
        elif report == "unpaired" and problem and not is_straight:
            what = {"unclosed": "只有前引号，没有后引号",
                    "unopened": "只有后引号，没有前引号",
                    "reopened": "前一个引号还没有结束，这里可能应为后引号"}[problem]
            yield rule.finding(i, i + 1, found=ch, problem=what)
