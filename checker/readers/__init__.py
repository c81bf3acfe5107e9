"""Readers: turn a file (or stdin) into text, one function per format.

Text files are decoded by what their bytes are, not by their extension: a BOM, then strict UTF-8,
then charset-normalizer's detection (GB18030/GBK drafts are common). .docx files give their
paragraphs in order, one per line, so a finding's line is the paragraph number.
Every failure is an InputError with a one-line Chinese message; the CLI turns it into exit 2.
"""

from __future__ import annotations

from checker.readers.docx import docx_from, read_docx
from checker.readers.folders import walk
from checker.readers.source import (DOCX_SUFFIXES, MAX_BYTES, SUFFIXES, TEXT_SUFFIXES, InputError,
                                    Source, read_file)
from checker.readers.text import decode_text

__all__ = ["DOCX_SUFFIXES", "MAX_BYTES", "SUFFIXES", "TEXT_SUFFIXES", "InputError", "Source",
           "decode_text", "read_docx", "read_file", "read_path", "read_stdin", "walk"]


def read_path(path: str, max_bytes: int = MAX_BYTES) -> Source:
    if path.lower().endswith(DOCX_SUFFIXES):
        return read_docx(path, max_bytes)
    return decode_text(path, read_file(path, max_bytes)[0])


def read_stdin(stream, name: str = "<stdin>", max_bytes: int = MAX_BYTES) -> Source:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"{name}: 输入过大（超过 {max_bytes // (1024 * 1024)} MB），请拆分后再检查")
    if data[:2] == b"PK" and name.lower().endswith(DOCX_SUFFIXES):
        import io
        return docx_from(io.BytesIO(data), name)
    return decode_text(name, data)
