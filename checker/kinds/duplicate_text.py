"""duplicate-text: sentences and passages that a draft repeats (pasted twice).

Sentences are compared on their folded form (checker.fingerprint: punctuation, spaces, numbers
and the body's own name do not count; the pack's ``ignore`` phrases are cut out).  A sentence
whose folded form equals an earlier one's is a repeat; one whose word-bigram similarity reaches
``threshold`` is a near-repeat.  Repeated sentences that follow one another in both places are
one passage.  A stretch of at least ``min_chars`` folded characters that is repeated exactly
inside a longer sentence (``part_chars``, default 20) is reported with the span of that stretch.

Each finding sits on the later copy and names the earliest copy in ``related``.  ``report``
picks what this rule reports: ``exact`` (the same text) or ``similar`` (near-repeats).
"""

from __future__ import annotations

from bisect import bisect_left

from checker.model.findings import Related
from checker.text.fingerprint import CUT, could_reach, fold_plain, similarity, sketch, units
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
}

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
        line = doc.position(p["earlier"][0])[0]
        pct = f"{round(p['similarity'] * 100)}%"
        what = "相同的文字" if exact else f"相似的文字（相似度 {pct}）"
        yield rule.finding(p["start"], p["end"], line=line, similarity=pct,
                           related=[Related(f"较早出现的{what}", *p["earlier"])])


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
