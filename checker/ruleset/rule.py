"""A configured rule (one pack entry) and the option schema that kinds declare.

A Rule is immutable after loading: the pack loader checks and converts every option (regexes are
compiled once per process here, not per document).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from checker.model.findings import Finding, Fix, Related

REQUIRED = object()

# option type names understood by checker.packs
TYPES = ("str", "strs", "strlists", "int", "number", "bool", "regex", "regexes", "map", "list",
         "any")


@dataclass(frozen=True)
class Opt:
    """One kind-specific key: its type name (see TYPES), default, and a line of help."""
    type: str
    default: Any = REQUIRED
    help: str = ""

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


class _Blank(dict):
    def __missing__(self, key):
        return "{" + key + "}"


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    category: str
    severity: str
    message: str
    name: str = ""
    explain: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)
    pack: str = ""
    source: str = ""  # "file:line" of the rule in its pack
    scope: Any = None          # checker.ruleset.context.Scope; None = the default scope
    unless: Any = None         # checker.ruleset.context.Unless; None = no exceptions
    match_on: str = "raw"      # "raw" or "normalized": the text the patterns see

    def with_severity(self, severity: str) -> "Rule":
        return replace(self, severity=severity)

    def format(self, message: str | None = None, **values) -> str:
        return (message or self.message).format_map(_Blank(values))

    def finding(self, start: int, end: int, message: str | None = None, *,
                severity: str | None = None, related: tuple[Related, ...] | list = (),
                fix: Fix | None = None, suggestions=(), **values) -> Finding:
        """A Finding of this rule; message placeholders like {found} are filled from values.
        `fix` is a safe edit (applied by --fix), `suggestions` edits offered to a person."""
        return Finding(rule=self.id, category=self.category,
                       severity=severity or self.severity,
                       message=self.format(message, **values), start=start, end=end,
                       related=tuple(related), fix=fix, suggestions=tuple(suggestions))

    def __getitem__(self, key: str) -> Any:
        return self.options[key]
