"""The common key `grouping` (checker.ruleset.rule.Group), applied by the engine after scope/unless.

Rules that fire once per character (half-width punctuation, straight quotes, stray spaces) would
report a draft typed with a half-width input method a hundred times.  With `grouping: paragraph`
the hits of one rule in one paragraph become one Finding:

- its span is the first hit's; every other hit is a `related` place with its own message and
  its rule's id (`Related.rule`: set only on such merged hits);
- its message is the group's template filled with {count}, {marks} (“,”×7、“(”“)”各 1) and
  {message} (the first hit's message);
- `fixes` holds the safe fixes of all the hits (`fix` stays the first one), so --fix, the
  Word fixes, the annotated copy and the language server still make every edit;
- `count` says how many hits it stands for.

Rules whose groups share a `name` (FZ801 and FZ802: half-width marks and brackets) share their
groups; the finding then takes the rule id of its first hit (whose span it has) and the highest
severity of its hits.  A group
of one hit is that hit, unchanged.  `grouping: document` groups over the whole draft.
"""

from __future__ import annotations

from collections import Counter

from checker.model.findings import Finding, Related, severity_rank
from checker.ruleset.rule import fill

MARK_NAMES = {" ": "空格", "\u3000": "全角空格", "\t": "制表符", "\n": "换行"}
MARK_CHARS = 12   # a longer marked text is cut in {marks}


def mark_text(text: str) -> str:
    """How one marked text is quoted in a group's message."""
    if text in MARK_NAMES:
        return MARK_NAMES[text]
    if text and not text.strip():
        return f"{len(text)} 个空格"
    text = text.replace("\n", "⏎")
    if len(text) > MARK_CHARS:
        text = text[:MARK_CHARS - 1] + "…"
    return f"“{text}”"


def marks(texts: list[str]) -> str:
    """“,”×7、“(”“)”各 1: each distinct text with its count, the most frequent first, texts
    with the same count together (in the order they first occur)."""
    counts = Counter(mark_text(t) for t in texts)        # keeps first-occurrence order
    by_count: dict[int, list[str]] = {}
    for text, n in counts.items():
        by_count.setdefault(n, []).append(text)
    parts = []
    for n in sorted(by_count, reverse=True):
        shown = by_count[n]
        if len(shown) == 1:
            parts.append(shown[0] + (f"×{n}" if n > 1 else ""))
        else:
            parts.append("".join(shown) + f"各 {n}")
    return "、".join(parts)


def group_findings(doc, findings: list[Finding], rules: dict) -> list[Finding]:
    """The findings with those of grouping rules (rules: id -> Rule) merged per paragraph (or
    document).  Findings of other rules pass through unchanged; the order is not kept (the
    engine sorts afterwards)."""
    out: list[Finding] = []
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        rule = rules.get(f.rule)
        group = getattr(rule, "grouping", None)
        if group is None:
            out.append(f)
            continue
        where = doc.paragraph_at(f.start).start if group.by == "paragraph" else None
        groups.setdefault((group.by, group.name or f.rule, where), []).append(f)
    for members in groups.values():
        out.append(members[0] if len(members) == 1 else _merge(doc, members, rules))
    return out


def _merge(doc, members: list[Finding], rules: dict) -> Finding:
    members = sorted(members, key=lambda f: (f.start, f.end, f.rule))
    first = members[0]
    rid = first.rule            # the span is the first hit's, so is the rule id
    rule = rules[rid]
    count = sum(f.count for f in members)
    message = fill(rule.grouping.template, {
        "count": count, "message": first.message,
        "marks": marks([doc.text[f.start:f.end] for f in members])})
    related = list(first.related)
    fixes = list(first.safe_fixes)
    suggestions = list(first.suggestions)
    for f in members[1:]:
        related.append(Related(message=f.message, start=f.start, end=f.end, rule=f.rule))
        related.extend(f.related)
        fixes.extend(f.safe_fixes)
        suggestions.extend(f.suggestions)
    severity = max((f.severity for f in members), key=severity_rank)
    return Finding(rule=rid, category=rule.category, severity=severity, message=message,
                   start=first.start, end=first.end, related=tuple(related),
                   fix=fixes[0] if fixes else None, suggestions=tuple(suggestions),
                   extra=dict(first.extra), count=count, fixes=tuple(fixes))
