"""Machine outputs: --format sarif (checked against the official SARIF 2.1.0 JSON schema),
--format github (workflow annotation lines) and --format concise (`path:line:col:` lines), all
run through the real CLI on the seeds and on drafts written here, and compared with --format json
so every format reports the same findings at the same places."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

from util import ROOT, cli_json, run_cli, seed_path

SCHEMA_FILE = ROOT / "tests" / "fixtures" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def sarif_validator():
    # The official OASIS schema (as published by SchemaStore as sarif-2.1.0.json); its $id names
    # the OASIS copy.  Format checking is on, so URIs and the like are checked too.
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$id"].endswith("/Schemata/sarif-schema-2.1.0.json")
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def assert_valid(validator, log):
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def sarif(*args, **kw):
    proc = run_cli("check", "--format", "sarif", "--no-config", *args, **kw)
    assert proc.returncode in (0, 1, 2), proc.stderr
    return proc, json.loads(proc.stdout)


def json_places(data):
    """{(path, line, column, end_line, end_column, rule, severity, message)} from --format json."""
    return sorted((f["path"], x["line"], x["column"], x["end_line"], x["end_column"], x["rule"],
                   x["severity"], x["message"])
                  for f in data["files"] for x in f["findings"])


def path_of(uri: str) -> str:
    return unquote(uri[len("file://"):] if uri.startswith("file://") else uri)


SEVERITY_OF_LEVEL = {"error": "error", "warning": "warning", "note": "info"}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# A draft with known problems: the title lacks the year, headings skip （二）, an 一是… list starts
# at 二是, no signature, no date.
BROKEN = """马楼乡人民政府法治政府建设情况报告
一、主要举措和成效
（一）健全依法决策机制
全年作出重大行政决策3项。
（三）规范行政执法
二是加强培训；三是完善制度。
二、存在的不足和原因
部分干部法治意识不强，原因是学法制度落实不够。
三、2025年工作安排
继续加强法治建设。
"""


# ---------------------------------------------------------------- SARIF

def test_sarif_of_all_seeds_is_valid_and_says_what_json_says(sarif_validator):
    proc, log = sarif(ROOT / "seeds")
    assert proc.returncode == 1
    assert_valid(sarif_validator, log)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "fzlint" and driver["version"]
    assert run["columnKind"] == "unicodeCodePoints"

    data = cli_json("--no-config", ROOT / "seeds")
    places = []
    for res in run["results"]:
        loc = res["locations"][0]["physicalLocation"]
        reg = loc["region"]
        path = path_of(loc["artifactLocation"]["uri"])
        assert run["artifacts"][loc["artifactLocation"]["index"]]["location"]["uri"] == \
            loc["artifactLocation"]["uri"]
        places.append((path, reg["startLine"], reg["startColumn"], reg["endLine"],
                       reg["endColumn"], res["ruleId"], SEVERITY_OF_LEVEL[res["level"]],
                       res["message"]["text"]))
    assert sorted(places) == json_places(data)
    assert len(places) >= 10


def test_sarif_rules_carry_help_text_and_results_point_at_them(sarif_validator):
    _, log = sarif(seed_path("002"))
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) and "FZ201" in ids and "FZ101" in ids
    listed = run_cli("rules", "--all").stdout
    for rid in ids:
        assert re.search(rf"^{rid}\s", listed, re.M), rid
    fz201 = rules[ids.index("FZ201")]
    assert fz201["shortDescription"]["text"]
    assert "为什么" in fz201["help"]["text"] and "错误示例" in fz201["help"]["text"]
    assert "**为什么**" in fz201["help"]["markdown"]
    assert fz201["defaultConfiguration"]["level"] == "error"
    assert fz201["properties"]["category"] == "numbering"
    results = run["results"]
    assert results
    for res in results:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]


def test_sarif_region_snippet_and_related_location_for_skipped_heading(sarif_validator):
    _, log = sarif(seed_path("002"), "--select", "FZ201")
    (res,) = log["runs"][0]["results"]
    region = res["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (28, 1)
    text = seed_path("002").read_text(encoding="utf-8").split("\n")[27]
    assert text[region["startColumn"] - 1:region["endColumn"] - 1] == region["snippet"]["text"]
    assert region["snippet"]["text"].startswith("（三）")
    (rel,) = res["relatedLocations"]
    assert rel["physicalLocation"]["region"]["startLine"] == 24
    assert "（一）" in rel["message"]["text"]


def test_sarif_severity_levels_follow_config_overrides(sarif_validator, tmp_path):
    draft = write(tmp_path / "马楼乡报告.txt", BROKEN)
    write(tmp_path / ".fzlint.yaml", "severity: {FZ204: info, FZ201: warning}\n")
    proc = run_cli("check", "--format", "sarif", draft)
    log = json.loads(proc.stdout)
    assert_valid(sarif_validator, log)
    levels = {r["ruleId"]: r["level"] for r in log["runs"][0]["results"]}
    assert levels["FZ204"] == "note"
    assert levels["FZ201"] == "warning"
    assert "error" in levels.values()  # the rules left alone keep their own level


def test_sarif_chinese_absolute_path_is_a_valid_file_uri(sarif_validator, tmp_path):
    (tmp_path / "草稿 一稿").mkdir()
    draft = write(tmp_path / "草稿 一稿" / "马楼乡报告.txt", BROKEN)
    _, log = sarif(draft.resolve())
    assert_valid(sarif_validator, log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("file:///") and " " not in uri and "马" not in uri
    assert path_of(uri) == str(draft.resolve())


def test_sarif_reports_unreadable_files_as_notifications(sarif_validator, tmp_path):
    missing = tmp_path / "没有这个文件.txt"
    proc, log = sarif(seed_path("002"), missing)
    assert proc.returncode == 2
    assert_valid(sarif_validator, log)
    inv = log["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    (note,) = inv["toolExecutionNotifications"]
    assert note["level"] == "error" and "不存在" in note["message"]["text"]
    assert path_of(note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) == str(missing)
    assert log["runs"][0]["results"]  # the readable seed is still reported


def test_sarif_fix_becomes_a_replacement(sarif_validator):
    """A finding with a fix, rendered in-process: the deleted region and inserted text say the
    same as the fix offsets (no built-in rule kind offers fixes to every draft, so the finding is
    made here on a real document)."""
    from checker import __version__
    from checker.model.findings import FileResult, Finding, Fix
    from checker.model.document import Document
    from checker.reports import Context, sarif as sarif_out

    text = "标题\n全年办理案件12件,结案率100%。\n"
    doc = Document(text, "d.txt", "text")
    comma = text.index(",")
    f = Finding("FZ899", "punctuation", "warning", "中文句子中用了半角逗号", comma, comma + 1,
                fix=Fix(comma, comma + 1, "，"))
    log = json.loads(sarif_out.render([FileResult("d.txt", [f], doc)],
                                      Context(version=__version__, rules={})))
    assert_valid(sarif_validator, log)
    (res,) = log["runs"][0]["results"]
    assert "ruleIndex" not in res  # not a loaded rule: no index pointing elsewhere
    (fix,) = res["fixes"]
    (change,) = fix["artifactChanges"]
    (rep,) = change["replacements"]
    assert rep["insertedContent"]["text"] == "，"
    reg = rep["deletedRegion"]
    assert (reg["startLine"], reg["startColumn"], reg["endLine"], reg["endColumn"]) == (2, 10, 2, 11)
    assert text.split("\n")[1][reg["startColumn"] - 1] == ","


# ---------------------------------------------------------------- github

GITHUB_LINE = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<msg>.*)$")


def parse_github(line: str) -> tuple[str, dict, str]:
    m = GITHUB_LINE.match(line)
    assert m, line
    props = {}
    for item in m["props"].split(","):
        key, _, value = item.partition("=")
        props[key] = unquote(value)  # the runner's escapes are percent escapes
    return m[1], props, unquote(m["msg"])


def test_github_annotations_match_json(tmp_path):
    draft = write(tmp_path / "a,b:草稿.txt", BROKEN)  # a name that needs escaping in properties
    write(tmp_path / ".fzlint.yaml", "severity: {FZ204: info}\n")
    proc = run_cli("check", "--format", "github", draft)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    data = cli_json(draft)
    want = json_places(data)
    got = []
    for line in lines:
        level, props, msg = parse_github(line)
        assert props["title"].startswith("FZ")
        rule = props["title"][:5]
        severity = {"notice": "info"}.get(level, level)
        got.append((props["file"], int(props["line"]), int(props["col"]), int(props["endLine"]),
                    rule, severity, msg))
    assert sorted(got) == sorted(w[:4] + w[5:] for w in want)
    assert any(line.startswith("::notice ") for line in lines)  # info → notice
    assert all(str(draft) == parse_github(line)[1]["file"] for line in lines)
    assert all("a,b:" not in line.split("::")[1] for line in lines)  # escaped in properties


def test_github_escapes_newlines_and_percent_in_messages():
    from checker.reports.github import command
    line = command("error", "结案率100%\n第二行", file="x.txt", line=3)
    assert "\n" not in line
    assert line == "::error file=x.txt,line=3::结案率100%25%0A第二行"


def test_github_reports_unreadable_file(tmp_path):
    proc = run_cli("check", "--format", "github", "--no-config", tmp_path / "无.txt")
    assert proc.returncode == 2
    level, props, msg = parse_github(proc.stdout.strip())
    assert level == "error" and props["file"].endswith("无.txt") and "不存在" in msg


# ---------------------------------------------------------------- concise

CONCISE_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<rule>FZ\d{3}) "
                          r"(?P<sev>error|warning|info) (?P<msg>.+)$")


def test_concise_one_line_per_finding_matching_json():
    proc = run_cli("check", "--format", "concise", "--no-config", ROOT / "seeds")
    assert proc.returncode == 1
    data = cli_json("--no-config", ROOT / "seeds")
    got = []
    for line in proc.stdout.splitlines():
        m = CONCISE_LINE.match(line)
        assert m, line
        got.append((m["path"], int(m["line"]), int(m["col"]), m["rule"], m["sev"], m["msg"]))
    want = [(p, ln, c, r, s, msg) for p, ln, c, _, _, r, s, msg in json_places(data)]
    assert sorted(got) == want
    assert "检查了" not in proc.stdout  # no summary: every line is a finding


def test_concise_clean_draft_prints_nothing_and_unreadable_file_prints_no_position(tmp_path):
    clean = write(tmp_path / "clean.txt", BROKEN)
    proc = run_cli("check", "--format", "concise", "--no-config", "--select", "FZ999", clean)
    assert (proc.returncode, proc.stdout) == (0, "")
    missing = tmp_path / "无.txt"
    proc = run_cli("check", "--format", "concise", "--no-config", missing)
    assert proc.returncode == 2
    assert proc.stdout == f"{missing}: 无法检查：{missing}: 文件不存在\n"
    assert not CONCISE_LINE.match(proc.stdout.strip())
