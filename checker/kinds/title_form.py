"""title-form: the report has a title naming the body, the year, and what it is
(`require`: {label: regex}); one finding lists everything missing."""

from __future__ import annotations

from checker.text.matching import search
from checker.ruleset.schema import compile_regex
from checker.ruleset.rule import Opt

KIND = "title-form"
PLACEHOLDERS = frozenset({"missing"})   # {names} check() fills
OPTIONS = {
    "require": Opt("map", {}, help="{缺少时的说法: 标题中应出现的正则}"),
    "need_year": Opt("bool", True, help="标题应写明年度"),
    "need_body": Opt("bool", True, help="标题应写明报告单位"),
    "missing_message": Opt("str", "未找到标题（第一行应为“××关于20××年度法治政府建设情况的报告”）"),
}


def prepare(options):
    options["require"] = {str(k): compile_regex(str(v), key="require")
                          for k, v in options["require"].items()}


def check(doc, rule):
    if not doc.title:
        s, e = doc.title_span
        yield rule.finding(s, e, rule["missing_message"])
        return
    missing = []
    if rule["need_body"] and not doc.title_body[0]:
        missing.append("报告单位")
    if rule["need_year"] and not doc.title_year:
        missing.append("年度")
    missing += [label for label, pattern in rule["require"].items()
                if not search(pattern, doc.title)]
    if missing:
        s, e = doc.title_span
        yield rule.finding(s, e, missing="、".join(missing))
