"""Recall items 12, 14, 15, 16 of issue 12: the defects reviewers return drafts for.

Every class has a true case and a near miss written here (not copied from a seed): wrong fixed
formulations (FZ603), the 纲要's goal mangled or in its old form (FZ607, FZ601), 四个文明建设
(FZ601), conversion debris (page numbers FZ901, HTML and pinyin FZ907, mojibake FZ908, -- for ——
FZ909, an empty 文号 year FZ605), placeholders inside numbers (FZ605), a title fragment glued to
the first sentence (FZ910) and a full-width “10．” among “1.”…“9.” (FZ205).  Fixes are applied
and the text checked again: what a fix writes is the standard form, and nothing is left."""

from __future__ import annotations

import pytest

from checker.app.fixer import apply_fixes
from tests.util import check_text, run_cli, seed_text

TITLE = "青山镇人民政府关于{year}年度法治政府建设情况的报告\n"


def draft(body: str, year: int = 2024) -> str:
    return TITLE.format(year=year) + body + "\n"


def hits(text, select, year=None):
    """[(rule, line, text found, fix replacement or None)]."""
    res = check_text(text, select=select, year=year)
    return [(f.rule, res.doc.position(f.start)[0], res.doc.text[f.start:f.end],
             f.fix.replacement if f.fix else None) for f in res.findings]


def found(text, select, year=None):
    return [t for _, _, t, _ in hits(text, select, year)]


def fixed(text, select):
    res = check_text(text, select=select)
    out, _ = apply_fixes(text, [f.fix for f in res.findings if f.fix])
    return out


# --- item 12: fixed formulations --------------------------------------------------------------

@pytest.mark.parametrize("body, wrong, right", [
    ("各村党支部书记履行推进法治政府建设第一责任人职责。", "法治政府建设第一责任人", "法治建设第一责任人"),
    ("完善行政执法和刑事司法连接工作机制。", "行政执法和刑事司法连接", "行政执法和刑事司法衔接"),
    ("推动行政执法与刑事司法相链接。", "行政执法与刑事司法相链接", "行政执法与刑事司法相衔接"),
    ("落实两法连接平台录入制度。", "连接", "衔接"),
    ("始终坚持稳中快进的工作总基调。", "稳中快进", "稳中求进"),
    ("学习贯彻党的二十大和历次全会精神。", "历次全会", "二十届历次全会"),
    ("镇党委中心组学习二十届历届全会精神。", "历届全会", "历次全会"),
])
def test_fixed_formulation_is_found_and_fixed_to_the_standard_form(body, wrong, right):
    text = draft(body)
    assert [(t, r) for _, _, t, r in hits(text, ["FZ603"])] == [(wrong, right)]
    assert hits(fixed(text, ["FZ603"]), ["FZ603"]) == []


@pytest.mark.parametrize("body", [
    "镇长切实履行推进法治建设第一责任人职责。",
    "镇长是本镇法治政府建设的第一责任人。",           # not the 规定's name written wrong
    "加强行政执法与刑事司法衔接，完成村组道路连接工程。",
    "坚持稳中求进工作总基调，全镇经济稳中有进。",
    "全镇固定资产投资稳中快进、进中提质。",
    "学习贯彻党的二十大和二十届历次全会精神。",
    "县人大历届会议代表参加座谈。",
])
def test_standard_formulations_and_look_alikes_stay_silent(body):
    assert hits(draft(body), ["FZ603"]) == []


def test_keeping_steady_without_the_general_tone_is_reported_without_a_fix():
    (hit,) = hits(draft("全镇各级党组织坚持稳中快进，全力抓好项目建设。"), ["FZ603"])
    assert hit[2] == "稳中快进" and hit[3] is None


GOAL7 = "职能科学、权责法定、执法严明、公开公正、智能高效、廉洁诚信、人民满意"
GOAL6 = "职能科学、权责法定、执法严明、公开公正、廉洁高效、守法诚信"


@pytest.mark.parametrize("goal, problem", [
    (GOAL7.replace("智能高效", "智慧高效"), "“智慧高效”不在其中，缺少“智能高效”"),
    (GOAL7.replace("、廉洁诚信", ""), "缺少“廉洁诚信”"),
    (GOAL7.replace("权责法定、执法严明", "执法严明、权责法定"), "次序不对"),
    (GOAL6 + "、人民满意", "“廉洁高效”“守法诚信”不在其中，缺少“智能高效”“廉洁诚信”"),
])
def test_mangled_goal_is_reported_with_what_is_wrong(goal, problem):
    res = check_text(draft(f"加快建设{goal}的法治政府。", 2023), select=["FZ607"])
    (f,) = res.findings
    assert res.doc.text[f.start:f.end] == goal           # the words around it are not in the span
    assert f.message.endswith(problem)
    assert f.fix is None and [s.replacement for s in f.suggestions] == [GOAL7]


@pytest.mark.parametrize("body, year", [
    (f"加快建设{GOAL7}的法治政府。", 2023),
    (f"加快建设{GOAL6}的法治政府。", 2023),               # FZ601's, see below
    (f"加快建设{GOAL6}的法治政府。", 2019),
    ("执法人员做到执法严明、公开公正、廉洁诚信。", 2023),   # three of them, not the goal
])
def test_goal_written_in_one_of_its_forms_is_silent(body, year):
    assert hits(draft(body, year), ["FZ607"]) == []


def test_goal_is_compared_with_the_form_of_the_report_year():
    body = f"加快建设{GOAL6.replace('守法诚信', '诚实守信')}的法治政府。"
    (old,) = check_text(draft(body, 2019), select=["FZ607"]).findings
    assert "2015—2020年" in old.message and "缺少“守法诚信”" in old.message
    (new,) = check_text(draft(body, 2023), select=["FZ607"]).findings
    assert "2021—2025年" in new.message and "缺少“智能高效”“廉洁诚信”“人民满意”" in new.message


@pytest.mark.parametrize("year, expect", [(2020, []), (2021, ["廉洁高效、守法诚信"]),
                                          (2024, ["廉洁高效、守法诚信"])])
def test_old_six_term_goal_is_outdated_from_2021(year, expect):
    assert found(draft(f"加快建设{GOAL6}的法治政府。", year), ["FZ601"]) == expect


# --- item 16: 四个文明建设, the glued title fragment, 10． among 1.–9. ---------------------------------

@pytest.mark.parametrize("body, expect", [
    ("紧紧围绕四个文明建设协调发展的目标。", ["四个文明建设"]),
    ("坚持“两个文明”一起抓。", ["两个文明”一起抓"]),
    ("全镇物质文明、政治文明、精神文明、社会文明、生态文明协调发展。", []),
    ("东关村获评四个文明建设示范村。", []),
    ("今年新创建四个文明村。", []),
])
def test_four_civilisations_is_an_old_formulation(body, expect):
    assert found(draft(body, 2023), ["FZ601"]) == expect


def test_seed_003_glued_title_and_four_civilisations():
    text = seed_text("003")
    assert [(ln, t) for _, ln, t, _ in hits(text, ["FZ910"])] == [(5, "2023年“法治建设”创建工作总结")]
    assert ("FZ601", 5, "四个文明建设", None) in hits(text, ["FZ601"])


@pytest.mark.parametrize("line, expect", [
    ("2024年度依法治镇工作总结今年以来，我镇扎实推进法治政府建设。", "2024年度依法治镇工作总结"),
    ("关于青山镇法治建设的情况报告我镇坚持依法行政。", "关于青山镇法治建设的情况报告"),
    ("向县委报告今年以来的法治建设情况。", None),
    ("镇人大听取了政府工作报告，代表们提出建议12条。", None),
    ("青山镇2024年度法治政府建设工作总结", None),
])
def test_title_fragment_glued_to_the_first_sentence(line, expect):
    got = found(draft(line), ["FZ910"])
    assert got == ([expect] if expect else [])


def headings(*lines):
    return draft("一、主要举措和成效\n" + "\n".join(lines))


def test_full_width_dot_among_half_width_ones_is_fixed_to_the_level_form():
    items = [f"{n}.完善第{n}项制度" for n in range(1, 10)] + ["10．加强组织保障"]
    text = headings(*items)
    (hit,) = hits(text, ["FZ205"])
    assert hit[1:] == (12, "10．", ".")
    assert "10.加强组织保障" in fixed(text, ["FZ205"])
    assert hits(fixed(text, ["FZ205"]), ["FZ205"]) == []


def test_one_dot_form_per_level_is_silent_even_if_levels_differ():
    text = headings("1．健全制度", "2．规范执法") + "\n二、存在的不足\n1.力量不足\n2.培训不够"
    assert hits(text, ["FZ205"]) == []


# --- item 14: conversion debris -----------------------------------------------------------------

@pytest.mark.parametrize("body, expect", [
    ("严格落实行政 - 7 - 机关负责人出庭应诉制度。", " - 7 - "),
    ("— 15 —", "— 15 —"),
    ("第2页 共9页", "第2页 共9页"),
])
def test_page_numbers_are_found_and_deleted(body, expect):
    text = draft("一、主要举措和成效\n" + body)
    assert found(text, ["FZ901"]) == [expect]
    assert hits(fixed(text, ["FZ901"]), ["FZ901"]) == []


def test_page_number_inside_a_sentence_is_joined_back():
    text = draft("严格落实行政 - 7 - 机关负责人出庭应诉制度。")
    assert "严格落实行政机关负责人出庭应诉制度。" in fixed(text, ["FZ901"])


@pytest.mark.parametrize("body", ["每周开展2—3次法律咨询。", "第3页所列的案件已办结。",
                                  "落实普法规划（2021-2025年）。"])
def test_number_ranges_are_not_page_numbers(body):
    assert hits(draft(body), ["FZ901"]) == []


@pytest.mark.parametrize("body, expect", [
    ("全年出具法律意见书12份<br/>，审查合同8份。", ["<br/>"]),
    ("<div class=\"content\">开展宪法宣传周活动。</div>", ["<div class=\"content\">", "</div>"]),
    ("发放资料3000余份&nbsp;，咨询200人次&#8203;。", ["&nbsp;", "&#8203;"]),
    ("开展&ldquo;法律明白人&rdquo;培训。", ["&ldquo;", "&rdquo;"]),
    ("走访圩（wéi）子村。", ["（wéi）"]),
    ("通过App（Android）和“<b站>”发布，R&D经费3万元，成绩>90分。", []),
])
def test_html_debris_and_pinyin(body, expect):
    assert found(draft(body), ["FZ907"]) == expect


def test_html_debris_has_no_fix():
    res = check_text(draft("全年出具法律意见书12份&nbsp;&nbsp;审查合同8份。"), select=["FZ907"])
    assert len(res.findings) == 2 and all(f.fix is None for f in res.findings)


LATIN1 = "“法律进乡村”".encode("utf-8").decode("latin-1")


@pytest.mark.parametrize("body, expect", [
    ("依法纠正锟斤拷2件。", ["锟斤拷"]),
    ("调解纠纷\ufffd\ufffd起。", ["\ufffd\ufffd"]),
    # UTF-8 read as Latin-1: the whole run; as Windows-1252 with undefined bytes replaced: two
    ("开展" + LATIN1 + "活动。", [LATIN1]),
    ("开展" + "法律进乡村".encode("utf-8").decode("cp1252", "replace") + "活动。",
     ["æ³•å¾‹è¿›ä¹¡", "\ufffd"]),
    ("组织" + "法治".encode("gbk").decode("latin-1") + "培训。", ["·¨ÖÎ"]),
    ("邀请Müller和Café论坛代表交流，误差±5%，气温25°C，学法用法······", []),
])
def test_mojibake(body, expect):
    assert found(draft(body), ["FZ908"]) == expect


@pytest.mark.parametrize("body, expect", [
    ("坚持“三个一”工作法--一个村一名法律顾问。", ("--", "——")),
    ("推行四步工作法 －－ 排查、调解、回访。", (" －－ ", "——")),
])
def test_double_hyphen_for_a_dash_is_fixed(body, expect):
    text = draft(body)
    assert [(t, r) for _, _, t, r in hits(text, ["FZ909"])] == [expect]
    assert hits(fixed(text, ["FZ909"]), ["FZ909"]) == []


@pytest.mark.parametrize("body", ["坚持工作法——一个村一名法律顾问。", "开通青山—县城普法专线。",
                                  "落实普法规划(2021--2025年)。"])
def test_real_dashes_and_number_ranges_stay_silent(body):
    assert hits(draft(body), ["FZ909"]) == []


# --- item 15 and the 文号: placeholders ---------------------------------------------------------

@pytest.mark.parametrize("body, expect", [
    ("挽回经济损失2XX50元。", ["2XX50"]),
    ("群众满意率达到9x.5%。", ["9x.5"]),
    ("投入资金X0万元。", ["X0"]),
    ("于X月x日召开推进会。", ["X", "x"]),
    ("202X年完成创建。", ["202X"]),
    ("转发《通知》（青政〔〕15号）。", ["〔〕"]),
    ("印发《规则》（青政办〔2024〕号）。", ["号"]),
])
def test_placeholders_inside_numbers_dates_and_document_numbers(body, expect):
    assert found(draft(body), ["FZ605"]) == expect


@pytest.mark.parametrize("body", [
    "挽回经济损失2350元，满意率98.5%，投入资金10万元，于3月5日召开推进会。",
    "印发《规则》（青政办〔2024〕15号）。",
    "建立“1×3”机制，举办3x3篮球赛，制作2x3平方米展板，开展X射线检查。",
])
def test_real_numbers_and_products_are_not_placeholders(body):
    assert hits(draft(body), ["FZ605"]) == []


# --- documentation and the command line -----------------------------------------------------------

@pytest.mark.parametrize("rule", ["FZ607", "FZ907", "FZ908", "FZ909", "FZ910"])
def test_new_rules_are_explained(rule):
    proc = run_cli("explain", rule)
    assert proc.returncode == 0
    assert "为什么" in proc.stdout and "错误示例" in proc.stdout and "正确示例" in proc.stdout


def test_fix_on_a_file_leaves_nothing_fixable(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text(draft("一、主要举措和成效\n1.健全制度\n2.规范执法\n3．强化监督\n"
                          "坚持工作法--一村一顾问，完善行政执法与刑事司法连接机制。\n- 2 -"),
                    encoding="utf-8")
    sel = "FZ205,FZ603,FZ901,FZ909"
    assert run_cli("check", str(path), "--select", sel, "--fix").returncode == 0
    text = path.read_text(encoding="utf-8")
    assert "3.强化监督" in text and "工作法——一村一顾问" in text and "刑事司法衔接" in text
    assert "- 2 -" not in text
