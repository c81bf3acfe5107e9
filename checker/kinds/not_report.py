"""not-report: the file does not look like a 法治政府建设年度报告 at all (no report title, no
heading of a required part, hardly a word of the trade: checker.model.report_like) — a cover
note, a README.  One finding at its first line; the runner then checks it no further and the
outputs list it apart from the drafts."""

from __future__ import annotations

import dataclasses

from checker.model.report_like import looks_like_report

KIND = "not-report"
PLACEHOLDERS = frozenset()
OPTIONS: dict = {}
MARK = "not_report"      # Finding.extra key that FileResult.not_report looks for


def check(doc, rule):
    if looks_like_report(doc):
        return
    s, e = doc.title_span if doc.text.strip() else (0, 0)
    yield dataclasses.replace(rule.finding(s, e), extra={MARK: True})
