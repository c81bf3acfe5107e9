"""`fzlint check 报告.docx --annotate`: beside each Word draft (or in the -o folder) a copy,
报告.fzlint.docx, with every finding as a Word comment and every safe fix as a tracked change
(checker.reports.annotated_docx).  The original is only read, never written: the copy is a new
file, written atomically (a temporary file in the same folder, then a rename), and refused if
it would be the original itself (a link to it, say).

The copy is made from the very bytes that were checked: the file is read once for the copy and
once by the reader, and if the two differ (the file was saved while fzlint ran) no copy is
made.  Folder walks skip *.fzlint.docx (checker.readers.folders), so annotating a folder twice
does not annotate the copies.
"""

from __future__ import annotations

import os
import tempfile

from checker.app import fixer
from checker.readers import DOCX_FILE_FACTOR
from checker.engine.apply import RuleError
from checker.model.findings import FileResult
from checker.readers import DOCX_SUFFIXES, InputError, read_file
from checker.readers.folders import ANNOTATED_SUFFIX
from checker.reports import annotated_docx


def copy_path(path: str, out_dir: str | None = None) -> str:
    """报告.docx → 报告.fzlint.docx, beside the original or in out_dir."""
    base = os.path.basename(path)
    stem = base[:-len(".docx")] if base.lower().endswith(".docx") else base
    return os.path.join(out_dir if out_dir is not None else os.path.dirname(path),
                        stem + ANNOTATED_SUFFIX)


def run(runner, paths, out_dir: str | None = None, stdin=None, stdin_name: str = "<stdin>",
        warn=None, say=None, when=None):
    """Check the inputs one by one, yielding each FileResult; for each Word draft write its
    annotated copy (`say` gets a line for each copy written, `warn` why one was not)."""
    warn = warn or (lambda msg: None)
    say = say or (lambda msg: None)
    told, write, written = False, True, {}
    if out_dir is not None:
        try:
            os.makedirs(out_dir, exist_ok=True)
        except OSError as err:
            warn(f"{out_dir}: 无法创建存放批注副本的文件夹（{err.strerror or err}），未生成批注副本")
            write = False
    for path in paths:
        if path == "-" or not path.lower().endswith(DOCX_SUFFIXES):
            if not told:
                warn("只有 Word 文件（.docx）能生成批注副本，其他文件只做了检查")
                told = True
            yield runner.check_path(path, stdin, stdin_name)
            continue
        dest = os.path.abspath(copy_path(path, out_dir))
        if dest in written:        # two drafts of one name from two folders, one -o folder
            result = runner.check_path(path, stdin, stdin_name)
            yield result
            warn(f"{path}: 批注副本 {copy_path(path, out_dir)} 已由 {written[dest]} 生成，"
                 "本文件只做了检查（不同文件夹中的同名草稿请分别指定 -o）")
            continue
        written[dest] = path
        result, note = annotate_one(runner, path, out_dir, when, say, write)
        if note:
            warn(f"{path}: {note}")
        yield result


def annotate_one(runner, path: str, out_dir: str | None, when=None, say=None,
                 write: bool = True):
    """(the FileResult of the draft, why no copy was written or None); only checks when not
    `write`."""
    try:
        data, _ = read_file(path, runner.opts.max_bytes * DOCX_FILE_FACTOR)
        src = _plain(runner.read(path), data)
        result = runner.check_source(src)
        edits = fixer.fix_edits(runner, src, result)[0]
    except (InputError, RuleError) as err:
        return FileResult(path, error=str(err)), None
    if not write:
        return result, None
    try:
        if read_file(path, runner.opts.max_bytes * DOCX_FILE_FACTOR)[0] != data:
            return result, "检查期间文件被修改过，未生成批注副本（请重新运行）"
    except InputError as err:
        return result, f"未生成批注副本（{err}）"
    try:
        made = annotated_docx.annotate(data, result, edits, when)
    except annotated_docx.AnnotateError as err:
        return result, f"未生成批注副本：{err}"
    except Exception as err:   # a bug met on one odd file: say so, go on with the others
        if os.environ.get("FZLINT_DEBUG"):
            raise
        return result, (f"生成批注副本时出现内部错误（{type(err).__name__}），未生成；"
                        "检查结果不受影响，请报告此问题")
    dest = copy_path(path, out_dir)
    try:
        _write_new(dest, made.data, path)
    except OSError as err:
        return result, f"无法写入批注副本 {dest}（{err.strerror or err}）"
    except ValueError as err:
        return result, str(err)
    if say:
        extra = f"，{len(made.not_marked)} 处修正未能标为修订" if made.not_marked else ""
        say(f"已生成批注副本 {dest}（{made.comments} 条批注，{made.revisions} 处修订{extra}）")
    return result, None


def _write_new(dest: str, data: bytes, original: str) -> None:
    """Write the copy atomically; never over the original (or a link to it)."""
    if os.path.exists(dest) and os.path.samefile(dest, original):
        raise ValueError(f"批注副本 {dest} 就是原文件本身，未生成")
    folder = os.path.dirname(dest) or "."
    fd, tmp = tempfile.mkstemp(prefix=".fzlint-annotate-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        if os.path.islink(dest):
            raise ValueError(f"批注副本的位置 {dest} 是符号链接，未生成")
        os.replace(tmp, dest)
        tmp = None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _plain(src, data: bytes):
    """The draft as the writing paths check it: the body's plain paragraphs (readers.docx_map),
    whose every character has its place in a run; the runner's read has applied the zip guard."""
    from dataclasses import replace as _replace

    from checker.readers.docx_map import mapped_text
    try:
        return _replace(src, text=mapped_text(data))
    except Exception:   # a package the plain map cannot read: keep what the reader gave
        return src
