"""closing-part: the report ends with its 落款 (signature) or its 成文日期 (`part`)."""

from __future__ import annotations

from checker.ruleset.rule import Opt

KIND = "closing-part"
PLACEHOLDERS: frozenset = frozenset()   # check() fills no {names}
OPTIONS = {"part": Opt("str", help="signature（落款）或 date（成文日期）", choices=("signature", "date"))}


def check(doc, rule):
    present = doc.signature if rule["part"] == "signature" else doc.date
    if present is None and doc.paragraphs:
        last = doc.paragraphs[-1]
        s = last.start + (len(last.text) - len(last.text.lstrip()))
        yield rule.finding(s, last.end)
