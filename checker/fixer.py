"""Fixer: apply the findings' Fixes to a draft (`fzlint check --fix`) or show them as a unified
diff (`--diff`).

Fixes are applied right to left; one that overlaps a fix already taken waits for the next pass.
After each pass the text is checked again and the new fixes applied, until nothing changes (at
most MAX_PASSES), so a second `--fix` finds nothing to do.  Only .txt/.md files are written:
atomically (a temporary file in the same folder, then os.replace), in the file's own encoding
(BOM included) and with each line ending as it was; a file with nothing to fix is not touched.
"""

from __future__ import annotations

import codecs
import difflib
import os
import stat
import tempfile
from dataclasses import dataclass, replace

from .engine import RuleError
from .findings import FileResult, Fix
from .readers import TEXT_SUFFIXES, InputError

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
    try:
        src = runner.read(path)
        result = runner.check_source(src)
    except (InputError, RuleError) as err:
        return FixOutcome(path, FileResult(path, error=str(err)))
    out = FixOutcome(path, result, before=src.text, after=src.text)
    if src.format != "text" or not path.lower().endswith(TEXT_SUFFIXES):
        if any(f.fix for f in result.findings):
            kind = "Word 文件（.docx）" if src.format == "docx" else "只有 .txt 和 .md 文件"
            out.note = (f"{kind}不能自动修正，只做了检查" if src.format == "docx"
                        else f"{kind}才能自动修正，本文件只做了检查")
        return out
    if not any(f.fix for f in result.findings):
        return out
    raw = _read_raw(path, src)
    try:
        after, applied, final = fix_text(runner, src, result, raw)
    except RuleError as err:
        return FixOutcome(path, FileResult(path, error=str(err)), src.text, src.text)
    out.applied, out.result = applied, final
    if after is None or _normalize(after) == src.text:
        return out
    out.after = _normalize(after)
    if not write:
        return out
    data, problem = _encode(path, src, raw, after)
    if problem:
        out.note = problem
        out.after, out.result = src.text, result
        return out
    try:
        write_atomic(path, data)
    except OSError as err:
        out.note = f"无法写入修正后的文件（{err.strerror or err}），原文件未改动"
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


def _read_raw(path: str, src) -> str | None:
    """The file's decoded text with its own line endings, or None when it no longer matches
    what was checked."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        raw = data.decode(src.encoding)
    except (OSError, UnicodeDecodeError, LookupError):
        return None
    if raw.startswith("\ufeff") and src.encoding in ("utf-8-sig", "utf-16"):
        raw = raw[1:]
    return raw if _normalize(raw) == src.text else None


def _encode(path: str, src, raw_before: str | None, text: str) -> tuple[bytes, str | None]:
    """Bytes to write in the file's encoding (BOM kept), or a reason not to write.  Refuses
    when the encoding would not give back the unchanged parts byte for byte."""
    enc = src.encoding
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        bom = b""
        if enc == "utf-16":
            bom = data[:2]
            enc = "utf-16-be" if bom == codecs.BOM_UTF16_BE else "utf-16-le"
        elif enc == "utf-8-sig":
            bom, enc = codecs.BOM_UTF8, "utf-8"
        if raw_before is None:
            text = text.replace("\n", src.newline)
        elif bom + raw_before.encode(enc) != data:
            return b"", f"文件编码 {src.encoding} 不能无损地重新保存，原文件未改动"
        return bom + text.encode(enc), None
    except UnicodeEncodeError:
        return b"", f"修正后的文字无法用原编码 {src.encoding} 保存，原文件未改动"
    except (OSError, LookupError) as err:
        return b"", f"无法按原编码保存（{err}），原文件未改动"


def write_atomic(path: str, data: bytes) -> None:
    """Replace the file's contents in one step: write a temporary file beside it, keep the
    file's permission bits, then os.replace.  A symlink is followed (its target is rewritten)."""
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    mode = stat.S_IMODE(os.stat(target).st_mode)
    fd, tmp = tempfile.mkstemp(prefix=".fzlint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


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
    for path in paths:
        out = fix_path(runner, path, write, stdin, stdin_name)
        outcomes.append(out)
        if out.note and warn:
            warn(f"{out.path}: {out.note}")
        if out.written and say:
            say(f"已修正 {out.path} 中的 {out.applied} 处问题")
        yield out.result
