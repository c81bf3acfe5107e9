"""`fzlint check 报告.docx --annotate`: beside each draft (or in the -o folder) a copy,
报告.fzlint.docx, with every finding as a Word comment and every safe fix as a tracked change
(checker.reports.annotated_docx).  A .doc/.wps/.odt/.rtf draft's copy is the .docx LibreOffice
made of it when it was read (its layout kept); a .txt/.md/.pdf draft gets a .docx built from
its text, one paragraph per line, annotated the same way.  With -o and
a folder, the copies keep the drafts' subfolders (out/甲镇/报告.fzlint.docx).  The original is only read, never written: the copy is a new
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


def copy_path(path: str, out_dir: str | None = None, key: str | None = None,
              full_name: bool = False) -> str:
    """报告.docx (or 报告.txt, 报告.md …) → 报告.fzlint.docx, beside the original or in out_dir;
    in out_dir under the draft's folder within the checked folder (`key`, e.g. 甲镇/报告.docx →
    out_dir/甲镇/报告.fzlint.docx), so that two drafts of one name in two folders get two
    copies.  full_name keeps the extension (报告.txt.fzlint.docx: for 报告.txt beside 报告.docx)."""
    base = os.path.basename(path)
    stem, ext = os.path.splitext(base)
    if full_name and ext.lower() != ".docx":
        stem = base
    elif not ext:
        stem = base
    if out_dir is None:
        folder = os.path.dirname(path)
    else:
        sub = os.path.dirname(key.replace("/", os.sep)) if key else ""
        folder = os.path.join(out_dir, sub) if sub and not os.path.isabs(sub) \
            and ".." not in sub.split(os.sep) else out_dir
    return os.path.join(folder, stem + ANNOTATED_SUFFIX)


def run(runner, paths, out_dir: str | None = None, stdin=None, stdin_name: str = "<stdin>",
        warn=None, say=None, when=None, key_of=None, adjust=None, copies=None):
    """Check the inputs one by one, yielding each FileResult; for each draft write its
    annotated copy (`say` gets a line for each copy written, `warn` why one was not): a Word
    draft's copy is the original with comments and tracked changes, any other draft's (.txt,
    .md …) a .docx built from its text, one paragraph per line.  `key_of(path)` places copies
    in subfolders of out_dir; `adjust(result)` is applied to each result before its copy is
    made (the baseline's marks); `copies` (a dict) gets path → copy written."""
    warn = warn or (lambda msg: None)
    say = say or (lambda msg: None)
    write, written = True, {}
    if out_dir is not None:
        try:
            os.makedirs(out_dir, exist_ok=True)
        except OSError as err:
            warn(f"{out_dir}: 无法创建存放批注副本的文件夹（{err.strerror or err}），未生成批注副本")
            write = False
    for path in paths:
        if path == "-":
            warn("标准输入的草稿只做了检查，没有生成批注副本")
            result = runner.check_path(path, stdin, stdin_name)
            yield adjust(result) if adjust else result
            continue
        key = key_of(path) if key_of else None
        dest = None
        for full in (False, True):
            cand = os.path.abspath(copy_path(path, out_dir, key, full_name=full))
            if cand not in written:
                dest = cand
                break
        if dest is None:        # e.g. two folders of one name given with one -o folder
            result = runner.check_path(path, stdin, stdin_name)
            yield adjust(result) if adjust else result
            taken = os.path.abspath(copy_path(path, out_dir, key))
            warn(f"{path}: 批注副本 {copy_path(path, out_dir, key)} 已由 {written[taken]} 生成，"
                 "本文件只做了检查（不同文件夹中的同名草稿请分别指定 -o）")
            continue
        written[dest] = path
        result, note = annotate_one(runner, path, out_dir, when, say, write, dest=dest,
                                    adjust=adjust)
        if note:
            warn(f"{path}: {note}")
        elif write and copies is not None and not result.error:
            copies[path] = dest
        yield result


def annotate_one(runner, path: str, out_dir: str | None, when=None, say=None,
                 write: bool = True, dest: str | None = None, adjust=None):
    """(the FileResult of the draft, why no copy was written or None); only checks when not
    `write`."""
    word = path.lower().endswith(DOCX_SUFFIXES)
    try:
        if word:
            data, _ = read_file(path, runner.opts.max_bytes * DOCX_FILE_FACTOR)
            src = runner.read(path)   # the reader's text: the copy maps exactly it (docx_map)
        else:
            src = runner.read(path)
            # .doc/.wps/.odt/.rtf: the copy is the .docx LibreOffice made, which src was read from
            data = _legacy_docx(runner, path, src)
        result = runner.check_source(src)
        if adjust:
            result = adjust(result)
        edits = fixer.fix_edits(runner, src, result)[0]
    except (InputError, RuleError) as err:
        return FileResult(path, error=str(err)), None
    if not write:
        return result, None
    if word:
        try:
            if read_file(path, runner.opts.max_bytes * DOCX_FILE_FACTOR)[0] != data:
                return result, "检查期间文件被修改过，未生成批注副本（请重新运行）"
        except InputError as err:
            return result, f"未生成批注副本（{err}）"
    try:
        if data is None:
            data = annotated_docx.docx_from_text(src.text)
        made = annotated_docx.annotate(data, result, edits, when)
    except annotated_docx.AnnotateError as err:
        return result, f"未生成批注副本：{err}"
    except Exception as err:   # a bug met on one odd file: say so, go on with the others
        if os.environ.get("FZLINT_DEBUG"):
            raise
        return result, (f"生成批注副本时出现内部错误（{type(err).__name__}），未生成；"
                        "检查结果不受影响，请报告此问题")
    dest = dest or copy_path(path, out_dir)
    try:
        os.makedirs(os.path.dirname(dest) or ".", exist_ok=True)
        _write_new(dest, made.data, path)
    except OSError as err:
        return result, f"无法写入批注副本 {dest}（{err.strerror or err}）"
    except ValueError as err:
        return result, str(err)
    if say:
        extra = f"，{len(made.not_marked)} 处修正未能标为修订" if made.not_marked else ""
        say(f"已生成批注副本 {dest}（{made.comments} 条批注，{made.revisions} 处修订{extra}）")
    return result, None


def _legacy_docx(runner, path: str, src) -> bytes | None:
    """For a Word 97/WPS/OpenDocument/RTF draft, the .docx LibreOffice made of it when it
    was read (kept for the batch by checker.readers.office: no second conversion), so that
    the annotated copy keeps the draft's layout; None for any other draft (a .docx is then
    built from its text)."""
    if src.format not in ("doc", "odt", "rtf"):
        return None
    from checker.readers.office import converted
    from checker.readers.sniff import sniff
    data = read_file(path, runner.opts.max_bytes * DOCX_FILE_FACTOR)[0]
    kind = sniff(data).name
    if kind not in ("word97", "odt", "rtf", "markup"):
        return None
    return converted(path, data, kind, runner.opts.max_bytes)


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
