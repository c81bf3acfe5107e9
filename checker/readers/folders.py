"""Which files of a folder are drafts: walked in sorted order, every supported format (see
checker.readers.source.SUFFIXES); hidden files and folders and Office lock files (~$x.docx)
skipped silently, symlinks out of the folder skipped unless asked for, each folder visited once
(links back to a folder already walked are not followed again), unreadable folders reported.
Files of other types are reported through ``on_skip(path, reason)``, so that a caller can list
what it did not check and why.  fzlint's own annotated copies (x.fzlint.docx) are skipped
silently too."""

from __future__ import annotations

import os

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


def skip_reason(name: str) -> str:
    """Why a file of a type fzlint does not read is left alone (Chinese, one phrase)."""
    ext = os.path.splitext(name)[1].lower()
    for suffixes, reason in _OTHER_TYPES:
        if ext in suffixes:
            return reason
    return f"不支持的文件类型（{ext or '没有扩展名'}）"


def walk(root: str, follow_symlinks: bool = False, warn=None, on_skip=None) -> list[str]:
    """Draft files under a folder (every supported format), sorted; symlinks leaving the folder
    are skipped unless follow_symlinks. Hidden files and folders and Office lock files
    (~$x.docx) are skipped silently; a file of another type goes to on_skip(path, reason).

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
        names = sorted(d for d in dirnames if not d.startswith("."))
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
