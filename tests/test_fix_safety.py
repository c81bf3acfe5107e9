"""--fix never loses a draft: a file changed during the run is left alone; owner, group, mode,
extended attributes and ACLs are kept; read-only and hard-linked files are refused; a kill
during the write leaves no temporary file.  Through the real CLI, as root and (via setpriv) as
an unprivileged user."""

from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import sys
import time

from checker.app import safe_write
from checker.app.fixer import fix_path
from checker.app.runner import Options, Runner
from util import NOBODY, ROOT, as_nobody, run_cli, seed_text


def _draft(tmp_path, name="d.txt", text=None):
    path = tmp_path / name
    path.write_text(text if text is not None else seed_text("001"), encoding="utf-8")
    return path


def _unprivileged(*args, **kw):
    """Run a command as the unprivileged user `nobody` (the suite runs as root here)."""
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8", HOME="/nonexistent")
    env.pop("FZLINT_DEBUG", None)
    env.update(kw.pop("env", {}))
    proc = as_nobody(*args, env=env, **kw)
    proc.stdout = proc.stdout.decode("utf-8", "replace")
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    return proc


# ---------------------------------------------------------------- item 1: concurrent changes

def test_a_file_changed_during_the_check_is_left_alone(tmp_path):
    path = _draft(tmp_path)
    runner = Runner(Options(use_config=False))
    real = runner.check_source
    calls = []

    def check_and_edit(src):
        if not calls:      # the user saves an edit while the first check runs
            with open(path, "a", encoding="utf-8") as fh:
                fh.write("新加的一段。\n")
        calls.append(1)
        return real(src)

    runner.check_source = check_and_edit
    out = fix_path(runner, str(path), write=True)
    assert not out.written
    assert "检查期间文件被修改" in out.note
    assert path.read_text(encoding="utf-8") == seed_text("001") + "新加的一段。\n"


def test_cli_fix_never_discards_lines_appended_while_it_runs(tmp_path):
    """The issue's repro: a large draft, lines appended during `--fix`: none is lost."""
    path = _draft(tmp_path, text=seed_text("000") * 60)
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8")
    errors = tmp_path / "stderr.txt"
    with open(errors, "wb") as err_fh:      # files, not pipes: a full pipe would stall the run
        proc = subprocess.Popen([sys.executable, "-m", "checker", "check", "--no-config", "--fix",
                                 "--select", "punctuation", str(path)],
                                stdout=subprocess.DEVNULL, stderr=err_fh, env=env)
    appended = []
    while proc.poll() is None and len(appended) < 2000:
        line = f"第{len(appended)}次追加的内容。\n"
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(line)
        appended.append(line)
        time.sleep(0.05)
    proc.wait(timeout=120)
    err = errors.read_text(encoding="utf-8")
    final = path.read_text(encoding="utf-8")
    assert len(appended) >= 3, "the run ended before the test could append"
    assert all(line in final for line in appended)
    assert "检查期间文件被修改过，未写入修正" in err
    assert "已修正" not in err
    assert not list(tmp_path.glob(".fzlint-*"))
    assert proc.returncode == 1 and err.count("\n") == 1, err


# ---------------------------------------------------------------- item 3: owner, mode, links

def test_owner_group_mode_and_xattrs_are_kept(tmp_path):
    path = _draft(tmp_path)
    os.chown(path, NOBODY, NOBODY)
    os.chmod(path, 0o640)
    os.setxattr(path, "user.fzlint.note", b"kept")
    ino = os.stat(path).st_ino
    proc = run_cli("check", "--no-config", "--fix", "--select", "punctuation", path)
    assert "已修正" in proc.stderr, proc.stderr
    st = os.stat(path)
    assert st.st_ino != ino                          # replaced atomically, not rewritten
    assert (st.st_uid, st.st_gid, st.st_mode & 0o7777) == (NOBODY, NOBODY, 0o640)
    assert os.getxattr(path, "user.fzlint.note") == b"kept"
    assert "，" in path.read_text(encoding="utf-8")


def _acl(entries):
    """A POSIX access ACL in the kernel's xattr encoding (version 2; tag, perm, id)."""
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *e) for e in entries)


def test_a_posix_acl_is_kept(tmp_path):
    path = _draft(tmp_path)
    os.chmod(path, 0o640)
    undefined = 0xFFFFFFFF
    acl = _acl([(0x01, 6, undefined), (0x02, 4, NOBODY), (0x04, 4, undefined),
                (0x10, 4, undefined), (0x20, 0, undefined)])
    os.setxattr(path, "system.posix_acl_access", acl)
    before = os.getxattr(path, "system.posix_acl_access")
    proc = run_cli("check", "--no-config", "--fix", "--select", "punctuation", path)
    assert "已修正" in proc.stderr, proc.stderr
    assert os.getxattr(path, "system.posix_acl_access") == before
    assert os.stat(path).st_mode & 0o777 == 0o640


def test_a_read_only_file_is_not_written(tmp_path):
    path = _draft(tmp_path)
    os.chmod(path, 0o444)
    before = path.read_bytes()
    proc = run_cli("check", "--no-config", "--fix", "--select", "punctuation", path)
    assert proc.returncode == 1
    lines = [ln for ln in proc.stderr.splitlines() if "只读" in ln]
    assert lines == [f"fzlint: 警告：{path}: 文件是只读的，未修正（去掉只读属性后再运行 --fix）"]
    assert path.read_bytes() == before and os.stat(path).st_mode & 0o777 == 0o444


def test_a_hard_linked_file_is_refused_and_both_names_stay_linked(tmp_path):
    path = _draft(tmp_path)
    other = tmp_path / "link.txt"
    os.link(path, other)
    before = path.read_bytes()
    proc = run_cli("check", "--no-config", "--fix", "--select", "punctuation", path)
    assert "有 2 个硬链接，为免拆散链接未修正" in proc.stderr
    assert os.stat(path).st_ino == os.stat(other).st_ino and os.stat(path).st_nlink == 2
    assert path.read_bytes() == before


def test_unprivileged_user_cannot_take_over_another_users_file(nobody_tmp):
    """nobody may write root's 0666 file in a folder nobody may write to, but a replaced file
    would belong to nobody: refused, file untouched."""
    folder = nobody_tmp / "shared"
    folder.mkdir()
    os.chmod(folder, 0o777)
    path = _draft(folder)
    os.chmod(path, 0o666)
    before = path.read_bytes()
    proc = _unprivileged(sys.executable, "-m", "checker", "check", "--no-config", "--fix",
                         "--select", "punctuation", str(path), cwd=str(ROOT),
                         env={"FZLINT_CACHE_DIR": str(folder)})
    assert "无法保留文件的所有者和组（文件属于其他用户），未修正" in proc.stderr, proc.stderr
    assert path.read_bytes() == before
    st = os.stat(path)
    assert (st.st_uid, st.st_mode & 0o777) == (0, 0o666)
    assert not list(folder.glob(".fzlint-*"))


def test_unprivileged_user_fixes_own_file_keeping_its_mode(nobody_tmp):
    folder = nobody_tmp / "own"
    folder.mkdir()
    path = _draft(folder)
    os.chown(folder, NOBODY, NOBODY)
    os.chown(path, NOBODY, NOBODY)
    os.chmod(path, 0o600)
    proc = _unprivileged(sys.executable, "-m", "checker", "check", "--no-config", "--fix",
                         "--select", "punctuation", str(path), cwd=str(ROOT),
                         env={"FZLINT_CACHE_DIR": str(folder)})
    assert "已修正" in proc.stderr, proc.stderr
    st = os.stat(path)
    assert (st.st_uid, st.st_mode & 0o777) == (NOBODY, 0o600)


# ---------------------------------------------------------------- item 15: killed while writing

def test_sigterm_during_the_write_leaves_no_temporary_file(tmp_path):
    """A SIGTERM arriving while the temporary file exists is held until it is renamed."""
    path = _draft(tmp_path)
    data = path.read_bytes()
    snap = safe_write.Snapshot(data, os.stat(path))
    real_fsync = os.fsync
    seen = []

    def fsync_then_signal(fd):
        real_fsync(fd)
        seen.append(list(tmp_path.glob(".fzlint-*.tmp")))
        os.kill(os.getpid(), signal.SIGTERM)      # held: delivered after the replace

    caught = []
    old = signal.signal(signal.SIGTERM, lambda *a: caught.append(list(tmp_path.glob(".fzlint-*"))))
    try:
        os.fsync = fsync_then_signal
        safe_write.replace_contents(str(path), snap, "修正后".encode())
    finally:
        os.fsync = real_fsync
        signal.signal(signal.SIGTERM, old)
    assert seen and seen[0], "the temporary file should exist while it is written"
    assert caught == [[]]                 # the signal came after the rename: nothing left
    assert path.read_text(encoding="utf-8") == "修正后"


def test_cli_killed_by_sigterm_while_fixing_leaves_no_temporary_file(tmp_path):
    path = _draft(tmp_path, text=seed_text("000") * 40)
    before = path.read_bytes()
    reference = _draft(tmp_path / "ref" if (tmp_path / "ref").mkdir() is None else None,
                       text=seed_text("000") * 40)
    run_cli("check", "--no-config", "--fix", "--select", "punctuation", reference)
    fixed = reference.read_bytes()
    assert fixed != before
    env = dict(os.environ, NO_COLOR="1")
    for delay in (0.5, 1.0, 1.5, 2.0):
        proc = subprocess.Popen([sys.executable, "-m", "checker", "check", "--no-config", "--fix",
                                 "--select", "punctuation", str(path)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(delay)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        assert not list(tmp_path.glob(".fzlint-*")), f"left a temporary file at {delay}s"
        assert path.read_bytes() in (before, fixed)        # the old text or all of the fix
        path.write_bytes(before)


def test_a_stale_temporary_file_is_removed_by_the_next_fix(tmp_path):
    path = _draft(tmp_path)
    stale = tmp_path / ".fzlint-d.txt-abc123.tmp"
    stale.write_text(seed_text("001"), encoding="utf-8")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = tmp_path / ".fzlint-d.txt-live99.tmp"     # a concurrent run's file: left alone
    fresh.write_text("x", encoding="utf-8")
    proc = run_cli("check", "--no-config", "--fix", "--select", "punctuation", path)
    assert f"{stale}: 删除了上次 --fix 中断时留下的临时文件" in proc.stderr
    assert not stale.exists() and fresh.exists()


def test_fix_writes_nothing_else_in_the_folder(tmp_path):
    path = _draft(tmp_path)
    shutil.copy(path, tmp_path / "copy.txt")
    run_cli("check", "--no-config", "--fix", "--select", "punctuation", path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.txt", "d.txt"]
