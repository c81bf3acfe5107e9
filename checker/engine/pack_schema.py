"""The JSON Schema of a rule pack file, generated from the same declarations the loader checks
(each kind's OPTIONS and the common keys), so an editor can complete and check a county's pack.
Shipped as checker/data/pack.schema.json (`fzlint schema` prints it; tests keep the two equal)."""

from __future__ import annotations

from checker import kinds
from checker.model.findings import CATEGORIES, SEVERITIES
from checker.ruleset.context import MATCH_ON, UNLESS_FORMS
from checker.ruleset.rule import GROUP_BY
from checker.ruleset.schema import json_type

SCHEMA_ID = "https://fzlint.invalid/pack.schema.json"


def _regions() -> list[str]:
    from checker.model.regions import REGIONS
    return list(REGIONS)


def _common() -> dict:
    patterns = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    region_list = {"type": "array", "items": {"enum": _regions()}, "minItems": 1}
    forms = {form: patterns for form in UNLESS_FORMS}
    forms["near_chars"] = {"type": "integer", "minimum": 1, "maximum": 200}
    return {
        "id": {"type": "string", "pattern": "^[A-Z]{1,6}[0-9]{2,5}$", "description": "稳定的规则编号"},
        "kind": {"enum": kinds.available(), "description": "规则类型"},
        "category": {"enum": list(CATEGORIES)},
        "severity": {"enum": list(SEVERITIES)},
        "message": {"type": "string", "minLength": 1, "description": "提示信息，可含 {占位符}"},
        "name": {"type": "string"},
        "enabled": {"type": "boolean"},
        "explain": {"type": "object", "additionalProperties": False,
                    "properties": {k: {"type": "string"}
                                   for k in ("why", "bad", "good", "note", "fix")}},
        "scope": {"anyOf": [region_list, {"type": "object", "additionalProperties": False,
                                          "properties": {"only": region_list, "not": region_list}}],
                  "description": "只看哪些区域"},
        "unless": {"type": "object", "additionalProperties": False, "properties": forms,
                   "description": "匹配到就不报告的上下文"},
        "match_on": {"enum": list(MATCH_ON)},
        "grouping": {"anyOf": [{"enum": list(GROUP_BY)},
                            {"type": "object", "additionalProperties": False,
                             "properties": {"by": {"enum": list(GROUP_BY)},
                                            "name": {"type": "string"},
                                            "message": {"type": "string", "minLength": 1}}}],
                  "description": "同一段（document：全文）中的多处报告为一条：计数、各处位置、全部改法"},
    }


def pack_schema() -> dict:
    per_kind = []
    for kind in kinds.available():
        options = getattr(kinds.load(kind), "OPTIONS", {})
        per_kind.append({
            "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
            "then": {"properties": {k: json_type(o) for k, o in options.items()},
                     "required": sorted(k for k, o in options.items() if o.required)},
        })
    rule = {"type": "object", "required": ["id", "kind", "category", "severity", "message"],
            "properties": _common(), "allOf": per_kind, "unevaluatedProperties": False}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "fzlint rule pack",
        "type": "object",
        "additionalProperties": False,
        "required": ["rules"],
        "properties": {
            "pack": {"type": "string"},
            "description": {"type": "string"},
            "extends": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "rules": {"type": "array", "items": rule},
        },
    }
