"""WordprocessingML packages (.docx, .docm, .dotx, and the .docx that WPS writes) rendered to the
paragraphs a reader sees in Word: one string per paragraph, in document order.

What is rendered, and how (own code on lxml and zipfile; no library did the numbering right):

- automatic numbering, as Word shows it: numbering.xml ``w:abstractNum`` levels with their
  ``w:lvlText`` templates (``%1、`` ``（%2）`` ``%1.%2``), ``w:numFmt`` (chineseCounting,
  chineseCountingThousand, chineseLegalSimplified, ideographTraditional, ideographZodiac,
  taiwaneseCounting…, decimal, decimalZero, decimalFullWidth, decimalEnclosedCircle/Fullstop/
  Paren, upperLetter, lowerLetter, upperRoman, lowerRoman, ordinal, bullet, none, …),
  ``w:start``, ``w:lvlRestart``, ``w:isLgl``, ``w:suff``, ``w:num`` → ``w:lvlOverride``
  (``w:startOverride``, a whole ``w:lvl``), ``w:numStyleLink``; numbering given by a paragraph
  style (styles.xml ``w:pPr/w:numPr``, followed through ``w:basedOn``; a level tied to the style
  by ``w:lvl/w:pStyle``); ``numId`` 0 switches it off.  Counters belong to the abstract
  definition, so two ``w:num`` of one abstractNum continue one list unless a startOverride
  restarts it (as Word and LibreOffice do).  The tab Word puts after a number is layout: after a
  number ending in punctuation (``一、`` ``（一）`` ``1.``) it is dropped, elsewhere it is one space;
  ``w:suff="space"`` is a space.  Chinese counting follows what LibreOffice renders for Word's
  formats (十一, 一百零一, 壹拾壹); ideographDigital writes digit by digit (一〇).
- tracked changes not yet accepted read as the text after accepting them all: ``w:ins`` and
  ``w:moveTo`` in, ``w:del`` and ``w:moveFrom`` out, a deleted paragraph mark joins the paragraph
  to the next, a deleted table row is left out.  ``WordText.revisions`` counts the changes
  (insertions, deletions, moves, formatting and table changes; adjacent pieces of one kind by
  one author count once, as Word's reviewing pane lists them).
- tables: the cell paragraphs in document order, each its own paragraph, flagged as table lines.
- text boxes and shapes (``w:txbxContent``): their paragraphs at the anchor, after the anchoring
  paragraph's own text (an empty anchoring paragraph gives way to them).  Of an
  ``mc:AlternateContent`` only the first ``mc:Choice`` is read (the ``mc:Fallback`` is the same
  box again in VML); without a Choice, the Fallback.
- content controls (``w:sdt``), hyperlinks, smart tags, custom XML: their content.
- fields: the displayed result (between ``w:fldChar`` separate and end), never the instruction;
  ``w:fldSimple``: its runs.  Fields may span paragraphs (a table of contents).
- a soft line break (``w:br``, ``w:cr``) inside a paragraph: nothing between two Chinese
  characters (or next to punctuation or a space), a space between two Latin letters or digits;
  ``w:tab`` / ``w:ptab``: a space; ``w:noBreakHyphen``: "-"; ``w:softHyphen``: nothing; hidden
  text (``w:vanish``) is not shown; ruby annotations are left out.
- headers, footers, footnotes, endnotes and comments are not report text, nor are the marks
  that refer to them.

With ``record=True`` the reader also keeps, for every line it emits, the ``w:p`` elements it
came from and, for every character, its run and text node (None for an automatic number, a
field result, math, a ruby base): `LineSource`.  That is what --annotate and --fix on a .docx
work from (checker.readers.docx_map), so they see exactly this text.

Every XML part is parsed without DTDs, entities or network access, and is read at most
``part_limit`` bytes.  Errors are raised as ``WordMLError`` with a short Chinese reason; the
caller turns them into an InputError naming the file.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field

W_TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"

WORD_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "docm",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "dotx",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "dotm",
}
PART_LIMIT = 200 * 1024 * 1024


_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9,)) | {0x0B: " ", 0x0C: " "}


class WordMLError(Exception):
    """The package is not a readable WordprocessingML document; str() is a Chinese reason."""


@dataclass
class WordText:
    paragraphs: list[str]
    table: set[int] = field(default_factory=set)     # indexes of paragraphs from table cells
    revisions: int = 0                                # tracked changes not yet accepted
    kind: str = "docx"                                # docx, docm, dotx, dotm
    # the document's own comments (批注): (first paragraph, last paragraph, text), indexes of
    # `paragraphs` (0-based) of the range each is anchored on
    comments: list = field(default_factory=list)
    # with read_wordml(record=True): where each paragraph's text stands, one LineSource each
    sources: list = field(default_factory=list)


@dataclass
class LineSource:
    """Where one line of the text (one entry of WordText.paragraphs) stands in the XML.

    elements: the ``w:p`` elements whose text the line holds, in document order (more than one
    when a tracked deletion of a paragraph mark joins paragraphs).  origins: for each character
    of the line, (``w:r``, node, index) — node a ``w:t`` (the character is node.text[index]) or
    a one-character element of the run (``w:tab``, ``w:br``, ``w:sym`` …, index 0) — or None for
    a character in no run the writer may edit: an automatic number, a field result, math, a
    ruby base."""
    elements: list
    origins: list


def joined_text(wt: WordText) -> str:
    """The document's text as `fzlint check` reads it: its paragraphs, one line each."""
    return "\n".join(p.translate(_CONTROL) for p in wt.paragraphs)


# --- number formats ------------------------------------------------------------------------------
_CN_LOWER = ("〇一二三四五六七八九", "十百千", "万亿", "零")
_CN_LEGAL = ("〇壹贰叁肆伍陆柒捌玖", "拾佰仟", "万亿", "零")
_TW_LOWER = ("〇一二三四五六七八九", "十百千", "萬億", "零")
_TW_LEGAL = ("〇壹貳參肆伍陸柒捌玖", "拾佰仟", "萬億", "零")
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = ("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟㊱㊲㊳㊴㊵㊶㊷㊸㊹㊺㊻㊼㊽㊾㊿")
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_EN_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_EN_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _cn_group(n: int, digits: str, units: str, zero: str) -> str:
    """0 < n < 10000 in Chinese counting, with the zeros a reader writes (一千零一)."""
    out, pending_zero = [], False
    for power in (3, 2, 1, 0):
        d = n // 10 ** power % 10
        if d == 0:
            if out:
                pending_zero = True
            continue
        if pending_zero:
            out.append(zero)
            pending_zero = False
        out.append(digits[d] + (units[power - 1] if power else ""))
    return "".join(out)


def cn_counting(n: int, system=_CN_LOWER, short_ten: bool = True) -> str:
    """Chinese counting: 一 … 十 十一 … 九十九 一百 一百零一 一千零一十 一万零一; legal forms with
    system=_CN_LEGAL (壹拾壹).  short_ten writes 10–19 as 十… rather than 一十…."""
    digits, units, bigs, zero = system
    if n <= 0:
        return digits[0] if n == 0 else str(n)
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    if len(groups) > 3:
        return str(sum(g * 10000 ** i for i, g in enumerate(groups)))
    out = []
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            continue
        if out and g < 1000:
            out.append(zero)
        out.append(_cn_group(g, digits, units, zero) + (bigs[i - 1] if i else ""))
    text = "".join(out)
    if short_ten and text.startswith(digits[1] + units[0]):
        text = text[1:]
    return text


def _letters(n: int, upper: bool) -> str:
    if n <= 0:
        return str(n)
    ch = chr(ord("A" if upper else "a") + (n - 1) % 26)
    return ch * ((n - 1) // 26 + 1)


def _roman(n: int, upper: bool) -> str:
    if n <= 0:
        return str(n)
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    text = "".join(out)
    return text.upper() if upper else text


def _cardinal_en(n: int) -> str:
    if n < 20:
        return _EN_ONES[n]
    if n < 100:
        return _EN_TENS[n // 10] + ("-" + _EN_ONES[n % 10] if n % 10 else "")
    if n < 1000:
        return _EN_ONES[n // 100] + " hundred" + (" " + _cardinal_en(n % 100) if n % 100 else "")
    return str(n)


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _ordinal_en(n: int) -> str:
    words = _cardinal_en(n)
    irregular = {"one": "first", "two": "second", "three": "third", "five": "fifth",
                 "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}
    head, _, last = words.rpartition(" ") if " " in words else ("", "", words)
    pre, dash, unit = last.rpartition("-")
    if unit in irregular:
        unit = irregular[unit]
    elif unit.endswith("y"):
        unit = unit[:-1] + "ieth"
    else:
        unit += "th"
    return (head + " " if head else "") + pre + dash + unit


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in text)


def format_number(n: int, fmt: str, custom: str | None = None) -> str:
    """n in a w:numFmt (ST_NumberFormat) as Word writes it; unknown formats as decimal."""
    if fmt in ("decimal", "decimalHalfWidth"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}" if 0 <= n < 10 else str(n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return _fullwidth(str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "koreanCounting", "koreanDigital2"):
        return cn_counting(n)
    if fmt in ("taiwaneseCounting", "taiwaneseCountingThousand"):
        return cn_counting(n, _TW_LOWER)
    if fmt == "chineseLegalSimplified":
        return cn_counting(n, _CN_LEGAL, short_ten=False)
    if fmt in ("ideographLegalTraditional", "japaneseLegal"):
        return cn_counting(n, _TW_LEGAL, short_ten=False)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_LOWER[0][int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[n - 1] if 1 <= n <= 10 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[n - 1] if 1 <= n <= 12 else str(n)
    if fmt == "ideographZodiacTraditional":
        return _TIANGAN[(n - 1) % 10] + _DIZHI[(n - 1) % 12] if 1 <= n <= 60 else str(n)
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n, fmt == "upperLetter")
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n, fmt == "upperRoman")
    if fmt == "ordinal":
        return f"{n}{_ordinal_suffix(n)}"
    if fmt == "cardinalText":
        return _cardinal_en(n).capitalize() if 0 <= n < 1000 else str(n)
    if fmt == "ordinalText":
        return _ordinal_en(n).capitalize() if 0 < n < 1000 else str(n)
    if fmt == "none":
        return ""
    if fmt == "custom" and custom:
        first = custom.split(",")[0].strip()
        if first.isdigit():
            return str(n).zfill(len(first))
        return format_number(n, _custom_kind(first))
    return str(n)


def _custom_kind(first: str) -> str:
    if first in ("一", "壹"):
        return "chineseCounting" if first == "一" else "chineseLegalSimplified"
    if first and "０" <= first[0] <= "９":
        return "decimalFullWidth"
    return "decimal"


# --- the package ----------------------------------------------------------------------------------
def _parser():
    from lxml import etree
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def _read_part(z: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    try:
        info = z.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        raise WordMLError(f"{name} 解压后过大（{info.file_size / 1048576:.0f} MB）")
    with z.open(info) as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise WordMLError(f"{name} 解压后过大")
    return data


def _xml(z, name, limit):
    from lxml import etree
    data = _read_part(z, name, limit)
    if data is None:
        return None
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as err:
        raise WordMLError(f"{name} 不是有效的 XML（{str(err)[:80]}）") from None


def _rels(z, part: str, limit) -> dict[str, tuple[str, str]]:
    """{id: (type, target part name)} of a part's relationships."""
    folder, name = posixpath.split(part)
    root = _xml(z, posixpath.join(folder, "_rels", name + ".rels"), limit)
    out = {}
    if root is None:
        return out
    for rel in root:
        if not isinstance(rel.tag, str) or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        target = target[1:] if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        out[rel.get("Id")] = ((rel.get("Type") or "").rsplit("/", 1)[-1], target)
    return out


def main_part(z: zipfile.ZipFile, limit: int = PART_LIMIT) -> tuple[str, str | None]:
    """(name of the main document part, its kind: docx/docm/dotx/dotm, or None if the package's
    main part is not a Word document)."""
    types = {}
    ct = _xml(z, "[Content_Types].xml", limit)
    if ct is not None:
        for el in ct:
            if isinstance(el.tag, str) and el.get("PartName"):
                types[el.get("PartName").lstrip("/")] = el.get("ContentType")
    main = None
    for rtype, target in _rels(z, "", limit).values():
        if rtype == "officeDocument":
            main = target
            break
    if main is None:
        main = "word/document.xml" if "word/document.xml" in z.namelist() else None
    if main is None:
        return "", None
    kind = WORD_MAIN_TYPES.get(types.get(main, ""))
    if kind is None and main.endswith("document.xml") and main in z.namelist() and (
            not types.get(main) or "wordprocessingml" in types.get(main, "")):
        kind = "docx"
    return main, kind


class TextTooLong(WordMLError):
    """The document's text passed the limit while it was being read (read_wordml's
    text_limit): reading stops there instead of rendering the rest."""


def read_wordml(z: zipfile.ZipFile, part_limit: int = PART_LIMIT,
                text_limit: int | None = None, root=None, record: bool = False) -> WordText:
    """The paragraphs of a WordprocessingML package (see the module doc); with text_limit,
    TextTooLong as soon as the paragraphs hold more bytes of UTF-8 than that.

    root: the main part already parsed (python-docx's tree, or any lxml parse of it), read
    instead of parsing it here; record: also give, in WordText.sources, where every character
    of every line stands (LineSource) — what the writing paths (checker.readers.docx_map) use,
    so that they work on exactly this reading."""
    main, kind = main_part(z, part_limit)
    if kind is None:
        raise WordMLError("压缩包中没有 Word 正文（word/document.xml）")
    if root is None:
        root = _xml(z, main, part_limit)
    if root is None:
        raise WordMLError(f"缺少 {main}")
    w = W_STRICT if (root.tag.startswith("{" + W_STRICT)) else W_TRANSITIONAL
    rels = _rels(z, main, part_limit)
    styles = numbering = comments = None
    for rtype, target in rels.values():
        if rtype == "styles" and styles is None:
            styles = _xml(z, target, part_limit)
        elif rtype == "comments" and comments is None:
            comments = _xml(z, target, part_limit)
        elif rtype == "numbering" and numbering is None:
            numbering = _xml(z, target, part_limit)
    body = root.find(f"{{{w}}}body")
    if body is None:
        raise WordMLError("Word 正文中没有 w:body")
    r = _Renderer(w, _Styles(w, styles), _Numbering(w, numbering))
    r.text_limit = text_limit
    r.record = record
    r.block(body)
    r.flush_pending()
    out = WordText(r.paragraphs, r.table_lines, r.revisions, kind,
                   _comments(w, comments, r.comment_ranges, len(r.paragraphs)), r.sources)
    return out


def paragraph_labels(data: bytes, paragraphs, part_limit: int = PART_LIMIT) -> dict:
    """{w:p element: its automatic number as Word shows it ("一、", "（二）", "3.")} for the
    given body paragraphs of the package `data`, taken in the order given (the numbering's
    counters move as in read_wordml).  The elements may come from any parse of the main part
    (python-docx's, lxml's): only their w:pPr is read.  Paragraphs without a number are left
    out.  (The writing paths no longer need it: read_wordml(record=True) gives the labels in
    place, as characters in no run.)"""
    import io
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        main, kind = main_part(z, part_limit)
        if kind is None:
            return {}
        rels = _rels(z, main, part_limit)
        styles = numbering = None
        for rtype, target in rels.values():
            if rtype == "styles" and styles is None:
                styles = _xml(z, target, part_limit)
            elif rtype == "numbering" and numbering is None:
                numbering = _xml(z, target, part_limit)
    if numbering is None and styles is None:
        return {}
    out = {}
    renderer = None
    for p in paragraphs:
        if renderer is None:
            w = p.tag[1:].split("}")[0]
            renderer = _Renderer(w, _Styles(w, styles), _Numbering(w, numbering))
        label = renderer._label(p.find(renderer.tag["pPr"]))
        if label:
            out[p] = label
    return out


def _comments(w: str, root, ranges: dict, n: int) -> list:
    """(first, last, text) of each comment whose anchor the body marks (ignore directives:
    checker.model.suppressions); a comment's text is its paragraphs joined by newlines."""
    if root is None or not ranges or not n:
        return []
    W = "{%s}" % w
    out = []
    for c in root.iter(W + "comment"):
        span = ranges.get(c.get(W + "id"))
        if span is None:
            continue
        text = "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in c.iter(W + "p"))
        first = min(span[0], n - 1)
        last = min(max(span[1], first), n - 1)
        out.append((first, last, text.strip()))
    return out


# --- styles and numbering definitions --------------------------------------------------------------
class _Styles:
    def __init__(self, w: str, root):
        self.w = w
        self.num: dict[str, tuple[str | None, str | None]] = {}   # style id → (numId, ilvl)
        self.based: dict[str, str] = {}
        self.default: str | None = None
        self.vanish: set[str] = set()                              # character styles hiding text
        self.numbering_style_num: dict[str, str] = {}              # numbering style → numId
        if root is None:
            return
        W = "{%s}" % w
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId")
            if sid is None:
                continue
            stype = st.get(W + "type")
            if stype == "paragraph" and st.get(W + "default") in ("1", "true", "on"):
                self.default = sid
            based = st.find(W + "basedOn")
            if based is not None:
                self.based[sid] = based.get(W + "val")
            numpr = st.find(f"{W}pPr/{W}numPr")
            if numpr is not None:
                num_id = _val(numpr.find(W + "numId"), W)
                ilvl = _val(numpr.find(W + "ilvl"), W)
                if stype == "numbering":
                    if num_id is not None:
                        self.numbering_style_num[sid] = num_id
                else:
                    self.num[sid] = (num_id, ilvl)
            vanish = st.find(f"{W}rPr/{W}vanish")
            if stype == "character" and vanish is not None and _on(vanish, W):
                self.vanish.add(sid)

    def numpr(self, sid: str | None) -> tuple[str | None, str | None, str | None]:
        """(numId, ilvl, style that gave the numId) through the basedOn chain."""
        num_id = ilvl = giver = None
        seen = set()
        while sid is not None and sid not in seen:
            seen.add(sid)
            n, lv = self.num.get(sid, (None, None))
            if num_id is None and n is not None:
                num_id, giver = n, sid
            if ilvl is None and lv is not None:
                ilvl = lv
            sid = self.based.get(sid)
        return num_id, ilvl, giver


def _val(el, W):
    return None if el is None else el.get(W + "val")


def _on(el, W) -> bool:
    return el.get(W + "val") not in ("0", "false", "off")


def _int(text, default=0) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


@dataclass
class _Level:
    start: int = 0
    fmt: str = "decimal"
    custom: str | None = None
    text: str | None = None
    restart: int | None = None
    legal: bool = False
    suff: str = "tab"
    pstyle: str | None = None


class _Numbering:
    def __init__(self, w: str, root):
        W = self.W = "{%s}" % w
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_link: dict[str, str] = {}           # abstractNumId → numStyleLink style
        self.defines_style: dict[str, str] = {}        # styleLink style → abstractNumId
        self.nums: dict[str, tuple[str, dict[int, tuple[int | None, _Level | None]]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.applied: set[str] = set()
        self.styles: _Styles | None = None
        if root is None:
            return
        _resolve_alternates(root, W)
        for an in root.iter(W + "abstractNum"):
            aid = an.get(W + "abstractNumId")
            self.abstract[aid] = {_int(lv.get(W + "ilvl")): self._level(lv)
                                  for lv in an.iter(W + "lvl")}
            link = an.find(W + "numStyleLink")
            if link is not None:
                self.style_link[aid] = link.get(W + "val")
            link = an.find(W + "styleLink")
            if link is not None:
                self.defines_style[link.get(W + "val")] = aid
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId")
            aid = _val(num.find(W + "abstractNumId"), W)
            overrides = {}
            for ov in num.iter(W + "lvlOverride"):
                so = ov.find(W + "startOverride")
                lv = ov.find(W + "lvl")
                overrides[_int(ov.get(W + "ilvl"))] = (
                    _int(_val(so, W)) if so is not None else None,
                    self._level(lv) if lv is not None else None)
            self.nums[nid] = (aid, overrides)

    def _level(self, lv) -> _Level:
        W = self.W
        level = _Level()
        el = lv.find(W + "start")
        if el is not None:
            level.start = _int(el.get(W + "val"))
        el = lv.find(W + "numFmt")
        if el is not None:
            level.fmt = el.get(W + "val") or "decimal"
            level.custom = el.get(W + "format")
        el = lv.find(W + "lvlText")
        if el is not None:
            level.text = el.get(W + "val") or ""
        el = lv.find(W + "lvlRestart")
        if el is not None:
            level.restart = _int(el.get(W + "val"), None)
        el = lv.find(W + "isLgl")
        level.legal = el is not None and _on(el, W)
        el = lv.find(W + "suff")
        if el is not None:
            level.suff = el.get(W + "val") or "tab"
        el = lv.find(W + "pStyle")
        if el is not None:
            level.pstyle = el.get(W + "val")
        return level

    def _abstract_of(self, nid: str) -> str | None:
        aid = self.nums.get(nid, (None, None))[0]
        seen = set()
        while aid in self.style_link and aid not in seen:     # numStyleLink → the definition
            seen.add(aid)
            style = self.style_link[aid]
            target = self.defines_style.get(style)
            if target is None and self.styles is not None:
                linked = self.styles.numbering_style_num.get(style)
                target = self.nums.get(linked, (None, None))[0] if linked else None
            if target is None or target == aid:
                break
            aid = target
        return aid

    def level_of_style(self, nid: str, style: str | None) -> int | None:
        aid = self._abstract_of(nid)
        for ilvl, level in sorted(self.abstract.get(aid, {}).items()):
            if style is not None and level.pstyle == style:
                return ilvl
        return None

    def label(self, nid: str, ilvl: int) -> str | None:
        """The number text of the next paragraph of list nid at level ilvl (counters move)."""
        if nid not in self.nums:
            return None
        aid = self._abstract_of(nid)
        levels = dict(self.abstract.get(aid, {}))
        overrides = self.nums[nid][1]
        for k, (start, lvl) in overrides.items():
            if lvl is not None:
                levels[k] = lvl
            if start is not None:
                base = levels.get(k, _Level())
                levels[k] = _Level(start, base.fmt, base.custom, base.text, base.restart,
                                   base.legal, base.suff, base.pstyle)
        if ilvl not in levels:
            return None
        counters = self.counters.setdefault(aid, [None] * 9)
        if nid not in self.applied:
            self.applied.add(nid)
            for k, (start, lvl) in overrides.items():
                if (start is not None or lvl is not None) and 0 <= k < 9:
                    counters[k] = None
        level = levels[ilvl]
        counters[ilvl] = level.start if counters[ilvl] is None else counters[ilvl] + 1
        for k in range(ilvl + 1, 9):
            lower = levels.get(k)
            restart = lower.restart if lower is not None and lower.restart is not None else k
            if restart != 0 and ilvl < restart:
                counters[k] = None
        if level.text is None:
            return ""
        if level.fmt == "bullet":
            return _bullet(level.text) + _suffix(level, _bullet(level.text))
        out, i, text = [], 0, level.text
        while i < len(text):
            ch = text[i]
            if ch == "%" and i + 1 < len(text) and text[i + 1].isdigit():
                k = int(text[i + 1]) - 1
                i += 2
                if not 0 <= k < 9:
                    continue
                lv = levels.get(k, _Level())
                value = counters[k] if counters[k] is not None else lv.start
                fmt = "decimal" if level.legal and lv.fmt != "none" else lv.fmt
                out.append(format_number(value, fmt, lv.custom))
                continue
            out.append(ch)
            i += 1
        label = "".join(out)
        return label + _suffix(level, label)


def _bullet(text: str) -> str:
    """A bullet's character; symbol-font private-use codes (Wingdings, Symbol) shown as •."""
    return "".join("•" if 0xE000 <= ord(c) <= 0xF8FF else c for c in text) or "•"


_DROP_TAB_AFTER = set("、.．)）]】〕〉》:：,，;；")


def _suffix(level: _Level, label: str) -> str:
    if not label or level.suff == "nothing":
        return ""
    if level.suff == "space":
        return " "
    return "" if label[-1] in _DROP_TAB_AFTER else " "


def _resolve_alternates(root, W):
    """numbering.xml: keep the first mc:Choice of each mc:AlternateContent unless it is a
    custom format this reader cannot render, then the Fallback."""
    for ac in list(root.iter(f"{{{MC}}}AlternateContent")):
        choice = ac.find(f"{{{MC}}}Choice")
        fallback = ac.find(f"{{{MC}}}Fallback")
        use = choice
        if choice is not None and fallback is not None:
            fmt = choice.find(W + "numFmt")
            if fmt is not None and fmt.get(W + "val") == "custom":
                first = (fmt.get(W + "format") or "").split(",")[0].strip()
                if not (first.isdigit() or _custom_kind(first) != "decimal"):
                    use = fallback
        if use is None:
            use = fallback
        parent = ac.getparent()
        idx = parent.index(ac)
        parent.remove(ac)
        if use is not None:
            for k, child in enumerate(list(use)):
                parent.insert(idx + k, child)


# --- the body --------------------------------------------------------------------------------------
_REVISION_MARKS = ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange",
                   "tcPrChange", "tblGridChange", "tblPrExChange", "numberingChange")


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF
            or 0x20000 <= o <= 0x3FFFF or 0x3000 <= o <= 0x303F)


_BREAK = "\x00"   # a soft break inside a paragraph, resolved when the paragraph is finished


def _resolve(pieces) -> tuple[str, list]:
    """The line of a paragraph's pieces ((text, run, node) each) and the origin of each of its
    characters (LineSource.origins): the same text as _join_breaks, the carriage returns, newlines
    and control characters done as paragraph() and to_source do them, character by character."""
    chars: list[str] = []
    origins: list = []
    brk = None
    for text, run, node in pieces:
        for i, ch in enumerate(text):
            if ch == _BREAK:
                brk = (run, node, 0) if run is not None else None
                if not chars or chars[-1] != _BREAK:
                    chars.append(_BREAK)
                    origins.append(brk)
                else:
                    origins[-1] = brk
                continue
            chars.append(ch)
            origins.append((run, node, i) if run is not None else None)
    out_c: list[str] = []
    out_o: list = []
    left = ""                        # the character before a break, as _join_breaks sees it
    for k, ch in enumerate(chars):
        if ch == _BREAK:
            if k + 1 < len(chars):
                right = chars[k + 1]
                if left and not left.isspace() and not right.isspace() and not (
                        _is_cjk(left) or _is_cjk(right)):
                    out_c.append(" ")
                    out_o.append(origins[k])
            continue
        left = ch
        if ch == "\r":
            continue
        if ch == "\n":
            ch = " "
        code = ord(ch)
        if code < 32 and code != 9:
            if code not in (0x0B, 0x0C):
                continue
            ch = " "
        out_c.append(ch)
        out_o.append(origins[k])
    return "".join(out_c), out_o


def _join_breaks(text: str) -> str:
    if _BREAK not in text:
        return text
    parts = text.split(_BREAK)
    out = parts[0]
    for part in parts[1:]:
        left = out[-1:] if out else ""
        right = part[:1]
        if left and right and not left.isspace() and not right.isspace() and not (
                _is_cjk(left) or _is_cjk(right)):
            out += " "
        out += part
    return out


class _Renderer:
    def __init__(self, w: str, styles: _Styles, numbering: _Numbering):
        self.w = w
        W = self.W = "{%s}" % w
        self.styles = styles
        self.numbering = numbering
        numbering.styles = styles
        self.paragraphs: list[str] = []
        self.table_lines: set[int] = set()
        self.revisions = 0
        self.size = 0                     # UTF-8 bytes of the paragraphs emitted so far
        self.text_limit: int | None = None
        self.comment_ranges: dict[str, list[int]] = {}   # comment id → [first, last] paragraph
        self._last_rev: tuple | None = None
        self._fields: list[bool] = []     # one per open complex field: True while in its code
        self._pending: str | None = None  # text of a paragraph whose mark was deleted
        self._pending_table = False
        self._pending_src: LineSource | None = None
        self._table_depth = 0
        self.record = False               # keep LineSources (read_wordml's record)
        self.sources: list[LineSource] = []
        self._norun = 0                   # inside text no writer edits (fldSimple, ruby, math)
        t = {n: W + n for n in (
            "p", "r", "t", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "smartTag",
            "hyperlink", "ins", "del", "moveFrom", "moveTo", "fldSimple", "fldChar", "instrText",
            "delText", "delInstrText", "tab", "ptab", "br", "cr", "noBreakHyphen", "softHyphen",
            "sym", "txbxContent", "pPr", "rPr", "trPr", "tcPr", "tblPr", "numPr", "numId", "ilvl",
            "pStyle", "rStyle", "vanish", "ruby", "rubyBase", "rt", "bdo", "dir", "altChunk",
            "footnoteReference", "endnoteReference", "commentReference", "annotationRef",
            "cellIns", "cellDel", "cellMerge", "sectPr", "lastRenderedPageBreak", "dayShort",
            "commentRangeStart", "commentRangeEnd",
            "monthShort", "yearShort", "dayLong", "monthLong", "yearLong", "pgNum")}
        self.tag = t
        self._ac = f"{{{MC}}}AlternateContent"
        self._choice = f"{{{MC}}}Choice"
        self._fallback = f"{{{MC}}}Fallback"
        self._mt = f"{{{MATH}}}t"
        self._rev_tags = {t["ins"]: "ins", t["del"]: "del", t["moveFrom"]: "move",
                          t["moveTo"]: "move"}
        self._rev_marks = {W + n for n in _REVISION_MARKS} | {t["cellIns"], t["cellDel"],
                                                               t["cellMerge"]}

    # revisions
    def _revision(self, kind: str, el) -> None:
        key = (kind, el.get(self.W + "author"))
        if key != self._last_rev:
            self.revisions += 1
        self._last_rev = key

    def _count_marks(self, props) -> None:
        if props is None:
            return
        for child in props:
            if child.tag in self._rev_marks:
                self._revision("format", child)

    # blocks
    def _alternate(self, ac):
        use = ac.find(self._choice)
        if use is None:
            use = ac.find(self._fallback)
        return use if use is not None else ()

    def block(self, container) -> None:
        t = self.tag
        for el in container:
            tag = el.tag
            if tag == t["p"]:
                self.paragraph(el)
            elif tag == t["tbl"]:
                self.table(el)
            elif tag in (t["sdt"],):
                content = el.find(t["sdtContent"])
                if content is not None:
                    self.block(content)
            elif tag in (t["customXml"], t["ins"], t["moveTo"], t["sdtContent"]):
                if tag in self._rev_tags:
                    self._revision(self._rev_tags[tag], el)
                self.block(el)
            elif tag in (t["del"], t["moveFrom"]):
                self._revision(self._rev_tags[tag], el)
            elif tag == self._ac:
                self.block(self._alternate(el))
            elif tag in (t["commentRangeStart"], t["commentRangeEnd"]):
                self._comment_mark(el)
            elif tag == t["sectPr"]:
                self._count_marks(el)

    def table(self, tbl) -> None:
        t = self.tag
        self._count_marks(tbl.find(t["tblPr"]))
        self._table_depth += 1
        try:
            for row in self._rows(tbl):
                trpr = row.find(t["trPr"])
                deleted = False
                if trpr is not None:
                    self._count_marks(trpr)
                    for mark in trpr:
                        if mark.tag == t["del"]:
                            self._revision("del", mark)
                            deleted = True
                        elif mark.tag == t["ins"]:
                            self._revision("ins", mark)
                if deleted:
                    continue
                for cell in self._cells(row):
                    self._count_marks(cell.find(t["tcPr"]))
                    self.block(cell)
                    self.flush_pending()
        finally:
            self._table_depth -= 1

    def _rows(self, tbl):
        t = self.tag
        for el in tbl:
            if el.tag == t["tr"]:
                yield el
            elif el.tag in (t["sdt"], t["customXml"]):
                inner = el.find(t["sdtContent"]) if el.tag == t["sdt"] else el
                if inner is not None:
                    yield from self._rows(inner)

    def _cells(self, row):
        t = self.tag
        for el in row:
            if el.tag == t["tc"]:
                yield el
            elif el.tag in (t["sdt"], t["customXml"]):
                inner = el.find(t["sdtContent"]) if el.tag == t["sdt"] else el
                if inner is not None:
                    yield from self._cells(inner)

    # paragraphs
    def paragraph(self, p) -> None:
        t = self.tag
        ppr = p.find(t["pPr"])
        mark_deleted = False
        mark_rev = None
        if ppr is not None:
            self._count_marks(ppr)
            rpr = ppr.find(t["rPr"])
            if rpr is not None:
                self._count_marks(rpr)
                for mark in rpr:
                    if mark.tag in (t["del"], t["moveFrom"]):
                        mark_deleted = True
                        mark_rev = (self._rev_tags[mark.tag], mark)
                    elif mark.tag in (t["ins"], t["moveTo"]):
                        mark_rev = (self._rev_tags[mark.tag], mark)
        pieces: list[tuple] = []          # (text, run or None, node)
        boxes: list[tuple] = []
        self._inline(p, pieces, boxes, hidden=False)
        if mark_rev is not None:
            self._revision(*mark_rev)
        src = None
        if self.record:
            text, origins = _resolve(pieces)
            src = LineSource([p], origins)
        else:
            text = _join_breaks("".join(x[0] for x in pieces)).replace("\r", "").replace("\n", " ")
        if self._pending is not None:
            text = self._pending + text
            self._pending = None
            if src is not None and self._pending_src is not None:
                src = LineSource(self._pending_src.elements + src.elements,
                                 self._pending_src.origins + src.origins)
            self._pending_src = None
        if mark_deleted:
            self._pending = text
            self._pending_src = src
            self._pending_table = self._table_depth > 0
            self._emit_boxes(boxes)
            return
        label = self._label(ppr) if (text.strip() or not boxes) else None
        if label:
            text = label + text
            if src is not None:
                src.origins[:0] = [None] * len(label)
        if text or not boxes:
            self._emit(text, src=src)
        self._emit_boxes(boxes)

    def _emit(self, text: str, in_table: bool | None = None, src=None) -> None:
        if self.record:
            self.sources.append(src if src is not None else LineSource([], [None] * len(text)))
        if in_table if in_table is not None else self._table_depth > 0:
            self.table_lines.add(len(self.paragraphs))
        # bytes of the text so far, a newline between paragraphs (as to_source joins them)
        self.size += len(text.encode("utf-8", "surrogatepass")) + (1 if self.paragraphs else 0)
        self.paragraphs.append(text)
        if self.text_limit is not None and self.size > self.text_limit:
            raise TextTooLong(f"超过 {self.text_limit / 1048576:.0f} MB")

    def _emit_boxes(self, boxes) -> None:
        for text, in_table, src in boxes:
            self._emit(text, in_table, src)

    def flush_pending(self) -> None:
        if self._pending is not None:
            self._emit(self._pending, self._pending_table, self._pending_src)
            self._pending = None
            self._pending_src = None

    def _label(self, ppr) -> str | None:
        t, W = self.tag, self.W
        num_id = ilvl = None
        pstyle = None
        if ppr is not None:
            ps = ppr.find(t["pStyle"])
            pstyle = ps.get(W + "val") if ps is not None else None
            numpr = ppr.find(t["numPr"])
            if numpr is not None:
                num_id = _val(numpr.find(t["numId"]), W)
                ilvl = _val(numpr.find(t["ilvl"]), W)
        if pstyle is None:
            pstyle = self.styles.default
        giver = None
        if num_id is None or ilvl is None:
            s_num, s_ilvl, giver = self.styles.numpr(pstyle)
            if num_id is None:
                num_id = s_num
            else:
                giver = None
            if ilvl is None:
                ilvl = s_ilvl
        if num_id is None or num_id == "0":
            return None
        if ilvl is None:
            level = self.numbering.level_of_style(num_id, giver or pstyle)
            ilvl = level if level is not None else 0
        return self.numbering.label(num_id, min(max(_int(ilvl), 0), 8))

    # runs
    def _inline(self, container, pieces, boxes, hidden: bool) -> None:
        t = self.tag
        for el in container:
            tag = el.tag
            if tag == t["r"]:
                self._run(el, pieces, boxes, hidden)
            elif tag in (t["ins"], t["moveTo"]):
                self._revision(self._rev_tags[tag], el)
                self._inline(el, pieces, boxes, hidden)
            elif tag in (t["del"], t["moveFrom"]):
                self._revision(self._rev_tags[tag], el)
                self._fields_in_deleted(el)
            elif tag == t["sdt"]:
                content = el.find(t["sdtContent"])
                if content is not None:
                    self._inline(content, pieces, boxes, hidden)
            elif tag == t["fldSimple"]:          # a field's result: text in no run we edit
                self._norun += 1
                try:
                    self._inline(el, pieces, boxes, hidden)
                finally:
                    self._norun -= 1
            elif tag in (t["hyperlink"], t["smartTag"], t["customXml"],
                         t["bdo"], t["dir"], t["sdtContent"]):
                self._inline(el, pieces, boxes, hidden)
            elif tag == self._ac:
                self._inline(self._alternate(el), pieces, boxes, hidden)
            elif tag == t["pPr"]:
                continue
            elif tag in (t["commentRangeStart"], t["commentRangeEnd"]):
                self._comment_mark(el)
            elif isinstance(tag, str) and tag.startswith(f"{{{MATH}}}"):
                for mt in el.iter(self._mt):
                    if not self._in_code():
                        pieces.append((mt.text or "", None, mt))
                        self._last_rev = None

    def _comment_mark(self, el) -> None:
        """A comment's range starts or ends in the paragraph being read (its index is the
        number of paragraphs emitted so far; between paragraphs, the next one)."""
        here = len(self.paragraphs)
        span = self.comment_ranges.setdefault(el.get(self.W + "id"), [here, here])
        if el.tag == self.tag["commentRangeStart"]:
            span[0] = here
        span[1] = max(span[0], here)

    def _fields_in_deleted(self, el) -> None:
        """Deleted runs may hold field characters: keep the field nesting right."""
        for fc in el.iter(self.tag["fldChar"]):
            self._field_char(fc)

    def _in_code(self) -> bool:
        return any(self._fields)

    def _field_char(self, fc) -> None:
        kind = fc.get(self.W + "fldCharType")
        if kind == "begin":
            self._fields.append(True)
        elif kind == "separate" and self._fields:
            self._fields[-1] = False
        elif kind == "end" and self._fields:
            self._fields.pop()

    def _run(self, run, pieces, boxes, hidden: bool) -> None:
        t, W = self.tag, self.W
        rpr = run.find(t["rPr"])
        if rpr is not None:
            self._count_marks(rpr)
            v = rpr.find(t["vanish"])
            if v is not None and _on(v, W):
                hidden = True
            rs = rpr.find(t["rStyle"])
            if rs is not None and rs.get(W + "val") in self.styles.vanish:
                hidden = True
        for el in run:
            tag = el.tag
            if tag == t["fldChar"]:
                self._field_char(el)
                continue
            if tag in (t["rPr"], t["instrText"], t["delInstrText"], t["delText"]) or hidden \
                    or self._in_code():
                continue
            # a field's displayed result, a ruby base, fldSimple: in no run a writer edits
            owner = None if (self._fields or self._norun) else run
            if tag == t["t"]:
                pieces.append((el.text or "", owner, el))
                if not self._in_revision(run):
                    self._last_rev = None
            elif tag in (t["tab"], t["ptab"]):
                pieces.append((" ", owner, el))
            elif tag in (t["br"], t["cr"]):
                pieces.append((_BREAK, owner, el))
            elif tag == t["noBreakHyphen"]:
                pieces.append(("-", owner, el))
            elif tag == t["sym"]:
                try:
                    c = int(el.get(W + "char") or "", 16)
                except ValueError:
                    continue
                if not 0xE000 <= c <= 0xF8FF:        # symbol-font codes: no character
                    pieces.append((chr(c), owner, el))
            elif tag == t["ruby"]:
                base = el.find(t["rubyBase"])
                if base is not None:
                    self._norun += 1
                    try:
                        self._inline(base, pieces, boxes, hidden)
                    finally:
                        self._norun -= 1
            else:
                self._run_objects(el, boxes)

    def _in_revision(self, run) -> bool:
        parent = run.getparent()
        return parent is not None and parent.tag in self._rev_tags

    def _run_objects(self, el, boxes) -> None:
        """Text boxes inside a drawing, a VML shape or an alternate: rendered as paragraphs of
        their own, collected for the anchoring paragraph."""
        if not isinstance(el.tag, str):
            return
        if el.tag == self.tag["txbxContent"]:
            inner = _Renderer.__new__(_Renderer)
            inner.__dict__.update(self.__dict__)
            inner.paragraphs = []
            inner.table_lines = set()
            inner.comment_ranges = {}   # anchors inside a text box: not mapped to lines
            inner._pending = None
            inner._pending_src = None
            inner.sources = []
            inner._table_depth = 0
            inner.block(el)
            inner.flush_pending()
            self.revisions = inner.revisions
            self._last_rev = inner._last_rev
            in_table = self._table_depth > 0
            for i, text in enumerate(inner.paragraphs):
                boxes.append((text, in_table or i in inner.table_lines,
                              inner.sources[i] if self.record else None))
            return
        if el.tag == self._ac:
            self._run_objects_children(self._alternate(el), boxes)
            return
        self._run_objects_children(el, boxes)

    def _run_objects_children(self, el, boxes) -> None:
        for child in el:
            self._run_objects(child, boxes)


def to_source(path: str, wt: WordText, fmt: str = "docx"):
    """The Source of a rendered Word document: one line per paragraph, table lines marked."""
    from checker.readers.source import InputError, Source
    text = joined_text(wt)
    if not text.strip():
        raise InputError(f"{path}: 文件是空的（Word 文件中没有文字段落）")
    return Source(path=path, text=text, format=fmt, encoding=fmt,
                  regions={i + 1: "table" for i in sorted(wt.table)}, revisions=wt.revisions,
                  comments=tuple((a + 1, b + 1, note) for a, b, note in wt.comments))
