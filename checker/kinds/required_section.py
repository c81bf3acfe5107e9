"""required-section: a part the report must have, found as a heading (any listed level).

If the part appears only as a phrase in the body (`body` patterns), a lighter finding
(`body_severity`, `body_message`) says it should be its own heading; if it is nowhere, the rule's
own finding sits on the title.

A part may also be present without a heading that names it, by its position and content: a
report whose first level-1 headings are themselves the measures ("一、强化组织领导，……",
"二、深化依法行政，……") and then "三、存在的不足和原因" has its measures part.  `before`
(or `after`) names the part that follows (or precedes) it; the level-1 headings before the first
(or after the last) heading matching those patterns count as this part when they name no other
required part (checker.model.regions.part_of says `other_part`, or this rule's own `part`) and
their sections' text matches one of `content` (past results for measures: 开展、完成、全年、
counts; future wording for plans: 将、计划、力争)."""

from __future__ import annotations

from checker.model.regions import PARTS, part_of
from checker.text.matching import any_match, find_spans
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
    "part": Opt("str", "", help="这一部分在区域中的名称（measures、next_year……），用于按位置识别",
                choices=("",) + PARTS),
    "before": Opt("regexes", [], help="按位置识别：这一部分在其前面的那部分的标题写法（如存在的不足）"),
    "after": Opt("regexes", [], help="按位置识别：这一部分在其后面的那部分的标题写法"),
    "content": Opt("regexes", [], help="按位置识别：这些一级标题下的正文须含有的写法"),
}


def prepare(options):
    check_levels(options)
    if (options["before"] or options["after"]) and not options["content"]:
        raise ValueError("content: 按位置识别（before/after）时须给出正文的写法")


def by_position(doc, rule) -> bool:
    """Is the part present as level-1 headings placed before/after the neighbouring part?"""
    if not (rule["before"] or rule["after"]):
        return False
    top = [h for h in doc.headings if h.level == 1]
    cands = []
    if rule["before"]:
        anchor = next((i for i, h in enumerate(top) if any_match(rule["before"], h.title)), None)
        if anchor is not None:
            cands += [(i, top[i]) for i in range(anchor)]
    if rule["after"]:
        anchor = next((i for i in range(len(top) - 1, -1, -1)
                       if any_match(rule["after"], top[i].title)), None)
        if anchor is not None:
            cands += [(i, top[i]) for i in range(anchor + 1, len(top))]
    end_of_body = doc.letter_body[1]
    for i, h in cands:
        if part_of(h.title) not in ("other_part", rule["part"] or "other_part"):
            continue
        end = top[i + 1].start if i + 1 < len(top) else end_of_body
        text = doc.text[h.start:max(h.start, end)]
        if any_match(rule["content"], text):
            return True
    return False


def check(doc, rule):
    if matching_headings(doc, rule["heading"], rule["levels"]) or by_position(doc, rule):
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
