"""Pattern entries with context conditions, shared by the word-list kinds (substitution,
existence, year-formulation).

An entry is a mapping in a rule's ``entries`` list::

    - pattern: 进一度               # regex, run on the normalized copy (full-width ASCII folded,
                                    # so （ reads as "(", spaces removed); never crosses a sentence
      use: 进一步                   # kind-specific keys: use/fix (substitution),
                                    # outdated_from/exists_from/current (year-formulation)
      unless:                       # the common exception forms (checker.ruleset.context),
        containing: ["十九大精神.{0,6}以来"]   # for this entry only: skip when one matches
      when:                         # the same forms, as conditions: report only when one matches
        sentence: ["监察机关|检察机关"]
      message: …                    # optional, replaces the rule's message for this entry
      severity: info                # optional, replaces the rule's severity for this entry
      match_on: raw                 # optional: this entry's pattern (and its unless/when) see
                                    # the text as written, not the normalized copy — to tell
                                    # the full-width "－" from "-", or to see spaces

The rule itself may also have `unless:` and `scope:` (applied by the engine to every entry).
"""

from __future__ import annotations

import bisect
import re
import warnings
from dataclasses import dataclass, field

from checker.model.findings import SEVERITIES
from checker.ruleset.schema import REGEX_ERRORS, LazyRegex, OptionError, new_regex
from checker.text.matching import finditer, search

COMMON_KEYS = ("pattern", "unless", "when", "message", "severity", "match_on")
RENAMED = {"not_inside": "unless: {containing: […]}", "not_near": "unless: {sentence: […]}",
           "inside": "when: {containing: […]}", "near": "when: {sentence: […]}"}


@dataclass(frozen=True)
class Entry:
    pattern: object
    unless: object = None          # checker.ruleset.context.Unless
    when: object = None            # the same forms, as conditions
    message: str | None = None
    severity: str | None = None
    extra: dict = field(default_factory=dict)   # kind-specific keys, already checked
    raw: bool = False              # match_on: raw


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
        try:
            out.append(_entry(item, f"{key}: 第{i}项", extra_keys))
        except ValueError as err:
            raise OptionError(str(err), getattr(item, "line", None)) from None
    return out


def _entry(item, where: str, extra_keys: dict) -> Entry:
    if isinstance(item, str):
        item = {"pattern": item}
    if not isinstance(item, dict):
        raise ValueError(f"{where}: 应为映射（pattern: 正则 …）或文字")
    unknown = set(item) - set(COMMON_KEYS) - set(extra_keys)
    renamed = sorted(set(map(str, unknown)) & set(RENAMED))
    if renamed:
        raise ValueError(f"{where}: {renamed[0]} 已改为 {RENAMED[renamed[0]]}")
    if unknown:
        allowed = ", ".join(list(COMMON_KEYS) + list(extra_keys))
        raise ValueError(f"{where}: 未知的键 {sorted(map(str, unknown))[0]}（可用：{allowed}）")
    if not isinstance(item.get("pattern"), str) or not item["pattern"]:
        raise ValueError(f"{where}: 缺少 pattern（正则表达式）")
    pattern = _compile(item["pattern"], f"{where} pattern")
    ctx = {k: _forms(item[k], f"{where} {k}") for k in ("unless", "when") if k in item}
    message = item.get("message")
    if message is not None and not isinstance(message, str):
        raise ValueError(f"{where}: message 应为文字")
    severity = item.get("severity")
    if severity is not None and severity not in SEVERITIES:
        raise ValueError(f"{where}: severity 应为 error、warning 或 info")
    match_on = item.get("match_on", "normalized")
    if match_on not in ("raw", "normalized"):
        raise ValueError(f"{where}: match_on 应为 raw 或 normalized")
    extra = {k: conv(item[k], f"{where} {k}") for k, conv in extra_keys.items() if k in item}
    return Entry(pattern=pattern, message=message, severity=severity, extra=extra,
                 raw=match_on == "raw", **ctx)


def _forms(value, where: str):
    """An entry's unless / when: the common exception forms (PackError → ValueError here, so
    that the loader names the rule's file and line)."""
    from checker.ruleset.context import parse_unless
    from checker.ruleset.schema import PackError
    try:
        return parse_unless(value, "", 0)
    except PackError as err:
        raise ValueError(f"{where}: {str(err).split(': ', 2)[-1]}") from None


def _compile(pattern: str, where: str):
    try:
        return new_regex(pattern)         # on first use, for fzlint's own packs
    except REGEX_ERRORS as err:
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


# --- the characters a match must contain --------------------------------------------------------

_FUZZY = re.compile(r"\{[^{}]*[<>=][^{}]*\}")     # regex's fuzzy constraints: {e<=1}
_needs: dict[str, tuple[frozenset[str], str]] = {}


def required_chars(pattern: str) -> frozenset[str]:
    """Characters every match of the pattern (with its lookarounds) contains: the literals of
    its mandatory parts, and of each alternation the ones all its branches share.  An empty
    set (nothing known, or a pattern Python's own parser does not read as `regex` does) means:
    always search.  A case-insensitive part, a fuzzy constraint and anything Python's parser
    warns about (nested sets, POSIX classes) count as not known."""
    try:
        from re import _parser as parser     # Python ≥ 3.11
    except ImportError:                       # pragma: no cover - Python 3.10
        import sre_parse as parser            # type: ignore[no-redef]
    if _FUZZY.search(pattern):
        return frozenset()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            tree = parser.parse(pattern)
    except Exception:                         # \p{Han} and other `regex`-only syntax
        return frozenset()
    return _required(tree)[0]


def _required(tree) -> tuple[frozenset[str], str]:
    """(required characters, the longest run of literals every match contains as written)
    of a parsed pattern."""
    if tree.state.flags & re.IGNORECASE:
        return frozenset(), ""
    try:
        chars = frozenset(_needed(tree))
    except Exception:                         # pragma: no cover - an unknown node: no filter
        return frozenset(), ""
    runs, run = [""], []
    for op, av in tree:                       # consecutive literals of the top-level sequence
        if str(op) == "LITERAL":
            run.append(chr(av))
        else:
            runs.append("".join(run))
            run = []
    runs.append("".join(run))
    return chars, max(runs, key=len) if chars else ""


def required_text(pattern: str) -> tuple[frozenset[str], str]:
    """required_chars(pattern), and the longest run of characters every match contains one
    after another (literals next to each other at the pattern's top level; "" if none)."""
    chars = required_chars(pattern)
    if not chars:
        return chars, ""
    from re import _parser as parser
    return _required(parser.parse(pattern))


def _needed(items) -> set[str]:
    out: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            out.add(chr(av))
        elif name == "SUBPATTERN":
            if not av[1] & re.IGNORECASE:    # (?i:…): its literals match other cases too
                out |= _needed(av[-1])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, sub = av
            if low >= 1:
                out |= _needed(sub)
        elif name == "BRANCH":
            branches = [_needed(b) for b in av[1]]
            out |= set.intersection(*branches) if branches else set()
        elif name == "ASSERT":
            _direction, sub = av
            out |= _needed(sub)
        elif name == "ATOMIC_GROUP":
            out |= _needed(av)
        # IN (a class), ANY, AT, ASSERT_NOT, GROUPREF…: nothing certain
    return out


def needed(entry: Entry) -> frozenset[str]:
    """required_chars of the entry's pattern, read once per pattern, on first use."""
    return _need(entry)[0]


def _need(entry: Entry) -> tuple[frozenset[str], str]:
    text = entry.pattern.pattern
    got = _needs.get(text)
    if got is None:
        got = _needs[text] = required_text(text)
    return got


def _chars(doc, raw: bool) -> frozenset[str]:
    key = "_entries.chars.raw" if raw else "confusable.chars"
    if key not in doc.cache:
        doc.cache[key] = frozenset(doc.text if raw else doc.normalized.text)
    return doc.cache[key]


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


def matches(doc, entry: Entry):
    """(start, end, match) in original offsets for each match of the entry that passes its
    context conditions; the match object is on the normalized copy (match.group() is the
    text found, with full-width ASCII folded and spaces removed; for a ``match_on: raw`` entry
    it is on the text as written).  An entry of fzlint's own packs (a LazyRegex) one of whose
    required characters, or whose longest literal run, the text lacks cannot match: it is not
    searched, nor its pattern compiled.  A user's pattern is always searched, under the time
    limit: a catastrophic one fails the draft whatever characters the draft holds."""
    if isinstance(entry.pattern, LazyRegex):
        need, run = _need(entry)
        if need and not need <= _chars(doc, entry.raw):
            return
        if len(run) > 1 and run not in (doc.text if entry.raw else doc.normalized.text):
            return
    if entry.raw:
        yield from _raw_matches(doc, entry)
        return
    norm = doc.normalized
    text = norm.text
    starts, ends = _sentence_bounds(doc)
    for m in finditer(entry.pattern, text):
        s, e = m.start(), m.end()
        if e == s:
            continue
        i = bisect.bisect_right(starts, s) - 1
        if i < 0 or e > ends[i]:
            continue  # outside any sentence, or runs into the next one
        os_, oe = norm.span(s, e)
        if entry.when and not entry.when.silences(doc, os_, oe, normalized=True):
            continue
        if entry.unless and entry.unless.silences(doc, os_, oe, normalized=True):
            continue
        yield os_, oe, m


def _raw_matches(doc, entry: Entry):
    for m in finditer(entry.pattern, doc.text):
        s, e = m.start(), m.end()
        if e == s:
            continue
        sent = doc.sentence_at(s)
        if sent is None or e > sent.end:
            continue  # outside any sentence, or runs into the next one
        if entry.when and not entry.when.silences(doc, s, e):
            continue
        if entry.unless and entry.unless.silences(doc, s, e):
            continue
        yield s, e, m


def title_allows(doc, rule) -> bool:
    """The rule's optional ``title`` pattern: run only on drafts whose title matches."""
    pattern = rule.options.get("title")
    return pattern is None or (bool(doc.title) and search(pattern, doc.title) is not None)
