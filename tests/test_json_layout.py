"""The JSON output's layout: the same JSON value as the standard indented dump, indented down
to each finding's keys, with a related place / fix on one line each (written by the C encoder,
so a draft with hundreds of thousands of grouped marks is written in about a second)."""

from __future__ import annotations

import json

from checker.app.runner import Options, Runner
from checker.reports import Context, finding_dict
from checker.reports import json as json_report
from util import SEEDS, run_cli

DRAFT = ("关于2024年度法治政府建设情况的报告\n"
         "一、主要举措和成效\n"
         "我镇坚持依法行政,完善制度;强化监督:成效明显!群众满意?\n"
         "二、存在的不足和原因\n"
         "执法队伍（含辅助人员）能力不足，培训不够。\n")


def test_same_value_as_the_standard_dump(tmp_path):
    runner = Runner(Options(use_config=False))
    results = [runner.check_path(str(p)) for p in sorted(SEEDS.glob("*.txt"))]
    ctx = Context(version="test")
    text = json_report.render(results, ctx)
    value = json.loads(text)
    expected = [{"path": r.path, "findings": [finding_dict(r, f) for f in r.findings],
                 "not_report": r.not_report} for r in results]
    assert value["files"] == json.loads(json.dumps(expected, ensure_ascii=False, indent=2))
    assert sum(len(f["findings"]) for f in value["files"]) > 50


def test_a_related_place_and_a_fix_per_line(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    proc = run_cli("check", "--no-config", "--format", "json", "--select", "FZ801", str(draft))
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    (finding,) = doc["files"][0]["findings"]
    assert finding["count"] == 5 and len(finding["related"]) == 4 and len(finding["fixes"]) == 5
    lines = proc.stdout.splitlines()
    # each related place and each fix is one whole line holding one JSON object
    for key, n in (("related", 4), ("fixes", 5)):
        at = lines.index(f'          "{key}": [')
        items = lines[at + 1:at + 1 + n]
        assert [json.loads(x.strip().rstrip(",")) for x in items] == finding[key]
        assert lines[at + 1 + n].strip() == "]," if key == "related" else "]"
    assert '          "rule": "FZ801",' in lines      # a finding's keys are indented


def test_empty_and_failed_files_keep_their_shape(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = run_cli("check", "--no-config", "--format", "json", str(empty))
    assert proc.returncode == 2
    entry = json.loads(proc.stdout)["files"][0]
    assert entry["findings"] == [] and "文件是空的" in entry["error"]
    assert '"findings": [],' in proc.stdout
