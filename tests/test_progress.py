"""The progress bar: one line redrawn in place, never wider than the terminal (CJK counted as
two columns), showing the part of the name that differs between drafts, the time left only
once the rate is known, and nothing when standard error is not a terminal.

The end-to-end tests run the real CLI on a county folder (tests/county_folder.py) with standard
error on a pseudo-terminal whose window size is set with TIOCSWINSZ."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios

import pytest

import county_folder
from checker.app import progress
from checker.app.progress import Bar, distinct_names
from checker.reports.text import width
from util import ROOT, run_cli

TOWNS = ["马楼乡", "张官营镇", "城关镇", "梁洼镇", "辛集乡"]
LONG = "2024年度法治政府建设情况报告"


def names(towns, folder="/tmp/县/2024年", ext=".docx"):
    return [f"{folder}/{t}{LONG}{ext}" for t in towns]


# --- which part of the name -------------------------------------------------------------------

def test_the_township_is_what_differs():
    paths = names(TOWNS)
    assert [distinct_names(paths)[p] for p in paths] == TOWNS
    # mixed formats: the extension is not what differs
    mixed = [p.replace(".docx", ext) for p, ext in zip(paths, [".txt", ".md", ".docx", ".txt", ".md"])]
    assert [distinct_names(mixed)[p] for p in mixed] == TOWNS
    # a shared first character of the townships stays with the township (cut at word bounds)
    two = names(["马楼乡", "马村镇"])
    assert [distinct_names(two)[p] for p in two] == ["马楼乡", "马村镇"]
    # one folder per township, each holding 报告.docx
    folders = [f"乡镇/{t}/报告.docx" for t in TOWNS[:3]]
    assert [distinct_names(folders)[p] for p in folders] == TOWNS[:3]
    # the county's name in front is shared, so it is not shown
    county = [f"鲁山县{t}人民政府关于{LONG}.txt" for t in TOWNS[:2]]
    assert [distinct_names(county)[p] for p in county] == TOWNS[:2]
    # a README and a cover note among the drafts do not hide what the drafts share
    others = paths + ["/tmp/县/2024年/README.md", "/tmp/县/2024年/报送说明.txt"]
    shown = distinct_names(others)
    assert [shown[p] for p in paths] == TOWNS
    assert shown[others[-2]] == "README" and shown[others[-1]] == "报送说明"
    # ASCII names are not cut between letters and digits; a short name is still shown
    short = ["d/n0.txt", "d/n1.txt", "d/n2.txt"]
    assert [distinct_names(short)[p] for p in short] == ["n0", "n1", "n2"]
    bar = Bar(short, io.StringIO())
    bar.pos = 1
    assert bar.line(80, 0.0, short[0]).endswith("  n0")
    # a single draft: its file name
    assert distinct_names(["/x/草稿.txt"]) == {"/x/草稿.txt": "草稿.txt"}


# --- the line --------------------------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


@pytest.mark.parametrize("columns", [8, 20, 40, 60, 80, 100, 160, 240])
def test_line_never_wider_than_the_terminal(columns):
    towns = TOWNS + ["一个名字非常非常长的乡镇街道办事处社区服务中心", "①号·东—西……片区"]
    paths = names(towns * 30)
    bar = Bar(paths, io.StringIO(), clock=Clock())
    for k, p in enumerate(paths):
        bar.pos = k
        bar.first_done = 0.0
        line = bar.line(columns, 10.0 + k, p)
        # …, ·, — and ① are two columns wide on a terminal with a Chinese font: counted so
        assert progress.width(line) <= columns - 1, line
        assert width(line) <= progress.width(line)
        assert "\n" not in line and "\r" not in line


def test_line_shows_township_count_and_bar_at_80():
    paths = names(TOWNS * 9)            # 45 drafts
    bar = Bar(paths, io.StringIO(), clock=Clock())
    bar.pos = 12
    line = bar.line(80, 0.0, paths[11])
    assert line.startswith("正在检查  [") and "12/45" in line and line.endswith(TOWNS[11 % 5])
    assert LONG not in line


def test_time_left_only_once_the_rate_is_known():
    clock = Clock()
    paths = names(TOWNS * 8)            # 40 drafts
    bar = Bar(paths, io.StringIO(), clock=clock)
    clock.now += 3.0                    # the first draft pays for loading rules, workers …
    bar.step(paths[0])
    assert bar.eta(clock.now) is None
    for p in paths[1:MIN_DONE()]:
        clock.now += 0.1
        bar.step(p)
    assert bar.eta(clock.now) is None   # MIN_DONE drafts, but under MIN_SECONDS of measure
    while clock.now - bar.first_done < progress.MIN_SECONDS:
        clock.now += 0.1
        bar.step(paths[bar.pos])
    left = bar.eta(clock.now)
    # 0.1 s a draft after the first: the time left is about 0.1 s per remaining draft, not the
    # 3 s of the first one extrapolated
    assert left == pytest.approx(0.1 * (bar.total - bar.pos), rel=0.01)
    assert "剩余约" in bar.line(80, clock.now, paths[bar.pos - 1])


def MIN_DONE():
    return progress.MIN_DONE


def test_redraws_in_place_and_clears():
    out = io.StringIO()
    clock = Clock()
    paths = names(TOWNS * 4)
    with progress.progress(paths, True, stream=out) as items:
        for p in items:
            clock.now += 1
    text = out.getvalue()
    assert "\n" not in text
    assert text.startswith("\r正在检查") and text.endswith("\r")
    last = text.rstrip("\r").rsplit("\r", 1)[-1]
    assert last.strip() == ""           # erased at the end
    # items.clear() erases the line before other output; the next step draws it again
    out = io.StringIO()
    with progress.progress(paths[:3], True, stream=out) as items:
        it = iter(items)
        next(it)
        items.clear()
        assert out.getvalue().endswith("\r")


def test_no_bar_unless_a_terminal(tmp_path):
    class Tty(io.StringIO):
        def isatty(self):
            return True
    assert progress.show_progress(5, "text", Tty())
    assert not progress.show_progress(5, "text", io.StringIO())     # not a terminal
    assert not progress.show_progress(1, "text", Tty())             # one draft: no bar
    assert not progress.show_progress(5, "json", Tty())             # machine formats: none
    folder = tmp_path / "c"
    county_folder.build(folder, n=4)
    proc = run_cli("check", folder)           # stderr is a pipe
    assert proc.returncode == 1
    assert "正在检查" not in proc.stderr and "\r" not in proc.stderr


# --- on a real pseudo-terminal ---------------------------------------------------------------

@pytest.fixture(scope="module")
def county(tmp_path_factory):
    folder = tmp_path_factory.mktemp("county") / "县2024年度报告"
    county_folder.build(folder, n=44)
    return folder


def run_on_pty(args, rows=24, cols=80, env_columns=None, tmp=None):
    """Run the CLI with stderr on a pty of the given size (stdout to a file); what the
    terminal received, decoded."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8")
    env.pop("COLUMNS", None)
    env.pop("FZLINT_DEBUG", None)
    if env_columns:
        env["COLUMNS"] = str(env_columns)
    with open(tmp / "stdout.txt", "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "checker", *map(str, args)],
                                stdout=out, stderr=slave, stdin=subprocess.DEVNULL,
                                cwd=ROOT, env=env)
        os.close(slave)
        got = bytearray()
        while True:
            ready, _, _ = select.select([master], [], [], 120)
            if not ready:
                proc.kill()
                raise AssertionError("no output from the CLI on the pty for 120 s")
            try:
                chunk = os.read(master, 65536)
            except OSError:          # EIO: the child closed the terminal
                break
            if not chunk:
                break
            got += chunk
        rc = proc.wait(timeout=120)
    os.close(master)
    return rc, got.decode("utf-8")


def check_terminal_output(text, cols, towns):
    assert "\n" not in text, "a newline on the terminal: the bar did not redraw in place"
    frames = [f for f in text.split("\r") if f.strip()]
    bars = [f for f in frames if f.startswith("正在检查")]
    assert len(bars) >= 3, frames
    for f in frames:
        assert progress.width(f) <= cols - 1, f"{width(f)} columns at a {cols}-column terminal: {f!r}"
    assert any(any(t in f for t in towns) for f in bars), bars     # the township is shown
    assert not any(LONG in f for f in bars)                          # not the shared tail
    for f in bars:                                                   # no guess at the start
        done = int(re.search(r"(\d+)/\d+", f).group(1))
        assert done >= progress.MIN_DONE or "剩余" not in f, f
    assert text.rstrip("\r").rsplit("\r", 1)[-1].strip() == ""       # erased at the end


@pytest.mark.parametrize("cols", [80, 160])
def test_bar_on_a_pty(county, tmp_path, cols):
    towns = [p.name.split("2024")[0] for p in county.iterdir()]
    rc, text = run_on_pty(["check", county], cols=cols, tmp=tmp_path)
    assert rc == 1
    check_terminal_output(text, cols, towns)
    report = (tmp_path / "stdout.txt").read_text(encoding="utf-8")
    assert "合计（44 份草稿）" in report and "\r" not in report


def test_columns_variable_wins_over_the_window(county, tmp_path):
    towns = [p.name.split("2024")[0] for p in county.iterdir()]
    rc, text = run_on_pty(["check", county, "--jobs", "1"], cols=200, env_columns=60,
                          tmp=tmp_path)
    assert rc == 1
    check_terminal_output(text, 60, towns)
