"""What a file is, from its bytes, not its name: a .doc renamed .docx is read as .doc, a picture
named .docx is refused as a picture.

``sniff(data)`` returns a Kind: ``name`` is one of the readable kinds

    wordml   a WordprocessingML zip (.docx .docm .dotx .dotm, also what WPS writes)
    word97   an OLE2 compound file with a WordDocument stream (.doc, WPS .wps/.wpt, Works)
    odt      an OpenDocument text zip (mimetype application/vnd.oasis.opendocument.text)
    rtf      starts with {\\rtf
    pdf      %PDF- near the start
    markup   HTML, MHT or Word 2003 XML — what many ".doc" files on government sites really are
             (read as Word only when the name says it is an office file)
    text     anything else that is not recognisably binary

or ``None`` with ``what`` saying what the file is instead (“PNG 图片”, “Excel 表格” …).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Kind:
    name: str | None      # readable kind (see the module doc), or None
    what: str = ""        # for None: what the file is, in Chinese


_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"), (b"\xff\xd8\xff", "JPEG 图片"), (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"), (b"II*\x00", "TIFF 图片"), (b"MM\x00*", "TIFF 图片"),
)
_ARCHIVES = (
    (b"Rar!\x1a\x07", "RAR 压缩包"), (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"), (b"\x1f\x8b", "gzip 压缩包"),
    (b"BZh", "bzip2 压缩包"), (b"\xfd7zXZ\x00", "xz 压缩包"),
)


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _ole(data: bytes) -> Kind:
    """An OLE2 compound file: which application by the stream names in its directory."""
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        return Kind(None, "有密码保护的 Office 文件（请去掉密码后另存为 .docx）")
    if _utf16("WordDocument") in data:
        return Kind("word97")
    if _utf16("MatOST") in data or _utf16("CONTENTS") in data:       # Microsoft Works (.wps)
        return Kind("word97")
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return Kind(None, "Excel 表格")
    if _utf16("PowerPoint Document") in data:
        return Kind(None, "PowerPoint 演示文稿")
    return Kind(None, "Office 复合文档，但不是 Word 文件")


def _zip(data: bytes) -> Kind:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        names = set(z.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, RuntimeError, NotImplementedError):
        return Kind(None, "损坏的压缩包")
    if "mimetype" in names:
        try:
            with z.open("mimetype") as f:
                mime = f.read(200).decode("ascii", "replace").strip()
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError):
            mime = ""
        if mime in ("application/vnd.oasis.opendocument.text",
                    "application/vnd.oasis.opendocument.text-template"):
            return Kind("odt")
        if "opendocument.spreadsheet" in mime:
            return Kind(None, "OpenDocument 表格")
        if "opendocument.presentation" in mime:
            return Kind(None, "OpenDocument 演示文稿")
        if mime == "application/epub+zip":
            return Kind(None, "EPUB 电子书")
    if "word/document.xml" in names:
        return Kind("wordml")
    if "[Content_Types].xml" in names:
        try:
            with z.open("[Content_Types].xml") as f:
                types = f.read(1 << 20)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError):
            types = b""
        if b"wordprocessingml.document.main" in types or b"wordprocessingml.template.main" in \
                types or b"application/vnd.ms-word." in types:
            return Kind("wordml")
    if any(n.startswith("xl/") for n in names):
        return Kind(None, "Excel 表格")
    if any(n.startswith("ppt/") for n in names):
        return Kind(None, "PowerPoint 演示文稿")
    if "OFD.xml" in names:
        return Kind(None, "OFD 版式文件（请另存为 PDF 或 Word）")
    return Kind(None, "压缩包")


def sniff(data: bytes) -> Kind:
    head = data[:1024]
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip(data)
    if data.startswith(OLE_MAGIC):
        return _ole(data)
    if b"%PDF-" in head:
        return Kind("pdf")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:5] == b"{\\rtf":
        return Kind("rtf")
    for magic, what in _IMAGES + _ARCHIVES:
        if data.startswith(magic):
            return Kind(None, what)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return Kind(None, "WebP 图片")
    if data[:2] == b"BM" and b"\x00" in data[:64]:
        return Kind(None, "BMP 图片")
    low = stripped[:400].lower()
    if (low.startswith(b"mime-version:") or low.startswith(b"<html") or b"<!doctype html" in low
            or b'progid="word.document"' in low or b"<w:worddocument" in data[:4000].lower()):
        return Kind("markup")
    return Kind("text")


def office_kind_from_head(head: bytes) -> str | None:
    """From a file's first 4 KB: "word97", "odt", "rtf" or "markup" when the file will go to
    LibreOffice (an OLE2 file is assumed to be Word until read), else None."""
    if head.startswith(OLE_MAGIC):
        return "word97"
    if head.startswith(b"PK\x03\x04") and head[30:38] == b"mimetype":
        if head[38:38 + 39] == b"application/vnd.oasis.opendocument.text":
            return "odt"
        return None
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"{\\rtf":
        return "rtf"
    kind = sniff(head) if not head.startswith(b"PK") else Kind(None)
    return "markup" if kind.name == "markup" else None
