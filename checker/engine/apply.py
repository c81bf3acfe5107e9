"""Engine: choose the rules to run (select/ignore), run them over a Document, and collect,
filter and sort the Findings.  The common keys of every rule are applied here, after the kind:
a hit outside the rule's `scope` or silenced by its `unless` is dropped (checker.ruleset.context),
and after every rule the draft's own ignore directives are applied (checker.engine.suppress),
then the hits of a rule with `grouping` are merged per paragraph (checker.engine.grouping).
Knows nothing of files, YAML syntax or output formats."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import replace

from checker import kinds
from checker.engine import suppress
from checker.errors import OneLineError
from checker.engine.grouping import group_findings
from checker.model.findings import Finding
from checker.text.matching import RuleTimeout, timed
from checker.ruleset.context import DEFAULT_SCOPE
from checker.ruleset.rule import Rule


class RuleError(OneLineError):
    """A rule failed on a document (regex timeout or a bug in a kind); one-line message."""


def selector_matches(selector: str, rule: Rule) -> bool:
    """A selector is ALL, a rule id, an id prefix (FZ1, FZ) or a category (structure)."""
    s = selector.strip()
    return s == "ALL" or rule.category == s or rule.id.startswith(s.upper())


def choose(rules: dict[str, Rule], default_off: set[str] = frozenset(),
           select: list[str] | None = None, ignore: list[str] = (),
           extend_select: list[str] = (), severity: dict[str, str] | None = None) -> list[Rule]:
    """Rules to run, in id order. Without `select`, every rule enabled by default runs."""
    chosen = []
    for rid in sorted(rules):
        rule = rules[rid]
        if select:
            on = any(selector_matches(s, rule) for s in select)
            # a default-off rule runs only when selected by its own id or category
            if rid in default_off and not any(
                    s == rid or s == rule.category for s in select):
                on = False
        else:
            on = rid not in default_off
        if any(s == rid or s == rule.category for s in extend_select):
            on = True
        if on and any(selector_matches(s, rule) for s in ignore):
            on = False
        if on:
            chosen.append(rule)
    if severity:
        chosen = [_override(r, severity) for r in chosen]
    return chosen


def _override(rule: Rule, severity: dict[str, str]) -> Rule:
    # the most specific selector wins: id, then longer prefixes, then category
    best = None
    for sel, sev in severity.items():
        if selector_matches(sel, rule):
            rank = 1000 if sel == rule.id else len(sel)
            if best is None or rank > best[0]:
                best = (rank, sev)
    return rule.with_severity(best[1]) if best else rule


def ignored_for_path(path: str, per_path: dict[str, list[str]], rule: Rule) -> bool:
    for pattern, selectors in per_path.items():
        if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path.replace("\\", "/"), pattern):
            if any(selector_matches(s, rule) for s in selectors):
                return True
    return False


class Engine:
    def __init__(self, rules: list[Rule], grouping: bool = True):
        self.rules = rules
        self._kinds = {r.kind: kinds.load(r.kind) for r in rules}
        # patterns of user-written packs run with the time limit; the built-in packs' do not
        self._timed = {r.id: not is_builtin(r) for r in rules}
        self._by_id = {r.id: r for r in rules}
        self._grouping = grouping and any(r.grouping is not None for r in rules)

    def check(self, doc, per_path_ignores: dict | None = None,
              path: str | None = None, others=None) -> list[Finding]:
        """Findings of every rule on doc; per_path_ignores globs are matched against path
        (default doc.path).  Kinds that compare drafts (USES_OTHERS) run only when `others` —
        the drafts to compare with, a checker.corpus.index.Corpus — is given."""
        return self._run(doc, per_path_ignores, path, others, cross_only=False)

    def check_others(self, doc, others, per_path_ignores: dict | None = None,
                     path: str | None = None) -> list[Finding]:
        """Findings of the cross-draft rules only, against `others` (after a batch has been
        read: --cross needs every draft indexed before any is compared)."""
        return self._run(doc, per_path_ignores, path, others, cross_only=True)

    def _run(self, doc, per_path_ignores, path, others, cross_only: bool) -> list[Finding]:
        found: list[Finding] = []
        ran: set[str] = set()
        unused_rule = None
        for rule in self.rules:
            module = self._kinds[rule.kind]
            cross = getattr(module, "USES_OTHERS", False)
            if cross_only and not cross or cross and others is None:
                continue
            if per_path_ignores and ignored_for_path(path or doc.path, per_path_ignores, rule):
                continue
            ran.add(rule.id)
            if rule.kind == suppress.UNUSED_KIND:
                unused_rule = None if cross_only else rule
                continue
            scope = rule.scope or DEFAULT_SCOPE
            unless = rule.unless
            normalized = rule.match_on == "normalized"
            try:
                with timed(self._timed.get(rule.id, True)):
                    hits = module.check(doc, rule, others) if cross else module.check(doc, rule)
                    n = len(doc.text)
                    for f in hits:
                        if not 0 <= f.start <= f.end <= n:
                            f = _clamp(f, n)
                        if not scope.allows(doc.regions_at(f.start)):
                            continue
                        if unless and unless.silences(doc, f.start, f.end, normalized):
                            continue
                        found.append(f)
            except RuleTimeout:
                raise RuleError(f"{doc.path}: 规则 {rule.id}（{rule.source}）的正则表达式运行超时，"
                                "请简化该规则的 pattern") from None
            except RecursionError:
                raise RuleError(f"{doc.path}: 规则 {rule.id} 处理本文件时递归过深") from None
            except RuntimeError as err:
                from checker.text.segment import SegmenterUnavailable
                if isinstance(err, SegmenterUnavailable):
                    raise RuleError(f"{doc.path}: 规则 {rule.id} 需要分词：{err}") from None
                raise
        # the draft's ignore directives, after every rule (checker.engine.suppress), on the
        # single hits; then the common key `grouping`, after scope/unless (engine.grouping)
        found = sort_findings(found)
        kept = suppress.apply(doc, found, ran, unused_rule)
        if kept is not found:      # directives set some aside or FZ912 added some: sort again
            found = sort_findings(kept)
        if self._grouping:
            found = sort_findings(group_findings(doc, found, self._by_id))
        return found


def is_builtin(rule: Rule) -> bool:
    """Does the rule come from a pack shipped with fzlint (checker/rules)?  By the file named
    in its source ("path:line"), not by the pack's name, which any pack may take."""
    from checker.engine.packs import builtin_dir
    path = rule.source.rpartition(":")[0]
    if not path:
        return False
    try:
        root = os.path.realpath(str(builtin_dir()))
    except (TypeError, ModuleNotFoundError):
        return False
    return os.path.dirname(os.path.realpath(path)) == root


def _clamp(f: Finding, n: int) -> Finding:
    s = max(0, min(f.start, n))
    e = max(s, min(f.end, n))
    return f if (s, e) == (f.start, f.end) else replace(f, start=s, end=e)


def sort_findings(found: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in sorted(found, key=lambda f: (f.start, f.rule, f.end, f.message)):
        key = (f.rule, f.start, f.end, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
