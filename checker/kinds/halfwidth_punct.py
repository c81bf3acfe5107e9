"""halfwidth-punct: half-width punctuation (, : ; ? ! ( ) …) used in Chinese prose.

A mark counts as Chinese when a Han character or Chinese punctuation stands next to it (spaces
skipped); a pair of half-width brackets counts when its content holds Han, or else when what stands before
the "(" is Chinese (村(社区) yes, f(x) and Report (Draft) no; at a line start, what follows ")").  Never
inside numbers (1,000  8:30  3.5), URLs, e-mail addresses, between Latin words, or on the
separator of a heading marker (1.  一、 belong to the numbering rules).  `strict` marks (the dot)
need Han on the left and Chinese or the line end on the right.  The fix is the full-width mark
from `marks`, taking the spaces a half-width mark brought along with it."""

from __future__ import annotations

from checker.model.findings import Fix
from checker.ruleset.rule import Opt
from checker.kinds._punct import (by_paragraph, heading_marks, in_protected, is_cn, is_han, neighbours,
                     positions)

KIND = "halfwidth-punct"
PLACEHOLDERS = frozenset({"found", "good"})   # {names} check() fills
OPTIONS = {
    "marks": Opt("map", help="{半角标点: 对应的全角标点}，如 {\",\": \"，\"}"),
    "strict": Opt("str", "", help="要求左边是汉字、右边是中文或行尾才算的标点（如 .）"),
    "eat_spaces": Opt("bool", True, help="修正时一并去掉半角标点与中文之间的空格"),
}
OPENERS = {"(": ")", "[": "]"}
CLOSERS = {v: k for k, v in OPENERS.items()}


def prepare(options):
    for k, v in options["marks"].items():
        if not (isinstance(k, str) and isinstance(v, str) and len(k) == 1 and v):
            raise ValueError("marks: 每一项应为 单个半角标点: 全角标点")


def check(doc, rule):
    marks = rule["marks"]
    strict = rule["strict"]
    seps = heading_marks(doc)[0]
    text = doc.text
    for para, found in by_paragraph(doc, positions(doc, "".join(marks))):
        lo, hi = para.start, para.end
        cands = [i for i in found if i not in seps and not in_protected(doc, i)]
        if not cands:
            continue
        pair_cn = _bracket_pairs(text, cands, lo, hi)
        for i in cands:
            ch = text[i]
            a, b = neighbours(text, i, lo, hi)
            left = text[a] if a >= lo else ""
            right = text[b] if b < hi else ""
            if i in pair_cn:
                chinese = pair_cn[i]
            elif ch in strict:
                chinese = is_han(left) and (right == "" or is_cn(right))
            elif left.isdigit() and right.isdigit():
                chinese = False
            else:
                chinese = is_cn(left) or is_cn(right)
            if not chinese:
                continue
            s, e = i, i + 1
            if rule["eat_spaces"]:
                if a >= lo and a + 1 < i and is_cn(left):
                    s = a + 1
                if b < hi and b > i + 1 and is_cn(right):
                    e = b
            yield rule.finding(i, i + 1, found=ch, good=marks[ch],
                               fix=Fix(s, e, marks[ch]))


def _bracket_pairs(text: str, cands: list[int], lo: int, hi: int) -> dict[int, bool]:
    """{offset: is Chinese} for half-width brackets that pair up within the paragraph."""
    out: dict[int, bool] = {}
    stack: list[int] = []
    for i in cands:
        ch = text[i]
        if ch in OPENERS:
            stack.append(i)
        elif ch in CLOSERS and stack and text[stack[-1]] == CLOSERS[ch]:
            j = stack.pop()
            a, _ = neighbours(text, j, lo, hi)
            _, b = neighbours(text, i, lo, hi)
            if any(is_han(c) for c in text[j + 1:i]):
                chinese = True
            elif a >= lo:    # what stands before "(" decides: 村(社区) vs f(x), Report (Draft)
                chinese = is_cn(text[a])
            else:            # at the start of a line: (1)加强…
                chinese = b < hi and is_cn(text[b])
            out[j] = out[i] = chinese
    return out
