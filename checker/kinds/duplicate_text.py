"""duplicate-text: sentences and passages that a draft repeats (pasted twice).

Sentences are compared on their folded form (checker.fingerprint: punctuation, spaces, numbers
and the body's own name do not count; the pack's ``ignore`` phrases are cut out).  A sentence
whose folded form equals an earlier one's is a repeat; one whose word-bigram similarity reaches
``threshold`` is a near-repeat.  Repeated sentences that follow one another in both places are
one passage.  A stretch of at least ``min_chars`` folded characters that is repeated exactly
inside a longer sentence (``part_chars``, default 20) is reported with the span of that stretch.

Each finding sits on the later copy and names the earliest copy in ``related``.  ``report``
picks what this rule reports: ``exact`` (the same text) or ``similar`` (near-repeats).

Ordinary writing that repeats on purpose is left alone:

  * lists: a repeat that is, once its 顿号 lists (three or more short items: unit names,
    category names) are taken out, shorter than ``min_chars``;
  * titles: a document's title quoted in 书名号 (a 印发通知's 《……》) and repeated as a title
    line (the attached document's own title), or quoted in 书名号 in both places;
  * parallel sentences on one template stating different facts: a near-repeat, or a repeated
    stretch inside longer sentences, whose two copies stand in one paragraph or on neighbouring
    lines and carry different figures ("进农村12场……""进学校8场……") or different labels
    before a colon ("青山村：……""桐木村：……").  A whole sentence repeated with only its
    figures changed is still a repeat (FZ301).

``clause_chars`` (0 = off) also reports a clause repeated right after itself inside one
sentence, figures included ("排查出问题线索5条，排查出问题线索5条"): at least that many
characters, compared as written (spaces aside), so "…5条，…6条" is not a repeat.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import regex as re

from checker.model.chinese import CLAUSE_MARKS
from checker.model.findings import Related
from checker.text.fingerprint import CUT, could_reach, fold, fold_plain, similarity, sketch, units
from checker.text.fingerprint import make_shingled as shingle  # memoized per draft below
from checker.ruleset.rule import Opt

KIND = "duplicate-text"
PLACEHOLDERS = frozenset({"line", "similarity"})   # {names} check() fills
OPTIONS = {
    "report": Opt("str", help="exact（相同文字）或 similar（高度相似的文字）"),
    "min_chars": Opt("int", 15, help="至少多少个字（不计标点、空格和 ignore 中的套话）才报告"),
    "threshold": Opt("number", 0.6, help="相似度下限（0–1，按词语二元组计算）"),
    "part_chars": Opt("int", 20, help="长句中的一部分与别处相同时，至少多少个字才报告"),
    "ignore": Opt("strs", [], help="不计入比较的套话（如“习近平法治思想”）"),
    "clause_chars": Opt("int", 0, min=0, help="同一句中紧接着重复的分句至少多少个字才报告（0：不查）"),
}

_LIST = re.compile(r"(?:[^\s、，。；：！？,;:!?《》“”]{1,12}、){2,}[^\s、，。；：！？,;:!?《》“”]{1,12}")
_TITLE = re.compile(r"《[^《》\n]*》")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?|[〇零一二两三四五六七八九十百千万]+(?=[个件次场项条名人家户起份])")
_LABEL = re.compile(r"^[\s\u3000]*(?:[（(]?[一二三四五六七八九十0-9]+[）)、.．]?)?([^，。；：:]{1,12})[：:]")
_CLAUSE_SPLIT = re.compile(r"[，、；,;]")
_CLAUSE_NOISE = re.compile(r"[\s\u3000。！？!?]")   # not compared between two clauses
_HAN = re.compile(r"\p{Han}")

MIN_UNIT = 6  # a shorter sentence counts only as part of a longer repeated passage
ALL_PAIRS = 200  # up to this many sentences every pair is compared; beyond, sketches pick pairs
COMMON = 200     # a sketch hash in more sentences than this is the draft's stock text
MAX_CANDIDATES = 24


def prepare(options):
    if options["report"] not in ("exact", "similar"):
        raise ValueError("report: 应为 exact 或 similar")
    if options["min_chars"] < 4:
        raise ValueError("min_chars: 应不小于 4")
    if options.get("part_chars", 20) < options["min_chars"]:
        raise ValueError("part_chars: 应不小于 min_chars")
    if not 0 < options["threshold"] <= 1:
        raise ValueError("threshold: 应在 0 到 1 之间")
    options["ignore"] = tuple(sorted({fold_plain(p) for p in options["ignore"] if fold_plain(p)},
                                     key=len, reverse=True))


def check(doc, rule):
    exact = rule["report"] == "exact"
    for p in passages(doc, rule["min_chars"], rule["threshold"], rule["ignore"],
                      rule["part_chars"]):
        if p["exact"] != exact:
            continue
        if _deliberate(doc, p, rule["min_chars"]):
            continue
        if not p["exact"] and not _alike_without_names(doc, p, rule):
            continue
        line = doc.position(p["earlier"][0])[0]
        pct = f"{round(p['similarity'] * 100)}%"
        what = "相同的文字" if exact else f"相似的文字（相似度 {pct}）"
        yield rule.finding(p["start"], p["end"], line=line, similarity=pct,
                           related=[Related(f"较早出现的{what}", *p["earlier"])])
    if exact and rule["clause_chars"]:
        yield from _repeated_clauses(doc, rule)


# --- repeats on purpose ------------------------------------------------------------------

def _han_count(text: str) -> int:
    return len(_HAN.findall(text))


def _names(m) -> bool:
    """Is a 顿号 run a list of names (units, categories) rather than parallel phrases?  Four or
    more items, or items of which two share their last character (司法所、派出所) or their first
    two (行政许可、行政处罚) — "小事不出村、大事不出镇、矛盾不上交" is a slogan, not a list."""
    items = [_squeeze(x) for x in m.group().split("、")]
    if len(items) >= 4:
        return True
    ends = [x[-1:] for x in items]
    heads = [x[:2] for x in items if len(x) > 2]
    return len(set(ends)) < len(ends) or len(set(heads)) < len(heads)


def _is_list(text: str, min_chars: int) -> bool:
    """Is the text, its lists of names taken out, shorter than min_chars characters?"""
    if "、" not in text:
        return False
    listed = 0
    for m in _LIST.finditer(text):
        if not _names(m):
            continue
        items = [_han_count(x) for x in m.group().split("、")]
        # the first and last items run into the words around the list: count them as long
        # as the longest middle item
        width = max(items[1:-1])
        listed += sum(items[1:-1]) + min(items[0], width) + min(items[-1], width)
    return listed and _han_count(text) - listed < min_chars


def _line_titles(doc, ln) -> list[tuple[int, int]]:
    memo = doc.cache.setdefault("duplicate-text.titles", {})
    spans = memo.get(ln.number)
    if spans is None:
        spans = memo[ln.number] = [m.span() for m in _TITLE.finditer(doc.text, ln.start, ln.end)]
    return spans


def _in_title(doc, s: int, e: int) -> bool:
    """Does one 《…》 hold text[s:e] (the marks may be part of it)?"""
    spans = _line_titles(doc, doc.line_at(s))
    i = bisect_right(spans, (s + 1, float("inf"))) - 1
    return i >= 0 and spans[i][0] < s + 1 and e - 1 < spans[i][1]


def _title_line(doc, s: int, e: int) -> bool:
    """Does the copy fill a line of its own that has no clause punctuation (a title)?"""
    ln = doc.line_at(s)
    rest = doc.text[ln.start:s] + doc.text[e:ln.end]
    return (_han_count(rest) <= 2 and not CLAUSE_MARKS.search(doc.text[ln.start:ln.end].strip()))


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\u3000]", "", text)


def _quotes_title(doc, s: int, e: int, title: str) -> bool:
    """Does text[s:e] quote `title` in 书名号?"""
    return any(s <= a and b <= e and _squeeze(doc.text[a + 1:b - 1]) == title
               for a, b in _line_titles(doc, doc.line_at(s)))


def _titles(doc, p) -> bool:
    """A title in 书名号 in both copies, or quoted in one and standing as a title line in the
    other (the 印发通知 and the attached document)?"""
    (s, e), (bs, be) = (p["start"], p["end"]), p["earlier"]
    if _in_title(doc, s, e) and _in_title(doc, bs, be):
        return True
    for (ts, te), (os_, oe) in (((s, e), (bs, be)), ((bs, be), (s, e))):
        if _title_line(doc, ts, te):
            ln = doc.line_at(ts)
            title = _squeeze(doc.text[ln.start:ln.end])
            if _in_title(doc, os_, oe) or _quotes_title(doc, *_sentence_span(doc, os_, oe), title):
                return True
    return False


def _sentence_span(doc, s: int, e: int) -> tuple[int, int]:
    a = doc.sentence_at(s)
    b = doc.sentence_at(max(s, e - 1))
    return (a.start if a else s), (b.end if b else e)


def _parallel(doc, p) -> bool:
    """Two copies on one template, in one paragraph or on neighbouring lines, stating different
    facts (other figures, other labels)?"""
    (s, e), (bs, be) = (p["start"], p["end"]), p["earlier"]
    la, lb = doc.line_at(s).number, doc.line_at(bs).number
    if abs(la - lb) > 1:
        return False
    a0, a1 = _sentence_span(doc, s, e)
    b0, b1 = _sentence_span(doc, bs, be)
    ta, tb = doc.text[a0:a1], doc.text[b0:b1]
    if sorted(_NUMBER.findall(ta)) != sorted(_NUMBER.findall(tb)):
        return True
    ma = _LABEL.match(doc.text[doc.line_at(s).start:doc.line_at(s).end])
    mb = _LABEL.match(doc.text[doc.line_at(bs).start:doc.line_at(bs).end])
    return bool(ma and mb and la != lb and ma.group(1) != mb.group(1))


def _deliberate(doc, p, min_chars: int) -> bool:
    s, e = p["start"], p["end"]
    bs, be = p["earlier"]
    if _is_list(doc.text[s:e], min_chars) or _is_list(doc.text[bs:be], min_chars):
        return True
    if _titles(doc, p):
        return True
    whole = (p["exact"] and _sentence_span(doc, s, e) == (s, e)
             and _sentence_span(doc, bs, be) == (bs, be))
    return not whole and _parallel(doc, p)


def _without_names(text: str) -> str:
    text = _TITLE.sub("", text)
    return _LIST.sub(lambda m: "" if _names(m) else m.group(), text)


def _alike_without_names(doc, p, rule) -> bool:
    """Are two near-repeats still alike with their titles in 书名号 and lists of names taken
    out?  (A title cited twice, or one list, does not make two sentences a repeat.)"""
    (s, e), (bs, be) = (p["start"], p["end"]), p["earlier"]
    ta, tb = doc.text[s:e], doc.text[bs:be]
    if "《" not in ta + tb and "、" not in ta + tb:
        return True
    a = shingle(fold(_without_names(ta), doc.body, doc.body_type).text, rule["ignore"])
    b = shingle(fold(_without_names(tb), doc.body, doc.body_type).text, rule["ignore"])
    if a.size < rule["min_chars"] or b.size < rule["min_chars"]:
        return False
    return similarity(a, b, rule["threshold"]) >= rule["threshold"]


def _repeated_clauses(doc, rule):
    """A clause said twice in a row inside one sentence, figures and all."""
    n = rule["clause_chars"]
    text = doc.text
    for sent in doc.sentences:
        pieces = []                       # (start, end) of each clause
        a = sent.start
        for m in _CLAUSE_SPLIT.finditer(text, sent.start, sent.end):
            pieces.append((a, m.start()))
            a = m.end()
        pieces.append((a, sent.end))
        prev = None
        for cs, ce in pieces:
            c = _CLAUSE_NOISE.sub("", text[cs:ce])
            if prev is not None and c and c == prev[2] and _han_count(c) >= n:
                while cs < ce and text[cs] in " \t\u3000":
                    cs += 1
                end = ce
                while end > cs and text[end - 1] in " \t\u3000。！？!?":
                    end -= 1
                yield rule.finding(cs, end, "“{clause}”在同一句中紧接着重复了一次", clause=c,
                                   line=doc.line_at(prev[0]).number, similarity="100%",
                                   related=[Related("前一个相同的分句", prev[0], prev[1])])
            prev = (cs, ce, c)


def passages(doc, min_chars: int, threshold: float, phrases=(), part_chars: int = 20) -> list[dict]:
    """Repeated passages of a draft, later copies in order, as dicts with start, end (original
    offsets of the later copy), earlier (start, end), similarity, exact.  Memoized."""
    key = ("duplicate-text", min_chars, threshold, tuple(phrases), part_chars)
    if key in doc.cache:
        return doc.cache[key]
    folded, us = units(doc)
    made: dict[str, object] = {}   # a sentence repeated 10,000 times is shingled once
    sh = []
    for u in us:
        t = folded.text[u.fstart:u.fend]
        a = made.get(t)
        if a is None:
            a = made[t] = shingle(t, phrases)
        sh.append(a)
    del made
    match = _sentence_matches(sh, min_chars, threshold)
    out = []
    i = 0
    while i < len(us):
        if i not in match:
            i += 1
            continue
        j, sim = match[i]
        run = [(i, j, sim)]
        while (i + len(run) in match and match[i + len(run)][0] == j + len(run)
               and j + len(run) < i):
            k = i + len(run)
            run.append((k, match[k][0], match[k][1]))
        size = sum(sh[a].size for a, _, _ in run)
        if size >= min_chars:
            total = sum(sh[a].size * s for a, _, s in run) / size
            a0, a1, b0, b1 = us[run[0][0]], us[run[-1][0]], us[run[0][1]], us[run[-1][1]]
            out.append({"start": a0.start, "end": a1.end, "earlier": (b0.start, b1.end),
                        "similarity": total, "exact": all(s == 1.0 for _, _, s in run)})
        i += len(run)
    starts = [u.start for u in us]   # in order: the units a passage covers are a range
    covered = set()
    for p in out:
        covered.update(range(bisect_left(starts, p["start"]), bisect_left(starts, p["end"])))
    out.extend(_exact_stretches(folded, us, sh, part_chars, covered))
    out.sort(key=lambda p: p["start"])
    doc.cache[key] = out
    return out


def _sentence_matches(sh, min_chars, threshold) -> dict[int, tuple[int, float]]:
    """For each later sentence i, the earliest most similar earlier sentence j: {i: (j, sim)}."""
    match = {}
    first_of: dict[str, int] = {}
    index: dict[int, list[int]] = {}
    for i, a in enumerate(sh):
        if a.size < MIN_UNIT:
            continue
        key = a.key
        if key in first_of:
            match[i] = (first_of[key], 1.0)
            continue
        first_of[key] = i
        if a.size < min_chars:
            continue
        best = None
        for j in (range(i) if len(sh) <= ALL_PAIRS else _sketch_candidates(sh, i, index)):
            b = sh[j]
            if b.size < min_chars or not could_reach(a.size, b.size, threshold):
                continue
            if not (a.grams & b.grams):
                continue
            s = similarity(a, b, threshold)
            if s >= threshold and (best is None or s > best[1]):
                best = (j, s)
        if best:
            match[i] = best
    return match


def _sketch_candidates(sh, i: int, index: dict) -> list[int]:
    """Earlier sentences sharing sketch hashes with sentence i (long drafts only), the most
    sharing first; then sentence i joins the index.  Keeps a very long draft linear."""
    counts: dict[int, int] = {}
    hashes = sketch(sh[i].text)
    for h in hashes:
        for j in index.get(h, ()):
            counts[j] = counts.get(j, 0) + 1
    for h in hashes:
        lst = index.setdefault(h, [])
        if len(lst) <= COMMON:
            lst.append(i)
    need = 1 if len(hashes) < 4 else 2
    ranked = sorted((j for j, n in counts.items() if n >= need), key=lambda j: -counts[j])
    return ranked[:MAX_CANDIDATES]


def _exact_stretches(folded, us, sh, part_chars, covered):
    """Exact repeats of at least min_chars folded characters inside sentences not already
    reported whole: the later stretch and the earlier one."""
    k = part_chars
    first: dict[str, tuple[int, int]] = {}
    out = []
    for i, a in enumerate(sh):
        t = a.text
        if i not in covered:
            p = 0
            while p + k <= len(t):
                g = t[p:p + k]
                hit = first.get(g) if CUT not in g else None
                if hit is None:
                    p += 1
                    continue
                j, q = hit
                b = sh[j].text
                n = k
                while p + n < len(t) and q + n < len(b) and t[p + n] == b[q + n] and t[p + n] != CUT:
                    n += 1
                s, e = folded.span(us[i].fstart + p, us[i].fstart + p + n)
                bs, be = folded.span(us[j].fstart + q, us[j].fstart + q + n)
                out.append({"start": s, "end": e, "earlier": (bs, be), "similarity": 1.0,
                            "exact": True})
                p += n
        for p in range(len(t) - k + 1):
            g = t[p:p + k]
            if CUT not in g and g not in first:
                first[g] = (i, p)
    return out
