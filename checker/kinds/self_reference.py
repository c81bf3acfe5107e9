"""self-reference: the draft refers to itself with the wrong kind of body — a 乡 writing 我镇 or
全镇, a 镇 writing 我乡, a 街道 writing 我镇 — usually a paragraph copied from another report.

`mismatches` maps the reporting body's type (Document.body_type) to regexes of wrong
self-references; each regex has a named group `unit` (the wrong word), which the fix replaces with
the body's own type.  Matches inside an `exclude` word that reaches beyond them (乡镇, 城镇, 本乡本土)
are ordinary words, not self-references (`exclude` is kind-specific: it looks at the words
around the unit character, not at the whole hit).  Which lines are checked is the rule's
common `scope` key (the shipped FZ501 leaves out the title, 主送 and 落款)."""

from __future__ import annotations

from checker.model.findings import Fix
from checker.text.matching import finditer
from checker.ruleset.rule import Opt

KIND = "self-reference"
PLACEHOLDERS = frozenset({"body", "body_type", "found", "right"})   # {names} check() fills
OPTIONS = {
    "mismatches": Opt("map", help="报告单位类型 → 错误自称的正则列表（命名组 unit 为用错的字）"),
    "exclude": Opt("regexes", [], help="包含匹配处的这些词不算自称（如 乡镇、城镇）"),
}


def prepare(options):
    from checker.ruleset.schema import compile_regex
    table = {}
    for body_type, patterns in options["mismatches"].items():
        if isinstance(patterns, str):
            patterns = [patterns]
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise ValueError(f"mismatches: {body_type} 的值应为正则列表")
        compiled = []
        for p in patterns:
            try:
                rx = compile_regex(p)
            except Exception as err:
                raise ValueError(f"mismatches: {body_type} 的{str(err).split(': ')[-1]}") from None
            if "unit" not in rx.groupindex:
                raise ValueError(f"mismatches: {body_type} 的正则 {p} 须有命名组 unit")
            compiled.append(rx)
        table[str(body_type)] = compiled
    options["mismatches"] = table


def _excluded(doc, rule, s: int, e: int) -> bool:
    lo, hi = max(0, s - 4), min(len(doc.text), e + 4)
    for pattern in rule["exclude"]:
        for m in finditer(pattern, doc.text, lo, hi):
            if m.start() < e and m.end() > s and (m.start() < s or m.end() > e):
                return True
    return False


def check(doc, rule):
    patterns = rule["mismatches"].get(doc.body_type or "")
    if not patterns:
        return
    own = doc.body_type
    for pattern in patterns:
        for m in finditer(pattern, doc.text):
            s, e = m.span()
            if _excluded(doc, rule, m.start("unit"), m.end("unit")):
                continue
            us, ue = m.span("unit")
            yield rule.finding(s, e, found=m.group(0), body=doc.body, body_type=own,
                               right=m.group(0)[:us - s] + own + m.group(0)[ue - s:],
                               fix=Fix(us, ue, own))
