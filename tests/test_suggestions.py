"""Fix applicability: a safe fix is applied by --fix; a suggestion (several standard forms, an
edit that needs the context read) is offered in JSON and never applied."""

from __future__ import annotations

from util import cli_json, run_cli

TITLE = "青山镇人民政府关于2024年度法治政府建设情况的报告\n"


def _pack(tmp_path):
    pack = tmp_path / "county.yaml"
    pack.write_text("""pack: county
rules:
  - id: XC601
    kind: substitution
    category: wording
    severity: warning
    message: "“{found}”宜写作“{use}”"
    entries:
      - pattern: 依法治镇
        use: [依法治理, 法治建设]           # two standard forms: a person chooses
      - pattern: 法制宣传
        use: 法治宣传                       # one: safe
""", encoding="utf-8")
    return pack


def test_several_forms_are_suggestions_one_form_is_a_safe_fix(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(TITLE + "推进依法治镇，加强法制宣传。\n", encoding="utf-8")
    data = cli_json("--no-config", "--rules", _pack(tmp_path), "--select", "XC601", draft)
    by = {f["excerpt"]: f for f in data["files"][0]["findings"]}
    several, one = by["依法治镇"], by["法制宣传"]
    assert several["fix"] is None
    assert [s["replacement"] for s in several["suggestions"]] == ["依法治理", "法治建设"]
    assert {s["applicability"] for s in several["suggestions"]} == {"suggestion"}
    assert one["fix"]["replacement"] == "法治宣传" and one["fix"]["applicability"] == "safe"
    assert one["suggestions"] == []


def test_fix_applies_safe_fixes_only(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(TITLE + "推进依法治镇，加强法制宣传。\n", encoding="utf-8")
    proc = run_cli("check", "--no-config", "--rules", _pack(tmp_path), "--select", "XC601",
                   "--fix", draft)
    assert "已修正" in proc.stderr
    assert draft.read_text(encoding="utf-8") == TITLE + "推进依法治镇，加强法治宣传。\n"


def test_a_shipped_unsure_double_is_a_suggestion_not_a_fix(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text(TITLE + "司法所荣获市级普法一等奖奖项。\n", encoding="utf-8")
    data = cli_json("--no-config", "--select", "FZ702", draft)
    (f,) = data["files"][0]["findings"]
    assert f["fix"] is None
    assert [s["replacement"] for s in f["suggestions"]] == ["奖"]
    run_cli("check", "--no-config", "--select", "FZ702", "--fix", draft)
    assert "一等奖奖项" in draft.read_text(encoding="utf-8")
