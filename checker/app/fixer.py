"""Fixer: apply the findings' Fixes to a draft (`fzlint check --fix`) or show them as a unified
diff (`--diff`).

Fixes are applied right to left; one that overlaps a fix already taken waits for the next pass.
After each pass the text is checked again and the new fixes applied, until nothing changes (at
most MAX_PASSES), so a second `--fix` finds nothing to do.  .txt/.md files are written in
the file's own encoding (BOM included) and with each line ending as it was; .docx files have
only the w:t texts of word/document.xml that the fixes cover rewritten (checker.app.docx_fix);
both through checker.safe_write (atomic; never over a file that changed since it was read; owner, mode and
extended attributes kept; read-only and multiply linked files refused).  A file with nothing
to fix is not touched.
"""

from __future__ import annotations

import codecs
import difflib
import os
from dataclasses import dataclass, replace

from checker.app import safe_write
from checker.engine.apply import RuleError
from checker.model.findings import FileResult, Fix
from checker.readers import (DOCX_FILE_FACTOR, DOCX_SUFFIXES, TEXT_SUFFIXES, InputError,
                             decode_text, read_file)

MAX_PASSES = 10


@dataclass
class FixOutcome:
    """What --fix / --diff did to one input."""
    path: str
    result: FileResult            # the findings that remain (of the fixed text)
    before: str = ""              # text before fixing (lines joined with \n)
    after: str = ""               # text after fixing
    applied: int = 0              # fixes applied over all passes
    written: bool = False
    note: str | None = None       # why the input was not fixed or not written (Chinese, one line)

    @property
    def changed(self) -> bool:
        return self.after != self.before

    def diff(self) -> str:
        return unified_diff(self.path, self.before, self.after) if self.changed else ""


def choose_fixes(fixes) -> list[Fix]:
    """Non-overlapping fixes in text order; of two that overlap, the earlier (then shorter) wins.
    Two insertions at one place, or an insertion inside a replaced span, also conflict."""
    chosen: list[Fix] = []
    last_start = last_end = -1
    for f in sorted(set(fixes), key=lambda f: (f.start, f.end, f.replacement)):
        if f.start < last_end or f.start == f.end == last_start == last_end:
            continue
        chosen.append(f)
        last_start, last_end = f.start, f.end
    return chosen


def apply_fixes(text: str, fixes) -> tuple[str, list[Fix]]:
    """(new text, the fixes applied); fixes use offsets into text."""
    chosen = choose_fixes(fixes)
    out = text
    for f in reversed(chosen):
        out = out[:f.start] + f.replacement + out[f.end:]
    return out, chosen


# --- line endings ------------------------------------------------------------------------
def _normalize(raw: str) -> str:
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def _offset_map(raw: str) -> list[int]:
    """raw offset of each normalized offset (plus one past the end)."""
    out = []
    i, n = 0, len(raw)
    while i < n:
        out.append(i)
        i += 2 if raw.startswith("\r\n", i) else 1
    out.append(n)
    return out


def apply_to_raw(raw: str, fixes, newline: str) -> tuple[str, list[Fix]]:
    """Apply fixes given in normalized offsets to a text that still has its own line endings
    (\r\n, \r or mixed); a newline in a replacement takes the file's `newline`."""
    m = _offset_map(raw)
    chosen = choose_fixes(fixes)
    out = raw
    for f in reversed(chosen):
        out = out[:m[f.start]] + f.replacement.replace("\n", newline) + out[m[f.end]:]
    return out, chosen


# --- one input ----------------------------------------------------------------------------
def fix_path(runner, path: str, write: bool = True, stdin=None,
             stdin_name: str = "<stdin>") -> FixOutcome:
    """Check one input and fix it: rewrite the file when `write`, else only work out the fixed
    text (for --diff).  Inputs that cannot be fixed are only checked (outcome.note says why)."""
    if path == "-":
        result = runner.check_path(path, stdin, stdin_name)
        out = FixOutcome(result.path, result)
        if result.doc is None:
            return out
        out.before = out.after = result.doc.text
        if write:
            if any(f.safe_fixes for f in result.findings):
                out.note = "标准输入的内容不能就地修正，只做了检查（可用 --diff 查看改法）"
            return out
        try:
            out.after, out.applied, out.result = fix_text(runner, result.doc.source, result)
        except RuleError as err:
            out.result = FileResult(result.path, error=str(err))
        return out
    if path.lower().endswith(DOCX_SUFFIXES):
        return fix_docx(runner, path, write)
    if not path.lower().endswith(TEXT_SUFFIXES):
        try:
            src = runner.read(path)
            result = runner.check_source(src)
        except (InputError, RuleError) as err:
            return FixOutcome(path, FileResult(path, error=str(err)))
        out = FixOutcome(path, result, before=src.text, after=src.text)
        if any(f.safe_fixes for f in result.findings):
            out.note = "只有 .txt、.md 和 .docx 文件才能自动修正，本文件只做了检查"
        return out
    # a text draft: the bytes checked are the bytes the fixes apply to, and the file is
    # written only if it still holds exactly those bytes (safe_write)
    try:
        data, st = read_file(path, runner.opts.max_bytes)
        src = decode_text(path, data)
        result = runner.check_source(src)
    except (InputError, RuleError) as err:
        return FixOutcome(path, FileResult(path, error=str(err)))
    out = FixOutcome(path, result, before=src.text, after=src.text)
    if not any(f.safe_fixes for f in result.findings):
        return out
    raw, bom = _decode_raw(data, src)
    try:
        after, applied, final = fix_text(runner, src, result, raw)
    except RuleError as err:
        return FixOutcome(path, FileResult(path, error=str(err)), src.text, src.text)
    out.applied, out.result = applied, final
    if _normalize(after) == src.text:
        return out
    out.after = _normalize(after)
    if not write:
        return out
    try:
        new_data = _encode(src, bom, raw, data, after)
        safe_write.replace_contents(path, safe_write.Snapshot(data, st), new_data)
    except safe_write.WriteRefused as err:
        out.note = str(err)
        out.after, out.result = src.text, result
        return out
    out.written = True
    return out


def fix_docx(runner, path: str, write: bool = True) -> FixOutcome:
    """Fix a Word draft in place (checker.app.docx_fix): only the w:t texts the fixes cover
    change, every other member of the package is kept byte for byte, and the file is written
    through safe_write, so never over a file changed since it was read.  `before`/`after` are
    the paragraphs' text (one line each) as the reader gives it, before and after."""
    from checker.app import docx_fix
    try:
        data, st = read_file(path, runner.opts.max_bytes * DOCX_FILE_FACTOR)
        src = _plain(runner.read(path), data)
        result = runner.check_source(src)
    except (InputError, RuleError) as err:
        return FixOutcome(path, FileResult(path, error=str(err)))
    out = FixOutcome(path, result, before=src.text, after=src.text)
    if not any(f.safe_fixes for f in result.findings):
        return out
    try:
        edits, applied, final = fix_edits(runner, src, result)
        done = docx_fix.fix_package(data, src.text, edits)
        after = _plain(src, done.data).text if done.applied else src.text
        if done.skipped:
            out.note = (f"{len(done.skipped)} 处修正不能在 Word 文件中自动进行（插入分段、自动编号等），"
                        "已在结果中保留，请手工修改")
        if after == src.text:
            return out
        if after != final.doc.text:
            final = runner.check_source(replace(src, text=after))
            applied = len(done.applied)
    except docx_fix.DocxFixError as err:
        out.note = str(err)
        return out
    except (InputError, RuleError) as err:
        return FixOutcome(path, FileResult(path, error=str(err)), src.text, src.text)
    except Exception as err:   # a bug met on one odd package: nothing written, say so
        if os.environ.get("FZLINT_DEBUG"):
            raise
        out.note = f"修正 Word 文件时出现内部错误（{type(err).__name__}），未修正；请报告此问题"
        return out
    out.after, out.applied, out.result = after, applied, final
    if not write:
        return out
    try:
        safe_write.replace_contents(path, safe_write.Snapshot(data, st), done.data)
    except safe_write.WriteRefused as err:
        out.note = str(err)
        out.after, out.result = src.text, result
        return out
    out.written = True
    return out


def fix_text(runner, src, result: FileResult, raw: str | None = None):
    """(fixed text, fixes applied, findings of the fixed text); the text keeps raw's line
    endings when raw is given, else it is normalized text."""
    text = raw if raw is not None else src.text
    applied = 0
    for _ in range(MAX_PASSES):
        fixes = [x for f in result.findings for x in f.safe_fixes]
        if not fixes:
            break
        if raw is not None:
            new, chosen = apply_to_raw(text, fixes, src.newline)
        else:
            new, chosen = apply_fixes(text, fixes)
        if new == text:
            break
        text = new
        applied += len(chosen)
        result = runner.check_source(replace(src, text=_normalize(text)))
    return text, applied, result


def fix_edits(runner, src, result: FileResult):
    """The passes of fix_text as net edits of the original text: (edits as Fix in offsets of
    src.text, sorted and disjoint, each as short as it can be; fixes applied; findings of the
    fixed text).  A Word file takes these edits: a tracked change each in the annotated copy,
    its w:t texts rewritten by --fix."""
    text = src.text
    origin: list[int | None] = list(range(len(text)))   # where each character came from
    applied = 0
    for _ in range(MAX_PASSES):
        fixes = [x for f in result.findings for x in f.safe_fixes]
        if not fixes:
            break
        new, chosen = apply_fixes(text, fixes)
        if new == text:
            break
        for f in reversed(chosen):
            origin[f.start:f.end] = [None] * len(f.replacement)
        text, applied = new, applied + len(chosen)
        result = runner.check_source(replace(src, text=text))
    return net_edits(src.text, text, origin), applied, result


def net_edits(before: str, after: str, origin) -> list[Fix]:
    """The edits that turn `before` into `after`, given the origin of each character of after
    (its offset in before, or None when a fix put it there)."""
    edits, expect, buf = [], 0, []
    for ch, o in zip(after, origin):
        if o is None:
            buf.append(ch)
            continue
        if o != expect or buf:
            edits.append((expect, o, "".join(buf)))
            buf = []
        expect = o + 1
    if expect != len(before) or buf:
        edits.append((expect, len(before), "".join(buf)))
    out = []
    for start, end, repl in edits:
        old = before[start:end]
        k = 0                                   # trim what the edit leaves as it was
        while k < min(len(old), len(repl)) and old[k] == repl[k]:
            k += 1
        start, old, repl = start + k, old[k:], repl[k:]
        k = 0
        while k < min(len(old), len(repl)) and old[-1 - k] == repl[-1 - k]:
            k += 1
        if k:
            end, old, repl = end - k, old[:-k], repl[:-k]
        if old != repl:
            out.append(Fix(start, end, repl))
    return out


def _decode_raw(data: bytes, src) -> tuple[str, bytes]:
    """(the checked bytes decoded with their own line endings, their BOM)."""
    enc, bom = src.encoding, b""
    if enc == "utf-16":
        bom = data[:2]
    elif enc == "utf-8-sig":
        bom = codecs.BOM_UTF8
    raw = data.decode(enc)
    if raw.startswith("\ufeff") and bom:
        raw = raw[1:]
    return raw, bom


def _encode(src, bom: bytes, raw_before: str, data_before: bytes, text: str) -> bytes:
    """Bytes to write in the file's encoding (BOM kept).  Refuses (WriteRefused) when the
    encoding would not give back the unchanged parts byte for byte."""
    enc = src.encoding
    if enc == "utf-16":
        enc = "utf-16-be" if bom == codecs.BOM_UTF16_BE else "utf-16-le"
    elif enc == "utf-8-sig":
        enc = "utf-8"
    try:
        if bom + raw_before.encode(enc) != data_before:
            raise safe_write.WriteRefused(f"文件编码 {src.encoding} 不能无损地重新保存，原文件未改动")
        return bom + text.encode(enc)
    except UnicodeEncodeError:
        raise safe_write.WriteRefused(
            f"修正后的文字无法用原编码 {src.encoding} 保存，原文件未改动") from None
    except LookupError as err:
        raise safe_write.WriteRefused(f"无法按原编码保存（{err}），原文件未改动") from None


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of two texts (lines joined with \n) under the file's name."""
    a = before.splitlines(keepends=True)
    b = after.splitlines(keepends=True)
    out = []
    for line in difflib.unified_diff(a, b, fromfile=path, tofile=path):
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def run(runner, paths, outcomes: list, write: bool = True, stdin=None,
        stdin_name: str = "<stdin>", warn=None, say=None):
    """Fix the inputs one by one, yielding each FileResult (the findings that remain) and
    appending each FixOutcome to `outcomes`; `warn` gets the reasons an input was not fixed,
    `say` a line for each file rewritten."""
    folders: set[str] = set()
    for path in paths:
        folder = os.path.dirname(os.path.realpath(path)) if path != "-" else None
        if write and folder is not None and folder not in folders:
            folders.add(folder)
            for tmp in safe_write.stale_temp_files(folder):
                if warn:
                    warn(f"{tmp}: 删除了上次 --fix 中断时留下的临时文件")
        out = fix_path(runner, path, write, stdin, stdin_name)
        outcomes.append(out)
        if out.note and warn:
            warn(f"{out.path}: {out.note}")
        if out.written and say:
            say(f"已修正 {out.path} 中的 {out.applied} 处问题")
        yield out.result


def _plain(src, data: bytes):
    """The draft as the writing paths check it: the reader's own text, recorded with the place of
    every character (readers.docx_map.mapped_text: the same text `fzlint check` reads); the
    runner's read has applied the zip guard."""
    from dataclasses import replace as _replace

    from checker.readers.docx_map import mapped_text
    try:
        return _replace(src, text=mapped_text(data))
    except Exception:   # a package the map cannot read: keep what the reader gave
        return src
