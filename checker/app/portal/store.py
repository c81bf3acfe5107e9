"""The portal's records behind one small interface (`Store`): accounts, sessions, rounds,
uploads and the audit log.  `SQLiteStore` keeps them in one SQLite file inside the data folder;
a shared database server could replace it by implementing the same methods.  Uploaded files are
not in the database: they live beside it under random names (checker.app.portal.files).

Every method is one short transaction; the store is shared by the server's threads (one
connection per thread, WAL journal, a busy timeout), so readers never wait for a writer."""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, display TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('reviewer', 'township')), pw_hash TEXT NOT NULL,
  created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), csrf TEXT NOT NULL,
  created REAL NOT NULL, seen REAL NOT NULL);
CREATE TABLE IF NOT EXISTS rounds (
  id INTEGER PRIMARY KEY, title TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'archived')),
  opened REAL NOT NULL, closed REAL);
CREATE TABLE IF NOT EXISTS uploads (
  id INTEGER PRIMARY KEY, public_id TEXT NOT NULL UNIQUE, user_id INTEGER NOT NULL REFERENCES users(id),
  round_id INTEGER NOT NULL REFERENCES rounds(id), client_name TEXT NOT NULL, stored TEXT,
  size INTEGER NOT NULL, created REAL NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'checking', 'done', 'failed', 'deleted')),
  error TEXT, result TEXT, finished REAL);
CREATE INDEX IF NOT EXISTS uploads_by_round ON uploads(round_id, user_id, created);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY, at REAL NOT NULL, user TEXT, action TEXT NOT NULL, detail TEXT,
  ip TEXT);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    display: str
    role: str
    pw_hash: str

    @property
    def reviewer(self) -> bool:
        return self.role == "reviewer"


@dataclass(frozen=True)
class Round:
    id: int
    title: str
    status: str
    opened: float
    closed: float | None


@dataclass(frozen=True)
class Upload:
    id: int
    public_id: str
    user_id: int
    round_id: int
    client_name: str
    stored: str | None
    size: int
    created: float
    status: str
    error: str | None
    result: dict | None       # what the check found (checker.app.portal.jobs.check_upload)
    finished: float | None


class Store:
    """What the portal needs from its records; SQLiteStore is the one implementation."""

    # users
    def add_user(self, name, display, role, pw_hash) -> User: raise NotImplementedError
    def user_by_name(self, name) -> User | None: raise NotImplementedError
    def user(self, user_id) -> User | None: raise NotImplementedError
    def users(self, role=None) -> list[User]: raise NotImplementedError
    def set_password(self, user_id, pw_hash) -> None: raise NotImplementedError
    # sessions
    def add_session(self, token_hash, user_id, csrf) -> None: raise NotImplementedError
    def session(self, token_hash) -> tuple[User, str, float] | None: raise NotImplementedError
    def touch_session(self, token_hash) -> None: raise NotImplementedError
    def drop_session(self, token_hash) -> None: raise NotImplementedError
    # rounds
    def add_round(self, title) -> Round: raise NotImplementedError
    def round(self, round_id) -> Round | None: raise NotImplementedError
    def rounds(self) -> list[Round]: raise NotImplementedError
    def set_round_status(self, round_id, status) -> None: raise NotImplementedError
    # uploads
    def add_upload(self, user_id, round_id, client_name, stored, size) -> Upload: raise NotImplementedError
    def upload(self, public_id) -> Upload | None: raise NotImplementedError
    def uploads(self, round_id=None, user_id=None) -> list[Upload]: raise NotImplementedError
    def set_upload(self, upload_id, **fields) -> None: raise NotImplementedError
    def queued_before(self, upload) -> int: raise NotImplementedError
    # audit and settings
    def audit(self, user, action, detail="", ip="") -> None: raise NotImplementedError
    def audit_log(self, limit=500) -> list[dict]: raise NotImplementedError
    def setting(self, key, default=None): raise NotImplementedError
    def set_setting(self, key, value) -> None: raise NotImplementedError


def _user(row) -> User | None:
    return User(*row) if row else None


def _round(row) -> Round | None:
    return Round(*row) if row else None


_UPLOAD_COLS = ("id, public_id, user_id, round_id, client_name, stored, size, created, status, "
                "error, result, finished")


def _upload(row) -> Upload | None:
    if not row:
        return None
    vals = list(row)
    vals[10] = json.loads(vals[10]) if vals[10] else None
    return Upload(*vals)


class SQLiteStore(Store):
    def __init__(self, path: str):
        self.path = path
        self._local = threading.local()
        self._conn().executescript(SCHEMA)

    def _conn(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                 check_same_thread=True)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA busy_timeout=30000")
            self._local.db = db
        return db

    def _db(self) -> "_Tx":
        return _Tx(self._conn())

    # --- users ---
    def add_user(self, name, display, role, pw_hash) -> User:
        with self._db() as db:
            cur = db.execute("INSERT INTO users (name, display, role, pw_hash, created) "
                             "VALUES (?, ?, ?, ?, ?)", (name, display, role, pw_hash, time.time()))
            return User(cur.lastrowid, name, display, role, pw_hash)

    def user_by_name(self, name):
        with self._db() as db:
            return _user(db.execute("SELECT id, name, display, role, pw_hash FROM users "
                                    "WHERE name = ?", (name,)).fetchone())

    def user(self, user_id):
        with self._db() as db:
            return _user(db.execute("SELECT id, name, display, role, pw_hash FROM users "
                                    "WHERE id = ?", (user_id,)).fetchone())

    def users(self, role=None):
        with self._db() as db:
            q = "SELECT id, name, display, role, pw_hash FROM users"
            rows = (db.execute(q + " WHERE role = ? ORDER BY id", (role,)) if role
                    else db.execute(q + " ORDER BY id"))
            return [_user(r) for r in rows.fetchall()]

    def set_password(self, user_id, pw_hash):
        with self._db() as db:
            db.execute("UPDATE users SET pw_hash = ? WHERE id = ?", (pw_hash, user_id))
            db.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))

    # --- sessions ---
    def add_session(self, token_hash, user_id, csrf):
        now = time.time()
        with self._db() as db:
            db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
                       (token_hash, user_id, csrf, now, now))

    def session(self, token_hash):
        with self._db() as db:
            row = db.execute("SELECT u.id, u.name, u.display, u.role, u.pw_hash, s.csrf, s.seen "
                             "FROM sessions s JOIN users u ON u.id = s.user_id "
                             "WHERE s.token_hash = ?", (token_hash,)).fetchone()
        if not row:
            return None
        return User(*row[:5]), row[5], row[6]

    def touch_session(self, token_hash):
        with self._db() as db:
            db.execute("UPDATE sessions SET seen = ? WHERE token_hash = ?",
                       (time.time(), token_hash))

    def drop_session(self, token_hash):
        with self._db() as db:
            db.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash,))

    # --- rounds ---
    def add_round(self, title):
        with self._db() as db:
            now = time.time()
            cur = db.execute("INSERT INTO rounds (title, status, opened) VALUES (?, 'open', ?)",
                             (title, now))
            return Round(cur.lastrowid, title, "open", now, None)

    def round(self, round_id):
        with self._db() as db:
            return _round(db.execute("SELECT id, title, status, opened, closed FROM rounds "
                                     "WHERE id = ?", (round_id,)).fetchone())

    def rounds(self):
        with self._db() as db:
            return [_round(r) for r in db.execute(
                "SELECT id, title, status, opened, closed FROM rounds ORDER BY id DESC")]

    def set_round_status(self, round_id, status):
        with self._db() as db:
            db.execute("UPDATE rounds SET status = ?, closed = COALESCE(closed, ?) WHERE id = ?",
                       (status, time.time() if status != "open" else None, round_id))

    # --- uploads ---
    def add_upload(self, user_id, round_id, client_name, stored, size):
        public_id = secrets.token_urlsafe(12)
        now = time.time()
        with self._db() as db:
            cur = db.execute("INSERT INTO uploads (public_id, user_id, round_id, client_name, "
                             "stored, size, created, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'queued')",
                             (public_id, user_id, round_id, client_name, stored, size, now))
            return Upload(cur.lastrowid, public_id, user_id, round_id, client_name, stored, size,
                          now, "queued", None, None, None)

    def upload(self, public_id):
        with self._db() as db:
            return _upload(db.execute(f"SELECT {_UPLOAD_COLS} FROM uploads WHERE public_id = ?",
                                      (public_id,)).fetchone())

    def uploads(self, round_id=None, user_id=None):
        q, args = f"SELECT {_UPLOAD_COLS} FROM uploads WHERE 1=1", []
        if round_id is not None:
            q += " AND round_id = ?"
            args.append(round_id)
        if user_id is not None:
            q += " AND user_id = ?"
            args.append(user_id)
        with self._db() as db:
            return [_upload(r) for r in db.execute(q + " ORDER BY created, id", args)]

    def set_upload(self, upload_id, **fields):
        if "result" in fields and fields["result"] is not None:
            fields["result"] = json.dumps(fields["result"], ensure_ascii=False)
        cols = ", ".join(f"{k} = ?" for k in fields)
        with self._db() as db:
            db.execute(f"UPDATE uploads SET {cols} WHERE id = ?", (*fields.values(), upload_id))

    def queued_before(self, upload):
        """How many drafts wait or are being checked ahead of this one."""
        with self._db() as db:
            return db.execute("SELECT COUNT(*) FROM uploads WHERE status IN ('queued', 'checking') "
                              "AND id < ?", (upload.id,)).fetchone()[0]

    # --- audit, settings ---
    def audit(self, user, action, detail="", ip=""):
        with self._db() as db:
            db.execute("INSERT INTO audit (at, user, action, detail, ip) VALUES (?, ?, ?, ?, ?)",
                       (time.time(), user, action, detail, ip))

    def audit_log(self, limit=500):
        with self._db() as db:
            rows = db.execute("SELECT at, user, action, detail, ip FROM audit ORDER BY id DESC "
                              "LIMIT ?", (limit,)).fetchall()
        return [dict(zip(("at", "user", "action", "detail", "ip"), r)) for r in rows]

    def setting(self, key, default=None):
        with self._db() as db:
            row = db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key, value):
        with self._db() as db:
            db.execute("INSERT INTO settings VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                       "value = excluded.value", (key, json.dumps(value)))


class _Tx:
    """`with store._db() as db:` one transaction on this thread's connection."""

    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb):
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")
        return False


def open_store(data_dir: str) -> SQLiteStore:
    os.makedirs(data_dir, exist_ok=True)
    return SQLiteStore(os.path.join(data_dir, "portal.sqlite"))
