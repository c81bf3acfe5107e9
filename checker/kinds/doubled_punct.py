"""doubled-punct: the same mark twice (，， 。。) or two clashing marks side by side (，。 、，).

A run of one of the `marks` is fixed to a single mark.  Two different `clash` marks next to each
other are reported without a fix (which one was meant is a choice).  …… and —— are not doubling."""

from __future__ import annotations

from checker.model.findings import Fix
from checker.ruleset.rule import Opt
from checker.kinds._punct import by_paragraph, in_protected, positions

KIND = "doubled-punct"
PLACEHOLDERS = frozenset({"found", "good"})   # {names} check() fills
OPTIONS = {
    "marks": Opt("str", "，。、；：？！", help="连续重复即为错误的标点"),
    "clash": Opt("str", "，。、；：", help="两两相邻即为错误的标点"),
    "clash_message": Opt("str", "标点“{found}”连用，请保留一个"),
}


def check(doc, rule):
    marks, clash = rule["marks"], rule["clash"]
    text = doc.text
    for para, found in by_paragraph(doc, positions(doc, marks + clash)):
        end = para.end
        skip_to = -1
        for i in found:
            if i < skip_to:
                continue
            ch = text[i]
            if ch in marks:
                j = i + 1
                while j < end and text[j] == ch:
                    j += 1
                if j - i > 1 and not in_protected(doc, i):
                    yield rule.finding(i, j, found=text[i:j], good=ch, fix=Fix(i, j, ch))
                    skip_to = j
                    continue
            if ch in clash and i + 1 < end and text[i + 1] in clash and text[i + 1] != ch:
                yield rule.finding(i, i + 2, rule["clash_message"], found=text[i:i + 2])
                skip_to = i + 2
