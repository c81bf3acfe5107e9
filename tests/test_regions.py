"""Regions of the document model (checker.model.regions) on the seeds and on a report copied from
a government web page, the position helpers (sentence_at, clause_at, paragraph_at, letter_body,
the normalized offset map), and the common rule keys scope / unless / match_on applied by the
engine — through the real CLI with a county pack."""

from __future__ import annotations

import json

import pytest

from checker.model.document import Document
from util import cli_json, run_cli, seed_text

# a report as it is copied from a county website: navigation and metadata above the title,
# page buttons below the date
WEB_PAGE = """首页 > 政务公开 > 法治政府建设
索引号:11410423MB1234567X/2025-00012
发布日期:2025-01-20    来源:青山镇人民政府
字体：【大 中 小】
青山镇人民政府关于2024年度法治政府建设情况的报告
县委、县政府：
2024年，青山镇深入学习贯彻习近平法治思想，现将有关情况报告如下。
一、主要举措和成效
全镇开展普法宣传活动30场次，覆盖群众5000余人次。
二、存在的不足和原因
行政执法人员专业素质有待提高，主要原因是培训不够。
三、党政主要负责人履行推进法治建设第一责任人职责情况
镇党委书记带头学法，主持召开专题会议4次。
四、2025年工作安排
持续深化法治宣传教育。
青山镇人民政府
2025年1月10日
【打印本页】【关闭窗口】
"""


def _line_regions(doc, n):
    return doc.line_regions[n - 1]


def test_furniture_is_never_title_nor_prose():
    doc = Document(WEB_PAGE)
    assert doc.furniture_lines == [1, 2, 3, 4, 18]
    assert doc.title == "青山镇人民政府关于2024年度法治政府建设情况的报告"
    assert doc.addressee.number == 6
    assert doc.signature[0] == "青山镇人民政府" and doc.date.as_date().isoformat() == "2025-01-10"
    for n in (1, 2, 3, 4, 18):
        assert "furniture" in _line_regions(doc, n) and "body" not in _line_regions(doc, n)


def test_a_web_page_report_is_checked_like_the_report_alone(tmp_path):
    """The furniture's half-width colons and the missing title line give no findings; the
    report's own findings are the same as for its text without the page around it."""
    page = tmp_path / "page.txt"
    page.write_text(WEB_PAGE, encoding="utf-8")
    alone = tmp_path / "alone.txt"
    lines = WEB_PAGE.splitlines()
    alone.write_text("\n".join(lines[4:17]) + "\n", encoding="utf-8")
    got = cli_json("--no-config", page)["files"][0]["findings"]
    want = cli_json("--no-config", alone)["files"][0]["findings"]
    assert [(f["rule"], f["line"] - 4, f["message"]) for f in got] == \
        [(f["rule"], f["line"], f["message"]) for f in want]
    assert not any(f["line"] in (1, 2, 3, 4, 18) for f in got)


def test_a_prose_line_that_mentions_metadata_words_is_prose():
    doc = Document("青山镇关于2024年度法治政府建设情况的报告\n"
                   "来源：各村上报的材料显示，全年共受理行政复议案件3件，均在法定期限内办结。\n"
                   "首页和各栏目均设置了政务公开专栏，发布日期均按规定标注。\n")
    assert doc.furniture_lines == []
    assert "prose" in _line_regions(doc, 2) and "prose" in _line_regions(doc, 3)


@pytest.mark.parametrize("seed,expect", [
    ("002", {4: "measures", 18: "shortcomings", 23: "next_year"}),
    ("003", {6: "responsible", 10: "measures", 21: "shortcomings"}),
])
def test_required_parts_from_level_one_headings(seed, expect):
    doc = Document(seed_text(seed))
    for line, part in expect.items():
        assert part in _line_regions(doc, line)
        assert "headings" in _line_regions(doc, line)
    # the paragraph after the shortcomings heading belongs to that part, and is prose
    (line,) = [n for n, part in expect.items() if part == "shortcomings"]
    after = [h.line for h in doc.headings if h.level == 1 and h.line > line]
    end = after[0] if after else len(doc.lines) + 1
    inside = [_line_regions(doc, n) for n in range(line + 1, end) if not doc.lines[n - 1].blank]
    assert inside and all("shortcomings" in r for r in inside)
    assert any("prose" in r for r in inside)


def test_preamble_title_addressee_closing_on_a_seed():
    doc = Document(seed_text("003"))
    assert "title" in _line_regions(doc, 1) and "title" in _line_regions(doc, 2)
    assert "addressee" in _line_regions(doc, 4)
    assert "preamble" in _line_regions(doc, 5)
    last = doc.closing_lines[-1]
    assert "closing" in _line_regions(doc, last) and "body" not in _line_regions(doc, last)
    s, e = doc.letter_body
    assert doc.text[s:e].strip().startswith("2023年") and "北杨集镇人民政府\n" not in doc.text[e - 20:e]


def test_an_opening_sentence_ending_with_a_colon_is_not_the_addressee():
    doc = Document("青山镇关于2024年度法治政府建设情况的报告\n现将我镇2024年度法治政府建设情况报告如下：\n"
                   "一、主要举措和成效\n")
    assert doc.addressee is None
    near = Document("青山镇关于2024年度法治政府建设情况的报告\n中共青山县委、青山县人民政府：\n")
    assert near.addressee.number == 2


def test_sentence_clause_and_paragraph_at():
    text = "第一段，第二分句；第二句。\n下一段"
    doc = Document(text)
    at = text.index("二分句")
    assert doc.sentence_at(at).text == "第一段，第二分句；"
    assert text[slice(*doc.clause_at(at))] == "第二分句"
    assert doc.paragraph_at(at).number == 1
    assert doc.sentence_at(text.index("下一段")).text == "下一段"
    assert doc.sentence_at(text.index("\n")) is None


def test_normalized_offsets_map_both_ways():
    text = "数 据（ＡＢ）：2024 年"
    doc = Document(text)
    norm = doc.normalized
    assert norm.text == "数据(AB):2024年"
    s, e = text.index("Ａ"), text.index("）") + 1
    ns, ne = norm.to_normalized(s, e)
    assert norm.text[ns:ne] == "AB)"
    assert norm.span(ns, ne) == (s, e)


# --------------------------------------------------------------- common keys through the CLI

PACK = """pack: county
rules:
  - id: XC601
    kind: substitution
    category: wording
    severity: warning
    message: "“{found}”宜写作“{use}”"
    entries:
      - pattern: 法制
        use: 法治
    {extra}
"""
DRAFT = ("青山镇关于2024年度法治政府建设情况的报告\n"
         "一、主要举措和成效\n"
         "加强法制宣传，完善法制审核机制。\n"
         "二、存在的不足和原因\n"
         "法制意识不强，人大法制委员会提出意见。\n"
         "青山镇人民政府\n2025年1月10日\n")


def _hits(tmp_path, extra):
    pack = tmp_path / "county.yaml"
    pack.write_text(PACK.replace("{extra}", extra), encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    data = cli_json("--no-config", "--rules", pack, "--select", "XC601", draft)
    return [(f["line"], f["column"]) for f in data["files"][0]["findings"]]


@pytest.mark.parametrize("extra,expect", [
    ("", [(3, 3), (3, 10), (5, 1), (5, 10)]),
    ("scope: [shortcomings]", [(5, 1), (5, 10)]),
    ("scope: {not: [measures]}", [(5, 1), (5, 10)]),
    ("unless: {containing: [人大法制委员会]}", [(3, 3), (3, 10), (5, 1)]),
    ("unless: {hit: [制]}", []),
    ("unless: {clause: [审核]}", [(3, 3), (5, 1), (5, 10)]),
    ("unless: {sentence: [意识]}", [(3, 3), (3, 10)]),
    ("unless: {paragraph: [宣传]}", [(5, 1), (5, 10)]),
    ("unless: {near: [审核], near_chars: 2}", [(3, 3), (5, 1), (5, 10)]),
    ("unless: {near: [审核], near_chars: 1}", [(3, 3), (3, 10), (5, 1), (5, 10)]),
])
def test_scope_and_unless_forms(tmp_path, extra, expect):
    assert _hits(tmp_path, extra) == expect


@pytest.mark.parametrize("extra,what", [
    ("scope: [preface]", "scope: 未知的区域 preface"),
    ("scope: {only: [body], but: [title]}", "scope: 未知的键 but"),
    ("unless: {around: [x]}", "unless: 未知的形式 around"),
    ("unless: {sentence: ['(']}", "unless.sentence: 正则表达式无效"),
    ("unless: {near: [x], near_chars: 0}", "unless: near_chars 应为 1–200 的整数"),
    ("match_on: raw", "match_on: 规则类型 substitution 只能在normalized文字上匹配"),
    ("match_on: both", "match_on: 应为 raw 或 normalized"),
    ("skip_context: [x]", "skip_context: 已改为通用键 unless: {sentence: […]}"),
    ("sentences: [x]", "sentences: 规则类型 substitution 没有这个键"),
])
def test_a_broken_common_key_is_one_line_with_its_file_and_line(tmp_path, extra, what):
    pack = tmp_path / "county.yaml"
    pack.write_text(PACK.replace("{extra}", extra), encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    proc = run_cli("check", "--no-config", "--rules", pack, draft)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert f"{pack}:11: {what}" in proc.stderr, proc.stderr


def test_a_replaced_kind_key_names_the_common_key(tmp_path):
    pack = tmp_path / "old.yaml"
    pack.write_text("""pack: old
rules:
  - id: XC702
    kind: doubled-word
    category: typo
    severity: warning
    message: 重复
    allow: [常常]
""", encoding="utf-8")
    proc = run_cli("check", "--no-config", "--rules", pack, "-", input="常常\n")
    assert proc.returncode == 2
    assert f"{pack}:8: allow: 已改为通用键 unless: {{containing: […]}}" in proc.stderr


def test_entry_level_unless_and_when(tmp_path):
    extra = ""
    pack = tmp_path / "county.yaml"
    pack.write_text(PACK.replace("{extra}", extra).replace(
        "        use: 法治\n",
        "        use: 法治\n        unless: {containing: [法制委员会]}\n        when: {paragraph: [意识|审核]}\n"),
        encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    data = cli_json("--no-config", "--rules", pack, "--select", "XC601", draft)
    assert [(f["line"], f["column"]) for f in data["files"][0]["findings"]] == \
        [(3, 3), (3, 10), (5, 1)]
    json.dumps(data)
