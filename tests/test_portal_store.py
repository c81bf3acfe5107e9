"""The portal's pieces without a server: scrypt passwords, the login rate limit (a fake clock),
the SQLite store across connections, random stored names and the retention sweep."""

from __future__ import annotations

import time

from checker.app.portal import security
from checker.app.portal.jobs import Checker, stored_name
from checker.app.portal.store import open_store


def test_passwords_verify_only_themselves():
    h = security.hash_password("甲镇的密码 2025")
    assert h.startswith("scrypt$16384$8$1$")
    assert security.verify_password("甲镇的密码 2025", h)
    assert not security.verify_password("甲镇的密码 2026", h)
    assert not security.verify_password("", h)
    assert h != security.hash_password("甲镇的密码 2025")          # a salt of its own
    for broken in ("", "plain", "scrypt$x$8$1$AAAA$AAAA", "md5$1$2$3$4$5"):
        assert not security.verify_password("x", broken)


def test_rate_limit_counts_failures_within_the_window_only():
    now = [1000.0]
    limit = security.RateLimit(attempts=3, window=60, clock=lambda: now[0])
    for _ in range(2):
        limit.failed("name:a")
    assert limit.blocked("name:a") == 0
    limit.failed("name:a")
    assert 59 <= limit.blocked("name:a") <= 60
    assert limit.blocked("name:b") == 0                          # another account is free
    now[0] += 61
    assert limit.blocked("name:a") == 0                          # the window has passed
    limit.failed("name:a")
    limit.succeeded("name:a")
    assert limit.blocked("name:a") == 0


def test_store_keeps_records_across_connections(tmp_path):
    store = open_store(str(tmp_path))
    u = store.add_user("jiazhen", "甲镇", "township", "scrypt$...")
    r = store.add_round("2025年度 第一轮")
    up = store.add_upload(u.id, r.id, "报告.docx", "ab.docx", 10)
    store.set_upload(up.id, status="done", result={"row": {"verdict": "通过"}})
    again = open_store(str(tmp_path))
    got = again.upload(up.public_id)
    assert got.status == "done" and got.result == {"row": {"verdict": "通过"}}
    assert again.user_by_name("jiazhen").display == "甲镇"
    assert again.upload("not-an-id") is None
    assert len(up.public_id) >= 16 and up.public_id != store.add_upload(
        u.id, r.id, "报告.docx", "cd.docx", 10).public_id


def test_stored_names_are_random_and_keep_only_a_draft_extension():
    a, b = stored_name("甲镇报告.DOCX"), stored_name("甲镇报告.DOCX")
    assert a != b and a.endswith(".docx") and "甲镇" not in a
    assert stored_name("../../x.txt").endswith(".txt") and "/" not in stored_name("../../x.txt")
    assert stored_name("virus.exe") is None and stored_name("无扩展名") is None


def test_retention_deletes_old_drafts_only(tmp_path):
    store = open_store(str(tmp_path))
    checker = Checker(store, str(tmp_path), 1024 * 1024, 1024 * 1024)
    try:
        u = store.add_user("jiazhen", "甲镇", "township", "x")
        r = store.add_round("轮")
        ups = []
        for age_days in (40, 5):
            name = stored_name("a.txt")
            (tmp_path / "uploads" / name).write_text("草稿")
            up = store.add_upload(u.id, r.id, "a.txt", name, 6)
            store.set_upload(up.id, status="done", created=time.time() - age_days * 86400)
            ups.append((up, name))
        assert checker.purge() == 0                           # retention 0: keep everything
        store.set_setting("retention_days", 30)
        assert checker.purge() == 1
        (old, old_name), (new, new_name) = ups
        assert not (tmp_path / "uploads" / old_name).exists()
        assert (tmp_path / "uploads" / new_name).exists()
        assert store.upload(old.public_id).status == "deleted"
        assert store.upload(new.public_id).status == "done"
    finally:
        checker.shutdown()
