"""inner-space: spaces inside a line between two kinds of characters.

`between` lists [left, right] character-class regexes; a run of `spaces` with a left character
before it and a right character after it on the same line is reported (e.g. two Han characters:
"合 法性", a PDF line wrap).  `fix: true` deletes the run.  Spaces at the start or end of a line
are never reported (indentation is not this kind's business).  Which lines are looked at is the
rule's common `scope` key: `scope: {not: [bare, title]}` leaves alone short lines that space
words on purpose (a list of names, a title "中共××镇委员会 ××镇人民政府")."""

from __future__ import annotations

import regex as re

from checker.model.findings import Fix
from checker.text.matching import finditer
from checker.ruleset.rule import Opt

KIND = "inner-space"
PLACEHOLDERS = frozenset({"after", "before"})   # {names} check() fills
OPTIONS = {
    "between": Opt("list", help="[[左边字符的正则, 右边字符的正则], …]"),
    "spaces": Opt("str", " \t", help="算作空格的字符"),
    "fix": Opt("bool", False, help="自动删除这些空格"),
}


def prepare(options):
    between = options["between"]
    if not between or not all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
                              for p in between):
        raise ValueError("between: 应为 [[左边字符的正则, 右边字符的正则], …]")
    if not options["spaces"] or "\n" in options["spaces"]:
        raise ValueError("spaces: 应为若干空格字符（不含换行）")
    space = "[" + re.escape(options["spaces"]) + "]+"
    alts = "|".join(f"(?<={left}){space}(?={right})" for left, right in between)
    try:
        options["_pattern"] = re.compile(alts)
    except re.error as err:
        raise ValueError(f"between: 正则无效（{err}）") from None


def check(doc, rule):
    for para in doc.paragraphs:
        for m in finditer(rule["_pattern"], doc.text, para.start, para.end):
            s, e = m.span()
            if s == para.start or e == para.end:
                continue
            yield rule.finding(s, e, before=doc.text[max(para.start, s - 4):s],
                               after=doc.text[e:min(para.end, e + 4)],
                               fix=Fix(s, e, "") if rule["fix"] else None,
                               suggestions=() if rule["fix"] else (Fix(s, e, ""),))
