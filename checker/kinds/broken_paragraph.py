"""broken-paragraph: a paragraph cut in two in the middle of a sentence (a page or line break
carried over from a PDF or Word conversion).

A paragraph is cut when it is prose (at least `min_chars` characters holding clause punctuation),
is not a title, addressee or signature line nor a heading standing alone on its line
(a "1. 加强调解工作。完善……" line is prose), and does not end with one of `endings`,
while the next paragraph starts with a Han character and is not a heading.  The fix joins the two
(deletes the line break, the blank lines and the indentation between them)."""

from __future__ import annotations

import regex as re

from checker.model.findings import Fix
from checker.ruleset.rule import Opt
from checker.kinds._punct import is_han

KIND = "broken-paragraph"
PLACEHOLDERS = frozenset({"head", "tail"})   # {names} check() fills
OPTIONS = {
    "endings": Opt("str", "。！？；：…”’）》」』.!?;:)\"", help="段落可以用来结尾的标点"),
    "min_chars": Opt("int", 15, help="被截断的段落至少有这么多字"),
    "fix": Opt("bool", True, help="自动把两段接起来"),
}
PROSE = re.compile(r"[，。；、：,;]")
BLANK = " \t\u3000"


def check(doc, rule):
    endings = rule["endings"]
    regions = doc.line_regions
    headings = {h.line: h for h in doc.headings}
    paras = doc.paragraphs
    for prev, nxt in zip(paras, paras[1:]):
        if ("body" not in regions[prev.number - 1] or "body" not in regions[nxt.number - 1]
                or nxt.number in headings):
            continue
        h = headings.get(prev.number)
        if h is not None and not doc.text[h.end:h.line_end].strip(BLANK):
            continue   # a heading on its own line needs no closing mark
        body = prev.text.rstrip(BLANK)
        if len(body.strip(BLANK)) < rule["min_chars"] or not PROSE.search(body):
            continue
        if body[-1] in endings:
            continue
        head = nxt.text.lstrip(BLANK)
        if not head or not is_han(head[0]):
            continue
        cut = prev.start + len(body)
        resume = nxt.start + (len(nxt.text) - len(head))
        yield rule.finding(max(prev.start, cut - 1), cut, tail=body[-8:], head=head[:8],
                           fix=Fix(cut, resume, "") if rule["fix"] else None)
