"""Twenty townships upload at the same moment to a real `fzlint serve` on 127.0.0.1 (the checks
run in its bounded pool of two processes): every upload gets its result, and each township
lists only its own upload.  The load is bounded and stops by itself (one upload per township,
deadlines on every wait); bench/portal_load.py runs the same load and records the times."""

from __future__ import annotations

from portal_client import Server, load
from util import seed_text

SEEDS = ("000", "001", "002", "003", "004")


def test_twenty_concurrent_uploads_all_complete_and_stay_apart(tmp_path):
    server = Server(tmp_path / "data")
    try:
        res = load(server, 20, text_of=lambda i: seed_text(SEEDS[i % 5]))
        assert server.alive()
    finally:
        server.stop()
    results = res["results"]
    assert len(results) == 20
    assert all(r["ok"] for r in results.values()), results
    for r in results.values():
        assert r["listed"] == [r["pid"]]          # each sees its own upload, no other
