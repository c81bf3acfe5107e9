"""required-section: a part the report must have, found as a heading (any listed level).

If the part appears only as a phrase in the body (`body` patterns), a lighter finding
(`body_severity`, `body_message`) says it should be its own heading; if it is nowhere, the rule's
own finding sits on the title."""

from __future__ import annotations

from checker.text.matching import find_spans
from checker.ruleset.rule import Opt
from checker.kinds._sections import body_text_bounds, check_levels, matching_headings

KIND = "required-section"
MATCH_ON = ("raw", "normalized")
PLACEHOLDERS = frozenset({"name"})   # {names} check() fills
OPTIONS = {
    "heading": Opt("regexes", help="标题中出现即视为有这一部分的写法（正则）"),
    "body": Opt("regexes", [], help="只在正文中出现时给较轻提示的写法（正则）"),
    "levels": Opt("list", None, help="计入的标题层级（1=一、 2=（一） 3=1. 4=（1））；默认全部"),
    "body_severity": Opt("str", "info", help="只在正文中出现时的级别",
                         choices=("error", "warning", "info")),
    "body_message": Opt("str", "", help="只在正文中出现时的提示"),
}


def prepare(options):
    check_levels(options)


def check(doc, rule):
    if matching_headings(doc, rule["heading"], rule["levels"]):
        return
    start, end = body_text_bounds(doc)
    for pattern in rule["body"]:
        for s, e, _ in find_spans(doc, pattern, start, end,
                                  normalized=rule.match_on == "normalized"):
            yield rule.finding(s, e, rule["body_message"] or None, severity=rule["body_severity"],
                               name=rule.name)
            return
    s, e = doc.title_span
    yield rule.finding(s, e, name=rule.name)
