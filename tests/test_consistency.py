"""The consistency pack (FZ501–FZ504) on the seeds, on a hand-made draft full of copy-paste
leftovers, and on small drafts with a true case and a near-miss for each rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.engine.packs import load
from tests.util import check_file, check_text, findings, run_cli, seed_text

DRAFTS = Path(__file__).resolve().parent / "drafts"


def draft(*body: str, body_name: str = "青山镇", year: str = "2024", closing=("青山镇人民政府", "2025年1月15日")) -> str:
    """Title (line 1), preamble … body lines from line 2, closing lines at the end."""
    return "\n".join([f"{body_name}{year}年度法治政府建设情况报告", *body, "", *closing, ""])


def hits(text: str, rule: str, **kw) -> list[int]:
    return [line for rid, line in findings(text, select=[rule], **kw) if rid == rule]


# --- the seeds ------------------------------------------------------------------------------

def test_seed_findings_are_exactly_the_known_slips():
    found = set()
    for seed in ("000", "001", "002", "003", "004"):
        for rid, line in findings(seed_text(seed), select=["consistency"]):
            found.add((seed, rid, line))
    # 001 is a 乡 and writes "为我镇经济高质量发展" on line 15; nothing else is wrong
    assert found == {("001", "FZ501", 15)}


def test_seed_001_fix_turns_town_into_township():
    res = check_text(seed_text("001"), select=["FZ501"])
    (f,) = res.findings
    assert res.doc.text[f.start:f.end] == "我镇"
    assert f.fix is not None and res.doc.text[f.fix.start:f.fix.end] == "镇" and f.fix.replacement == "乡"
    assert "我乡" in f.message


# --- a whole draft copied from another township's report of the year before ----------------

def test_copied_draft_reports_every_leftover():
    res = check_file(DRAFTS / "copied_leftovers_2024.txt", select=["consistency"])
    got = sorted((f.rule, res.doc.position(f.start)[0], res.doc.text[f.start:f.end]) for f in res.findings)
    assert got == [
        ("FZ501", 10, "全镇"),                 # a 乡 writing 全镇 (本乡本土, 城镇 on line 12 are words)
        ("FZ502", 10, "辛集镇"),               # another town as the subject; 赴瓦屋镇学习考察 is fine
        ("FZ503", 5, "2023"),                 # the opening sentence still says 2023
        ("FZ503", 5, "2023"),                 # 现将马楼乡2023年度……报告如下
        ("FZ503", 10, "2023"),                # 今年（2023年）
        ("FZ504", 19, "2025年2月30日"),        # the 成文日期 does not exist
    ]


# --- table: (rule, draft text, lines that must be reported) ----------------------------------

CASES = [
    # FZ501 the body's type against its self-references
    ("FZ501", draft("为我镇经济高质量发展提供法治保障。", body_name="桐木漯瑶族乡", closing=()), [2]),
    ("FZ501", draft("在全乡范围内开展普法活动，本乡干部积极参与。"), [2, 2]),
    ("FZ501", draft("我镇法治建设取得成效。", body_name="东城街道", closing=()), [2]),
    ("FZ501", draft("在乡镇党委的领导下，结合乡镇实际，推进乡村振兴。"), []),
    ("FZ501", draft("推进城镇化建设，集镇管理更加规范，本乡本土人才回流。", body_name="马楼乡", closing=()), []),
    ("FZ501", draft("在全镇范围内开展普法活动。"), []),
    ("FZ501", draft("组织全镇村干部学法。", body_name="马楼乡", closing=()), [2]),
    ("FZ501", draft("我区法治建设取得成效，我县调解纠纷30件。", body_name="沈丘县", closing=()), [2]),
    ("FZ501", draft("我局法治建设取得成效，全县调解纠纷30件。", body_name="沈丘县司法局", closing=()), []),
    # FZ502 another place of the same level named in the draft
    ("FZ502", draft("2024年，杂色镇坚持以习近平法治思想为指导。", body_name="大李集镇", closing=()), [2]),
    ("FZ502", draft("我镇与北杨集镇联合开展普法活动，组织干部赴马楼乡学习考察。", body_name="大李集镇",
                    closing=()), []),
    ("FZ502", draft("建设法治桐木漯，桐木漯乡干部积极参与。", body_name="桐木漯瑶族乡", closing=()), []),
    ("FZ502", draft("在沈丘县委的领导下，XX镇模板文字。", body_name="北杨集镇", closing=()), []),
    # FZ503 years that are not the report year
    ("FZ503", draft("今年（2023年），我镇深入推进法治政府建设。"), [2]),
    ("FZ503", draft("本年度（二〇二三年），我镇深入推进法治政府建设。"), [2]),
    ("FZ503", draft("前言。", "一、2023年度推进法治政府建设的主要举措", "正文。"), [3]),
    ("FZ503", draft("前言。", "一、主要举措", "正文。", "二、下一年度（2024年）工作安排", "正文。"), [5]),
    ("FZ503", draft("2024年，在县委的领导下，我镇扎实推进法治政府建设。现将我镇2024年度法治政府建设情况报告如下：",
                    "一、2024年度主要举措", "2023年，我镇调解纠纷30件，2024年调解40件。",
                    "二、2025年工作计划", "正文。"), []),
    ("FZ503", draft("前言。", "一、2021年以来法治政府建设回顾", "正文。"), []),
    ("FZ503", draft("前言。", "一、主要举措", "正文。", "二、2023年度法治督察反馈问题整改情况", "正文。"), []),
    # FZ504 dates that do not exist
    ("FZ504", draft("2024年2月30日召开专题会议。"), [2]),
    ("FZ504", draft("二〇二三年二月二十九日召开专题会议，4月31日开展培训。"), [2, 2]),
    ("FZ504", draft("正文。", closing=("青山镇人民政府", "2025年2月30日")), [5]),
    ("FZ504", draft("2024年2月29日、2月29日、12月31日召开专题会议，“12·4”国家宪法日。"), []),
]


@pytest.mark.parametrize("rule,text,expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_cases(rule, text, expected):
    assert hits(text, rule) == expected


def test_year_follows_the_year_option():
    text = "青山镇法治政府建设情况报告\n今年（2023年），我镇深入推进法治政府建设。\n"
    assert hits(text, "FZ503") == []            # no report year: nothing to compare with
    assert hits(text, "FZ503", year=2024) == [2]
    assert hits(text, "FZ503", year=2023) == []


def test_impossible_signing_date_is_the_document_date():
    res = check_text(draft("正文。", closing=("青山镇人民政府", "2025年2月30日")), select=["FZ504"])
    (f,) = res.findings
    assert res.doc.date is not None and res.doc.date.as_date() is None
    assert (f.start, f.end) == (res.doc.date.start, res.doc.date.end)
    assert "28天" in f.message


def test_foreign_place_points_at_the_title():
    res = check_text(draft("2024年，杂色镇坚持以习近平法治思想为指导。", body_name="大李集镇", closing=()),
                     select=["FZ502"])
    (f,) = res.findings
    assert res.doc.text[f.related[0].start:f.related[0].end] == "大李集镇"


# --- the pack ---------------------------------------------------------------------------------

CONSISTENCY_RULES = sorted(r for r in load().rules if r.startswith("FZ5"))
EXAMPLE_TITLES = {"FZ501": "桐木漯瑶族乡2024年度法治政府建设情况报告",
                  "FZ502": "大李集镇2024年度法治政府建设情况报告"}


def test_pack_has_the_rules():
    assert CONSISTENCY_RULES == ["FZ501", "FZ502", "FZ503", "FZ504"]


@pytest.mark.parametrize("rid", CONSISTENCY_RULES)
def test_explain_examples_behave(rid):
    rule = load().rules[rid]
    assert rule.category == "consistency" and rule.name
    assert {"why", "bad", "good"} <= set(rule.explain)
    title = EXAMPLE_TITLES.get(rid, "青山镇2024年度法治政府建设情况报告")
    bad = f"{title}\n{rule.explain['bad']}\n"
    good = f"{title}\n{rule.explain['good']}\n"
    assert hits(bad, rid), f"{rid}: bad example not reported"
    assert not hits(good, rid), f"{rid}: good example reported"


def test_cli_explain_shows_the_examples():
    proc = run_cli("explain", "FZ501")
    assert proc.returncode == 0, proc.stderr
    assert "错误示例" in proc.stdout and "为我镇经济高质量发展" in proc.stdout
    assert "正确示例" in proc.stdout and "为我乡经济高质量发展" in proc.stdout


BAD_PACKS = [
    ("subcount-total", "numbers", "pairs:\n      - {total: 受理, part: \"(办结\"}", "pairs: 第1项的正则表达式无效"),
    ("year-reference", "consistency", "checks:\n      - pattern: 今年", "checks: 第1项的 pattern 须含 {year}"),
    ("self-reference", "consistency", "mismatches:\n      乡: [我镇]", "须有命名组 unit"),
    ("foreign-place", "consistency", "levels:\n      乡: 3", "levels: 乡 的值应为单位字列表"),
]


@pytest.mark.parametrize("kind,category,options,error", BAD_PACKS, ids=[b[0] for b in BAD_PACKS])
def test_broken_options_name_file_line_and_key(tmp_path, kind, category, options, error):
    from checker.engine.packs import PackError
    pack = tmp_path / "county.yaml"
    pack.write_text(f"pack: county\nrules:\n  - id: XC901\n    kind: {kind}\n    category: {category}\n"
                    f"    severity: error\n    message: x\n    {options}\n", encoding="utf-8")
    with pytest.raises(PackError) as err:
        load([str(pack)], builtin=False)
    assert str(err.value).startswith(f"{pack}:8: ") and error in str(err.value)
