"""Wording rules (FZ601–FZ606): formulations judged by report year, nonstandard fixed
expressions, 汇报 in a 报告, template placeholders, plan periods — on the seeds, on short texts
written for each case, and on the clean corpus (tests/clean/wording_*.txt)."""

from __future__ import annotations

import regex
import pytest

from tests.util import ROOT, check_text, cli_json, run_cli, seed_path, seed_text

CLEAN = sorted((ROOT / "tests" / "clean").glob("wording_*.txt"))
TITLE = "马楼乡人民政府关于{year}年度法治政府建设情况的报告\n\n"


def hits(text, select, year=None):
    """[(rule, line, text found)] for a text."""
    res = check_text(text, select=select, year=year)
    return [(f.rule, res.doc.position(f.start)[0], res.doc.text[f.start:f.end])
            for f in res.findings]


def report(body, year=2023):
    return TITLE.format(year=year) + body + "\n"


# --- the seeds -----------------------------------------------------------------------------

def test_seed_003_line_11_outdated_formulations():
    got = hits(seed_text("003"), ["FZ601"])
    assert ("FZ601", 11, "党的十九大精神") in got
    assert ("FZ601", 11, "决胜全面建成小康社会") in got
    assert ("FZ601", 5, "四个文明建设") in got     # 党的十八大以前的提法
    assert len(got) == 3


def test_seed_003_nonstandard_expressions():
    got = hits(seed_text("003"), ["FZ603"])
    assert ("FZ603", 5, "习近平新时代中国特色社会主义法治理念") in got
    assert ("FZ603", 11, "二十大会议精神") in got
    # 十九大报告原文“新时代中国特色社会主义思想和基本方略” is a quotation, not a slip
    assert all("基本方略" not in t for _, _, t in got)


def test_seed_001_old_name_of_democracy_and_rule_of_law_villages():
    res = check_text(seed_text("001"), select=["FZ603"])
    found = [(res.doc.position(f.start)[0], f.fix.replacement) for f in res.findings]
    assert found == [(6, "民主法治示范村"), (6, "民主法治示范村")]


def test_seed_004_huibao_in_a_report_has_a_fix():
    res = check_text(seed_text("004"), select=["FZ604"])
    (f,) = res.findings
    assert res.doc.position(f.start)[0] == 4
    assert res.doc.text[f.start:f.end] == "汇报如下"
    assert f.fix.replacement == "报告如下" and f.severity == "info"


def test_year_rules_follow_the_year_option():
    text = seed_text("003")
    # 十九大精神 and 决胜全面建成小康社会 were current in 2020; 四个文明建设 was not (2013 on)
    assert [t for _, _, t in hits(text, ["FZ601"], year=2020)] == ["四个文明建设"]
    assert [t for _, _, t in hits(text, ["FZ601"], year=2021)] == ["四个文明建设", "决胜全面建成小康社会"]


def test_seed_000_has_no_wording_findings():
    assert hits(seed_text("000"), ["wording"]) == []


# --- year-dependent formulations -----------------------------------------------------------

@pytest.mark.parametrize("body, year, expect", [
    ("深入学习宣传党的十九大精神。", 2023, ["党的十九大精神"]),
    ("深入学习宣传党的十九大精神。", 2022, []),
    ("全面贯彻党的十九大和十九届二中、三中、四中、五中全会精神。", 2023,
     ["党的十九大和十九届二中、三中、四中、五中全会精神"]),
    ("全面贯彻党的十九大和十九届二中、三中、四中、五中全会精神。", 2020, []),
    ("党的十九大以来，全镇法治建设不断取得新进展。", 2024, []),
    ("自党的十九大精神传达以来，全镇开展学习20场。", 2024, []),
    ("为决胜全面建成小康社会提供法治保障。", 2021, ["决胜全面建成小康社会"]),
    ("在全面建成小康社会的基础上巩固拓展脱贫攻坚成果。", 2021, []),
    ("全面建成小康社会以来，群众法治需求日益增长。", 2022, []),
    ("法治建设为全面建成小康社会提供了有力保障。", 2021, []),
    ("我国如期全面建成小康社会。", 2021, []),
    ("确保全面建成小康社会目标如期实现。", 2021, ["确保全面建成小康社会目标"]),
    ("持续推进“七五”普法。", 2021, ["“七五”普法"]),
    ("认真开展“七五”普法总结验收。", 2021, []),
    ("持续推进“七五”普法。", 2020, []),
    ("落实《法治政府建设实施纲要（2015—2020年）》。", 2021, ["法治政府建设实施纲要（2015—2020年）"]),
    ("落实《法治政府建设实施纲要（2015—2020年）》。", 2020, []),
    ("完成《法治政府建设实施纲要（2015—2020年）》实施情况总结。", 2021, []),
    ("建设职能科学、权责法定、执法严明、公开公正、廉洁高效、守法诚信的法治政府。", 2022,
     ["廉洁高效、守法诚信"]),
])
def test_outdated_by_report_year(body, year, expect):
    assert [t for _, _, t in hits(report(body, year), ["FZ601"])] == expect


def test_bawu_after_2025_is_a_warning_with_unverified_successor():
    res = check_text(report("深入实施“八五”普法规划。", 2026), select=["FZ601"])
    (f,) = res.findings
    assert f.severity == "warning" and "名称以正式文件为准" in f.message
    assert check_text(report("深入实施“八五”普法规划。", 2025), select=["FZ601"]).findings == []
    assert check_text(report("做好“八五”普法总结验收。", 2026), select=["FZ601"]).findings == []


def test_outdated_message_names_year_and_current_form():
    res = check_text(report("深入学习宣传党的十九大精神。", 2023), select=["FZ601"])
    (f,) = res.findings
    assert "2023年度" in f.message and "党的二十大精神" in f.message
    assert f.fix is None  # bringing a formulation up to date is the writer's decision


def test_no_report_year_no_year_findings():
    text = "深入学习宣传党的十九大精神，为决胜全面建成小康社会而奋斗。\n"
    assert check_text(text, select=["FZ601", "FZ602"]).doc.year is None
    assert hits(text, ["FZ601", "FZ602"]) == []


@pytest.mark.parametrize("body, year, expect", [
    ("深入学习贯彻党的二十届三中全会精神。", 2023, ["二十届三中全会"]),
    ("深入学习贯彻党的二十大和二十届二中、三中全会精神。", 2024, []),
    ("深入学习贯彻党的二十届四中全会精神。", 2024, ["二十届四中全会"]),
    ("深入学习贯彻党的二十大精神。", 2021, ["党的二十大精神"]),
    ("深入学习贯彻党的二十大精神。", 2022, []),
    ("迎接党的二十大胜利召开。", 2021, []),
    ("落实《法治政府建设实施纲要（2021—2025年）》。", 2020, ["法治政府建设实施纲要（2021—2025年）"]),
])
def test_anachronisms(body, year, expect):
    assert [t for _, _, t in hits(report(body, year), ["FZ602"])] == expect


# --- fixed expressions, placeholders, plan periods ----------------------------------------

def test_fixed_expression_fix_only_when_one_correction():
    res = check_text(report("坚持以习近平新时代中国特色社会主义法治理念为指导，深入学习新时代中国特色社会主义思想。"),
                     select=["FZ603"])
    by_text = {res.doc.text[f.start:f.end]: f for f in res.findings}
    assert by_text["习近平新时代中国特色社会主义法治理念"].fix is None
    assert by_text["新时代中国特色社会主义思想"].fix.replacement == "习近平新时代中国特色社会主义思想"
    assert len(by_text) == 2


def test_standard_fixed_expressions_pass():
    body = ("坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，"
            "学习习近平总书记关于全面依法治国的重要论述，开展民主法治示范村（社区）创建。")
    assert hits(report(body), ["FZ603"]) == []


def test_huibao_only_in_a_report():
    summary = "马楼乡2024年法治建设工作总结\n\n现将有关情况汇报如下：\n"
    assert hits(summary, ["FZ604"]) == []
    assert [t for _, _, t in hits(report("现将有关情况汇报如下：特此汇报。"), ["FZ604"])] == ["汇报如下", "特此汇报"]


@pytest.mark.parametrize("body, expect", [
    ("20XX年，XX镇共开展普法宣传*次，×××同志带队。", ["20XX", "XX", "*", "×××"]),
    ("2024年，马楼乡共开展普法宣传12次，乡长带队。", []),
    ("村民张某与李某因宅基地发生纠纷，X光检查费用由双方分担。", []),
    ("**一、主要举措和成效**", []),
    ("【此处填写数据】件", ["【此处填写数据】"]),
    ("x镇共有x名执法人员，*区为建设美丽*提供保障。", ["x", "x", "*", "*"]),
    ("做X光检查，3×5个，面积2x3平方米。", []),
])
def test_placeholders(body, expect):
    assert [t for _, _, t in hits(report(body), ["FZ605"])] == expect


@pytest.mark.parametrize("body, found, replacement", [
    ("落实《法治政府建设实施纲要（2022—2025年）》。", "2022—2025年", "2021—2025年"),
    ("落实《法治政府建设实施纲要(2021-2025)》。", "2021-2025", "2021—2025年"),
    ("制定《马楼乡普法规划（20212025年）》。", "20212025年", "2021—2025年"),
    ("印发《法治乡村建设实施方案（2023~2025）》。", "2023~2025", "2023—2025年"),
    ("落实《法治社会建设实施纲要（2021—2025年）》。", "2021—2025年", "2020—2025年"),
])
def test_plan_periods(body, found, replacement):
    res = check_text(report(body, 2024), select=["FZ606"])
    (f,) = res.findings
    assert res.doc.text[f.start:f.end] == found
    assert f.fix.replacement == replacement


def test_plan_periods_written_correctly_pass():
    body = ("落实《法治政府建设实施纲要（2021—2025年）》《法治社会建设实施纲要（2020—2025年）》"
            "《法治中国建设规划（2020—2025年）》，制定《马楼乡普法规划（2021—2025年）》。")
    assert hits(report(body, 2024), ["FZ606"]) == []


# --- the clean corpus ----------------------------------------------------------------------

def test_clean_corpus_exists():
    assert len(CLEAN) >= 5


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_corpus_has_no_wording_or_typo_findings(path):
    res = check_text(path.read_text(encoding="utf-8"), select=["wording", "typo"], path=str(path))
    assert res.doc.year is not None  # the year-dependent rules really ran
    assert [(f.rule, res.doc.position(f.start)[0], f.message) for f in res.findings] == []


def test_corrected_seeds_differ_from_the_seeds_only_where_findings_were():
    # the clean copies of the seeds are the seeds with the reported defects corrected
    for prefix in ("003", "004"):
        seed = seed_text(prefix).splitlines()
        clean = (ROOT / "tests" / "clean" / f"wording_seed{prefix}_corrected.txt").read_text(
            encoding="utf-8").splitlines()
        changed = [i + 1 for i, (a, b) in enumerate(zip(seed, clean)) if a != b]
        assert len(seed) == len(clean)
        assert changed == {"003": [5, 11, 14, 26], "004": [4, 9]}[prefix]


# --- documentation -------------------------------------------------------------------------

def _rules(prefix):
    from checker.engine.packs import load
    return {rid: r for rid, r in load().rules.items() if rid.startswith(prefix)}


@pytest.mark.parametrize("rid", sorted(_rules("FZ6")) + sorted(_rules("FZ7")))
def test_explain_examples_behave(rid):
    """Each rule's own bad example is reported by it, its good example is not."""
    rule = {**_rules("FZ6"), **_rules("FZ7")}[rid]
    ex = rule.explain
    assert rule.name and ex.get("why") and ex.get("bad") and ex.get("good")

    def run(example):
        y = regex.search(r"(\d{4})年度报告", example)
        year = int(y.group(1)) if y else 2024
        return [f.rule for f in check_text(report(example, year), select=[rid]).findings]

    assert rid in run(ex["bad"])
    assert run(ex["good"]) == []


def test_explain_cli_shows_examples_and_unverified_note():
    out = run_cli("explain", "FZ601").stdout
    assert "错误示例" in out and "正确示例" in out and "十九大" in out
    assert "尚未核实" in out


def test_json_carries_fixes_for_wording():
    data = cli_json("--select", "FZ604", "--no-config", str(seed_path("004")))
    (f,) = data["files"][0]["findings"] if "files" in data else data[0]["findings"]
    assert f["rule"] == "FZ604" and f["fix"]["replacement"] == "报告如下"
    assert f["fix"]["line"] == 4


# --- the kinds reject broken entries with the pack's file and line -------------------------

@pytest.mark.parametrize("kind, entry, complaint", [
    ("substitution", "{use: 进一步}", "缺少 pattern"),
    ("substitution", "{pattern: '进一度(', use: 进一步}", "正则表达式无效"),
    ("substitution", "{pattern: 进一度, replace: 进一步}", "未知的键 replace"),
    ("substitution", "{pattern: 进一度, use: 进一步, severity: fatal}", "severity"),
    ("year-formulation", "{pattern: 十九大精神, current: 二十大精神}", "outdated_from 或 exists_from"),
    ("year-formulation", "{pattern: 十九大精神, outdated_from: '2023年'}", "四位年份"),
])
def test_broken_entries_are_pack_errors(tmp_path, kind, entry, complaint):
    pack = tmp_path / "mine.yaml"
    pack.write_text(f"""pack: mine
rules:
  - id: XC601
    kind: {kind}
    category: wording
    severity: warning
    message: "{{found}}"
    entries:
      - {entry}
""", encoding="utf-8")
    proc = run_cli("check", "--rules", str(pack), "--no-config", str(seed_path("000")))
    assert proc.returncode == 2
    # the entry's own line (9), not the line of `entries:` (8)
    assert f"{pack}:9: entries: 第1项" in proc.stderr and complaint in proc.stderr
    assert "Traceback" not in proc.stderr


def test_entry_context_keys_in_a_county_pack(tmp_path):
    """Per-entry when / unless (the common forms) and the title filter, as a county would use
    them."""
    pack = tmp_path / "county.yaml"
    pack.write_text("""pack: county
rules:
  - id: XC701
    kind: substitution
    category: typo
    severity: warning
    message: "“{found}”应为“{use}”"
    title: 报告
    entries:
      - pattern: 审批机关
        use: 审判机关
        when: {sentence: ["监察机关"]}
        unless: {sentence: ["行政许可"]}
      - pattern: 情势
        use: 形式
        when: {containing: ["等情势"]}
""", encoding="utf-8")
    title = TITLE.format(year=2024)
    body = ("支持监察机关、审批机关依法履职。\n"        # when: reported
            "向审批机关提交材料。\n"                  # no 监察机关 in the sentence
            "监察机关提醒：行政许可由审批机关办理。\n"   # unless
            "通过座谈会等情势听取意见，分析当前情势。\n")  # when containing: only the first
    res = check_text(title + body, select=["XC701"], rules=[str(pack)])
    got = [(res.doc.position(f.start)[0], res.doc.text[f.start:f.end]) for f in res.findings]
    assert got == [(3, "审批机关"), (6, "情势")]
    assert check_text("工作总结\n\n" + body, select=["XC701"], rules=[str(pack)]).findings == []
