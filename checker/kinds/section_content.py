"""section-content: a part found by its heading must say something specific in its text,
e.g. the 存在的不足 part must also give 原因 (`require` patterns, any one suffices)."""

from __future__ import annotations

from checker.text.matching import any_match
from checker.ruleset.rule import Opt
from checker.kinds._sections import check_levels, matching_headings

KIND = "section-content"
PLACEHOLDERS: frozenset = frozenset()   # check() fills no {names}
OPTIONS = {
    "section": Opt("regexes", help="找到这一部分的标题写法（正则）"),
    "require": Opt("regexes", help="这一部分正文中应出现的写法之一（正则）"),
    "levels": Opt("list", [1, 2], help="计入的标题层级"),
}


def prepare(options):
    check_levels(options)


def _section_end(doc, heading) -> int:
    for sec in doc.sections.walk():
        if sec.heading is heading:
            return sec.end
    return len(doc.text)


def check(doc, rule):
    for h in matching_headings(doc, rule["section"], rule["levels"])[:1]:
        if not any_match(rule["require"], doc.text, h.end, _section_end(doc, h)):
            yield rule.finding(h.start, h.end)
