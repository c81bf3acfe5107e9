"""confusable: a long list of confusion pairs (错别字), each entry carrying its own examples.

The entries are those of `substitution` (``pattern``, ``use``, ``fix``, ``unless``, ``when``,
``message``, ``severity``; see checker.kinds._entries) plus two keys the checker does not read
but the tests do (tests/test_typos.py runs every entry's own examples):

    - pattern: 布署
      use: 部署
      bad: 认真落实上级布署，制定工作方案。     # this entry must report here (str or list)
      good: 认真落实上级部署。                 # near miss: this rule must stay silent (str or list)

A list of several hundred entries is mostly words that a draft does not contain, so each
entry's pattern is read once for the characters every match must contain (outside negative
lookarounds and optional parts); an entry none of whose matches could occur in a document —
one of those characters is absent from it, or the longest run of literals the pattern has
is — is not searched, nor its pattern compiled (checker.kinds._entries, for every word-list
kind).  A pattern the reader does not understand is always searched.

As in `substitution`, one suggestion (and no ``fix: false``) carries a safe fix; several
suggestions, or ``fix: false`` where the right form depends on the meaning (截止/截至), are
offered to a person and never applied by --fix.
Message placeholders: {found} (the text matched), {use} (suggestions joined by “或”).
"""

from __future__ import annotations

from checker.model.findings import Fix
from checker.ruleset.rule import Opt
from checker.kinds import _entries

KIND = "confusable"
MATCH_ON = ("normalized",)
PLACEHOLDERS = frozenset({"found", "use"})
OPTIONS = {
    "entries": Opt("list", help="[{pattern, use, fix, unless, when, message, severity, bad, good}]"),
    "title": Opt("regex", None, help="只检查标题匹配此正则的草稿（如只对“报告”检查）"),
}
EXTRA = {"use": _entries.strs, "fix": _entries.boolean,
         "bad": _entries.strs, "good": _entries.strs}


def prepare(options):
    entries = _entries.parse(options, extra_keys=EXTRA)
    for entry in entries:
        if not entry.extra.get("use"):
            raise ValueError(f"entries: {entry.pattern.pattern} 缺少 use（建议写法）")
    options["entries"] = entries


# the characters every match must contain: checker.kinds._entries (every word-list kind uses it)
required_chars = _entries.required_chars


def _doc_chars(doc) -> frozenset[str]:
    key = "confusable.chars"
    if key not in doc.cache:
        doc.cache[key] = frozenset(doc.normalized.text)
    return doc.cache[key]


# --- checking ------------------------------------------------------------------------------------

def _expand(match, use: tuple[str, ...]) -> list[str]:
    return [match.expand(u) if "\\" in u else u for u in use]


def check(doc, rule):
    if not _entries.title_allows(doc, rule):
        return
    chars = _doc_chars(doc)
    seen: set[tuple[int, int]] = set()      # two entries on the same words: report it once
    for entry in rule["entries"]:
        needs = _entries.needed(entry)       # read once, on first use (not at every start-up)
        if needs and not needs <= chars:
            continue
        for start, end, m in _entries.matches(doc, entry):
            use = _expand(m, entry.extra["use"])
            found = doc.text[start:end]
            if found in use or m.group() in use or (start, end) in seen:
                continue
            seen.add((start, end))
            fix, suggestions = None, ()
            if len(use) == 1 and entry.extra.get("fix", True):
                fix = Fix(start, end, use[0])
            else:
                suggestions = tuple(Fix(start, end, u) for u in use)
            yield rule.finding(start, end, entry.message, severity=entry.severity, fix=fix,
                               suggestions=suggestions, found=found, use="”或“".join(use))
