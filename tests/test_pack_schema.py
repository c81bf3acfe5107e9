"""The typed option schema: the JSON Schema shipped for pack files is the one generated from the
kinds' declarations, the shipped packs conform to it, a broken pack does not; `fzlint explain`
shows a rule's options from the same declarations; typed constraints give one line with the
option's own file:line."""

from __future__ import annotations

import json

import pytest
import yaml
from jsonschema import Draft202012Validator

from checker.engine.pack_schema import pack_schema
from util import ROOT, run_cli

SHIPPED = ROOT / "checker" / "data" / "pack.schema.json"


def test_the_shipped_schema_is_the_generated_one():
    assert json.loads(SHIPPED.read_text(encoding="utf-8")) == pack_schema()
    proc = run_cli("schema")
    assert proc.returncode == 0 and json.loads(proc.stdout) == pack_schema()


@pytest.mark.parametrize("pack", sorted((ROOT / "rules").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_packs_conform(pack):
    data = yaml.safe_load(pack.read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(pack_schema()).iter_errors(data))
    assert not errors, [e.message for e in errors[:3]]


@pytest.mark.parametrize("rule", [
    {"id": "XC1", "kind": "closing-part", "category": "structure", "severity": "error",
     "message": "x", "part": "signature"},                         # id too short
    {"id": "XC101", "kind": "closing-part", "category": "structure", "severity": "error",
     "message": "x", "part": "seal"},                              # not a choice
    {"id": "XC101", "kind": "closing-part", "category": "structure", "severity": "error",
     "message": "x", "part": "date", "levels": [1]},               # another kind's key
    {"id": "XC101", "kind": "closing-part", "category": "structure", "severity": "error",
     "message": "x"},                                              # required key missing
    {"id": "XC101", "kind": "doubled-word", "category": "typo", "severity": "error",
     "message": "x", "unless": {"around": ["y"]}},                 # unknown unless form
])
def test_a_broken_rule_does_not_conform(rule):
    errors = list(Draft202012Validator(pack_schema()).iter_errors({"rules": [rule]}))
    assert errors


def test_explain_shows_the_kinds_options_and_common_keys():
    proc = run_cli("explain", "FZ112")
    assert proc.returncode == 0
    assert "规则类型 closing-part 的键：" in proc.stdout
    assert "part（文字，可选 signature/date，必填）" in proc.stdout
    assert "match_on：raw" in proc.stdout


@pytest.mark.parametrize("extra,line,what", [
    ("part: seal", 8, "part: 'seal' 不是可用的值（可用：signature、date）"),
])
def test_typed_constraints_are_one_line_errors(tmp_path, extra, line, what):
    pack = tmp_path / "county.yaml"
    pack.write_text(f"""pack: county
rules:
  - id: XC112
    kind: closing-part
    category: structure
    severity: error
    message: 缺少落款
    {extra}
""", encoding="utf-8")
    proc = run_cli("check", "--no-config", "--rules", pack, "-", input="正文。\n")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert f"{pack}:{line}: {what}" in proc.stderr, proc.stderr


def test_a_record_list_names_the_records_own_line(tmp_path):
    pack = tmp_path / "county.yaml"
    pack.write_text("""pack: county
rules:
  - id: XC105
    kind: section-order
    category: structure
    severity: warning
    message: 顺序不对
    sections:
      - {name: 举措, heading: [举措]}
      - {name: 不足, heading: ["不足("]}
""", encoding="utf-8")
    proc = run_cli("check", "--no-config", "--rules", pack, "-", input="正文。\n")
    assert proc.returncode == 2
    assert f"{pack}:10: sections.heading: 正则表达式无效" in proc.stderr, proc.stderr


def test_a_regex_without_its_named_group_is_refused(tmp_path):
    pack = tmp_path / "county.yaml"
    pack.write_text("""pack: county
rules:
  - id: XC408
    kind: listed-count
    category: numbers
    severity: warning
    message: 项数不符
    pattern: "(?P<num>[两三四])项"
""", encoding="utf-8")
    proc = run_cli("check", "--no-config", "--rules", pack, "-", input="正文。\n")
    assert proc.returncode == 2
    assert f"{pack}:8: pattern: 正则须有命名组 items" in proc.stderr, proc.stderr
