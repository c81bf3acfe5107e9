"""`--index FILE` (checker/corpus/index.py) is safe to share and safe to point at the wrong file:

- several runs at once on one index file all succeed, with the findings of a run alone, and the
  index holds every draft once (runs wait for each other's writes instead of failing with
  "UNIQUE constraint failed" or "database is locked");
- a SQLite database that is not an fzlint index is refused with one line and exit 2 and left
  byte for byte as it was; so are a FIFO and an index of another format version;
- a new file, an empty file and an empty database become an index; an existing index (also one
  written before indexes carried their application id) still works.

Everything goes through the real CLI (subprocesses)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from util import SEEDS, run_cli, seed_path

FZIX = int.from_bytes(b"FZIX", "big")


def digest(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def files_of(report) -> dict:
    return {f["path"]: [(g["rule"], g["line"], g["message"]) for g in f["findings"]]
            for f in report["files"]}


def check_json(*args, cwd):
    proc = run_cli("check", "--no-config", "--select", "FZ303", "--format", "json", *args,
                   cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def index_state(db) -> dict:
    """What the index holds, with its own consistency checked on the way."""
    con = sqlite3.connect(db)
    try:
        paths = [r[0] for r in con.execute("SELECT path FROM docs")]
        for doc_id, n in con.execute("SELECT id, units FROM docs"):
            assert con.execute("SELECT COUNT(*) FROM units WHERE doc=?", (doc_id,)).fetchone()[0] == n
        assert con.execute("SELECT COUNT(*) FROM units WHERE doc NOT IN (SELECT id FROM docs)"
                           ).fetchone()[0] == 0
        postings = con.execute("SELECT COUNT(*) FROM postings").fetchone()[0]
        assert con.execute("SELECT COALESCE(SUM(n), 0) FROM df").fetchone()[0] == postings
        assert con.execute("SELECT COUNT(*) FROM postings WHERE unit NOT IN (SELECT id FROM units)"
                           ).fetchone()[0] == 0
        return {"paths": paths, "app": con.execute("PRAGMA application_id").fetchone()[0]}
    finally:
        con.close()


@pytest.fixture
def drafts(tmp_path):
    """Twenty drafts: the five seeds four times over, so runs index the same text many times."""
    folder = tmp_path / "草稿"
    folder.mkdir()
    for k in range(4):
        for seed in sorted(SEEDS.iterdir()):
            shutil.copy(seed, folder / f"{k}_{seed.name}")
    return folder


def _concurrently(arg_lists, cwd):
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8")
    env.pop("FZLINT_DEBUG", None)
    procs = [subprocess.Popen([sys.executable, "-m", "checker", "check", "--no-config",
                               "--select", "FZ303", "--format", "json", *map(str, args)],
                              cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for args in arg_lists]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=300)
        out.append((p.returncode, stdout.decode("utf-8"), stderr.decode("utf-8")))
    return out


# --- concurrent runs --------------------------------------------------------------------------

def test_four_runs_at_once_on_one_new_index_all_succeed(tmp_path, drafts):
    alone = files_of(check_json("--cross", drafts, "--index", tmp_path / "alone.sqlite",
                                cwd=tmp_path))
    db = tmp_path / "shared.sqlite"
    for rc, stdout, stderr in _concurrently([["--cross", drafts, "--index", db]] * 4, tmp_path):
        assert rc == 1, stderr
        assert "错误" not in stderr, stderr
        assert files_of(json.loads(stdout)) == alone
    state = index_state(db)
    assert sorted(state["paths"]) == sorted(str(p.resolve()) for p in drafts.iterdir())
    assert state["app"] == FZIX


def test_runs_at_once_with_different_drafts_fill_one_index(tmp_path):
    folders = []
    for k in range(4):
        folder = tmp_path / f"乡镇{k}"
        folder.mkdir()
        for name in ("000", "002", "003"):      # 000 and 002 share their closing paragraph
            shutil.copy(seed_path(name), folder / f"{k}_{seed_path(name).name}")
        folders.append(folder)
    db = tmp_path / "county.sqlite"
    results = _concurrently([["--cross", f.name, "--index", db] for f in folders], tmp_path)
    for folder, (rc, stdout, stderr) in zip(folders, results):
        assert rc == 1, stderr
        assert "错误" not in stderr, stderr
        found = files_of(json.loads(stdout))
        own = sorted(p for p in found if p.startswith(folder.name + os.sep))
        assert len(own) == 3
        assert all(found[p] for p in own[:2])   # 000 and 002 share their closing paragraph
    state = index_state(db)
    assert sorted(state["paths"]) == sorted(str(p.resolve()) for f in folders
                                            for p in f.iterdir())
    # a later run is compared with every draft of every folder
    report = check_json(seed_path("000"), "--index", db, cwd=tmp_path)
    (entry,) = report["files"]
    assert any("另有 7 份草稿中也有" in f["message"] for f in entry["findings"])


# --- databases that are not an fzlint index ------------------------------------------------------

def _foreign(path, journal="delete", app=0, tables=("CREATE TABLE people(name TEXT, born INT)",
                                                   "INSERT INTO people VALUES('张三', 1980)")):
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA journal_mode={journal}")
    if app:
        con.execute(f"PRAGMA application_id={app}")
    for sql in tables:
        con.execute(sql)
    con.commit()
    con.close()


def _refused(tmp_path, db, needle="不是 fzlint 的索引文件"):
    before = digest(db)
    listing = sorted(os.listdir(db.parent))
    proc = run_cli("check", "--no-config", seed_path("002"), "--cross", SEEDS, "--index", db,
                   cwd=tmp_path, timeout=60)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and str(db.name) in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr
    assert digest(db) == before, "the database was changed"
    assert sorted(os.listdir(db.parent)) == listing, "files were left next to it"
    return lines[0]


@pytest.mark.parametrize("kind", ["tables", "wal", "other-app", "extra-table", "other-meta"])
def test_a_database_of_another_program_is_refused_and_left_untouched(tmp_path, kind):
    folder = tmp_path / "db"
    folder.mkdir()
    db = folder / "客户.sqlite"
    if kind == "tables":
        _foreign(db)
    elif kind == "wal":        # closing a read-write connection would checkpoint it
        _foreign(db, journal="wal")
    elif kind == "other-app":  # marked by another program, no tables yet
        _foreign(db, app=0x0F055112, tables=())
    elif kind == "extra-table":  # an old fzlint index that someone added a table to
        seeded = tmp_path / "seeded.sqlite"
        check_json(seed_path("000"), "--index", seeded, "--against", seed_path("000"),
                   cwd=tmp_path)
        con = sqlite3.connect(seeded)
        con.execute("PRAGMA application_id=0")
        con.execute("CREATE TABLE notes(x)")
        con.commit()
        con.close()
        shutil.copy(seeded, db)
    else:                      # a "meta" table that is not fzlint's
        _foreign(db, tables=("CREATE TABLE meta(k INT, v INT)", "INSERT INTO meta VALUES(1, 2)"))
    line = _refused(tmp_path, db)
    if kind in ("tables", "wal"):
        assert "people" in line


def test_an_index_of_another_version_is_refused_and_left_untouched(tmp_path):
    folder = tmp_path / "db"
    folder.mkdir()
    db = folder / "old.sqlite"
    check_json(seed_path("000"), "--against", seed_path("000"), "--index", db, cwd=tmp_path)
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=delete")
    con.execute("UPDATE meta SET value='0/4/4' WHERE key='schema'")
    con.commit()
    con.close()
    _refused(tmp_path, db, needle="另一版本")


def test_a_fifo_as_index_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "index.sqlite"
    os.mkfifo(fifo)
    proc = run_cli("check", "--no-config", seed_path("002"), "--index", fifo, cwd=tmp_path,
                   timeout=60)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "不是普通文件" in proc.stderr


# --- what becomes an index, and what stays one -------------------------------------------------

@pytest.mark.parametrize("start", ["missing", "empty-file", "empty-database"])
def test_a_new_or_empty_file_becomes_an_index(tmp_path, start):
    db = tmp_path / "index.sqlite"
    if start == "empty-file":
        db.write_bytes(b"")
    elif start == "empty-database":
        _foreign(db, tables=("VACUUM",))
        assert db.stat().st_size > 0
    first = check_json("--cross", SEEDS, "--index", db, cwd=tmp_path)
    state = index_state(db)
    assert state["app"] == FZIX and len(state["paths"]) == 5
    assert any(files_of(first).values())
    # and it is used as an index next time: a draft compared with the indexed seeds only
    again = check_json(seed_path("002"), "--index", db, cwd=tmp_path)
    (entry,) = again["files"]
    assert any(f["rule"] == "FZ303" for f in entry["findings"])


def test_an_index_from_before_the_application_id_still_works(tmp_path):
    db = tmp_path / "2024.sqlite"
    first = check_json("--cross", SEEDS, "--index", db, cwd=tmp_path)
    con = sqlite3.connect(db)
    con.execute("PRAGMA application_id=0")   # as fzlint wrote it before the mark existed
    con.commit()
    con.close()
    second = check_json("--cross", SEEDS, "--index", db, cwd=tmp_path)
    assert files_of(second) == files_of(first)
    state = index_state(db)
    assert state["app"] == FZIX and len(state["paths"]) == 5
