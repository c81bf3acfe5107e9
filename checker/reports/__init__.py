"""Output formats: one module per format, each with ``render(results, ctx) -> str``.

Formats that can be written file by file also define ``stream(results, ctx)``, a generator of
text pieces that consumes the results one at a time (the CLI then never holds a whole batch);
their ``render`` is ``"".join(stream(...))``.

``--format NAME`` picks ``checker/reports/NAME.py``.  The shared conversion of a Finding into
positions and the documented JSON fields lives here, so every format says the same thing.
Every format shows a file name through ``checker.errors.one_line`` (control characters and the
undecodable bytes of a non-UTF-8 name escaped, as ``\\x1b``, ``\\xb2``), so a name can neither
break an output's encoding nor reach a terminal raw.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field

from checker.errors import one_line
from checker.model.findings import FileResult, Finding


@dataclass
class Context:
    version: str
    rules: dict = field(default_factory=dict)   # id -> Rule, for help texts
    color: bool = False
    skipped: list = field(default_factory=list)  # (path, reason) of files in folders not checked
    errors_on_stderr: bool = False   # the CLI says each unreadable file on stderr (text: once)
    width: int | None = None         # text: terminal columns (None: shutil.get_terminal_size)
    show_suppressed: bool = False    # --show-suppressed: list what ignore directives set aside
    pairs: object = None             # --cross/--against: the pair overview (reports.pairs.Overview)
    verdict: object = None           # html: result -> (通过/退回修改/无法检查, why), or None


# modules of this package that are not --format choices (they write files of their own)
NOT_FORMATS = {"annotated_docx", "sheet", "table"}


def available() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__)
                  if not m.name.startswith("_") and m.name not in NOT_FORMATS)


def get(name: str):
    if name not in available():
        raise KeyError(name)
    return importlib.import_module(f"{__name__}.{name}")


def excerpt(doc, f: Finding, limit: int = 80) -> str:
    text = doc.text[f.start:f.end]
    if f.start == f.end:
        line = doc.line_at(f.start)
        text = line.text
    text = text.replace("\n", "⏎")
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _positions(doc):
    """doc.position, remembering the last line found: a grouped finding's marks, places and
    fixes lie in one paragraph, so most lookups need no search."""
    starts, n = doc.line_starts, len(doc.text)
    last = [0, starts[1] if len(starts) > 1 else n + 1, 1]   # line's [start, next start), number

    def pos(offset: int) -> tuple[int, int]:
        offset = 0 if offset < 0 else n if offset > n else offset
        if last[0] <= offset < last[1]:
            return last[2], offset - last[0] + 1
        line, col = doc.position(offset)
        lo = offset - col + 1
        last[:] = [lo, starts[line] if line < len(starts) else n + 1, line]
        return line, col
    return pos


def finding_dict(result: FileResult, f: Finding) -> dict:
    """The documented JSON shape of one finding."""
    doc = result.doc
    pos = _positions(doc)
    line, col = pos(f.start)
    end_line, end_col = pos(f.end)
    related = []
    shown = one_line(result.path)
    for r in f.related:
        if r.start is not None and r.path in (None, result.path):
            rl, rc = pos(r.start)
            entry = {"path": shown, "line": rl, "column": rc, "message": r.message}
            if r.end is not None:
                entry["end_line"], entry["end_column"] = pos(r.end)
        else:
            entry = {"path": one_line(r.path or result.path), "line": r.line or 1,
                     "column": r.column or 1, "message": r.message}
        if r.rule is not None:
            entry["rule"] = r.rule
        related.append(entry)
    fix = _edit(pos, f.fix, "safe") if f.fix is not None else None
    out = {"rule": f.rule, "category": f.category, "severity": f.severity,
           "message": f.message, "line": line, "column": col, "end_line": end_line,
           "end_column": end_col, "excerpt": excerpt(doc, f), "related": related, "fix": fix,
           "suggestions": [_edit(pos, s, "suggestion") for s in f.suggestions],
           "count": f.count, "fixes": [_edit(pos, x, "safe") for x in f.safe_fixes]}
    if "baseline" in f.extra:      # with --baseline: "new" or "known"
        out["baseline"] = f.extra["baseline"]
    return out


def _edit(pos, fix, applicability: str) -> dict:
    fl, fc = pos(fix.start)
    fel, fec = pos(fix.end)
    return {"line": fl, "column": fc, "end_line": fel, "end_column": fec,
            "replacement": fix.replacement, "applicability": applicability}


class Summary:
    """Counts over the results seen so far; `add` each result, `as_dict()` at the end."""

    def __init__(self):
        self.files = self.failed = 0
        self.counts = {"error": 0, "warning": 0, "info": 0}
        self.not_report: list[str] = []   # files that do not look like a report (FZ100)
        self.baseline: dict | None = None     # new/known/fixed/accepted, with --baseline

    def add(self, result: FileResult) -> FileResult:
        self.files += 1
        self.failed += bool(result.error)
        if result.not_report:
            self.not_report.append(one_line(result.path))
        if result.baseline is not None:
            self.baseline = self.baseline or {"new": 0, "known": 0, "fixed": 0, "accepted": 0}
            for k in self.baseline:
                self.baseline[k] += result.baseline.get(k, 0)
        for f in result.findings:
            self.counts[f.severity] += 1
        return result

    def as_dict(self) -> dict:
        c = self.counts
        out = {"files": self.files, "findings": sum(c.values()), "errors": c["error"],
               "warnings": c["warning"], "infos": c["info"], "failed": self.failed,
               "not_report": list(self.not_report)}
        if self.baseline is not None:
            out["baseline"] = dict(self.baseline)
        return out


def summary(results) -> dict:
    s = Summary()
    for r in results:
        s.add(r)
    return s.as_dict()
