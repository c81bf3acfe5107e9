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


# --- class 8: repetition rules skip lists, quoted titles and parallel sentences -------------

HEAD = "青山镇2024年度法治政府建设情况报告\n一、主要举措和成效\n"
FILL = "　　健全乡村两级公共法律服务网络，推动法律服务向村组延伸。\n"


def dup(text):
    return findings(HEAD + text, select=["FZ301", "FZ302"])


def test_a_list_of_unit_names_in_two_sentences_is_not_a_repeat():
    units = "司法所、派出所、市场监管所、综合执法队、自然资源所、农业服务中心"
    assert dup(f"　　组织{units}开展联合执法检查。\n{FILL}　　召集{units}召开联席会议。\n") == []


def test_a_sentence_with_a_list_pasted_twice_is_still_a_repeat():
    s = "　　组织司法所、派出所、市场监管所开展联合执法检查，查处违法经营行为。\n"
    assert ("FZ301", 5) in dup(s + FILL + s)


def test_a_slogan_series_is_not_a_list_of_names():
    s = "坚持和发展新时代枫桥经验，做到小事不出村、大事不出镇、矛盾不上交"
    assert [ln for _, ln in dup(f"　　{s}，调解纠纷成效明显。\n{FILL}　　{s}，化解信访积案。\n")] == [5]


def test_a_title_quoted_in_the_notice_and_heading_the_attachment():
    text = ("　　镇党委印发《青山镇2024年度法治政府建设工作要点和责任分工方案》，明确任务。\n"
            "青山镇2024年度法治政府建设工作要点和责任分工方案\n")
    assert dup(text) == []
    # the same sentence pasted twice is a repeat, titles or not
    assert dup(text.split("\n")[0] + "\n" + FILL + text.split("\n")[0] + "\n") == [("FZ301", 5)]


def test_the_same_title_cited_in_two_sentences():
    title = "《青山镇行政执法公示和执法全过程记录实施细则》"
    assert dup(f"　　制定{title}，规范执法行为。\n{FILL}　　对照{title}开展自查。\n") == []


def test_parallel_sentences_with_different_facts():
    text = ("　　开展法治宣传进农村活动12场，发放法治宣传资料3000余份，受教育群众达到5000人次。"
            "开展法治宣传进学校活动8场，发放法治宣传资料2000余份，受教育群众达到3000人次。\n")
    assert dup(text) == []
    labelled = ("　　青山村：建成法治文化广场，培育法律明白人，实现民主法治示范村创建全覆盖。\n"
                "　　桐木村：建成法治文化广场，培育法律明白人，实现民主法治示范村创建全覆盖。\n")
    assert dup(labelled) == []


def test_the_same_facts_far_apart_are_a_near_repeat():
    a = "　　开展法治宣传进农村活动12场，发放法治宣传资料3000余份，受教育群众达到5000人次。\n"
    b = "　　开展法治宣传进农村活动12场次，发放宣传资料3000余份，受教育群众5000人次。\n"
    assert ("FZ302", 5) in dup(a + FILL + b)


def test_a_clause_repeated_inside_one_sentence():
    res = check_text(HEAD + "　　全年开展矛盾纠纷排查6次，排查出问题线索5条，排查出问题线索5条，均已整改到位。\n",
                     select=["FZ301"])
    assert [(f.rule, res.doc.text[f.start:f.end]) for f in res.findings] == [("FZ301", "排查出问题线索5条")]
    assert res.findings[0].related


@pytest.mark.parametrize("sentence", [
    "　　排查出问题线索5条，排查出问题线索6条。\n",          # other figures: two facts
    "　　排查出问题线索5条，整改问题线索5条。\n",
    "　　看一看，看一看。\n",                               # too short to be a paste
])
def test_clauses_that_are_not_a_paste(sentence):
    assert dup(sentence) == []


# --- class 9: number rules key on the thing counted ----------------------------------------

def nums(body, rules):
    return findings("青山镇2024年度法治政府建设情况报告\n一、主要举措和成效\n" + body, select=rules)


def test_a_shared_verb_is_not_a_metric():
    body = ("　　精简行政审批事项，削减至120项。\n　　精简群众办事证明材料，削减至30项。\n"
            "　　受理行政复议案件12件，办结10件。\n　　受理行政诉讼案件5件，办结3件。\n")
    assert nums(body, ["FZ401"]) == []


def test_the_same_metric_behind_a_verb_still_conflicts():
    body = ("　　受理行政复议案件12件，办结10件。\n　　健全乡村两级公共法律服务网络。\n"
            "　　受理行政复议案件12件，办结9件。\n")
    assert nums(body, ["FZ401"]) == [("FZ401", 5)]


def test_a_verb_opening_the_sentence_names_no_metric():
    assert nums("　　共办结15件。\n　　共办结12件。\n", ["FZ401"]) == []


@pytest.mark.parametrize("text, expected", [
    ("　　开展执法检查23余次。\n", ["FZ404"]),
    ("　　走访企业105多家。\n", ["FZ404"]),
    ("　　开展执法检查20余次，发放资料1500余份。\n", []),
    ("　　发放资料2.3万余份。\n", []),
])
def test_approximation_after_a_number_not_ending_in_zero(text, expected):
    assert sorted({r for r, _ in nums(text, ["FZ404"])}) == expected


@pytest.mark.parametrize("text, expected", [
    ("　　全县3个乡（镇、街道）均建成公共法律服务站。\n", []),
    ("　　全区12个村（社区、居）配齐法律顾问。\n", []),
    ("　　推行“法律五进”（进机关、进乡村、进社区、进学校）。\n", ["FZ407"]),
    ("　　落实“三项制度”（执法公示、执法全过程记录）。\n", ["FZ407"]),
])
def test_other_names_in_brackets_are_not_a_list(text, expected):
    assert sorted({r for r, _ in nums(text, ["FZ407"])}) == expected


# --- class 10: segmentation slips ------------------------------------------------------------

TOWN = "大李集镇人民政府关于2024年度法治政府建设情况的报告\n"


@pytest.mark.parametrize("sentence", [
    "　　着力夯实镇村两级责任，推动纠纷就地化解。\n",
    "　　认真落实镇村干部述法制度。\n",
    "　　层层压实乡镇街道属地责任。\n",
])
def test_no_place_formed_across_a_word_boundary(sentence):
    assert findings(TOWN + sentence, select=["FZ502"]) == []


@pytest.mark.parametrize("sentence", [
    "　　槐店镇在镇党委和镇政府的坚强领导下，全面推进依法行政。\n",   # 和 elsewhere in the sentence
    "　　槐店镇深入学习贯彻习近平法治思想。\n",                     # 学习 not a study visit
])
def test_another_town_is_found_whatever_else_the_sentence_says(sentence):
    assert findings(TOWN + sentence, select=["FZ502"]) == [("FZ502", 2)]


@pytest.mark.parametrize("sentence", [
    "　　与槐店镇签订边界纠纷联调协议。\n",
    "　　组织干部到槐店镇学习“一站式”调解经验。\n",
])
def test_another_town_named_on_purpose(sentence):
    assert findings(TOWN + sentence, select=["FZ502"]) == []


@pytest.mark.parametrize("sentence, expected", [
    ("　　副局长长期分管法治工作。\n", []),               # 局长|长期
    ("　　站长长时间值守。\n", []),                       # 站长|长时间
    ("　　落实调解员员额动态管理。\n", []),               # 调解员|员额
    ("　　持续深化政政务公开。\n", ["FZ702"]),
])
def test_a_character_doubled_across_a_word_boundary(sentence, expected):
    assert rules_on(HEAD + sentence, ["FZ701", "FZ702"]) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("　　组织新提任干部进行宪法宣誓。\n", []),
    ("　　以国家宪法日为契机开展宣传。\n", []),
    ("　　组织民法典宣传月集中宣传。\n", []),
    ("　　组织干部学习宪法和民法典。\n", ["FZ810"]),
])
def test_event_names_are_not_law_titles(sentence, expected):
    assert rules_on(HEAD + sentence, ["FZ810"]) == expected
