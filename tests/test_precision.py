"""Issue 12, precision classes 5–11: rules must not misread ordinary report writing.

Each test pairs a true case (the defect, found) with a near miss (ordinary writing that looks
like it, silent).  The texts are written for these tests, on the patterns behind the defects."""

from __future__ import annotations

import pytest

from util import check_text, findings


def rules_on(text, select, year=None):
    return sorted({r for r, _ in findings(text, select=select, year=year)})


def lines_of(text, rule, year=None):
    return sorted({ln for r, ln in findings(text, select=[rule], year=year) if r == rule})


# --- class 5: deliberate spaces are not PDF debris ------------------------------------------

@pytest.mark.parametrize("text", [
    "二、深化放管服改革 激发市场主体活力\n",              # two halves of a heading
    "以“学法用法 守法护法”为主题开展宣传月活动。\n",       # a slogan in quotes
    "转发《省委办公厅 省政府办公厅关于进一步规范执法的通知》。\n",  # joint issuers in a title
    "发 文 字 号：平政〔2024〕3号\n",                      # letter-spaced label
    "考核小组：周立新 孙海燕 郑伟 钱多多，负责年度考评。\n",  # names after a colon
])
def test_deliberate_spaces_are_not_wrap_debris(text):
    assert rules_on(text, ["FZ903"]) == []


@pytest.mark.parametrize("text", [
    "持续深化放管服改革，激发市场 主体活力。\n",           # a word split in prose
    "二、深化放管服改革，激发市场 主体活力\n",              # … in a heading, not between halves
    "全年共办理行政复议案 件12件。\n",
])
def test_wrap_debris_is_still_found(text):
    assert rules_on(text, ["FZ903"]) == ["FZ903"]


def test_no_fix_changes_a_title_in_book_marks():
    res = check_text("组织学习《 中华人民共和国行政复议法》， 推进依法行政。\n", select=["FZ904"])
    inside = [f for f in res.findings if res.doc.text[f.start - 1] == "《"]
    outside = [f for f in res.findings if f not in inside]
    assert inside and outside
    assert all(f.fix is None and f.suggestions for f in inside)     # offered, never applied
    assert all(f.fix is not None for f in outside)


def test_spaces_inside_quotes_beside_the_marks():
    assert lines_of("推行“ 最多跑一次 ”改革。\n推行“最多跑一次”改革。\n", "FZ904") == [1]
