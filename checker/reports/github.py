"""--format github: GitHub Actions workflow commands, one `::error file=…,line=…::message` line
per finding, which the Actions runner turns into annotations on the changed files.

Severity: error → error, warning → warning, info → notice.  Values are escaped as the runner
expects (`%`, CR, LF in messages; also `:` and `,` in properties).
"""

from __future__ import annotations

from checker.errors import one_line

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props) -> str:
    fields = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{level} {fields}::{escape_data(message)}" if fields else f"::{level}::{escape_data(message)}"


def stream(results, ctx):
    for r in results:
        path = one_line(r.path.replace("\\", "/"))
        if r.error:
            yield command("error", f"无法检查：{one_line(r.error)}", file=path, title="fzlint") + "\n"
            continue
        out = []
        for f in r.findings:
            line, col = r.doc.position(f.start)
            end_line, end_col = r.doc.position(f.end)
            props = {"file": path, "line": line, "endLine": end_line, "col": col,
                     "endColumn": end_col if end_line == line else None,
                     "title": f"{f.rule}（{f.category}）"}
            out.append(command(LEVELS[f.severity], f.message, **props) + "\n")
        yield "".join(out)


def render(results, ctx) -> str:
    return "".join(stream(results, ctx))
