"""`fzlint check --statistics`: how often each rule fired, like `ruff check --statistics`.

One line per rule — count, id, [*] when its findings can be fixed with --fix, the rule's name —
实质问题 first, then 格式问题, the most frequent first in each.  The count is of places: a
grouped finding (common key `grouping`) counts each of its hits, under the rule of each."""

from __future__ import annotations

from collections import Counter

from checker.model.findings import TIERS, tier


class Statistics:
    """`add` each result; `render(rules)` at the end."""

    def __init__(self):
        self.places: Counter = Counter()
        self.fixable: set[str] = set()
        self.category: dict[str, str] = {}

    def add(self, result) -> None:
        for f in result.findings:
            self.places[f.rule] += 1
            self.category[f.rule] = f.category
            if f.safe_fixes:
                self.fixable.add(f.rule)
            for rel in f.related:           # the other hits of a grouped finding
                if rel.rule is not None:
                    self.places[rel.rule] += 1
                    self.category.setdefault(rel.rule, f.category)
                    if f.safe_fixes:
                        self.fixable.add(rel.rule)

    def render(self, rules: dict) -> str:
        if not self.places:
            return "没有发现问题。\n"
        digits = len(str(max(self.places.values())))
        out = []
        for t in TIERS:
            rows = sorted((rid for rid in self.places if tier(self.category[rid]) == t),
                          key=lambda rid: (-self.places[rid], rid))
            if not rows:
                continue
            out.append(f"{t}（{sum(self.places[r] for r in rows)} 处）")
            for rid in rows:
                rule = rules.get(rid)
                name = (rule.name or rule.message) if rule is not None else ""
                mark = "[*]" if rid in self.fixable else "   "
                out.append(f"{self.places[rid]:>{digits}}\t{rid}\t{mark} {name}")
        return "\n".join(out) + "\n"
