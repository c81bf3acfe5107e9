"""Punctuation rules (FZ8xx) on the seeds, on true cases and near misses written for each rule,
on the clean corpus, and on each rule's own explain examples."""

from pathlib import Path

import pytest

from util import ROOT, check_text, findings, seed_text

CLEAN = sorted((ROOT / "tests" / "clean").glob("punct_*.txt")) + \
    sorted((ROOT / "tests" / "clean").glob("format_*.txt"))
PUNCT = ["punctuation"]


def hits(text, select=PUNCT):
    """[(rule, found text, fix replacement or None)] for a text."""
    res = check_text(text, select=select)
    return [(f.rule, res.doc.text[f.start:f.end], f.fix.replacement if f.fix else None)
            for f in res.findings]


def rules(text, select=PUNCT):
    return sorted({r for r, _, _ in hits(text, select)})


# ---------------------------------------------------------------- seeds

def test_seed_004_line_15_fullwidth_straight_quote_is_reported_with_its_fix():
    res = check_text(seed_text("004"), select=["FZ803", "FZ804"])
    (f,) = res.findings
    assert f.rule == "FZ803" and res.doc.position(f.start)[0] == 15
    assert res.doc.text[f.start] == "＂" and f.fix.replacement == "“"


def test_seed_000_halfwidth_punctuation_is_reported_everywhere_in_prose():
    res = check_text(seed_text("000"), select=["FZ801", "FZ802"])
    by_line = {}
    for f in res.findings:
        by_line.setdefault(res.doc.position(f.start)[0], []).append(res.doc.text[f.start])
    # line 3: 2024 年,在 … 决策部署,… 报告如下:  — six commas and the colon
    assert sorted(by_line[3]) == sorted([","] * 6 + [":"])
    assert by_line[7] == ["(", ")", ","]          # (一)强化组织领导,健全…
    assert by_line[20].count("(") == 1           # 村(社区)
    # every half-width , : ( ) of the seed sits in Chinese prose: nothing is missed
    text = res.doc.text
    expected = sum(text.count(c) for c in ",:;?!()")
    assert len(res.findings) == expected


def test_seed_000_fixes_are_the_fullwidth_marks():
    res = check_text(seed_text("000"), select=["FZ801", "FZ802"])
    pairs = {(res.doc.text[f.start], f.fix.replacement) for f in res.findings}
    assert pairs == {(",", "，"), (":", "："), (";", "；"), ("(", "（"), (")", "）")}


def test_seed_000_straight_double_quotes_pair_up():
    res = check_text(seed_text("000"), select=["FZ803"])
    line13 = [f.fix.replacement for f in res.findings if res.doc.position(f.start)[0] == 13]
    assert line13 == ["“", "”", "“", "”"]          # "国家宪法日""民法典宣传月"


def test_seed_003_halfwidth_semicolon_and_quoted_items_with_dunhao():
    assert ("FZ801", 14) in findings(seed_text("003"), select=PUNCT)
    assert ("FZ807", 9) in findings(seed_text("003"), select=PUNCT)


def test_seed_004_quoted_items_with_dunhao():
    assert findings(seed_text("004"), select=["FZ807"]) == [("FZ807", 23), ("FZ807", 23)]


def test_seed_002_uses_the_interpunct_in_dated_days_and_is_not_flagged():
    assert findings(seed_text("002"), select=["FZ809", "FZ801", "FZ803", "FZ804", "FZ805"]) == []


# ---------------------------------------------------------------- half-width marks

@pytest.mark.parametrize("text,found,good", [
    ("全年共召开会议4次,研究解决重大问题。", ",", "，"),
    ("现将有关情况报告如下:", ":", "："),
    ("一是加强学习;二是强化督查。", ";", "；"),
    ("能否做到依法行政?关键在领导。", "?", "？"),
    ("这是我们的目标!", "!", "！"),
    ("利用App,提高办事效率。", ",", "，"),
    ("“三项制度”,严格规范执法程序。", ",", "，"),
    ("电话:0371-12345678。", ":", "："),
    ("各项工作有序推进.下一步将继续努力。", ".", "。"),
])
def test_halfwidth_mark_in_chinese_prose(text, found, good):
    assert ("FZ801", found, good) in hits(text)


@pytest.mark.parametrize("text", [
    "全镇安排经费3.5万元，增长12.5%。",
    "全镇常住人口1,000余户，参加学法3,200人次。",
    "会议于上午8:30开始，比例约为3:1。",
    "详见网站https://www.example.gov.cn/a/b?id=1,2;x=3，欢迎访问。",
    "意见请发送至fzb.office@163.com，我们将及时答复。",
    "系统支持Windows 10, Linux and macOS等平台。",
    "1. 加强组织领导。\n2. 强化学习。",
    "英文名为Annual Report, Draft 2，已归档。",
    "使用App办理业务。",
    "开展工作……下一步继续。",
])
def test_no_halfwidth_finding_in_numbers_urls_latin_or_markers(text):
    assert hits(text, ["FZ801", "FZ802"]) == []


def test_halfwidth_fix_takes_the_space_that_came_with_the_mark():
    res = check_text("依法化解社会矛盾纠纷, 维护社会和谐稳定。", select=["FZ801"])
    (f,) = res.findings
    assert res.doc.text[f.fix.start:f.fix.end] == ", " and f.fix.replacement == "，"


@pytest.mark.parametrize("text,expected", [
    ("(一)强化组织领导", [("(", "（"), (")", "）")]),
    ("建立了镇、村(社区)两级调解委员会。", [("(", "（"), (")", "）")]),
    ("认真落实纲要(2021—2025年)的要求。", [("(", "（"), (")", "）")]),
    ("(1)加强学习。", [("(", "（"), (")", "）")]),
])
def test_halfwidth_brackets_in_chinese(text, expected):
    assert [(found, good) for _, found, good in hits(text, ["FZ802"])] == expected


@pytest.mark.parametrize("text", [
    "文件名为Annual Report (Draft).docx，已归档。",
    "按公式f(x)计算。",
    "函数 max(a, b) 的值。",
])
def test_halfwidth_brackets_around_latin_are_left_alone(text):
    assert hits(text, ["FZ802"]) == []


def test_heading_separator_is_left_to_the_numbering_rules():
    assert hits("一.加强组织领导\n（一）健全机制", ["FZ801"]) == []


# ---------------------------------------------------------------- quotes

@pytest.mark.parametrize("text,fixes", [
    ('利用"国家宪法日""民法典宣传月"等时间节点。', ["“", "”", "“", "”"]),
    ("实行＂定人定岗定职责”工作机制。", ["“"]),
    ("实行“定人定岗定职责＂工作机制。", ["”"]),
    ("他说：“要落实'一岗双责'。”", ["‘", "’"]),
])
def test_straight_quotes_get_the_curly_mark_their_place_calls_for(text, fixes):
    assert [good for r, _, good in hits(text) if r == "FZ803"] == fixes


def test_straight_quote_without_a_partner_has_no_fix():
    got = [(r, good) for r, _, good in hits('开展"宪法进万家活动，营造氛围。')]
    assert got == [("FZ803", None)]


def test_quotes_between_latin_words_are_not_chinese_quotes():
    assert hits('The slogan "Rule of Law" was printed in English.') == []


@pytest.mark.parametrize("text,found", [
    ("开展“宪法进万家活动，营造浓厚氛围。", "“"),
    ("开展宪法进万家”活动，营造浓厚氛围。", "”"),
    ("坚持“谁执法谁普法“的原则。", "“"),
])
def test_unpaired_curly_quotes(text, found):
    assert [(r, f) for r, f, _ in hits(text)] == [("FZ804", found)]


# ---------------------------------------------------------------- brackets

@pytest.mark.parametrize("text,found", [
    ("认真贯彻落实《信访工作条例，依法解决群众诉求。", "《"),
    ("建立镇、村（社区两级调解组织。", "（"),
    ("建立镇、村社区）两级调解组织。", "）"),
    ("学习《宪法）和民法典。", "）"),     # one finding for the mismatch
])
def test_unpaired_or_mismatched_brackets(text, found):
    assert [(r, f) for r, f, _ in hits(text, ["FZ805"])] == [("FZ805", found)]


@pytest.mark.parametrize("text", [
    "（一）强化组织领导\n一）规范执法\n1）完善制度",
    "按照厅字〔2019〕28号文件要求，落实《法治政府建设实施纲要（2021—2025年）》。",
    "建立了镇、村(社区)两级调解委员会，（一)项工作已完成。",
    "主要包括：1）完善制度；2）加强培训。",
])
def test_paired_brackets_heading_markers_and_list_markers_pass(text):
    assert hits(text, ["FZ805"]) == []


# ---------------------------------------------------------------- doubled marks

def test_doubled_mark_is_fixed_to_one():
    assert hits("加强执法监督，，确保执法行为合法。。", ["FZ806"]) == [
        ("FZ806", "，，", "，"), ("FZ806", "。。", "。")]


def test_clashing_marks_are_reported_without_a_fix():
    assert hits("加强执法监督，。确保合法", ["FZ806"]) == [("FZ806", "，。", None)]


def test_ellipsis_dash_and_question_exclamation_are_not_doubling():
    assert hits("开展工作……同时——这是关键！难道不是吗？！", ["FZ806"]) == []


# ---------------------------------------------------------------- GB/T 15834, 15835 details

@pytest.mark.parametrize("text,n", [
    ("全乡基本达到了“五有”、“六落实”、“六统一”的标准要求。", 2),
    ("学习《宪法》、《民法典》等法律。", 1),
    ("学习《宪法》《民法典》等法律。", 0),
    ("“五有”（有人员、有场所）、“六落实”已完成。", 0),
])
def test_dunhao_between_quoted_items(text, n):
    got = hits(text, ["FZ807"])
    assert len(got) == n and all(good == "" for _, _, good in got)


@pytest.mark.parametrize("text,n", [
    ("组织干部职工五、六十人参加培训。", 1),
    ("共开展活动三、四次。", 1),
    ("组织十二、三岁的学生参加。", 1),
    ("第三、四季度各举办一期培训班。", 0),
    ("组织十二三岁的学生参加。", 0),
    ("一、二级医院", 0),
])
def test_dunhao_between_estimate_numerals(text, n):
    assert len(hits(text, ["FZ808"])) == n


@pytest.mark.parametrize("text,n", [
    ("结合“3.15”消费者权益保护日开展宣传。", 1),
    ("结合12.4国家宪法日开展宣传。", 1),
    ("结合“3·15”消费者权益保护日开展宣传。", 0),
    ("同比增长3.15倍，达12.4万元。", 0),
    ("第3.15条规定", 0),
])
def test_dated_days_take_the_interpunct(text, n):
    got = hits(text, ["FZ809"])
    assert len(got) == n and all(good == "·" for _, _, good in got)


@pytest.mark.parametrize("text,found", [
    ("组织学习了信访条例、国家安全法、宪法等法律法规。", ["信访条例", "国家安全法", "宪法"]),
    ("加强宪法和民法典的学习宣传。", ["宪法", "民法典"]),
    ("学习中华人民共和国行政处罚法。", ["中华人民共和国行政处罚法"]),
    ("学习《中华人民共和国宪法》《民法典》。", []),
    ("开展“宪法宣传周”和“民法典宣传月”活动。", []),
    ("坚持宪法和法律至上，弘扬宪法精神，增强宪法意识。", []),
    ("利用国家宪法日开展宣传。", []),
])
def test_law_names_without_title_marks(text, found):
    got = hits(text, ["FZ810"])
    assert [f for _, f, _ in got] == found and all(g is None for _, _, g in got)


# ---------------------------------------------------------------- corpus and docs

@pytest.mark.parametrize("path", CLEAN, ids=lambda p: Path(p).name)
def test_clean_corpus_has_no_punctuation_or_format_finding(path):
    text = Path(path).read_text(encoding="utf-8")
    assert findings(text, select=["punctuation", "format"]) == []


def _rules_of_category(category):
    from checker.engine import packs
    rs = packs.load()
    return [r for r in rs.rules.values() if r.category == category]


@pytest.mark.parametrize("rule", _rules_of_category("punctuation"), ids=lambda r: r.id)
def test_explain_bad_example_is_flagged_and_good_example_is_not(rule):
    ex = rule.explain
    assert rule.name and ex.get("why") and ex.get("bad") and ex.get("good")
    assert rule.id in rules(ex["bad"], [rule.id])
    assert rules(ex["good"], [rule.id]) == []
