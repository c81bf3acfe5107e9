"""Ignore directives (checker.model.suppressions, checker.engine.suppress): a text comment
"<!-- fzlint: 忽略 FZ405 -->" in .txt/.md drafts, a Word comment "fzlint: 忽略 FZ405" or "FZ405"
in a .docx; FZ912 reports a directive that silenced nothing."""

from __future__ import annotations

import json

import docx

from checker.app.runner import Options, Runner
from util import run_cli

TITLE = "青山镇人民政府关于2024年度法治政府建设情况的报告"


def _check(text, select=("FZ404", "FZ405", "FZ912"), name="d.txt"):
    res = Runner(Options(select=list(select), use_config=False)).check_text(text, name)
    assert res.error is None
    return res


def _where(res):
    return sorted((res.doc.position(f.start)[0], f.rule) for f in res.findings)


def test_a_trailing_directive_silences_its_line_only():
    text = (f"{TITLE}\n全年办理行政复议案件1件，均已办结。<!-- fzlint: 忽略 FZ405 -->\n"
            "全年办理行政诉讼案件1件，均已办结。\n")
    res = _check(text)
    assert _where(res) == [(3, "FZ405")]
    assert [(res.doc.position(f.start)[0], f.rule) for f in res.suppressed] == [(2, "FZ405")]


def test_a_directive_alone_on_its_line_covers_the_next_line_that_is_not_blank():
    text = f"{TITLE}\n<!-- fzlint: ignore FZ404 -->\n\n开展普法活动4余次。\n开展宣传活动5余次。\n"
    res = _check(text)
    assert _where(res) == [(5, "FZ404")]
    assert len(res.suppressed) == 1


def test_it_silences_only_the_rules_it_names():
    text = f"{TITLE}\n办理案件1件，均已办结，开展活动4余次。<!-- fzlint: 忽略 FZ404 -->\n"
    res = _check(text)
    assert _where(res) == [(2, "FZ405")]
    text = f"{TITLE}\n办理案件1件，均已办结，开展活动4余次。<!-- fzlint: 忽略 FZ404，FZ405 -->\n"
    assert _where(_check(text)) == []
    text = f"{TITLE}\n办理案件1件，均已办结，开展活动4余次。<!-- fzlint: 忽略 -->\n"   # every rule
    res = _check(text)
    assert _where(res) == [] and len(res.suppressed) == 2


def test_unused_directives_are_reported_only_for_rules_that_ran():
    text = (f"{TITLE}\n全年办理行政复议案件3件，均已办结。<!-- fzlint: 忽略 FZ405 -->\n"
            "开展宣传活动5余次。<!-- fzlint: 忽略 FZ303 -->\n")
    res = _check(text)
    assert _where(res) == [(2, "FZ912"), (3, "FZ404")]
    unused = next(f for f in res.findings if f.rule == "FZ912")
    assert "FZ405" in unused.message and unused.severity == "info"
    assert res.doc.text[unused.start:unused.end] == "<!-- fzlint: 忽略 FZ405 -->"
    # FZ912 not chosen: nothing about unused directives
    assert _where(_check(text, select=("FZ404", "FZ405"))) == [(3, "FZ404")]


def test_the_directive_itself_is_not_report_text():
    # its half-width marks (<, !, -, :) would be FZ801 findings if it were
    text = f"{TITLE}\n全年办理行政复议案件1件，均已办结。<!-- fzlint: 忽略 FZ405 -->\n"
    res = _check(text, select=("ALL",))
    assert not [f for f in res.findings if f.rule in ("FZ801", "FZ802", "FZ904", "FZ903")
                and res.doc.position(f.start)[0] == 2]


def test_text_that_only_looks_like_a_directive_is_none():
    text = (f"{TITLE}\n在文中写“fzlint 忽略 FZ405”不起作用，办理案件1件，均已办结。\n"
            "<!-- 注释：FZ405 -->办理案件1件，均已办结。\n")
    res = _check(text)
    assert _where(res) == [(2, "FZ405"), (3, "FZ405")] and not res.suppressed


def test_markdown_and_the_cli(tmp_path):
    md = tmp_path / "报告.md"
    md.write_text(f"# {TITLE}\n\n全年办理行政复议案件1件，均已办结。<!-- fzlint: 忽略 FZ405 -->\n\n"
                  "全年办理行政诉讼案件1件，均已办结。\n", encoding="utf-8")
    before = md.read_bytes()
    proc = run_cli("check", "--no-config", "--select", "FZ405,FZ912", "--format", "json", md)
    data = json.loads(proc.stdout)
    assert [(f["rule"], f["line"]) for f in data["files"][0]["findings"]] == [("FZ405", 5)]
    assert md.read_bytes() == before


def _docx(path, paragraphs, comments):
    d = docx.Document()
    paras = [d.add_paragraph(t) for t in paragraphs]
    for index, text in comments:
        d.add_comment(paras[index].runs, text=text, author="张三")
    d.save(path)
    return path


def test_word_comments_silence_the_paragraphs_they_are_anchored_on(tmp_path):
    path = _docx(tmp_path / "报告.docx",
                 [TITLE, "全年办理行政复议案件1件，均已办结。", "全年办理行政诉讼案件1件，均已办结。",
                  "开展宣传活动5余次。", "开展普法活动6余次，办理案件1件，均已办结。"],
                 [(1, "fzlint: 忽略 FZ405"), (3, "FZ404"), (4, "这里的数字请再核实 FZ404")])
    proc = run_cli("check", "--no-config", "--select", "FZ404,FZ405,FZ912", "--format", "json", path)
    found = [(f["rule"], f["line"]) for f in json.loads(proc.stdout)["files"][0]["findings"]]
    # paragraph 2 silenced by its comment, paragraph 4 by the id alone; a comment that says
    # more than the directive is a reviewer's remark, not a directive
    assert found == [("FZ405", 3), ("FZ404", 5), ("FZ405", 5)]


def test_an_unused_word_comment_is_reported(tmp_path):
    path = _docx(tmp_path / "报告.docx", [TITLE, "全年办理行政复议案件3件，均已办结。"],
                 [(1, "fzlint：忽略 FZ405")])
    proc = run_cli("check", "--no-config", "--select", "FZ405,FZ912", "--format", "json", path)
    found = json.loads(proc.stdout)["files"][0]["findings"]
    assert [(f["rule"], f["line"]) for f in found] == [("FZ912", 2)]
    assert "批注" in found[0]["message"]


def test_show_suppressed_lists_them_in_text_and_json_also_from_workers(tmp_path):
    for i in range(3):        # three drafts, so that -j 2 checks them in worker processes
        (tmp_path / f"d{i}.txt").write_text(
            f"{TITLE}\n全年办理行政复议案件1件，均已办结。<!-- fzlint: 忽略 FZ405 -->\n", encoding="utf-8")
    plain = run_cli("check", "--no-config", "--select", "FZ405", tmp_path)
    assert "已忽略" not in plain.stdout and plain.returncode == 0
    shown = run_cli("check", "--no-config", "--select", "FZ405", "--show-suppressed", "-j", "2",
                    tmp_path)
    assert shown.returncode == 0 and shown.stdout.count("已忽略 1 个问题") == 3
    assert shown.stdout.count("FZ405 警告 只有1件") == 3
    data = json.loads(run_cli("check", "--no-config", "--select", "FZ405", "--show-suppressed",
                              "-j", "2", "-f", "json", tmp_path).stdout)
    for entry in data["files"]:
        assert entry["findings"] == []
        assert [(f["rule"], f["line"]) for f in entry["suppressed"]] == [("FZ405", 2)]
    data = json.loads(run_cli("check", "--no-config", "--select", "FZ405", "-f", "json",
                              tmp_path).stdout)
    assert all("suppressed" not in entry for entry in data["files"])
