"""fixable-pattern: a regex describes a punctuation or format problem; `replace` gives its one
safe correction.

`patterns` run on the original text (not the normalized copy, so a fix replaces exactly what was
matched).  `group` names the capture group to report and replace (default: the whole match).
`replace` is a template (\\g<name> refers to groups); without it the finding has no fix.
`not_inside` skips matches inside paired marks (["《》"] → not inside a 书名号);
`skip` skips whole lines: title, addressee, signature, headings."""

from __future__ import annotations

import regex as re

from checker.model.findings import Fix
from checker.text.matching import find_spans
from checker.ruleset.rule import Opt
from checker.kinds._punct import by_paragraph, check_parts, positions, skipped_lines

KIND = "fixable-pattern"
PLACEHOLDERS = frozenset({"found", "good"})   # {names} check() fills
OPTIONS = {
    "patterns": Opt("regexes", help="描述问题的正则（可多个）"),
    "group": Opt("str", "", help="报告并替换的命名分组（默认整个匹配）"),
    "replace": Opt("str", None, help="唯一安全的改法（可用 \\g<名字> 引用分组）；省略则不自动修正"),
    "not_inside": Opt("strs", [], help="成对符号，如 《》：落在其中的匹配不报告"),
    "skip": Opt("strs", [], help="不检查的行：title、addressee、signature、headings、unpunctuated（不含标点的正文行）"),
}


def prepare(options):
    for pair in options["not_inside"]:
        if len(pair) != 2:
            raise ValueError("not_inside: 每一项应为两个字符，如 《》")
    check_parts(options["skip"])
    group = options["group"]
    if group:
        for p in options["patterns"]:
            if group not in p.groupindex:
                raise ValueError(f"group: 正则 {p.pattern} 中没有名为 {group} 的分组")


def _inside_spans(doc, pairs: list[str]) -> list[tuple[int, int]]:
    key = ("fixable-pattern.inside", tuple(pairs))
    if key not in doc.cache:
        spans = []
        text = doc.text
        for op, cl in pairs:
            for para, found in by_paragraph(doc, positions(doc, op + cl)):
                start = None
                for i in found:
                    if text[i] == op:
                        start = i
                    elif start is not None:
                        spans.append((start, i + 1))
                        start = None
        spans.sort()
        doc.cache[key] = spans
    return doc.cache[key]


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
    inside = _inside_spans(doc, rule["not_inside"]) if rule["not_inside"] else []
    skip = skipped_lines(doc, rule["skip"]) if rule["skip"] else set()
    for pattern in rule["patterns"]:
        for s, e, m in find_spans(doc, pattern):
            if group:
                s, e = m.span(group)
                if s < 0:
                    continue
            if e == s and not replace:
                continue
            if any(a <= s and e <= b for a, b in inside):
                continue
            if skip and doc.position(s)[0] in skip:
                continue
            found = doc.text[s:e]
            fix = None
            if replace is not None:
                good = _expand(m, replace)
                fix = Fix(s, e, good)
            else:
                good = ""
            yield rule.finding(s, e, found=found, good=good, fix=fix)
