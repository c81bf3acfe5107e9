"""Who copied whom, at a glance: the pair overview of `--cross`/`--against`/`--index`, computed
once from the cross-draft findings (FZ303) of the checked drafts, for the text table, the JSON
field ``pairs``/``unchanged`` and the HTML section.

Each FZ303 finding is a passage of a checked draft A with, in ``extra["shared"]``, every other
draft that holds it (checker.kinds.duplicate_across).  A pair A ↔ B gathers the passages the two
share:

- ``shared_paragraphs``: how many paragraphs (lines; a Word draft's paragraphs) of A hold some
  of that text (``shared_paragraphs_b``: the same in B, when B was checked);
- ``share_a``/``share_b``: the share of each draft's text that is shared with the other, **in
  characters, whitespace not counted** (None for a draft only compared with, not checked:
  a draft given with ``--against`` or one that is only in the index);
- ``longest``: the longest run of shared text, **in characters** (whitespace not counted), the
  longer of the two sides' runs; a run is a stretch of consecutive shared sentences;
- ``first_a``/``first_b``: where the first shared passage of A stands, in A and in B.

Template boilerplate makes no pair: a passage held by ``template_floor(n)`` drafts or more —
a quarter of the n drafts compared, at least 5, at most 20 (the index follows at most 24
similar sentences per sentence, so more holders are never seen) — is text every report shares
(a county's required wording), not copying, and counts for no pair.  n is the number of drafts
the overview sees: the checked reports plus every other draft a passage was found in.  When the
index joined template paragraphs and copied text around them into one passage, the draft that
holds a longer stretch of it than ``template_floor(n)`` drafts do still makes a pair with it
(_beyond_template); the template part then counts in that pair's shares.

``unchanged`` (with ``--against``): for every checked draft (0 when nothing matched), the share of its text (characters,
whitespace not counted) that stands the same in a reference draft (``same``: similarity ≥ 99.9%
after the comparison's folding, which ignores digits and the body's name) and that is similar to
it (``similar``: the rest of what FZ303 found, at its threshold).  Template text counts here: it
is text that was not rewritten.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

from checker.errors import one_line

RULE = "FZ303"
SAME = 0.999            # similarity from which a passage is the same text


CAP = 20   # the index follows at most 24 candidates per sentence: more holders are never seen


def template_floor(n: int) -> int:
    """How many drafts holding a passage make it template boilerplate, of n compared: a
    quarter of them, at least 5, at most CAP."""
    return max(5, min(math.ceil(n / 4), CAP))


def _span(o) -> int:
    return o["end_line"] - o["line"] + 1


def _beyond_template(holders, total: int, floor: int):
    """The holders of a passage that share more with it than template boilerplate: a holder
    counts unless ``floor`` drafts (itself and the checked one among them) hold as long a
    stretch of it (in paragraphs).  A passage the index joined from template paragraphs and
    the copied text around them is held by all drafts in its template lines and by the copier
    in all of it: the copier still makes a pair, the others do not."""
    if total + 1 < floor:
        return holders
    spans = [_span(o) for _, o in holders]
    return [(kb, o) for kb, o in holders if sum(1 for n in spans if n >= _span(o)) + 1 < floor]


def _key(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def _inside(path: str, folder: str) -> bool:
    try:
        return path == folder or os.path.commonpath([path, folder]) == folder
    except ValueError:
        return False


@dataclass
class Side:
    path: str                 # as shown (one_line)
    line: int                 # where the first shared passage of the pair stands here
    paragraphs: int | None    # paragraphs holding shared text (None: not checked)
    share: float | None       # share of the text, in characters (None: not checked)
    longest: int | None       # longest shared run here, in characters (None: not checked)


@dataclass
class Pair:
    a: Side
    b: Side
    reference: bool = False   # b is a draft compared with only (--against / the index)

    @property
    def longest(self) -> int:
        return max(x for x in (self.a.longest, self.b.longest) if x is not None)

    @property
    def top_share(self) -> float:
        return max(x for x in (self.a.share, self.b.share, 0.0) if x is not None)

    def as_dict(self) -> dict:
        return {"a": self.a.path, "b": self.b.path, "shared_paragraphs": self.a.paragraphs,
                "shared_paragraphs_b": self.b.paragraphs,
                "share_a": _round(self.a.share), "share_b": _round(self.b.share),
                "longest": self.longest, "first_a": {"path": self.a.path, "line": self.a.line},
                "first_b": {"path": self.b.path, "line": self.b.line},
                "reference": self.reference}


@dataclass
class Unchanged:
    path: str
    same: float
    similar: float
    references: list[str] = field(default_factory=list)   # the reference drafts it matched

    def as_dict(self) -> dict:
        return {"path": self.path, "same": _round(self.same), "similar": _round(self.similar),
                "references": list(self.references)}

    def sentence(self) -> str:
        text = f"本文 {percent(self.same)} 与往年报告相同"
        if self.similar >= 0.005:
            text += f"（另有 {percent(self.similar)} 相似）"
        return text


@dataclass
class Overview:
    pairs: list[Pair] = field(default_factory=list)
    unchanged: list[Unchanged] = field(default_factory=list)
    drafts: int = 0           # n: the drafts the overview saw
    floor: int = 5            # template_floor(n)
    template: int = 0         # passages left out as template boilerplate


def _round(x):
    return None if x is None else round(x, 4)


def percent(x: float | None) -> str:
    return "—" if x is None else f"{round(x * 100)}%"


def _chars(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _union(spans):
    out = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def _measure(doc, spans):
    """(paragraphs touched, share of characters, longest run in characters) of spans of doc."""
    merged = _union(spans)
    text = doc.text
    total = _chars(text) or 1
    lines = set()
    longest = shared = 0
    for s, e in merged:
        n = _chars(text[s:e])
        shared += n
        longest = max(longest, n)
        lines.update(range(doc.position(s)[0], doc.position(max(s, e - 1))[0] + 1))
    return len(lines), shared / total, longest


def _line_spans(doc, first: int, last: int):
    """Offsets of lines first..last of doc (whole paragraphs)."""
    lines = doc.lines
    first, last = max(1, first), min(len(lines), last)
    return [(lines[n - 1].start, lines[n - 1].end) for n in range(first, last + 1)] \
        if first <= last else []


def overview(results, against=()) -> Overview:
    """The pair overview of checked results (FileResults with their FZ303 findings); against:
    the --against files and folders (what is a reference draft)."""
    refs = [_key(p) for p in against]
    checked = {}
    for r in results:
        if r.error or r.doc is None or r.not_report:
            continue
        checked.setdefault(_key(r.path), r)
    passages = []          # (key of A, finding, [(key of B, entry)])
    shown = {k: one_line(r.path) for k, r in checked.items()}
    seen = set(checked)
    for ka, r in checked.items():
        for f in r.findings:
            data = f.extra.get("shared") if f.rule == RULE else None
            if not data:
                continue
            holders = []
            for o in data["with"]:
                kb = _key(o["path"])
                if kb == ka:
                    continue
                seen.add(kb)
                shown.setdefault(kb, one_line(o["path"]))
                holders.append((kb, o))
            passages.append((ka, f, data["total"], holders))
    out = Overview(drafts=len(seen))
    out.floor = template_floor(out.drafts)

    def is_ref(k):
        return k not in checked and any(_inside(k, ref) for ref in refs)

    # spans[(A, B)] = [(start, end)] of A shared with B; first[(A, B)] = (start, line in B)
    spans: dict[tuple, list] = {}
    first: dict[tuple, tuple] = {}
    other_lines: dict[tuple, list] = {}    # B's lines (first, last) per (A, B), for fallback
    same: dict[str, list] = {}
    similar: dict[str, list] = {}
    matched_refs: dict[str, set] = {}
    for ka, f, total, holders in passages:
        for kb, o in holders:
            if is_ref(kb):
                (same if o["similarity"] >= SAME else similar).setdefault(ka, []).append(
                    (f.start, f.end))
                matched_refs.setdefault(ka, set()).add(shown[kb])
        kept = _beyond_template(holders, total, out.floor)
        if len(kept) < len(holders):
            out.template += 1
        for kb, o in kept:
            spans.setdefault((ka, kb), []).append((f.start, f.end))
            other_lines.setdefault((ka, kb), []).append((o["line"], o["end_line"]))
            if (ka, kb) not in first or f.start < first[(ka, kb)][0]:
                first[(ka, kb)] = (f.start, o["line"])

    done = set()
    for (ka, kb) in spans:
        pair_key = frozenset((ka, kb))
        if pair_key in done:
            continue
        done.add(pair_key)
        sides = []
        for x, y in ((ka, kb), (kb, ka)):
            r = checked.get(x)
            if r is None:
                sides.append(None)
                continue
            mine = spans.get((x, y))
            if mine is None:    # y found x's text, x's own search did not: y's line ranges
                mine = [sp for a, b in other_lines[(y, x)] for sp in _line_spans(r.doc, a, b)]
            paragraphs, share, longest = _measure(r.doc, mine)
            if (x, y) in first:
                line = r.doc.position(first[(x, y)][0])[0]
            else:
                line = min(a for a, _ in other_lines[(y, x)])
            sides.append(Side(shown[x], line, paragraphs, share, longest))
        a, b = sides
        if b is None:   # kb only compared with: a reference or an indexed draft
            b = Side(shown[kb], first[(ka, kb)][1], None, None, None)
        elif a.share < b.share or (a.share == b.share and a.path > b.path):
            a, b = b, a     # the draft with more of its text shared first
        out.pairs.append(Pair(a, b, reference=is_ref(kb) or is_ref(ka)))
    out.pairs.sort(key=lambda p: (-p.top_share, -p.longest, p.a.path, p.b.path))

    for ka in same.keys() | similar.keys():
        r = checked[ka]
        s_same = _measure(r.doc, same.get(ka, []))[1] if ka in same else 0.0
        s_both = _measure(r.doc, same.get(ka, []) + similar.get(ka, []))[1]
        out.unchanged.append(Unchanged(shown[ka], s_same, max(0.0, s_both - s_same),
                                       sorted(matched_refs.get(ka, ()))))
    if refs:      # with --against every checked draft is told, 0% included
        for ka in checked.keys() - same.keys() - similar.keys():
            if not any(_inside(ka, ref) for ref in refs):
                out.unchanged.append(Unchanged(shown[ka], 0.0, 0.0))
    out.unchanged.sort(key=lambda u: (-u.same - u.similar, u.path))
    return out


def unchanged_of(ov: Overview | None, path: str) -> Unchanged | None:
    if ov is None:
        return None
    name = one_line(path)
    return next((u for u in ov.unchanged if u.path == name), None)
