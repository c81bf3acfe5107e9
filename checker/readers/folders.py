"""Which files of a folder are drafts: walked in sorted order, hidden folders, Word lock files
and fzlint's annotated copies skipped, symlinks out of the folder skipped unless asked for."""

from __future__ import annotations

import os

from checker.readers.source import SUFFIXES

ANNOTATED_SUFFIX = ".fzlint.docx"   # fzlint's own annotated copies (check --annotate)


def walk(root: str, follow_symlinks: bool = False, warn=None) -> list[str]:
    """Draft files under a folder (.txt, .md, .docx), sorted; symlinks leaving the folder are
    skipped unless follow_symlinks. Hidden folders, Word lock files (~$x.docx) and fzlint's
    annotated copies (x.fzlint.docx) are skipped."""
    out: list[str] = []
    real_root = os.path.realpath(root)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=follow_symlinks):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if (not name.lower().endswith(SUFFIXES) or name.startswith(("~$", "."))
                    or name.lower().endswith(ANNOTATED_SUFFIX)):
                continue
            full = os.path.join(dirpath, name)
            if os.path.islink(full) and not follow_symlinks:
                target = os.path.realpath(full)
                if os.path.commonpath([target, real_root]) != real_root:
                    if warn:
                        warn(f"{full}: 符号链接指向检查目录之外，已跳过（--follow-symlinks 可改变）")
                    continue
            out.append(full)
    return out
