"""Review rounds (issue 13 item 4): `--write-baseline` records a round's findings by rule and a
fingerprint of the text they point at; `--baseline` marks each finding of the next round new or
known and counts what was fixed — by text, not by line, so a paragraph a township inserts above
its old defects does not make them new.  An accepted entry never returns.

Round 1 is the 44-draft folder of tests/review_folder.py.  Round 2 is a copy in which some
drafts have a paragraph inserted near the top (with a new defect in it) and some have one of
their defects corrected in place.  The expected new / known / fixed are worked out here
independently of the fingerprints: a round-2 finding is known when round 1 had the same rule at
the same place once the inserted line is taken out of the line numbers.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter

import docx
import openpyxl
import pytest

import review_folder
from checker.app.baseline import CONTEXT, fingerprint
from util import run_cli, seed_text

INSERT_AFTER = 3          # the new paragraph becomes line 4
INSERTED = "新插入的一段：本年度组织开展法治讲座活动,参加人员众多。"     # a half-width comma


def _json(proc):
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def _by_key(data, folder):
    return {f["path"][len(str(folder)) + 1:]: f for f in data["files"]}


def _fixable(findings):
    """Round-1 findings whose safe fix replaces the same number of characters on one line and
    lies more than CONTEXT characters from every other finding on that line (so correcting it
    changes no other finding's surroundings)."""
    out = []
    for f in findings:
        fx = f["fix"]
        if not fx or fx["line"] != fx["end_line"] or f["line"] != f["end_line"]:
            continue
        if len(fx["replacement"]) != fx["end_column"] - fx["column"] or not fx["replacement"]:
            continue
        near = [g for g in findings if g is not f and (g["line"] <= f["line"] <= g["end_line"])
                and not (g["end_column"] + CONTEXT < fx["column"]
                         or fx["end_column"] + CONTEXT < g["column"]) ]
        if not near:
            out.append(f)
    return out


def _edit_text(path, insert: bool, fix):
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\n")
    if fix is not None:
        fx = fix["fix"]
        line = lines[fx["line"] - 1]
        a, b = fx["column"] - 1, fx["end_column"] - 1
        lines[fx["line"] - 1] = line[:a] + fx["replacement"] + line[b:]
    if insert:
        lines.insert(INSERT_AFTER, INSERTED)
    path.write_bytes(("\ufeff" if bom else "").encode() + "\n".join(lines).encode("utf-8"))


def _insert_docx(path):
    document = docx.Document(str(path))
    anchor = document.paragraphs[INSERT_AFTER - 1]._p
    new = document.add_paragraph(INSERTED)._p
    anchor.addnext(new)
    document.save(str(path))


@pytest.fixture(scope="module")
def rounds(tmp_path_factory):
    base = tmp_path_factory.mktemp("rounds")
    one, two = base / "第一轮", base / "第二轮"
    kinds = review_folder.build(one)
    b1 = base / "第一轮基线.json"
    r1 = _by_key(_json(run_cli("check", "--no-config", one, "--write-baseline", b1,
                               "-f", "json", timeout=900)), one)
    shutil.copytree(one, two)
    text_keys = sorted(k for k in kinds if kinds[k] in ("utf-8", "utf-8-sig"))
    inserted, fixed_one = {}, {}
    for i, key in enumerate(text_keys):
        fixable = _fixable(r1[key]["findings"])
        do_insert = i % 3 == 0
        do_fix = i % 2 == 0 and fixable
        if not (do_insert or do_fix):
            continue
        fix = fixable[len(fixable) // 2] if do_fix else None
        _edit_text(two / key, do_insert, fix)
        if do_insert:
            inserted[key] = INSERT_AFTER
        if fix:
            fixed_one[key] = fix
    docx_key = sorted(k for k in kinds if kinds[k] == "docx" and k.startswith("乡镇/"))[0]
    _insert_docx(two / docx_key)
    inserted[docx_key] = INSERT_AFTER
    out = base / "批注2"
    b2 = base / "第二轮基线.json"
    proc = run_cli("check", "--no-config", two, "--baseline", b1, "--write-baseline", b2,
                   "--annotate", "-o", out, "-f", "json", timeout=900)
    data = _json(proc)
    return dict(kinds=kinds, r1=r1, r2=_by_key(data, two), summary=data["summary"],
                inserted=inserted, fixed=fixed_one, out=out, b1=b1, b2=b2, stderr=proc.stderr)


def _place(f, shift_after):
    """(rule, line, column, end_line, end_column) of a round-2 finding in round-1 lines."""
    def back(line):
        if shift_after is None or line <= shift_after:
            return line
        return None if line == shift_after + 1 else line - 1
    return f["rule"], back(f["line"]), f["column"], back(f["end_line"]), f["end_column"]


def _places_of(f):
    """A finding's places: itself and, for a grouped one, each merged place (related with rule)."""
    return [f] + [r for r in f["related"] if r.get("rule")]


def _expected(r1_findings, r2_findings, shift_after):
    """[expected mark per round-2 finding], fixed count — by place, not by fingerprint: a
    finding is known when every one of its places was a place of round 1 (a grouped finding
    is its places: one comma of a paragraph fixed leaves the group known), and `fixed` counts
    the places of round 1 that are gone."""
    left = Counter((p["rule"], p["line"], p["column"], p["end_line"], p["end_column"])
                   for f in r1_findings for p in _places_of(f))
    marks = []
    for f in r2_findings:
        places = [_place(p, shift_after) for p in _places_of(f)]
        known = all(None not in p and left[p] > 0 for p in places)
        for p in places:
            if None not in p and left[p] > 0:
                left[p] -= 1
        marks.append("known" if known else "new")
    return marks, sum(left.values())


def test_the_second_round_was_built_as_meant(rounds):
    assert len(rounds["kinds"]) >= 40
    assert len(rounds["inserted"]) >= 5 and len(rounds["fixed"]) >= 5
    assert set(rounds["inserted"]) & set(rounds["fixed"])        # both in some drafts
    assert any(k.endswith(".docx") for k in rounds["inserted"])
    assert any(k.endswith(".md") for k in rounds["inserted"] | rounds["fixed"].keys())


def test_each_finding_is_new_or_known_as_by_its_place(rounds):
    for key, entry in rounds["r2"].items():
        shift = rounds["inserted"].get(key)
        marks, fixed = _expected(rounds["r1"][key]["findings"], entry["findings"], shift)
        assert [f["baseline"] for f in entry["findings"]] == marks, key
        assert entry["baseline"]["fixed"] == fixed, key
        assert entry["baseline"]["new"] == marks.count("new")
        assert entry["baseline"]["known"] == marks.count("known")


def test_the_inserted_paragraph_moves_old_findings_without_making_them_new(rounds):
    moved = 0
    for key, shift in rounds["inserted"].items():
        found = rounds["r2"][key]["findings"]
        new = [f for f in found if f["baseline"] == "new"]
        # the comma of the inserted paragraph is the one new FZ801 of the draft
        assert any(f["rule"] == "FZ801" and f["line"] == shift + 1 for f in new), key
        assert all(f["line"] == shift + 1 for f in new if f["rule"] == "FZ801"), key
        moved += sum(1 for f in found if f["baseline"] == "known" and f["line"] > shift + 1)
    assert moved > 50          # dozens of old findings changed line and stayed known


def test_each_corrected_defect_counts_as_fixed(rounds):
    for key, fix in rounds["fixed"].items():
        b = rounds["r2"][key]["baseline"]
        assert b["fixed"] >= 1, key
        shift = rounds["inserted"].get(key)
        line = fix["line"] + (1 if shift is not None and fix["line"] > shift else 0)
        assert not any(f["rule"] == fix["rule"] and f["line"] == line
                       and f["column"] == fix["column"] for f in rounds["r2"][key]["findings"])
    untouched = [k for k in rounds["r2"] if k not in rounds["inserted"] and k not in rounds["fixed"]]
    assert len(untouched) > 20
    for key in untouched:     # a draft nobody changed: all known, nothing fixed
        b = rounds["r2"][key]["baseline"]
        assert b["new"] == 0 and b["fixed"] == 0 and b["known"] == len(rounds["r1"][key]["findings"])


def test_the_summary_and_the_sheet_count_new_known_fixed(rounds):
    per = [e["baseline"] for e in rounds["r2"].values()]
    total = {k: sum(b[k] for b in per) for k in ("new", "known", "fixed", "accepted")}
    assert rounds["summary"]["baseline"] == total
    assert total["new"] >= len(rounds["inserted"]) and total["fixed"] >= len(rounds["fixed"])
    ws = openpyxl.load_workbook(rounds["out"] / "审核汇总表.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    head = list(rows[0])
    assert head[-4:] == ["新增", "已知", "已修正", "批注副本"]
    for r in rows[1:]:
        row = dict(zip(head, r))
        b = rounds["r2"][row["草稿"]]["baseline"]
        assert (row["新增"], row["已知"], row["已修正"]) == (b["new"], b["known"], b["fixed"])


def test_the_annotated_copies_say_which_problems_are_new(rounds):
    key = sorted(rounds["inserted"])[0]
    stem = key.rsplit(".", 1)[0]
    document = docx.Document(str(rounds["out"] / f"{stem}.fzlint.docx"))
    texts = [c.text for c in document.comments if c.author == "fzlint"]
    b = rounds["r2"][key]["baseline"]
    assert sum("本轮新出现的问题" in t for t in texts) == b["new"]
    assert sum("上一轮已指出" in t for t in texts) == b["known"]


def test_the_new_baseline_records_the_second_round(rounds):
    data = json.loads(rounds["b2"].read_text(encoding="utf-8"))
    assert data["fzlint-baseline"] == 1
    assert set(data["drafts"]) == set(rounds["kinds"])
    for key, entries in data["drafts"].items():
        # one entry per place: a grouped finding records each of its places
        assert len(entries) == sum(len(_places_of(f)) for f in rounds["r2"][key]["findings"])
        assert all(e["accepted"] is False and e["fingerprint"] for e in entries)


# --- accepting a finding ---------------------------------------------------------------------
def _small_round(tmp_path):
    folder = tmp_path / "草稿"
    folder.mkdir()
    (folder / "甲乡.txt").write_text(seed_text("001"), encoding="utf-8")
    (folder / "乙镇.txt").write_text(seed_text("004"), encoding="utf-8")
    return folder


def test_an_accepted_finding_never_returns(tmp_path):
    folder = _small_round(tmp_path)
    b1 = tmp_path / "基线.json"
    first = _by_key(_json(run_cli("check", "--no-config", folder, "--write-baseline", b1,
                                  "-f", "json")), folder)
    data = json.loads(b1.read_text(encoding="utf-8"))
    entry = next(e for e in data["drafts"]["乙镇.txt"] if e["rule"] == "FZ701")
    entry["accepted"] = True                      # the reviewer accepts this one
    b1.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    b2 = tmp_path / "基线2.json"
    second = _json(run_cli("check", "--no-config", folder, "--baseline", b1,
                           "--write-baseline", b2, "-f", "json"))
    files = _by_key(second, folder)
    assert len(files["乙镇.txt"]["findings"]) == len(first["乙镇.txt"]["findings"]) - 1
    assert files["乙镇.txt"]["baseline"] == {"new": 0, "known": len(files["乙镇.txt"]["findings"]),
                                             "fixed": 0, "accepted": 1}
    assert second["summary"]["baseline"]["accepted"] == 1
    kept = json.loads(b2.read_text(encoding="utf-8"))["drafts"]["乙镇.txt"]
    assert [e for e in kept if e["accepted"]] == [entry]       # stays accepted next round
    # and the text output marks the others as known
    text = run_cli("check", "--no-config", folder, "--baseline", b2).stdout
    assert "[已知] " in text and "[新] " not in text and "已接受 1 个未列出" in text


def test_text_output_marks_new_findings(tmp_path):
    folder = _small_round(tmp_path)
    b1 = tmp_path / "基线.json"
    run_cli("check", "--no-config", folder, "--write-baseline", b1)
    lines = seed_text("004").split("\n")
    lines.insert(5, "本年度开展活动,效果良好。")
    (folder / "乙镇.txt").write_text("\n".join(lines), encoding="utf-8")
    proc = run_cli("check", "--no-config", folder, "--baseline", b1)
    marked = [ln for ln in proc.stdout.splitlines() if " [新] " in ln]
    assert marked and all("乙镇.txt" in ln and "FZ801" in ln for ln in marked)
    assert "与基线相比：新增 1 个" in proc.stdout and "已修正 0 个" in proc.stdout


# --- the fingerprint -------------------------------------------------------------------------
def test_a_fingerprint_follows_the_text_not_the_line():
    text = "标题\n一、主要举措\n全年开展活动,效果良好。\n二、存在的不足\n"
    at = text.index(",")
    fp = fingerprint(text, "FZ801", at, at + 1)
    moved = "标题\n插入的一段文字。\n" + text[3:]
    m = moved.index(",")
    assert fingerprint(moved, "FZ801", m, m + 1) == fp
    # the same comma in another sentence, or another rule on it, is another finding
    other = text.replace("全年开展活动,效果良好", "全年举办讲座,反响较好")
    o = other.index(",")
    assert fingerprint(other, "FZ801", o, o + 1) != fp
    assert fingerprint(text, "FZ802", at, at + 1) != fp
    # a change in the next paragraph, or spaces, do not change it
    nxt = text.replace("二、存在的不足", "二、存在的问题和不足")
    assert fingerprint(nxt, "FZ801", at, at + 1) == fp
    spaced = text.replace("全年开展", "全年 开展")
    s = spaced.index(",")
    assert fingerprint(spaced, "FZ801", s, s + 1) == fp


def test_a_finding_without_a_span_is_known_by_its_message_not_its_numbers():
    a = fingerprint("x", "FZ111", 0, 0, "文末没有落款（第 30 行之后）")
    assert a == fingerprint("yy", "FZ111", 0, 0, "文末没有落款（第 31 行之后）")
    assert a != fingerprint("x", "FZ111", 0, 0, "文末没有成文日期")


# --- bad baseline files ----------------------------------------------------------------------
@pytest.mark.parametrize("content, says", [
    (None, "基线文件不存在"),
    ("{not json", "不是合法的 JSON"),
    ('{"drafts": {}}', "不是 fzlint 基线文件"),
    ('{"fzlint-baseline": 7, "drafts": {}}', "格式 7 不受支持"),
    ('{"fzlint-baseline": 1, "drafts": []}', "drafts: 应为"),
    ('{"fzlint-baseline": 1, "drafts": {"a.txt": [{"rule": "FZ801"}]}}', "应有 rule 和 fingerprint"),
    ('{"fzlint-baseline": 1, "drafts": {"a.txt": [{"rule": "FZ801", "fingerprint": "ab",'
     ' "accepted": "yes"}]}}', "accepted: 应为 true 或 false"),
    (b"\xff\xfe\x00bad", "不是 UTF-8"),
])
def test_a_bad_baseline_is_one_line_and_exit_2(tmp_path, content, says):
    draft = tmp_path / "报告.txt"
    draft.write_text(seed_text("004"), encoding="utf-8")
    path = tmp_path / "基线.json"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif content is not None:
        path.write_bytes(content)
    out = tmp_path / "结果.json"
    proc = run_cli("check", "--no-config", draft, "--baseline", path, "-f", "json", "-o", out)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert says in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_a_baseline_that_is_a_folder_is_one_line_and_exit_2(tmp_path):
    draft = tmp_path / "报告.txt"
    draft.write_text(seed_text("004"), encoding="utf-8")
    proc = run_cli("check", "--no-config", draft, "--baseline", tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "是文件夹" in proc.stderr


def test_an_unwritable_baseline_is_one_line_and_exit_2(tmp_path):
    draft = tmp_path / "报告.txt"
    draft.write_text(seed_text("004"), encoding="utf-8")
    proc = run_cli("check", "--no-config", draft, "--write-baseline", tmp_path / "无" / "b.json",
                   "-f", "concise")
    assert proc.returncode == 2 and "所在的文件夹不存在" in proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and not proc.stdout    # said before checking
    proc = run_cli("check", "--no-config", draft, "--sheet", tmp_path / "无" / "表.xlsx")
    assert proc.returncode == 2 and "--sheet" in proc.stderr and not proc.stdout


def test_a_folder_given_to_write_the_baseline_is_one_line_and_exit_2(tmp_path):
    draft = tmp_path / "报告.txt"
    draft.write_text(seed_text("004"), encoding="utf-8")
    target = tmp_path / "文件夹"
    target.mkdir()
    proc = run_cli("check", "--no-config", draft, "--write-baseline", target, "-f", "concise")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "无法写入基线文件" in proc.stderr
    # --sheet FOLDER puts the sheet into it
    proc = run_cli("check", "--no-config", draft, "--sheet", target, "-f", "concise")
    assert proc.returncode == 1, proc.stderr
    assert sorted(p.name for p in target.iterdir()) == ["审核汇总表.csv", "审核汇总表.xlsx"]


def test_passages_shared_between_drafts_are_marked_and_on_the_sheet_too(tmp_path):
    folder = tmp_path / "草稿"
    folder.mkdir()
    for prefix in ("000", "002"):      # they share their closing paragraph (FZ303)
        (folder / f"{prefix}.txt").write_text(seed_text(prefix), encoding="utf-8")
    b1 = tmp_path / "基线.json"
    first = _json(run_cli("check", "--no-config", "--cross", folder, "--write-baseline", b1,
                          "--sheet", tmp_path / "表1.xlsx", "-f", "json"))
    shared = [f for e in first["files"] for f in e["findings"] if f["rule"] == "FZ303"]
    assert shared
    ws = openpyxl.load_workbook(tmp_path / "表1.xlsx").active
    rows = [dict(zip([c.value for c in ws[1]], r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    for e in first["files"]:
        row = next(r for r in rows if e["path"].endswith("/" + r["草稿"]))
        assert row["重复"] == sum(f["category"] == "duplicate" for f in e["findings"])
    second = _json(run_cli("check", "--no-config", "--cross", folder, "--baseline", b1,
                           "-f", "json"))
    marks = {f.get("baseline") for e in second["files"] for f in e["findings"]}
    assert marks == {"known"} and second["summary"]["baseline"]["fixed"] == 0


def test_sarif_says_new_or_unchanged_in_its_own_field(tmp_path):
    import jsonschema
    from util import ROOT
    folder = _small_round(tmp_path)
    b1 = tmp_path / "基线.json"
    run_cli("check", "--no-config", folder, "--write-baseline", b1)
    lines = seed_text("004").split("\n")
    lines.insert(5, "本年度开展活动,效果良好。")
    (folder / "乙镇.txt").write_text("\n".join(lines), encoding="utf-8")
    proc = run_cli("check", "--no-config", folder, "--baseline", b1, "-f", "sarif")
    log = json.loads(proc.stdout)
    schema = json.loads((ROOT / "tests/fixtures/sarif-schema-2.1.0.json").read_text("utf-8"))
    assert not list(jsonschema.Draft7Validator(schema).iter_errors(log))
    states = Counter(r["baselineState"] for r in log["runs"][0]["results"])
    assert states["new"] == 1 and states["unchanged"] == len(log["runs"][0]["results"]) - 1


def test_the_baseline_is_never_written_over_a_draft(tmp_path):
    draft = tmp_path / "报告.txt"
    draft.write_text(seed_text("004"), encoding="utf-8")
    before = draft.read_bytes()
    proc = run_cli("check", "--no-config", tmp_path, "--write-baseline", draft)
    assert proc.returncode == 2 and "是被检查的文件之一" in proc.stderr
    assert draft.read_bytes() == before
