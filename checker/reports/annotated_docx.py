"""The annotated copy of a Word draft (`fzlint check 报告.docx --annotate` → 报告.fzlint.docx).

`annotate(data, result, edits)` takes the original .docx bytes, the findings of its text and
the net edits of the safe fixes (checker.app.fixer.fix_edits) and gives the bytes of a copy in
which

- every finding is a Word comment (批注) by "fzlint", anchored on exactly the characters of
  its span: the message, the rule and its level, the suggested wording when the finding has a
  fix, and each related place as "另见第 N 段“…”";
- every edit is a tracked change (修订) by "fzlint" with a date: the old characters in w:del,
  the new ones in w:ins, so the clerk accepts or rejects each one, or all of them, in Word, WPS
  or LibreOffice.  An edit that joins paragraphs deletes their paragraph marks;
- runs are split where a span starts or ends, each part keeping the run's formatting (a copy
  of its w:rPr); an inserted run takes the formatting of the first character it replaces (of
  the character before it when it only inserts);
- text in table cells, text boxes and shapes (the ``mc:AlternateContent`` Choice the reader
  read), content controls, hyperlinks, smart tags and inserted runs of the draft's own tracked
  changes is annotated where it stands, like body text: the comment's range start, end and
  reference all go into the paragraph (``w:p``) holding the span, so a comment in a text box or
  a cell stays within it; a span over several paragraphs is marked as one range only when they
  follow one another in one container (else the comment is anchored on its first paragraph);
- a finding that has no span (a missing part, a whole paragraph), or whose span holds text in
  no run (an automatic number, a field result), or on a paragraph the map does not match, is
  anchored on its paragraph; its fix is then not marked (the comment says so);
- everything else in the package (the input's own comments and revisions, styles, pictures)
  is kept: python-docx loads the package and saves it again.

The offsets of the findings are offsets into the reader's text; checker.readers.docx_map (the
reader's own reading, recorded) is what turns them back into paragraphs, runs and w:t
positions.  The Fallback of a text box (its VML copy) keeps the old text: Word, WPS and
LibreOffice show the Choice.
"""

from __future__ import annotations

import bisect
import copy
import datetime
import io
from dataclasses import dataclass, field

from checker.errors import OneLineError
from checker.model.findings import FileResult, Finding, Fix, tier, tier_rank
from checker.readers.docx_map import ParaMap, document_map, follows, w

AUTHOR = "fzlint"
INITIALS = "fz"
LEVELS = {"error": "错误", "warning": "警告", "info": "提示"}


def comment_order(findings) -> list:
    """The order the comments are written in (their ids, the order Word's reviewing pane and
    LibreOffice list them when anchored together): 实质问题 first, then 格式问题."""
    return sorted(findings, key=lambda f: tier_rank(f.category))
# elements that may sit between the runs of one deletion and go into its w:del with them
_RANGE_MARKS = {w(t) for t in ("bookmarkStart", "bookmarkEnd", "commentRangeStart",
                               "commentRangeEnd", "proofErr", "permStart", "permEnd")}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class AnnotateError(OneLineError):
    """The copy could not be made; str(err) says why (Chinese, one line)."""


@dataclass
class Annotated:
    data: bytes                 # the annotated copy
    comments: int = 0           # one per finding
    revisions: int = 0          # edits marked as tracked changes
    on_paragraph: int = 0       # comments anchored on their whole paragraph
    not_marked: list[Fix] = field(default_factory=list)   # edits left as comments only


def annotate(data: bytes, result: FileResult, edits, when: datetime.datetime | None = None,
             author: str = AUTHOR) -> Annotated:
    """The annotated copy of the .docx `data` whose text was checked into `result`."""
    try:
        import docx  # python-docx
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises many types on broken packages
        raise AnnotateError(f"无法打开 Word 文件（{type(err).__name__}）") from None
    when = when or datetime.datetime.now(datetime.timezone.utc)
    try:
        maps = document_map(data, document.element)
    except Exception as err:  # the reader read these bytes already: a part python-docx changed
        raise AnnotateError(f"无法读取 Word 文件的正文（{type(err).__name__}）") from None
    job = _Job(document, result, author, when, maps)
    job.run(sorted(edits, key=lambda e: (e.start, e.end)))
    out = io.BytesIO()
    document.save(out)
    return Annotated(out.getvalue(), job.n_comments, job.n_revisions, job.on_paragraph,
                     job.not_marked)


def docx_from_text(text: str) -> bytes:
    """A plain .docx of a text draft (.txt, .md): one paragraph per line, the text as it is
    (characters XML cannot hold as spaces), in a Chinese body font — what `--annotate` annotates
    for a draft that is not a Word file."""
    import docx  # python-docx
    from docx.oxml.ns import qn
    document = docx.Document()
    normal = document.styles["Normal"]
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), "宋体")
    body = document.element.body
    for p in list(body.iterchildren(w("p"))):   # the template's empty paragraph, if any
        body.remove(p)
    for line in text.split("\n"):
        p = document.add_paragraph()
        if line:
            run = p.add_run()
            t = _el("t")
            t.text = _xml_safe(line)
            _preserve(t)
            run._r.append(t)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


BASELINE_NOTE = {"new": "本轮新出现的问题", "known": "上一轮已指出、尚未修改"}


class _Job:
    def __init__(self, document, result: FileResult, author: str, when: datetime.datetime,
                 maps: list[ParaMap]):
        self.document, self.result, self.author = document, result, author
        self.date = when.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.text = result.doc.text
        self.body = document.element.body
        self.maps: list[ParaMap] = maps
        self.lines = lines = self.text.split("\n")
        self.starts = [0]
        for line in lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        same_count = len(lines) == len(self.maps)
        self.ok = [same_count and m.text == lines[i] for i, m in enumerate(self.maps)]
        self.own: dict[int, object] = {}        # id → our w:del/w:ins (kept alive here)
        self.n_comments = self.n_revisions = self.on_paragraph = 0
        self.not_marked: list[Fix] = []
        self.marked: list[Fix] = []
        ids = [int(v) for v in self.body.xpath("//@w:id") if v.lstrip("-").isdigit()]
        ids += [c.comment_id for c in document.comments]
        self.next_id = max(ids, default=0) + 1 + len(result.findings)

    # --- positions ------------------------------------------------------------------------
    def locate(self, offset: int) -> tuple[int, int]:
        """(paragraph index, column) of a text offset."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i, offset - self.starts[i]

    def _cols(self, start: int, end: int):
        """(paragraph index, lo, hi) for each paragraph a span [start, end) touches."""
        ia, ca = self.locate(start)
        ib, cb = self.locate(end)
        for k in range(ia, ib + 1):
            yield k, (ca if k == ia else 0), (cb if k == ib else len(self.lines[k]))

    def _in_runs(self, start: int, end: int) -> bool:
        """Every character of the span is in a run of a paragraph that matches the text, and
        the span's paragraphs follow one another in one container (a body, a cell, a box)."""
        prev = None
        for k, lo, hi in self._cols(start, end):
            if k >= len(self.maps) or not self.ok[k]:
                return False
            if prev is not None and not follows(self.maps[prev], self.maps[k]):
                return False
            prev = k
            if any(p.run is None and p.start < hi and lo < p.end for p in self.maps[k].pieces):
                return False
        return True

    def split(self, k: int, col: int) -> None:
        """Make column `col` of paragraph k a run boundary (both parts keep the w:rPr)."""
        m = self.maps[k]
        for p in m.pieces:
            if p.is_text and (p.start < col < p.end or p.start == col and p.at > 0):
                cut = p.at + col - p.start
                tail = copy.deepcopy(p.node)
                tail.text, p.node.text = p.node.text[cut:], p.node.text[:cut]
                _preserve(p.node)
                _preserve(tail)
                p.node.addnext(tail)
                m.moved_text(p.node, tail, cut)
                break
        for p in m.pieces:
            if p.start == col and p.run is not None:
                if any(q.run is p.run and q.start < col for q in m.pieces):
                    m.moved_run(p.run, _split_run(p.run, p.node))
                return

    def covered_runs(self, start: int, end: int) -> list:
        """The runs holding exactly the characters [start, end) (after `split`)."""
        out = []
        for k, lo, hi in self._cols(start, end):
            m = self.maps[k]
            for run in m.runs():
                a, b = m.run_span(run)
                if lo <= a and b <= hi and a < b:
                    out.append(run)
        return out

    # --- the whole job --------------------------------------------------------------------
    def run(self, edits: list[Fix]) -> None:
        marks = [e for e in edits if self._markable(e)]
        self.not_marked = [e for e in edits if e not in marks]
        anchored = [f for f in self.result.findings
                    if f.start < f.end and self._in_runs(f.start, f.end)]
        for k, col in sorted({pos for e in marks for pos in (self.locate(e.start),
                                                            self.locate(e.end))}
                             | {pos for f in anchored for pos in (self.locate(f.start),
                                                                 self.locate(f.end))}):
            self.split(k, col)
        # element references first: the map cannot see runs once they are in a w:del
        plans = [self._plan_edit(e) for e in marks]
        anchors = {id(f): self.covered_runs(f.start, f.end) for f in anchored}
        for e, plan in zip(marks, plans):
            self._mark(e, *plan)
        self.marked = marks
        for f in comment_order(self.result.findings):
            runs = anchors.get(id(f))
            self._comment(f, runs or None)

    # --- tracked changes ------------------------------------------------------------------
    def _markable(self, e: Fix) -> bool:
        if "\n" in e.replacement or not self._in_runs(e.start, e.end):
            return False
        ia, _ = self.locate(e.start)
        ib, _ = self.locate(e.end)
        for k in range(ia, ib):        # a joined paragraph must not end a section
            if len(self.maps[k].elements) != 1 or len(self.maps[k + 1].elements) != 1:
                return False
            ppr = self.maps[k].element.find(w("pPr"))
            if ppr is not None and ppr.find(w("sectPr")) is not None:
                return False
        return True

    def _plan_edit(self, e: Fix):
        """(runs to delete, the run whose formatting an insertion takes, where it goes)."""
        deleted = self.covered_runs(e.start, e.end)
        ia, ca = self.locate(e.start)
        m = self.maps[ia]
        before = next((p.run for p in reversed(m.pieces) if p.end == ca and p.run is not None),
                      None)
        after = next((p.run for p in m.pieces if p.start == ca and p.run is not None), None)
        first_here = [r for r in deleted if m.run_span(r) is not None]
        style = deleted[0] if deleted else (before if before is not None else after)
        if first_here:
            where = ("after", first_here[-1])
        elif before is not None:
            where = ("after", before)
        elif after is not None:
            where = ("before", after)
        else:
            where = ("end", m.element)
        return deleted, style, where, ia, self.locate(e.end)[0]

    def _revision(self, tag: str):
        el = _el(tag, {w("id"): str(self.next_id), w("author"): self.author,
                       w("date"): self.date})
        self.next_id += 1
        self.own[id(el)] = el
        return el

    def _mark(self, e: Fix, deleted, style, where, ia: int, ib: int) -> None:
        last_del_here = None
        for group in _groups(deleted):
            d = self._revision("del")
            group[0].addprevious(d)
            for node in group:
                d.append(node)
                for t in node.iter(w("t"), w("instrText")):
                    t.tag = w("delText") if t.tag == w("t") else w("delInstrText")
            if where[0] == "after" and where[1] in group:
                last_del_here = d
        for k in range(ia, ib):
            _delete_mark(self.maps[k].element, self._revision("del"))
        if e.replacement:
            ins = self._revision("ins")
            ins.append(_new_run(style, e.replacement))
            kind, ref = where
            if last_del_here is not None:
                last_del_here.addnext(ins)
            elif kind == "after":
                self._slot_after(ref).addnext(ins)
            elif kind == "before":
                self._slot_before(ref).addprevious(ins)
            else:
                ref.append(ins)
        self.n_revisions += 1

    def _is_own(self, el, tag: str) -> bool:
        return el is not None and self.own.get(id(el)) is el and el.tag == w(tag)

    def _slot_after(self, node):
        """The element after which something that follows `node` goes: out of our w:del when
        node ends it, and past the w:ins that follows that w:del."""
        while True:
            parent = node.getparent()
            if self._is_own(parent, "del") and node.getnext() is None:
                node = parent
                if self._is_own(node.getnext(), "ins"):
                    node = node.getnext()
                continue
            return node

    def _slot_before(self, node):
        while True:
            parent = node.getparent()
            if self._is_own(parent, "del") and node.getprevious() is None:
                node = parent
                continue
            return node

    # --- comments -------------------------------------------------------------------------
    def _comment(self, f: Finding, runs) -> None:
        comment = self.document.comments.add_comment(text=self._comment_text(f),
                                                      author=self.author, initials=INITIALS)
        cid = str(comment.comment_id)
        start = _el("commentRangeStart", {w("id"): cid})
        end = _el("commentRangeEnd", {w("id"): cid})
        if runs:
            self._slot_before(runs[0]).addprevious(start)
            self._slot_after(runs[-1]).addnext(end)
            top = end
            while top.getparent().tag != w("p"):
                top = top.getparent()
            if top is not end:
                top = self._slot_after(top)
                if self._is_own(top, "del") and self._is_own(top.getnext(), "ins"):
                    top = top.getnext()
            top.addnext(_reference_run(cid))
        else:
            k = min(self.locate(f.start)[0], len(self.maps) - 1)
            p = self.maps[k].element
            ppr = p.find(w("pPr"))
            if ppr is not None:
                ppr.addnext(start)
            else:
                p.insert(0, start)
            p.append(end)
            p.append(_reference_run(cid))
            self.on_paragraph += 1
        self.n_comments += 1

    def _comment_text(self, f: Finding) -> str:
        lines = [f.message, f"规则：{f.rule}（{LEVELS.get(f.severity, f.severity)}，{tier(f.category)}）"]
        if f.extra.get("baseline") in BASELINE_NOTE:      # with --baseline
            lines.append(BASELINE_NOTE[f.extra["baseline"]])
        if len(f.safe_fixes) > 1:       # a grouped finding: its places are its tracked changes
            marked = sum(self._fix_marked(x) for x in f.safe_fixes)
            lines.append(f"建议：本条 {len(f.safe_fixes)} 处都可修正"
                         + (f"（{marked} 处已标为修订，可接受或拒绝）" if marked
                            else "（未标为修订，请手工修改）"))
        elif f.fix is not None:
            old = self.text[f.fix.start:f.fix.end]
            shown = [s.replace("\n", "⏎") for s in (old, f.fix.replacement)]
            if old and f.fix.replacement:
                advice = f"建议：“{shown[0]}”改为“{shown[1]}”"
            elif old:
                advice = f"建议：删去“{shown[0]}”"
            else:
                advice = f"建议：插入“{shown[1]}”"
            lines.append(advice + ("（已标为修订，可接受或拒绝）" if self._fix_marked(f.fix)
                                   else "（未标为修订，请手工修改）"))
        for r in f.related:
            if r.rule is not None:
                continue      # another place of a grouped finding: counted in the message
            if r.start is not None and r.path in (None, self.result.path):
                k, _ = self.locate(r.start)
                where = f"另见第 {k + 1} 段“{_clip(self.lines[k].strip(), 16)}”"
            else:
                unit = "段" if (r.path or "").lower().endswith(".docx") else "行"
                where = f"另见 {r.path or self.result.path} 第 {r.line or 1} {unit}"
            lines.append(f"{where}：{r.message}" if r.message else where)
        return "\n".join(_xml_safe(s) for s in lines)

    def _fix_marked(self, fix: Fix) -> bool:
        return any(e.start < fix.end and fix.start < e.end
                   or e.start == e.end and fix.start <= e.start <= fix.end
                   or fix.start == fix.end and e.start <= fix.start <= e.end
                   for e in self.marked)


# --- XML helpers ------------------------------------------------------------------------------
def _el(tag: str, attrs: dict | None = None):
    from docx.oxml import OxmlElement
    return OxmlElement(f"w:{tag}", attrs=attrs)


def _preserve(t) -> None:
    t.set(XML_SPACE, "preserve")


def _split_run(run, node):
    """Split run before its child `node`: the new run after it (returned) gets node and what
    follows — the very elements, moved — and a copy of the run's properties."""
    children = list(run)
    cut = children.index(node)
    tail = copy.deepcopy(run)
    for child in list(tail):
        if child.tag != w("rPr"):
            tail.remove(child)
    for child in children[cut:]:
        if child.tag != w("rPr"):
            tail.append(child)
    run.addnext(tail)
    return tail


def _groups(runs) -> list[list]:
    """Runs to delete as groups of siblings, each becoming one w:del; range marks (bookmarks,
    comment ranges) between two runs of a group go into it with them."""
    groups: list[list] = []
    for run in runs:
        if groups:
            last = groups[-1][-1]
            between, nxt = [], last.getnext()
            while nxt is not None and nxt is not run and nxt.tag in _RANGE_MARKS:
                between.append(nxt)
                nxt = nxt.getnext()
            if nxt is run:
                groups[-1].extend(between + [run])
                continue
        groups.append([run])
    return groups


def _delete_mark(p, d) -> None:
    """Mark the paragraph mark of p deleted (its text joins the next paragraph's)."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = _el("pPr")
        p.insert(0, ppr)
    rpr = ppr.find(w("rPr"))
    if rpr is None:
        rpr = _el("rPr")
        later = [c for c in ppr if c.tag in (w("sectPr"), w("pPrChange"))]
        if later:
            later[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(1 if len(rpr) and rpr[0].tag == w("ins") else 0, d)


def _new_run(style, text: str):
    r = _el("r")
    if style is not None:
        rpr = style.find(w("rPr"))
        if rpr is not None:
            rpr = copy.deepcopy(rpr)
            for change in rpr.findall(w("rPrChange")):
                rpr.remove(change)
            r.append(rpr)
    t = _el("t")
    t.text = text
    _preserve(t)
    r.append(t)
    return r


def _reference_run(cid: str):
    r = _el("r")
    rpr = _el("rPr")
    rpr.append(_el("rStyle", {w("val"): "CommentReference"}))
    r.append(rpr)
    r.append(_el("commentReference", {w("id"): cid}))
    return r


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[:n] + "…"


def _xml_safe(s: str) -> str:
    """Characters XML 1.0 cannot hold (control characters from a broken draft) as spaces."""
    return "".join(ch if ch in "\t\n" or (ord(ch) >= 0x20 and ord(ch) not in (0xFFFE, 0xFFFF))
                   and not 0xD800 <= ord(ch) <= 0xDFFF else " " for ch in s)
