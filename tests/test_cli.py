"""The real command line: output shapes, exit codes, select/ignore, rules/explain/version."""

import json
import re

import pytest

from util import ROOT, cli_json, run_cli, seed_path

CLEAN = ROOT / "tests" / "drafts" / "clean_2024.txt"
SEED2 = seed_path("002")


def test_json_shape_is_the_documented_one():
    data = cli_json(SEED2)
    assert set(data) == {"tool", "files", "not_checked", "summary"}
    assert data["tool"]["name"] == "fzlint" and re.match(r"\d+\.\d+", data["tool"]["version"])
    (entry,) = data["files"]
    assert entry["path"] == str(SEED2)
    keys = {"rule", "category", "severity", "message", "line", "column", "end_line",
            "end_column", "excerpt", "related", "fix", "suggestions", "count", "fixes"}
    edit = {"line", "column", "end_line", "end_column", "replacement", "applicability"}
    for f in entry["findings"]:
        assert set(f) == keys
        assert f["fix"] is None or (set(f["fix"]) == edit and f["fix"]["applicability"] == "safe")
        assert all(set(s) == edit and s["applicability"] == "suggestion" for s in f["suggestions"])
        # added for grouped findings: every safe fix, the first being `fix`
        assert f["count"] >= 1 and f["fixes"][:1] == ([f["fix"]] if f["fix"] else [])
        assert f["severity"] in ("error", "warning", "info")
        assert f["category"] in ("structure", "numbering", "duplicate", "numbers", "consistency",
                                 "wording", "typo", "punctuation", "format")
        for r in f["related"]:
            assert {"path", "line", "column", "message"} <= set(r) <= {
                "path", "line", "column", "message", "end_line", "end_column", "rule"}
    gap = [f for f in entry["findings"] if f["rule"] == "FZ201"][0]
    assert (gap["line"], gap["column"], gap["end_line"], gap["end_column"]) == (28, 1, 28, 4)
    assert gap["excerpt"] == "（三）" and gap["related"][0]["line"] == 24
    s = data["summary"]
    assert s["files"] == 1 and s["findings"] == len(entry["findings"])
    assert s["errors"] + s["warnings"] + s["infos"] == s["findings"]


def test_text_format_lines_and_marks():
    proc = run_cli("check", SEED2, "--select", "FZ201")
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[0] == f"{SEED2}:28:1: FZ201 错误 标题序号不连续：（一）之后是（三），缺少（二）"
    assert lines[1].strip().startswith("28 | （三）着力夯实")
    assert lines[2].endswith("^" * 6)          # three full-width characters = six columns
    assert "\x1b[" not in proc.stdout           # NO_COLOR / not a TTY
    assert lines[-1].startswith("检查了 1 个文件，发现 1 个问题")


def test_color_always_uses_ansi_and_no_color_wins_on_auto():
    assert "\x1b[" in run_cli("check", SEED2, "--color", "always").stdout
    assert "\x1b[" not in run_cli("check", SEED2, "--color", "auto").stdout


@pytest.mark.parametrize("args,code", [
    ((CLEAN,), 0),
    ((SEED2,), 1),
    ((SEED2, "--fail-on", "error"), 1),
    ((seed_path("004"), "--select", "structure", "--fail-on", "error"), 0),  # warnings only
    ((SEED2, "--fail-on", "never"), 0),
    ((SEED2, "--select", "FZ112", "--fail-on", "info"), 1),
])
def test_exit_codes(args, code):
    assert run_cli("check", *args).returncode == code


def test_select_and_ignore_by_id_prefix_and_category():
    rules = lambda *a: sorted({f["rule"] for f in cli_json(SEED2, *a)["files"][0]["findings"]})
    assert rules("--select", "FZ2") == ["FZ201"]
    assert rules("--select", "numbering") == ["FZ201"]
    assert rules("--select", "structure", "--ignore", "FZ11,FZ106") == []
    assert rules("--select", "FZ111", "--select", "FZ112") == ["FZ111", "FZ112"]


def test_usage_errors_exit_2():
    assert run_cli("check").returncode == 2
    assert run_cli("check", SEED2, "--format", "nope").returncode == 2
    assert run_cli("check", SEED2, "--year", "abc").returncode == 2


def test_rules_explain_version():
    proc = run_cli("rules")
    assert proc.returncode == 0
    row = [ln for ln in proc.stdout.splitlines() if ln.startswith("FZ201")][0]
    assert "numbering" in row and "error" in row
    proc = run_cli("explain", "fz103")
    assert proc.returncode == 0
    for word in ("为什么", "错误示例", "正确示例", "第一责任人"):
        assert word in proc.stdout
    bad = run_cli("explain", "FZ999")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert re.match(r"fzlint \d+\.\d+", run_cli("--version").stdout)


def test_output_file_and_refusal_to_overwrite_input(tmp_path):
    out = tmp_path / "r.json"
    proc = run_cli("check", SEED2, "--format", "json", "-o", out)
    assert proc.returncode == 1 and proc.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["files"] == 1
    draft = tmp_path / "d.txt"
    draft.write_bytes(SEED2.read_bytes())
    proc = run_cli("check", draft, "-o", draft)
    assert proc.returncode == 2 and draft.read_bytes() == SEED2.read_bytes()


def test_unknown_selector_warns_on_stderr():
    proc = run_cli("check", SEED2, "--select", "FZ999,FZ2")
    assert proc.returncode == 1 and "FZ999" in proc.stderr and "FZ201" in proc.stdout
