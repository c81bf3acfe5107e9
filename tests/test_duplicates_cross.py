"""Passages shared between drafts (FZ303): `fzlint check --cross`, `--against` (a GB18030 draft
against last year's .docx), the persisted `--index`, and checker.corpus.index in-process."""

from __future__ import annotations

import re
import shutil
import sqlite3

import pytest

from checker.corpus.index import Corpus
from checker.model.document import Document
from checker.engine.packs import load
from tests.util import SEEDS, cli_json, run_cli, seed_path, seed_text

RULE = load().rules["FZ303"]


def fz303(report, name: str):
    """{line: finding} of FZ303 in the file of the JSON report whose path ends with name."""
    (entry,) = [f for f in report["files"] if f["path"].endswith(name)]
    return {f["line"]: f for f in entry["findings"] if f["rule"] == "FZ303"}


def covering(found: dict, line: int):
    """The finding whose span covers a line, or None."""
    for f in found.values():
        if f["line"] <= line <= f["end_line"]:
            return f
    return None


def shared(corpus, doc, exclude=None, **kw):
    opts = dict(threshold=RULE["threshold"], min_chars=RULE["min_chars"], phrases=RULE["ignore"],
                exclude=exclude, max_related=RULE["max_related"])
    opts.update(kw)
    return corpus.shared(doc, **opts)


# --- --cross on the seeds -----------------------------------------------------------------------

def test_cross_seeds_reports_the_closing_paragraphs_of_000_and_002_both_ways():
    report = cli_json("--no-config", "--select", "FZ303", "--cross", SEEDS)
    in_000 = fz303(report, seed_path("000").name)
    in_002 = fz303(report, seed_path("002").name)
    # reported on each side, `related` pointing at the other draft's closing paragraph
    (rel,) = in_002[32]["related"]
    assert rel["path"].endswith(seed_path("000").name) and rel["line"] == 49
    (rel,) = in_000[49]["related"]
    assert rel["path"].endswith(seed_path("002").name) and rel["line"] == 32
    sim = int(re.search(r"相似度 (\d+)%", in_002[32]["message"]).group(1))
    assert 60 <= sim < 100
    assert in_002[32]["category"] == "duplicate"
    assert in_002[32]["excerpt"].startswith("2024年，杂色镇在法治政府建设方面取得了一定成效")
    # drafts that share nothing with the others get no FZ303
    for name in ("001", "003", "004"):
        assert fz303(report, seed_path(name).name) == {}


def test_without_other_drafts_fz303_finds_nothing():
    report = cli_json("--no-config", "--select", "FZ303", seed_path("002"), seed_path("000"))
    assert all(f["rule"] != "FZ303" for entry in report["files"] for f in entry["findings"])


# --- --against last year's report: GB18030 text and .docx -------------------------------------

UPDATED = "2025年，杂色镇聚焦基层依法治理短板，新建村级公共法律服务工作室6个，实现村（社区）全覆盖。"


def this_year_and_last(tmp_path):
    """Last year's report as .docx (a paragraph per line); this year's draft as GB18030 text in
    which paragraph 14 was rewritten and the rest only got new figures."""
    import docx
    text = seed_text("002")
    last = tmp_path / "2024年报告.docx"
    d = docx.Document()
    for line in text.split("\n"):
        d.add_paragraph(line)
    d.save(str(last))
    lines = text.split("\n")
    lines[13] = UPDATED                                  # line 14: rewritten this year
    lines[6] = lines[6].replace("10次", "12次")           # line 7: only the figure changed
    now = tmp_path / "2025年草稿.txt"
    now.write_bytes("\n".join(lines).replace("2024年", "2025年").encode("gb18030"))
    return now, last


def test_against_last_years_docx_shows_what_was_not_updated(tmp_path):
    now, last = this_year_and_last(tmp_path)
    report = cli_json("--no-config", "--select", "FZ303", now, "--against", last)
    found = fz303(report, now.name)
    # paragraphs 3–12 and 16–32 were not updated (only figures and the year changed): two
    # passages, each naming where it stands in last year's report (.docx line = paragraph)
    assert sorted((f["line"], f["end_line"]) for f in found.values()) == [(3, 12), (16, 32)]
    assert covering(found, 14) is None           # the rewritten paragraph is new text
    assert all(f["related"][0]["path"].endswith(last.name) for f in found.values())
    assert [f["related"][0]["line"] for f in found.values()] == [3, 16]
    assert "第 16–32 行相同" in found[16]["message"]


def test_against_a_folder_and_the_other_direction(tmp_path):
    now, last = this_year_and_last(tmp_path)
    folder = tmp_path / "往年"
    folder.mkdir()
    shutil.move(str(now), folder / now.name)
    report = cli_json("--no-config", "--select", "FZ303", last, "--against", folder)
    found = fz303(report, last.name)
    assert covering(found, 7) and covering(found, 14) is None
    assert covering(found, 7)["related"][0]["path"].endswith(now.name)


# --- --index: persisted, not re-read, replaced when changed ----------------------------------

def test_index_keeps_drafts_for_later_runs_and_does_not_reread_them(tmp_path):
    county = tmp_path / "县"
    county.mkdir()
    for name in ("000", "002"):
        shutil.copy(seed_path(name), county / seed_path(name).name)
    db = tmp_path / "county.sqlite"
    first = cli_json("--no-config", "--select", "FZ303", "--cross", county, "--index", db)
    assert 32 in fz303(first, seed_path("002").name)
    ids = dict(sqlite3.connect(db).execute("SELECT path, id FROM docs").fetchall())
    assert len(ids) == 2

    # a new draft copies 002's closing paragraph: found through the index alone
    new = tmp_path / "新草稿.txt"
    closing = seed_text("002").split("\n")[31].replace("杂色镇", "青石镇")
    new.write_text("青石镇2025年度法治政府建设情况报告\n一、主要举措和成效\n"
                   "全年新建法律服务工作室6个，培训法律明白人120名。\n" + closing + "\n",
                   encoding="utf-8")
    report = cli_json("--no-config", "--select", "FZ303", new, "--index", db)
    (hit,) = fz303(report, new.name).values()
    assert hit["line"] == 4 and hit["related"][0]["path"].endswith(seed_path("002").name)
    assert "相同" in hit["message"]

    # unchanged drafts are not read again; a changed one is replaced
    cli_json("--no-config", "--select", "FZ303", "--cross", county, "--index", db)
    assert dict(sqlite3.connect(db).execute("SELECT path, id FROM docs").fetchall()) == ids
    changed = county / seed_path("000").name
    changed.write_text(seed_text("000") + "\n补充说明。\n", encoding="utf-8")
    cli_json("--no-config", "--select", "FZ303", "--cross", county, "--index", db)
    after = dict(sqlite3.connect(db).execute("SELECT path, id FROM docs").fetchall())
    assert after.keys() == ids.keys()
    assert [after[p] == ids[p] for p in sorted(ids)] == [
        not p.endswith(changed.name) for p in sorted(ids)]


def test_an_unusable_index_file_is_a_one_line_error(tmp_path):
    bad = tmp_path / "index.sqlite"
    bad.write_text("这不是数据库" * 200, encoding="utf-8")
    proc = run_cli("check", "--no-config", seed_path("002"), "--index", bad)
    assert proc.returncode == 2
    assert "索引文件" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_check_needs_paths_or_cross():
    proc = run_cli("check")
    assert proc.returncode == 2 and "--cross" in proc.stderr


# --- checker.corpus.index in-process ------------------------------------------------------------------

TOWN = "{name}2024年度法治政府建设情况报告\n一、主要举措和成效\n{body}\n{name}人民政府\n2025年1月5日\n"
COPIED = ("{name}司法所联合派出所深入各村开展矛盾纠纷排查，全年共排查调处各类纠纷{n}件，"
          "调解成功率达到{p}%，有效防止了矛盾激化。")


def town(name: str, body: str, path: str) -> Document:
    return Document(TOWN.format(name=name, body=body), path)


def test_a_copy_with_the_towns_own_name_and_new_figures_is_the_same_text():
    corpus = Corpus()
    a = town("青石镇", COPIED.format(name="青石镇", n=39, p=92), "/drafts/青石镇.txt")
    b = town("李庄乡", COPIED.format(name="李庄乡", n=41, p=95), "/drafts/李庄乡.txt")
    corpus.add(a, "/drafts/青石镇.txt")
    (hit,) = shared(corpus, b)
    assert b.text[hit.start:hit.end] == COPIED.format(name="李庄乡", n=41, p=95)
    (other,) = hit.others
    assert other.path.endswith("青石镇.txt") and other.line == 3 and other.similarity == 1.0


def test_a_draft_does_not_match_itself_and_stock_phrases_match_nothing():
    corpus = Corpus()
    stock = "我镇坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻习近平法治思想，扎实推进法治政府建设。"
    a = town("青石镇", stock + COPIED.format(name="青石镇", n=3, p=90), "/d/a.txt")
    b = town("王集镇", stock + "全年新建法律服务工作室6个，培训法律明白人120名，实现村级全覆盖。", "/d/b.txt")
    corpus.add(a, "/d/a.txt")
    corpus.add(b, "/d/b.txt")
    assert shared(corpus, a, exclude="/d/a.txt") == []
    assert shared(corpus, b, exclude="/d/b.txt") == []


def test_many_drafts_holding_a_passage_are_listed_best_first_up_to_max_related():
    corpus = Corpus()
    text = COPIED.format(name="青石镇", n=39, p=92)
    towns = ["东关镇", "西岭镇", "南河镇", "北杨集镇", "马楼乡", "桥头镇", "白云乡"]
    for k, name in enumerate(towns):
        edited = text if k == 0 else text.replace("有效防止了矛盾激化", f"全县排名第{k}位")
        corpus.add(town(name, edited.replace("青石镇", name), f"/d/{k}.txt"), f"/d/{k}.txt")
    query = town("新河镇", text.replace("青石镇", "新河镇"), "/d/q.txt")
    (hit,) = shared(corpus, query, max_related=3)
    assert hit.total == 7 and len(hit.others) == 3
    assert hit.others[0].path.endswith("0.txt") and hit.others[0].similarity == 1.0
    assert hit.others[1].similarity < 1.0


@pytest.mark.parametrize("threshold, found", [(0.6, True), (0.95, False)])
def test_reordered_clauses_across_drafts_follow_the_threshold(threshold, found):
    corpus = Corpus()
    a = "深入各村开展矛盾纠纷排查，全年共排查调处各类纠纷39件，调解成功率达到92%，有效防止了矛盾激化。"
    b = "全年共排查调处各类纠纷41件，深入各村开展矛盾纠纷排查，有效防止了矛盾激化，调解成功率达到95%。"
    corpus.add(town("青石镇", a, "/d/a.txt"), "/d/a.txt")
    assert bool(shared(corpus, town("王集镇", b, "/d/b.txt"), threshold=threshold)) is found
