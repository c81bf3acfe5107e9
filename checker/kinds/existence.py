"""existence: text that should not be in a finished draft at all, e.g. template placeholders
left in (XX镇, 20XX年, ×××, *次).  Entries as in _entries; no suggestion, no fix.
Message placeholder: {found}."""

from __future__ import annotations

from checker.ruleset.rule import Opt
from checker.kinds import _entries

KIND = "existence"
MATCH_ON = ("normalized",)   # entries match the normalized copy (checker.kinds._entries)
PLACEHOLDERS = frozenset({"found"})   # {names} check() fills
OPTIONS = {
    "entries": Opt("list", help="[{pattern, unless, when, message, severity, match_on}]"),
    "title": Opt("regex", None, help="只检查标题匹配此正则的草稿"),
}


def prepare(options):
    options["entries"] = _entries.parse(options)


def check(doc, rule):
    if not _entries.title_allows(doc, rule):
        return
    for entry in rule["entries"]:
        for start, end, _ in _entries.matches(doc, entry):
            yield rule.finding(start, end, entry.message, severity=entry.severity,
                               found=doc.text[start:end])
