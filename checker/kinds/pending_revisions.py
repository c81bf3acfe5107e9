"""pending-revisions: a Word document that still holds tracked changes (修订) nobody accepted or
rejected.  fzlint checks the text as it reads after accepting them all (insertions in,
deletions out: checker.readers.wordml), which may not be the text the clerk sends; one info
finding on the title says how many there are.  The count comes from the reader
(Source.revisions, set on the document by the runner); plain-text drafts have none.
Message placeholder: {count}."""

from __future__ import annotations

KIND = "pending-revisions"
PLACEHOLDERS = frozenset({"count"})   # {names} check() fills
OPTIONS = {}


def revisions(doc) -> int:
    """Tracked changes the reader found in the document (0 for plain text)."""
    return int(getattr(getattr(doc, "source", None), "revisions", 0) or 0)


def check(doc, rule):
    count = revisions(doc)
    if count <= 0:
        return
    s, e = doc.title_span if doc.title_lines else (0, 0)
    if e <= s and doc.paragraphs:
        s, e = doc.paragraphs[0].start, doc.paragraphs[0].end
    yield rule.finding(s, e, count=count)
