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
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass, field

from checker.text.fingerprint import (SKETCH_GRAM, SKETCH_SIZE, could_reach, shingle, similarity, sketch,
                          units)

SCHEMA_VERSION = f"1/{SKETCH_GRAM}/{SKETCH_SIZE}"
COMMON = 200        # a sketch hash held by more sentences than this is not followed
MIN_UNIT = 6        # shorter sentences (folded characters) are not indexed
MIN_HITS = 2        # shared sketch hashes that make a candidate (1 for very short sentences)
MAX_CANDIDATES = 24  # candidates compared per sentence, those sharing the most hashes first

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS docs(id INTEGER PRIMARY KEY, path TEXT UNIQUE, size INTEGER,
                                mtime INTEGER, units INTEGER);
CREATE TABLE IF NOT EXISTS units(id INTEGER PRIMARY KEY, doc INTEGER, seq INTEGER,
                                 line INTEGER, col INTEGER, folded TEXT);
CREATE INDEX IF NOT EXISTS units_doc ON units(doc, seq);
CREATE TABLE IF NOT EXISTS postings(hash INTEGER, unit INTEGER, PRIMARY KEY(hash, unit))
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS df(hash INTEGER PRIMARY KEY, n INTEGER);
"""


class CorpusError(Exception):
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
        if path:
            try:
                st = os.stat(path)
            except OSError:
                st = None                   # a new index file (sqlite says if it cannot be made)
            if st is not None and not stat.S_ISREG(st.st_mode):
                raise CorpusError(f"{path}: 不是普通文件（文件夹、设备、管道或套接字），"
                                  "不能用作索引文件")
        try:
            self.db = sqlite3.connect(path or ":memory:")
            self.db.execute("PRAGMA cache_size=-65536")      # 64 MB: random inserts stay in memory
            if path:
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            row = self.db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                self.db.execute("INSERT INTO meta VALUES('schema', ?)", (SCHEMA_VERSION,))
                self.db.commit()
            elif row[0] != SCHEMA_VERSION:
                raise CorpusError(f"{path}: 索引文件由另一版本的 fzlint 建立，请删除后重建")
        except sqlite3.DatabaseError as err:
            raise CorpusError(f"{path}: 不是 fzlint 的索引文件，或已损坏（{err}）") from None
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS q(u INTEGER, h INTEGER)")
        self._paths: dict[int, str] = {}
        self._pending: list[tuple[int, int]] = []   # postings not yet written (hash, unit)

    def close(self):
        self.commit()
        self.db.close()

    # --- adding drafts --------------------------------------------------------------------
    def fresh(self, real: str) -> bool:
        """Is the file at this real path in the index, unchanged (size and mtime)?"""
        try:
            st = os.stat(real)
        except OSError:
            return False
        row = self.db.execute("SELECT size, mtime FROM docs WHERE path=?", (real,)).fetchone()
        return row is not None and tuple(row) == (st.st_size, st.st_mtime_ns)

    def add(self, doc, real: str | None = None) -> int:
        """Index a draft (a Document) under its real path; replaces an earlier version."""
        real = real or os.path.realpath(doc.path)
        try:
            st = os.stat(real)
            stamp = (st.st_size, st.st_mtime_ns)
        except OSError:
            stamp = (None, None)
        db = self.db
        old = db.execute("SELECT id FROM docs WHERE path=?", (real,)).fetchone()
        if old:
            self._remove(old[0])
        cur = db.execute("INSERT INTO docs(path, size, mtime, units) VALUES(?,?,?,0)",
                         (real, *stamp))
        doc_id = cur.lastrowid
        rows, posts = [], []
        for seq, (u, text) in enumerate(indexed_units(doc)):
            line, col = doc.position(u.start)
            rows.append((doc_id, seq, line, col, text))
        first = db.execute("SELECT COALESCE(MAX(id), 0) FROM units").fetchone()[0] + 1
        db.executemany("INSERT INTO units(doc, seq, line, col, folded) VALUES(?,?,?,?,?)", rows)
        for k, row in enumerate(rows):
            for h in sketch(row[4]):
                posts.append((h, first + k))
        self._pending.extend(posts)
        if len(self._pending) > 200_000:
            self._flush()
        db.execute("UPDATE docs SET units=? WHERE id=?", (len(rows), doc_id))
        return doc_id

    def _flush(self):
        """Write buffered postings in hash order: B-tree pages are then visited in order,
        which keeps adding many drafts fast once the index outgrows the page cache."""
        if not self._pending:
            return
        posts = sorted(set(self._pending))
        self._pending = []
        counts: dict[int, int] = {}
        for h, _ in posts:
            counts[h] = counts.get(h, 0) + 1
        self.db.executemany("INSERT OR IGNORE INTO postings VALUES(?,?)", posts)
        self.db.executemany("INSERT INTO df VALUES(?,?) ON CONFLICT(hash) DO UPDATE SET n=n+?",
                            [(h, n, n) for h, n in counts.items()])

    def _remove(self, doc_id: int):
        self._flush()
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
        self.db.commit()

    def doc_id(self, real: str) -> int | None:
        row = self.db.execute("SELECT id FROM docs WHERE path=?", (real,)).fetchone()
        return row[0] if row else None

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM docs").fetchone()[0]

    # --- searching ------------------------------------------------------------------------
    def shared(self, doc, threshold: float = 0.6, min_chars: int = 20, phrases=(),
               exclude: str | None = None, max_related: int = 5) -> list[Shared]:
        """Passages of doc found in other indexed drafts (not the one at real path exclude)."""
        self._flush()
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


# --- the post-pass run by `fzlint check --against/--cross/--index` ----------------------------

def add_findings(runner, results, cross=(), against=(), index: str | None = None,
                 warn=None) -> None:
    """Index the drafts under --cross (already checked: results) and --against (read here), then
    add each checked draft's duplicate-across findings to its FileResult, sorted in place.
    Raises CorpusError for an unusable index file, for `-` and for an --against file named on
    the command line that cannot be read (a file found in an --against folder is skipped with a
    warning instead); --against files are read through the runner (bounded, non-blocking)."""
    from checker.model.document import Document
    from checker.engine.apply import ignored_for_path, sort_findings
    from checker.model.findings import Related
    from checker.readers import InputError

    warn = warn or (lambda msg: None)
    if "-" in against:
        raise CorpusError("--against 不能读取标准输入（-），请给出往年草稿的文件或文件夹")
    named = {p for p in against if not os.path.isdir(p)}   # files named on the command line
    corpus = Corpus(index)
    try:
        cross_real = [os.path.realpath(p) for p in cross]
        for r in results:
            if r.error or r.doc is None or not os.path.isfile(r.path):
                continue
            real = os.path.realpath(r.path)
            if any(_inside(real, c) for c in cross_real) and not corpus.fresh(real):
                corpus.add(r.doc, real)
        for path in runner.expand(list(against)):
            real = os.path.realpath(path)
            if corpus.fresh(real):
                continue
            try:
                src = runner.read(path)
            except InputError as err:
                if path in named:   # named by the user: refused like a draft to check (exit 2)
                    raise CorpusError(f"--against {err}") from None
                warn(f"{err}（未参与比对）")
                continue
            corpus.add(Document(src.text, path, src.format), real)
        corpus.commit()
        for r in results:
            if r.error or r.doc is None:
                continue
            cfg = runner.config_for(r.path)
            per_path = {pat: list(sel) for pat, sel in cfg.per_path_ignores}
            rules = [rule for rule in runner.engine_for(cfg).rules
                     if rule.kind == "duplicate-across"
                     and not ignored_for_path(os.path.abspath(r.path), per_path, rule)]
            if not rules:
                continue
            exclude = os.path.realpath(r.path) if os.path.isfile(r.path) else None
            for rule in rules:
                for sh in corpus.shared(r.doc, rule["threshold"], rule["min_chars"],
                                        rule["ignore"], exclude, rule["max_related"]):
                    r.findings.append(_finding(rule, sh, Related))
            r.findings[:] = sort_findings(r.findings)
    except sqlite3.DatabaseError as err:   # read-only folder, full disk, locked by another run
        raise CorpusError(f"{index or '索引'}: 无法读写索引文件（{err}）") from None
    finally:
        try:
            corpus.close()
        except sqlite3.DatabaseError:
            pass


def _inside(path: str, folder: str) -> bool:
    try:
        return path == folder or os.path.commonpath([path, folder]) == folder
    except ValueError:
        return False


def _how(sim: float) -> str:
    return "相同" if sim >= 0.999 else f"相似（相似度 {round(sim * 100)}%）"


def _finding(rule, sh: Shared, related_cls):
    best = sh.others[0]
    more = f"；另有 {sh.total - 1} 份草稿中也有" if sh.total > 1 else ""
    related = [related_cls("相同的段落" if o.similarity >= 0.999
                           else f"相似的段落（相似度 {round(o.similarity * 100)}%）",
                           path=o.path, line=o.line, column=o.column) for o in sh.others]
    lines = (f"第 {best.line} 行" if best.end_line <= best.line
             else f"第 {best.line}–{best.end_line} 行")
    return rule.finding(sh.start, sh.end, other=best.path, line=best.line, lines=lines,
                        how=_how(best.similarity), more=more, related=related)
