"""Pattern entries with context conditions, shared by the word-list kinds (substitution,
existence, year-formulation).

An entry is a mapping in a rule's ``entries`` list::

    - pattern: 进一度               # regex, run on the normalized copy (full-width ASCII folded,
                                    # so （ reads as "(", spaces removed); never crosses a sentence
      use: 进一步                   # kind-specific keys: use/fix (substitution),
                                    # outdated_from/exists_from/current (year-formulation)
      inside: [...]                 # report only if a match of one of these covers the whole match
      not_inside: ["十九大精神.{0,6}以来"]  # skip if a match of one of these covers it
      near: ["监察机关|检察机关"]      # report only if one of these occurs in the same sentence
      not_near: [...]               # skip if one of these occurs in the same sentence
      message: …                    # optional, replaces the rule's message for this entry
      severity: info                # optional, replaces the rule's severity for this entry

Context patterns are searched in the sentence that holds the match (split on 。！？；).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex

from checker.model.findings import SEVERITIES
from checker.text.matching import finditer, search

COMMON_KEYS = ("pattern", "inside", "not_inside", "near", "not_near", "message", "severity")
_CONTEXT_KEYS = ("inside", "not_inside", "near", "not_near")


@dataclass(frozen=True)
class Entry:
    pattern: object
    inside: tuple = ()
    not_inside: tuple = ()
    near: tuple = ()
    not_near: tuple = ()
    message: str | None = None
    severity: str | None = None
    extra: dict = field(default_factory=dict)   # kind-specific keys, already checked


def _strs(value, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ValueError(f"{where}: 应为文字或文字列表")


def parse(options, key: str = "entries", extra_keys: dict | None = None) -> list[Entry]:
    """Check and compile ``options[key]`` into Entries.  ``extra_keys`` maps each kind-specific
    key to a function(value, where) -> converted value (raise ValueError to reject)."""
    extra_keys = extra_keys or {}
    raw = options[key]
    if not isinstance(raw, list) or not raw:
        raise ValueError(f"{key}: 应为非空列表，每项至少有 pattern")
    out = []
    for i, item in enumerate(raw, 1):
        where = f"{key}: 第{i}项"
        if isinstance(item, str):
            item = {"pattern": item}
        if not isinstance(item, dict):
            raise ValueError(f"{where}: 应为映射（pattern: 正则 …）或文字")
        unknown = set(item) - set(COMMON_KEYS) - set(extra_keys)
        if unknown:
            allowed = ", ".join(list(COMMON_KEYS) + list(extra_keys))
            raise ValueError(f"{where}: 未知的键 {sorted(map(str, unknown))[0]}（可用：{allowed}）")
        if not isinstance(item.get("pattern"), str) or not item["pattern"]:
            raise ValueError(f"{where}: 缺少 pattern（正则表达式）")
        pattern = _compile(item["pattern"], f"{where} pattern")
        ctx = {k: tuple(_compile(p, f"{where} {k}") for p in _strs(item[k], f"{where} {k}"))
               for k in _CONTEXT_KEYS if k in item}
        message = item.get("message")
        if message is not None and not isinstance(message, str):
            raise ValueError(f"{where}: message 应为文字")
        severity = item.get("severity")
        if severity is not None and severity not in SEVERITIES:
            raise ValueError(f"{where}: severity 应为 error、warning 或 info")
        extra = {k: conv(item[k], f"{where} {k}") for k, conv in extra_keys.items() if k in item}
        out.append(Entry(pattern=pattern, message=message, severity=severity, extra=extra, **ctx))
    return out


def _compile(pattern: str, where: str):
    try:
        return regex.compile(pattern)
    except (regex.error, OverflowError, RecursionError, ValueError) as err:
        raise ValueError(f"{where}: 正则表达式无效（{err}）") from None


def strs(value, where: str) -> tuple[str, ...]:
    """Converter for extra keys holding one or more words."""
    return tuple(_strs(value, where))


def year(value, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1990 <= value <= 2100:
        raise ValueError(f"{where}: 应为四位年份")
    return value


def boolean(value, where: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{where}: 应为 true 或 false")
    return value


# --- matching ---------------------------------------------------------------------------------

def _sentence_bounds(doc) -> tuple[list[int], list[int]]:
    """Normalized (starts, ends) of the document's sentences, memoized per document."""
    key = "_entries.sentences"
    if key not in doc.cache:
        orig = doc.normalized.orig
        starts, ends = [], []
        for s in doc.sentences:
            ns, ne = bisect.bisect_left(orig, s.start), bisect.bisect_left(orig, s.end)
            if ne > ns:
                starts.append(ns)
                ends.append(ne)
        doc.cache[key] = (starts, ends)
    return doc.cache[key]


def _covered(patterns, text: str, lo: int, hi: int, s: int, e: int, memo: dict) -> bool:
    """Does a match of one of the patterns within text[lo:hi] cover text[s:e]?  (A match
    starting at or before s and ending at or after e; every start is tried, as a pattern may
    match at overlapping places.)  The candidates of one sentence come in order, so the
    matches of each pattern there are walked once for all of them (memo), not from the
    sentence start for each: a long sentence with many candidates stays linear."""
    for p in patterns:
        key = (p, lo, hi)
        walk = memo.get(key)
        if walk is None:   # [match starts so far, furthest end up to each, next match]
            walk = memo[key] = [[], [], search(p, text, lo, hi)]
        starts, reach, m = walk
        while m is not None and m.start() <= s and not (reach and starts[-1] <= s and reach[-1] >= e):
            starts.append(m.start())
            reach.append(max(m.end(), reach[-1]) if reach else m.end())
            m = walk[2] = search(p, text, m.start() + 1, hi)
        i = bisect.bisect_right(starts, s) - 1
        if i >= 0 and reach[i] >= e:
            return True
    return False


def _anywhere(patterns, text: str, lo: int, hi: int, memo: dict) -> bool:
    key = (tuple(patterns), lo, hi, "any")
    if key not in memo:
        memo[key] = any(search(p, text, lo, hi) is not None for p in patterns)
    return memo[key]


def matches(doc, entry: Entry):
    """(start, end, match) in original offsets for each match of the entry that passes its
    context conditions; the match object is on the normalized copy (match.group() is the
    text found, with full-width ASCII folded and spaces removed)."""
    norm = doc.normalized
    text = norm.text
    starts, ends = _sentence_bounds(doc)
    memo: dict = {}
    for m in finditer(entry.pattern, text):
        s, e = m.start(), m.end()
        if e == s:
            continue
        i = bisect.bisect_right(starts, s) - 1
        if i < 0 or e > ends[i]:
            continue  # outside any sentence, or runs into the next one
        lo, hi = starts[i], ends[i]
        if entry.inside and not _covered(entry.inside, text, lo, hi, s, e, memo):
            continue
        if entry.not_inside and _covered(entry.not_inside, text, lo, hi, s, e, memo):
            continue
        if entry.near and not _anywhere(entry.near, text, lo, hi, memo):
            continue
        if entry.not_near and _anywhere(entry.not_near, text, lo, hi, memo):
            continue
        os_, oe = norm.span(s, e)
        yield os_, oe, m


def title_allows(doc, rule) -> bool:
    """The rule's optional ``title`` pattern: run only on drafts whose title matches."""
    pattern = rule.options.get("title")
    return pattern is None or (bool(doc.title) and search(pattern, doc.title) is not None)
