"""Readers: turn a file (or stdin) into text, by what its bytes are, not by its name.

checker.readers.sniff tells the kind from the content: text (.txt/.md; the encoding from the
bytes: a BOM, strict UTF-8, then charset-normalizer's detection — GB18030/GBK drafts are
common), WordprocessingML (.docx/.docm/.dotx/.dotm and what WPS writes: checker.readers.wordml,
one line per paragraph — a finding's line is the paragraph number — with automatic numbering,
accepted revisions, tables, text boxes …), Word 97 / WPS / OpenDocument / RTF
(checker.readers.office, through LibreOffice), PDF with a text layer (checker.readers.pdf).
A .doc renamed .docx is read as .doc; a picture named .docx is refused as a picture.
Every failure is an InputError with a one-line Chinese message; the CLI turns it into exit 2.
"""

from __future__ import annotations

import os

from checker.readers.docx import (DOCX_FILE_FACTOR, DOCX_TOTAL_FACTOR, DOCX_XML_FACTOR,
                                  check_package, docx_from, read_docx)
from checker.readers.folders import skip_reason, walk
from checker.readers.sniff import office_kind_from_head, sniff
from checker.readers.source import (BINARY_SUFFIXES, DOCX_SUFFIXES, MAX_BYTES, MAX_TEXT, OFFICE_SUFFIXES,
                                    PDF_SUFFIXES, SUFFIXES, TEXT_SUFFIXES, InputError, Source,
                                    read_file)
from checker.readers.text import decode_text

__all__ = ["BINARY_SUFFIXES", "DOCX_FILE_FACTOR", "DOCX_SUFFIXES", "DOCX_TOTAL_FACTOR",
           "DOCX_XML_FACTOR", "MAX_BYTES", "MAX_TEXT", "OFFICE_SUFFIXES", "PDF_SUFFIXES", "SUFFIXES",
           "TEXT_SUFFIXES", "InputError", "Source", "check_package", "decode_text", "docx_from",
           "prepare", "read_bytes", "read_docx", "read_file", "read_path", "read_stdin", "text_limit",
           "skip_reason", "walk"]


def _suffix(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def _expected(suffix: str) -> str:
    if suffix in DOCX_SUFFIXES or suffix in OFFICE_SUFFIXES:
        return "Word 文件"
    if suffix in PDF_SUFFIXES:
        return "PDF 文件"
    return "文本文件"


def _spaced(phrase: str) -> str:
    """A phrase after a Chinese word: a space before it when it starts with a Latin letter."""
    return " " + phrase if phrase[:1].isascii() else phrase


def _file_limit(name: str, max_bytes: int) -> int:
    """Bytes a file may have: Word and PDF files DOCX_FILE_FACTOR times --max-size (pictures;
    their text is held to --max-size), text files --max-size."""
    return max_bytes * DOCX_FILE_FACTOR if _suffix(name) in BINARY_SUFFIXES else max_bytes


def read_path(path: str, max_bytes: int = MAX_BYTES, max_text: int | None = None) -> Source:
    """A named draft of at most max_bytes (a Word or PDF file may be DOCX_FILE_FACTOR times
    larger: pictures), whose text is at most max_text bytes of UTF-8 (default: max_bytes)."""
    return read_bytes(path, read_file(path, _file_limit(path, max_bytes))[0], max_bytes, max_text)


def read_stdin(stream, name: str = "<stdin>", max_bytes: int = MAX_BYTES,
               max_text: int | None = None) -> Source:
    """Standard input, with the limits of a file of the same name (--stdin-filename): a name
    with a Word or PDF suffix gets that file's allowance; the content decides how it is read."""
    limit = _file_limit(name, max_bytes)
    data = stream.read(limit + 1)
    if len(data) > max_bytes and not _binary_head(data[:1024]):
        limit = max_bytes
    if len(data) > limit:
        raise InputError(f"{name}: 输入过大（超过 {limit // (1024 * 1024)} MB），请拆分后再检查")
    return read_bytes(name, data, max_bytes, max_text)


def _binary_head(head: bytes) -> bool:
    """Bytes that start like a Word, OLE2, RTF or PDF file (which get a file's allowance)."""
    return (head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) or b"%PDF-" in head
            or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"))


def _head(path: str, n: int = 4096) -> bytes | None:
    """The first bytes of a regular file, opened without blocking (a FIFO never hangs), or None."""
    import stat
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        os.set_blocking(fd, True)
        return os.read(fd, n)
    except OSError:
        return None
    finally:
        os.close(fd)


def text_limit(src: Source, max_text: int) -> Source:
    """src, if its text is at most max_text bytes of UTF-8; else InputError (one line)."""
    size = len(src.text.encode("utf-8", "surrogatepass"))
    if size > max_text:
        raise InputError(f"{src.path}: 文字过多（{size / 1048576:.1f} MB，上限 "
                         f"{_mb(max_text)} MB），请拆分后再检查（--max-text 可放宽）")
    return src


def _mb(n: int) -> str:
    return f"{n / 1048576:.0f}" if n >= 1048576 else f"{n / 1048576:.1f}"



def read_bytes(path: str, data: bytes, max_bytes: int = MAX_BYTES,
               max_text: int | None = None) -> Source:
    """A draft from its bytes, read as what they are; `path` names it in messages, and its
    suffix only settles what the bytes leave open (a web page saved as .doc is read as Word, a
    .txt holding HTML as text)."""
    suffix = _suffix(path)
    text = min(max_bytes, max_text) if max_text else max_bytes
    if not data.strip():
        raise InputError(f"{path}: 文件是空的")
    kind = sniff(data)
    if kind.name is None:
        raise InputError(f"{path}: 不是{_spaced(_expected(suffix))}（是{_spaced(kind.what)}）")
    if kind.name == "wordml":
        return docx_from(data, path, max_bytes, text_limit=text)
    if kind.name == "pdf":
        from checker.readers.pdf import read_pdf
        return text_limit(read_pdf(path, data), text)
    if kind.name in ("word97", "odt", "rtf") or (
            kind.name == "markup" and suffix in OFFICE_SUFFIXES + DOCX_SUFFIXES):
        from checker.readers.office import read_office
        return read_office(path, data, kind.name, max_bytes, text)
    if suffix in BINARY_SUFFIXES:
        raise InputError(f"{path}: 不是有效的{_expected(suffix)}（内容是纯文本；文本草稿请用 .txt 扩展名）")
    if len(data) > max_bytes:
        raise InputError(f"{path}: 文件过大（{len(data) / 1048576:.1f} MB，上限 "
                         f"{max_bytes / 1048576:.0f} MB），请拆分后再检查")
    return text_limit(decode_text(path, data), text)


def prepare(paths) -> None:
    """Tell the readers which files will be read, so that every file that goes through
    LibreOffice is converted in one start (checker.readers.office.expect).  Only the first
    bytes of the files with a Word or PDF name are looked at; a file that cannot be opened is
    left for its turn, when its error is reported."""
    items = []
    for path in paths:
        if path == "-" or _suffix(path) not in BINARY_SUFFIXES:
            continue
        head = _head(path)
        if head is None:
            continue
        kind = office_kind_from_head(head)
        if kind == "markup" and _suffix(path) not in OFFICE_SUFFIXES + DOCX_SUFFIXES:
            kind = None
        if kind:
            items.append((path, kind))
    if items:
        from checker.readers import office
        office.expect(items)
