"""--format text, for a person at a terminal.

Each file's findings come in two tiers, 实质问题 then 格式问题 (checker.model.findings.TIERS).
A finding is at most three lines when its message fits the terminal:

    报告.txt:12:31: FZ801 警告 本段有 7 处半角标点：“,”×6、“:”
       12 | …在县委、县政府的坚强领导下,我镇深入学习贯彻…
          |                        ^ 可自动修正（7 处，--fix）

- the excerpt is a window of the line fitted to the terminal width (shutil.get_terminal_size:
  COLUMNS, else the terminal, else 100; CJK characters count two columns), with one caret line;
- a finding about a whole paragraph or the end of the draft (落款, 成文日期, a missing part)
  shows a short quote of that paragraph instead of a caret block;
- office files (.docx, .doc, .pdf …) say 第 N 段 instead of line:column: Word shows no line
  numbers (JSON keeps the numbers: there line = paragraph);
- severities are words in Chinese (错误/警告/提示); JSON and SARIF keep error/warning/info;
- a message repeated in a draft is shown three times, the third with the lines of the others;
- a draft most of whose paragraphs have half-width punctuation gets one line saying so first.

Colour (colorama) only when asked for (a TTY without NO_COLOR)."""

from __future__ import annotations

import shutil
import unicodedata
from collections import Counter

from checker.errors import one_line
from checker.model.findings import TIERS, tier, tier_rank
from checker.reports import Summary

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
GUTTER = 8            # "  123 | "
QUOTE_CHARS = 24      # at most this many characters of a paragraph quoted
MAX_REPEAT = 3        # a message shown at most this many times per draft
HALFWIDTH_KIND = "halfwidth-punct"
HALFWIDTH_MIN = 5     # paragraphs with half-width marks before the draft is said to be typed so


def width(s: str) -> int:
    """Display width in a terminal: CJK and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def columns() -> int:
    """The terminal width: $COLUMNS, else the terminal's, else 100 (output to a file)."""
    return max(40, shutil.get_terminal_size((100, 24)).columns)


def _paint(color: bool):
    if not color:
        return lambda s, _: s
    from colorama import Fore, Style
    codes = {"error": Fore.RED + Style.BRIGHT, "warning": Fore.YELLOW + Style.BRIGHT,
             "info": Fore.CYAN, "path": Style.BRIGHT, "rule": Fore.MAGENTA, "mark": Fore.RED,
             "dim": Style.DIM, "tier": Style.BRIGHT}
    return lambda s, kind: f"{codes[kind]}{s}{Style.RESET_ALL}"


def by_paragraph(doc) -> bool:
    """Office files are read one paragraph a line: say 第 N 段, not line:column."""
    return getattr(doc, "format", "text") != "text"


def place(doc, offset: int, path: str) -> str:
    """path:line:col, or `path 第 N 段` for an office file (path as given: maybe painted)."""
    line, col = doc.position(offset)
    return f"{path} 第 {line} 段" if by_paragraph(doc) else f"{path}:{line}:{col}"


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """“the first characters…” of a paragraph, at most `limit` characters inside the quotes."""
    text = text.strip(" \t\u3000")
    return "“" + (text if len(text) <= limit else text[:limit - 1] + "…") + "”"


def snippet(doc, start: int, end: int, room: int = 72) -> tuple[str, int, int]:
    """The line holding `start`, cut to a window around the span that takes at most `room`
    display columns; returns (text, mark offset, mark width) in display columns."""
    line = doc.line_at(start)
    text = line.text
    s = start - line.start
    e = max(s + 1, min(end, line.end) - line.start) if text else s
    e = min(e, len(text)) if text else s
    # a long span is marked on its first part only
    while e > s + 1 and width(text[s:e]) > room * 2 // 3:
        e -= 1
    budget = room - width(text[s:e]) - 2          # two ellipses at most
    a, b = s, e
    left = budget // 3                            # more context after the mark than before
    while a > 0 and width(text[a - 1:s]) <= left:
        a -= 1
    budget -= width(text[a:s])
    while b < len(text) and width(text[e:b + 1]) <= budget:
        b += 1
    budget -= width(text[e:b])
    while a > 0 and width(text[a - 1:a]) <= budget:   # room left at the end: more before
        budget -= width(text[a - 1:a])
        a -= 1
    prefix = "…" if a > 0 else ""
    suffix = "…" if b < len(text) else ""
    shown = prefix + text[a:b] + suffix
    lead = width(prefix + text[a:s])
    mark = max(1, width(text[s:e])) if e > s else 1
    return shown, lead, mark


# with --baseline, before the message of each finding (checker.app.baseline)
BASELINE_MARK = {"new": "[新] ", "known": "[已知] "}


def whole_paragraph(doc, f) -> bool:
    """Is the finding about a whole paragraph (or the end of the draft), not a few characters?"""
    line = doc.line_at(f.start)
    body = line.text.strip(" \t\u3000")
    if not body or f.start >= len(doc.text.rstrip()):
        return True
    lead = len(line.text) - len(line.text.lstrip(" \t\u3000"))
    return f.start - line.start <= lead and f.end - f.start >= len(body) and len(body) > 12


def fix_label(doc, f) -> str:
    fixes = f.safe_fixes
    if not fixes:
        return ""
    if len(fixes) > 1:
        return f"可自动修正（{len(fixes)} 处，--fix）"
    fix = fixes[0]
    if fix.replacement:
        shown = fix.replacement.replace("\n", "⏎")
        if len(shown) > 16:
            return "可自动修正（--fix）"
        return f"可自动修正为“{shown}”（--fix）"
    old = doc.text[fix.start:fix.end].replace("\n", "⏎")
    return f"可自动删去“{old}”（--fix）" if len(old) <= 16 else "可自动删去（--fix）"


def _finding_lines(f, r, path: str, paint, cols: int, repeats: list[int]) -> list[str]:
    doc = r.doc
    line, _ = doc.position(f.start)
    out = [f"{place(doc, f.start, paint(path, 'path'))}: {paint(f.rule, 'rule')} "
           f"{paint(SEVERITY_ZH.get(f.severity, f.severity), f.severity)} "
           f"{BASELINE_MARK.get(f.extra.get('baseline'), '')}{f.message}"]
    gutter = f"{line:>5} | "
    room = max(20, cols - GUTTER - 1)
    label = fix_label(doc, f)
    if whole_paragraph(doc, f):
        text = doc.line_at(f.start).text
        limit = QUOTE_CHARS
        while limit > 4 and width(quote(text, limit)) > room:
            limit -= 2
        shown = quote(text, limit)
        if label and width(shown) + 1 + width(label) <= room:
            shown += " " + label
        out.append(paint(gutter, "dim") + shown)
    else:
        shown, lead, mark = snippet(doc, f.start, f.end, room)
        out.append(paint(gutter, "dim") + shown)
        caret = " " * lead + paint("^" * mark, "mark")
        if label and lead + mark + 1 + width(label) <= room:
            caret += " " + label
        out.append(" " * (GUTTER - 2) + paint("| ", "dim") + caret)
    for rel in f.related:
        if rel.rule is not None:
            continue        # another place of a grouped finding: counted in its message
        if rel.start is not None and rel.path in (None, r.path):
            where = place(doc, rel.start, path)
            if by_paragraph(doc):
                where += quote(doc.line_at(rel.start).text, 12)
            out.append(f"        = 另见 {where}: {rel.message}")
        else:
            unit = "段" if (rel.path or "").lower().endswith((".docx", ".doc", ".pdf", ".wps",
                                                               ".odt", ".rtf")) else "行"
            where = (f"{one_line(rel.path)} 第 {rel.line} {unit}" if unit == "段"
                     else f"{one_line(rel.path)}:{rel.line}:{rel.column}")
            out.append(f"        = 另见 {where}: {rel.message}")
    if repeats:
        unit = "段" if by_paragraph(doc) else "行"
        shown = "、".join(str(n) for n in repeats[:8]) + ("等" if len(repeats) > 8 else "")
        out.append(f"        = 同样的问题还有 {len(repeats)} 处：第 {shown} {unit}")
    return out


def halfwidth_line(r, rules: dict) -> str | None:
    """One line for a draft typed with a half-width input method: most of its paragraphs
    (and at least HALFWIDTH_MIN) have half-width marks."""
    doc = r.doc
    counted = {}
    for f in r.findings:
        rule = rules.get(f.rule)
        if rule is not None and rule.kind == HALFWIDTH_KIND:
            counted.setdefault(doc.position(f.start)[0], 0)
            counted[doc.position(f.start)[0]] += f.count
    paragraphs = sum(1 for ln in doc.text.split("\n") if ln.strip())
    if len(counted) < HALFWIDTH_MIN or len(counted) * 2 < paragraphs:
        return None
    return (f"{one_line(r.path)}: 全文 {paragraphs} 段中有 {len(counted)} 段用了半角标点"
            f"（共 {sum(counted.values())} 处），像是用半角输入法写的；"
            "fzlint check --fix 可一次全部改为全角")


def ordered(findings):
    """实质问题 first, then 格式问题; in each, in the order of the text."""
    return sorted(findings, key=lambda f: (tier_rank(f.category), f.start, f.rule))


def file_lines(r, ctx, paint, cols: int) -> list[str]:
    path = one_line(r.path)     # a file name never reaches the terminal raw (README, 输出)
    doc = r.doc
    out = []
    head = halfwidth_line(r, ctx.rules)
    if head:
        out.append(head)
    findings = ordered(r.findings)
    tiers = Counter(tier(f.category) for f in findings)
    seen: Counter = Counter()
    lines_of: dict[tuple, list[int]] = {}      # the line of each finding, per message
    for f in findings:
        lines_of.setdefault((f.rule, f.message), []).append(f.start)
    current = None
    for f in findings:
        key = (f.rule, f.message)
        seen[key] += 1
        if seen[key] > MAX_REPEAT:
            continue
        t = tier(f.category)
        if t != current and len(tiers) > 1:
            out.append(paint(f"── {t}（{tiers[t]}）", "tier"))
        current = t
        repeats = []
        if seen[key] == MAX_REPEAT and len(lines_of[key]) > MAX_REPEAT:
            repeats = [doc.position(start)[0] for start in lines_of[key][MAX_REPEAT:]]
        out += _finding_lines(f, r, path, paint, cols, repeats)
    if getattr(ctx, "show_suppressed", False) and r.suppressed:
        out.append(f"{path}: 已忽略 {len(r.suppressed)} 个问题（忽略标记，--show-suppressed）：")
        for f in r.suppressed:
            out.append(f"  {place(doc, f.start, path)}: {f.rule} "
                       f"{SEVERITY_ZH.get(f.severity, f.severity)} {f.message}")
    return out


def summary_line(totals: Summary, tiers: Counter) -> str:
    s = totals.as_dict()
    if s["findings"] == 0 and not s["failed"]:
        return f"检查了 {s['files']} 个文件，没有发现问题。\n"
    line = (f"检查了 {s['files']} 个文件，发现 {s['findings']} 个问题（"
            + "，".join(f"{t} {tiers[t]}" for t in TIERS)
            + f"；错误 {s['errors']}，警告 {s['warnings']}，提示 {s['infos']}）")
    if s["failed"]:
        line += f"，{s['failed']} 个文件无法检查"
    return line + "。\n"


def stream(results, ctx):
    paint = _paint(ctx.color)
    cols = getattr(ctx, "width", None) or columns()
    totals = Summary()
    tiers: Counter = Counter()
    for r in results:
        totals.add(r)
        if r.error:
            if not ctx.errors_on_stderr:     # else the CLI's one line on stderr says it
                yield (f"{paint(one_line(r.path), 'path')}: {paint('无法检查', 'error')}："
                       f"{one_line(r.error)}\n")
            continue
        tiers.update(tier(f.category) for f in r.findings)
        out = file_lines(r, ctx, paint, cols)
        if out:
            yield "\n".join(out) + "\n"
    if ctx.skipped:
        yield f"未检查 {len(ctx.skipped)} 个文件（不是草稿格式）：\n" + "".join(
            f"  {paint(one_line(p), 'path')}：{why}\n" for p, why in ctx.skipped)
    s = totals.as_dict()
    if s["not_report"]:
        yield (f"不像法治政府建设年度报告，未按报告检查（{len(s['not_report'])} 个文件）：\n"
               + "".join(f"  {paint(p, 'path')}\n" for p in s["not_report"]))
    if totals.failed < totals.files or not ctx.errors_on_stderr or ctx.skipped:
        yield summary_line(totals, tiers)
    if "baseline" in s:
        b = s["baseline"]
        yield (f"与基线相比：新增 {b['new']} 个，已知 {b['known']} 个，已修正 {b['fixed']} 个"
               + (f"，已接受 {b['accepted']} 个未列出" if b["accepted"] else "") + "。\n")


def render(results, ctx) -> str:
    return "".join(stream(results, ctx))


# --- the pair overview of --cross/--against (checker.reports.pairs) ----------------------------

def _fit_start(s: str, limit: int) -> str:
    """Keep the start of a name (a township's file names differ in their first characters)."""
    if width(s) <= limit:
        return s
    out = ""
    for ch in s:
        if width(out + ch) > limit - 1:
            break
        out += ch
    return out + "…"


def pairs_lines(ov, cols: int | None = None) -> list[str]:
    """The pair table (who shares text with whom, most shared first) and, with --against, each
    draft's share of unchanged text; sized to the terminal (CJK characters two columns)."""
    from checker.reports.pairs import percent
    cols = cols or columns()
    out = []
    if ov.unchanged:
        out.append("与往年报告比对（按字符计，不计空白）：")
        for u in ov.unchanged:
            out.append(f"  {u.path}：{u.sentence()}")
    if not ov.pairs:
        if ov.drafts > 1 and not ov.unchanged:
            out.append("草稿之间没有共有的段落（"
                       f"{ov.floor} 份以上草稿共有的套话段落不计）。")
        return out
    names = {}
    for p in ov.pairs:
        for side in (p.a, p.b):
            names.setdefault(side.path, side.path.replace("\\", "/").rsplit("/", 1)[-1])
    if len(set(names.values())) < len(names):        # the same file name in two folders
        names = {k: k for k in names}
    heads = ["草稿 A", "草稿 B", "共有段落", "占 A", "占 B", "最长（字）", "首处 A/B"]
    rows = []
    for p in ov.pairs:
        where = f"{p.a.line} / {p.b.line}"
        rows.append([names[p.a.path], names[p.b.path], str(p.a.paragraphs),
                     percent(p.a.share), percent(p.b.share), str(p.longest), where])
    fixed = [max(width(h), *(width(r[i]) for r in rows)) for i, h in enumerate(heads)]
    gaps = 2 * (len(heads) - 1)
    room = max(24, (cols - 1) - gaps - sum(fixed[2:]))
    name_w = [min(fixed[0], max(12, room // 2)), min(fixed[1], max(12, room - room // 2))]
    widths = name_w + fixed[2:]

    def line(cells):
        padded = []
        for i, (c, w) in enumerate(zip(cells, widths)):
            c = _fit_start(c, w) if i < 2 else c
            gap = " " * max(0, w - width(c))
            padded.append(c + gap if i < 2 else gap + c)
        return "  ".join(padded).rstrip()

    out.append(f"草稿两两共有的段落（{len(ov.pairs)} 对，共有最多的在前；占比按字符计，不计空白；"
               f"{ov.floor} 份以上草稿共有的套话段落不计）：")
    out.append(line(heads))
    out.append("-" * min(cols - 1, sum(widths) + gaps))
    out.extend(line(r) for r in rows)
    return out
