"""heading-style: heading markers written the GB/T 9704 way.

一、 takes 、; （一） takes nothing after it; 1. takes a dot (not 、); （1） takes nothing after it;
brackets are complete (一） is broken).  `expect` maps a marker form to the separators allowed
after its number.

With `consistent: true`, sibling headings of one level (directly under the same parent section)
that use different allowed separators (“1.” … “9.” and then “10．”) are reported where they
differ from the form most of them use (on a tie, the first one's); the fix writes that form."""

from __future__ import annotations

from collections import Counter

from checker.model.findings import Fix
from checker.ruleset.rule import Opt

KIND = "heading-style"
PLACEHOLDERS = frozenset({"found", "problem"})   # {names} check() fills
OPTIONS = {
    "expect": Opt("map", help="{标记形式: [允许的分隔符…]}，形式为 一、 （一） 一） 1. （1） 1）"),
    "forbid_forms": Opt("strs", [], help="不允许的标记形式（如残缺括号 一）、1））"),
    "consistent": Opt("bool", False, help="同一级的各个标题要用同一种分隔符（“1.”与“10．”混用时报告）"),
}
FORMS = ("一、", "（一）", "一）", "1.", "（1）", "1）")


def prepare(options):
    for form, seps in options["expect"].items():
        if form not in FORMS:
            raise ValueError(f"expect: 未知的标记形式 {form}（可用：{'、'.join(FORMS)}）")
        if not isinstance(seps, list) or not all(isinstance(s, str) for s in seps):
            raise ValueError("expect: 每种形式应对应分隔符列表，如 [\"、\"]；空字符串表示不加")
    for form in options["forbid_forms"]:
        if form not in FORMS:
            raise ValueError(f"forbid_forms: 未知的标记形式 {form}")


def check(doc, rule):
    for h in doc.headings:
        end = h.start + len(h.marker)
        if h.style in rule["forbid_forms"]:
            yield rule.finding(h.start, end, found=h.marker.strip(), problem="括号不完整")
            continue
        allowed = rule["expect"].get(h.style)
        if allowed is not None and h.sep not in allowed:
            good = allowed[0]
            yield rule.finding(h.start, end, found=h.marker.strip(),
                               problem=f"序号后应为“{good}”" if good else "序号后不应再加标点")
    if rule["consistent"]:
        yield from _mixed(doc, rule)


def _mixed(doc, rule):
    """Siblings of one level and one form whose allowed separators differ: report the minority."""
    for sec in doc.sections.walk():
        runs: dict[tuple[int, str], list] = {}
        for child in sec.children:
            h = child.heading
            allowed = rule["expect"].get(h.style)
            if allowed and h.sep in allowed and h.style not in rule["forbid_forms"]:
                runs.setdefault((h.level, h.style), []).append(h)
        for run in runs.values():
            counts = Counter(h.sep for h in run)
            if len(counts) < 2:
                continue
            first = {}
            for h in run:
                first.setdefault(h.sep, h)
            major = max(counts, key=lambda sep: (counts[sep], -run.index(first[sep])))
            for h in run:
                if h.sep == major or not h.sep:
                    continue
                end = h.start + len(h.marker)
                i = h.marker.rfind(h.sep)
                fix = Fix(h.start + i, h.start + i + len(h.sep), major) if i >= 0 else None
                yield rule.finding(h.start, end, found=h.marker.strip(), fix=fix,
                                   problem=f"同一级的标题多用“{major}”（如“{first[major].marker.strip()}”），"
                                           f"这里是“{h.sep}”")
