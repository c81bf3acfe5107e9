"""`--fix` on a Word draft: the safe fixes made in word/document.xml, nothing else touched.

`fix_package(data, text, edits)` takes the .docx bytes that were checked, the text the reader
gave for them and the net edits of the fixes (fixer.fix_edits), and gives the new bytes:

- the text is mapped by the reader's own reading (checker.readers.docx_map.document_map), so a
  fix is made where its characters stand: in body paragraphs, table cells, text boxes and
  shapes (the ``mc:AlternateContent`` Choice the reader read; its VML Fallback, when it holds
  the same number of text boxes, is then given a copy of the fixed boxes so both show one
  text), content controls, hyperlinks, smart tags, and inserted runs of the draft's own
  tracked changes (the fixed text stays an insertion);
- only the main document part (word/document.xml, found through _rels/.rels) is rewritten, and
  in it only the w:t texts an edit covers: a fix inside one run edits that run's w:t, a fix
  spanning runs edits each run it covers (the replacement goes into the run of the first
  character it replaces, so it takes that run's formatting); no w:rPr is touched.  A tab or
  line break an edit removes is removed;
- a fix that joins paragraphs (a paragraph broken in the middle of a sentence) moves the runs of
  the following paragraphs into the first one, which keeps its paragraph properties — only
  paragraphs that follow one another in one container (not a box's paragraph and the body's);
- every other member of the package is copied byte for byte, compressed bytes included, in the
  same order; the central directory is the original one with the offsets and the rewritten
  member's sizes and CRC updated;
- an edit that cannot be made this way is left out and counted (`skipped`): one that inserts a
  paragraph break, one on text in no run (an automatic number, a field result) or on a
  paragraph the reader's map does not match, one that would join a paragraph carrying a
  section break or paragraphs that do not follow one another.

Writing the file is the caller's business (checker.app.safe_write.replace_contents).
"""

from __future__ import annotations

import bisect
import copy
import io
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from checker.errors import OneLineError
from checker.model.findings import Fix
from checker.readers.docx_map import document_map, follows, w

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
OFFICE_DOCUMENT = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                   "officeDocument")


class DocxFixError(OneLineError):
    """The package cannot be fixed in place (str(err): why, in Chinese)."""


@dataclass
class DocxFix:
    data: bytes                                        # the new package
    applied: list[Fix] = field(default_factory=list)
    skipped: list[Fix] = field(default_factory=list)


def fix_package(data: bytes, text: str, edits) -> DocxFix:
    name = main_part_name(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read(name)
    parser = etree.XMLParser(resolve_entities=False, huge_tree=True, remove_blank_text=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        raise DocxFixError("Word 文件的正文部分不是有效的 XML，未修正") from None
    body = root.find(w("body"))
    if body is None:
        raise DocxFixError("Word 文件没有正文，未修正")
    try:
        maps = document_map(data, root)
    except Exception:   # the reader read these bytes when they were checked
        raise DocxFixError("Word 文件的正文无法读取，未修正") from None
    lines = text.split("\n")
    if len(maps) != len(lines):
        raise DocxFixError("Word 文件的段落与检查时读到的不一致（文件可能已被修改），未修正")
    ok = [m.text == line for m, line in zip(maps, lines)]
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    out = DocxFix(data)
    touched: list = []
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        if _apply(e, maps, ok, starts, lines):
            out.applied.append(e)
            touched.append(maps[_locate(starts, e.start)[0]].element)
        else:
            out.skipped.append(e)
    out.applied.reverse()
    out.skipped.reverse()
    _sync_fallbacks(touched)
    if out.applied:
        new_xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out.data = replace_member(data, name, new_xml)
    return out


def _locate(starts, offset: int) -> tuple[int, int]:
    i = bisect.bisect_right(starts, offset) - 1
    return i, offset - starts[i]


def _apply(e: Fix, maps, ok, starts, lines) -> bool:
    ia, ca = _locate(starts, e.start)
    ib, cb = _locate(starts, e.end)
    if "\n" in e.replacement or not all(ok[ia:ib + 1]):
        return False
    for k in range(ia, ib):
        if len(maps[k].elements) != 1 or len(maps[k + 1].elements) != 1 \
                or not follows(maps[k], maps[k + 1]):
            return False
        ppr = maps[k].element.find(w("pPr"))
        if ppr is not None and ppr.find(w("sectPr")) is not None:
            return False
    spans = [(k, ca if k == ia else 0, cb if k == ib else len(lines[k])) for k in range(ia, ib + 1)]
    for k, lo, hi in spans:
        if any(p.run is None and p.start < hi and lo < p.end for p in maps[k].pieces):
            return False
    for k, lo, hi in reversed(spans):
        _edit_paragraph(maps[k].element, maps[k].pieces, lo, hi,
                        e.replacement if k == ia else "")
    first = maps[ia].element
    for k in range(ia + 1, ib + 1):
        p = maps[k].element
        for child in list(p):
            if child.tag != w("pPr"):
                first.append(child)
        p.getparent().remove(p)
    return True


def _sync_fallbacks(paragraphs) -> None:
    """A text box fixed in an mc:Choice: give the Fallback (the same box in VML, for readers
    that do not read the Choice) a copy of the fixed boxes, when it holds as many."""
    done = set()
    for p in paragraphs:
        for choice in p.iterancestors(f"{{{MC}}}Choice"):
            if id(choice) in done:
                continue
            done.add(id(choice))
            fallback = choice.getparent().find(f"{{{MC}}}Fallback")
            if fallback is None:
                continue
            new = list(choice.iter(w("txbxContent")))
            old = list(fallback.iter(w("txbxContent")))
            if not new or len(new) != len(old):
                continue
            for n, o in zip(new, old):
                for child in list(o):
                    o.remove(child)
                for child in n:
                    o.append(copy.deepcopy(child))


def _edit_paragraph(p, pieces, lo: int, hi: int, repl: str) -> None:
    """Replace columns [lo, hi) of a paragraph with repl, in the w:t elements that hold them."""
    covered = [q for q in pieces if q.start < hi and lo < q.end]
    home = None
    if covered:
        home = covered[0]
    elif repl:
        placed = [q for q in pieces if q.run is not None]
        home = (next((q for q in reversed(placed) if q.end == lo), None)
                or next((q for q in placed if q.start == lo), None))
    for q in reversed(covered):
        put = repl if q is home else ""
        if q.is_text:
            i = q.at + max(lo, q.start) - q.start
            j = q.at + min(hi, q.end) - q.start
            _set_text(q.node, q.node.text[:i] + put + q.node.text[j:])
        else:
            if put:
                q.node.addprevious(_t(put))
            q.node.getparent().remove(q.node)
    if covered or not repl:
        return
    if home is None:                       # an empty paragraph: a new run of its own
        r = etree.SubElement(p, w("r"))
        r.append(_t(repl))
    elif home.is_text:
        i = home.at + (lo - home.start)
        _set_text(home.node, home.node.text[:i] + repl + home.node.text[i:])
    elif home.end == lo:
        home.node.addnext(_t(repl))
    else:
        home.node.addprevious(_t(repl))


def _t(text: str):
    t = etree.Element(w("t"))
    _set_text(t, text)
    return t


def _set_text(t, text: str) -> None:
    t.text = text
    if text != text.strip(" \t\n\r") and t.get(XML_SPACE) != "preserve":
        t.set(XML_SPACE, "preserve")


# --- the package --------------------------------------------------------------------------
def main_part_name(data: bytes) -> str:
    """The zip member holding the main document (word/document.xml as a rule)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            rels = etree.fromstring(z.read("_rels/.rels"),
                                    etree.XMLParser(resolve_entities=False))
            names = set(z.namelist())
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError):
        raise DocxFixError("不是有效的 Word 文件（缺少 _rels/.rels），未修正") from None
    for rel in rels:
        if rel.get("Type") == OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            name = posixpath.normpath(rel.get("Target", "").lstrip("/"))
            if name in names:
                return name
    raise DocxFixError("Word 文件中找不到正文部分，未修正")


_EOCD = struct.Struct("<4s4H2LH")
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")


def replace_member(data: bytes, name: str, content: bytes) -> bytes:
    """The zip `data` with member `name` holding `content` instead; every other byte of the
    archive (other members' headers and compressed data, their order, the comment) is kept."""
    pos = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
    if pos < 0 or len(data) < pos + _EOCD.size:
        raise DocxFixError("Word 压缩包的目录无法读取，未修正")
    (_, disk, cd_disk, n_here, n_total, cd_size, cd_offset, comment_len) = \
        _EOCD.unpack_from(data, pos)
    if (disk or cd_disk or n_here != n_total or 0xFFFF in (n_here, n_total)
            or 0xFFFFFFFF in (cd_size, cd_offset) or cd_offset + cd_size != pos
            or data[max(0, pos - 20):pos - 16] == b"PK\x06\x07"):
        raise DocxFixError("Word 压缩包格式特殊（分卷或 ZIP64），未修正")
    entries, at = [], cd_offset
    for _ in range(n_total):
        fields = list(_CENTRAL.unpack_from(data, at))
        if fields[0] != b"PK\x01\x02":
            raise DocxFixError("Word 压缩包的目录已损坏，未修正")
        nlen, xlen, clen = fields[10], fields[11], fields[12]
        raw_name = data[at + _CENTRAL.size:at + _CENTRAL.size + nlen]
        entries.append((fields, raw_name, data[at + _CENTRAL.size:at + _CENTRAL.size + nlen
                                               + xlen + clen]))
        at += _CENTRAL.size + nlen + xlen + clen
    want = [i for i, (f, raw, _) in enumerate(entries)
            if raw.decode("utf-8" if f[3] & 0x800 else "cp437") == name]
    if len(want) != 1:
        raise DocxFixError("Word 压缩包中的正文部分有误，未修正")
    if any(0xFFFFFFFF in (f[8], f[9], f[16]) for f, _, _ in entries):
        raise DocxFixError("Word 压缩包格式特殊（ZIP64），未修正")
    fields = entries[want[0]][0]
    flag, method, off = fields[3], fields[4], fields[16]
    if flag & 0x1 or method not in (0, 8):
        raise DocxFixError("Word 压缩包已加密或使用了不支持的压缩方式，未修正")
    local = list(_LOCAL.unpack_from(data, off))
    if local[0] != b"PK\x03\x04":
        raise DocxFixError("Word 压缩包已损坏，未修正")
    head_end = off + _LOCAL.size + local[9] + local[10]
    later = sorted(f[16] for f, _, _ in entries if f[16] > off)
    record_end = later[0] if later else cd_offset
    if method == 8:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = packer.compress(content) + packer.flush()
    else:
        packed = content
    crc = zlib.crc32(content) & 0xFFFFFFFF
    local[2] &= ~0x08                      # sizes in the header, no data descriptor
    local[6], local[7], local[8] = crc, len(packed), len(content)
    record = _LOCAL.pack(*local) + data[off + _LOCAL.size:head_end] + packed
    delta = len(record) - (record_end - off)
    out = [data[:off], record, data[record_end:cd_offset]]
    for i, (f, _, rest) in enumerate(entries):
        f = list(f)
        if i == want[0]:
            f[3] &= ~0x08
            f[7], f[8], f[9] = crc, len(packed), len(content)
        if f[16] > off:
            f[16] += delta
        out.append(_CENTRAL.pack(*f) + rest)
    eocd = list(_EOCD.unpack_from(data, pos))
    eocd[6] = cd_offset + delta
    out.append(_EOCD.pack(*eocd) + data[pos + _EOCD.size:])
    return b"".join(out)
