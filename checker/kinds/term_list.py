"""term-list: a fixed list of terms quoted in full, in its order (the goal of the 法治政府建设实施
纲要: 职能科学、权责法定、执法严明、公开公正、智能高效、廉洁诚信、人民满意).

`lists` gives each form of the list: its terms, and the report years it is current for
(`from`, `until`, both inclusive and optional).  A run of items joined by 、 (the last may be
joined by 和/及) that holds at least `min_known` terms of any form is taken as an attempt to quote
the list: it is silent when it is one of the forms exactly (an old form in a later year is the
year-formulation rule's business), and reported otherwise — against the form current in the
report year (without a year, the form closest to what is written) — with what is missing, what
is not a term, or that the order differs.  The first item may carry the words before it
("建设职能科学") and the last the words after it ("人民满意的法治政府"): they are cut at the term.
No fix (what the run should cover is a judgement); the standard form is offered as a suggestion.
Placeholders: {found}, {expected} (the standard form), {problem}, {name} (the list's name).
"""

from __future__ import annotations

import regex

from checker.model.findings import Fix
from checker.ruleset.rule import Opt
from checker.text.matching import finditer

KIND = "term-list"
PLACEHOLDERS = frozenset({"expected", "found", "name", "problem"})   # {names} check() fills
OPTIONS = {
    "lists": Opt("records", help="固定的列举：[{name: 名称, terms: [词…], from: 年, until: 年}]",
                 fields={"name": Opt("str", help="这一列举的名称（用在提示中）"),
                         "terms": Opt("strs", help="按顺序排列的各项"),
                         "from": Opt("int", None, help="从哪一报告年度起是现行的写法"),
                         "until": Opt("int", None, help="到哪一报告年度止是现行的写法")}),
    "min_known": Opt("int", 4, min=2, help="一串列举中至少有几项是这些词，才当作在引用这一列举"),
}

_RUN = regex.compile(r"\p{Han}{2,12}(?:、\p{Han}{2,12}){2,}")
_LAST_JOIN = regex.compile(r"(?:和|及|以及)")


def prepare(options):
    lists = []
    for item in options["lists"]:
        terms = tuple(item["terms"])
        if len(terms) < 2 or any(not t or "、" in t for t in terms):
            raise ValueError("lists: terms 至少两项，每项不能为空或含“、”")
        if len(set(terms)) != len(terms):
            raise ValueError(f"lists: {item['name']} 的 terms 有重复")
        lists.append((item["name"], terms, item["from"], item["until"]))
    if not lists:
        raise ValueError("lists: 至少一种列举")
    options["lists"] = lists
    options["known"] = frozenset(t for _, terms, _, _ in lists for t in terms)
    sizes = {len(t) for t in options["known"]}
    options["term_size"] = sizes.pop() if len(sizes) == 1 else None


def _trim_first(item: str, known, size) -> tuple[int, str]:
    """(chars cut from the front, item): "建设职能科学" → (2, "职能科学"); an item that ends in
    no term keeps its last `size` characters (the length of every term, when they share one)."""
    if item in known:
        return 0, item
    for t in sorted(known, key=len, reverse=True):
        if item.endswith(t):
            return len(item) - len(t), t
    if size and len(item) > size:
        return len(item) - size, item[-size:]
    return 0, item


def _trim_last(item: str, known, size) -> str:
    """"人民满意的法治政府" → "人民满意"; else the first `size` characters."""
    if item in known:
        return item
    for t in sorted(known, key=len, reverse=True):
        if item.startswith(t):
            return t
    return item[:size] if size else item


def _items(text: str, known, size) -> tuple[int, list[str], int]:
    """(offset of the first item within text, items, end of the last item within text)."""
    parts = text.split("、")
    cut, first = _trim_first(parts[0], known, size)
    parts[0] = first
    last = parts[-1]
    if last not in known:
        # 廉洁诚信和人民满意的法治政府: split at 和 when the part before is a term
        m = _LAST_JOIN.search(last)
        if m and last[:m.start()] in known:
            parts[-1:] = [last[:m.start()], _trim_last(last[m.end():], known, size)]
        else:
            parts[-1] = _trim_last(last, known, size)
    # the covered span: from the first item to the end of the last one kept
    end = text.rfind(parts[-1]) + len(parts[-1])
    return cut, parts, end


def _describe(items: list[str], terms: tuple[str, ...]) -> str:
    missing = [t for t in terms if t not in items]
    extra = [i for i in items if i not in terms]
    problems = []
    if extra:
        problems.append("“" + "”“".join(extra) + "”不在其中")
    if missing:
        problems.append("缺少“" + "”“".join(missing) + "”")
    if not problems:
        dup = sorted({i for i in items if items.count(i) > 1}, key=items.index)
        if dup:
            problems.append("“" + "”“".join(dup) + "”重复")
        else:
            problems.append("次序不对")
    return "，".join(problems)


def check(doc, rule):
    known = rule["known"]
    lists = rule["lists"]
    year = doc.year
    for m in finditer(_RUN, doc.text):
        cut, items, end = _items(m.group(), known, rule["term_size"])
        hits = sum(1 for i in items if i in known)
        if hits < rule["min_known"]:
            continue
        if any(tuple(items) == terms for _, terms, _, _ in lists):
            continue
        current = [lst for lst in lists
                   if year is not None and (lst[2] is None or year >= lst[2])
                   and (lst[3] is None or year <= lst[3])] or lists
        name, terms, _, _ = max(current, key=lambda lst: sum(1 for i in items if i in lst[1]))
        start = m.start() + cut
        stop = m.start() + end
        expected = "、".join(terms)
        yield rule.finding(start, stop, found=doc.text[start:stop], expected=expected, name=name,
                           problem=_describe(items, terms),
                           suggestions=(Fix(start, stop, expected),))
