"""duplicate-across: passages of a draft that also stand in other drafts or in earlier reports.

A kind like the others, but it needs the other drafts: it declares ``USES_OTHERS``, and the
engine hands it ``others`` — the cross-draft index (checker.corpus.index.Corpus, anything with
its ``shared()``) built from ``--against/--cross/--index`` or the language server's configured
index — once every draft has been read (Engine.check_others).  Without others it finds nothing.
The rule entry gives the message, severity and options; ``--select``/``--ignore``, ``scope`` and
``unless`` apply as to any rule.

Message placeholders: ``{other}`` (the other file), ``{line}`` (where the passage starts there),
``{lines}`` (第 3 行 / 第 3–12 行), ``{how}`` (相同 / 相似（相似度 87%）) and ``{more}`` (how many more
drafts hold the passage, or nothing).

Each finding also carries, for programs (checker.reports.pairs, the pair overview), in
``extra["shared"]``: ``total`` (how many other drafts hold the passage) and ``with``, every one
of those drafts (not only the ``max_related`` shown) as ``{"path", "line", "end_line",
"similarity"}`` — where the passage stands there.
"""

from __future__ import annotations

from checker.model.findings import Related
from checker.ruleset.rule import Opt
from checker.kinds.duplicate_text import prepare as _prepare_text

KIND = "duplicate-across"
PLACEHOLDERS = frozenset({"how", "line", "lines", "more", "other"})   # {names} check() fills
OPTIONS = {
    "threshold": Opt("number", 0.6, help="相似度下限（0–1，按词语二元组计算）"),
    "min_chars": Opt("int", 20, help="至少多少个字（不计标点、空格和 ignore 中的套话）才报告"),
    "ignore": Opt("strs", [], help="不计入比较的套话"),
    "max_related": Opt("int", 5, min=1, help="每段最多列出几份其他草稿"),
}


def prepare(options):
    _prepare_text({**options, "report": "similar", "part_chars": options["min_chars"]})
    options["ignore"] = _folded(options["ignore"])


def _folded(phrases):
    from checker.text.fingerprint import fold_plain
    return tuple(sorted({fold_plain(p) for p in phrases if fold_plain(p)}, key=len, reverse=True))


USES_OTHERS = True
ALL = 1 << 30   # asked of the index: every draft holding a passage (the message shows max_related)


def check(doc, rule, others=None):
    if others is None:
        return
    shown = rule["max_related"]
    for sh in others.shared(doc, rule["threshold"], rule["min_chars"], rule["ignore"], ALL):
        every, sh.others = sh.others, sh.others[:shown]
        best = sh.others[0]
        more = f"；另有 {sh.total - 1} 份草稿中也有" if sh.total > 1 else ""
        related = [Related("相同的段落" if o.similarity >= 0.999
                           else f"相似的段落（相似度 {round(o.similarity * 100)}%）",
                           path=o.path, line=o.line, column=o.column) for o in sh.others]
        lines = (f"第 {best.line} 行" if best.end_line <= best.line
                 else f"第 {best.line}–{best.end_line} 行")
        f = rule.finding(sh.start, sh.end, other=best.path, line=best.line, lines=lines,
                         how=_how(best.similarity), more=more, related=related)
        f.extra["shared"] = {"total": sh.total,
                             "with": [{"path": o.path, "line": o.line,
                                       "end_line": max(o.end_line, o.line),
                                       "similarity": o.similarity} for o in every]}
        yield f


def _how(sim: float) -> str:
    return "相同" if sim >= 0.999 else f"相似（相似度 {round(sim * 100)}%）"
