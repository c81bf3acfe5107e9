"""year-reference: a year written where the draft speaks of the report year (or of the years
next to it) that is not that year — "今年（2023年）" or "现将我镇2023年度……报告如下" in a report for
2024, a level-1 heading "二、2023年度推进法治政府建设的主要举措" — a leftover of last year's report.

Each entry of `checks` is a regex with the placeholder {year} (a year in Arabic or Chinese digits,
2024 or 二〇二四), the years it may name relative to the report year Y (`allowed`, e.g. [0] or
[0, 1]), and where it applies (`where`: text, preamble — the part before the first heading —, or
headings — heading titles of the levels in `levels`).  An entry may carry its own `message`, and
`unless`: a regex that, found in the heading or sentence, makes the year intended (整改, 以来)."""

from __future__ import annotations

from checker.model.chinese import YEAR as YEAR_PATTERN
from checker.model.chinese import cn_year
from checker.text.matching import finditer
from checker.ruleset.rule import Opt

KIND = "year-reference"
PLACEHOLDERS = frozenset({"expected", "found", "found_year", "year"})   # {names} check() fills
OPTIONS = {
    "checks": Opt("list", help="[{pattern: 含 {year} 的正则, allowed: [0], where: text|preamble|headings, "
                               "unless: {sentence: [正则]}（可选）, message: 可选}]"),
    "levels": Opt("list", [1], help="where: headings 时检查的标题层级"),
}
YEAR = rf"(?P<year>{YEAR_PATTERN})"
WHERES = ("text", "preamble", "headings")


def prepare(options):
    from checker.ruleset.schema import compile_regex
    checks = []
    for i, entry in enumerate(options["checks"]):
        where = f"checks: 第{i + 1}项"
        if not isinstance(entry, dict) or "pattern" not in entry:
            raise ValueError(f"{where}应写成 {{pattern: 正则, allowed: [0]}}")
        unknown = set(entry) - {"pattern", "allowed", "where", "message", "unless"}
        if unknown:
            raise ValueError(f"{where}有未知的键 {sorted(unknown)[0]}（可用：pattern, allowed, where, unless, message）")
        pattern = entry["pattern"]
        if not isinstance(pattern, str) or "{year}" not in pattern:
            raise ValueError(f"{where}的 pattern 须含 {{year}}")
        allowed = entry.get("allowed", [0])
        if not isinstance(allowed, list) or not all(isinstance(a, int) and not isinstance(a, bool)
                                                    for a in allowed):
            raise ValueError(f"{where}的 allowed 应为整数列表（相对报告年度，如 [0, 1]）")
        scope = entry.get("where", "text")
        if scope not in WHERES:
            raise ValueError(f"{where}的 where 应为 text、preamble 或 headings")
        message = entry.get("message")
        if message is not None and not isinstance(message, str):
            raise ValueError(f"{where}的 message 应为文字")
        unless = None
        if "unless" in entry:
            from checker.kinds._entries import _forms
            unless = _forms(entry["unless"], f"{where}的 unless")
        try:
            rx = compile_regex(pattern.replace("{year}", YEAR))
        except Exception as err:
            raise ValueError(f"{where}的{str(err).split(': ')[-1]}") from None
        checks.append((rx, allowed, scope, message, unless))
    options["checks"] = checks
    levels = options["levels"]
    if not all(isinstance(x, int) and 1 <= x <= 4 for x in levels):
        raise ValueError("levels: 应为 1 到 4 之间的整数列表")


def _regions(doc, scope, levels):
    """(start, end) spans of doc.text a check of this scope looks at: the letter body, its
    preamble (before the first heading), or the headings of the given levels."""
    body_start, body_end = doc.letter_body
    if scope == "text":
        return [(body_start, body_end)]
    if scope == "preamble":
        first = doc.headings[0].start if doc.headings else body_end
        return [(body_start, min(first, body_end))]
    return [(h.start, h.end) for h in doc.headings if h.level in levels]


def _zh(years) -> str:
    return "或".join(f"{y}年" for y in years)


def check(doc, rule):
    year = doc.year
    if year is None:
        return
    seen = set()
    for rx, allowed, scope, message, unless in rule["checks"]:
        for start, end in _regions(doc, scope, rule["levels"]):
            for m in finditer(rx, doc.text, start, end):
                found = cn_year(m.group("year"))
                if found is None or found - year in allowed:
                    continue
                s, e = m.span("year")
                if unless is not None and unless.silences(doc, s, e):
                    continue
                if (s, e) in seen:
                    continue
                seen.add((s, e))
                yield rule.finding(s, e, message, found=m.group(0).strip().rstrip("，,"), found_year=found,
                                   year=year, expected=_zh(year + a for a in allowed))
