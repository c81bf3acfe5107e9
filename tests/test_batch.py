"""checker.reports.table: the per-draft table (worst first, counts by category) and the progress bar,
on the seeds and through the real CLI (a pseudo-terminal stands in for the reviewer's screen)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections import Counter

from util import ROOT, SEEDS, check_file, run_cli

from checker.app import progress
from checker.reports import table
from checker.model.findings import FileResult
from checker.reports.text import width

HEAD = "各草稿问题统计（问题多的在前）："


def seed_results():
    return [check_file(p) for p in sorted(SEEDS.glob("*.txt"))]


def parse_table(text: str):
    """(header cells, {path: [numbers]} in row order, totals) from a rendered table."""
    lines = text[text.index(HEAD):].splitlines()
    header = lines[1].split()
    rows, failed = [], {}
    for ln in lines[3:]:
        if ln.startswith("-"):
            break
        name, rest = ln.split(None, 1)
        if rest.startswith("无法检查"):
            failed[name] = rest
        else:
            rows.append((name, [int(x) for x in rest.split()]))
    totals = [int(x) for x in lines[-1].split("）", 1)[1].split()]
    return header, rows, failed, totals, lines


def test_table_rows_are_the_drafts_worst_first_with_counts_by_category():
    results = seed_results()
    header, rows, failed, totals, _ = parse_table(table.table(results))
    assert not failed
    assert [name for name, _ in rows] and len(rows) == len(results)
    cats = header[4:-1]       # 草稿 错误 警告 提示 <categories…> 合计
    zh_to_cat = {v: k for k, v in table.CATEGORY_ZH.items()}
    # a row shows the path fitted to the table's column (its tail, wherever the checkout is)
    by_path = {table.fit_path(r.path): r for r in results}
    assert len(by_path) == len(results)
    for name, nums in rows:
        r = by_path[name]
        sev = Counter(f.severity for f in r.findings)
        cat = Counter(f.category for f in r.findings)
        assert nums[:3] == [sev["error"], sev["warning"], sev["info"]], name
        assert nums[3:-1] == [cat[zh_to_cat[c]] for c in cats], name
        assert nums[-1] == len(r.findings)
    # every category with a finding has a column, and none without
    assert {zh_to_cat[c] for c in cats} == {f.category for r in results for f in r.findings}
    keys = [(-n[0], -n[1], -n[2]) for _, n in rows]
    assert keys == sorted(keys)
    assert totals == [sum(n[i] for _, n in rows) for i in range(len(rows[0][1]))]


def test_table_columns_line_up_in_terminal_columns():
    results = seed_results()
    results.append(check_file(ROOT / "tests" / "drafts" / "clean_2024.txt"))
    _, rows, _, _, lines = parse_table(table.table(results))
    widths = {width(ln) for ln in lines[1:] if not ln.startswith("-")}
    assert len(widths) == 1, lines


def test_draft_that_cannot_be_checked_comes_last_with_its_reason(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    empty = "空白草稿.txt"
    (tmp_path / empty).write_bytes(b"")
    bad = check_file(empty)
    assert bad.error
    text = table.table([bad] + seed_results())
    _, rows, failed, totals, lines = parse_table(text)
    assert list(failed) == [empty]
    assert bad.error in failed[empty]
    assert lines[-3].startswith(empty)          # last row before the closing rule
    assert lines[-1].startswith("合计（6 份草稿）")


def test_long_paths_keep_their_file_name():
    long = "县司法局/" + "各乡镇街道上报材料/" * 8 + "马楼乡2024年度法治政府建设情况报告.txt"
    res = check_file(SEEDS / sorted(os.listdir(SEEDS))[0])
    res = FileResult(long, res.findings, res.doc)
    text = table.table([res, check_file(SEEDS / sorted(os.listdir(SEEDS))[1])])
    row = [ln for ln in text.splitlines() if "马楼乡" in ln][0]
    assert row.startswith("…") and "马楼乡2024年度法治政府建设情况报告.txt" in row
    assert width(row.split("  ")[0]) <= table.PATH_WIDTH


def test_cli_ends_text_output_with_the_table_for_several_drafts_only():
    many = run_cli("check", SEEDS)
    assert many.returncode == 1, many.stderr
    assert many.stdout.count(HEAD) == 1
    assert many.stdout.rstrip().splitlines()[-1].startswith("合计（5 份草稿）")
    one = run_cli("check", sorted(SEEDS.glob("*.txt"))[0])
    assert HEAD not in one.stdout
    as_json = run_cli("check", "--format", "json", SEEDS)
    assert HEAD not in as_json.stdout


def run_with_tty_stderr(*args):
    """Run the CLI with standard error on a pseudo-terminal: (exit code, stdout, terminal)."""
    master, slave = os.openpty()
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8", COLUMNS="120")
    env.pop("FZLINT_DEBUG", None)
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen([sys.executable, "-m", "checker", *map(str, args)], stdout=out,
                                stderr=slave, stdin=subprocess.DEVNULL, env=env, cwd=ROOT)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:          # EIO: the child has closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=120)
        os.close(master)
        out.seek(0)
        stdout = out.read().decode("utf-8")
    return proc.returncode, stdout, b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_for_several_drafts():
    code, stdout, tty = run_with_tty_stderr("check", SEEDS)
    assert code == 1
    assert "正在检查" in tty and "5/5" in tty
    for p in SEEDS.glob("*.txt"):
        assert p.stem in tty                      # the draft just checked is named
    assert "正在检查" not in stdout and HEAD in stdout


def test_no_progress_bar_for_one_draft_machine_formats_or_a_pipe(tmp_path):
    one = sorted(SEEDS.glob("*.txt"))[0]
    _, _, tty = run_with_tty_stderr("check", one)
    assert "正在检查" not in tty
    _, stdout, tty = run_with_tty_stderr("check", "--format", "json", SEEDS)
    assert "正在检查" not in tty and stdout.startswith("{")
    piped = run_cli("check", SEEDS)
    assert "正在检查" not in piped.stderr and "正在检查" not in piped.stdout
    # an HTML report is read by people: the bar shows while it is built
    _, _, tty = run_with_tty_stderr("check", "--format", "html", "-o", tmp_path / "r.html", SEEDS)
    assert "5/5" in tty and "已生成审核报告" in tty


class _Stream:
    def __init__(self, tty):
        self.tty = tty

    def isatty(self):
        return self.tty


def test_show_progress_decides_from_count_format_and_terminal():
    assert progress.show_progress(3, "text", _Stream(True))
    assert progress.show_progress(3, "html", _Stream(True))
    assert not progress.show_progress(1, "text", _Stream(True))
    assert not progress.show_progress(3, "text", _Stream(False))
    assert not progress.show_progress(3, "json", _Stream(True))
    assert not progress.show_progress(3, "sarif", _Stream(True))
    assert not progress.show_progress(3, "text", object())
    with progress.progress([1, 2, 3], show=False) as items:
        assert list(items) == [1, 2, 3]


class _FakeTerminal:
    """Standard error as a terminal that keeps what is written to it."""

    def __init__(self):
        self.parts = []

    def write(self, s):
        self.parts.append(s)

    def flush(self):
        pass

    def isatty(self):
        return True


def test_progress_bar_ends_complete_whichever_way_the_items_are_pulled(monkeypatch):
    def work(paths):
        for p in paths:
            yield p.upper()

    for pull in (lambda items: [p.upper() for p in items],          # a plain loop
                 lambda items: [r for r, _ in zip(work(["a", "b", "c"]), items)]):  # zip
        term = _FakeTerminal()
        monkeypatch.setattr(sys, "stderr", term)
        with progress.progress(["a", "b", "c"], show=True) as items:
            assert pull(items) == ["A", "B", "C"]
        shown = "".join(term.parts)
        frames = [f for f in shown.split("\r") if f.strip()]
        assert "\n" not in shown and frames[0].startswith("正在检查") and "0/3" in frames[0]
        assert "3/3" in frames[-1]                 # the last step is always drawn
        assert shown.endswith("\r") and not shown.rstrip("\r").rsplit("\r", 1)[-1].strip()
