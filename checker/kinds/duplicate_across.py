"""duplicate-across: passages of a draft that also stand in other drafts or in earlier reports.

One draft alone has nothing to compare with, so ``check`` finds nothing: the work is done by
checker.corpus once every draft given to ``fzlint check --against/--cross/--index`` has been
read (``corpus.add_findings``), with this kind's options.  The rule entry in the pack gives the
message, severity and options, and ``--select``/``--ignore`` turn it on and off like any rule.

Message placeholders: ``{other}`` (the other file), ``{line}`` (where the passage starts there),
``{lines}`` (第 3 行 / 第 3–12 行), ``{how}`` (相同 / 相似（相似度 87%）) and ``{more}`` (how many more
drafts hold the passage, or nothing).
"""

from __future__ import annotations

from checker.ruleset.rule import Opt
from checker.kinds.duplicate_text import prepare as _prepare_text

KIND = "duplicate-across"
PLACEHOLDERS = frozenset({"how", "line", "lines", "more", "other"})   # {names} check() fills
OPTIONS = {
    "threshold": Opt("number", 0.6, help="相似度下限（0–1，按词语二元组计算）"),
    "min_chars": Opt("int", 20, help="至少多少个字（不计标点、空格和 ignore 中的套话）才报告"),
    "ignore": Opt("strs", [], help="不计入比较的套话"),
    "max_related": Opt("int", 5, help="每段最多列出几份其他草稿"),
}


def prepare(options):
    if options["max_related"] < 1:
        raise ValueError("max_related: 应不小于 1")
    _prepare_text({**options, "report": "similar", "part_chars": options["min_chars"]})
    options["ignore"] = _folded(options["ignore"])


def _folded(phrases):
    from checker.text.fingerprint import fold_plain
    return tuple(sorted({fold_plain(p) for p in phrases if fold_plain(p)}, key=len, reverse=True))


def check(doc, rule):
    return ()
