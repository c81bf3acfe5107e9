"""Who copied whom, at a glance (issue 13 item 2): the pair overview of --cross/--against
(checker.reports.pairs) — in process on hand-made FZ303 findings (shares in characters, the
template floor and its boundary), then through the command line on a 42-draft county folder
built by tests/pairs_folder.py (a copied report, a paragraph planted in four drafts, template
paragraphs in every draft, a cover note and a README; .txt, .md and .docx)."""

from __future__ import annotations

import json
import re
from itertools import combinations
from pathlib import Path

import pytest

import pairs_folder
from util import run_cli

from checker.model.document import Document
from checker.model.findings import FileResult, Finding
from checker.reports.pairs import overview, template_floor
from checker.reports.text import width


# --- in process: hand-made findings ------------------------------------------------------------

def _draft(name: str, lines: list[str]) -> FileResult:
    text = "\n".join(lines) + "\n"
    return FileResult(f"/nowhere/{name}.txt", doc=Document(text, f"/nowhere/{name}.txt"))


def _shared(result: FileResult, line: int, holders, last: int | None = None):
    """An FZ303 finding on lines line..last of result, held by holders [(name, line, end)]."""
    doc = result.doc
    start = doc.lines[line - 1].start
    end = doc.lines[(last or line) - 1].end
    with_ = [{"path": f"/nowhere/{n}.txt", "line": a, "end_line": b, "similarity": 1.0}
             for n, a, b in holders]
    f = Finding("FZ303", "duplicate", "warning", "这段文字与……相同", start, end)
    f.extra["shared"] = {"total": len(with_), "with": with_}
    result.findings.append(f)
    return f


def test_floor_is_a_quarter_of_the_drafts_at_least_five_at_most_twenty():
    assert [template_floor(n) for n in (2, 5, 20, 21, 40, 42, 80, 3000)] == [5, 5, 5, 6, 10, 11, 20, 20]


def test_shares_count_characters_without_whitespace_and_the_longest_run():
    a = _draft("a", ["一二三四五 六七八九十", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰", "天地玄黄"])
    b = _draft("b", ["天地玄黄宇宙洪荒", "一二三四五六七八九十"])
    _shared(a, 1, [("b", 2, 2)])
    _shared(b, 2, [("a", 1, 1)])
    ov = overview([a, b])
    (p,) = ov.pairs
    # a: 10 of 29 characters (the space is not counted); b: 10 of 18
    sides = {p.a.path: p.a, p.b.path: p.b}
    assert sides["/nowhere/a.txt"].share == pytest.approx(10 / 29)
    assert sides["/nowhere/b.txt"].share == pytest.approx(10 / 18)
    assert p.a.path == "/nowhere/b.txt"      # the draft with more of its text shared first
    assert p.longest == 10 and p.a.paragraphs == 1
    assert (sides["/nowhere/a.txt"].line, sides["/nowhere/b.txt"].line) == (1, 2)
    d = p.as_dict()
    assert d["first_a"] == {"path": "/nowhere/b.txt", "line": 2}
    assert d["first_b"] == {"path": "/nowhere/a.txt", "line": 1}
    assert d["reference"] is False and ov.unchanged == []


def _county(n: int):
    return [_draft(f"d{i}", [f"第{i}份草稿的第一段，写本单位自己的情况，各不相同。" * 2,
                             "县里统一要求写进报告的一段话，各份草稿都有，一字不差。",
                             f"第{i}份草稿的第三段。"]) for i in range(n)]


@pytest.mark.parametrize("holders, pairs", [(3, 3), (4, 0)])
def test_a_passage_held_by_the_template_floor_makes_no_pair(holders, pairs):
    """12 drafts: the floor is 5 drafts.  Held by 4 (d0 and 3 others): 3 pairs; by 5: none."""
    drafts = _county(12)
    assert template_floor(12) == 5
    _shared(drafts[0], 2, [(f"d{k}", 2, 2) for k in range(1, holders + 1)])
    ov = overview(drafts)
    assert ov.drafts == 12
    assert len(ov.pairs) == pairs
    assert ov.template == (1 if pairs == 0 else 0)


def test_the_copier_of_a_passage_that_holds_template_text_still_makes_a_pair():
    """The index joins template paragraphs and the copied text around them into one passage:
    all drafts hold its template line, one draft holds all three lines.  That one pair only."""
    drafts = _county(12)
    holders = [("d1", 1, 3)] + [(f"d{k}", 2, 2) for k in range(2, 12)]
    _shared(drafts[0], 1, holders, last=3)
    ov = overview(drafts)
    assert [{p.a.path, p.b.path} for p in ov.pairs] == [{"/nowhere/d0.txt", "/nowhere/d1.txt"}]


def test_against_says_the_share_the_same_and_the_share_similar():
    this = _draft("this", ["今年新写的一段话，和去年完全不同。", "去年的一段话照搬过来了一字未改。",
                           "去年的另一段话改了几个字后沿用。"])
    f1 = _shared(this, 2, [("last", 5, 5)])
    f2 = _shared(this, 3, [("last", 6, 6)])
    f2.extra["shared"]["with"][0]["similarity"] = 0.8
    ov = overview([this], against=["/nowhere/last.txt"])
    (u,) = ov.unchanged
    text = this.doc.text
    total = sum(1 for c in text if not c.isspace())
    assert u.same == pytest.approx((f1.end - f1.start) / total)
    assert u.similar == pytest.approx((f2.end - f2.start) / total)
    assert u.sentence().startswith(f"本文 {round(u.same * 100)}% 与往年报告相同（另有 ")
    (p,) = ov.pairs
    assert p.reference and p.b.share is None and p.as_dict()["share_b"] is None


def test_against_a_draft_sharing_nothing_is_told_zero_and_without_against_nothing():
    fresh = _draft("fresh", ["今年新写的一段话，和去年完全不同。"])
    (u,) = overview([fresh], against=["/nowhere/last.txt"]).unchanged
    assert (u.same, u.similar, u.sentence()) == (0.0, 0.0, "本文 0% 与往年报告相同")
    assert overview([fresh]).unchanged == []


# --- the county folder through the command line ------------------------------------------------

@pytest.fixture(scope="module")
def county(tmp_path_factory):
    root = tmp_path_factory.mktemp("pairs")
    paths = pairs_folder.build(root / "各乡镇")
    proc = run_cli("check", "--no-config", "--format", "json", "--cross", "各乡镇", cwd=root,
                   timeout=600)
    assert proc.returncode in (0, 1), proc.stderr
    return root, paths, json.loads(proc.stdout)


def _name(path: str) -> str:
    return Path(path).name


def test_folder_is_what_the_issue_asks_for(county):
    root, paths, report = county
    folder = root / "各乡镇"
    exts = {p.suffix for p in folder.iterdir()}
    assert len(paths) >= 40 and {".txt", ".md", ".docx"} <= exts
    assert (folder / "说明.txt").exists() and (folder / "README.md").exists()
    assert len(report["files"]) == len(paths) + 2
    assert {_name(p) for p in report["summary"]["not_report"]} == {"说明.txt", "README.md"}


def test_pair_overview_names_the_copied_pair_first(county):
    _, paths, report = county
    top = report["pairs"][0]
    copy, source = _name(paths[pairs_folder.COPY]), _name(paths[pairs_folder.COPIED_FROM])
    assert {_name(top["a"]), _name(top["b"])} == {copy, source}
    assert top["share_a"] >= 0.7 and top["share_b"] >= 0.7
    assert top["shared_paragraphs"] >= 20 and top["longest"] >= 500
    # the first shared passage, in both drafts
    assert top["first_a"]["path"] == top["a"] and top["first_b"]["path"] == top["b"]
    assert top["first_a"]["line"] >= 1 and top["first_b"]["line"] >= 1


def test_planted_paragraph_makes_a_pair_of_every_two_drafts_holding_it(county):
    _, paths, report = county
    found = {frozenset((_name(p["a"]), _name(p["b"]))): p for p in report["pairs"]}
    planted = [_name(paths[i]) for i in pairs_folder.PLANTED_IN]
    for x, y in combinations(planted, 2):
        p = found[frozenset((x, y))]
        assert p["shared_paragraphs"] == 1 and p["longest"] >= len(pairs_folder.PLANTED) - 5
        assert 0 < p["share_a"] < 0.1


def test_template_paragraphs_in_every_draft_make_no_pair(county):
    """Every draft holds the template paragraphs (FZ303 reports them), yet they make no pair:
    of the 861 pairs they would make, the overview lists only the copied, the planted and a
    pair or two of drafts that happen to share a sentence (under 5% of their text)."""
    _, paths, report = county
    holding = [f for e in report["files"] for f in e["findings"]
               if f["rule"] == "FZ303" and pairs_folder.TEMPLATE[0][:12] in f["excerpt"]]
    assert len(holding) >= 30            # the template is found in the drafts …
    expected = {frozenset((_name(paths[pairs_folder.COPY]),
                           _name(paths[pairs_folder.COPIED_FROM])))}
    expected |= {frozenset((_name(paths[x]), _name(paths[y])))
                 for x, y in combinations(pairs_folder.PLANTED_IN, 2)}
    listed = {frozenset((_name(p["a"]), _name(p["b"]))): p for p in report["pairs"]}
    assert expected <= set(listed)
    others = [p for k, p in listed.items() if k not in expected]
    assert len(others) <= 3              # … and makes none of the 861 pairs
    assert all(max(p["share_a"], p["share_b"]) < 0.05 for p in others)
    names = {n for k in listed for n in k}
    assert not names & {"说明.txt", "README.md"}


def test_text_output_ends_with_the_pair_table_fitting_the_terminal(county):
    root, paths, report = county
    proc = run_cli("check", "--no-config", "--cross", "各乡镇", cwd=root, timeout=600,
                   env={"COLUMNS": "90"})
    assert proc.returncode in (0, 1), proc.stderr
    tail = proc.stdout[proc.stdout.index("草稿两两共有的段落"):]
    lines = tail.rstrip("\n").split("\n")
    assert lines[1].split()[:2] == ["草稿", "A"]
    rows = lines[3:]
    assert len(rows) == len(report["pairs"])
    assert all(width(line) <= 89 for line in lines[1:])
    copy = _name(paths[pairs_folder.COPY])[:3]          # the township's name starts the file name
    assert copy in rows[0]
    assert re.search(r"\s\d+%\s+\d+%\s", rows[0])


def test_against_last_year_says_how_much_is_unchanged(county):
    root, paths, _ = county
    this_year = paths[pairs_folder.COPY].relative_to(root)
    last_year = paths[pairs_folder.COPIED_FROM].relative_to(root)
    other = paths[0].relative_to(root)
    proc = run_cli("check", "--no-config", str(this_year), str(other), "--against",
                   str(last_year), cwd=root, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    # a passage counts as the same when all of it is (the copy's reworded sentence makes the
    # passage around it similar, 98%): most of the copy is one or the other
    m = re.search(re.escape(str(this_year)) + r"：本文 (\d+)% 与往年报告相同（另有 (\d+)% 相似）",
                  proc.stdout)
    assert m and int(m.group(1)) >= 20 and int(m.group(1)) + int(m.group(2)) >= 85
    data = json.loads(run_cli("check", "--no-config", "--format", "json", str(this_year),
                              str(other), "--against", str(last_year), cwd=root,
                              timeout=300).stdout)
    by_path = {u["path"]: u for u in data["unchanged"]}
    assert by_path[str(this_year)]["same"] + by_path[str(this_year)]["similar"] >= 0.85
    assert by_path[str(this_year)]["references"] == [str(last_year)]
    # the other draft shares only the template paragraphs with last year's: a few per cent
    mine = by_path.get(str(other), {"same": 0, "similar": 0})
    assert mine["same"] + mine["similar"] < 0.15
    assert all(p["reference"] and p["share_b"] is None for p in data["pairs"])


def test_without_cross_drafts_the_json_has_no_pair_fields(county):
    root, paths, _ = county
    data = json.loads(run_cli("check", "--no-config", "--format", "json",
                              str(paths[1].relative_to(root)), cwd=root).stdout)
    assert "pairs" not in data and "unchanged" not in data
