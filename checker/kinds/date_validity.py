"""date-validity: a date that does not exist on the calendar — 2024年2月30日, 2023年2月29日,
13月, 4月31日 — anywhere in the draft, the 成文日期 included (whose Document.date is kept even when
impossible).  Dates may be written in Arabic or Chinese numerals (二〇二四年二月三十日).  Without a
year, 2月29日 is accepted (it exists in leap years)."""

from __future__ import annotations

import calendar

from checker.model.chinese import YEAR, cn_ordinal, cn_year
from checker.text.matching import finditer
from checker.ruleset.rule import Opt

KIND = "date-validity"
PLACEHOLDERS = frozenset({"found", "problem"})   # {names} check() fills
OPTIONS = {
    "pattern": Opt("regex",
                   rf"(?:(?P<year>{YEAR})\s*年\s*)?"
                   r"(?<![\d一二三四五六七八九十〇零])(?P<month>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*"
                   r"(?P<day>\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:日|号)",
                   groups=("month", "day"), help="日期的正则，命名组 year（可选）、month、day"),
}


def _problem(year, month, day) -> str | None:
    if not 1 <= month <= 12:
        return f"没有{month}月"
    if day < 1:
        return f"没有{day}日"
    days = calendar.monthrange(year if year else 2024, month)[1]  # 2024: a leap year
    if day > days:
        if month == 2 and year and day == 29:
            return f"{year}年不是闰年，2月只有28天"
        return f"{month}月只有{days}天"
    return None


def check(doc, rule):
    for m in finditer(rule["pattern"], doc.text):
        year_text = m.groupdict().get("year")
        year = cn_year(year_text) if year_text else None
        month, day = cn_ordinal(m.group("month")), cn_ordinal(m.group("day"))
        if month is None or day is None:
            continue
        problem = _problem(year, month, day)
        if problem:
            yield rule.finding(m.start(), m.end(), found=m.group(0), problem=problem)
