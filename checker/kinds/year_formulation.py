"""year-formulation: formulations that are right or wrong depending on the report year
(十九大精神 as the line to study in a 2023 report; 决胜全面建成小康社会 after 2020; citing
二十届三中全会 in a report for 2023).

Each entry (see _entries) adds:
- ``outdated_from``: report years from this one on (inclusive) find the formulation outdated;
- ``exists_from``: the thing did not exist before this year: citing it in a report for an
  earlier year is an anachronism;
- ``current``: what to write now (shown in the message as {current}).
An entry needs at least one of the two years.  Without a report year (title or --year) the
rule says nothing.  History sentences (党的十九大以来) are excluded with the entry's ``unless: {containing: […]}``.
No fix: bringing a formulation up to date is a decision for the writer.
Placeholders: {found}, {year} (report year), {current}, {since} (the year from the entry).
"""

from __future__ import annotations

from checker.ruleset.rule import Opt
from checker.ruleset.schema import OptionError
from checker.kinds import _entries

KIND = "year-formulation"
MATCH_ON = ("normalized",)   # entries match the normalized copy (checker.kinds._entries)
PLACEHOLDERS = frozenset({"current", "found", "since", "year"})   # {names} check() fills
OPTIONS = {
    "entries": Opt("list", help="[{pattern, outdated_from, exists_from, current, unless, when, …}]"),
    "anachronism_message": Opt("str", "“{found}”是{since}年才有的提法，不应出现在{year}年度的报告中",
                               help="exists_from 条目使用的提示（message 用于过时的提法）"),
    "title": Opt("regex", None, help="只检查标题匹配此正则的草稿"),
}
EXTRA = {"outdated_from": _entries.year, "exists_from": _entries.year, "current": _entries.strs}


def prepare(options):
    raw = options["entries"]
    entries = _entries.parse(options, extra_keys=EXTRA)
    for i, entry in enumerate(entries, 1):
        if "outdated_from" not in entry.extra and "exists_from" not in entry.extra:
            raise OptionError(f"entries: 第{i}项: 需要 outdated_from 或 exists_from（年份）",
                              getattr(raw[i - 1], "line", None))
    options["entries"] = entries


def check(doc, rule):
    year = doc.year
    if year is None or not _entries.title_allows(doc, rule):
        return
    for entry in rule["entries"]:
        outdated = entry.extra.get("outdated_from")
        exists = entry.extra.get("exists_from")
        if outdated is not None and year >= outdated:
            message, since = entry.message, outdated
        elif exists is not None and year < exists:
            message, since = entry.message or rule["anachronism_message"], exists
        else:
            continue
        current = "”或“".join(entry.extra.get("current", ()))
        for start, end, _ in _entries.matches(doc, entry):
            yield rule.finding(start, end, message, severity=entry.severity,
                               found=doc.text[start:end],
                               year=year, current=current, since=since)
