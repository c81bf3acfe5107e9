"""Structure rules (FZ1xx) on the seeds and on hand-made drafts: one clean, one broken per rule."""

import re

import pytest

from util import ROOT, findings, seed_text

CLEAN = (ROOT / "tests" / "drafts" / "clean_2024.txt").read_text(encoding="utf-8")
SEL = ["structure", "numbering"]


def rules_of(text, select=SEL, **kw):
    return sorted({r for r, _ in findings(text, select=select, **kw)})


def test_clean_draft_has_no_structure_or_numbering_findings():
    assert findings(CLEAN, select=SEL) == []


# ---------------------------------------------------------------- the seeds

@pytest.mark.parametrize("seed", ["000", "001"])
def test_seeds_000_001_lack_first_responsible_person(seed):
    assert ("FZ103", 1) in findings(seed_text(seed), select=["FZ103"])


@pytest.mark.parametrize("seed", ["003", "004"])
def test_seeds_003_004_have_all_four_parts(seed):
    assert findings(seed_text(seed), select=["FZ101", "FZ102", "FZ103", "FZ104"]) == []


def test_seed_002_has_first_responsible_person_as_sub_item():
    assert findings(seed_text("002"), select=["FZ103"]) == []


def test_seed_002_missing_second_heading_reported_at_third():
    assert findings(seed_text("002"), select=["FZ201"]) == [("FZ201", 28)]


def test_seed_002_gap_message_names_the_missing_heading():
    from util import check_text
    res = check_text(seed_text("002"), select=["FZ201"])
    (f,) = res.findings
    assert "（二）" in f.message and "（三）" in f.message
    assert res.doc.position(f.related[0].start)[0] == 24


@pytest.mark.parametrize("seed,expected", [
    ("002", {"FZ111", "FZ112"}),   # neither signature nor date
    ("003", {"FZ112"}),            # signature 北杨集镇人民政府, no date
    ("004", {"FZ111", "FZ112"}),
    ("000", set()),                # 大李集镇人民政府 2025年1月2日
    ("001", set()),                # signature and 2024年1月17日
])
def test_signature_and_date_on_seeds(seed, expected):
    assert set(rules_of(seed_text(seed), select=["FZ111", "FZ112"])) == expected


def test_seed_003_enumeration_after_subject_is_not_a_gap():
    # "我镇一是依托…。二是推行…" is a correct run
    assert findings(seed_text("003"), select=["FZ204"]) == []


def test_seed_001_run_starting_at_er_shi_is_reported():
    assert findings(seed_text("001"), select=["FZ204"]) == [("FZ204", 11)]


# ---------------------------------------------------------------- hand-made broken drafts

def without_line(text, start):
    return "\n".join(ln for ln in text.split("\n") if not ln.startswith(start))


def test_fz101_missing_measures_part():
    # the measures part (its heading and everything under it) taken out; a heading
    # "……基本情况" over the measures now counts (issue 12 class 6), so cutting it is the defect
    lines = CLEAN.split("\n")
    text = "\n".join(lines[:4] + lines[12:])
    assert "FZ101" in rules_of(text)


def test_fz102_missing_problems_part_and_body_only_mention_is_lighter():
    text = without_line(CLEAN, "三、存在的不足和原因").replace("一是部分干部", "部分干部")
    text = "\n".join(ln for ln in text.split("\n") if "究其原因" not in ln)
    assert ("FZ102", 1) in findings(text, select=["FZ102"])
    lighter = CLEAN.replace("三、存在的不足和原因\n", "三、其他情况\n本年度仍存在一些不足，")
    from util import check_text
    (f,) = check_text(lighter, select=["FZ102"]).findings
    assert f.severity == "info"


def test_fz103_missing_first_responsible_person():
    text = CLEAN.replace("二、党政主要负责人履行推进法治建设第一责任人职责情况\n镇党委书记、镇长切实履行第一责任人职责，", "二、加强组织领导\n镇党委")
    assert ("FZ103", 1) in findings(text, select=["FZ103"])


def test_fz103_body_only_mention_is_info():
    text = CLEAN.replace("二、党政主要负责人履行推进法治建设第一责任人职责情况", "二、加强组织领导")
    from util import check_text
    (f,) = check_text(text, select=["FZ103"]).findings
    assert f.severity == "info" and "正文" in f.message


def test_fz104_missing_plan_part():
    text = CLEAN.replace("四、2025年度推进法治政府建设的主要安排", "四、其他情况")
    assert "FZ104" in rules_of(text)


def test_fz105_parts_out_of_order():
    lines = CLEAN.split("\n")
    i = lines.index("三、存在的不足和原因")
    j = lines.index("四、2025年度推进法治政府建设的主要安排")
    problems, plans = lines[i:j], lines[j:lines.index("", j)]
    reordered = lines[:i] + [plans[0].replace("四、", "三、")] + plans[1:] + \
        [problems[0].replace("三、", "四、")] + problems[1:] + lines[lines.index("", j):]
    found = findings("\n".join(reordered), select=["FZ105"])
    assert [r for r, _ in found] == ["FZ105"]


def test_fz106_problems_without_causes():
    text = CLEAN.replace("究其原因，主要是学法制度落实不够严格，基层法治工作力量不足。", "")
    assert findings(text, select=["FZ106"]) == [("FZ106", 15)]


@pytest.mark.parametrize("title,missing", [
    ("青山镇2024年度工作总结", "法治政府建设"),
    ("关于2024年度法治政府建设情况的报告", "报告单位"),
    ("青山镇人民政府关于法治政府建设情况的报告", "年度"),
])
def test_fz107_title_missing_elements(title, missing):
    from util import check_text
    text = CLEAN.replace("青山镇人民政府关于2024年度法治政府建设情况的报告", title, 1)
    res = check_text(text, select=["FZ107"], year=2024)
    (f,) = res.findings
    assert missing in f.message


def test_fz107_no_title_at_all():
    text = CLEAN.split("\n", 2)[2]  # drop the title and the blank line
    from util import check_text
    (f,) = check_text(text, select=["FZ107"]).findings
    assert "未找到标题" in f.message


def test_fz111_fz112_missing_signature_and_date():
    text = CLEAN.rsplit("\n\n", 1)[0]
    assert rules_of(text) == ["FZ111", "FZ112"]
    only_sig = CLEAN.replace("2025年1月15日", "")
    assert rules_of(only_sig) == ["FZ112"]


@pytest.mark.parametrize("date,rule", [
    ("2024年12月20日", "FZ113"),   # before the year ended
    ("2025年3月15日", "FZ114"),    # after the 3-01 reporting deadline
    ("2025年4月20日", "FZ115"),    # after the 4-01 publication deadline
])
def test_signing_date_windows(date, rule):
    text = CLEAN.replace("2025年1月15日", date)
    assert rules_of(text, select=["FZ113", "FZ114", "FZ115"]) == [rule]


def test_signing_date_in_chinese_numerals_and_on_the_signature_line():
    text = CLEAN.replace("青山镇人民政府\n2025年1月15日", "青山镇人民政府 二〇二五年四月二十日")
    assert rules_of(text, select=["FZ111", "FZ112", "FZ115"]) == ["FZ115"]


def test_year_option_overrides_title():
    text = CLEAN
    assert rules_of(text, select=["FZ113"], year=2025) == ["FZ113"]


# ---------------------------------------------------------------- numbering

def test_fz202_repeated_heading_number():
    text = CLEAN.replace("（三）深化法治宣传教育", "（二）深化法治宣传教育")
    assert findings(text, select=["FZ2"]) == [("FZ202", 11)]


def test_fz203_first_heading_not_one():
    text = CLEAN.replace("（一）健全依法决策机制", "（二）健全依法决策机制").replace(
        "（二）规范行政执法行为", "（三）规范行政执法行为").replace("（三）深化法治宣传教育", "（四）深化法治宣传教育")
    assert findings(text, select=["FZ2"]) == [("FZ203", 6)]


def test_fz201_gap_at_level_three_and_one():
    text = CLEAN.replace("2.加强执法人员培训", "3.加强执法人员培训")
    assert findings(text, select=["FZ201"]) == [("FZ201", 10)]
    text = CLEAN.replace("四、2025年度", "五、2025年度")
    assert findings(text, select=["FZ201"]) == [("FZ201", 17)]


def test_half_width_and_fullwidth_dot_markers_count_as_headings():
    text = CLEAN.replace("（一）健全", "(一)健全").replace("（二）规范行政", "(二)规范行政").replace("2.加强", "2．加强")
    assert findings(text, select=["FZ201", "FZ202", "FZ203"]) == []


def test_fz204_enumeration_gap_and_start():
    gap = CLEAN.replace("二是村级法治", "三是村级法治")
    assert findings(gap, select=["FZ204"]) == [("FZ204", 16)]
    start = CLEAN.replace("一是部分干部", "部分干部")
    assert findings(start, select=["FZ204"]) == [("FZ204", 16)]
    words = CLEAN.replace("完善领导干部学法制度", "坚持统一是前提，唯一是底线，完善领导干部学法制度")
    assert findings(words, select=["FZ204"]) == []


@pytest.mark.parametrize("bad,good", [
    ("1.落实行政执法", "1、落实行政执法"),
    ("（一）健全依法", "（一）、健全依法"),
    ("（一）健全依法", "一）健全依法"),
    ("一、2024年度推进", "一．2024年度推进"),
])
def test_fz205_marker_style(bad, good):
    text = CLEAN.replace(bad, good)
    assert [r for r, _ in findings(text, select=["FZ205"])] == ["FZ205"]


def test_explain_texts_exist_for_every_structure_rule():
    from checker.engine import packs
    rs = packs.load()
    for rid, rule in rs.rules.items():
        if re.match(r"FZ[12]\d\d", rid):
            assert rule.explain.get("why") and rule.explain.get("bad") and rule.explain.get("good"), rid
