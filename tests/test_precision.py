"""Issue 12, precision classes 5–11: rules must not misread ordinary report writing.

Each test pairs a true case (the defect, found) with a near miss (ordinary writing that looks
like it, silent).  The texts are written for these tests, on the patterns behind the defects."""

from __future__ import annotations

import pytest

from util import check_text, findings


def rules_on(text, select, year=None):
    return sorted({r for r, _ in findings(text, select=select, year=year)})


def lines_of(text, rule, year=None):
    return sorted({ln for r, ln in findings(text, select=[rule], year=year) if r == rule})


# --- class 5: deliberate spaces are not PDF debris ------------------------------------------

@pytest.mark.parametrize("text", [
    "二、深化放管服改革 激发市场主体活力\n",              # two halves of a heading
    "以“学法用法 守法护法”为主题开展宣传月活动。\n",       # a slogan in quotes
    "转发《省委办公厅 省政府办公厅关于进一步规范执法的通知》。\n",  # joint issuers in a title
    "发 文 字 号：平政〔2024〕3号\n",                      # letter-spaced label
    "考核小组：周立新 孙海燕 郑伟 钱多多，负责年度考评。\n",  # names after a colon
])
def test_deliberate_spaces_are_not_wrap_debris(text):
    assert rules_on(text, ["FZ903"]) == []


@pytest.mark.parametrize("text", [
    "持续深化放管服改革，激发市场 主体活力。\n",           # a word split in prose
    "二、深化放管服改革，激发市场 主体活力\n",              # … in a heading, not between halves
    "全年共办理行政复议案 件12件。\n",
])
def test_wrap_debris_is_still_found(text):
    assert rules_on(text, ["FZ903"]) == ["FZ903"]


def test_no_fix_changes_a_title_in_book_marks():
    res = check_text("组织学习《 中华人民共和国行政复议法》， 推进依法行政。\n", select=["FZ904"])
    inside = [f for f in res.findings if res.doc.text[f.start - 1] == "《"]
    outside = [f for f in res.findings if f not in inside]
    assert inside and outside
    assert all(f.fix is None and f.suggestions for f in inside)     # offered, never applied
    assert all(f.fix is not None for f in outside)


def test_spaces_inside_quotes_beside_the_marks():
    assert lines_of("推行“ 最多跑一次 ”改革。\n推行“最多跑一次”改革。\n", "FZ904") == [1]


# --- class 11: page furniture is never a title, a duplicate or prose to check ---------------

PAGE = """首页 > 政务公开 > 法治政府建设 > 年度报告
当前位置：首页 - 信息公开 - 法治政府建设年度报告
索 引 号：114113000050/2025-00012
发 布 日 期：2025-03-10
发布机构\t平桥区司法局
【字体：大 中 小】【打印】【关闭】
平桥区司法局2024年度法治政府建设情况报告
2024年，区司法局深入学习贯彻习近平法治思想，全面推进法治政府建设。现将有关情况报告如下：
一、主要举措和成效
局党组召开专题会议研究法治建设工作4次，组织执法人员培训3场。
二、存在的不足和原因
一是执法人员力量不足；二是宣传形式单一。究其原因，主要是投入不够。
三、下一年度工作安排
持续加强执法队伍建设，完善执法监督机制。
四、党政主要负责人履行推进法治建设第一责任人职责情况
局主要负责人认真履行第一责任人职责，带头学法用法。
平桥区司法局
2025年3月1日
本文档由用户上传，如有侵权请联系删除。
首页 > 政务公开 > 法治政府建设 > 年度报告
"""


def test_page_furniture_is_not_the_title_nor_checked():
    res = check_text(PAGE)
    assert res.doc.title_lines == [7]
    assert res.doc.furniture_lines == [1, 2, 3, 4, 5, 6, 19, 20]
    assert [(f.rule, res.doc.position(f.start)[0]) for f in res.findings] == []


def test_letter_spaced_metadata_label_in_prose_is_not_furniture():
    from checker.model.regions import is_furniture
    assert is_furniture("索 引 号：114113000050/2025-00012")
    assert is_furniture("发布日期\t2025-03-10")
    assert not is_furniture("发布日期为每年3月底前，由区司法局统一报送。")     # prose about it
    assert not is_furniture("索引 目录编制工作按要求完成")                      # not the label


def test_prose_pasted_twice_is_still_a_duplicate_next_to_furniture():
    text = PAGE.replace("完善执法监督机制。", "完善执法监督机制。局党组召开专题会议研究法治建设工作4次，组织执法人员培训3场。")
    assert ("FZ301", 14) in findings(text, select=["FZ301"])


# --- class 6: parts recognised by position and content --------------------------------------

BY_POSITION = """柳河镇人民政府关于2024年度法治政府建设情况的报告
　　现将有关情况报告如下：
一、抓实学法用法，提升干部法治素养
　　全年组织镇村干部集中学法10次，开展旁听庭审1次。
二、严格规范执法，维护群众合法权益
　　办理行政处罚案件18件，听证2件。
三、存在的不足和原因
　　一是执法装备不足；二是普法形式单一。究其原因，主要是经费保障不到位。
四、完善执法保障机制
　　2025年，将争取执法装备经费，计划新增执法记录仪10台。
五、党政主要负责人履行推进法治建设第一责任人职责情况
　　镇党委书记主持召开法治建设专题会议3次。
　　柳河镇人民政府
　　2025年1月20日
"""


def test_parts_found_by_position_and_content():
    assert rules_on(BY_POSITION, ["FZ101", "FZ102", "FZ103", "FZ104", "FZ105"]) == []
    res = check_text(BY_POSITION, select=["FZ101"])
    assert "measures" in res.doc.line_regions[3] and "measures" in res.doc.line_regions[5]
    assert "shortcomings" in res.doc.line_regions[7]


@pytest.mark.parametrize("heading", ["一、工作完成情况", "一、2024年推进法治政府建设情况",
                                     "一、年度工作总体情况", "一、法治政府建设主要情况"])
def test_umbrella_headings_of_the_measures(heading):
    text = BY_POSITION.replace("一、抓实学法用法，提升干部法治素养", heading)
    assert rules_on(text, ["FZ101"]) == []


def test_without_past_work_the_first_parts_are_not_measures():
    text = BY_POSITION.replace("全年组织镇村干部集中学法10次，开展旁听庭审1次。", "坚持以习近平法治思想为指导。")
    text = text.replace("办理行政处罚案件18件，听证2件。", "深入贯彻党的二十大精神。")
    assert rules_on(text, ["FZ101"]) == ["FZ101"]


def test_without_future_wording_the_last_part_is_not_the_plans():
    text = BY_POSITION.replace("2025年，将争取执法装备经费，计划新增执法记录仪10台。", "执法装备经费已落实到位。")
    assert rules_on(text, ["FZ104"]) == ["FZ104"]


# --- class 7: plan-period and title rules only for the national documents they name ---------

@pytest.mark.parametrize("text", [
    "贯彻《广东省法治政府建设实施纲要（2016—2020年）》，完成各项任务。\n",
    "落实《杭州市法治社会建设实施纲要（2021—2025年）》。\n",
])
def test_a_local_plan_is_not_the_national_one(text):
    assert rules_on(text, ["FZ606", "FZ601"], year=2024) == []


def test_the_national_plan_with_a_wrong_start_year_is_still_found():
    assert rules_on("贯彻《法治政府建设实施纲要（2020—2025年）》。\n", ["FZ606"]) == ["FZ606"]


def test_fullwidth_dash_of_central_releases_is_only_a_hint_without_fix():
    res = check_text("贯彻落实《法治中国建设规划（2020－2025年）》。\n", select=["FZ606"])
    assert [(f.severity, f.fix) for f in res.findings] == [("info", None)]
    res = check_text("贯彻落实《法治中国建设规划（2020-2025年）》。\n", select=["FZ606"])
    assert [f.severity for f in res.findings] == ["warning"] and res.findings[0].fix is not None


def test_entry_match_on_must_be_raw_or_normalized(tmp_path):
    from util import run_cli
    pack = tmp_path / "p.yaml"
    pack.write_text("pack: t\nrules:\n  - id: XX001\n    kind: substitution\n    category: wording\n"
                    "    severity: warning\n    message: m\n    entries:\n"
                    "      - {pattern: 甲, use: 乙, match_on: rawish}\n", encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text("甲。\n", encoding="utf-8")
    proc = run_cli("check", draft, "--rules", pack, "--no-config")
    assert proc.returncode == 2 and "match_on" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
