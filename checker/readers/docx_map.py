"""Where each character of a Word draft's text stands in word/document.xml.

The .docx reader (checker.readers.wordml) gives one line per paragraph — body paragraphs, table
cell paragraphs, the paragraphs of text boxes and shapes at their anchor, content controls,
hyperlinks, smart tags, inserted text of tracked changes (deletions are not text) — and a
finding's offsets are offsets into that text.  To put a finding back into the file (a comment
on its span, a tracked change, a fix made in place) the writing paths — `--annotate` and
`--fix` on a .docx — need, for every character of every line, the element it came from.

There is ONE reading: `document_map` runs the reader itself over the main part's tree (the tree
the writer will change: python-docx's for the annotated copy, lxml's for the fix) with
recording on (wordml.LineSource), so the map's text is exactly the text `fzlint check` reads
(`mapped_text` is that text) and every character knows its ``w:r`` and its ``w:t`` (with the
index in its text) or one-character element (``w:tab``, ``w:br``, ``w:sym`` …).  Of an
``mc:AlternateContent`` the map, like the reader, holds the Choice it read, once.

Text in no run a writer may edit — a paragraph's automatic number, a field's displayed result
(complex fields and ``w:fldSimple``), math, a ruby base — is a `Piece` with ``run`` None: a
finding on it can only be anchored on its paragraph, and its fix is not made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag: w("t") → "{…/main}t"."""
    return f"{{{W_NS}}}{tag}"


@dataclass
class Piece:
    """Characters [start, end) of a line and where they are.

    node is a ``w:t`` (the characters are node.text[at:at + end - start]) or a one-character
    element (``w:tab``, ``w:br``, …); run is the ``w:r`` holding node.  run None: text the
    reader gives that is in no run a writer edits (node may then be None)."""
    start: int
    end: int
    run: object | None
    node: object | None
    at: int = 0

    @property
    def is_text(self) -> bool:
        return self.run is not None and self.node is not None and self.node.tag == w("t")


def _pieces(origins) -> list[Piece]:
    out: list[Piece] = []
    for col, o in enumerate(origins):
        last = out[-1] if out else None
        if o is None:
            if last is not None and last.run is None and last.end == col:
                last.end += 1
            else:
                out.append(Piece(col, col + 1, None, None))
            continue
        run, node, i = o
        if (last is not None and last.node is node and last.run is run and last.is_text
                and last.end == col and last.at + (col - last.start) == i):
            last.end += 1
        else:
            out.append(Piece(col, col + 1, run, node, i))
    return out


@dataclass
class ParaMap:
    """One line of the text: its paragraph elements, number, offset, characters' origins."""
    element: object          # the first w:p of the line (a comment on the whole line goes here)
    line: int                # 1-based line number in Document.text
    start: int               # offset of the line's first character in Document.text
    text: str
    origins: list = field(default_factory=list)   # per character: (w:r, node, index) or None
    elements: list = field(default_factory=list)  # every w:p of the line, in order
    _pieces: list | None = field(default=None, repr=False)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def pieces(self) -> list[Piece]:
        if self._pieces is None:
            self._pieces = _pieces(self.origins)
        return self._pieces

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

    # after the writer split a w:t or a run, the characters that moved
    def moved_text(self, node, tail, cut: int) -> None:
        """node.text[cut:] is now tail's text."""
        for col, o in enumerate(self.origins):
            if o is not None and o[1] is node and o[2] >= cut:
                self.origins[col] = (o[0], tail, o[2] - cut)
        self._pieces = None

    def moved_run(self, run, tail) -> None:
        """Some children of run are now tail's."""
        for col, o in enumerate(self.origins):
            if o is not None and o[0] is run and o[1].getparent() is tail:
                self.origins[col] = (tail, o[1], o[2])
        self._pieces = None


def follows(a: ParaMap, b: ParaMap) -> bool:
    """b's first paragraph is the very next element after a's last one, in one container (a
    body, a table cell, a text box): a span or a join may go from a to b."""
    return bool(a.elements) and bool(b.elements) and a.elements[-1].getnext() is b.elements[0]


def document_map(data: bytes, root) -> list[ParaMap]:
    """The lines the reader gives for the .docx package `data` (styles and numbering are read
    from it) whose main part, already parsed, is `root` (a ``w:document``): line i + 1 = entry
    i, every origin an element of `root`.  Raises what the reader raises (WordMLError …)."""
    import io
    import zipfile

    from checker.readers.wordml import _CONTROL, read_wordml
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        wt = read_wordml(z, root=root, record=True)
    out, offset = [], 0
    for i, (text, src) in enumerate(zip(wt.paragraphs, wt.sources)):
        text = text.translate(_CONTROL)     # a no-op: the recorded lines are already done
        first = src.elements[0] if src.elements else None
        out.append(ParaMap(first, i + 1, offset, text, src.origins, list(src.elements)))
        offset += len(text) + 1
    return out


def mapped_text(data: bytes) -> str:
    """The text the map gives for a .docx package (its lines joined): what --annotate and
    --fix on a .docx check, the very text `fzlint check` reads.  The package has already passed
    the zip guard of checker.readers.docx (the caller read it through the runner)."""
    return "\n".join(m.text for m in document_map(data, parse_main(data)[1]))


def parse_main(data: bytes):
    """(name, root) of the main part of a .docx package, parsed as the writers parse it (no
    entities, comments and processing instructions kept)."""
    import io
    import zipfile

    from lxml import etree

    from checker.readers.wordml import main_part
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        name = main_part(z)[0]
        xml = z.read(name)
    return name, etree.fromstring(xml, etree.XMLParser(resolve_entities=False, huge_tree=True,
                                                       no_network=True))
