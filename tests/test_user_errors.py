"""User mistakes are one-line user errors naming the file (exit 2), never a hang, a traceback or
"内部错误，请报告此问题"; Ctrl-C is exit 130 with one line.  All through the real CLI.

Robustness issue items 8 (FIFOs as config and packs), 14 (config and pack mistakes, message
templates), 19 (Ctrl-C)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from util import ROOT, run_cli, seed_path

DRAFT = ROOT / "tests" / "drafts" / "clean_2024.txt"

# A rule whose message is the template under test: existence fills {found} only.
PACK = """\
pack: county
rules:
  - id: XC601
    kind: existence
    category: wording
    severity: warning
    message: {message}
    entries:
      - 法治
"""


def assert_user_error(proc, *words):
    """Exit 2, exactly one line on stderr holding each word, no internal error."""
    lines = proc.stderr.splitlines()
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("fzlint: 错误："), proc.stderr
    assert "内部错误" not in proc.stderr and "Traceback" not in proc.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def draft_in(folder):
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "draft.txt"
    target.write_bytes(DRAFT.read_bytes())
    return target


# --- item 8: a FIFO where a config or pack is expected ---------------------------------------

def test_fifo_as_config_is_refused_not_waited_on(tmp_path):
    draft = draft_in(tmp_path)
    fifo = tmp_path / "settings.yaml"
    os.mkfifo(fifo)
    proc = run_cli("check", "--config", fifo, draft, timeout=60)
    assert_user_error(proc, str(fifo), "不是普通文件")
    toml = tmp_path / "pyproject.toml"
    os.mkfifo(toml)
    proc = run_cli("check", "--config", toml, draft, timeout=60)
    assert_user_error(proc, str(toml), "不是普通文件")


def test_fifo_as_pack_in_rules_is_refused(tmp_path):
    draft = draft_in(tmp_path)
    fifo = tmp_path / "county.yaml"
    os.mkfifo(fifo)
    proc = run_cli("check", "--no-config", "--rules", fifo, draft, timeout=60)
    assert_user_error(proc, str(fifo), "不是普通文件")
    proc = run_cli("rules", "--rules", fifo, timeout=60)
    assert_user_error(proc, str(fifo))
    # a FIFO named *.yaml inside a --rules folder
    packs = tmp_path / "packs"
    packs.mkdir()
    os.mkfifo(packs / "a.yaml")
    proc = run_cli("check", "--no-config", "--rules", packs, draft, timeout=60)
    assert_user_error(proc, "a.yaml", "不是普通文件")


def test_fifo_in_a_packs_extends_is_refused(tmp_path):
    draft = draft_in(tmp_path)
    os.mkfifo(tmp_path / "parent.yaml")
    child = tmp_path / "child.yaml"
    child.write_text("pack: child\nextends: [parent.yaml]\nrules: []\n", encoding="utf-8")
    proc = run_cli("check", "--no-config", "--rules", child, draft, timeout=60)
    assert_user_error(proc, "parent.yaml", "不是普通文件")


def test_fifo_named_by_a_config_is_refused(tmp_path):
    draft = draft_in(tmp_path)
    os.mkfifo(tmp_path / "county.yaml")
    (tmp_path / ".fzlint.yaml").write_text("rules: [county.yaml]\n", encoding="utf-8")
    proc = run_cli("check", draft, timeout=60)
    assert_user_error(proc, "county.yaml", "不是普通文件")


# --- item 14: config mistakes ----------------------------------------------------------------

def test_broken_pack_named_by_a_config_beside_the_drafts_checked_from_elsewhere(tmp_path):
    drafts = tmp_path / "drafts"
    draft_in(drafts)
    (drafts / "second.txt").write_bytes(DRAFT.read_bytes())
    (drafts / "bad.yaml").write_text("pack: bad\nrules:\n  - id: XC1\n", encoding="utf-8")
    (drafts / ".fzlint.yaml").write_text("rules: [bad.yaml]\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for args in ((drafts,), (drafts / "draft.txt",), ("-j", "2", drafts)):
        proc = run_cli("check", *args, cwd=elsewhere, timeout=120)
        line = assert_user_error(proc, "bad.yaml:3:", "缺少必填键")
        assert "请报告" not in line
        assert proc.stdout == ""        # refused before any draft is reported


def test_empty_path_in_config_rules(tmp_path):
    draft = draft_in(tmp_path)
    config = tmp_path / ".fzlint.yaml"
    config.write_text("rules: ['']\n", encoding="utf-8")
    assert_user_error(run_cli("check", draft), str(config), "rules")
    config.write_text("rules: [packs/, '  ']\n", encoding="utf-8")
    assert_user_error(run_cli("check", draft), str(config), "rules")


@pytest.mark.parametrize("text", ["select: " + "[" * 3000 + "]" * 3000 + "\n",
                                  "severity: " + "{a: " * 3000 + "}" * 3000 + "\n"])
def test_config_nested_too_deeply(tmp_path, text):
    draft = draft_in(tmp_path)
    config = tmp_path / ".fzlint.yaml"
    config.write_text(text, encoding="utf-8")
    assert_user_error(run_cli("check", draft), str(config), "嵌套过深")
    assert_user_error(run_cli("check", "--config", config, draft), str(config))


def test_pyproject_nested_too_deeply(tmp_path):
    draft = draft_in(tmp_path)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.fzlint]\nselect = " + "[" * 3000 + "]" * 3000 + "\n",
                         encoding="utf-8")
    assert_user_error(run_cli("check", draft), str(pyproject))


def test_tool_that_is_not_a_table_in_pyproject(tmp_path):
    draft = draft_in(tmp_path)
    pyproject = tmp_path / "pyproject.toml"
    # found by the upward search (it mentions [tool.fzlint]) and given with --config
    pyproject.write_text('# settings: see [tool.fzlint] in the README\ntool = "fzlint"\n',
                         encoding="utf-8")
    assert_user_error(run_cli("check", draft), str(pyproject), "tool")
    assert_user_error(run_cli("check", "--config", pyproject, draft), str(pyproject), "tool")
    pyproject.write_text('[tool]\nfzlint = "strict"\n', encoding="utf-8")
    assert_user_error(run_cli("check", "--config", pyproject, draft), str(pyproject))


# --- item 14: message templates --------------------------------------------------------------

def write_pack(tmp_path, message: str, name: str = "county.yaml"):
    pack = tmp_path / name
    pack.write_text(PACK.format(message=message), encoding="utf-8")
    return pack


BAD_MESSAGES = {
    "positional": ('"第{0}处"', "位置占位符 {0}"),
    "empty-positional": ('"第{}处"', "位置占位符 {}"),
    "huge-spec": ('"“{found:>2000000000}”"', "{found:>2000000000}"),
    "spec": ('"“{found:.3}”"', "格式说明"),
    "conversion": ('"“{found!r}”"', "{found!r}"),
    "attribute": ('"“{found.__class__}”"', "{found.__class__}"),
    "index": ('"“{found[0]}”"', "{found[0]}"),
    "unpaired": ('"“{found”"', "花括号"),
    "unpaired-close": ('"found}"', "花括号"),
}


@pytest.mark.parametrize("case", sorted(BAD_MESSAGES))
def test_unsafe_message_template_is_refused_at_load(tmp_path, case):
    message, word = BAD_MESSAGES[case]
    pack = write_pack(tmp_path, message)
    proc = run_cli("check", "--no-config", "--rules", pack, DRAFT, timeout=60)
    assert_user_error(proc, f"{pack}:7: message: ", word)
    assert proc.stdout == ""
    proc = run_cli("rules", "--rules", pack, timeout=60)
    assert_user_error(proc, f"{pack}:7: message: ")


def test_unknown_placeholder_names_the_ones_the_kind_fills(tmp_path):
    pack = write_pack(tmp_path, '"“{foud}”应删去"')
    proc = run_cli("check", "--no-config", "--rules", pack, DRAFT, timeout=60)
    line = assert_user_error(proc)
    assert line == f"fzlint: 错误：{pack}:7: message: 未知的占位符 {{foud}}（可用：found）"


def test_entry_and_option_messages_are_checked_too(tmp_path):
    # an entry's own message: the line of that message key
    pack = tmp_path / "entries.yaml"
    pack.write_text(PACK.format(message='"“{found}”"')
                    + "      - pattern: 政府\n        message: \"改为{use}\"\n", encoding="utf-8")
    proc = run_cli("check", "--no-config", "--rules", pack, DRAFT, timeout=60)
    assert_user_error(proc, f"{pack}:11: message: 未知的占位符 {{use}}（可用：found）")
    # a kind's *_message option
    pack = tmp_path / "option.yaml"
    pack.write_text("pack: county\nrules:\n  - id: XC801\n    kind: doubled-punct\n"
                    "    category: punctuation\n    severity: warning\n"
                    "    message: \"“{found}”改为“{good}”\"\n"
                    "    clash_message: \"{found:>999999999}\"\n", encoding="utf-8")
    proc = run_cli("check", "--no-config", "--rules", pack, DRAFT, timeout=60)
    assert_user_error(proc, f"{pack}:8: clash_message: ", "格式说明")


def test_good_templates_still_work(tmp_path):
    """{name} is filled, {{ }} are braces; the finding's message says so in the JSON."""
    import json
    pack = write_pack(tmp_path, '"{{示例}}“{found}”"')
    proc = run_cli("check", "--no-config", "--select", "XC601", "--rules", pack, "-f", "json",
                   DRAFT, timeout=60)
    assert proc.returncode == 1, proc.stderr
    messages = {f["message"] for f in json.loads(proc.stdout)["files"][0]["findings"]}
    assert messages == {"{示例}“法治”"}


def test_explain_lists_the_placeholders():
    proc = run_cli("explain", "FZ801")          # halfwidth-punct
    assert proc.returncode == 0, proc.stderr
    assert "可用占位符：{found} {good}" in proc.stdout.splitlines()
    proc = run_cli("explain", "FZ111")          # closing-part fills none
    assert proc.returncode == 0, proc.stderr
    assert "可用占位符：无" in proc.stdout.splitlines()


# --- item 19: Ctrl-C ---------------------------------------------------------------------------

def _default_sigint():
    signal.signal(signal.SIGINT, signal.SIG_DFL)   # even if whoever runs the tests ignores it


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_exits_130_with_one_line(tmp_path, jobs):
    folder = tmp_path / "drafts"
    folder.mkdir()
    seed = seed_path("000").read_bytes()
    for i in range(300):                       # about ten seconds of work at -j 1
        (folder / f"d{i:03}.txt").write_bytes(seed)
    env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1")
    env.pop("FZLINT_DEBUG", None)
    proc = subprocess.Popen([sys.executable, "-m", "checker", "check", "-f", "concise",
                             "-j", jobs, folder], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env,
                            preexec_fn=_default_sigint)
    try:
        seen = set()
        while len(seen) < 12:                  # well into the run (the pool is working at -j 2)
            line = proc.stdout.readline()
            assert line, "the run ended before it could be interrupted"
            seen.add(line.split(b":", 1)[0])
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    err = err.decode("utf-8")
    assert proc.returncode == 130, (proc.returncode, err)
    assert err == "fzlint: 已中断\n", err
