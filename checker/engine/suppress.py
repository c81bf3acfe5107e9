"""Applying the ignore directives of a draft (checker.model.suppressions) to its findings.

After every rule has run, a finding whose rule a directive names, on a line the directive
covers, is set aside: it goes to `doc.suppressed` (shown with --show-suppressed) instead of
the findings.  Findings on a directive's own characters are dropped.  A directive that set
nothing aside — among the rules that ran — is reported by FZ912 (kind unused-suppression)
when that rule is chosen, as ruff's RUF100 reports an unused `noqa`."""

from __future__ import annotations

from checker.model.findings import Finding
from checker.model.suppressions import directives

UNUSED_KIND = "unused-suppression"


def apply(doc, found: list[Finding], ran: set[str], unused_rule=None) -> list[Finding]:
    """The findings left after the directives; those set aside are added to doc.suppressed.
    `ran`: ids of the rules of this run; `unused_rule`: the chosen FZ912 rule, or None."""
    marks = directives(doc)
    if not hasattr(doc, "suppressed"):
        doc.suppressed = []
    if not marks:
        return found
    own = [d.own_span for d in marks if d.own_span]
    used: dict[int, set[str]] = {}
    kept = []
    for f in found:
        if any(a <= f.start < b or (f.start < a < f.end) for a, b in own):
            continue                                   # about the directive's own characters
        line = doc.position(f.start)[0]
        hit = next((i for i, d in enumerate(marks) if d.covers(f.rule, line)), None)
        if hit is None:
            kept.append(f)
        else:
            used.setdefault(hit, set()).add(f.rule)
            doc.suppressed.append(f)
    if unused_rule is not None:
        for i, d in enumerate(marks):
            names = sorted(d.rules & ran) if d.rules else []
            if d.rules:
                idle = [r for r in names if r not in used.get(i, ())]
            else:
                idle = [] if used.get(i) else ["全部规则"]
            if idle:
                kept.append(unused_rule.finding(
                    d.start, d.end, rules="、".join(idle),
                    where="这条批注" if d.word else "这条忽略标记"))
    return kept
