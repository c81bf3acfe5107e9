"""Where each character of a Word draft's text stands in word/document.xml.

The .docx reader gives one line per body paragraph; a finding's offsets are offsets into that
text.  To put a finding back into the file (a comment on its span, a tracked change, a fix
made in place) we need, for every character of every line, the element it came from.
`paragraph_map` is the one place that knows how the reader turns the XML into lines: change it
together with the reader, and the annotated copy and the in-place fix follow.

The map follows the plain reading of the body (python-docx 1.2's), which the writing paths —
`--annotate` and `--fix` on a .docx — check (`mapped_text`), so that every offset of a finding
has its place in a run — or, for a paragraph's automatic number (given by
checker.readers.wordml.paragraph_labels, as the reader renders it), is known to be in no run.
`fzlint check` itself reads more (readers/wordml.py: tracked changes as accepted, tables, text
boxes); mapping that richer text onto the runs is the next step.  The plain reading reads, in order, each ``w:p`` child of
``w:body``; in it the ``w:r`` children and the ``w:r`` children of each ``w:hyperlink``; in a
run ``w:t`` as its text, ``w:tab``/``w:ptab`` as a tab, ``w:br`` (line break), ``w:cr`` as a
space, ``w:noBreakHyphen`` as "-", and a page or column break as nothing; a carriage return in
a ``w:t`` is dropped, a newline or vertical tab becomes a space.  Runs inside ``w:ins``,
``w:del``, ``w:sdt``, ``w:smartTag``, ``w:fldSimple`` and tables are not read, so they are not
mapped either.

A reader may also give text that is in no run (an automatic list number, a field result it
computes): such text is a `Piece` with ``run`` None, and a finding on it can only be anchored on
its paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag: w("t") → "{…/main}t"."""
    return f"{{{W_NS}}}{tag}"


_ONE_CHAR = {w("tab"): "\t", w("ptab"): "\t", w("cr"): " ", w("noBreakHyphen"): "-"}


@dataclass
class Piece:
    """Characters [start, end) of a line and where they are.

    node is a ``w:t`` (the characters are node.text[at:at + end - start]) or a one-character
    element (``w:tab``, ``w:br``, …); run is the ``w:r`` holding node.  Both None: text the
    reader gives that is in no run."""
    start: int
    end: int
    run: object | None
    node: object | None
    at: int = 0

    @property
    def is_text(self) -> bool:
        return self.node is not None and self.node.tag == w("t")


@dataclass
class ParaMap:
    """One line of the text: its paragraph element, number, offset and pieces."""
    element: object          # the w:p
    line: int                # 1-based line number in Document.text
    start: int               # offset of the line's first character in Document.text
    text: str
    pieces: list[Piece] = field(default_factory=list)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def runs(self) -> list:
        """The runs holding this line's characters, in order, each once."""
        out, seen = [], set()
        for p in self.pieces:
            if p.run is not None and id(p.run) not in seen:
                seen.add(id(p.run))
                out.append(p.run)
        return out

    def run_span(self, run) -> tuple[int, int] | None:
        """[start, end) columns of a run's characters in the line (None: not in the line)."""
        cols = [(p.start, p.end) for p in self.pieces if p.run is run]
        return (cols[0][0], cols[-1][1]) if cols else None


def paragraph_map(body, labels: dict | None = None) -> list[ParaMap]:
    """The lines the reader gives for a ``w:body`` element, line i + 1 = entry i; `labels`
    ({w:p: automatic number}, checker.readers.wordml.paragraph_labels) go before the runs."""
    out, offset = [], 0
    labels = labels or {}
    for i, p in enumerate(body.iterchildren(w("p"))):
        text, pieces = map_paragraph(p, labels.get(p))
        out.append(ParaMap(p, i + 1, offset, text, pieces))
        offset += len(text) + 1
    return out


def _reader_runs(p):
    for child in p.iterchildren(w("r"), w("hyperlink")):
        if child.tag == w("r"):
            yield child
        else:
            yield from child.iterchildren(w("r"))


def map_paragraph(p, label: str | None = None) -> tuple[str, list[Piece]]:
    """(the line the reader gives for one w:p, its pieces); `label` is the paragraph's
    automatic number, text in no run."""
    chars: list[str] = list(label or "")
    pieces: list[Piece] = [Piece(0, len(chars), None, None)] if label else []
    for r in _reader_runs(p):
        for node in r.iterchildren(w("t"), w("tab"), w("ptab"), w("br"), w("cr"),
                                   w("noBreakHyphen")):
            if node.tag == w("t"):
                s = node.text or ""
                open_at = None
                for k, ch in enumerate(s + "\r"):      # the sentinel closes the last piece
                    if ch == "\r":
                        if open_at is not None:
                            start = len(chars) - (k - open_at)
                            pieces.append(Piece(start, len(chars), r, node, open_at))
                            open_at = None
                        continue
                    if open_at is None:
                        open_at = k
                    chars.append(" " if ch in "\n\v" else ch)
                continue
            if node.tag == w("br"):
                if node.get(w("type")) not in (None, "textWrapping"):
                    continue                         # page or column break: no character
                ch = " "
            else:
                ch = _ONE_CHAR[node.tag]
            pieces.append(Piece(len(chars), len(chars) + 1, r, node))
            chars.append(ch)
    return "".join(chars), pieces


def mapped_text(data: bytes) -> str:
    """The text the map gives for a .docx package (its main part's body, line i + 1 = body
    paragraph i): what --annotate and --fix on a .docx check.  The package has already passed
    the zip guard of checker.readers.docx (the caller read it through the runner)."""
    import io
    import zipfile

    from lxml import etree

    from checker.readers.wordml import main_part
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        name = main_part(z)[0]
        root = etree.fromstring(z.read(name), etree.XMLParser(resolve_entities=False,
                                                              huge_tree=True))
    body = root.find(w("body"))
    if body is None:
        return ""
    from checker.readers.wordml import paragraph_labels
    labels = paragraph_labels(data, body.iterchildren(w("p")))
    return "\n".join(m.text for m in paragraph_map(body, labels))
