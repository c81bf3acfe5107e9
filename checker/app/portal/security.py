"""Passwords, session tokens, CSRF tokens and the login rate limit.

Passwords are hashed with scrypt (hashlib.scrypt: memory-hard, in the standard library) with a
random salt per password; the stored form names its parameters, so they can be raised later
without breaking old hashes.  Session tokens are random (secrets) and only their SHA-256 is
stored, so a copy of the database does not let anyone log in."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections import deque

N, R, P = 2 ** 14, 8, 1         # 16 MiB of memory per hash, ~50 ms on one core
MAXMEM = 64 * 1024 * 1024


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=N, r=R, p=P, maxmem=MAXMEM,
                         dklen=32)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, key = stored.split("$")
        if kind != "scrypt":
            return False
        want = base64.b64decode(key)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n),
                             r=int(r), p=int(p), maxmem=MAXMEM, dklen=len(want))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


# a hash to verify against when the user does not exist: the answer takes as long either way
DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def new_password() -> str:
    """A one-time password a clerk can type: 12 characters without look-alikes (0/O, 1/l/I)."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


class RateLimit:
    """At most `attempts` failed logins per key (account name, and client address) within
    `window` seconds; a success does not reset the address's count."""

    def __init__(self, attempts: int = 5, window: float = 300.0, clock=time.monotonic):
        self.attempts, self.window, self.clock = attempts, window, clock
        self._fails: dict[str, deque] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque:
        q = self._fails.setdefault(key, deque())
        cutoff = self.clock() - self.window
        while q and q[0] < cutoff:
            q.popleft()
        return q

    def blocked(self, *keys: str) -> float:
        """Seconds to wait before another attempt (0: allowed)."""
        with self._lock:
            wait = 0.0
            for k in keys:
                q = self._recent(k)
                if len(q) >= self.attempts:
                    wait = max(wait, q[0] + self.window - self.clock())
            return wait

    def failed(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._recent(k).append(self.clock())
            if len(self._fails) > 10000:      # bounded memory: forget the quiet keys
                for k in [k for k, q in self._fails.items() if not q]:
                    del self._fails[k]

    def succeeded(self, name_key: str) -> None:
        with self._lock:
            self._fails.pop(name_key, None)
