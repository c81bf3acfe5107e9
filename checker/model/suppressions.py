"""Ignore directives: where a person has looked at a finding and accepted the text as it is.

Two forms, both naming the rules they silence (ruff's `# noqa: E501`, Vale's comments):

- in a text or Markdown draft, an HTML comment — a form no report contains by accident, and
  invisible when Markdown is rendered::

      全年办理行政复议案件1件，均已办结。<!-- fzlint: 忽略 FZ405 -->
      <!-- fzlint: 忽略 FZ106, FZ302 -->
      （a directive alone on its line covers the next line that is not blank）

  ``ignore`` may stand for ``忽略``; the ids are separated by blanks, commas or 、; a directive
  without ids covers every rule on its line.
- in a Word file, a comment (批注) whose whole text is the directive — ``fzlint: 忽略 FZ106`` or
  just ``FZ106`` (several ids allowed) — anchored on the text it is about: it covers the
  paragraphs its range spans (the reader says which: Source.comments).

Each directive covers whole lines (a Word paragraph is a line); the engine drops the covered
rules' findings there (checker.engine.apply) and FZ912 reports a directive that silenced
nothing among the rules that ran.  Findings about the directive's own characters (its
half-width marks) are dropped too: the directive is not report text.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

_ID = r"[A-Za-z]{2}\d{3}"
_IDS = rf"{_ID}(?:\s*[,，、\s]\s*{_ID})*"
TEXT_DIRECTIVE = regex.compile(
    rf"<!--[ \t\u3000]*fzlint[ \t\u3000]*[:：][ \t\u3000]*(?:忽略|ignore)"
    rf"(?:[ \t\u3000]*[:：]?[ \t\u3000]*(?P<ids>{_IDS}))?[ \t\u3000]*-->", regex.IGNORECASE)
WORD_DIRECTIVE = regex.compile(
    rf"^\s*(?:fzlint\s*[:：]\s*)?(?:(?:忽略|ignore)\s*[:：]?\s*)?(?P<ids>{_IDS})\s*[。.]?\s*$",
    regex.IGNORECASE)


@dataclass(frozen=True)
class Directive:
    rules: frozenset          # rule ids it silences; empty: every rule
    first: int                # first and last line it covers (1-based, inclusive)
    last: int
    line: int                 # where the directive itself is (the line of a Word comment's start)
    start: int                # its own span in the text (a Word comment: its first paragraph)
    end: int
    word: bool = False        # a Word comment, not text of the draft

    def covers(self, rule: str, line: int) -> bool:
        return self.first <= line <= self.last and (not self.rules or rule in self.rules)

    @property
    def own_span(self) -> tuple[int, int] | None:
        """The directive's characters in the draft's text (None for a Word comment)."""
        return None if self.word else (self.start, self.end)


def _ids(text: str | None) -> frozenset:
    return frozenset(i.upper() for i in regex.findall(_ID, text or ""))


def directives(doc) -> list[Directive]:
    """Every ignore directive of the document, in text order (memoized on the document)."""
    memo = doc.cache.get("suppressions")
    if memo is not None:
        return memo
    found: list[Directive] = []
    text = doc.text
    if "fzlint" in text or "FZLINT" in text.upper():
        lines = doc.lines
        for m in TEXT_DIRECTIVE.finditer(text):
            line = doc.position(m.start())[0]
            own = lines[line - 1]
            alone = not (text[own.start:m.start()] + text[m.end():own.end]).strip(" \t\u3000")
            target = line
            if alone:                      # covers the next line that is not blank
                target = next((x.number for x in lines[line:] if x.text.strip()), line)
            found.append(Directive(_ids(m.group("ids")), target, target, line,
                                   m.start(), m.end()))
    for first, last, note in getattr(getattr(doc, "source", None), "comments", ()) or ():
        m = WORD_DIRECTIVE.match(note or "")
        if not m:
            continue
        n = len(doc.lines)
        first, last = max(1, min(first, n)), max(1, min(max(last, first), n))
        para = doc.lines[first - 1]
        found.append(Directive(_ids(m.group("ids")), first, last, first, para.start, para.end,
                               word=True))
    doc.cache["suppressions"] = found
    return found
