"""File names are shown escaped, the same way in every output: a name that is not valid UTF-8
(a GBK name from a Windows zip) never breaks a report, and a name holding control characters
never reaches a terminal raw.  Robustness issue items 13 and 16, through the real CLI."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time

import pytest

from util import run_cli, seed_path

FORMATS = ("text", "json", "concise", "github", "sarif", "html")
GBK_NAME = b"\xb2\xdd\xb8\xe5.txt"          # 草稿.txt in GBK
# what a user sees for it: each byte that is not UTF-8 as \xNN (b"\xdd\xb8" happens to be valid)
GBK_SHOWN = GBK_NAME.decode("utf-8", "backslashreplace")
# OSC "set title" and "clear screen", a bell and a newline, in a name that sorts first
CONTROL_NAME = "a\x1b]0;t\x07\x1b[2J\n.txt"
CONTROL_SHOWN = "a\\x1b]0;t\\x07\\x1b[2J\\n.txt"

# what fzlint itself writes to a terminal: colours (SGR), cursor hiding and showing (none
# since the progress bar is fzlint's own), carriage returns and newlines; nothing else
OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;]*m|\x1b\[\?25[lh]")


def raw_controls(text: str) -> set[str]:
    return {ch for ch in OWN_SEQUENCES.sub("", text)
            if (not ch.isprintable() and ch not in "\n\r") or "\x80" <= ch <= "\x9f"}


@pytest.fixture
def gbk_folder(tmp_path):
    folder = tmp_path / "zip"
    folder.mkdir()
    seed = seed_path("000").read_bytes()
    (folder / "normal.txt").write_bytes(seed)
    with open(os.path.join(os.fsencode(folder), GBK_NAME), "wb") as fh:
        fh.write(seed)
    return folder


def _complete(fmt: str, text: str, folder) -> None:
    """The report covers both drafts and is whole."""
    both = [f"{folder.name}/{GBK_SHOWN}", f"{folder.name}/normal.txt"]
    if fmt == "json":
        doc = json.loads(text)
        assert sorted(f["path"] for f in doc["files"]) == both
        assert doc["summary"]["files"] == 2 and doc["summary"]["failed"] == 0
        assert all(f["findings"] for f in doc["files"])
    elif fmt == "sarif":
        run = json.loads(text)["runs"][0]
        uris = sorted(a["location"]["uri"].rsplit("/", 1)[-1] for a in run["artifacts"])
        assert uris == ["%B2%DD%B8%E5.txt", "normal.txt"]      # the name's real bytes
        assert run["invocations"][0]["executionSuccessful"]
        hits = {r["locations"][0]["physicalLocation"]["artifactLocation"]["index"]
                for r in run["results"]}
        assert hits == {0, 1}
    elif fmt == "html":
        assert text.rstrip().endswith("</html>")
        assert text.count('<section class="draft"') == 2
        assert GBK_SHOWN in text
    else:
        for name in both:
            assert name in text, (fmt, name)
        if fmt == "text":
            assert "检查了 2 个文件" in text and "各草稿问题统计" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_non_utf8_name_in_every_format_to_a_file_and_to_stdout(gbk_folder, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    cwd = gbk_folder.parent
    to_file = run_cli("check", "-f", fmt, "-o", out, gbk_folder.name, cwd=cwd, timeout=120)
    assert to_file.returncode == 1, to_file.stderr
    assert "内部错误" not in to_file.stderr and "Traceback" not in to_file.stderr
    written = out.read_bytes().decode("utf-8")            # strict: the report is valid UTF-8
    assert "\udcb2" not in written
    _complete(fmt, written, gbk_folder)

    to_stdout = subprocess.run([sys.executable, "-m", "checker", "check", "-f", fmt,
                                gbk_folder.name], cwd=cwd, capture_output=True, timeout=120,
                               env=dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1"))
    assert to_stdout.returncode == 1, to_stdout.stderr
    printed = to_stdout.stdout.decode("utf-8")
    assert "内部错误" not in to_stdout.stderr.decode("utf-8")
    _complete(fmt, printed, gbk_folder)
    assert printed == written


def test_control_characters_in_names_with_colour_forced(tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    seed = seed_path("000").read_bytes()
    (folder / CONTROL_NAME).write_bytes(seed)
    (folder / "normal.txt").write_bytes(seed)
    proc = run_cli("check", "--color", "always", folder.name, cwd=tmp_path, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "\x1b[" in proc.stdout                         # colour is on
    assert raw_controls(proc.stdout) == set() and raw_controls(proc.stderr) == set()
    shown = f"{folder.name}/{CONTROL_SHOWN}"
    assert any(line.startswith(f"\x1b[1m{shown}\x1b[0m:") for line in proc.stdout.splitlines())
    table = proc.stdout[proc.stdout.index("各草稿问题统计"):]
    assert shown in table                                 # the end-of-run table
    for fmt in ("concise", "github", "json"):
        proc = run_cli("check", "-f", fmt, "--color", "always", folder.name, cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        assert raw_controls(proc.stdout) == set(), fmt
        assert shown in proc.stdout or shown.replace("\\", "\\\\") in proc.stdout, fmt


def test_control_characters_in_warnings_and_errors(tmp_path):
    missing = tmp_path / "gone\x1b]0;t\x07\x1b[2J.txt"
    proc = run_cli("check", "--color", "always", missing, timeout=60)
    assert proc.returncode == 2
    assert raw_controls(proc.stderr) == set() and proc.stderr.count("\n") == 1
    assert "gone\\x1b]0;t\\x07\\x1b[2J.txt" in proc.stderr
    empty = tmp_path / "empty\x1b[2J\nfolder"
    empty.mkdir()
    draft = tmp_path / "draft.txt"
    draft.write_bytes(seed_path("000").read_bytes())
    proc = run_cli("check", "--color", "always", empty, draft, timeout=60)
    assert "empty\\x1b[2J\\nfolder" in proc.stderr                     # the warning
    assert raw_controls(proc.stderr) == set() and raw_controls(proc.stdout) == set()
    pack = tmp_path / "pack\x1b]0;t\x07.yaml"
    proc = run_cli("check", "--no-config", "--rules", pack, draft, timeout=60)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert raw_controls(proc.stderr) == set() and "pack\\x1b]0;t\\x07.yaml" in proc.stderr


def _run_on_a_terminal(args, cwd, timeout=120):
    """Run the CLI with stdout and stderr on a pseudo-terminal (progress bar and colour on, as
    for a person watching); returns (exit status, everything the terminal got)."""
    import pty
    master, slave = pty.openpty()
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen([sys.executable, "-m", "checker", *map(str, args)], cwd=cwd,
                            stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while True:
            assert time.monotonic() < deadline, "the run did not end"
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:                # EIO: the other side is closed
                data = b""
            if not data:
                break
            chunks.append(data)
        status = proc.wait(timeout=30)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return status, b"".join(chunks).decode("utf-8")


def test_control_characters_on_a_terminal_with_the_progress_bar(tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    seed = seed_path("000").read_bytes()
    (folder / CONTROL_NAME).write_bytes(seed)
    for i in range(3):
        (folder / f"n{i}.txt").write_bytes(seed)
    status, screen = _run_on_a_terminal(["check", folder.name], cwd=tmp_path)
    assert status == 1, screen[-2000:]
    assert "\x1b[1m" in screen and "正在检查" in screen     # colour and the progress bar are on
    assert raw_controls(screen) == set()
    bar = [part for part in screen.split("\r") if "正在检查" in part]
    stem = CONTROL_SHOWN[:-len(".txt")]      # the bar shows the name without its extension
    assert any(stem in part for part in bar), bar             # the bar names the draft, escaped
