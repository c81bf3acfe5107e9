"""--fix and --diff: what is applied, what is kept (encoding, BOM, line endings, file mode,
untouched files), and that fixing is idempotent."""

import codecs
import json
import os
import shutil
import stat

import pytest
import regex

from checker.model.findings import Fix
from checker.app.fixer import apply_fixes, apply_to_raw, choose_fixes, fix_path
from util import cli_json, run_cli, seed_path, seed_text

SEL = "punctuation,format"
# everything but punctuation, whitespace and list bullets: what a fix must never change
_WORDS = regex.compile(r"[\p{Han}A-Za-z0-9%]")


def words(text: str) -> str:
    return "".join(_WORDS.findall(text))


def runner(select=None):
    from checker.app.runner import Options, Runner
    return Runner(Options(select=select, use_config=False))


# ---------------------------------------------------------------- applying fixes

def test_fixes_apply_right_to_left_with_original_offsets():
    text = "甲,乙,丙"
    new, chosen = apply_fixes(text, [Fix(1, 2, "，"), Fix(3, 4, "，")])
    assert new == "甲，乙，丙" and len(chosen) == 2


def test_overlapping_fix_waits_and_duplicates_apply_once():
    fixes = [Fix(0, 3, "x"), Fix(2, 4, "y"), Fix(0, 3, "x"), Fix(4, 4, "z"), Fix(4, 4, "w")]
    chosen = choose_fixes(fixes)
    assert chosen == [Fix(0, 3, "x"), Fix(4, 4, "w")]
    assert apply_fixes("abcdef", fixes)[0] == "xdwef"


def test_fixes_on_mixed_line_endings_keep_each_ending():
    raw = "甲,乙\r\n丙,丁\n戊\r己,"
    norm = "甲,乙\n丙,丁\n戊\n己,"
    fixes = [Fix(norm.index(",", i), norm.index(",", i) + 1, "，") for i in (0, 4, 9)]
    new, _ = apply_to_raw(raw, fixes, "\r\n")
    assert new == "甲，乙\r\n丙，丁\n戊\r己，"


def test_joining_a_cut_paragraph_across_crlf():
    raw = "严格落实行政\r\n\r\n机关负责人"
    norm = raw.replace("\r\n", "\n")
    fix = Fix(norm.index("\n"), norm.index("机"), "")
    assert apply_to_raw(raw, [fix], "\r\n")[0] == "严格落实行政机关负责人"


# ---------------------------------------------------------------- seed 000 end to end

def test_fix_on_a_copy_of_seed_000(tmp_path):
    path = tmp_path / "000.txt"
    shutil.copy(seed_path("000"), path)
    before = path.read_text(encoding="utf-8")
    proc = run_cli("check", "--no-config", "--fix", path)
    assert proc.returncode in (0, 1), proc.stderr
    assert "已修正" in proc.stderr
    after = path.read_text(encoding="utf-8")
    # full-width punctuation, no half-width mark left in Chinese prose
    for mark in ",:;()\"":
        assert mark not in after
    assert after.count("，") >= before.count(",") and "（一）" in after and "：" in after
    assert "合法性" in after and "合 法性" not in after and "[bookmark" not in after
    assert "“国家宪法日”“民法典宣传月”" in after
    assert "严格落实行政机关负责人出庭应诉制度" in after
    # the words are those of the original, in the same order
    assert words(after) == words(before)
    # the title's "2024 年" is a style hint, not fixed
    assert after.splitlines()[0] == before.splitlines()[0]
    # a second --fix changes nothing and does not touch the file
    st = os.stat(path)
    proc2 = run_cli("check", "--no-config", "--fix", path)
    assert "已修正" not in proc2.stderr
    assert path.read_text(encoding="utf-8") == after
    assert os.stat(path).st_ino == st.st_ino and os.stat(path).st_mtime_ns == st.st_mtime_ns


def test_findings_reported_after_fix_are_those_that_remain(tmp_path):
    path = tmp_path / "000.txt"
    shutil.copy(seed_path("000"), path)
    data = cli_json("--no-config", "--fix", "--select", SEL, path)
    rules = {f["rule"] for f in data["files"][0]["findings"]}
    assert rules == {"FZ810", "FZ906"}            # hints without a fix
    assert all(f["fix"] is None for f in data["files"][0]["findings"])
    assert data["files"][0]["path"] == str(path)


# ---------------------------------------------------------------- --diff

def test_diff_shows_the_change_and_writes_nothing(tmp_path):
    path = tmp_path / "004.txt"
    shutil.copy(seed_path("004"), path)
    before = path.read_bytes()
    proc = run_cli("check", "--no-config", "--diff", "--select", SEL, path)
    assert proc.returncode == 1, proc.stderr
    assert path.read_bytes() == before
    out = proc.stdout
    assert out.startswith(f"--- {path}\n+++ {path}\n@@")
    assert "-[bookmark: _GoBack]我乡成立了" in out and "+我乡成立了" in out
    assert "+马楼乡坚持落实领导包村" in out and "实行“定人定岗定职责”" in out
    assert "+发挥调解在解决社会矛盾中的作用。全乡基本达到了“五有”“六落实”“六统一”" in out


def test_diff_of_a_clean_file_is_empty_and_exits_zero(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text("青石镇全年召开会议4次，研究解决重大问题。\n", encoding="utf-8")
    proc = run_cli("check", "--no-config", "--diff", path)
    assert proc.returncode == 0 and proc.stdout == ""


# ---------------------------------------------------------------- keeping the file as it was

def _fix(path, select=("punctuation", "format")):
    return fix_path(runner(list(select)), str(path), write=True)


def test_gb18030_crlf_file_stays_gb18030_crlf(tmp_path):
    path = tmp_path / "gbk.txt"
    text = "大李集镇2024年度法治政府建设报告\r\n\r\n2024年,在上级党委的领导下,我镇扎实推进法治政府建设。\r\n"
    path.write_bytes(text.encode("gb18030"))
    out = _fix(path)
    assert out.written and out.applied == 2
    assert path.read_bytes() == text.replace(",", "，").encode("gb18030")


def test_utf8_bom_is_kept(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + "我镇扎实推进法治建设,取得成效。\n".encode("utf-8"))
    assert _fix(path).written
    assert path.read_bytes() == codecs.BOM_UTF8 + "我镇扎实推进法治建设，取得成效。\n".encode("utf-8")


def test_utf16_file_keeps_its_byte_order_mark(tmp_path):
    path = tmp_path / "u16.txt"
    body = "我镇扎实推进法治建设,取得成效。\r\n"
    path.write_bytes(codecs.BOM_UTF16_BE + body.encode("utf-16-be"))
    assert _fix(path).written
    assert path.read_bytes() == codecs.BOM_UTF16_BE + body.replace(",", "，").encode("utf-16-be")


def test_mixed_line_endings_and_missing_final_newline_are_kept(tmp_path):
    path = tmp_path / "mixed.txt"
    raw = "第一段,内容。\r\n第二段,内容。\n第三段,内容。"
    path.write_bytes(raw.encode("utf-8"))
    assert _fix(path).written
    assert path.read_bytes() == raw.replace(",", "，").encode("utf-8")


def test_file_mode_is_kept_and_no_temporary_file_is_left(tmp_path):
    path = tmp_path / "mode.txt"
    path.write_text("我镇扎实推进法治建设,取得成效。\n", encoding="utf-8")
    os.chmod(path, 0o640)
    assert _fix(path).written
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["mode.txt"]


def test_symlink_is_followed_and_stays_a_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("我镇扎实推进法治建设,取得成效。\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert _fix(link).written
    assert link.is_symlink() and "，" in real.read_text(encoding="utf-8")


def test_file_without_fixable_findings_is_not_touched(tmp_path):
    path = tmp_path / "hint.txt"
    path.write_text("全年共开展法治专题学习 4 次，组织学习宪法。\n", encoding="utf-8")
    st = os.stat(path)
    out = _fix(path)
    assert not out.written and out.result.findings      # only hints (FZ906, FZ810)
    assert os.stat(path).st_mtime_ns == st.st_mtime_ns and os.stat(path).st_ino == st.st_ino


def test_only_txt_and_md_are_rewritten(tmp_path):
    path = tmp_path / "draft.text"
    path.write_text("我镇扎实推进法治建设,取得成效。\n", encoding="utf-8")
    out = _fix(path)
    assert not out.written and "只有 .txt、.md 和 .docx" in out.note
    assert "," in path.read_text(encoding="utf-8")


def test_md_file_is_fixed(tmp_path):
    path = tmp_path / "draft.md"
    path.write_text("- (一)强化组织领导\n\n我镇扎实推进法治建设,取得成效。\n", encoding="utf-8")
    assert _fix(path).written
    assert path.read_text(encoding="utf-8") == "（一）强化组织领导\n\n我镇扎实推进法治建设，取得成效。\n"


def test_docx_is_fixed_in_place(tmp_path):
    """.docx drafts are fixed too, in their w:t texts (tests/test_docx_fix.py has the rest)."""
    docx = pytest.importorskip("docx")
    path = tmp_path / "draft.docx"
    d = docx.Document()
    d.add_paragraph("[bookmark: _GoBack]我镇扎实推进法治建设,取得成效。")
    d.save(path)
    proc = run_cli("check", "--no-config", "--fix", "--select", SEL, "--format", "json", path)
    assert "已修正" in proc.stderr and "不能自动修正" not in proc.stderr
    assert [p.text for p in docx.Document(path).paragraphs] == ["我镇扎实推进法治建设，取得成效。"]
    assert json.loads(proc.stdout)["files"][0]["findings"] == []


def test_stdin_is_checked_not_fixed():
    proc = run_cli("check", "--no-config", "--fix", "--select", SEL, "-",
                   input="我镇扎实推进法治建设,取得成效。\n")
    assert proc.returncode == 1
    assert "标准输入的内容不能就地修正" in proc.stderr and "FZ801" in proc.stdout


def test_diff_works_on_stdin():
    proc = run_cli("check", "--no-config", "--diff", "--select", SEL, "-",
                   input="我镇扎实推进法治建设,取得成效。\n")
    assert proc.returncode == 1
    assert "-我镇扎实推进法治建设,取得成效。\n+我镇扎实推进法治建设，取得成效。\n" in proc.stdout


def test_fix_respects_select(tmp_path):
    path = tmp_path / "sel.txt"
    path.write_text("(一)强化组织领导,健全机制\n", encoding="utf-8")
    out = fix_path(runner(["FZ802"]), str(path), write=True)
    assert out.written
    assert path.read_text(encoding="utf-8") == "（一）强化组织领导,健全机制\n"


# ---------------------------------------------------------------- idempotence over the seeds

@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_fixing_twice_equals_fixing_once(tmp_path, seed):
    path = tmp_path / f"{seed}.txt"
    shutil.copy(seed_path(seed), path)
    r = runner()
    fix_path(r, str(path), write=True)
    once = path.read_text(encoding="utf-8")
    out = fix_path(r, str(path), write=True)
    assert not out.written and path.read_text(encoding="utf-8") == once
    assert all(f.fix is None for f in out.result.findings)


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_punctuation_and_format_fixes_keep_every_word(tmp_path, seed):
    path = tmp_path / f"{seed}.txt"
    shutil.copy(seed_path(seed), path)
    out = fix_path(runner(["punctuation", "format"]), str(path), write=True)
    after = path.read_text(encoding="utf-8")
    marker = "bookmarkGoBack"          # the Word marker is the one thing removed
    assert words(after) == words(seed_text(seed)).replace(marker, "")
    assert out.written == (after != seed_text(seed))
