"""Text drafts: decode bytes by what they are, not by the file's extension — a BOM, then strict
UTF-8, then charset-normalizer's detection (GB18030/GBK drafts are common)."""

from __future__ import annotations

import codecs
import io
import zipfile

from checker.readers.source import InputError, Source


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
        if data[:2] == b"PK" and zipfile.is_zipfile(io.BytesIO(data)):
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
