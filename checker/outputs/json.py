"""--format json: the documented machine-readable shape (see README, "JSON output")."""

from __future__ import annotations

import json

from . import finding_dict, summary


def render(results, ctx) -> str:
    files = []
    for r in results:
        entry = {"path": r.path, "findings": [finding_dict(r, f) for f in r.findings] if r.doc else []}
        if r.error:
            entry["error"] = r.error
        files.append(entry)
    out = {"tool": {"name": "fzlint", "version": ctx.version}, "files": files,
           "summary": summary(results)}
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
