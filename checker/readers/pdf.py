"""PDF drafts with a text layer: the page lines joined back into paragraphs.

The library (pypdfium2, Apache-2.0/BSD-3: PDFium, the PDF engine of Chromium, in a wheel) was
chosen by measurement on the five seeds laid out as 公文 (.docx written here, PDF by
LibreOffice 7.4, 5 pages each; tests/office_files.gongwen):

    library        licence        ms per PDF (warm)   characters differing from the seed
    pypdfium2      Apache/BSD       42                 7 (the same 7 for all: see below)
    PyMuPDF        AGPL-3.0         37                 7
    pypdf          BSD-3           351                 7
    pdfminer.six   MIT             696                 7
    pdfplumber     MIT            1303                 7

All five read the text equally well (the 7 characters are commas LibreOffice hangs in the margin
at a line end and leaves out of the text layer), so the choice went to the fastest permissive
one; PyMuPDF is as fast but AGPL.  pypdfium2 also gives each character's box, which the
paragraph rebuilding needs.

How paragraphs are rebuilt, page by page, from each line's left and right edge and height:
- a line wrapped by the page joins the next one with nothing between them (a space only
  between two Latin letters or digits), so no "合 法性" is made here;
- a paragraph ends where a line ends short of the right margin (by 1.5 character widths), where
  the next line is indented (a first-line indent, a centred title, a right-aligned 落款), where
  the type size changes, or after a larger vertical gap than the line pitch; a title in large
  type that the page wraps goes on centred on its next line, and is joined;
- spaces PDFium makes up from gaps next to Chinese characters (the spacing Word and LibreOffice
  put between Chinese and Latin text: "2023 年") are left out; spaces in the file are kept;
- page numbers ("- 3 -", "第 3 页", "3 / 12", a bare number) at the top or bottom of a page are
  dropped, and so are running headers and footers: lines at the top or bottom repeated (digits
  aside) on at least half of the pages;
- a PDF without text on any page is a scan: InputError "扫描件，没有文字，无法检查".
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import regex as re

from checker.readers.source import InputError, Source

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~·\s]*\d{1,4}[-—–－~·\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"
    r"|(?i:page)\s*\d{1,4}(?:\s*(?i:of)\s*\d{1,4})?"
    r"|[-—–－]\s*[〇一二三四五六七八九十百]{1,4}\s*[-—–－])$")


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float          # the largest type size on the line (points)

    @property
    def height(self) -> float:
        return self.size


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or \
        0x3000 <= o <= 0x303F or o >= 0x20000


def _page_lines(tp) -> list[_Line]:
    """The text lines of a page, with their edges and type size.  A space PDFium made up from a
    gap (not in the file) next to a Chinese character is left out: it is the spacing a word
    processor puts between Chinese and Latin text, not a space the author typed."""
    import pypdfium2.raw as raw
    n = tp.count_chars()
    if n <= 0:
        return []
    text = tp.get_text_range(0, n)
    if len(text) != n:       # characters beyond the BMP: fetch one by one to keep indexes
        text = "".join((tp.get_text_range(i, 1) or " ")[:1] for i in range(n))
    lines: list[_Line] = []
    chars: list[tuple[str, int, bool]] = []

    def finish():
        kept = list(chars)
        while kept and kept[0][0].isspace():
            kept.pop(0)
        while kept and kept[-1][0].isspace():
            kept.pop()
        if not kept:
            return
        out = []
        for k, (ch, idx, generated) in enumerate(kept):
            if ch == " " and generated:
                left = kept[k - 1][0] if k else ""
                right = kept[k + 1][0] if k + 1 < len(kept) else ""
                if (left and _is_cjk(left)) or (right and _is_cjk(right)):
                    continue
            out.append(ch)
        boxes = [tp.get_charbox(idx) for ch, idx, _ in kept if not ch.isspace()]
        size = max(raw.FPDFText_GetFontSize(tp.raw, idx) for ch, idx, _ in kept
                   if not ch.isspace())
        lines.append(_Line("".join(out), boxes[0][0], boxes[-1][2], max(b[3] for b in boxes),
                           min(b[1] for b in boxes), size))

    for i in range(n):
        ch = text[i]
        if ch in "\r\n":
            finish()
            chars.clear()
            continue
        chars.append((ch, i, bool(raw.FPDFText_IsGenerated(tp.raw, i))))
    finish()
    return lines


def _norm(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _strip_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Drop page numbers and running headers/footers (see the module doc)."""
    def edges(lines):
        if not lines:
            return set()
        by_y = sorted(range(len(lines)), key=lambda k: -lines[k].top)
        return set(by_y[:2]) | set(by_y[-2:])

    counts: dict[str, int] = {}
    for lines in pages:
        for key in {_norm(lines[k].text) for k in edges(lines)}:
            counts[key] = counts.get(key, 0) + 1
    repeated = {k for k, c in counts.items() if len(pages) >= 2 and c >= max(2, len(pages) / 2)}
    out = []
    for lines in pages:
        drop = {k for k in edges(lines)
                if _PAGE_NUMBER.match(lines[k].text.strip()) or _norm(lines[k].text) in repeated}
        out.append([ln for k, ln in enumerate(lines) if k not in drop])
    return out


def _join(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b


def _paragraphs(pages: list[list[_Line]]) -> list[str]:
    all_lines = [ln for lines in pages for ln in lines]
    if not all_lines:
        return []
    em = statistics.median(ln.height for ln in all_lines) or 10.0
    paragraphs: list[str] = []
    current: str | None = None
    prev: _Line | None = None
    prev_right = 0.0
    for lines in pages:
        if not lines:
            continue
        left = statistics.mode(round(ln.x0) for ln in lines)
        right = max(ln.x1 for ln in lines)
        pitches = [lines[k].top - lines[k + 1].top for k in range(len(lines) - 1)
                   if 0 < lines[k].top - lines[k + 1].top < 4 * em]
        pitch = statistics.median(pitches) if pitches else 2 * em
        for k, ln in enumerate(lines):
            new = current is None
            if not new:
                same_page = k > 0
                short = (prev_right - prev.x1) > 1.5 * em
                indented = ln.x0 - left > 0.8 * em
                resized = abs(ln.height - prev.height) > 0.25 * em
                gap = same_page and (prev.top - ln.top) > 1.6 * pitch
                if indented and not (short or resized) and ln.height > 1.15 * em and \
                        abs((ln.x0 - left) - (right - ln.x1)) < em:
                    indented = False      # a title in large type wrapped by the page, centred
                new = short or indented or resized or gap
            if new:
                if current is not None:
                    paragraphs.append(current)
                current = ln.text
            else:
                current = _join(current, ln.text)
            prev, prev_right = ln, right
    if current is not None:
        paragraphs.append(current)
    return paragraphs


def read_pdf(path: str, data: bytes) -> Source:
    """A PDF with a text layer as a Source, one paragraph a line."""
    import pypdfium2 as pdfium
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        reason = "有密码保护" if "password" in str(err).lower() else "已损坏或无法打开"
        raise InputError(f"{path}: PDF 文件{reason}，无法检查") from None
    pages = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            try:
                pages.append(_page_lines(tp))
            finally:
                tp.close()
                page.close()
    except pdfium.PdfiumError:
        raise InputError(f"{path}: PDF 文件已损坏，无法读取文字") from None
    finally:
        pdf.close()
    if not any(ln.text.strip() for lines in pages for ln in lines):
        raise InputError(f"{path}: 扫描件，没有文字，无法检查")
    paragraphs = _paragraphs(_strip_furniture(pages))
    text = "\n".join(paragraphs)
    if not text.strip():
        raise InputError(f"{path}: 扫描件，没有文字，无法检查")
    return Source(path=path, text=text, format="pdf", encoding="pdf")
