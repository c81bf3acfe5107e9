"""Which files are drafts: `exclude` / `extend-exclude` (config and command line, ruff's
semantics) and --force-exclude for files named on the command line."""

from __future__ import annotations

import json
import os

import pytest

from checker.readers.folders import Exclude
from util import run_cli, seed_text


def make_tree(root):
    """A drafts folder: two drafts, a cover note, an archive folder, a tool folder."""
    (root / "乡镇").mkdir(parents=True)
    (root / "乡镇" / "青石镇.txt").write_text(seed_text("001"), encoding="utf-8")
    (root / "乡镇" / "杂色镇.md").write_text(seed_text("002"), encoding="utf-8")
    (root / "乡镇" / "报送说明.txt").write_text("现将我镇年度报告报送，请审阅。\n", encoding="utf-8")
    (root / "归档" / "2023").mkdir(parents=True)
    (root / "归档" / "2023" / "旧稿.txt").write_text(seed_text("003"), encoding="utf-8")
    (root / "node_modules" / "x").mkdir(parents=True)
    (root / "node_modules" / "x" / "readme.txt").write_text("npm package\n", encoding="utf-8")
    return root


def checked(*args, cwd):
    proc = run_cli("check", "--format", "json", "--jobs", "1", *args, cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    return sorted(os.path.relpath(os.path.join(cwd, f["path"]), cwd).replace(os.sep, "/")
                  for f in json.loads(proc.stdout)["files"])


ALL = ["乡镇/报送说明.txt", "乡镇/杂色镇.md", "乡镇/青石镇.txt", "归档/2023/旧稿.txt"]


def test_default_exclude_leaves_out_tool_folders_only(tmp_path):
    make_tree(tmp_path)
    assert checked(".", cwd=tmp_path) == ALL            # node_modules/ is not walked


def test_extend_exclude_in_fzlint_yaml(tmp_path):
    make_tree(tmp_path)
    (tmp_path / ".fzlint.yaml").write_text('extend-exclude: ["*说明*", "归档"]\n', encoding="utf-8")
    assert checked(".", cwd=tmp_path) == ["乡镇/杂色镇.md", "乡镇/青石镇.txt"]
    # the same config applies when the folder is walked from elsewhere
    assert checked(str(tmp_path / "乡镇"), cwd=tmp_path.parent) == [
        f"{tmp_path.name}/乡镇/杂色镇.md", f"{tmp_path.name}/乡镇/青石镇.txt"]


def test_relative_pattern_is_anchored_at_the_config_folder(tmp_path):
    make_tree(tmp_path)
    (tmp_path / "乡镇" / "归档").mkdir()
    (tmp_path / "乡镇" / "归档" / "另一稿.txt").write_text(seed_text("004"), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.fzlint]\nextend-exclude = ["归档/**"]\n', encoding="utf-8")
    # 归档/** names the top folder only: 乡镇/归档 is still walked
    assert checked(".", cwd=tmp_path) == sorted(ALL[:3] + ["乡镇/归档/另一稿.txt"])


def test_exclude_replaces_the_defaults(tmp_path):
    make_tree(tmp_path)
    (tmp_path / "node_modules" / "x" / "readme.txt").write_text(seed_text("000"), encoding="utf-8")
    (tmp_path / ".fzlint.yaml").write_text("exclude: [归档]\n", encoding="utf-8")
    assert checked(".", cwd=tmp_path) == sorted(ALL[:3] + ["node_modules/x/readme.txt"])


def test_command_line_exclude_and_extend_exclude(tmp_path):
    make_tree(tmp_path)
    (tmp_path / ".fzlint.yaml").write_text("extend-exclude: [归档]\n", encoding="utf-8")
    # --extend-exclude adds to the config's patterns
    assert checked(".", "--extend-exclude", "*.md", cwd=tmp_path) == [
        "乡镇/报送说明.txt", "乡镇/青石镇.txt"]
    # --exclude replaces `exclude` (and the defaults); the config's extend-exclude still applies
    assert checked(".", "--exclude", "乡镇/青石镇.txt,node_modules", cwd=tmp_path) == [
        "乡镇/报送说明.txt", "乡镇/杂色镇.md"]


def test_named_file_is_checked_unless_force_exclude(tmp_path):
    make_tree(tmp_path)
    (tmp_path / ".fzlint.yaml").write_text('extend-exclude: ["*说明*"]\n', encoding="utf-8")
    note, draft = "乡镇/报送说明.txt", "乡镇/青石镇.txt"
    assert checked(note, draft, cwd=tmp_path) == [note, draft]
    assert checked(note, draft, "--force-exclude", cwd=tmp_path) == [draft]
    # a commit of excluded files only: nothing to check, not an error
    proc = run_cli("check", note, "--force-exclude", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert "exclude" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("text", ["exclude: 5\n", "extend-exclude: [a, {b: 1}]\n",
                                  'extend-exclude: ["  "]\n'])
def test_broken_exclude_is_one_line_exit_2(tmp_path, text):
    make_tree(tmp_path)
    (tmp_path / ".fzlint.yaml").write_text(text, encoding="utf-8")
    proc = run_cli("check", ".", cwd=tmp_path)
    assert proc.returncode == 2
    assert "exclude" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_exclude_matching(tmp_path):
    root = str(tmp_path)
    ex = Exclude.of(["说明.txt", "*便签*", "归档", "2023/**", "县直/*.docx", "**/旧/*.md"], root)

    def m(rel):
        return ex.matches(os.path.join(root, *rel.split("/")))
    assert m("说明.txt") and m("乡/说明.txt")                  # a name matches anywhere
    assert m("乡/工作便签.docx") and not m("乡/便笺.docx")
    assert m("归档/a.txt") and m("乡/归档/a/b.txt")            # inside an excluded folder
    assert m("2023/a.txt") and m("2023/x/y.txt") and not m("乡/2023/a.txt")  # anchored
    assert m("县直/a.docx") and not m("县直/x/a.docx") and not m("县直/a.txt")  # * stays in a part
    assert m("旧/a.md") and m("x/y/旧/a.md") and not m("旧/x/a.md")
    assert not m("乡/报告.txt")
    # a path outside the patterns' folder: only its own name is compared
    assert ex.matches("/elsewhere/说明.txt") and not ex.matches("/elsewhere/2023/a.txt")
    assert not Exclude() and not Exclude().matches(os.path.join(root, "说明.txt"))
