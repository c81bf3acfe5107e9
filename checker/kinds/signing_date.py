"""signing-date: the 成文日期 must fall inside a window relative to the report year Y.

`not_before` / `not_after` are written "+1-03-01" (= Y+1 年 3 月 1 日); `body_types` limits the
rule to some kinds of reporting body (乡, 镇, 街道, 县, 区, 部门 …)."""

from __future__ import annotations

import datetime

import regex

from checker.ruleset.rule import Opt

KIND = "signing-date"
PLACEHOLDERS = frozenset({"date", "limit", "year"})   # {names} check() fills
OPTIONS = {
    "not_before": Opt("str", "", help="最早日期，相对报告年度 Y：+1-01-01 即 Y+1 年 1 月 1 日"),
    "not_after": Opt("str", "", help="最晚日期（含），写法同上"),
    "body_types": Opt("strs", [], help="只对这些类型的报告单位检查；默认全部"),
    "quiet_after": Opt("str", "", help="日期晚于此（另有规则负责）时本规则不报告，写法同上"),
}
_REL = regex.compile(r"^\+(\d)-(\d{2})-(\d{2})$")


def prepare(options):
    for key in ("not_before", "not_after", "quiet_after"):
        value = options[key]
        if value and not _REL.match(value):
            raise ValueError(f"{key}: 应写成 +1-03-01 的形式（相对报告年度的年-月-日）")
    if not options["not_before"] and not options["not_after"]:
        raise ValueError("not_before: not_before 与 not_after 至少写一个")


def _resolve(rel: str, year: int) -> datetime.date:
    m = _REL.match(rel)
    return datetime.date(year + int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _zh(d: datetime.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def check(doc, rule):
    mark, year = doc.date, doc.year
    if mark is None or year is None:
        return
    if rule["body_types"] and doc.body_type not in rule["body_types"]:
        return
    date = mark.as_date()
    if date is None:
        return
    if rule["quiet_after"] and date > _resolve(rule["quiet_after"], year):
        return
    if rule["not_before"]:
        limit = _resolve(rule["not_before"], year)
        if date < limit:
            yield rule.finding(mark.start, mark.end, date=_zh(date), limit=_zh(limit), year=year)
            return
    if rule["not_after"]:
        limit = _resolve(rule["not_after"], year)
        if date > limit:
            yield rule.finding(mark.start, mark.end, date=_zh(date), limit=_zh(limit), year=year)
