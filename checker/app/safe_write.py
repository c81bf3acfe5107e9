"""Safe replacement of a draft's contents (`--fix`): the only place fzlint writes an input.

`replace_contents(path, snapshot, data)` writes `data` in place of the bytes that were checked,
or refuses with a one-line reason (WriteRefused) and leaves the file as it is:

- the file changed since it was read (bytes, size, inode or modification time differ): never
  written, whatever changed, so an edit made while fzlint ran is never lost;
- a read-only file (no write bit, or not writable by this user) is not written;
- a file with several hard links is refused: replacing it would split the links, and
  rewriting it in place is not atomic;
- the new file gets the old one's owner, group, permission bits and extended attributes (POSIX
  ACLs are extended attributes); where the OS does not allow that for this user, the file is
  refused rather than written with other owners or permissions.

The write itself is atomic: a temporary file beside the target (`.fzlint-<name>-XXXX.tmp`),
fsync, then os.replace.  SIGINT, SIGTERM and SIGHUP are held back while the temporary file exists,
so a kill during the write never leaves it behind; one left by a SIGKILL or a crash is found and
removed by the next `--fix` in that folder (`stale_temp_files`).
"""

from __future__ import annotations

import glob
import os
import signal
import stat
import tempfile
import time
from dataclasses import dataclass

from checker.errors import OneLineError

TEMP_PREFIX = ".fzlint-"
TEMP_SUFFIX = ".tmp"
STALE_AFTER = 600          # seconds: an older temporary file of ours belongs to no live run
_HELD = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class WriteRefused(OneLineError):
    """The file was not written; str(err) says why (Chinese, one line)."""


@dataclass(frozen=True)
class Snapshot:
    """The bytes that were checked and the identity of the file they came from."""
    data: bytes
    stat: os.stat_result


def _identity(st: os.stat_result) -> tuple:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _unchanged(path: str, snap: Snapshot) -> bool:
    """The file still holds exactly the snapshot's bytes (same inode, size, mtime)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or _identity(st) != _identity(snap.stat):
            return False
        chunks, total, want = [], 0, len(snap.data) + 1
        while total < want:
            chunk = os.read(fd, want - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks) == snap.data
    except OSError:
        return False
    finally:
        os.close(fd)


def check_writable(path: str, st: os.stat_result) -> None:
    """Refuse read-only and multiply linked files (WriteRefused)."""
    if not stat.S_ISREG(st.st_mode):
        raise WriteRefused("不是普通文件，未修正")
    if st.st_mode & 0o222 == 0 or not os.access(path, os.W_OK):
        raise WriteRefused("文件是只读的，未修正（去掉只读属性后再运行 --fix）")
    if st.st_nlink > 1:
        raise WriteRefused(f"文件有 {st.st_nlink} 个硬链接，为免拆散链接未修正"
                           "（可用 --diff 查看改法后手工修改）")


def _xattrs(path: str) -> list[tuple[str, bytes]]:
    if not hasattr(os, "listxattr"):
        return []
    try:
        names = os.listxattr(path)
    except OSError:
        return []
    out = []
    for name in names:
        try:
            out.append((name, os.getxattr(path, name)))
        except OSError as err:
            raise WriteRefused(f"无法读取扩展属性 {name}（{err.strerror}），未修正") from None
    return out


def _copy_metadata(fd: int, st: os.stat_result, attrs) -> None:
    """Give the temporary file the original's owner, group, mode and extended attributes."""
    if hasattr(os, "fchown"):
        here = os.fstat(fd)
        if (here.st_uid, here.st_gid) != (st.st_uid, st.st_gid):
            try:
                os.fchown(fd, st.st_uid, st.st_gid)
            except OSError:
                raise WriteRefused("无法保留文件的所有者和组（文件属于其他用户），未修正") from None
    os.fchmod(fd, stat.S_IMODE(st.st_mode))
    for name, value in attrs:
        try:
            os.setxattr(fd, name, value)
        except OSError as err:
            raise WriteRefused(f"无法保留扩展属性 {name}（{err.strerror}），未修正") from None
    if stat.S_IMODE(os.fstat(fd).st_mode) != stat.S_IMODE(st.st_mode):
        raise WriteRefused("无法保留文件权限，未修正")


def replace_contents(path: str, snap: Snapshot, data: bytes) -> None:
    """Replace the file's bytes with `data` if it still holds `snap.data` (see the module doc).
    A symlink is followed: its target is rewritten."""
    target = os.path.realpath(path)
    try:
        st = os.stat(target)
    except OSError as err:
        raise WriteRefused(f"文件已无法访问（{err.strerror}），未修正") from None
    check_writable(target, st)
    if not _unchanged(target, snap):
        raise WriteRefused("检查期间文件被修改过，未写入修正（请重新运行 --fix）")
    attrs = _xattrs(target)
    folder = os.path.dirname(target)
    old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    tmp = None
    try:
        try:
            fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.path.basename(target)[:40]}-",
                                       suffix=TEMP_SUFFIX, dir=folder)
        except OSError as err:
            raise WriteRefused(f"无法在文件所在文件夹写入（{err.strerror or err}），"
                               "原文件未改动") from None
        with os.fdopen(fd, "wb") as fh:
            _copy_metadata(fh.fileno(), st, attrs)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if not _unchanged(target, snap):
            raise WriteRefused("检查期间文件被修改过，未写入修正（请重新运行 --fix）")
        os.replace(tmp, target)
        tmp = None
    except OSError as err:
        raise WriteRefused(f"无法写入修正后的文件（{err.strerror or err}），原文件未改动") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)


def stale_temp_files(folder: str, now: float | None = None) -> list[str]:
    """fzlint's own temporary files in folder left by a killed run (older than STALE_AFTER,
    owned by this user): removed; returns the names removed."""
    now = time.time() if now is None else now
    removed = []
    for tmp in glob.glob(os.path.join(glob.escape(folder or "."), f"{TEMP_PREFIX}*{TEMP_SUFFIX}")):
        try:
            st = os.lstat(tmp)
            if (stat.S_ISREG(st.st_mode) and now - st.st_mtime > STALE_AFTER
                    and (not hasattr(os, "getuid") or st.st_uid == os.getuid())):
                os.unlink(tmp)
                removed.append(tmp)
        except OSError:
            continue
    return removed
