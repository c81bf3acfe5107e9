"""Refactor guard: the findings of every shipped rule on the seeds, the test drafts, the clean
corpus and every explain example are exactly those recorded in tests/snapshots/findings.json.
A deliberate change of behaviour regenerates the file (see its make_snapshot.py) in the same
commit, which says which findings changed and why."""

from __future__ import annotations

import json
import sys
from pathlib import Path

SNAP = Path(__file__).resolve().parent / "snapshots"
sys.path.insert(0, str(SNAP))

import make_snapshot  # noqa: E402


def test_findings_are_those_of_the_snapshot():
    recorded = json.loads((SNAP / "findings.json").read_text(encoding="utf-8"))
    now = json.loads(json.dumps(make_snapshot.snapshot(), ensure_ascii=False))
    assert sorted(now) == sorted(recorded)
    changed = [name for name in recorded if now[name] != recorded[name]]
    assert not changed, f"findings changed on {len(changed)} inputs, first: {changed[:5]}"
