"""substitution: a word list of wrong or nonstandard forms and what to write instead
(confusion pairs such as 进一度→进一步, nonstandard fixed expressions, informal wording).

Each entry (see _entries) has a ``pattern`` and ``use`` (one suggestion or several; a
suggestion may refer to the pattern's groups as \\1 or \\g<name>).  A match that has exactly
one suggestion, and whose entry does not say ``fix: false``, carries a Fix replacing the
matched text; several suggestions mean a person must choose, so no fix.  A match that already
reads as a suggestion is not reported.
Message placeholders: {found} (the text matched), {use} (suggestions joined by “或”).
"""

from __future__ import annotations

from checker.model.findings import Fix
from checker.ruleset.rule import Opt
from checker.kinds import _entries

KIND = "substitution"
MATCH_ON = ("normalized",)   # entries match the normalized copy (checker.kinds._entries)
PLACEHOLDERS = frozenset({"found", "use"})   # {names} check() fills
OPTIONS = {
    "entries": Opt("list", help="[{pattern, use, unless, when, fix, message, severity, match_on}]"),
    "title": Opt("regex", None, help="只检查标题匹配此正则的草稿（如只对“报告”检查）"),
}
EXTRA = {"use": _entries.strs, "fix": _entries.boolean}


def prepare(options):
    options["entries"] = _entries.parse(options, extra_keys=EXTRA)


def _expand(match, use: tuple[str, ...]) -> list[str]:
    return [match.expand(u) if "\\" in u else u for u in use]


def check(doc, rule):
    if not _entries.title_allows(doc, rule):
        return
    for entry in rule["entries"]:
        for start, end, m in _entries.matches(doc, entry):
            use = _expand(m, entry.extra.get("use", ()))
            found = doc.text[start:end]
            if found in use or m.group() in use:
                continue
            fix, suggestions = None, ()
            if len(use) == 1 and entry.extra.get("fix", True):
                fix = Fix(start, end, use[0])          # one standard form: safe
            else:                                      # several, or needs the context read
                suggestions = tuple(Fix(start, end, u) for u in use)
            yield rule.finding(start, end, entry.message, severity=entry.severity, fix=fix,
                               suggestions=suggestions, found=found, use="”或“".join(use))
