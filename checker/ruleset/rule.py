"""A configured rule (one pack entry) and the option schema that kinds declare.

A Rule is immutable after loading: the pack loader checks and converts every option (regexes are
compiled once per process here, not per document).
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from checker.model.findings import Finding, Fix, Related

REQUIRED = object()

# option type names understood by checker.packs
TYPES = ("str", "strs", "strlists", "int", "number", "bool", "regex", "regexes", "map", "list",
         "records", "any")


@dataclass(frozen=True)
class Opt:
    """One kind-specific key: its type name (see TYPES), default, a line of help, and the
    constraints the loader checks (checker.ruleset.schema.convert): `choices` for a word from a
    fixed set, `min`/`max` for numbers, `groups` a regex must have, `fields` for a list of
    records ({name: Opt}, each record checked with its own YAML line)."""
    type: str
    default: Any = REQUIRED
    help: str = ""
    choices: tuple = ()
    min: float | None = None
    max: float | None = None
    groups: tuple = ()
    fields: Any = None

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


@lru_cache(maxsize=4096)
def _parsed(template: str) -> tuple | None:
    """[(literal, field name, format spec, conversion), …] of a message template, or None when
    its braces do not pair up."""
    try:
        return tuple(string.Formatter().parse(template))
    except ValueError:
        return None


def template_fields(template: str) -> list[tuple[str, str, str | None]] | None:
    """(name, format spec, conversion) of each {field} of a template; None for unpaired braces."""
    parsed = _parsed(template)
    if parsed is None:
        return None
    return [(name, spec, conv) for _, name, spec, conv in parsed if name is not None]


def fill(template: str, values: dict) -> str:
    """The template with each {name} given in values replaced by str(value).  Nothing else is
    evaluated: a field that is not a plain name with a value ({0}, {x.y}, {found:>9}, {found!r},
    a name not given) stays as written, and a template whose braces do not pair up is returned
    as it is.  (Packs are checked at load time; this keeps a run safe whatever reaches it.)"""
    parsed = _parsed(template)
    if parsed is None:
        return template
    out = []
    for literal, name, spec, conv in parsed:
        out.append(literal)
        if name is None:
            continue
        if not spec and conv is None and name in values and name.isidentifier():
            out.append(str(values[name]))
        else:
            out.append("{" + name + ("!" + conv if conv is not None else "")
                       + (":" + spec if spec else "") + "}")
    return "".join(out)


_FILLED: dict = {}   # (template, values) -> filled message, for Rule.format

GROUP_BY = ("paragraph", "document")
GROUP_FIELDS = ("count", "marks", "message")   # what a group's message template may use
GROUP_MESSAGE = "{message}（本段共 {count} 处：{marks}）"
GROUP_MESSAGE_DOCUMENT = "{message}（全文共 {count} 处）"


@dataclass(frozen=True)
class Group:
    """The common key `grouping`: the hits of a rule (and of the rules sharing its `name`) in one
    paragraph — or in the whole document — are reported as one finding (checker.engine.grouping):
    span on the first, the others as related places, every safe fix kept, and `message` filled
    with {count} (hits), {marks} (the marked texts and how often: “,”×7、“(”“)”各 1) and
    {message} (the first hit's own message).  A group of one hit is reported as it is."""
    by: str = "paragraph"
    name: str = ""          # rules whose grouping has the same name (and `by`) share their groups
    message: str = ""       # "" = GROUP_MESSAGE / GROUP_MESSAGE_DOCUMENT

    @property
    def template(self) -> str:
        if self.message:
            return self.message
        return GROUP_MESSAGE if self.by == "paragraph" else GROUP_MESSAGE_DOCUMENT


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
    grouping: Group | None = None  # report the hits of a paragraph (document) as one finding

    def with_severity(self, severity: str) -> "Rule":
        return replace(self, severity=severity)

    def format(self, message: str | None = None, **values) -> str:
        """The message (or this rule's) with its {placeholders} filled from values (see fill).
        Memoized: a rule firing on 260,000 marks fills its template with a handful of values."""
        template = message or self.message
        if not values:
            return fill(template, values)
        try:   # the types too: 1, 1.0 and True are equal keys but different texts
            key = (template, *values.items(), *map(type, values.values()))
            return _FILLED[key]
        except KeyError:
            if len(_FILLED) >= 8192:
                _FILLED.clear()
            out = _FILLED[key] = fill(template, values)
            return out
        except TypeError:   # a value that cannot be a key (a list): filled each time
            return fill(template, values)

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
