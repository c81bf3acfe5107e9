"""section-order: the required parts, where present as headings, come in the listed order.

`sections` is a list of {name, heading: [regex…]}; a heading that belongs to an earlier part
but stands after a later part is reported, with `related` on the part it follows."""

from __future__ import annotations

from checker.model.findings import Related
from checker.ruleset.rule import Opt
from checker.kinds._sections import check_levels, matching_headings

KIND = "section-order"
PLACEHOLDERS = frozenset({"after", "part"})   # {names} check() fills
OPTIONS = {
    "sections": Opt("records", help="按应有顺序排列的部分：[{name: 名称, heading: [正则…]}]",
                     fields={"name": Opt("str", help="部分的名称"),
                             "heading": Opt("regexes", help="标题的写法")}),
    "levels": Opt("list", [1], help="参与排序的标题层级"),
}


def prepare(options):
    check_levels(options)
    options["sections"] = [(item["name"], item["heading"]) for item in options["sections"]]


def check(doc, rule):
    found = []  # (heading, index, name)
    for index, (name, patterns) in enumerate(rule["sections"]):
        hs = matching_headings(doc, patterns, rule["levels"])
        if hs:
            found.append((hs[0], index, name))
    found.sort(key=lambda t: t[0].start)
    latest = None
    for h, index, name in found:
        if latest is not None and index < latest[1]:
            yield rule.finding(h.start, h.end, part=name, after=latest[2],
                               related=[Related(f"“{latest[2]}”在此", latest[0].start, latest[0].end)])
        elif latest is None or index > latest[1]:
            latest = (h, index, name)
