"""Command line: `fzlint check`, `fzlint rules`, `fzlint explain`.  Option parsing and exit
codes only; the work is done by runner (files → findings) and outputs (findings → text).

Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or input errors,
130 interrupted (Ctrl-C).  Everything echoed to the terminal goes through one_line: a file name
with control characters in it is shown escaped, never raw.
"""

from __future__ import annotations

import os
import signal
import sys

import click

from checker import __version__
from checker import reports as outputs
from checker.app import parallel, progress
from checker.reports import table
from checker.app.config import ConfigError
from checker.errors import OneLineError, one_line
from checker.model.findings import SEVERITIES, FileResult
from checker.engine.packs import PackError


class UsageFailure(OneLineError):
    """A one-line error for the user (exit 2)."""


def _split(values) -> list[str]:
    out = []
    for v in values or ():
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def _fail(message: str) -> None:
    click.echo(f"fzlint: 错误：{one_line(message)}", err=True)
    sys.exit(2)


def _say(message: str) -> None:
    click.echo(f"fzlint: {one_line(message)}", err=True)


def _use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


class _Interrupted(BaseException):
    """Ctrl-C met while a command ran.  Not a KeyboardInterrupt, so that click does not turn it
    into "Aborted!" and exit status 1 (the status of findings): run() says it in one line and
    exits 130."""


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _Interrupted() from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="fzlint",
                      message="%(prog)s %(version)s")
def main():
    """fzlint：法治政府建设年度报告草稿检查工具。"""


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "-f", "fmt", default="text", show_default=True,
              type=click.Choice(outputs.available()), help="输出格式")
@click.option("--output", "-o", type=click.Path(),
              help="把结果写入文件（与 --annotate 同用时：存放批注副本的文件夹）")
@click.option("--select", multiple=True, help="只运行这些规则（编号、前缀或类别，可逗号分隔）")
@click.option("--ignore", multiple=True, help="不运行这些规则（编号、前缀或类别）")
@click.option("--extend-select", multiple=True, help="在默认规则之外再运行这些规则")
@click.option("--rules", "rule_packs", multiple=True, type=click.Path(),
              help="附加的规则包文件或文件夹（可多次）")
@click.option("--year", type=click.IntRange(1990, 2100), help="报告年度（默认从标题读取）")
@click.option("--fail-on", type=click.Choice(SEVERITIES + ("never",)), default=None,
              help="达到此级别的问题使退出码为 1（默认 warning）")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="使用此配置文件（不再向上查找）")
@click.option("--no-config", is_flag=True, help="忽略 .fzlint.yaml 和 pyproject.toml")
@click.option("--stdin-filename", default="<stdin>", help="从标准输入读取时显示的文件名")
@click.option("--max-size", type=click.IntRange(1, 1024), default=20, show_default=True,
              help="单个文件大小上限（MB；Word、PDF 文件可再大 5 倍：图片）")
@click.option("--max-text", type=click.IntRange(1, 1024), default=1, show_default=True,
              help="一份草稿读出的文字上限（MB；1 MB 约 35 万字，是最长的真实报告的 30 多倍）")
@click.option("--follow-symlinks", is_flag=True, help="跟随指向文件夹之外的符号链接")
@click.option("--exclude", multiple=True,
              help="检查文件夹时不看这些文件或文件夹（通配符，可逗号分隔、可多次；取代配置中的 exclude）")
@click.option("--extend-exclude", multiple=True,
              help="在 exclude 之外再排除这些文件或文件夹（通配符）")
@click.option("--force-exclude", is_flag=True,
              help="命令行上直接给出的文件也按 exclude 排除（pre-commit 钩子使用）")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None,
              help="并行检查的进程数（默认：文件多时自动使用全部 CPU 核；1 表示不并行）")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="彩色输出")
@click.option("--fix", is_flag=True,
              help="自动修正有唯一安全改法的问题（改 .txt/.md/.docx 文件），再报告剩下的问题")
@click.option("--diff", "show_diff", is_flag=True,
              help="只显示 --fix 会做的修改（统一差异格式），不写文件")
@click.option("--annotate", is_flag=True,
              help="为每份草稿生成批注副本 报告.fzlint.docx：每个问题一条批注，每处安全修正一处修订"
                   "（.txt/.md 草稿按文字另建 .docx；放在原文件旁，或 -o 指定的文件夹并保留子文件夹，"
                   "检查文件夹时另写审核汇总表；原文件不动）")
@click.option("--against", multiple=True, type=click.Path(),
              help="与这些草稿比对重复内容（文件或文件夹，如往年报告、其他单位的报告；可多次）")
@click.option("--cross", multiple=True, type=click.Path(),
              help="检查文件夹中的全部草稿，并互相比对重复内容（可多次）")
@click.option("--index", "index_file", type=click.Path(dir_okay=False),
              help="比对用的索引文件（SQLite）：收录 --against/--cross 的草稿，下次不必重读，且都参与比对")
@click.option("--baseline", "baseline_file", type=click.Path(),
              help="与上一轮的基线比较：每个问题标为新增或已知，并统计已修正的个数")
@click.option("--write-baseline", "write_baseline", type=click.Path(),
              help="把本轮的问题写成基线文件（下一轮用 --baseline 比较；已接受的问题保留）")
@click.option("--sheet", "sheet_file", type=click.Path(),
              help="写出审核汇总表 文件.xlsx 和同名 .csv（--annotate -o 文件夹 时自动写入该文件夹）")
@click.option("--show-suppressed", is_flag=True,
              help="也列出被忽略标记（<!-- fzlint: 忽略 FZ… --> 或 Word 批注“fzlint: 忽略 FZ…”）放过的问题")
@click.option("--statistics", is_flag=True,
              help="只列出每条规则报告了几处（实质问题在前，[*] 表示可用 --fix 修正），不列各个问题")
def check(paths, fmt, output, select, ignore, extend_select, rule_packs, year, fail_on,
          config_file, no_config, stdin_filename, max_size, max_text, follow_symlinks, jobs, color,
          fix=False, show_diff=False, against=(), cross=(), index_file=None, annotate=False,
          exclude=(), extend_exclude=(), force_exclude=False, baseline_file=None,
          write_baseline=None, sheet_file=None, statistics=False, show_suppressed=False):
    """检查草稿（文件、文件夹，或 - 表示标准输入）。"""
    from checker.app.runner import Options, Runner

    def warn(msg):
        click.echo(f"fzlint: 警告：{one_line(msg)}", err=True)

    opts = Options(select=_split(select) or None, ignore=_split(ignore),
                   extend_select=_split(extend_select), rules=list(rule_packs), year=year,
                   max_bytes=max_size * 1024 * 1024, max_text=max_text * 1024 * 1024,
                   follow_symlinks=follow_symlinks,
                   use_config=not no_config, config_file=config_file,
                   exclude=_split(exclude) if exclude else None,
                   extend_exclude=_split(extend_exclude), force_exclude=force_exclude)
    annotate_dir, output = (output, None) if annotate else (None, output)
    try:
        runner = Runner(opts, warn=warn)
        if annotate and (fix or show_diff):
            raise UsageFailure("--annotate 不能与 --fix、--diff 同用（批注副本里的修订就是改法）")
        if not paths and not cross:
            raise UsageFailure("请给出要检查的文件或文件夹（或用 --cross 给出一个草稿文件夹）")
        files = list(dict.fromkeys(runner.expand(list(paths) + list(cross))))
        if not files and runner.excluded and len(runner.excluded) == len(paths) + len(cross):
            _say("给出的文件都被 exclude 排除，未检查（--force-exclude）")
            sys.exit(0)   # a commit of excluded files only: nothing to check is not an error
        if not files:   # only folders, with no draft that could be read: a run that checks nothing
            raise UsageFailure("没有可检查的草稿（给出的文件夹中没有可读的 .txt/.md/.docx 文件）")
        # every config and pack the drafts use is loaded now: a broken one (say a .fzlint.yaml
        # beside drafts checked from another folder) is the user's error, said once, exit 2
        for cfg in dict.fromkeys(runner.config_for(f) for f in files):
            runner.engine_for(cfg)
        if output and os.path.exists(output) and any(
                os.path.exists(p) and os.path.samefile(p, output) for p in files if p != "-"):
            raise UsageFailure(f"--output {output} 是被检查的文件之一，不能覆盖")
        if fmt == "html" and not output and sys.stdout.isatty():
            raise UsageFailure("HTML 报告请用 -o 写入文件，例如 -o 审核报告.html")
        # review rounds (--baseline/--write-baseline) and the summary sheet (checker.app.baseline,
        # checker.reports.sheet)
        from checker.app import baseline as rounds_mod
        key_of = rounds_mod.key_function(list(paths) + list(cross))
        rounds = None
        if write_baseline and os.path.exists(write_baseline) and any(
                os.path.exists(p) and os.path.samefile(p, write_baseline) for p in files if p != "-"):
            raise UsageFailure(f"--write-baseline {write_baseline} 是被检查的文件之一，不能覆盖")
        if baseline_file or write_baseline:
            try:
                old = rounds_mod.load(baseline_file) if baseline_file else None
            except rounds_mod.BaselineError as err:
                raise UsageFailure(str(err)) from None
            rounds = rounds_mod.Rounds(old, key_of)
        if sheet_file is None and annotate and annotate_dir and any(
                p != "-" and os.path.isdir(p) for p in list(paths) + list(cross)):
            sheet_file = os.path.join(annotate_dir, SHEET_NAME + ".xlsx")
        if sheet_file and os.path.isdir(sheet_file):     # a folder: the sheet goes into it
            sheet_file = os.path.join(sheet_file, SHEET_NAME + ".xlsx")
        for what, where in (("--write-baseline", write_baseline), ("--sheet", sheet_file)):
            # said now, not after checking a whole folder (the -o folder is made by --annotate)
            folder = os.path.dirname(os.path.abspath(where)) if where else None
            if folder and not os.path.isdir(folder) and not (
                    annotate_dir and os.path.abspath(annotate_dir) == folder):
                raise UsageFailure(f"{what} {where}：所在的文件夹不存在")
        sheet_rows: list = []
        copies: dict = {}
        cross_drafts = bool(against or cross or index_file)
        show = progress.show_progress(len(files), fmt, sys.stderr)
        renderer = outputs.get(fmt)
        ctx = outputs.Context(version=__version__, rules=runner.ruleset().rules,
                              skipped=list(runner.skipped),
                              color=(not output) and _use_color(color, sys.stdout),
                              errors_on_stderr=not output, show_suppressed=show_suppressed)
        if fmt == "html":   # the verdict column: each draft judged by its own config's rule
            ctx.verdict = (lambda r: _verdict(runner.config_for(
                r.path if r.path != stdin_filename else "-")).judge(r))
        if fix or show_diff:
            from checker.app import fixer
            outcomes: list = []
            checked = fixer.run(runner, files, outcomes, write=not show_diff,
                                stdin=click.get_binary_stream("stdin"), stdin_name=stdin_filename,
                                warn=warn, say=_say)
        elif annotate:   # the copies are written file by file, as the drafts are checked
            from checker.app import annotate as annotating
            checked = annotating.run(runner, files, annotate_dir, click.get_binary_stream("stdin"),
                                     stdin_filename, warn=warn, say=_say, key_of=key_of,
                                     adjust=None if (rounds is None or cross_drafts)
                                     else rounds.apply, copies=copies)
        else:
            checked = parallel.check_all(runner, files, jobs or None, click.get_binary_stream("stdin"),
                                         stdin_filename)
        if rounds is not None and not annotate and not cross_drafts:
            checked = rounds.apply_all(checked)
        tallies: list = []   # (path + error, counts) per draft: all the end needs when streaming

        stats = None
        if statistics:
            from checker.reports.statistics import Statistics
            stats = Statistics()

        def row_of(r):
            if sheet_file:      # each draft judged by the verdict rule of its own config
                from checker.reports import sheet
                verdict = _verdict(runner.config_for(r.path if r.path != stdin_filename else "-"))
                sheet_rows.append(sheet.row_for(r, key_of(r.path), verdict,
                                                _shown_copy(copies.get(r.path), annotate_dir)))

        def observed(results):
            for r in results:
                tallies.append((FileResult(r.path, error=r.error), table.tally(r)))
                if not cross_drafts:     # FZ303 comes after the check: rows then
                    row_of(r)
                if stats is not None:
                    stats.add(r)
                yield r

        streaming = hasattr(renderer, "stream") and not (cross_drafts or show_diff or statistics)
        sink = _Sink(output, ctx.color)
        with progress.progress(files, show) as items:
            sink.before_write = items.clear   # the report and the bar share the terminal
            results = observed(r for r, _ in zip(checked, items))
            if streaming:   # written file by file: a batch of 10,000 drafts is never held whole
                for piece in renderer.stream(results, ctx):
                    sink.write(piece)
            else:
                results = list(results)
        if not streaming:
            if cross_drafts:  # passages shared with other drafts (FZ303)
                from checker.app.cross import add_findings
                from checker.corpus.index import CorpusError
                try:
                    add_findings(runner, results, cross, against, index_file, warn)
                except CorpusError as err:
                    raise UsageFailure(str(err)) from None
                if rounds is not None:
                    results = [rounds.apply(r) for r in results]
                from checker.reports.pairs import overview
                ctx.pairs = overview(results, against)   # who shares text with whom, once
                for r in results:
                    row_of(r)
                tallies = [(FileResult(r.path, error=r.error), table.tally(r)) for r in results]
            if stats is not None:
                if cross_drafts:
                    stats = Statistics()
                    for r in results:
                        stats.add(r)
                sink.write(stats.render(ctx.rules))
            else:
                sink.write("".join(o.diff() for o in outcomes) if show_diff
                           else renderer.render(results, ctx))
        if fmt == "text" and len(tallies) > 1 and not statistics:
            sink.write("\n" + table.table_of(tallies, color=ctx.color))
        if fmt == "text" and ctx.pairs is not None and not statistics:
            from checker.reports.text import pairs_lines
            lines = pairs_lines(ctx.pairs)
            if lines:
                sink.write("\n" + "\n".join(lines) + "\n")
        sink.close()
        if write_baseline and rounds is not None:
            try:
                rounds.write(write_baseline, __version__)
            except rounds_mod.BaselineError as err:
                raise UsageFailure(str(err)) from None
            _say(f"已写入基线 {write_baseline}（{len(rounds.entries)} 份草稿，"
                 f"{sum(len(v) for v in rounds.entries.values())} 个问题）")
        if sheet_file:
            _write_sheet(sheet_rows, sheet_file)
        cfg_fail = runner.config_for(files[0]).fail_on if files else None
    except (PackError, ConfigError, UsageFailure) as err:
        _fail(str(err))
    for r, _ in tallies:
        if r.error:
            click.echo(f"fzlint: 错误：{one_line(r.error)}", err=True)
    if output and fmt == "html":
        _say(f"已生成审核报告 {output}（{len(tallies)} 份草稿），用浏览器打开即可")
    if any(r.error for r, _ in tallies):
        sys.exit(2)
    if show_diff:
        sys.exit(1 if any(o.changed for o in outcomes) else 0)
    level = fail_on or cfg_fail or "warning"
    if level != "never" and any(t.counts_at_least(level) for _, t in tallies):
        sys.exit(1)
    sys.exit(0)


SHEET_NAME = "审核汇总表"


def _verdict(cfg):
    from checker.reports.sheet import Verdict
    level, categories = cfg.verdict
    return Verdict(level, tuple(categories))


def _shown_copy(dest, annotate_dir) -> str:
    """The annotated copy as the sheet names it: relative to the -o folder when there is one."""
    if not dest:
        return ""
    if annotate_dir:
        rel = os.path.relpath(dest, os.path.abspath(annotate_dir))
        if not rel.startswith(".."):
            return rel.replace(os.sep, "/")
    return dest


def _write_sheet(rows, path: str) -> None:
    from checker.reports import sheet
    try:
        xlsx, csv_path = sheet.write(rows, path)
    except OSError as err:
        raise UsageFailure(f"无法写入审核汇总表 {path}（{err.strerror or err}）") from None
    returned = sum(r.verdict == sheet.RETURN for r in rows)
    passed = sum(r.verdict == sheet.PASS for r in rows)
    _say(f"已生成审核汇总表 {xlsx} 和 {csv_path}（{len(rows)} 份草稿：通过 {passed} 份，"
         f"退回修改 {returned} 份）")


class _Sink:
    """Where the report goes: stdout (with colour when asked) or the -o file, opened on the
    first write so that a run refused before any output leaves no empty file."""

    def __init__(self, output: str | None, color: bool):
        self.output, self.color, self.fh = output, color, None
        self.before_write = None      # erases the progress bar before text goes to stdout
        if color and not output:
            import colorama
            colorama.just_fix_windows_console()

    def write(self, text: str) -> None:
        if not text:
            return
        if self.output is None:
            if self.before_write is not None:
                self.before_write()
            click.echo(text, nl=False, color=self.color)
            return
        if self.fh is None:
            try:
                self.fh = open(self.output, "w", encoding="utf-8")
            except OSError as err:
                raise UsageFailure(f"无法写入 {self.output}：{err.strerror or err}") from None
        try:
            self.fh.write(text)
        except OSError as err:
            raise UsageFailure(f"无法写入 {self.output}：{err.strerror or err}") from None

    def close(self) -> None:
        if self.output is not None and self.fh is None:  # an empty report is still a file
            try:
                self.fh = open(self.output, "w", encoding="utf-8")
            except OSError as err:
                raise UsageFailure(f"无法写入 {self.output}：{err.strerror or err}") from None
        if self.fh is not None:
            self.fh.close()


@main.command(name="rules")
@click.option("--rules", "rule_packs", multiple=True, type=click.Path(), help="附加的规则包")
@click.option("--all", "show_all", is_flag=True, help="也列出默认关闭的规则")
def list_rules(rule_packs, show_all):
    """列出所有规则：编号、类别、级别、说明。"""
    from checker.app.runner import Options, Runner
    try:
        rs = Runner(Options(rules=list(rule_packs))).ruleset()
    except (PackError, ConfigError) as err:
        _fail(str(err))
    rows = []
    for rid in sorted(rs.rules):
        r = rs.rules[rid]
        if rid in rs.default_off and not show_all:
            continue
        off = "（默认关闭）" if rid in rs.default_off else ""
        rows.append((rid, r.category, r.severity, (r.name or r.message) + off))
    w_id = max((len(r[0]) for r in rows), default=4)
    for rid, cat, sev, desc in rows:
        click.echo(f"{rid:<{w_id}}  {cat:<12} {sev:<8} {desc}")


@main.command()
@click.argument("rule_id")
@click.option("--rules", "rule_packs", multiple=True, type=click.Path(), help="附加的规则包")
def explain(rule_id, rule_packs):
    """说明一条规则：为什么重要，错误和正确的例子。"""
    from checker.app.runner import Options, Runner
    try:
        rs = Runner(Options(rules=list(rule_packs))).ruleset()
    except (PackError, ConfigError) as err:
        _fail(str(err))
    rule = rs.rules.get(rule_id.upper())
    if rule is None:
        _fail(f"没有编号为 {rule_id} 的规则（fzlint rules 列出全部规则）")
    ex = rule.explain
    lines = [f"{rule.id}  {rule.name or ''}".rstrip(),
             f"类别：{rule.category}    级别：{rule.severity}    类型：{rule.kind}"
             + ("    （默认关闭）" if rule.id in rs.default_off else ""),
             f"提示信息：{rule.message}",
             "可用占位符：" + (" ".join(f"{{{p}}}" for p in _placeholders(rule)) or "无"), ""]
    if ex.get("why"):
        lines += ["为什么：", "  " + ex["why"].strip().replace("\n", "\n  "), ""]
    if ex.get("bad"):
        lines += ["错误示例：", "  " + ex["bad"].strip().replace("\n", "\n  "), ""]
    if ex.get("good"):
        lines += ["正确示例：", "  " + ex["good"].strip().replace("\n", "\n  "), ""]
    if ex.get("fix"):
        lines += ["自动修正：", "  " + ex["fix"].strip(), ""]
    if ex.get("note"):
        lines += ["说明：", "  " + ex["note"].strip().replace("\n", "\n  "), ""]
    lines += _option_lines(rule)
    lines.append(f"定义于：{one_line(rule.source)}")
    click.echo("\n".join(lines))


def _option_lines(rule) -> list[str]:
    """The rule's kind options (from the schema) and the common keys it sets."""
    from checker import kinds
    from checker.ruleset.schema import describe
    options = getattr(kinds.load(rule.kind), "OPTIONS", {})
    out = []
    if options:
        out += [f"规则类型 {rule.kind} 的键："] + [f"  {describe(k, o)}" for k, o in options.items()]
    common = []
    if rule.scope is not None:
        only, exclude = sorted(rule.scope.include), sorted(rule.scope.exclude)
        common.append("  scope：" + ("只看 " + "、".join(only) if only else "")
                      + (("；" if only else "") + "不看 " + "、".join(exclude) if exclude else ""))
    if rule.unless:
        common.append("  unless：" + "；".join(f"{form} {len(p)} 个写法" for form, p in rule.unless.forms))
    common.append(f"  match_on：{rule.match_on}")
    if rule.grouping is not None:
        g = rule.grouping
        common.append(f"  grouping：同一{'段' if g.by == 'paragraph' else '份草稿'}中的多处报告为一条"
                      + (f"（与同名“{g.name}”的规则合并）" if g.name else "")
                      + f"，提示：{g.template}")
    out += ["通用键（见 README“通用键”）："] + common + [""]
    return [one_line(x) if x else x for x in out]


@main.command("schema")
def schema_command():
    """打印规则包文件的 JSON Schema（编辑器补全、检查县里自己的规则包）。"""
    import json
    from checker.engine.pack_schema import pack_schema
    click.echo(json.dumps(pack_schema(), ensure_ascii=False, indent=1))


def _placeholders(rule) -> list[str]:
    """The {names} a rule's messages may use: those its kind fills (PLACEHOLDERS)."""
    from checker import kinds
    return sorted(getattr(kinds.load(rule.kind), "PLACEHOLDERS", ()))


@main.command()
@click.option("--stdio", is_flag=True, help="经标准输入输出通信（默认方式，编辑器常加此参数）")
def lsp(stdio):
    """语言服务器：在编辑器里边写边检查 .txt/.md 草稿（需要 pip install 'fzlint[lsp]'）。"""
    try:
        from checker.app.lsp import serve  # pygls is imported here only, never on the `check` path
    except ImportError as err:
        if (err.name or "").split(".")[0] not in ("pygls", "lsprotocol", "cattrs", "attrs"):
            raise
        _fail("语言服务器需要 pygls，请先安装：pip install 'fzlint[lsp]'")
    serve()


@main.command()
@click.option("--data", "data_dir", default="fzlint-data", show_default=True,
              type=click.Path(file_okay=False), help="数据文件夹（数据库、上传的草稿、批注副本）")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听的地址（局域网用 0.0.0.0）")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--max-size", type=click.IntRange(1, 1024), default=20, show_default=True,
              help="草稿大小上限（MB，与 check 相同；Word 和 PDF 文件可为其 5 倍）")
@click.option("--max-text", type=click.IntRange(1, 1024), default=1, show_default=True,
              help="草稿文字上限（MB）")
@click.option("--init", is_flag=True, help="首次启动时自己输入审核人密码（否则打印一次性密码）")
@click.option("--secure", is_flag=True, help="经 HTTPS 反向代理提供时：会话 Cookie 加 Secure")
def serve(data_dir, host, port, max_size, max_text, init, secure):
    """县级审核平台：乡镇上传草稿、下载批注副本，审核人查看整轮（需要 pip install 'fzlint[portal]'）。"""
    try:   # flask and waitress are imported here only, never on the `check` path
        from checker.app.portal.serve import ServeError, serve as run_portal
    except ImportError as err:
        if (err.name or "").split(".")[0] not in ("flask", "waitress", "werkzeug", "jinja2"):
            raise
        _fail("审核平台需要 flask 和 waitress，请先安装：pip install 'fzlint[portal]'")
    try:
        run_portal(data_dir, host, port, max_size * 1024 * 1024, max_text * 1024 * 1024,
                   init=init, secure=secure, say=_say)
    except ServeError as err:
        _fail(str(err))


def run():
    """Entry point with the last line of defence: no traceback reaches the user."""
    try:
        main(standalone_mode=True)
    except (KeyboardInterrupt, _Interrupted):
        signal.signal(signal.SIGINT, signal.SIG_IGN)    # a second Ctrl-C: no traceback either
        click.echo("fzlint: 已中断", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except SystemExit:
        raise
    except Exception as err:  # a bug: say so in one line, show the traceback only on request
        if os.environ.get("FZLINT_DEBUG"):
            raise
        click.echo(f"fzlint: 内部错误：{type(err).__name__}: {err}（设置 FZLINT_DEBUG=1 查看详情）",
                   err=True)
        sys.exit(2)


if __name__ == "__main__":
    run()
