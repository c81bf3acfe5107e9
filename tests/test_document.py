"""Document model: metadata, headings, sentences and positions on the real seeds."""

import pytest

from checker.model.chinese import cn_numeral, cn_ordinal
from checker.model.document import Document, Normalized, parse_body
from util import seed_text


@pytest.mark.parametrize("seed,title,body,btype,year", [
    ("000", "大李集镇 2024 年度法治政府建设报告", "大李集镇", "镇", 2024),
    ("001", "桐木漯瑶族乡人民政府关于2023年度法治政府建设工作的报告", "桐木漯瑶族乡", "乡", 2023),
    ("002", "杂色镇2024年度法治政府建设情况报告", "杂色镇", "镇", 2024),
    ("003", "北杨集镇人民政府关于2023年度法治政府建设情况的报告", "北杨集镇", "镇", 2023),
    ("004", "鲁山县马楼乡人民政府关于2024年法治政府建设情况的报告", "马楼乡", "乡", 2024),
])
def test_seed_metadata(seed, title, body, btype, year):
    doc = Document(seed_text(seed))
    assert (doc.title, doc.body, doc.body_type, doc.year) == (title, body, btype, year)


def test_two_line_title_is_one_title():
    doc = Document(seed_text("001"))
    assert doc.title_lines == [1, 2]
    assert doc.position(doc.title_span[1])[0] == 2


def test_addressee_signature_and_date():
    d3 = Document(seed_text("003"))
    assert d3.addressee.text == "中共沈丘县委、沈丘县人民政府："
    assert d3.signature[0] == "北杨集镇人民政府" and d3.date is None
    d0 = Document(seed_text("000"))
    assert d0.signature[0] == "大李集镇人民政府"
    assert (d0.date.year, d0.date.month, d0.date.day) == (2025, 1, 2)
    d1 = Document(seed_text("001"))
    assert (d1.date.year, d1.date.month, d1.date.day) == (2024, 1, 17)
    assert Document(seed_text("002")).signature is None


def test_headings_levels_and_debris_prefixes():
    doc = Document(seed_text("000"))
    by_line = {h.line: h for h in doc.headings}
    assert by_line[11].level == 2 and by_line[11].ordinal == 2   # "- (二)…" markdown bullet
    assert by_line[19].level == 2 and by_line[19].ordinal == 4   # " - (四) …"
    assert by_line[16].level == 3 and by_line[16].marker == "1."
    d2 = Document(seed_text("002"))
    assert {h.line: h.ordinal for h in d2.headings}[17] == 2     # "[bookmark: _GoBack]2. 加强信访工作"
    d3 = Document(seed_text("003"))
    tenth = [h for h in d3.headings if h.line == 20][0]
    assert tenth.ordinal == 10 and tenth.marker == "10．"


def test_section_tree():
    doc = Document(seed_text("002"))
    top = [c.heading.title for c in doc.sections.children]
    assert top == ["主要举措和成效", "存在的不足", "下一步工作打算"]
    first = doc.sections.children[0]
    assert [c.heading.ordinal for c in first.children] == [1, 2, 3, 4]
    assert doc.section_of(doc.lines[15].start).heading.line == 16


def test_sentences_split_and_positions():
    doc = Document(seed_text("002"))
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text
        assert s.text[-1] in "。！？；!?;" or s.end == doc.lines[s.line - 1].end
    line, col = doc.position(doc.text.index("杂色镇司法所荣获"))
    assert line == 11 and col > 1


def test_position_round_trip_in_code_points():
    text = "第一行\n𠀀字在这里\n"
    doc = Document(text)
    assert doc.position(text.index("字")) == (2, 2)


def test_normalized_maps_back_to_original():
    text = "合 法性审查（一）ＡＢ"
    n = Normalized(text)
    assert n.text == "合法性审查(一)AB"
    i = n.text.index("法性")
    assert n.span(i, i + 2) == (2, 4)
    assert text[slice(*n.span(0, 2))] == "合 法"


def test_numerals():
    assert [cn_ordinal(x) for x in ["一", "十", "十二", "二十", "二十三", "7"]] == [1, 10, 12, 20, 23, 7]
    assert [cn_numeral(n) for n in (1, 10, 12, 20, 23)] == ["一", "十", "十二", "二十", "二十三"]


@pytest.mark.parametrize("name,expected", [
    ("鲁山县马楼乡人民政府", ("马楼乡", "乡")),
    ("沈丘县司法局", ("沈丘县司法局", "部门")),
    ("中共青山镇委员会 青山镇人民政府", ("青山镇", "镇")),
    ("城关街道办事处", ("城关街道办事处", "街道")),
    ("青山县人民政府", ("青山县", "县")),
])
def test_parse_body(name, expected):
    assert parse_body(name) == expected


def test_year_override_and_title_without_year():
    doc = Document("青山镇法治政府建设情况报告\n\n正文。", year=2022)
    assert doc.year == 2022 and doc.title_year is None


def test_malformed_chinese_numerals_are_not_ordinals():
    assert [cn_ordinal(x) for x in ["十十", "十〇", "两十", "一二"]] == [None, None, None, None]
    doc = Document("青山镇2024年度法治政府建设报告\n十十、测试\n一、正文")
    assert [h.ordinal for h in doc.headings] == [1]
