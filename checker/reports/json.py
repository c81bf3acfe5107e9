"""--format json: the documented machine-readable shape (see README, "JSON output").

Streamed: each file's entry is written as soon as it is checked, finding by finding; the summary
comes last.  The layout is indented down to the keys of each finding; the values under them (a
related place, a fix, a suggestion) are written one per line by the standard library's C encoder
(its indenting encoder is pure Python: 27 s for a draft with 260,000 grouped marks).  The layout
is whitespace only: the document is the same JSON value as with ``json.dumps(indent=2)``."""

from __future__ import annotations

import json
import json.encoder

from checker.errors import one_line
from checker.reports import Summary
from checker.reports import finding_dict


def _unknown(o):
    raise TypeError(f"{type(o).__name__} is not JSON serializable")


if json.encoder.c_make_encoder is not None:   # CPython: one C encoder for every value
    _c = json.encoder.c_make_encoder(None, _unknown, json.encoder.encode_basestring, None,
                                     ": ", ", ", False, False, True)

    def _compact(value) -> str:
        return "".join(_c(value, 0))
else:                                          # other Pythons: the same text, more slowly
    _compact = json.JSONEncoder(ensure_ascii=False).encode

_KEYS: dict[str, str] = {}   # a key's JSON text, made once


def _entry(r, ctx=None) -> dict:
    """A file's entry; "findings" (and "suppressed") are generators, written as they come."""
    entry = {"path": one_line(r.path),
             "findings": (finding_dict(r, f) for f in r.findings) if r.doc else iter(())}
    if r.error:
        entry["error"] = one_line(r.error)
    entry["not_report"] = r.not_report   # not a report at all: only FZ100, not checked as one
    if r.baseline is not None:
        entry["baseline"] = dict(r.baseline)
    if ctx is not None and ctx.show_suppressed and r.doc:   # what ignore directives set aside
        entry["suppressed"] = (finding_dict(r, f) for f in r.suppressed)
    return entry


def _key(key: str) -> str:
    out = _KEYS.get(key)
    if out is None:
        out = _KEYS[key] = _compact(key)
    return out


def _value(value, pad: str, depth: int) -> str:
    """`value` as JSON text at nesting `depth`: dicts laid out down to depth 2 (a finding's
    keys), lists down to depth 3 (a finding's related places and fixes, one per line), all
    else compact."""
    if value and ((depth <= 2 and isinstance(value, dict))
                  or (depth <= 3 and isinstance(value, (list, tuple)))):
        inner = pad + "  "
        if isinstance(value, dict):
            body = ",\n".join(inner + _key(k) + ": " + _value(v, inner, depth + 1)
                              for k, v in value.items())
            return "{\n" + body + "\n" + pad + "}"
        body = ",\n".join(inner + _value(v, inner, depth + 1) for v in value)
        return "[\n" + body + "\n" + pad + "]"
    return _compact(value)


def _file(entry: dict, pad: str):
    """Pieces of one file's entry (depth 0), its findings one piece each."""
    inner, item = pad + "  ", pad + "    "
    yield "{"
    for i, (key, value) in enumerate(entry.items()):
        head = ("," if i else "") + "\n" + inner + _key(key) + ": "
        if hasattr(value, "__next__"):   # the findings: one at a time, never all held
            first = True
            for f in value:
                yield head + ("[" if first else ",") + "\n" + item + _value(f, item, 2)
                head, first = "", False
            yield head + ("[]" if first else "\n" + inner + "]")
        else:
            yield head + _value(value, inner, 1)
    yield "\n" + pad + "}"


def stream(results, ctx):
    tool = json.dumps({"name": "fzlint", "version": ctx.version}, ensure_ascii=False)
    yield f'{{\n  "tool": {tool},\n  "files": ['
    totals = Summary()
    for i, r in enumerate(results):
        totals.add(r)
        yield ("," if i else "") + "\n    "
        yield from _file(_entry(r, ctx), "    ")
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
