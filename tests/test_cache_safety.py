"""The jieba dictionary cache cannot be used by another local user to hang or exhaust fzlint:
it lives in the user's own folder, and whatever sits at its path (a FIFO, a symlink to
/dev/zero, another user's file) is ignored, never fatal.  Through the real CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from util import NOBODY, ROOT, as_nobody, run_cli, seed_path

SEED = seed_path("000")           # a draft whose rules load jieba


def _cache_name() -> str:
    code = ("import os, jieba; from checker.text import segment\n"
            "print(segment._cache_path(jieba, segment.DICT_PATH.read_bytes()).name)")
    env = dict(os.environ, FZLINT_CACHE_DIR="/nonexistent-dir")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def _json_findings(proc):
    assert proc.returncode in (0, 1), proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The findings on SEED with a clean, private cache folder (and proof jieba is used)."""
    cache = tmp_path_factory.mktemp("clean-cache")
    proc = run_cli("check", "--no-config", "--format", "json", SEED, timeout=60,
                   env={"FZLINT_CACHE_DIR": str(cache)})
    assert list(cache.glob("fzlint-jieba-*.cache")), "the seed should need jieba"
    return _json_findings(proc)


@pytest.mark.parametrize("plant", ["fifo", "zero", "urandom", "other-owner", "huge"])
def test_whatever_is_planted_at_the_cache_path_is_ignored(tmp_path, reference, plant):
    cache = tmp_path / _cache_name()
    if plant == "fifo":
        os.mkfifo(cache)
    elif plant in ("zero", "urandom"):
        os.symlink(f"/dev/{plant}", cache)
    elif plant == "other-owner":
        import marshal
        cache.write_bytes(marshal.dumps(({"依法": 1}, 1)))   # a wrong but well-formed dict
        os.chown(cache, NOBODY, NOBODY)
    else:
        with open(cache, "wb") as fh:
            fh.truncate(200 * 1024 * 1024)                     # sparse, 200 MB
    proc = run_cli("check", "--no-config", "--format", "json", SEED, timeout=60,
                   env={"FZLINT_CACHE_DIR": str(tmp_path)})
    assert proc.stderr == ""
    assert _json_findings(proc) == reference


def test_default_cache_is_in_the_users_own_folder_not_the_shared_temp_dir(tmp_path, reference):
    shared = tmp_path / "tmp"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    xdg = tmp_path / "xdg"
    env = {"XDG_CACHE_HOME": str(xdg), "TMPDIR": str(shared), "FZLINT_CACHE_DIR": ""}
    proc = run_cli("check", "--no-config", "--format", "json", SEED, timeout=60, env=env)
    assert _json_findings(proc) == reference
    folder = xdg / "fzlint"
    assert list(folder.glob("fzlint-jieba-*.cache"))
    assert os.stat(folder).st_mode & 0o777 == 0o700
    assert list(shared.iterdir()) == []


def test_without_a_home_a_planted_temp_folder_is_refused(tmp_path, reference):
    """No home: the per-user folder in the temp dir.  Another user created it first (with a
    FIFO inside): it is not used, and the run neither hangs nor fails."""
    shared = tmp_path / "tmp"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    planted = shared / f"fzlint-cache-{os.getuid()}"
    planted.mkdir()
    os.mkfifo(planted / _cache_name())
    os.chown(planted / _cache_name(), NOBODY, NOBODY)
    os.chown(planted, NOBODY, NOBODY)
    os.chmod(planted, 0o777)
    env = {"HOME": "/nonexistent", "XDG_CACHE_HOME": "", "TMPDIR": str(shared),
           "FZLINT_CACHE_DIR": ""}
    proc = run_cli("check", "--no-config", "--format", "json", SEED, timeout=60, env=env)
    assert proc.stderr == ""
    assert _json_findings(proc) == reference


def test_unprivileged_victim_is_not_hung_by_a_fifo_another_user_planted(nobody_tmp, reference):
    """As the unprivileged user: root plants the user's temp cache folder with a FIFO in it."""
    assert os.geteuid() == 0, "this case needs root to switch to an unprivileged user"
    shared = nobody_tmp / "tmp"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    planted = shared / f"fzlint-cache-{NOBODY}"
    planted.mkdir(mode=0o755)
    os.mkfifo(planted / _cache_name(), 0o666)
    env = dict(os.environ, HOME="/nonexistent", XDG_CACHE_HOME="", TMPDIR=str(shared),
               FZLINT_CACHE_DIR="", NO_COLOR="1", PYTHONIOENCODING="utf-8")
    draft = nobody_tmp / SEED.name   # a copy the user can read wherever the checkout is
    shutil.copy(SEED, draft)
    os.chmod(draft, 0o644)
    proc = as_nobody(sys.executable, "-m", "checker", "check", "--no-config", "--format", "json",
                     str(draft), env=env, cwd=nobody_tmp, timeout=60)
    assert proc.stderr.decode() == ""
    out = proc.stdout.decode("utf-8").replace(json.dumps(str(draft))[1:-1],
                                              json.dumps(str(SEED))[1:-1])
    assert out == reference
