"""What a rule reports: Finding, with its related places, an optional safe Fix and any number of
suggested edits.

Fix applicability, as in ruff: `fix` is a *safe* edit — it does not change the meaning, and
`--fix` applies it; `suggestions` are edits a person must choose between or confirm (a word
with several standard forms, a confusable that needs the context read) — offered in JSON, the
language server's code actions and the HTML page, never applied automatically.

Offsets are code-point offsets into the original text of the document (Document.text); the
document turns them into 1-based line/column when a finding is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("info", "warning", "error")
CATEGORIES = ("structure", "numbering", "duplicate", "numbers", "consistency",
              "wording", "typo", "punctuation", "format")


# Two tiers wherever a person reads the findings (text summary, HTML page, Word comments):
# what is wrong in substance first, then how it is typeset.  Defined once, here.
SUBSTANTIVE, FORMAL = "实质问题", "格式问题"
TIERS = (SUBSTANTIVE, FORMAL)
TIER_OF = {c: (FORMAL if c in ("punctuation", "format") else SUBSTANTIVE) for c in CATEGORIES}


def tier(category: str) -> str:
    """实质问题 or 格式问题 of a category (an unknown category counts as substantive)."""
    return TIER_OF.get(category, SUBSTANTIVE)


def tier_rank(category: str) -> int:
    return TIERS.index(tier(category))


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace text[start:end] with replacement (original offsets)."""
    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Related:
    """Another place that matters to a finding: in the same file (path None) or in another file.

    Same-file places give start/end offsets; places in other files give line/column directly.
    """
    message: str
    start: int | None = None
    end: int | None = None
    path: str | None = None
    line: int | None = None
    column: int | None = None
    rule: str | None = None     # set only on another hit merged into a grouped finding: its rule


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    category: str
    severity: str
    message: str
    start: int
    end: int
    related: tuple[Related, ...] = ()
    fix: Fix | None = None                 # safe: applied by --fix
    suggestions: tuple[Fix, ...] = ()      # offered, never applied automatically
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    # a grouped finding (checker.engine.grouping): how many hits it stands for, and the safe
    # fixes of all of them (`fix` is the first, for readers that know only one)
    count: int = 1
    fixes: tuple[Fix, ...] = ()

    @property
    def safe_fixes(self) -> tuple[Fix, ...]:
        """Every safe edit of this finding: all of a group's, else its one `fix`."""
        if self.fixes:
            return self.fixes
        return (self.fix,) if self.fix is not None else ()


@dataclass
class FileResult:
    """Everything fzlint has to say about one input: its findings, or the error that kept it
    from being checked.  `doc` turns offsets into lines and columns."""
    path: str
    findings: list[Finding] = field(default_factory=list)
    doc: object | None = None
    error: str | None = None
    # findings set aside by the draft's ignore directives (checker.engine.suppress)
    suppressed: list[Finding] = field(default_factory=list)

    @property
    def not_report(self) -> bool:
        """The file does not look like a report at all (a cover note, a README): the not-report
        rule (FZ100) said so, and it was not checked as a report."""
        return any(f.extra.get("not_report") for f in self.findings)
    # with --baseline: {"new", "known", "fixed", "accepted"} counts (checker.app.baseline)
    baseline: dict | None = None
