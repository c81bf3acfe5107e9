"""Conversion-debris and format rules (FZ9xx): Word/pandoc markers, list bullets before headings,
spaces from PDF line wraps, spaces beside punctuation, paragraphs cut mid-sentence, spaces
between Han characters and numbers."""

import pytest

from util import check_text, findings, seed_text

FORMAT = ["format"]


def hits(text, select=FORMAT):
    """[(rule, line, found text, fix replacement or None)]."""
    res = check_text(text, select=select)
    return [(f.rule, res.doc.position(f.start)[0], res.doc.text[f.start:f.end],
             f.fix.replacement if f.fix else None) for f in res.findings]


# ---------------------------------------------------------------- seeds

@pytest.mark.parametrize("seed,line", [("002", 17), ("004", 7)])
def test_bookmark_marker_in_seeds(seed, line):
    assert findings(seed_text(seed), select=["FZ901"]) == [("FZ901", line)]


def test_bookmark_fix_deletes_the_marker_only():
    res = check_text(seed_text("002"), select=["FZ901"])
    (f,) = res.findings
    assert res.doc.text[f.fix.start:f.fix.end] == "[bookmark: _GoBack]"
    assert f.fix.replacement == ""


def test_seed_000_pdf_wrap_spaces_inside_words():
    got = [(line, r) for r, line, _, r in hits(seed_text("000"), ["FZ903"])]
    assert got == [(16, ""), (16, ""), (16, "")]
    res = check_text(seed_text("000"), select=["FZ903"])
    around = [res.doc.text[f.start - 1:f.end + 2] for f in res.findings]
    assert "合 法性" in around and "民 主性" in around


def test_seed_000_bullets_before_headings():
    got = findings(seed_text("000"), select=["FZ902"])
    assert [line for _, line in got] == [11, 12, 13, 15, 16, 17, 18, 19, 20, 21]


def test_seed_000_paragraphs_cut_mid_sentence():
    got = hits(seed_text("000"), ["FZ905"])
    assert [(line, fix) for _, line, _, fix in got] == [(21, ""), (37, "")]
    res = check_text(seed_text("000"), select=["FZ905"])
    joined = [res.doc.text[f.fix.start - 2:f.fix.start] + res.doc.text[f.fix.end:f.fix.end + 2]
              for f in res.findings]
    assert joined == ["行政机关", "用法的良"]


def test_seed_000_title_spacing_around_the_year_is_only_a_hint_without_fix():
    got = hits(seed_text("000"), ["FZ906"])
    assert ("FZ906", 1, " 2024 ", None) in got
    assert all(sev is None for *_, sev in got)
    res = check_text(seed_text("000"), select=["FZ906"])
    assert {f.severity for f in res.findings} == {"info"}


@pytest.mark.parametrize("seed", ["001", "002", "003", "004"])
def test_other_seeds_have_no_wrap_spaces_bullets_or_cut_paragraphs(seed):
    assert findings(seed_text(seed), select=["FZ902", "FZ903", "FZ904", "FZ905", "FZ906"]) == []


# ---------------------------------------------------------------- markers

@pytest.mark.parametrize("text,found,good", [
    ("[bookmark: _GoBack]2. 加强信访工作。", "[bookmark: _GoBack]", ""),
    ("[]{#_Toc123456 .anchor}一、主要举措和成效", "[]{#_Toc123456 .anchor}", ""),
    ("全面推行[行政执法三项制度]{.underline}，规范执法。", "[行政执法三项制度]{.underline}",
     "行政执法三项制度"),
])
def test_conversion_markers(text, found, good):
    assert [(r, f, g) for r, _, f, g in hits(text, ["FZ901"])] == [("FZ901", found, good)]


def test_square_brackets_in_prose_are_not_markers():
    assert hits("按照[2024]3号文件和{重点任务}清单执行。", ["FZ901"]) == []


# ---------------------------------------------------------------- bullets

@pytest.mark.parametrize("text,found", [
    ("- (二)加强法治宣传教育\n", "- "),
    (" - (四) 依法化解社会矛盾纠纷\n", " - "),
    ("* 1. 领导干部带头学法用法。\n", "* "),
    ("• 三、下一步工作计划\n", "• "),
])
def test_bullets_before_heading_markers(text, found):
    assert [(f, g) for _, _, f, g in hits(text, ["FZ902"])] == [(found, "")]


@pytest.mark.parametrize("text", [
    "一、工作开展情况\n（一）强化组织领导",
    "- 加强学习。\n- 强化督查。",
    "全年共-1次",
])
def test_no_bullet_finding_without_a_bulleted_heading(text):
    assert hits(text, ["FZ902"]) == []


# ---------------------------------------------------------------- spaces

@pytest.mark.parametrize("text", [
    "中共青石镇委员会 青石镇人民政府\n关于2024年度法治政府建设情况的报告\n\n正文，内容。",
    "领导小组成员如下：\n组　长　王　伟\n副组长　李晓明",
    "使用 App 办理，群众满意。",
    "青石镇人民政府 2025年1月20日",
    "　　全镇共有村（社区）12个，全部建立调解组织。",
    "序号 单位 数量\n合计 35件",
    "附件：1.法律顾问聘用合同 2.普法责任清单",
])
def test_deliberate_spaces_are_left_alone(text):
    assert hits(text, ["FZ903", "FZ904", "FZ906"]) == []


def test_wrap_space_only_between_two_han_characters_in_prose():
    assert [(f, g) for _, _, f, g in hits("坚持依法决策，确保决策的科学性、民  主性。", ["FZ903"])] \
        == [("  ", "")]


@pytest.mark.parametrize("text,found", [
    ("（四） 依法化解社会矛盾纠纷，维护社会和谐稳定", " "),
    ("依法化解社会矛盾纠纷，　维护社会和谐稳定。", "　"),
    ("依法化解社会矛盾纠纷 ，维护社会和谐稳定。", " "),
    ("全年任务已经完成。 二是加强学习。", " "),
])
def test_spaces_beside_fullwidth_punctuation(text, found):
    assert [(r, f, g) for r, _, f, g in hits(text, ["FZ904"])] == [("FZ904", found, "")]


def test_digit_spacing_is_one_hint_per_number():
    got = hits("全年共开展法治专题学习 4 次，调处纠纷 672 件。", ["FZ906"])
    assert [f for _, _, f, _ in got] == [" 4 ", " 672 "]


def test_heading_marker_dot_is_not_digit_spacing():
    assert hits("1. 领导干部带头学法用法。\n2. 广泛开展宣传。", ["FZ906"]) == []


# ---------------------------------------------------------------- cut paragraphs

@pytest.mark.parametrize("text", [
    # a sub-heading without a marker, then its body
    "加强规范性文件管理\n积极开展规范性文件监督管理工作，进一步规范行政行为。",
    # a heading with a comma in it, then its body
    "（一）加强组织领导，压实法治建设责任\n成立了法治政府建设工作领导小组，明确职责分工。",
    # a lead-in ending with a colon
    "主要表现在以下方面，具体如下：\n部分干部法治意识不强。",
    # the next paragraph is a heading
    "全年共开展各类法治宣传活动，发放宣传资料\n二、存在的问题",
    # a short line without punctuation
    "法治政府建设情况\n全镇上下共同努力，取得了成效。",
])
def test_paragraph_breaks_that_are_not_cuts(text):
    assert hits(text, ["FZ905"]) == []


def test_cut_after_a_comma_is_a_cut_too():
    text = "积极做好行政诉讼应诉工作，严格落实行政机关负责人出庭应诉制度，\n尊重并执行人民法院的生效裁判。"
    assert [(line, g) for _, line, _, g in hits(text, ["FZ905"])] == [(1, "")]


# ---------------------------------------------------------------- explain examples

def _format_rules():
    from checker.engine import packs
    # FZ911/FZ912 speak of a Word file's revisions and of other rules' findings: their examples
    # are checked by tests/test_rule_fixtures.py, whose harness reads those stage directions
    return [r for r in packs.load().rules.values() if r.category == "format"
            and r.kind not in ("pending-revisions", "unused-suppression")]


@pytest.mark.parametrize("rule", _format_rules(), ids=lambda r: r.id)
def test_explain_bad_example_is_flagged_and_good_example_is_not(rule):
    ex = rule.explain
    assert rule.name and ex.get("why") and ex.get("bad") and ex.get("good")
    assert rule.id in {r for r, *_ in hits(ex["bad"], [rule.id])}
    assert hits(ex["good"], [rule.id]) == []
