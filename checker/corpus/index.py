"""Cross-draft index: which passages of a draft also stand in other drafts (SQLite).

Every draft given to ``fzlint check --cross DIR``, ``--against DIR_OR_FILE`` is cut into
sentences (checker.fingerprint.units) and each sentence is stored with its folded text, its line
and column, and a *sketch*: the 8 smallest stable hashes of its 5-character shingles.  Sketch
hashes go into an inverted index (hash → sentences).  To find what a draft shares with the
others, each of its sentences looks up its own sketch hashes; sentences elsewhere that share two
or more of them are candidates (at most ``MAX_CANDIDATES``, those sharing most first), and
candidates are compared properly (fingerprint.similarity, with the rule's stock phrases cut out
at that point, so the stored index does not depend on the rule pack).  Matched sentences that
follow one another on both sides form one passage.

Cost grows about linearly with the number of drafts: a lookup touches only the sentences that
share a sketch hash, and a hash found in more than ``COMMON`` sentences is stock text of the whole
collection (such as 在县委县政府的坚强领导下) and is not followed.  No pair of drafts is compared
whole.  Only the standard library is needed (sqlite3, zlib): a MinHash/LSH library (datasketch)
would pull numpy and scipy into the start-up of a linter and compute 128 hashes per shingle
where one does, with the index and its persistence still to be written around it.
Postings are buffered and written in hash order, which keeps bulk loading fast once the index
outgrows SQLite's page cache.

With ``--index FILE`` the index is a SQLite file that outlives the run: drafts already in it are
not read again (same path, size and modification time), changed ones are replaced, and every
draft in it is compared with, so a reviewer can add this year's drafts to last years'.
Without it the index lives in memory for one run.

The file is an fzlint index only: it carries ``PRAGMA application_id`` = APPLICATION_ID and a
meta table with the format version.  A file that does not exist or is empty becomes an index; an
index written before the application id existed (the same tables, nothing else) is stamped and
used; any other SQLite database, or a file that is not one, is refused with one line and is not
written to at all (it is first looked at through a read-only connection).

Several runs may share one index file at the same time.  A run buffers the drafts it adds and
writes them in short ``BEGIN IMMEDIATE`` transactions (all of a batch or nothing); a run that
finds the file locked waits (BUSY_TIMEOUT) instead of failing.  Inside the write lock each draft
is looked up again, so a draft that another run has just indexed in the same version is not
written twice, and a draft is held once however many runs add it.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from checker.errors import OneLineError

from checker.text.fingerprint import (SKETCH_GRAM, SKETCH_SIZE, could_reach, shingle, similarity, sketch,
                          units)

SCHEMA_VERSION = f"1/{SKETCH_GRAM}/{SKETCH_SIZE}"
COMMON = 200        # a sketch hash held by more sentences than this is not followed
MIN_UNIT = 6        # shorter sentences (folded characters) are not indexed
MIN_HITS = 2        # shared sketch hashes that make a candidate (1 for very short sentences)
MAX_CANDIDATES = 24  # candidates compared per sentence, those sharing the most hashes first

APPLICATION_ID = int.from_bytes(b"FZIX", "big")   # PRAGMA application_id of an fzlint index
BUSY_TIMEOUT = 120.0   # seconds a run waits for another run's write to the same index file
FLUSH_POSTINGS = 200_000   # buffered postings that make a write batch

_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)",
    "CREATE TABLE IF NOT EXISTS docs(id INTEGER PRIMARY KEY, path TEXT UNIQUE, size INTEGER, "
    "mtime INTEGER, units INTEGER)",
    "CREATE TABLE IF NOT EXISTS units(id INTEGER PRIMARY KEY, doc INTEGER, seq INTEGER, "
    "line INTEGER, col INTEGER, folded TEXT)",
    "CREATE INDEX IF NOT EXISTS units_doc ON units(doc, seq)",
    "CREATE TABLE IF NOT EXISTS postings(hash INTEGER, unit INTEGER, PRIMARY KEY(hash, unit)) "
    "WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS df(hash INTEGER PRIMARY KEY, n INTEGER)",
]
_TABLES = frozenset({"meta", "docs", "units", "postings", "df"})


class CorpusError(OneLineError):
    """The index file cannot be used; str(err) is a one-line message."""


@dataclass
class Other:
    """Where a passage also stands: another draft, its line and column, and the similarity."""
    path: str
    line: int
    column: int
    similarity: float
    end_line: int = 0   # line of the passage's last sentence there


@dataclass
class Shared:
    """A passage of the checked draft (original offsets) and the drafts that also hold it,
    most similar first."""
    start: int
    end: int
    others: list[Other] = field(default_factory=list)
    total: int = 0   # how many other drafts hold it (others lists at most max_related)


@dataclass
class _Run:
    qa: int          # first and last query sentence (indexes into units)
    qb: int
    doc: int
    first: tuple     # (line, col) of the other side's first sentence
    last_line: int   # line of the other side's last sentence
    sims: list       # (size, similarity) per sentence


def shown_path(path: str) -> str:
    """A stored absolute path as a user would write it from here."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel


class Corpus:
    """The sentence index of a set of drafts.  ``path`` None keeps it in memory."""

    def __init__(self, path: str | None = None):
        self.path = path
        self.db = None
        if path:
            try:
                st = os.stat(path)
            except OSError:
                st = None                   # a new index file (sqlite says if it cannot be made)
            if st is not None and not stat.S_ISREG(st.st_mode):
                raise CorpusError(f"{path}: 不是普通文件（文件夹、设备、管道或套接字），"
                                  "不能用作索引文件")
        try:
            self.db = self._open(path)
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS q(u INTEGER, h INTEGER)")
        except sqlite3.OperationalError as err:   # cannot open, read-only, locked too long
            if self.db is not None:
                self.db.close()
            raise CorpusError(f"{path}: 无法读写索引文件（{err}）") from None
        except sqlite3.DatabaseError as err:
            if self.db is not None:
                self.db.close()
            raise CorpusError(f"{path}: 不是 fzlint 的索引文件，或已损坏（{err}）") from None
        except CorpusError:
            if self.db is not None:
                self.db.close()
            raise
        self._paths: dict[int, str] = {}
        # drafts added but not yet written: real path -> ((size, mtime), [(seq, line, col, text)],
        # [sketch of each of those sentences])
        self._queued: dict[str, tuple[tuple, list, list]] = {}
        self._queued_posts = 0

    # --- opening: an fzlint index, a new one, or a refusal that leaves the file untouched ------
    def _open(self, path: str | None) -> sqlite3.Connection:
        if path is None:
            db = sqlite3.connect(":memory:", isolation_level=None)
            db.execute("PRAGMA cache_size=-65536")
            self._init(db, path)
            return db
        try:
            st = os.stat(path)
        except FileNotFoundError:
            st = None
        except OSError as err:
            raise CorpusError(f"{path}: 无法读取索引文件（{err.strerror or err}）") from None
        if st is not None and not stat.S_ISREG(st.st_mode):
            raise CorpusError(f"{path}: 不是普通文件，不能用作索引文件")
        if st is not None and st.st_size > 0:
            # look before writing anything: a database that is not an index stays as it was
            _refuse_foreign(path, *_peek(path))
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        try:
            db.execute("PRAGMA cache_size=-65536")      # 64 MB: random inserts stay in memory
            db.execute("PRAGMA synchronous=NORMAL")
            self._init(db, path)
            try:
                db.execute("PRAGMA journal_mode=WAL")   # readers and one writer side by side
            except sqlite3.OperationalError:
                pass                                    # busy: another run sets it, or rollback mode
        except BaseException:
            db.close()
            raise
        return db

    @staticmethod
    def _init(db: sqlite3.Connection, path: str | None) -> None:
        """Check an existing index, reading only (an index on a read-only share can still be
        searched); make an empty database an index, or mark an index from before the mark, in
        one transaction under the write lock (concurrent runs never see half an index)."""
        with _transaction(db, "BEGIN"):
            app, tables, schema = _examined(db, path)
        if app == APPLICATION_ID and _TABLES <= tables and schema is not None:
            return
        with _transaction(db, "BEGIN IMMEDIATE"):
            app, tables, schema = _examined(db, path)   # again: another run may have been first
            if app != APPLICATION_ID:
                db.execute(f"PRAGMA application_id={APPLICATION_ID}")
            if not _TABLES <= tables:
                for statement in _SCHEMA:
                    db.execute(statement)
            db.execute("INSERT INTO meta VALUES('schema', ?) ON CONFLICT(key) DO NOTHING",
                       (SCHEMA_VERSION,))

    def _writing(self):
        """One write transaction: all of it or nothing; waits while another run writes."""
        return _transaction(self.db, "BEGIN IMMEDIATE")

    def close(self):
        if self.db is None:
            return
        try:
            self.commit()
        finally:
            self.db.close()
            self.db = None

    # --- adding drafts --------------------------------------------------------------------
    def fresh(self, real: str) -> bool:
        """Is the file at this real path in the index, unchanged (size and mtime)?"""
        try:
            st = os.stat(real)
        except OSError:
            return False
        stamp = (st.st_size, st.st_mtime_ns)
        if real in self._queued:
            return self._queued[real][0] == stamp
        row = self.db.execute("SELECT size, mtime FROM docs WHERE path=?", (real,)).fetchone()
        return row is not None and tuple(row) == stamp

    def add(self, doc, real: str | None = None) -> None:
        """Index a draft (a Document) under its real path; replaces an earlier version.
        The draft is written with the next batch (commit, or a search)."""
        real = real or os.path.realpath(doc.path)
        try:
            st = os.stat(real)
            stamp = (st.st_size, st.st_mtime_ns)
        except OSError:
            stamp = (None, None)
        rows, sketches = [], []
        for seq, (u, text) in enumerate(indexed_units(doc)):
            line, col = doc.position(u.start)
            rows.append((seq, line, col, text))
            sketches.append(sketch(text))
        old = self._queued.pop(real, None)
        if old is not None:
            self._queued_posts -= sum(map(len, old[2]))
        self._queued[real] = (stamp, rows, sketches)
        self._queued_posts += sum(map(len, sketches))
        if self._queued_posts > FLUSH_POSTINGS:
            self._flush()

    def _flush(self):
        """Write the buffered drafts in one transaction.  Postings go in hash order: B-tree
        pages are then visited in order, which keeps adding many drafts fast once the index
        outgrows the page cache."""
        if not self._queued:
            return
        queued, self._queued, self._queued_posts = self._queued, {}, 0
        with self._writing() as db:
            posts = []
            first = db.execute("SELECT COALESCE(MAX(id), 0) FROM units").fetchone()[0] + 1
            for real, (stamp, rows, sketches) in queued.items():
                old = db.execute("SELECT id, size, mtime FROM docs WHERE path=?",
                                 (real,)).fetchone()
                if old is not None:
                    if stamp[0] is not None and tuple(old[1:]) == stamp:
                        continue    # indexed meanwhile by another run, in this very version
                    self._remove(old[0])
                (doc_id,) = db.execute(
                    "INSERT INTO docs(path, size, mtime, units) VALUES(?,?,?,?) "
                    "ON CONFLICT(path) DO UPDATE SET size=excluded.size, mtime=excluded.mtime, "
                    "units=excluded.units RETURNING id", (real, *stamp, len(rows))).fetchone()
                db.executemany("INSERT INTO units(id, doc, seq, line, col, folded) "
                               "VALUES(?,?,?,?,?,?)",
                               [(first + k, doc_id, *row) for k, row in enumerate(rows)])
                for k, sk in enumerate(sketches):
                    posts.extend((h, first + k) for h in sk)
                first += len(rows)
            posts = sorted(set(posts))
            counts: dict[int, int] = {}
            for h, _ in posts:
                counts[h] = counts.get(h, 0) + 1
            db.executemany("INSERT OR IGNORE INTO postings VALUES(?,?)", posts)
            db.executemany("INSERT INTO df VALUES(?,?) ON CONFLICT(hash) DO UPDATE SET n=n+?",
                           [(h, n, n) for h, n in counts.items()])

    def _remove(self, doc_id: int):
        """Drop a draft (inside a write transaction)."""
        db = self.db
        ids = [r[0] for r in db.execute("SELECT id FROM units WHERE doc=?", (doc_id,))]
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            hashes = db.execute(f"SELECT hash FROM postings WHERE unit IN ({marks})",
                                chunk).fetchall()
            db.executemany("UPDATE df SET n=n-1 WHERE hash=?", hashes)
            db.execute(f"DELETE FROM postings WHERE unit IN ({marks})", chunk)
        db.execute("DELETE FROM units WHERE doc=?", (doc_id,))
        db.execute("DELETE FROM docs WHERE id=?", (doc_id,))

    def commit(self):
        self._flush()

    def doc_id(self, real: str) -> int | None:
        row = self.db.execute("SELECT id FROM docs WHERE path=?", (real,)).fetchone()
        return row[0] if row else None

    def __len__(self) -> int:
        self._flush()
        return self.db.execute("SELECT COUNT(*) FROM docs").fetchone()[0]

    # --- searching ------------------------------------------------------------------------
    def others_than(self, real_path: str | None) -> "OtherDrafts":
        """The drafts a draft is compared with: every indexed one but itself."""
        return OtherDrafts(self, real_path)

    def shared(self, doc, threshold: float = 0.6, min_chars: int = 20, phrases=(),
               exclude: str | None = None, max_related: int = 5) -> list[Shared]:
        """Passages of doc found in other indexed drafts (not the one at real path exclude)."""
        self._flush()
        self._paths.clear()          # another run may have replaced drafts since the last search
        self.db.execute("BEGIN")     # one snapshot of the index for the whole search
        try:
            return self._shared(doc, threshold, min_chars, phrases, exclude, max_related)
        finally:
            if self.db.in_transaction:
                self.db.execute("COMMIT")

    def _shared(self, doc, threshold, min_chars, phrases, exclude, max_related) -> list[Shared]:
        pieces = indexed_units(doc)
        us = [u for u, _ in pieces]
        qtext = [t for _, t in pieces]
        own = self.doc_id(exclude) if exclude else None
        rows = []
        small = set()
        for i, t in enumerate(qtext):
            sk = sketch(t)
            if len(sk) < 4:
                small.add(i)
            rows.extend((i, h) for h in sk)
        if not rows:
            return []
        db = self.db
        db.execute("DELETE FROM q")
        db.executemany("INSERT INTO q VALUES(?,?)", rows)
        per_unit: dict[int, list] = {}
        for u, unit, n in db.execute(
                "SELECT q.u, p.unit, COUNT(*) FROM q JOIN df ON df.hash = q.h AND df.n <= ? "
                "JOIN postings p ON p.hash = q.h GROUP BY q.u, p.unit", (COMMON,)):
            if n >= MIN_HITS or u in small:
                per_unit.setdefault(u, []).append((n, unit))
        if not per_unit:
            return []
        cands = []
        for u, lst in per_unit.items():
            lst.sort(reverse=True)
            cands.extend((u, unit) for _, unit in lst[:MAX_CANDIDATES])
        info = self._units({unit for _, unit in cands})
        mine: dict[int, object] = {}
        theirs: dict[int, object] = {}
        matches: dict[int, list] = {}   # other doc -> [(query idx, seq, line, col, size, sim)]
        for u, unit in cands:
            doc_id, seq, line, col, text = info[unit]
            if doc_id == own or not could_reach(len(qtext[u]), len(text), threshold):
                continue
            a = mine.get(u)
            if a is None:
                a = mine[u] = shingle(qtext[u], phrases)
            b = theirs.get(unit)
            if b is None:
                b = theirs[unit] = shingle(text, phrases)
            if a.size < MIN_UNIT or b.size < MIN_UNIT or not could_reach(a.size, b.size, threshold):
                continue
            s = similarity(a, b, threshold)
            if s >= threshold:
                matches.setdefault(doc_id, []).append((u, seq, line, col, a.size, s))
        runs = []
        for doc_id, ms in matches.items():
            runs.extend(_runs(doc_id, ms))
        runs = [r for r in runs if sum(n for n, _ in r.sims) >= min_chars]
        return self._passages(runs, us, max_related)

    def _units(self, ids) -> dict:
        out = {}
        ids = list(ids)
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                    f"SELECT id, doc, seq, line, col, folded FROM units WHERE id IN ({marks})",
                    chunk):
                out[row[0]] = row[1:]
        return out

    def _path(self, doc_id: int) -> str:
        if doc_id not in self._paths:
            row = self.db.execute("SELECT path FROM docs WHERE id=?", (doc_id,)).fetchone()
            self._paths[doc_id] = shown_path(row[0]) if row else "?"
        return self._paths[doc_id]

    def _passages(self, runs, us, max_related) -> list[Shared]:
        """One Shared per passage: the longest run first, runs from other drafts that cover
        the same sentences join it."""
        runs.sort(key=lambda r: (-(r.qb - r.qa), -_sim(r), r.qa))
        taken: list[tuple[Shared, int, int, list]] = []
        for r in runs:
            for sh, qa, qb, group in taken:
                overlap = min(qb, r.qb) - max(qa, r.qa) + 1
                if overlap > 0 and overlap * 2 >= (r.qb - r.qa + 1):
                    group.append(r)
                    break
            else:
                taken.append((Shared(us[r.qa].start, us[r.qb].end), r.qa, r.qb, [r]))
        out = []
        for sh, _, _, group in taken:
            best: dict[int, _Run] = {}
            for r in group:
                if r.doc not in best or _sim(r) > _sim(best[r.doc]):
                    best[r.doc] = r
            ranked = sorted(best.values(), key=lambda r: (-_sim(r), self._path(r.doc)))
            sh.others = [Other(self._path(r.doc), r.first[0], r.first[1], _sim(r), r.last_line)
                         for r in ranked[:max_related]]
            sh.total = len(ranked)
            out.append(sh)
        out.sort(key=lambda s: s.start)
        return out


def indexed_units(doc) -> list[tuple]:
    """(Unit, folded text) of the sentences of a draft that are long enough to index."""
    folded, us = units(doc)
    out = []
    for u in us:
        text = folded.text[u.fstart:u.fend]
        if len(text) >= MIN_UNIT:
            out.append((u, text))
    return out


def _sim(run: _Run) -> float:
    size = sum(n for n, _ in run.sims)
    return sum(n * s for n, s in run.sims) / size if size else 0.0


def _runs(doc_id: int, ms: list) -> list[_Run]:
    """Join matches with consecutive sentences on both sides into runs (best match per query
    sentence and other sentence)."""
    by_pair = {}
    for u, seq, line, col, size, s in ms:
        if (u, seq) not in by_pair or by_pair[(u, seq)][3] < s:
            by_pair[(u, seq)] = (line, col, size, s)
    runs = []
    used = set()
    for (u, seq) in sorted(by_pair):
        if (u, seq) in used:
            continue
        line, col, size, s = by_pair[(u, seq)]
        run = _Run(u, u, doc_id, (line, col), line, [(size, s)])
        used.add((u, seq))
        k = 1
        while (u + k, seq + k) in by_pair and (u + k, seq + k) not in used:
            line2, _, size2, s2 = by_pair[(u + k, seq + k)]
            run.qb = u + k
            run.last_line = line2
            run.sims.append((size2, s2))
            used.add((u + k, seq + k))
            k += 1
        runs.append(run)
    return runs


def _chunks(items, n: int = 900):
    items = list(items)
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _contents(db: sqlite3.Connection) -> tuple[int, set[str], str | None]:
    """(application id, names of its tables and views, fzlint schema version or None)."""
    app = db.execute("PRAGMA application_id").fetchone()[0]
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN "
                                       "('table', 'view') AND name NOT LIKE 'sqlite!_%' "
                                       "ESCAPE '!'")}
    schema = None
    if "meta" in tables:
        try:
            row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        except sqlite3.OperationalError:   # a "meta" table of some other program
            row = None
        schema = row[0] if row and isinstance(row[0], str) else None
    return app, tables, schema


def _peek(path: str) -> tuple[int, set[str], str | None]:
    """_contents of a database file, read without writing anything, not even the -wal and
    -shm files SQLite adds next to a WAL database: "immutable" while no other connection is
    writing it (no -wal or -journal beside it), else read-only with the usual locking."""
    uri = Path(path).absolute().as_uri()
    busy = any(os.path.exists(path + tail) for tail in ("-wal", "-journal"))
    modes = ["mode=ro"] if busy else ["immutable=1", "mode=ro"]
    for k, mode in enumerate(modes):
        try:
            peek = sqlite3.connect(f"{uri}?{mode}", uri=True, timeout=BUSY_TIMEOUT,
                                   isolation_level=None)
            try:
                return _contents(peek)
            finally:
                peek.close()
        except sqlite3.DatabaseError:
            if k == len(modes) - 1:
                raise
    raise AssertionError("unreachable")


def _refuse_foreign(path, app: int, tables: set[str], schema: str | None) -> None:
    """Raise CorpusError unless the database is an fzlint index (marked, or an index from
    before the mark: only its tables and a schema row) or holds nothing at all."""
    if app == APPLICATION_ID or (app == 0 and not tables):
        return
    if app == 0 and tables <= _TABLES and schema is not None:
        return
    names = "、".join(sorted(tables)[:5]) + ("等" if len(tables) > 5 else "")
    what = f"其中已有别的数据表：{names}" if tables else "它属于别的程序"
    raise CorpusError(f"{path}: 不是 fzlint 的索引文件（{what}），未作任何改动；"
                      "请另选一个文件作索引")


def _examined(db: sqlite3.Connection, path) -> tuple[int, set[str], str | None]:
    """_contents of an fzlint index of this version, or of an empty database; else CorpusError."""
    app, tables, schema = _contents(db)
    _refuse_foreign(path, app, tables, schema)
    if schema is not None and schema != SCHEMA_VERSION:
        raise CorpusError(f"{path}: 索引文件由另一版本的 fzlint 建立，请删除后重建")
    return app, tables, schema


@contextmanager
def _transaction(db: sqlite3.Connection, begin: str):
    db.execute(begin)
    try:
        yield db
    except BaseException:
        _rollback(db)
        raise
    db.execute("COMMIT")


def _rollback(db: sqlite3.Connection) -> None:
    try:
        db.execute("ROLLBACK")
    except sqlite3.DatabaseError:   # already rolled back by SQLite (a full disk, say)
        pass


# --- the post-pass run by `fzlint check --against/--cross/--index` ----------------------------

@dataclass
class OtherDrafts:
    """What a cross-draft kind is handed (Engine.check_others): the index, seen from one draft."""
    corpus: Corpus
    exclude: str | None = None

    def shared(self, doc, threshold: float, min_chars: int, phrases, max_related: int):
        return self.corpus.shared(doc, threshold, min_chars, phrases, self.exclude, max_related)


def _inside(path: str, folder: str) -> bool:
    try:
        return path == folder or os.path.commonpath([path, folder]) == folder
    except ValueError:
        return False
