"""Worker processes of `fzlint check -j N` (checker/app/parallel.py) end with their parent: a run
killed by SIGKILL, or by the SIGTERM of a CI timeout, leaves no worker behind.  `-j` is capped at
a multiple of the CPU count, and asking for more says so in one warning line.

The real CLI is started as a subprocess; its workers are found through /proc (Linux)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from util import ROOT, SEEDS, run_cli

def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, ppid, start time) of a process from /proc, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            raw = fh.read().decode("ascii", "replace")
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2:].split()   # the name, in parentheses, may hold spaces
    return fields[0], int(fields[1]), int(fields[19])


def children(pid: int) -> dict[int, int]:
    """{pid: start time} of the living children of a process."""
    out = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = _stat(int(name))
            if st is not None and st[1] == pid and st[0] != "Z":
                out[int(name)] = st[2]
    return out


def alive(pid: int, start: int) -> bool:
    st = _stat(pid)
    return st is not None and st[2] == start and st[0] not in ("Z", "X")


@pytest.fixture(scope="module")
def many_drafts(tmp_path_factory):
    """A folder of 600 drafts: a -j 2 run on it lasts well beyond the moment it is killed."""
    folder = tmp_path_factory.mktemp("many")
    seeds = sorted(SEEDS.iterdir())
    for k in range(600):
        shutil.copy(seeds[k % len(seeds)], folder / f"{k:04d}_{seeds[k % len(seeds)].name}")
    return folder


def _start(folder, jobs="2"):
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8")
    env.pop("FZLINT_DEBUG", None)
    return subprocess.Popen([sys.executable, "-m", "checker", "check", "--no-config", "-j", jobs,
                             str(folder)], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _workers(proc, want: int, timeout: float = 60) -> dict[int, int]:
    """The worker processes of a run, once it has started them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = children(proc.pid)
        if len(found) >= want:
            return found
        assert proc.poll() is None, "the run ended before its workers could be seen"
        time.sleep(0.02)
    raise AssertionError(f"no {want} workers after {timeout} s: {children(proc.pid)}")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_workers_end_when_the_parent_is_killed(many_drafts, sig):
    proc = _start(many_drafts)
    workers: dict[int, int] = {}
    try:
        workers = _workers(proc, 2)
        assert all(alive(p, s) for p, s in workers.items())
        proc.send_signal(sig)
        assert proc.wait(timeout=30) == -sig
        deadline = time.monotonic() + 10
        left = workers
        while left and time.monotonic() < deadline:
            time.sleep(0.05)
            left = {p: s for p, s in left.items() if alive(p, s)}
        assert not left, f"workers still running 10 s after the parent got {sig.name}: {left}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for p, s in workers.items():   # never leave strays behind a failed test
            if alive(p, s):
                os.kill(p, signal.SIGKILL)


def test_a_run_that_ends_normally_leaves_no_workers(many_drafts, tmp_path):
    few = tmp_path / "few"
    few.mkdir()
    for p in sorted(many_drafts.iterdir())[:40]:
        shutil.copy(p, few / p.name)
    proc = _start(few)
    workers = _workers(proc, 2)
    assert proc.wait(timeout=120) == 1   # the seeds have findings
    deadline = time.monotonic() + 10
    while any(alive(p, s) for p, s in workers.items()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(p, s) for p, s in workers.items())


def test_jobs_are_capped_at_four_per_core_with_one_warning(many_drafts, tmp_path):
    from checker.app.parallel import MAX_JOBS_PER_CORE, cores
    cap = MAX_JOBS_PER_CORE * cores()
    few = tmp_path / "few"
    few.mkdir()
    for p in sorted(many_drafts.iterdir())[:cap + 60]:
        shutil.copy(p, few / p.name)
    asked = cap * 8
    proc = _start(few, jobs=str(asked))
    try:
        most = 0
        while proc.poll() is None:
            most = max(most, len(children(proc.pid)))
            time.sleep(0.01)
        assert proc.wait(timeout=300) == 1
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert 0 < most <= cap

    # the warning, once, and the same report as a serial run
    capped = run_cli("check", "--no-config", "-j", asked, few, cwd=ROOT, timeout=300)
    serial = run_cli("check", "--no-config", "-j", 1, few, cwd=ROOT, timeout=300)
    assert capped.returncode == serial.returncode == 1
    warnings = [ln for ln in capped.stderr.splitlines() if f"-j {asked}" in ln]
    assert len(warnings) == 1 and f"最多使用 {cap} 个工作进程" in warnings[0], capped.stderr
    assert "超过上限" not in serial.stderr
    assert capped.stdout == serial.stdout


def test_jobs_within_the_cap_give_no_warning(tmp_path):
    from checker.app.parallel import MAX_JOBS_PER_CORE, cores
    proc = run_cli("check", "--no-config", "-j", MAX_JOBS_PER_CORE * cores(), SEEDS, cwd=ROOT)
    assert proc.returncode == 1
    assert "超过上限" not in proc.stderr
