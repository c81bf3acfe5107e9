"""foreign-place: another place of the same level as the reporting body (another 乡/镇/街道 in a
township's report, another 县/区 in a county's) named in the draft — usually a paragraph copied
from that place's report and never edited ("杂色镇坚持以……" in 大李集镇's report).

Place names come from jieba's place-name tagging (checker.segment.tagged, flag ns), run only on
the clauses that contain a candidate (a unit word not preceded by 我/本/全/各 …).  The body's own
names — Document.body and every place in the title and the addressee — are never reported, nor
are shortened or lengthened forms of them (桐木漯乡 for 桐木漯瑶族乡).  A name that ends, before its
unit word, in one of `not_name_before` is no name but words joined across a boundary (夯实|镇村
两级, 落实|镇村干部, 落实|乡镇街道: jieba's tagger makes 夯实镇村, 落实镇 of them).  Sentences that speak of
another place on purpose (与……联合, 赴……学习, 毗邻) are left out with the rule's common key
`unless: {sentence: […]}`, names that are no place (自治区, 开发区, XX镇) with
`unless: {hit: […]}`."""

from __future__ import annotations

from functools import lru_cache

import regex

from checker.model.findings import Related
from checker.text.matching import finditer
from checker.ruleset.rule import Opt

KIND = "foreign-place"
PLACEHOLDERS = frozenset({"body", "found"})   # {names} check() fills
OPTIONS = {
    "levels": Opt("map", help="报告单位类型 → 视为同级、需检查的地名尾字，如 乡: [乡, 镇, 街道]"),
    "not_name_before": Opt("strs", ["我", "本", "全", "各", "该", "每", "此", "其", "乡", "县", "区",
                                    "城", "村", "两", "一", "多", "了", "以", "及", "与", "在", "由",
                                    "为", "是", "对", "向", "从", "把", "被", "将", "于", "到", "赴",
                                    "至", "等", "个", "的", "之"],
                           help="单位字紧跟在这些字词之后时不当作地名（如 召开乡村、法治镇、落实镇村干部）：分词标出的地名也一样；没有其他候选的段落不必分词"),
    "min_length": Opt("int", 3, help="地名（含单位字）至少几个字"),
}


def prepare(options):
    levels = {}
    for body_type, units in options["levels"].items():
        if isinstance(units, str):
            units = [units]
        if not isinstance(units, list) or not all(isinstance(u, str) and u for u in units):
            raise ValueError(f"levels: {body_type} 的值应为单位字列表，如 [乡, 镇]")
        levels[str(body_type)] = sorted(units, key=len, reverse=True)
    options["levels"] = levels


def _unit_of(name: str, units) -> str | None:
    return next((u for u in units if name.endswith(u) and len(name) > len(u)), None)


def _core(name: str, units) -> str:
    unit = _unit_of(name, units)
    core = name[:-len(unit)] if unit else name
    for word in ("人民政府", "政府"):
        core = core.replace(word, "")
    return core


def _places(text: str):
    from checker.text import segment
    return [(w, s, e) for w, flag, s, e in segment.tagged(text) if flag == "ns"]


# jieba cuts its input into blocks at every character outside [\u4E00-\u9FD5a-zA-Z0-9+#&._]
# and tags each block alone, and a place name never spans a clause mark: tagging the clause
# that holds a candidate gives the same names there as tagging the whole paragraph, at a
# fraction of the cost on long paragraphs (and clauses repeat across drafts, so the tagger's
# memo hits more often).
_CLAUSE_END = regex.compile(r"[。，；：！？,;:!?\n]")
_CLAUSE_MARK_BEFORE = regex.compile(r"[。，；：！？,;:!?\n]", flags=regex.REVERSE)


def _clauses(text: str, candidate, body: str):
    """(start, end) of the clauses of text that hold a candidate — a unit word that is not
    the end of the body's own name — in order, each once."""
    spans = []
    for m in finditer(candidate, text):
        if body and text.endswith(body, 0, m.end()):
            continue
        if spans and m.start() < spans[-1][1]:
            continue            # same clause as the previous candidate
        before = _CLAUSE_MARK_BEFORE.search(text, 0, m.start())
        after = _CLAUSE_END.search(text, m.end())
        spans.append((before.end() if before else 0, after.start() if after else len(text)))
    return spans


def _places_near(text: str, candidate, body: str):
    for a, b in _clauses(text, candidate, body):
        for w, s, e in _places(text[a:b]):
            yield w, a + s, a + e


def _own_cores(doc, all_units) -> list[str]:
    cores = []
    if doc.body:
        cores.append(_core(doc.body, all_units))
    spans = []
    if doc.title_lines:
        spans.append(doc.title_span)
    if doc.addressee is not None:
        spans.append((doc.addressee.start, doc.addressee.end))
    for s, e in spans:
        cores += [_core(w, all_units) for w, _, _ in _places(doc.text[s:e])]
    return [c for c in cores if c]


def _is_own(core: str, own: list[str]) -> bool:
    return any(core in o or o in core for o in own)


@lru_cache(maxsize=32)
def _candidate_re(not_before: tuple, units: tuple):
    """A unit word after two Chinese characters that do not end in a not-a-name word."""
    stop = "|".join(regex.escape(w) for w in sorted(not_before, key=len, reverse=True))
    unit = "|".join(regex.escape(u) for u in units)
    return regex.compile(rf"(?<=\p{{Han}}{{2}})(?<!{stop})(?:{unit})" if stop else
                         rf"(?<=\p{{Han}}{{2}})(?:{unit})")


def check(doc, rule):
    units = rule["levels"].get(doc.body_type or "")
    if not units:
        return
    candidate = _candidate_re(tuple(rule["not_name_before"]), tuple(units))
    stops = tuple(rule["not_name_before"])
    all_units = sorted({u for us in rule["levels"].values() for u in us}, key=len, reverse=True)
    own = None
    skip_lines = set(doc.title_lines)
    if doc.addressee is not None:
        skip_lines.add(doc.addressee.number)
    for para in doc.paragraphs:
        if para.number in skip_lines:
            continue
        for word, s, e in _places_near(para.text, candidate, doc.body or ""):
            unit = _unit_of(word, units)
            if unit is None or len(word) < rule["min_length"]:
                continue
            if word[:-len(unit)].endswith(stops):
                continue    # a word boundary before the unit: 落实|镇村干部, 夯实|镇村两级
            if own is None:
                own = _own_cores(doc, all_units)
            if _is_own(_core(word, all_units), own):
                continue
            start, end = para.start + s, para.start + e
            related = []
            if doc.body and doc.title_lines:
                ts, te = doc.title_span
                i = doc.text.find(doc.body, ts, te)
                if i >= 0:
                    related = [Related(f"本报告的单位是“{doc.body}”", i, i + len(doc.body))]
            yield rule.finding(start, end, found=word, body=doc.body or "本单位", related=related)
