"""Readers: turn a file (or stdin) into text, one function per format.

Text files are decoded by what their bytes are, not by their extension: a BOM, then strict UTF-8,
then charset-normalizer's detection (GB18030/GBK drafts are common). .docx files give their
paragraphs in order, one per line, so a finding's line is the paragraph number.
Every failure is an InputError with a one-line Chinese message; the CLI turns it into exit 2.
"""

from __future__ import annotations

import codecs
import os
import stat
import zipfile
from dataclasses import dataclass

from .errors import OneLineError

TEXT_SUFFIXES = (".txt", ".md")
DOCX_SUFFIXES = (".docx",)
SUFFIXES = TEXT_SUFFIXES + DOCX_SUFFIXES
MAX_BYTES = 20 * 1024 * 1024  # default size limit; the CLI may change it


class InputError(OneLineError):
    """A file that cannot be read as a draft; str(err) is the one-line message."""


@dataclass(frozen=True)
class Source:
    path: str          # as given by the user ("-" or "<stdin>" for standard input)
    text: str          # lines joined with "\n"; original characters otherwise untouched
    format: str        # "text" or "docx"
    encoding: str      # "utf-8", "utf-8-sig", "gb18030", … ("docx" for Word files)
    newline: str = "\n"  # the file's line ending, kept by --fix


def read_path(path: str, max_bytes: int = MAX_BYTES) -> Source:
    if path.lower().endswith(DOCX_SUFFIXES):
        return read_docx(path, max_bytes)
    return decode_text(path, _read_bytes(path, max_bytes))


def read_stdin(stream, name: str = "<stdin>", max_bytes: int = MAX_BYTES) -> Source:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"{name}: 输入过大（超过 {max_bytes // (1024 * 1024)} MB），请拆分后再检查")
    if data[:2] == b"PK" and name.lower().endswith(DOCX_SUFFIXES):
        import io
        return _docx_from(io.BytesIO(data), name)
    return decode_text(name, data)


def _read_bytes(path: str, max_bytes: int) -> bytes:
    return read_file(path, max_bytes)[0]


def read_file(path: str, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """(bytes, stat of the file read) of a regular file, at most max_bytes.

    The file is opened without blocking (a FIFO never hangs the run) and refused unless it is
    a regular file; the read stops after max_bytes + 1 bytes whatever the size in the
    directory says (/proc files, a file that grows while it is read)."""
    mb = max_bytes / 1048576
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(f"{path}: 文件不存在") from None
    except PermissionError:
        raise InputError(f"{path}: 没有读取权限") from None
    except IsADirectoryError:
        raise InputError(f"{path}: 是文件夹，不是文件") from None
    except OSError as err:
        raise InputError(f"{path}: 无法读取（{err.strerror or err}）") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{path}: 是文件夹，不是文件")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{path}: 不是普通文件（设备、管道或套接字），未检查；"
                             "标准输入请用 -")
        if st.st_size > max_bytes:
            raise InputError(f"{path}: 文件过大（{st.st_size / 1048576:.1f} MB，上限 "
                             f"{mb:.0f} MB），请拆分后再检查")
        os.set_blocking(fd, True)
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise InputError(f"{path}: 文件过大（超过 {mb:.0f} MB），请拆分后再检查")
        return b"".join(chunks), st
    except IsADirectoryError:
        raise InputError(f"{path}: 是文件夹，不是文件") from None
    except OSError as err:
        raise InputError(f"{path}: 无法读取（{err.strerror or err}）") from None
    finally:
        os.close(fd)


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:65536]:
        return True
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 100)


def decode_text(path: str, data: bytes) -> Source:
    """Decode a text draft; detect the encoding from the bytes."""
    if not data.strip():
        raise InputError(f"{path}: 文件是空的")
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = "utf-16", data
    else:
        encoding, body = None, data
    if encoding is None:
        if data[:2] == b"PK" and zipfile.is_zipfile(_bytes_io(data)):
            raise InputError(f"{path}: 是压缩包或 Word 文件，不是文本文件（Word 文件请用 .docx 扩展名）")
        if _looks_binary(data):
            raise InputError(f"{path}: 是二进制文件，不是文本草稿")
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = _detect(data)
            if encoding is None:
                raise InputError(f"{path}: 无法识别文件编码（请另存为 UTF-8 或 GB18030）") from None
            try:
                text = data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                raise InputError(f"{path}: 无法识别文件编码（请另存为 UTF-8 或 GB18030）") from None
    else:
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            raise InputError(f"{path}: 文件编码损坏（{encoding}）") from None
    newline = "\r\n" if "\r\n" in text[:100000] else ("\r" if "\r" in text[:100000] else "\n")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{path}: 文件是空的")
    return Source(path=path, text=text, format="text", encoding=encoding, newline=newline)


def _detect(data: bytes) -> str | None:
    """Pick an encoding for bytes that are not UTF-8: GB18030 when it decodes, else ask
    charset-normalizer (which also knows Big5 and the rest)."""
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        # GB18030 decodes most byte soups; accept it only when the result reads as Chinese text
        text = data.decode("gb18030")
        cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        if cjk >= max(1, len(text) // 10):
            return "gb18030"
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    if best is None:
        return None
    enc = best.encoding
    if enc in ("gbk", "gb2312", "hz"):
        enc = "gb18030"  # the superset: never fail on a character GBK lacks
    return enc


def _bytes_io(data: bytes):
    import io
    return io.BytesIO(data)


def read_docx(path: str, max_bytes: int = MAX_BYTES) -> Source:
    data = _read_bytes(path, max_bytes)
    if not data:
        raise InputError(f"{path}: 文件是空的")
    return _docx_from(_bytes_io(data), path)


def _docx_from(stream, path: str) -> Source:
    if not zipfile.is_zipfile(stream):
        raise InputError(f"{path}: 不是有效的 .docx 文件（不是 Word 压缩包）")
    stream.seek(0)
    try:
        import docx  # python-docx; imported only when a Word file is read
        document = docx.Document(stream)
        paragraphs = [p.text for p in document.paragraphs]
    except InputError:
        raise
    except Exception as err:  # python-docx raises many types on broken packages
        raise InputError(f"{path}: 不是有效的 .docx 文件（{type(err).__name__}）") from None
    text = "\n".join(p.replace("\r", "").replace("\n", " ").replace("\v", " ") for p in paragraphs)
    if not text.strip():
        raise InputError(f"{path}: 文件是空的（Word 文件中没有文字段落）")
    return Source(path=path, text=text, format="docx", encoding="docx")


def walk(root: str, follow_symlinks: bool = False, warn=None) -> list[str]:
    """Draft files under a folder (.txt, .md, .docx), sorted; symlinks leaving the folder are
    skipped unless follow_symlinks. Hidden folders and Word lock files (~$x.docx) are skipped."""
    out: list[str] = []
    real_root = os.path.realpath(root)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=follow_symlinks):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.lower().endswith(SUFFIXES) or name.startswith(("~$", ".")):
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
