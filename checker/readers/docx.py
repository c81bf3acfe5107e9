"""Word drafts (.docx, .docm, .dotx, .dotm, and the .docx WPS writes): rendered by
checker.readers.wordml — the paragraphs in order, one per line, so a finding's line is the
paragraph number — with automatic numbering, tracked changes accepted, table cells (marked as
table lines), text boxes, content controls and field results.  Files read through LibreOffice
(.doc, .wps, .odt, .rtf) come here too, as the .docx LibreOffice makes of them.

Every Word package — a file, standard input, and whatever else hands over .docx bytes — goes
through one guard, `check_package`, before its XML is parsed.  It inflates every member
through zipfile's streaming reader and counts the bytes that really come out (the sizes written
in the zip headers are only compared with them, never trusted), and stops as soon as a limit is
passed, so a zip bomb costs at most the allowance, never its claimed size:

- all members together inflate to at most DOCX_TOTAL_FACTOR x --max-size (pictures included);
- members lxml could parse as XML (everything that is not a picture or another
  binary part) inflate to at most DOCX_XML_FACTOR x --max-size together, so XML parsing costs
  about what checking the largest allowed text costs;
- a package has at most MAX_PARTS members (counted before zipfile reads its directory);
- a member whose inflated bytes do not match its headers (size or CRC) is refused, named.
"""

from __future__ import annotations

import io
import zipfile

from checker.readers.source import MAX_BYTES, InputError, Source, read_file

DOCX_FILE_FACTOR = 5     # a .docx file may be this many times --max-size (pictures)
DOCX_XML_FACTOR = 3      # its XML parts may inflate to this many times --max-size, together
DOCX_TOTAL_FACTOR = 10   # all its parts may inflate to this many times --max-size, together
MAX_PARTS = 10_000       # members of one package (a report with 500 pictures has about 520)
_CHUNK = 1 << 16
_CENTRAL = b"PK\x01\x02"   # every central directory entry zipfile reads begins with it

# the first bytes of parts that are not XML (pictures, embedded objects): lxml cannot start
# parsing any of them, so they count only towards the total
_BINARY = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*",
           b"\x01\x00\x00\x00",                      # EMF
           b"\xd7\xcd\xc6\x9a", b"\x01\x00\x09\x00", b"\x02\x00\x09\x00",   # WMF
           b"\xd0\xcf\x11\xe0", b"PK\x03\x04", b"RIFF", b"%PDF")


def _mb(n: float) -> str:
    return f"{n / 1048576:.0f} MB"


def check_package(package, name: str, max_bytes: int = MAX_BYTES) -> None:
    """Refuse (InputError) a Word package that inflates to more than its allowance for a
    --max-size of max_bytes, or whose members do not match their headers.

    package is the package's bytes or an open zipfile.ZipFile.  Members are read through
    ZipFile.open() and their inflated bytes counted, at most one chunk past a limit."""
    if isinstance(package, zipfile.ZipFile):
        _check_members(package, name, max_bytes)
        return
    data = bytes(package)
    if data.count(_CENTRAL) > MAX_PARTS:
        raise InputError(f"{name}: Word 压缩包中的文件过多（超过 {MAX_PARTS} 个），不像一份报告草稿")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            _check_members(z, name, max_bytes)
    except InputError:
        raise
    except Exception as err:  # a broken directory: zipfile raises many types
        raise InputError(f"{name}: 不是有效的 .docx 文件（{type(err).__name__}）") from None


def _check_members(z: zipfile.ZipFile, name: str, max_bytes: int) -> None:
    members = z.infolist()
    if len(members) > MAX_PARTS:
        raise InputError(f"{name}: Word 压缩包中的文件过多（{len(members)} 个），不像一份报告草稿")
    total_limit = DOCX_TOTAL_FACTOR * max_bytes
    xml_limit = DOCX_XML_FACTOR * max_bytes
    total = xml = 0
    for info in members:             # folders too: their entries may carry data as well
        count, is_xml = 0, None
        try:
            with z.open(info) as fh:
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    if is_xml is None:
                        is_xml = not chunk.startswith(_BINARY)
                    count += len(chunk)
                    total += len(chunk)
                    if is_xml:
                        xml += len(chunk)
                    if xml > xml_limit:
                        raise InputError(
                            f"{name}: Word 文件解压后过大（文字和格式部分超过 {_mb(xml_limit)}，"
                            f"即 --max-size 的 {DOCX_XML_FACTOR} 倍），不像一份报告草稿")
                    if total > total_limit:
                        raise InputError(
                            f"{name}: Word 文件解压后过大（超过 {_mb(total_limit)}，"
                            f"即 --max-size 的 {DOCX_TOTAL_FACTOR} 倍），不像一份报告草稿")
        except InputError:
            raise
        except zipfile.BadZipFile as err:
            if "CRC" in str(err):
                raise InputError(f"{name}: Word 文件已损坏（{info.filename} 解压出的内容与文件头"
                                 "记录的大小或校验值不符）") from None
            raise InputError(f"{name}: 不是有效的 .docx 文件（{info.filename}：{err}）") from None
        except Exception as err:  # bad deflate data, unsupported method, encrypted member …
            raise InputError(f"{name}: 不是有效的 .docx 文件（{info.filename} 无法解压："
                             f"{type(err).__name__}）") from None
        if count != info.file_size:
            raise InputError(f"{name}: Word 文件已损坏（{info.filename} 解压出 {count} 字节，与文件头"
                             f"记录的 {info.file_size} 字节不符）")


def read_docx(path: str, max_bytes: int = MAX_BYTES) -> Source:
    """A Word file whose text may be max_bytes: the file itself may be DOCX_FILE_FACTOR times
    larger (pictures)."""
    data = read_file(path, max_bytes * DOCX_FILE_FACTOR)[0]
    return docx_from(data, path, max_bytes)


def docx_from(data, path: str, max_bytes: int = MAX_BYTES, fmt: str = "docx",
              text_limit: int | None = None) -> Source:
    """The text of a Word package given as bytes (or a binary stream), checked by
    check_package before its XML is parsed (allowances from max_bytes); at most text_limit
    bytes of text (default max_bytes)."""
    limit = text_limit or max_bytes
    from checker.readers.wordml import TextTooLong, WordMLError, read_wordml, to_source
    if not isinstance(data, (bytes, bytearray, memoryview)):
        data = data.read()
    data = bytes(data)
    if not data:
        raise InputError(f"{path}: 文件是空的")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(f"{path}: 不是有效的 .docx 文件（不是 Word 压缩包）")
    check_package(data, path, max_bytes)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            wt = read_wordml(z, DOCX_XML_FACTOR * max_bytes, text_limit=limit)
    except TextTooLong:
        raise InputError(f"{path}: 文字过多（超过 {_text_mb(limit)} MB 的上限），"
                         "请拆分后再检查（--max-text 可放宽）") from None
    except WordMLError as err:
        raise InputError(f"{path}: 不是有效的 .docx 文件（{err}）") from None
    except Exception as err:  # a broken package: zipfile and lxml raise many types
        raise InputError(f"{path}: 不是有效的 .docx 文件（{type(err).__name__}）") from None
    src = to_source(path, wt, fmt)
    size = len(src.text.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise InputError(f"{path}: 文字过多（{size / 1048576:.1f} MB，上限 "
                         f"{_text_mb(limit)} MB），请拆分后再检查（--max-text 可放宽）")
    return src


def _text_mb(n: int) -> str:
    return f"{n / 1048576:.0f}" if n >= 1048576 else f"{n / 1048576:.1f}"
