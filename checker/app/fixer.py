"""Fixer: apply the findings' Fixes to a draft (`fzlint check --fix`) or show them as a unified
diff (`--diff`).

Fixes are applied right to left; one that overlaps a fix already taken waits for the next pass.
After each pass the text is checked again and the new fixes applied, until nothing changes (at
most MAX_PASSES), so a second `--fix` finds nothing to do.  Only .txt/.md files are written,
in the file's own encoding (BOM included) and with each line ending as it was, through
checker.safe_write (atomic; never over a file that changed since it was read; owner, mode and
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
from checker.readers import TEXT_SUFFIXES, InputError, decode_text, read_file

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
            if any(f.fix for f in result.findings):
                out.note = "标准输入的内容不能就地修正，只做了检查（可用 --diff 查看改法）"
            return out
        try:
            out.after, out.applied, out.result = fix_text(runner, result.doc.source, result)
        except RuleError as err:
            out.result = FileResult(result.path, error=str(err))
        return out
    if not path.lower().endswith(TEXT_SUFFIXES):
        try:
            src = runner.read(path)
            result = runner.check_source(src)
        except (InputError, RuleError) as err:
            return FixOutcome(path, FileResult(path, error=str(err)))
        out = FixOutcome(path, result, before=src.text, after=src.text)
        if any(f.fix for f in result.findings):
            out.note = ("Word 文件（.docx）不能自动修正，只做了检查" if src.format == "docx"
                        else "只有 .txt 和 .md 文件才能自动修正，本文件只做了检查")
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
    if not any(f.fix for f in result.findings):
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


def fix_text(runner, src, result: FileResult, raw: str | None = None):
    """(fixed text, fixes applied, findings of the fixed text); the text keeps raw's line
    endings when raw is given, else it is normalized text."""
    text = raw if raw is not None else src.text
    applied = 0
    for _ in range(MAX_PASSES):
        fixes = [f.fix for f in result.findings if f.fix is not None]
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
