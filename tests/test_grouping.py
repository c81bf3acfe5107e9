"""The common key `grouping` (checker.engine.grouping): the hits of a rule in one paragraph are
one finding — span on the first, the others as related places with their rule, a count/marks
message, every safe fix kept — and nothing that was found before grouping is lost: on the
seeds every earlier finding (rule, span, fix; tests/fixtures/seed_hits.json, captured before
grouping existed) is a grouped finding or one of its places, and `--fix` writes the very files
it wrote then (tests/fixtures/fixed/)."""

from __future__ import annotations

import json
import shutil

import pytest

from checker.engine.grouping import marks
from checker.engine.packs import load as load_packs
from checker.reports import finding_dict
from checker.ruleset.schema import PackError
from util import ROOT, SEEDS, check_text, run_cli

FIXTURES = ROOT / "tests" / "fixtures"
TITLE = "青山镇人民政府关于2024年度法治政府建设情况的报告\n"


def _one(text, select):
    res = check_text(TITLE + text, select=select, grouping=True)
    return res, [finding_dict(res, f) for f in res.findings]


# --- what a group is ----------------------------------------------------------------------------
def test_the_hits_of_one_paragraph_are_one_finding_with_every_fix():
    res, (f,) = _one("全年开展普法宣传活动,覆盖全镇村(社区),参与群众;满意度较高。\n", ["FZ801", "FZ802"])
    assert f["rule"] == "FZ801" and f["count"] == 5
    assert f["message"] == "本段有 5 处半角标点：“,”×2、“(”“)”“;”各 1"
    # span on the first mark, the other four as related places with their own rule
    assert (f["line"], f["column"]) == (2, 11)
    assert [r["rule"] for r in f["related"]] == ["FZ802", "FZ802", "FZ801", "FZ801"]
    assert all(r["end_column"] == r["column"] + 1 for r in f["related"])
    assert [x["replacement"] for x in f["fixes"]] == ["，", "（", "）", "，", "；"]
    assert f["fix"] == f["fixes"][0]                     # old readers see the first fix


def test_one_hit_is_reported_as_it_was_and_paragraphs_are_not_merged():
    res, found = _one("第一段只有一处,这里。\n第二段也有,两处,这里。\n", ["FZ801"])
    one, two = found
    assert one["message"] == "中文里应使用全角“，”，不用半角“,”" and one["count"] == 1
    assert one["related"] == [] and len(one["fixes"]) == 1
    assert two["line"] == 3 and two["count"] == 2 and "本段有 2 处" in two["message"]


def test_a_rule_without_grouping_is_not_grouped():
    # FZ810 (law names without 书名号) has no `grouping`: two in one paragraph stay two
    res, found = _one("深入学习宪法和民法典，组织学习宪法知识。\n", ["FZ810"])
    assert len(found) >= 2 and all(f["count"] == 1 for f in found)


def test_document_grouping_spans_the_draft():
    text = "- （一）健全依法决策机制\n内容。\n- （二）规范行政执法\n内容。\n- （三）强化监督\n"
    res, (f,) = _one(text, ["FZ902"])
    assert f["count"] == 3 and f["line"] == 2
    assert [r["line"] for r in f["related"]] == [4, 6]
    assert len(f["fixes"]) == 3


def test_marks_lists_the_most_frequent_first():
    assert marks([",", ",", "(", ")", ","]) == "“,”×3、“(”“)”各 1"
    assert marks([" ", " "]) == "空格×2"
    assert marks(["x" * 30]) == "“" + "x" * 11 + "…”"


# --- the key in a pack --------------------------------------------------------------------------
PACK = """rules:
  - id: XC801
    kind: halfwidth-punct
    category: punctuation
    severity: warning
    marks: {",": "，"}
    message: 半角逗号“{found}”
    grouping: {GROUPING}
"""


def _pack(tmp_path, grouping):
    path = tmp_path / "pack.yaml"
    path.write_text(PACK.replace("{GROUPING}", grouping), encoding="utf-8")
    return path


def test_a_county_pack_can_group_with_its_own_message(tmp_path):
    path = _pack(tmp_path, '{by: paragraph, message: "这段有 {count} 个半角逗号"}')
    res = check_text(TITLE + "甲,乙,丙。\n", select=["XC801"], rules=[str(path)],
                     grouping=True)
    (f,) = res.findings
    assert f.message == "这段有 2 个半角逗号" and len(f.safe_fixes) == 2


@pytest.mark.parametrize("grouping, says", [
    ("sentence", "by 应为 paragraph 或 document"),
    ("{by: paragraph, per: 3}", "不认识的键 per"),
    ('{by: paragraph, message: "{found} 有 {count} 处"}', "未知的占位符 {found}"),
    ("[paragraph]", "应为 paragraph、document"),
])
def test_a_wrong_grouping_is_a_pack_error_with_its_line(tmp_path, grouping, says):
    path = _pack(tmp_path, grouping)
    with pytest.raises(PackError) as err:
        load_packs([str(path)], builtin=False)
    assert f"{path}:8: grouping" in str(err.value) and says in str(err.value)


def test_the_shipped_schema_knows_the_key():
    schema = json.loads((ROOT / "checker" / "data" / "pack.schema.json").read_text("utf-8"))
    rule = schema["properties"]["rules"]["items"]["properties"]
    assert {"enum": ["paragraph", "document"]} in rule["grouping"]["anyOf"]


# --- nothing lost on the seeds ------------------------------------------------------------------
def _places(res):
    """(rule, line, column, end_line, end_column) of every hit: grouped findings and their
    merged places; and the fixes (as JSON edits) of all findings."""
    places, fixes = set(), []
    for f in res.findings:
        d = finding_dict(res, f)
        places.add((d["rule"], d["line"], d["column"], d["end_line"], d["end_column"]))
        for r in d["related"]:
            if "rule" in r:
                places.add((r["rule"], r["line"], r["column"], r["end_line"], r["end_column"]))
        fixes += [[x[k] for k in ("line", "column", "end_line", "end_column", "replacement")]
                  for x in d["fixes"]]
    return places, fixes


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_earlier_finding_on_the_seeds_is_still_there(seed):
    before = json.loads((FIXTURES / "seed_hits.json").read_text("utf-8"))[seed]
    res = check_text((SEEDS / seed).read_text("utf-8"), path=f"seeds/{seed}", grouping=True)
    places, fixes = _places(res)
    assert {tuple(h[:5]) for h in before} <= places
    assert sorted(h[5] for h in before if h[5]) == sorted(fixes)


def test_seed_001_has_at_most_30_findings():
    res = check_text((SEEDS / "001_29d8ba116bfb6281.txt").read_text("utf-8"), grouping=True)
    assert len(res.findings) <= 30
    assert sum(f.count for f in res.findings) == 159       # every hit still counted


def test_fix_writes_the_same_files_as_before_grouping(tmp_path):
    expected = sorted((FIXTURES / "fixed").glob("*.txt"))
    for path in expected:
        src = SEEDS / path.name
        if not src.exists():
            src = ROOT / "tests" / "drafts" / path.name
        shutil.copy(src, tmp_path / path.name)
    proc = run_cli("check", "--no-config", "--fix", tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    for path in expected:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
