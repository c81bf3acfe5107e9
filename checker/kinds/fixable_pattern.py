"""fixable-pattern: a regex describes a punctuation or format problem; `replace` gives its one
safe correction.

`patterns` run on the original text (not the normalized copy, so a fix replaces exactly what was
matched).  `group` names the capture group to report and replace (default: the whole match).
`replace` is a template (\\g<name> refers to groups); without it the finding has no fix.
Matches inside paired marks (a 书名号) are left out with the common key
`unless: {containing: ["《[^《》]*》"]}`;
Which lines are looked at is the rule's common `scope` key."""

from __future__ import annotations

import regex as re

from checker.model.findings import Fix
from checker.text.matching import find_spans
from checker.ruleset.rule import Opt

KIND = "fixable-pattern"
PLACEHOLDERS = frozenset({"found", "good"})   # {names} check() fills
OPTIONS = {
    "patterns": Opt("regexes", help="描述问题的正则（可多个）"),
    "group": Opt("str", "", help="报告并替换的命名分组（默认整个匹配）"),
    "replace": Opt("str", None, help="唯一安全的改法（可用 \\g<名字> 引用分组）；省略则不自动修正"),
}


def prepare(options):
    group = options["group"]
    if group:
        for p in options["patterns"]:
            if group not in p.groupindex:
                raise ValueError(f"group: 正则 {p.pattern} 中没有名为 {group} 的分组")


_GROUP_REF = re.compile(r"\\g<(\w+)>")


def _expand(m, template: str) -> str:
    """template with \\g<name> replaced by that group's text ('' when the group is absent
    from this pattern or did not take part in the match)."""
    if "\\" not in template:
        return template

    def group(ref):
        name = ref.group(1)
        if name not in m.re.groupindex and not name.isdigit():
            return ""
        return m.group(int(name) if name.isdigit() else name) or ""
    return _GROUP_REF.sub(group, template)


def check(doc, rule):
    group, replace = rule["group"], rule["replace"]
    for pattern in rule["patterns"]:
        for s, e, m in find_spans(doc, pattern):
            if group:
                s, e = m.span(group)
                if s < 0:
                    continue
            if e == s and not replace:
                continue
            found = doc.text[s:e]
            fix = None
            if replace is not None:
                good = _expand(m, replace)
                fix = Fix(s, e, good)
            else:
                good = ""
            yield rule.finding(s, e, found=found, good=good, fix=fix)
