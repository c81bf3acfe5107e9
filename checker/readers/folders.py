"""Which files of a folder are drafts: walked in sorted order, every supported format (see
checker.readers.source.SUFFIXES); hidden files and folders and Office lock files (~$x.docx)
skipped silently, symlinks out of the folder skipped unless asked for, each folder visited once
(links back to a folder already walked are not followed again), unreadable folders reported.
Files of other types are reported through ``on_skip(path, reason)``, so that a caller can list
what it did not check and why.  fzlint's own annotated copies (x.fzlint.docx) are skipped
silently too.

Files and folders matched by `exclude` patterns (an Exclude, built by the caller from the config
and the command line, ruff's semantics) are left out silently; an excluded folder is not
entered."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from checker.readers.source import SUFFIXES

ANNOTATED_SUFFIX = ".fzlint.docx"   # fzlint's own annotated copies (check --annotate)
_OTHER_TYPES = (
    ((".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic"), "图片，不是文字草稿"),
    ((".xls", ".xlsx", ".xlsm", ".et", ".csv", ".ods"), "表格，不是报告草稿"),
    ((".ppt", ".pptx", ".dps", ".odp"), "演示文稿，不是报告草稿"),
    ((".zip", ".rar", ".7z", ".gz", ".tar"), "压缩包（请解压后再检查）"),
    ((".ofd",), "OFD 版式文件（请另存为 PDF 或 Word 后再检查）"),
    ((".html", ".htm", ".mht", ".mhtml"), "网页文件（请另存为 Word，或把正文复制到 .txt 后再检查）"),
    ((".wpd", ".pages", ".hwp"), "不支持的文字处理格式（请另存为 .docx 后再检查）"),
)


# Folders that never hold drafts, left out unless `exclude` is set (which replaces this list;
# `extend-exclude` adds to it).  Hidden files and folders are skipped anyway.
DEFAULT_EXCLUDE = ("node_modules", "__pycache__", "venv", "site-packages")


def _glob_regex(pattern: str) -> re.Pattern:
    """A glob as a regex over '/'-separated paths: `*` and `?` stay within one path part, `**`
    crosses parts (`**/` also matches no folder at all), `[...]` is a set of characters."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = pattern.find("]", i + 2 if pattern[i + 1:i + 2] in ("!", "]") else i + 1)
            if j == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = j + 1
                continue
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out) + r"\Z", re.IGNORECASE if os.name == "nt" else 0)


@dataclass(frozen=True)
class Exclude:
    """Glob patterns of files and folders to leave out, each with the folder it is relative to.

    As in ruff: a pattern without '/' (`说明.txt`, `*说明*`, `归档`) matches a file or folder of
    that name anywhere in the tree; a pattern with '/' (`归档/*.docx`, `2023/**`) matches the
    path relative to its folder (the config file's folder, or the current folder for
    --exclude).  A file inside an excluded folder is excluded."""
    patterns: tuple[tuple[str, str], ...] = ()   # (glob, absolute root folder)

    @classmethod
    def of(cls, patterns, root: str) -> "Exclude":
        root = os.path.abspath(root)
        return cls(tuple((p, root) for p in patterns if p and p.strip()))

    def __add__(self, other: "Exclude") -> "Exclude":
        return Exclude(self.patterns + other.patterns)

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def matches(self, path: str) -> bool:
        """Is this file or folder (or a folder it lies in) excluded?"""
        if not self.patterns:
            return False
        full = os.path.abspath(path)
        for glob, root in self.patterns:
            rx = _compiled(glob)
            glob = glob.replace("\\", "/").strip("/")
            rel = os.path.relpath(full, root) if _same_drive(full, root) else full
            rel = rel.replace(os.sep, "/")
            if "/" not in glob:              # a name: any part of the path below its root
                # outside its root: only the name of the file or folder itself
                parts = [os.path.basename(full)] if _outside(rel) else rel.split("/")
                if any(rx.match(part) for part in parts if part not in ("", ".", "..")):
                    return True
                continue
            if _outside(rel):
                continue
            parts = rel.split("/")
            # the path itself, or any folder above it within the root
            if any(rx.match("/".join(parts[:k])) for k in range(1, len(parts) + 1)):
                return True
        return False


def _outside(rel: str) -> bool:
    return rel == ".." or rel.startswith("../") or os.path.isabs(rel)


def _same_drive(a: str, b: str) -> bool:
    return os.path.splitdrive(a)[0].lower() == os.path.splitdrive(b)[0].lower()


_RX: dict[str, re.Pattern] = {}


def _compiled(glob: str) -> re.Pattern:
    rx = _RX.get(glob)
    if rx is None:
        rx = _RX[glob] = _glob_regex(glob.replace("\\", "/").strip("/"))
    return rx


def skip_reason(name: str) -> str:
    """Why a file of a type fzlint does not read is left alone (Chinese, one phrase)."""
    ext = os.path.splitext(name)[1].lower()
    for suffixes, reason in _OTHER_TYPES:
        if ext in suffixes:
            return reason
    return f"不支持的文件类型（{ext or '没有扩展名'}）"


def walk(root: str, follow_symlinks: bool = False, warn=None, on_skip=None,
         exclude: Exclude | None = None) -> list[str]:
    """Draft files under a folder (every supported format), sorted; symlinks leaving the folder
    are skipped unless follow_symlinks. Hidden files and folders and Office lock files
    (~$x.docx) are skipped silently, and so are files and folders matched by `exclude` (an
    excluded folder is not entered); a file of another type goes to on_skip(path, reason).

    A folder is entered once, whatever the links leading to it (a memo of (st_dev, st_ino)),
    so links to `.` or to a parent folder end the walk instead of looping.  A folder that cannot
    be listed is reported through warn, one line each, and skipped."""
    out: list[str] = []
    real_root = os.path.realpath(root)
    seen: set[tuple[int, int]] = set()

    def key(path: str):
        try:
            st = os.stat(path)          # follows links: the folder a link leads to
        except OSError:
            return None
        return st.st_dev, st.st_ino

    def unreadable(err: OSError) -> None:
        if warn:
            warn(f"{err.filename or root}: 无法读取文件夹（{err.strerror or err}），"
                 "其中的草稿未检查")

    first = key(root)
    if first is not None:
        seen.add(first)
    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable,
                                                followlinks=follow_symlinks):
        names = sorted(d for d in dirnames if not d.startswith(".")
                       and not (exclude and exclude.matches(os.path.join(dirpath, d))))
        links = {d for d in names if os.path.islink(os.path.join(dirpath, d))}
        if not follow_symlinks:        # os.walk does not enter linked folders then
            names = [d for d in names if d not in links]
        drop = set()
        for d in sorted(names, key=lambda d: d in links):   # a real folder before a link to it
            k = key(os.path.join(dirpath, d))
            if k in seen:
                drop.add(d)
            elif k is not None:
                seen.add(k)
        dirnames[:] = [d for d in names if d not in drop]
        for name in sorted(filenames):
            if name.startswith(("~$", ".")) or name.lower().endswith(ANNOTATED_SUFFIX):
                continue
            full = os.path.join(dirpath, name)
            if exclude and exclude.matches(full):
                continue
            if not name.lower().endswith(SUFFIXES):
                if on_skip:
                    on_skip(full, skip_reason(name))
                continue
            if os.path.islink(full) and not follow_symlinks:
                target = os.path.realpath(full)
                if os.path.commonpath([target, real_root]) != real_root:
                    if warn:
                        warn(f"{full}: 符号链接指向检查目录之外，已跳过（--follow-symlinks 可改变）")
                    continue
            out.append(full)
    return out
