"""Document: the model of one draft that every rule kind reads.

Holds the original text untouched and derives from it, lazily and once: lines, paragraphs,
sentences, headings (GB/T 9704 levels 一、/（一）/1./（1）), the section tree, a normalized copy with
an offset map, and metadata (title, reporting body and its type, report year, addressee,
signature and 成文日期).  All positions are code-point offsets into ``text``; ``position()`` turns
one into a 1-based (line, column).  For .docx drafts a line is a paragraph.
"""

from __future__ import annotations

import bisect
import datetime
from array import array
from dataclasses import dataclass, field
from functools import cached_property

import regex as re

from checker.model.chinese import CLAUSE_PUNCT, SENTENCE_END, cn_ordinal, cn_year
from checker.model.chinese import DATE_RE as _DATE_RE
from checker.model.chinese import YEAR_RE as _YEAR_RE

@dataclass(frozen=True)
class Line:
    number: int   # 1-based
    start: int
    end: int      # exclusive, before the newline
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    line: int


# Leading debris that does not belong to a heading: spaces, markdown bullets, Word bookmarks.
_LEAD = r"^(?P<lead>[\s\u3000]*(?:[-*•·]\s+)?(?:\[bookmark:[^\]]*\]\s*)?)"
_CN = r"[一二三四五六七八九十]{1,3}"
HEADING_FORMS = [
    # (level, style, pattern) — style names what the marker looks like
    (1, "一、", re.compile(_LEAD + rf"(?P<marker>(?P<num>{_CN})[\s\u3000]*(?P<sep>[、.．,，]))(?!是)")),
    (2, "（一）", re.compile(_LEAD + rf"(?P<marker>(?P<open>[（(])[\s\u3000]*(?P<num>{_CN})[\s\u3000]*(?P<close>[）)])(?P<sep>[、.．,，]?))")),
    (2, "一）", re.compile(_LEAD + rf"(?P<marker>(?P<num>{_CN})(?P<close>[）)])(?P<sep>))")),
    (3, "1.", re.compile(_LEAD + r"(?P<marker>(?P<num>\d{1,2})[\s\u3000]*(?P<sep>[.．、,，])(?![\d]))")),
    (4, "（1）", re.compile(_LEAD + r"(?P<marker>(?P<open>[（(])[\s\u3000]*(?P<num>\d{1,2})[\s\u3000]*(?P<close>[）)])(?P<sep>[、.．,，]?))")),
    (4, "1）", re.compile(_LEAD + r"(?P<marker>(?P<num>\d{1,2})(?P<close>[）)])(?P<sep>))")),
]
_TITLE_END = re.compile(r"[。：:；;！？!?]")


@dataclass(frozen=True)
class Heading:
    level: int       # 1 一、  2 （一）  3 1.  4 （1）
    ordinal: int     # value of the number
    style: str       # the marker form it matched, e.g. "一、", "（一）", "一）"
    marker: str      # the marker as written, e.g. "(二)", "10．"
    sep: str         # what follows the number ("、", ".", "" …)
    title: str       # the heading text after the marker, up to the first 。：；
    line: int
    start: int       # offset of the marker
    end: int         # end of the title
    line_end: int    # end of the whole line


@dataclass
class Section:
    heading: Heading | None       # None for the document root
    start: int                    # the heading's start (0 for root)
    end: int                      # where the next heading of the same or a higher level starts
    children: list["Section"] = field(default_factory=list)
    parent: "Section | None" = field(default=None, repr=False)

    @property
    def level(self) -> int:
        return self.heading.level if self.heading else 0

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class DateMark:
    year: int
    month: int
    day: int
    start: int
    end: int

    def as_date(self) -> datetime.date | None:
        try:
            return datetime.date(self.year, self.month, self.day)
        except ValueError:
            return None


_UNIT = r"(?:街道办事处|街道|乡|镇|县|区|市|州|旗)"
_UNIT_RE = re.compile(rf"\p{{Han}}+?{_UNIT}")
_GOV_REST = re.compile(r"^(?:人民政府|政府|党委|党委政府|委员会|人民政府办公室|办事处)?$")
_DEPT_END = re.compile(r"(?:局|委员会|委|办公室|办|厅|署|中心|院|所|部)$")
BODY_TYPES = {"街道办事处": "街道", "街道": "街道", "乡": "乡", "镇": "镇", "县": "县", "区": "区",
              "市": "市", "州": "州", "旗": "旗"}
_ADDRESSEE_END = re.compile(r"(?:委员会|委|政府|局|办公室|办|厅|部|院|中心|组|处|所|会|室|站)$")
_ORG_END = re.compile(r"(?:人民政府|政府|委员会|党委|办事处|局|委|办公室|办|中心|所|院|乡|镇|街道)$")


def parse_body(name: str) -> tuple[str | None, str | None]:
    """Reporting body and its type from the name part of a title or signature.

    "鲁山县马楼乡人民政府" → ("马楼乡", "乡"); "沈丘县司法局" → ("沈丘县司法局", "部门")."""
    name = re.sub(r"[\s\u3000]+", " ", name).strip()
    if " " in name:  # "中共XX镇委员会 XX镇人民政府": the government part names the body
        name = name.split(" ")[-1]
    name = re.sub(r"^中共", "", name)
    units = list(_UNIT_RE.finditer(name))
    if not units:
        if _DEPT_END.search(name) and len(name) >= 3:
            return name, "部门"
        return None, None
    last = units[-1]
    rest = name[last.end():]
    if _GOV_REST.match(rest):
        unit = re.search(rf"{_UNIT}$", last.group()).group()
        return last.group(), BODY_TYPES[unit]
    if _DEPT_END.search(rest):
        return name, "部门"
    return last.group(), BODY_TYPES[re.search(rf"{_UNIT}$", last.group()).group()]


class Document:
    """One draft. Construct with the text and, optionally, path, format and a year override."""

    def __init__(self, text: str, path: str = "<text>", format: str = "text",
                 year: int | None = None):
        self.text = text
        self.path = path
        self.format = format
        self._year_override = year
        self.cache: dict = {}   # per-document memo shared by rule kinds (e.g. word lists)

    # --- positions ---------------------------------------------------------------------
    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset."""
        if offset < 0:
            offset = 0
        elif offset > len(self.text):
            offset = len(self.text)
        starts = self.line_starts
        idx = bisect.bisect_right(starts, offset) - 1
        return idx + 1, offset - starts[idx] + 1

    def line_at(self, offset: int) -> Line:
        return self.lines[self.position(offset)[0] - 1]

    # --- structure -----------------------------------------------------------------------
    @cached_property
    def lines(self) -> list[Line]:
        starts = self.line_starts
        out = []
        for i, s in enumerate(starts):
            e = starts[i + 1] - 1 if i + 1 < len(starts) else len(self.text)
            out.append(Line(i + 1, s, e, self.text[s:e]))
        return out

    @cached_property
    def paragraphs(self) -> list[Line]:
        """Non-blank lines (a paragraph is a line in these drafts)."""
        return [ln for ln in self.lines if not ln.blank]

    @cached_property
    def sentences(self) -> list[Sentence]:
        out = []
        for para in self.paragraphs:
            s = para.start
            text = self.text
            for i in range(para.start, para.end):
                if text[i] in SENTENCE_END:
                    if text[s:i + 1].strip():
                        out.append(self._sentence(s, i + 1, para.number))
                    s = i + 1
            if text[s:para.end].strip():
                out.append(self._sentence(s, para.end, para.number))
        return out

    def _sentence(self, s: int, e: int, line: int) -> Sentence:
        text = self.text
        while s < e and text[s] in " \t\u3000":
            s += 1
        return Sentence(s, e, text[s:e], line)

    @cached_property
    def headings(self) -> list[Heading]:
        out = []
        title_lines = set(self.title_lines)
        for para in self.paragraphs:
            if para.number in title_lines:
                continue
            h = self._heading(para)
            if h:
                out.append(h)
        return out

    def _heading(self, para: Line) -> Heading | None:
        for level, style, pattern in HEADING_FORMS:
            m = pattern.match(para.text)
            if not m:
                continue
            num = cn_ordinal(m.group("num"))
            if num is None or num == 0:
                continue
            rest_start = m.end()
            rest = para.text[rest_start:]
            if not rest.strip() or (rest.lstrip()[:1] in "年月日%万"
                                    and not rest.lstrip().startswith("年度")):   # 一、年度工作总体情况
                continue
            t = _TITLE_END.search(rest)
            title_end = rest_start + (t.start() if t else len(rest))
            marker_start = m.start("marker")
            return Heading(level=level, ordinal=num, style=style, marker=m.group("marker"),
                           sep=m.group("sep") or "",
                           title=para.text[rest_start:title_end].strip(), line=para.number,
                           start=para.start + marker_start, end=para.start + title_end,
                           line_end=para.end)
        return None

    @cached_property
    def sections(self) -> Section:
        """The section tree: root (level 0) → headings by level; a section runs to the next
        heading of the same or a higher (smaller-number) level."""
        root = Section(None, 0, len(self.text))
        stack = [root]
        for h in self.headings:
            while stack[-1].level >= h.level:
                closed = stack.pop()
                closed.end = self.lines[h.line - 1].start
            sec = Section(h, self.lines[h.line - 1].start, len(self.text), parent=stack[-1])
            stack[-1].children.append(sec)
            stack.append(sec)
        return root

    def section_of(self, offset: int) -> Section:
        """Innermost section containing an offset."""
        sec = self.sections
        # children are in order and do not overlap: bisect their starts (kept per section in
        # the document's cache) rather than walk a long list for each offset
        starts = self.cache.setdefault("document.section_starts", {})
        while sec.children:
            kids = sec.children
            at = starts.get(id(sec))
            if at is None:
                at = starts[id(sec)] = [c.start for c in kids]
            i = bisect.bisect_right(at, offset) - 1
            if i < 0 or not kids[i].start <= offset < kids[i].end:
                break
            sec = kids[i]
        return sec

    # --- regions (checker.model.regions) ------------------------------------------------
    @cached_property
    def furniture_lines(self) -> list[int]:
        """Line numbers of web-page debris: navigation, 索引号/发布日期 blocks, 字体：【大 中 小】…"""
        from checker.model.regions import is_furniture
        return [p.number for p in self.paragraphs if is_furniture(p.text)]

    @cached_property
    def line_regions(self) -> list[frozenset]:
        """Region names of each line (index = line number - 1); see checker.model.regions."""
        from checker.model.regions import line_regions
        return line_regions(self)

    def regions_at(self, offset: int) -> frozenset:
        """Region names of the line holding an offset."""
        return self.line_regions[self.position(offset)[0] - 1]

    @cached_property
    def letter_body(self) -> tuple[int, int]:
        """(start, end) of the letter body: after the title and 主送, before the 落款 and 成文日期."""
        start = 0
        if self.addressee is not None:
            start = self.addressee.end
        elif self.title_lines:
            start = self.lines[self.title_lines[-1] - 1].end
        end = len(self.text)
        if self.closing_lines:
            end = self.lines[self.closing_lines[0] - 1].start
        return start, max(start, end)

    def paragraph_at(self, offset: int) -> Line:
        """The line (paragraph) holding an offset."""
        return self.line_at(offset)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding an offset (sentences end at 。！？； and at the paragraph's end),
        or None between sentences (blank lines, leading spaces)."""
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def clause_at(self, offset: int) -> tuple[int, int]:
        """(start, end) of the clause holding an offset: the stretch of its paragraph between
        clause punctuation (CLAUSE_PUNCT)."""
        para = self.line_at(offset)
        text = self.text
        s = offset
        while s > para.start and text[s - 1] not in CLAUSE_PUNCT:
            s -= 1
        e = offset
        while e < para.end and text[e] not in CLAUSE_PUNCT:
            e += 1
        return s, e

    # --- normalized copy -----------------------------------------------------------------
    @cached_property
    def normalized(self) -> "Normalized":
        return Normalized(self.text)

    # --- metadata ------------------------------------------------------------------------
    @cached_property
    def title_lines(self) -> list[int]:
        """Line numbers of the title (one or two lines at the top; empty when none)."""
        picked: list[Line] = []
        furniture = set(self.furniture_lines)
        for ln in self.lines:
            if ln.blank or ln.number in furniture:
                if picked:
                    break
                continue
            t = ln.text.strip()
            if (len(t) > 40 or any(p in t for p in "。，,；;") or t.endswith(("：", ":"))
                    or (self._heading(ln) is not None)):
                break
            picked.append(ln)
            if len(picked) == 3:
                break
        joined = "".join(ln.text.strip() for ln in picked)
        if not any(k in joined for k in ("报告", "法治", "关于", "年度", "总结")):
            return []
        return [ln.number for ln in picked]

    @cached_property
    def title(self) -> str:
        return "".join(self.lines[n - 1].text.strip() for n in self.title_lines)

    @property
    def title_span(self) -> tuple[int, int]:
        if not self.title_lines:
            furniture = set(self.furniture_lines)
            prose = [p for p in self.paragraphs if p.number not in furniture] or self.paragraphs
            first = prose[0] if prose else self.lines[0]
            return first.start, first.end
        a, b = self.lines[self.title_lines[0] - 1], self.lines[self.title_lines[-1] - 1]
        return a.start + (len(a.text) - len(a.text.lstrip())), b.end

    @cached_property
    def addressee(self) -> Line | None:
        """The line after the title that names bodies and ends with ：(中共沈丘县委、沈丘县人民政府：);
        "现将……报告如下：" is the first sentence, not an addressee."""
        after = self.title_lines[-1] if self.title_lines else 0
        furniture = set(self.furniture_lines)
        for ln in self.lines[after:]:
            if ln.blank or ln.number in furniture:
                continue
            t = ln.text.strip()
            ok = (len(t) <= 40 and t.endswith(("：", ":"))
                  and _ADDRESSEE_END.search(t[:-1].rstrip()) is not None and "如下" not in t)
            return ln if ok else None
        return None

    @cached_property
    def title_body(self) -> tuple[str | None, str | None]:
        """(body, type) as named in the title, or (None, None)."""
        if not self.title:
            return None, None
        name = re.split(r"关于|[（(]?(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4}年|20XX|20xx|法治", self.title)[0]
        return parse_body(name)

    @cached_property
    def _body(self) -> tuple[str | None, str | None]:
        if self.title_body[0]:
            return self.title_body
        if self.signature:
            return parse_body(self.signature[0])
        return None, None

    @property
    def body(self) -> str | None:
        """The reporting body, e.g. 马楼乡 (from the title, else the signature)."""
        return self._body[0]

    @property
    def body_type(self) -> str | None:
        """乡, 镇, 街道, 县, 区, 市 or 部门."""
        return self._body[1]

    @cached_property
    def title_year(self) -> int | None:
        m = _YEAR_RE.search(self.title) if self.title else None
        return cn_year(m.group(1)) if m else None

    @property
    def year(self) -> int | None:
        """The report year: --year if given, else from the title."""
        return self._year_override or self.title_year

    @cached_property
    def _closing(self) -> tuple[tuple[str, int, int] | None, DateMark | None]:
        signature = date = None
        skip = set(self.title_lines) | set(self.furniture_lines)
        lines = [ln for ln in self.paragraphs if ln.number not in skip]
        for ln in reversed(lines[-4:]):
            t = ln.text.strip()
            if len(t) > 40 or "。" in t or "，" in t or (self._heading(ln) is not None):
                break
            m = _DATE_RE.search(ln.text)
            if m and date is None and not ln.text[m.end():].strip():
                y, mo, d = cn_year(m.group(1)), cn_ordinal(m.group(2)), cn_ordinal(m.group(3))
                if y and mo is not None and d is not None:
                    date = DateMark(y, mo, d, ln.start + m.start(), ln.start + m.end())
                before = ln.text[:m.start()].strip()
                if before and _ORG_END.search(before) and signature is None:
                    s = ln.start + ln.text.index(before)
                    signature = (before, s, s + len(before))
                continue
            if signature is None and _ORG_END.search(t):
                s = ln.start + ln.text.index(t)
                signature = (t, s, s + len(t))
                continue
            break
        return signature, date

    @cached_property
    def closing_lines(self) -> list[int]:
        """Line numbers of the 落款 and 成文日期."""
        marks = [m for m in (self.signature and self.signature[1], self.date and self.date.start)
                 if m is not None and m is not False]
        return sorted({self.position(m)[0] for m in marks})

    @property
    def signature(self) -> tuple[str, int, int] | None:
        """(text, start, end) of the 落款 line, if the draft ends with one."""
        return self._closing[0]

    @property
    def date(self) -> DateMark | None:
        """The 成文日期 at the end, if present."""
        return self._closing[1]


_FOLD = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
# every character for which str.isspace() is true (tests/test_resource_limits.py checks the list)
_SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
           "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_SPACE_RUN = re.compile("[" + re.escape(_SPACES) + "]+")
_FULL_RUN = re.compile("[\uff01-\uff5e]+")


class Normalized:
    """A matching copy of a text: full-width ASCII forms folded to half-width and all
    whitespace removed, with ``orig`` mapping each normalized index to its original offset."""

    def __init__(self, text: str):
        # C-speed passes: fold (one character for one), then keep what lies between the runs
        # of whitespace; offsets in an array of machine ints (a list costs 36 bytes each)
        # only the runs of full-width forms are translated (str.translate would look up
        # every Han character)
        folded = _FULL_RUN.sub(lambda m: m.group().translate(_FOLD), text)
        pieces = []
        orig = array("i" if len(text) < 2**31 else "q")
        last = 0
        for m in _SPACE_RUN.finditer(folded):
            a = m.start()
            if a > last:
                pieces.append(folded[last:a])
                orig.extend(range(last, a))
            last = m.end()
        if last < len(folded):
            pieces.append(folded[last:])
            orig.extend(range(last, len(folded)))
        self.text = "".join(pieces)
        self.orig = orig
        self._len = len(text)

    def at(self, offset: int) -> int:
        """The normalized index of the first kept character at or after an original offset."""
        return bisect.bisect_left(self.orig, offset)

    def to_normalized(self, start: int, end: int) -> tuple[int, int]:
        """Normalized (start, end) of an original span (spaces inside it dropped)."""
        return self.at(start), self.at(end)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of a normalized span."""
        if start >= len(self.orig):
            return self._len, self._len
        s = self.orig[start]
        e = self.orig[end - 1] + 1 if end > start else s
        return s, e
