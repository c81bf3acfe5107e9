"""--format json: the documented machine-readable shape (see README, "JSON output").

Streamed: each file's entry is written as soon as it is checked; the summary comes last."""

from __future__ import annotations

import json

from checker.errors import one_line
from checker.reports import Summary
from checker.reports import finding_dict


def _entry(r, ctx=None) -> dict:
    entry = {"path": one_line(r.path),
             "findings": [finding_dict(r, f) for f in r.findings] if r.doc else []}
    if r.error:
        entry["error"] = one_line(r.error)
    entry["not_report"] = r.not_report   # not a report at all: only FZ100, not checked as one
    if r.baseline is not None:
        entry["baseline"] = dict(r.baseline)
    if ctx is not None and ctx.show_suppressed and r.doc:   # what ignore directives set aside
        entry["suppressed"] = [finding_dict(r, f) for f in r.suppressed]
    return entry


def _indent(text: str, by: str) -> str:
    return "\n".join(by + line for line in text.split("\n"))


def stream(results, ctx):
    tool = json.dumps({"name": "fzlint", "version": ctx.version}, ensure_ascii=False)
    yield f'{{\n  "tool": {tool},\n  "files": ['
    totals = Summary()
    for i, r in enumerate(results):
        totals.add(r)
        body = json.dumps(_entry(r, ctx), ensure_ascii=False, indent=2)
        yield ("," if i else "") + "\n" + _indent(body, "    ")
    summary = json.dumps(totals.as_dict(), ensure_ascii=False)
    skipped = json.dumps([{"path": one_line(p), "reason": why} for p, why in ctx.skipped],
                         ensure_ascii=False)
    yield (("\n  ]" if totals.files else "]") + f',\n  "not_checked": {skipped}'
           + _pairs_fields(ctx) + f',\n  "summary": {summary}\n}}\n')


def _pairs_fields(ctx) -> str:
    """The pair overview of --cross/--against (checker.reports.pairs): ``pairs`` and
    ``unchanged``, lists, present only when drafts were compared (--cross/--against/--index)."""
    ov = getattr(ctx, "pairs", None)
    if ov is None:
        return ""
    pairs = [p.as_dict() for p in ov.pairs]
    unchanged = [u.as_dict() for u in ov.unchanged]
    return (f',\n  "pairs": {json.dumps(pairs, ensure_ascii=False)}'
            f',\n  "unchanged": {json.dumps(unchanged, ensure_ascii=False)}')


def render(results, ctx) -> str:
    return "".join(stream(results, ctx))
