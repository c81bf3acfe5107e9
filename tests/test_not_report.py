"""Files that do not look like a report at all (a cover note, a README): one FZ100 note, no
report rules, listed apart from the drafts in every output (checker.model.report_like)."""

from __future__ import annotations

import json

import pytest

import county_folder
from checker.model.document import Document
from checker.model.report_like import report_signs, report_title
from util import check_text, run_cli, seed_text


@pytest.mark.parametrize("title", [
    "青山镇人民政府关于2024年度法治政府建设情况的报告",
    "马楼乡2024年度法治政府建设情况报告（征求意见稿）",
    "县交通运输局2024年度法治政府建设工作总结",
    "关于2024年度法治建设工作情况的报告【修改稿】",
    "大李集镇 2024 年度法治政府建设报告",
    "2024年度法治政府建设情况",
])
def test_report_titles(title):
    assert report_title(title)


@pytest.mark.parametrize("title", [
    "关于报送2024年度法治政府建设情况报告的说明",      # a cover note about the report
    "关于报送《青山镇法治政府建设报告》的函",
    "# 各乡镇草稿",
    "2024年度工作要点",
    "法治政府建设示范创建工作方案",
    "",
])
def test_not_report_titles(title):
    assert not report_title(title)


def signs(text):
    return report_signs(Document(text))


def test_signs_of_a_report():
    # each sign alone is enough
    assert signs("马楼乡2024年度法治政府建设情况报告\n　　全年推进依法行政。\n") == ["报告标题"]
    assert signs("县交通运输局2024年工作总结\n二、存在的问题和不足\n　　人员少。\n") == [
        "“存在的不足和原因”部分"]
    assert signs("（二）下一步工作打算\n　　继续做好各项工作。\n") == ["“下一年度主要安排”部分"]
    assert signs("　　我局依法行政，规范执法，深入普法，办理行政复议案件，落实合法性审查。\n") == [
        "法治工作的用语"]
    for prefix in "0123":       # every seed is a report
        assert signs(seed_text(f"00{prefix}"))


def test_no_sign_in_a_cover_note_or_a_readme():
    assert signs(county_folder.COVER_NOTE) == []
    assert signs(county_folder.README) == []
    # a part's name in a sentence or under a level-3 heading is not a part heading
    assert signs("说明\n1. 主要举措和成效请写在第一部分。\n　　下一步请按时报送。\n") == []
    # four words of the trade are not yet a report (DOMAIN_MIN is 5)
    assert signs("　　请依法依规做好法治宣传和执法检查材料的报送。\n") == []


def test_a_not_report_gets_one_note_and_no_report_rule():
    res = check_text(county_folder.COVER_NOTE)
    assert [f.rule for f in res.findings] == ["FZ100"]
    assert res.findings[0].severity == "info" and res.not_report
    assert res.doc.position(res.findings[0].start)[0] == 1      # at the title
    # the same file, checked as a report when FZ100 is switched off: the structure errors
    from checker.app.runner import Options, Runner
    off = Runner(Options(ignore=["FZ100"], use_config=False)).check_text(county_folder.COVER_NOTE,
                                                                           "x.txt")
    assert {"FZ101", "FZ102", "FZ104"} <= {f.rule for f in off.findings} and not off.not_report
    # a real short draft is still checked as a report
    short = check_text("马楼乡人民政府关于2024年度法治政府建设情况的报告\n　　2024年，马楼乡持续推进依法行政。\n")
    assert not short.not_report and "FZ101" in {f.rule for f in short.findings}


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    folder = tmp_path_factory.mktemp("county") / "2024年度报告"
    county_folder.build(folder, n=42)
    return folder


def test_folder_lists_the_non_reports_apart(county):
    proc = run_cli("check", county, "--format", "json")
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    by_name = {f["path"].rsplit("/", 1)[-1]: f for f in data["files"]}
    assert len(by_name) == 44
    apart = sorted(n for n, f in by_name.items() if f["not_report"])
    assert apart == ["README.md", "报送说明.txt"]
    for name in apart:
        assert [x["rule"] for x in by_name[name]["findings"]] == ["FZ100"]
    assert sorted(p.rsplit("/", 1)[-1] for p in data["summary"]["not_report"]) == apart
    drafts = [f for n, f in by_name.items() if n not in apart]
    assert {n.rsplit(".", 1)[-1] for n in by_name if n not in apart} == {"txt", "md", "docx"}
    assert all(f["findings"] and not f["not_report"] for f in drafts)

    text = run_cli("check", county).stdout
    table = text[text.index("各草稿问题统计"):]
    ranked, _, after = table.partition("不像法治政府建设年度报告，未按报告检查")
    assert "README.md" not in ranked and "报送说明.txt" not in ranked
    assert "合计（42 份草稿）" in ranked
    assert "README.md" in after and "报送说明.txt" in after


def test_html_lists_them_apart(county, tmp_path):
    out = tmp_path / "r.html"
    proc = run_cli("check", county, "--format", "html", "-o", out)
    assert proc.returncode == 1, proc.stderr
    html = out.read_text(encoding="utf-8")
    summary = html[html.index('<table id="summary">'):html.index("</table>")]
    assert "README.md" not in summary and "报送说明.txt" not in summary
    section = html[html.index('<section id="not-report">'):]
    section = section[:section.index("</section>")]
    assert "README.md" in section and "报送说明.txt" in section


def test_pre_commit_of_a_readme_does_not_fail(county):
    proc = run_cli("check", county / "README.md", county / "报送说明.txt")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "FZ100" in proc.stdout and "error" not in proc.stdout


def test_cross_leaves_a_not_report_out(tmp_path):
    """--cross: a README quoting a paragraph of a draft is no report; it gets no FZ303 and the
    draft it quotes gets none from it either (it is not indexed)."""
    seed = seed_text("004")
    quoted = next(line.strip() for line in seed.splitlines() if line.startswith("马楼乡坚持落实领导包村"))
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "马楼乡.txt").write_text(seed, encoding="utf-8")
    (folder / "README.md").write_text(f"# 摘录\n\n{quoted}\n", encoding="utf-8")
    # near miss: the same paragraph in a second real draft is compared
    (folder / "另一稿.txt").write_text(
        "马楼乡人民政府关于2024年度法治政府建设情况的报告\n" + quoted + "\n", encoding="utf-8")
    data = json.loads(run_cli("check", "--format", "json", "--cross", folder).stdout)
    by_name = {f["path"].rsplit("/", 1)[-1]: f for f in data["files"]}
    assert by_name["README.md"]["not_report"]
    assert [f["rule"] for f in by_name["README.md"]["findings"]] == ["FZ100"]
    fz303 = [f for f in by_name["马楼乡.txt"]["findings"] if f["rule"] == "FZ303"]
    assert fz303 and all("README" not in json.dumps(f["related"], ensure_ascii=False) for f in fz303)
    assert any("另一稿" in json.dumps(f["related"], ensure_ascii=False) for f in fz303)
