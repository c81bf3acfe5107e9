"""Rule kinds: one module per kind, found by name.

A pack rule with ``kind: heading-sequence`` runs ``checker/kinds/heading_sequence.py``. Each kind
module defines:

- ``KIND``: the kind's name as written in YAML;
- ``OPTIONS``: ``{key: Opt(...)}``, the kind-specific keys a rule may set (checked by checker.packs);
- ``PLACEHOLDERS``: the names it passes to ``rule.finding(..., **values)``, the only {names} a
  rule's messages may use (checked when the pack is loaded; listed by ``fzlint explain``);
- ``check(doc, rule) -> Iterable[Finding]``.

Optionally ``prepare(options) -> None`` to validate options across keys (raise ValueError with a
message naming the key).  Adding a kind is adding a module; nothing else needs editing.
"""

import importlib
import pkgutil
from types import ModuleType

_cache: dict[str, ModuleType] = {}


def module_name(kind: str) -> str:
    return kind.replace("-", "_")


_available: list[str] = []


def available() -> list[str]:
    """Names of every kind shipped (without importing them); the folder is listed once per
    process (listing it for each of the ~70 rules took 30-50 ms of a cold start)."""
    if not _available:
        _available.extend(sorted(m.name.replace("_", "-") for m in pkgutil.iter_modules(__path__)
                                 if not m.name.startswith("_")))
    return list(_available)


def _names() -> frozenset[str]:
    global _name_set
    if _name_set is None:
        _name_set = frozenset(available())
    return _name_set


_name_set: frozenset[str] | None = None


def load(kind: str) -> ModuleType:
    """Import the module of a kind; KeyError when no such kind exists."""
    if kind in _cache:
        return _cache[kind]
    if not isinstance(kind, str) or kind not in _names():
        raise KeyError(kind)
    mod = importlib.import_module(f"{__name__}.{module_name(kind)}")
    _cache[kind] = mod
    return mod
