"""--format concise: one line per finding, `path:line:col: ID severity message`, for editors and
tools that read `file:line:col:` (Vim's errorformat, Emacs compilation mode, VS Code problem
matchers).  No source excerpt and no summary; a file that could not be read gets one line
`path: 无法检查：reason` (without line and column, so it is not taken for a finding)."""

from __future__ import annotations

from checker.errors import one_line


def _one_line(text: str) -> str:
    return " ".join(text.split("\n"))


def stream(results, ctx):
    for r in results:
        path = one_line(r.path)
        if r.error:
            yield f"{path}: 无法检查：{one_line(r.error)}\n"
            continue
        out = []
        for f in r.findings:
            line, col = r.doc.position(f.start)
            out.append(f"{path}:{line}:{col}: {f.rule} {f.severity} {_one_line(f.message)}\n")
        yield "".join(out)


def render(results, ctx) -> str:
    return "".join(stream(results, ctx))
