"""The common rule keys the engine applies to every kind's findings: `scope`, `unless` and
`match_on` (the Vale model: a shared definition whose scope and exceptions the manager applies).

    scope: [body]                  # report only hits on lines of these regions
    scope: {not: [title, closing]} # … or on lines of none of these
                                   # region names: checker.model.regions.REGIONS
    unless:                        # patterns whose match silences a hit; name the form:
      containing: [党的十九大以来]   #   a match that contains the whole hit (within its paragraph)
      hit: [自治区$]               #   a match inside the hit's own text
      clause: [同比, 增长]          #   a match in the hit's clause (between ，。；：！？)
      sentence: [去年, 上年]        #   a match in the hit's sentence (between 。！？；)
      paragraph: [附件]            #   a match in the hit's paragraph
      near: [标准]                 #   a match within `near_chars` characters either side
      near_chars: 10               #   (default 10)
    match_on: normalized           # raw | normalized: the text that patterns (the kind's and
                                   # the unless patterns) see; normalized = full-width ASCII
                                   # folded, spaces removed, offsets mapped back

Without `scope`, a rule reports anywhere but on web-page furniture lines (site navigation,
索引号/发布日期 blocks — checker.model.regions); `scope: [all]` includes those too.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from checker.ruleset.schema import compile_regex, pack_error
from checker.text.matching import search

UNLESS_FORMS = ("containing", "hit", "clause", "sentence", "paragraph", "near")
MATCH_ON = ("raw", "normalized")
NEAR_CHARS = 10


def _regions():
    from checker.model.regions import REGIONS
    return REGIONS


@dataclass(frozen=True)
class Scope:
    include: frozenset = frozenset()       # empty: every region but furniture
    exclude: frozenset = frozenset()

    def allows(self, regions: frozenset) -> bool:
        if self.include:
            if not (self.include & regions):
                return False
        elif "furniture" in regions:
            return False
        return not (self.exclude & regions)


DEFAULT_SCOPE = Scope()


@dataclass(frozen=True)
class Unless:
    forms: tuple = ()                      # ((form, (compiled patterns…)), …)
    near_chars: int = NEAR_CHARS

    def __bool__(self) -> bool:
        return bool(self.forms)

    def silences(self, doc, start: int, end: int, normalized: bool = False) -> bool:
        """Does a pattern of some form match around (or inside) the hit doc.text[start:end]?"""
        for form, patterns in self.forms:
            if _form_hits(doc, form, patterns, start, end, normalized, self.near_chars):
                return True
        return False


def _context(doc, form: str, start: int, end: int, near: int) -> tuple[int, int]:
    para = doc.line_at(start)
    if form == "hit":
        return start, end
    if form == "clause":
        s, _ = doc.clause_at(start)
        _, e = doc.clause_at(max(start, end - 1))
        return s, e
    if form == "sentence":
        sent = doc.sentence_at(start)
        if sent is not None and end <= sent.end:
            return sent.start, sent.end
        return para.start, max(para.end, end)
    if form in ("paragraph", "containing"):
        return para.start, max(para.end, end)
    return max(para.start, start - near), min(max(para.end, end), end + near)


def _form_hits(doc, form, patterns, start, end, normalized, near) -> bool:
    lo, hi = _context(doc, form, start, end, near)
    if normalized:
        norm = doc.normalized
        text = norm.text
        lo, hi = norm.to_normalized(lo, hi)
        start, end = norm.to_normalized(start, end)
    else:
        text = doc.text
    if form == "hit":
        piece = text[lo:hi]
        return any(search(p, piece) is not None for p in patterns)
    if form == "near":
        return any(search(p, text, lo, hi) is not None for p in patterns)
    memo = doc.cache.setdefault("context.unless", {})
    if form != "containing":       # the same clause, sentence or paragraph asked again and again
        key = (id(patterns), normalized, lo, hi)
        if key not in memo:
            memo[key] = any(search(p, text, lo, hi) is not None for p in patterns)
        return memo[key]
    return any(_covers(memo, p, text, lo, hi, start, end, normalized) for p in patterns)


def _covers(memo, p, text, lo, hi, s, e, normalized) -> bool:
    """Does a match of p within text[lo:hi] start at or before s and end at or after e?  Every
    start is tried (matches may overlap).  The hits of one paragraph come in text order, so the
    matches are walked once for all of them (kept in memo), never again from the paragraph's
    start for each hit: a long paragraph with many hits stays linear."""
    key = (id(p), normalized, lo, hi)
    walk = memo.get(key)
    if walk is None:               # [match starts so far, furthest end up to each, next match]
        walk = memo[key] = [[], [], search(p, text, lo, hi)]
    starts, reach, m = walk
    while m is not None and m.start() <= s and not (reach and reach[-1] >= e):
        starts.append(m.start())
        reach.append(max(m.end(), reach[-1]) if reach else m.end())
        m = walk[2] = search(p, text, m.start() + 1, hi)
    i = bisect.bisect_right(starts, s) - 1
    return i >= 0 and reach[i] >= e


# --- decoding from a pack entry ---------------------------------------------------------------

def parse_scope(value, path: str, line: int) -> Scope:
    regions = _regions()

    def names(v, key):
        v = [v] if isinstance(v, str) else v
        if not isinstance(v, list) or not v or not all(isinstance(x, str) for x in v):
            raise pack_error(path, line, key, "应为区域名称的列表，如 [body] 或 {not: [title]}")
        for x in v:
            if x not in regions:
                raise pack_error(path, line, key, f"未知的区域 {x}（可用：{', '.join(regions)}）")
        return frozenset(v)

    if isinstance(value, dict):
        unknown = set(value) - {"only", "not"}
        if unknown:
            raise pack_error(path, line, "scope", f"未知的键 {sorted(map(str, unknown))[0]}（可用：only, not）")
        return Scope(include=names(value["only"], "scope") if "only" in value else frozenset(),
                     exclude=names(value["not"], "scope") if "not" in value else frozenset())
    return Scope(include=names(value, "scope"))


def parse_unless(value, path: str, line: int) -> Unless:
    if not isinstance(value, dict) or not value:
        raise pack_error(path, line, "unless",
                         f"应为映射：形式 → 正则列表（形式：{', '.join(UNLESS_FORMS)}）")
    forms = []
    near = NEAR_CHARS
    for form, pats in value.items():
        if form == "near_chars":
            if isinstance(pats, bool) or not isinstance(pats, int) or not 1 <= pats <= 200:
                raise pack_error(path, line, "unless", "near_chars 应为 1–200 的整数")
            near = pats
            continue
        if form not in UNLESS_FORMS:
            raise pack_error(path, line, "unless",
                             f"未知的形式 {form}（可用：{', '.join(UNLESS_FORMS)}, near_chars）")
        pats = [pats] if isinstance(pats, str) else pats
        if not isinstance(pats, list) or not pats or not all(isinstance(p, str) for p in pats):
            raise pack_error(path, line, "unless", f"{form} 应为正则表达式或其列表")
        forms.append((form, tuple(compile_regex(p, path, line, f"unless.{form}") for p in pats)))
    return Unless(tuple(forms), near)


def parse_match_on(value, path: str, line: int) -> str:
    if value not in MATCH_ON:
        raise pack_error(path, line, "match_on", "应为 raw 或 normalized")
    return value
