"""--format sarif: SARIF 2.1.0 (the OASIS standard read by GitHub code scanning, VS Code's SARIF
viewer and most CI dashboards).

One run: `tool.driver.rules` lists every loaded rule with its Chinese name, message and help
text (why / bad / good from the pack's `explain`); each result points at its rule by id and
index, with a region in 1-based lines and columns counted in code points
(`columnKind: unicodeCodePoints`), related places, and the fix when there is one.
Severity: error → error, warning → warning, info → note.  Files that could not be read become
error notifications of the run's invocation.
"""

from __future__ import annotations

import json
import os
from urllib.parse import quote

from checker.errors import one_line
from checker.reports import excerpt

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def uri(path: str) -> str:
    """A URI reference for a path: relative paths stay relative (forward slashes, percent-encoded
    so Chinese names survive); absolute paths become file:// URIs.  The bytes of a name that is
    not valid UTF-8 are percent-encoded as they are (%B2%DD…), so the URI still names the file."""
    p = path.replace(os.sep, "/") if os.sep != "/" else path
    if os.path.isabs(path):
        p = p if p.startswith("/") else "/" + p
        return "file://" + quote(p, safe="/:", errors="surrogateescape")
    return quote(p, safe="/", errors="surrogateescape")


def _help(rule) -> tuple[str, str]:
    """(plain text, markdown) help for a rule from its explain block."""
    ex = rule.explain or {}
    parts = [("为什么", ex.get("why")), ("错误示例", ex.get("bad")), ("正确示例", ex.get("good")),
             ("自动修正", ex.get("fix")), ("说明", ex.get("note"))]
    text, md = [], []
    for label, value in parts:
        if not value:
            continue
        value = str(value).strip()
        text.append(f"{label}：{value}")
        md.append(f"**{label}**\n\n" + ("\n".join("    " + v for v in value.splitlines())
                                         if label in ("错误示例", "正确示例") else value))
    text.append(f"详见：fzlint explain {rule.id}")
    md.append(f"详见：`fzlint explain {rule.id}`")
    return "\n\n".join(text), "\n\n".join(md)


def rule_descriptor(rule) -> dict:
    text, md = _help(rule)
    desc = {"id": rule.id, "shortDescription": {"text": rule.name or rule.message},
            "fullDescription": {"text": rule.message},
            "help": {"text": text, "markdown": md},
            "defaultConfiguration": {"level": LEVELS[rule.severity]},
            "properties": {"category": rule.category, "kind": rule.kind,
                           "tags": [rule.category]}}
    if rule.name:
        desc["name"] = rule.name
    return desc


def _region(doc, start: int, end: int, snippet: bool = False) -> dict:
    line, col = doc.position(start)
    end_line, end_col = doc.position(end)
    region = {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}
    if snippet and end > start:
        region["snippet"] = {"text": doc.text[start:end]}
    return region


def _location(path: str, region: dict | None = None, message: str | None = None, **extra) -> dict:
    phys = {"artifactLocation": {"uri": uri(path)}}
    if region:
        phys["region"] = region
    loc = {**extra, "physicalLocation": phys}
    if message:
        loc["message"] = {"text": message}
    return loc


def result_object(r, f, rule_index: dict) -> dict:
    doc = r.doc
    res = {"ruleId": f.rule, "level": LEVELS[f.severity], "message": {"text": f.message},
           "locations": [_location(r.path, _region(doc, f.start, f.end, snippet=True))],
           "properties": {"category": f.category, "severity": f.severity,
                          "excerpt": excerpt(doc, f)}}
    if f.rule in rule_index:
        res["ruleIndex"] = rule_index[f.rule]
    if f.extra.get("baseline") in ("new", "known"):      # --baseline: SARIF's own field
        res["baselineState"] = "new" if f.extra["baseline"] == "new" else "unchanged"
    related = []
    for i, rel in enumerate(f.related, 1):
        if rel.start is not None and rel.path in (None, r.path):
            end = rel.end if rel.end is not None else rel.start
            related.append(_location(r.path, _region(doc, rel.start, end), rel.message, id=i))
        else:
            region = {"startLine": rel.line or 1, "startColumn": rel.column or 1}
            related.append(_location(rel.path or r.path, region, rel.message, id=i))
    if related:
        res["relatedLocations"] = related
    if f.fix is not None:
        # every safe fix of a grouped finding: one fix, a replacement per place
        replacements = []
        for fix in f.safe_fixes:
            line, col = doc.position(fix.start)
            end_line, end_col = doc.position(fix.end)
            deleted = {"startLine": line, "startColumn": col, "endLine": end_line,
                       "endColumn": end_col}
            replacements.append({"deletedRegion": deleted,
                                 "insertedContent": {"text": fix.replacement}})
        text = (f"改为“{f.fix.replacement}”" if len(replacements) == 1
                else f"修正全部 {len(replacements)} 处")
        res["fixes"] = [{"description": {"text": text},
                         "artifactChanges": [{"artifactLocation": {"uri": uri(r.path)},
                                              "replacements": replacements}]}]
    return res


def render(results, ctx) -> str:
    rules = [ctx.rules[rid] for rid in sorted(ctx.rules)]
    rule_index = {rule.id: i for i, rule in enumerate(rules)}
    out_results, notifications, artifacts = [], [], []
    for r in results:
        artifacts.append({"location": {"uri": uri(r.path)}})
        if r.error:
            notifications.append({"level": "error",
                                  "message": {"text": f"无法检查：{one_line(r.error)}"},
                                  "locations": [_location(r.path)]})
            continue
        for f in r.findings:
            res = result_object(r, f, rule_index)
            res["locations"][0]["physicalLocation"]["artifactLocation"]["index"] = len(artifacts) - 1
            out_results.append(res)
    invocation = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run = {"tool": {"driver": {"name": "fzlint", "version": ctx.version,
                               "semanticVersion": ctx.version,
                               "informationUri": "https://pypi.org/project/fzlint/",
                               "language": "zh-CN", "rules": [rule_descriptor(x) for x in rules]}},
           "invocations": [invocation],
           "artifacts": artifacts,
           "columnKind": "unicodeCodePoints",
           "results": out_results}
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
