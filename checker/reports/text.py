"""--format text: `path:line:col: ID severity message`, the source line with the span marked,
and a summary.  Colour (colorama) only when asked for (a TTY without NO_COLOR)."""

from __future__ import annotations

import unicodedata

from checker.errors import one_line
from checker.reports import Summary

WINDOW = 36  # characters of context shown on each side of a finding


def width(s: str) -> int:
    """Display width in a terminal: CJK and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _paint(color: bool):
    if not color:
        return lambda s, _: s
    from colorama import Fore, Style
    codes = {"error": Fore.RED + Style.BRIGHT, "warning": Fore.YELLOW + Style.BRIGHT,
             "info": Fore.CYAN, "path": Style.BRIGHT, "rule": Fore.MAGENTA, "mark": Fore.RED,
             "dim": Style.DIM}
    return lambda s, kind: f"{codes[kind]}{s}{Style.RESET_ALL}"


SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def snippet(doc, start: int, end: int) -> tuple[str, int, int]:
    """The line holding `start`, cut to a window around the span; returns (text, mark
    offset, mark width) in display columns."""
    line = doc.line_at(start)
    s = start - line.start
    e = min(end, line.end) - line.start
    a = max(0, s - WINDOW)
    b = min(len(line.text), max(e, s + 1) + WINDOW)
    prefix = "…" if a > 0 else ""
    suffix = "…" if b < len(line.text) else ""
    shown = prefix + line.text[a:b] + suffix
    lead = width(prefix + line.text[a:s])
    mark = max(1, width(line.text[s:e])) if e > s else 1
    return shown, lead, mark


# with --baseline, before the message of each finding (checker.app.baseline)
BASELINE_MARK = {"new": "[新] ", "known": "[已知] "}


def stream(results, ctx):
    paint = _paint(ctx.color)
    totals = Summary()
    for r in results:
        totals.add(r)
        out = []
        path = one_line(r.path)     # a file name never reaches the terminal raw (README, 输出)
        if r.error:
            yield f"{paint(path, 'path')}: {paint('无法检查', 'error')}：{one_line(r.error)}\n"
            continue
        doc = r.doc
        for f in r.findings:
            line, col = doc.position(f.start)
            out.append(f"{paint(path, 'path')}:{line}:{col}: {paint(f.rule, 'rule')} "
                       f"{paint(f.severity, f.severity)} {BASELINE_MARK.get(f.extra.get('baseline'), '')}"
                       f"{f.message}")
            shown, lead, mark = snippet(doc, f.start, f.end)
            gutter = f"{line:>5} | "
            out.append(paint(gutter, "dim") + shown)
            out.append(" " * (len(gutter) - 2) + paint("| ", "dim") + " " * lead
                       + paint("^" * mark, "mark"))
            for rel in f.related:
                if rel.start is not None and rel.path in (None, r.path):
                    rl, rc = doc.position(rel.start)
                    out.append(f"        = 另见 {path}:{rl}:{rc}: {rel.message}")
                else:
                    out.append(f"        = 另见 {one_line(rel.path)}:{rel.line}:{rel.column}: "
                               f"{rel.message}")
            if f.fix is not None:
                if f.fix.replacement:
                    out.append(f"        = 可自动修正为“{f.fix.replacement}”（--fix）")
                else:
                    out.append(f"        = 可自动删去“{doc.text[f.fix.start:f.fix.end]}”（--fix）")
        if out:
            yield "\n".join(out) + "\n"
    if ctx.skipped:
        yield f"未检查 {len(ctx.skipped)} 个文件（不是草稿格式）：\n" + "".join(
            f"  {paint(one_line(p), 'path')}：{why}\n" for p, why in ctx.skipped)
    s = totals.as_dict()
    if s["not_report"]:
        yield (f"不像法治政府建设年度报告，未按报告检查（{len(s['not_report'])} 个文件）：\n"
               + "".join(f"  {paint(p, 'path')}\n" for p in s["not_report"]))
    if s["findings"] == 0 and not s["failed"]:
        yield f"检查了 {s['files']} 个文件，没有发现问题。\n"
    else:
        line = (f"检查了 {s['files']} 个文件，发现 {s['findings']} 个问题（错误 {s['errors']}，"
                f"警告 {s['warnings']}，提示 {s['infos']}）")
        if s["failed"]:
            line += f"，{s['failed']} 个文件无法检查"
        yield line + "。\n"
    if "baseline" in s:
        b = s["baseline"]
        yield (f"与基线相比：新增 {b['new']} 个，已知 {b['known']} 个，已修正 {b['fixed']} 个"
               + (f"，已接受 {b['accepted']} 个未列出" if b["accepted"] else "") + "。\n")


def render(results, ctx) -> str:
    return "".join(stream(results, ctx))
