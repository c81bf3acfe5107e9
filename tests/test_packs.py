"""Rule packs: a broken pack is rejected with one line naming file, line and key (exit 2);
user packs, extends, default-off rules."""

import pytest

from util import ROOT, findings, run_cli

CLEAN = ROOT / "tests" / "drafts" / "clean_2024.txt"

GOOD_RULE = """\
pack: county
rules:
  - id: XC101
    kind: required-section
    category: structure
    severity: warning
    name: 督察整改
    heading: ["督察.{0,6}整改"]
    message: 缺少“法治督察反馈问题整改情况”部分
    explain: {why: 本县要求。, bad: 未写, good: 五、法治督察反馈问题整改情况}
"""

BROKEN = {
    "yaml": ("pack: x\nrules:\n  - id: XC1\n    kind: [unclosed\n", ":5", "YAML"),
    "kind": (GOOD_RULE.replace("kind: required-section", "kind: no-such-kind"), ":4", "kind"),
    "key": (GOOD_RULE.replace("    name: 督察整改\n", "    name: 督察整改\n    bogus: 1\n"), ":8", "bogus"),
    "type": (GOOD_RULE.replace('heading: ["督察.{0,6}整改"]', "heading: 12"), ":8", "heading"),
    "regex": (GOOD_RULE.replace('督察.{0,6}整改', '督察(整改'), ":8", "正则"),
    "severity": (GOOD_RULE.replace("severity: warning", "severity: fatal"), ":6", "severity"),
    "category": (GOOD_RULE.replace("category: structure", "category: misc"), ":5", "category"),
    "id": (GOOD_RULE.replace("id: XC101", "id: x-1"), ":3", "id"),
    "missing": (GOOD_RULE.replace("    message: 缺少“法治督察反馈问题整改情况”部分\n", ""), ":3", "message"),
    "duplicate": (GOOD_RULE.replace("id: XC101", "id: FZ101"), ":3", "FZ101"),
    "top": ("pakc: x\nrules: []\n", ":1", "pakc"),
    "python-tag": ("pack: x\nrules: !!python/object/apply:os.system ['echo pwned']\n", ":2", "YAML"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_pack_exits_2_with_file_line_key(case, tmp_path):
    text, line, word = BROKEN[case]
    pack = tmp_path / "bad.yaml"
    pack.write_text(text, encoding="utf-8")
    proc = run_cli("check", CLEAN, "--rules", pack)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert f"bad.yaml{line}" in lines[0] and word in lines[0], lines[0]
    assert "Traceback" not in proc.stderr


def test_user_pack_adds_rules(tmp_path):
    pack = tmp_path / "county.yaml"
    pack.write_text(GOOD_RULE, encoding="utf-8")
    got = findings(CLEAN.read_text(encoding="utf-8"), select=["XC"], rules=[str(pack)])
    assert got == [("XC101", 1)]
    proc = run_cli("explain", "XC101", "--rules", pack)
    assert "本县要求" in proc.stdout


def test_pack_folder_and_extends(tmp_path):
    (tmp_path / "packs").mkdir()
    base = tmp_path / "packs" / "base.yaml"
    base.write_text(GOOD_RULE, encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text("pack: child\nextends: [packs/base.yaml]\nrules: []\n", encoding="utf-8")
    assert findings(CLEAN.read_text(encoding="utf-8"), select=["XC"], rules=[str(child)]) == [("XC101", 1)]
    assert findings(CLEAN.read_text(encoding="utf-8"), select=["XC"], rules=[str(tmp_path / "packs")]) == [("XC101", 1)]


def test_extends_cycle_is_an_error(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("pack: a\nextends: [b.yaml]\nrules: []\n", encoding="utf-8")
    b.write_text("pack: b\nextends: [a.yaml]\nrules: []\n", encoding="utf-8")
    proc = run_cli("check", CLEAN, "--rules", a)
    assert proc.returncode == 2 and "循环" in proc.stderr


def test_default_off_rule_runs_only_when_selected(tmp_path):
    pack = tmp_path / "p.yaml"
    pack.write_text(GOOD_RULE.replace("    explain:", "    enabled: false\n    explain:"), encoding="utf-8")
    text = CLEAN.read_text(encoding="utf-8")
    assert findings(text, rules=[str(pack)]) == []
    assert findings(text, select=["XC101"], rules=[str(pack)]) == [("XC101", 1)]


def test_catastrophic_regex_is_reported_not_hung(tmp_path):
    pack = tmp_path / "slow.yaml"
    pack.write_text(GOOD_RULE.replace('heading: ["督察.{0,6}整改"]',
                                      'heading: ["x"]\n    body: ["(a|aa)+$"]'), encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text("青山镇2024年度法治政府建设报告\n" + "a" * 40 + "b\n", encoding="utf-8")
    proc = run_cli("check", draft, "--rules", pack, "--select", "XC101", timeout=60)
    assert proc.returncode == 2
    assert "XC101" in proc.stderr and "超时" in proc.stderr


def test_builtin_packs_ship_inside_the_package():
    from checker.engine import packs
    names = [p.rsplit("/", 1)[-1] for p in packs.builtin_packs()]
    assert "fazhi-annual-report.yaml" in names and "numbering.yaml" in names


def test_error_naming_a_key_with_newlines_stays_one_line(tmp_path):
    pack = tmp_path / "nl.yaml"
    pack.write_text(GOOD_RULE.replace("    name: 督察整改\n", "    name: 督察整改\n    ? \"a\\nb\"\n    : 1\n"),
                    encoding="utf-8")
    proc = run_cli("check", CLEAN, "--rules", pack)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "a\\nb" in proc.stderr


@pytest.mark.parametrize("replace,word", [
    (("kind: required-section", "kind: []"), "kind"),
    (("message: 缺少“法治督察反馈问题整改情况”部分", "message: ''"), "message"),
])
def test_non_text_kind_and_empty_message_are_pack_errors(replace, word, tmp_path):
    pack = tmp_path / "bad.yaml"
    pack.write_text(GOOD_RULE.replace(*replace), encoding="utf-8")
    proc = run_cli("check", CLEAN, "--rules", pack)
    assert proc.returncode == 2 and word in proc.stderr and "内部错误" not in proc.stderr


def test_unit_groups_must_be_lists_of_words(tmp_path):
    pack = tmp_path / "units.yaml"
    pack.write_text("pack: u\nrules:\n  - id: XC401\n    kind: subcount-total\n    category: numbers\n"
                    "    severity: warning\n    message: 部分大于总数\n    unit_groups: [[件, null]]\n",
                    encoding="utf-8")
    proc = run_cli("check", CLEAN, "--rules", pack)
    assert proc.returncode == 2 and "unit_groups" in proc.stderr and "内部错误" not in proc.stderr


def test_every_shipped_rule_is_documented_for_explain():
    from checker.engine import packs
    rs = packs.load()
    assert len(rs.rules) >= 50
    for rid, rule in rs.rules.items():
        ex = rule.explain
        assert rule.name and ex.get("why") and ex.get("bad") and ex.get("good"), rid
        assert rule.message.strip(), rid
