"""Word drafts (.docx): the paragraphs in order, one per line, so a finding's line is the
paragraph number (python-docx, imported only when a Word file is read)."""

from __future__ import annotations

import io
import zipfile

from checker.readers.source import MAX_BYTES, InputError, Source, read_file


def read_docx(path: str, max_bytes: int = MAX_BYTES) -> Source:
    data = read_file(path, max_bytes)[0]
    if not data:
        raise InputError(f"{path}: 文件是空的")
    return docx_from(io.BytesIO(data), path)


def docx_from(stream, path: str) -> Source:
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
