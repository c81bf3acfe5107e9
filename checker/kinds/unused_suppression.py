"""unused-suppression: an ignore directive ("<!-- fzlint: 忽略 FZ106 -->" in a text draft, a
Word comment "fzlint: 忽略 FZ106") that silenced nothing: the finding it was written for is
gone (the text was corrected) or it names the wrong rule.  The directives are read by
checker.model.suppressions and applied by the engine after every other rule has run
(checker.engine.suppress), which is also where this rule's findings are made: a kind sees one
rule's hits, not what the others found.  Only rules that ran are judged (a directive for
FZ303 is not unused in a run without --cross).
Message placeholders: {rules} (the ids that silenced nothing), {where}."""

from __future__ import annotations

KIND = "unused-suppression"
PLACEHOLDERS = frozenset({"rules", "where"})
OPTIONS = {}


def check(doc, rule):
    return ()
