"""Readers: turn a file (or stdin) into text, one function per format.

Text files are decoded by what their bytes are, not by their extension: a BOM, then strict UTF-8,
then charset-normalizer's detection (GB18030/GBK drafts are common). .docx files give their
paragraphs in order, one per line, so a finding's line is the paragraph number.
Every failure is an InputError with a one-line Chinese message; the CLI turns it into exit 2.
"""

from __future__ import annotations

from checker.readers.docx import (DOCX_FILE_FACTOR, DOCX_TOTAL_FACTOR, DOCX_XML_FACTOR,
                                  check_package, docx_from, read_docx)
from checker.readers.folders import walk
from checker.readers.source import (DOCX_SUFFIXES, MAX_BYTES, SUFFIXES, TEXT_SUFFIXES, InputError,
                                    Source, read_file)
from checker.readers.text import decode_text

__all__ = ["DOCX_FILE_FACTOR", "DOCX_SUFFIXES", "DOCX_TOTAL_FACTOR", "DOCX_XML_FACTOR", "MAX_BYTES",
           "SUFFIXES", "TEXT_SUFFIXES", "InputError", "Source", "check_package", "decode_text",
           "docx_from", "read_docx", "read_file", "read_path", "read_stdin", "walk"]


def read_path(path: str, max_bytes: int = MAX_BYTES) -> Source:
    """A named draft, at most max_bytes of text (a .docx file may be DOCX_FILE_FACTOR times
    larger: pictures)."""
    if path.lower().endswith(DOCX_SUFFIXES):
        return read_docx(path, max_bytes)
    return decode_text(path, read_file(path, max_bytes)[0])


def read_stdin(stream, name: str = "<stdin>", max_bytes: int = MAX_BYTES) -> Source:
    """Standard input, with the limits of a file of the same name: a Word package (named .docx
    by --stdin-filename) gets the allowance and the guard of a .docx file."""
    word = name.lower().endswith(DOCX_SUFFIXES)
    limit = max_bytes * DOCX_FILE_FACTOR if word else max_bytes
    data = stream.read(limit + 1)
    if not (word and data[:2] == b"PK"):
        limit = max_bytes
    if len(data) > limit:
        raise InputError(f"{name}: 输入过大（超过 {limit // (1024 * 1024)} MB），请拆分后再检查")
    if word and data[:2] == b"PK":
        return docx_from(data, name, max_bytes)
    return decode_text(name, data)
