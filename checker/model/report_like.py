"""Does a file look like a 法治政府建设年度报告 at all?  A folder of drafts also holds cover notes
(报送说明.txt), READMEs and the like; checked as reports they get "missing part" errors and rank
first among the drafts.  `report_signs(doc)` tells the signs of a report found in a Document;
a file with none of them is listed apart (rule kind not-report, FZ100) and not checked as a
report.

The signs (any one is enough — a short or badly titled real draft has at least one):
  1. a report title: the title (the first short lines, see Document.title), or one of its
     lines, names 法治政府建设
     or 法治建设 and ends with 报告, 总结 or 情况 (a bracketed note after it, such as
     （征求意见稿）, is ignored) — "关于报送……报告的说明" ends with 说明 and is no report title;
  2. a heading (一、/（一）) of one of the required parts: 主要举措和成效 / 工作开展情况,
     存在的不足和问题, 下一年度的安排 / 下一步打算, 第一责任人履职;
  3. the words of the trade: at least DOMAIN_MIN mentions of 法治, 依法, 执法, 普法, 复议 or
     合法性审查 (a report has dozens; a cover note or a README one or two).
"""

from __future__ import annotations

import regex as re

DOMAIN_MIN = 5

_NOTE = re.compile(r"[（(【\[〔<《][^）)】\]〕>》]{0,20}[）)】\]〕>》]$")
_TITLE = re.compile(r"法治(?:政府)?建设.*(?:报告|总结|情况)$")
_PARTS = {
    "主要举措和成效": re.compile(r"举措|措施|做法|工作(?:开展)?情况|开展情况|工作成效|取得的?成效|主要工作"),
    "存在的不足和原因": re.compile(r"存在的?(?:主要)?(?:问题|不足|困难|短板|差距)|不足之处|问题和不足|不足和问题"),
    "下一年度主要安排": re.compile(r"下一(?:年度|年|步)|(?:明年|今后|来年|20\d\d年度?)(?:的)?(?:主要)?(?:工作)?"
                           r"(?:计划|打算|安排|思路|重点)"),
    "第一责任人职责": re.compile(r"第一责任人"),
}
_DOMAIN = re.compile(r"法治|依法|执法|普法|复议|合法性审查")


def report_title(title: str) -> bool:
    """Is this the title of a rule-of-law report (sign 1)?"""
    t = re.sub(r"[\s\u3000#*]+", "", title or "")
    while _NOTE.search(t):
        t = _NOTE.sub("", t)
    return bool(_TITLE.search(t))


def report_signs(doc) -> list[str]:
    """The signs of a report found in the document, in Chinese (empty: it does not look like
    one).  Stops at the first sign found."""
    lines = [doc.lines[n - 1].text for n in doc.title_lines]
    if report_title(doc.title) or any(report_title(t) for t in lines):
        return ["报告标题"]
    for h in doc.headings:
        if h.level <= 2:
            for part, rx in _PARTS.items():
                if rx.search(h.title):
                    return [f"“{part}”部分"]
    n = 0
    for _ in _DOMAIN.finditer(doc.text):
        n += 1
        if n >= DOMAIN_MIN:
            return ["法治工作的用语"]
    return []


def looks_like_report(doc) -> bool:
    return bool(report_signs(doc))
