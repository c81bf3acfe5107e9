"""Regions of a report, defined once for every rule: which part of the document each line is.

Every line of a Document gets a set of region names (`Document.line_regions`); a rule's `scope:`
names the regions it looks at (checker.ruleset.context), and no kind defines them for itself.

    furniture    web-page or document-site debris copied along with the report: site navigation
                 (首页 > 政务公开 > …, 当前位置：…), metadata lines and table rows (索引号：…,
                 索 引 号：…, 发布日期 <tab> …, 发布机构：…, 来源：…), 【字体：大 中 小】,
                 【打印】【关闭】, 扫一扫, 浏览次数 …, a document site's blurb (本文档由用户上传,
                 如有侵权请联系删除, 下载积分 …) — never the title, never prose, never a duplicate
    title        the report's title (one to three lines at the top)
    addressee    the 主送 line after the title (中共××县委、××县人民政府：)
    closing      the 落款 and 成文日期 lines at the end
    headings     heading lines (一、/（一）/1./（1） …)
    preamble     body lines before the first level-1 heading
    measures, shortcomings, responsible, next_year, other_part
                 the level-1 part a line belongs to (heading included), by its heading:
                 主要举措和成效 / 存在的不足和原因 / 第一责任人职责 / 下一年度安排 / any other;
                 without a heading naming the measures, the unnamed parts before the
                 shortcomings (or the plans) are the measures (position, not an umbrella heading)
    prose        body lines that are not headings
    bare         lines without clause punctuation, the title excepted (table rows, name lists,
                 bare headings, the 落款)
    table        lines that come from table cells (the reader says which: Source.regions)
    body         the letter body: every line but furniture, title, addressee and closing
    all          every line

`PART_HEADINGS` holds the heading patterns that name the parts (data, in order of precedence).
"""

from __future__ import annotations

import regex as re

from checker.model.chinese import CLAUSE_MARKS

REGIONS = ("furniture", "title", "addressee", "closing", "headings", "preamble", "measures",
           "shortcomings", "responsible", "next_year", "other_part", "prose", "bare", "table",
           "body", "all")
PARTS = ("measures", "shortcomings", "responsible", "next_year", "other_part")

# which required part a level-1 heading opens; the first pattern that matches wins
PART_HEADINGS = (
    ("responsible", re.compile(r"第一责任人|主要负责人.{0,6}履[行职]|履行.{0,8}职责")),
    ("shortcomings", re.compile(r"不足|存在.{0,4}问题|短板|差距|薄弱")),
    ("next_year", re.compile(r"下一?年度?|下步|下一步|明年|(?:19|20)\d{2}年.{0,8}(?:安排|计划|打算|思路)"
                             r"|工作(?:安排|计划|打算|思路)|努力方向|今后")),
    ("measures", re.compile(r"举措|成效|做法|工作开展|开展情况|工作情况|主要工作|进展|成绩"
                            r"|(?:完成|总体)情况|法治政府建设.{0,4}情况|主要情况")),
)

# furniture: short lines of a web page or document site, copied with the report
_LABELS = ("索引号", "发布日期", "发文日期", "成文日期", "发布机构", "发文机关", "发布时间", "信息来源",
           "来源", "文号", "发文字号", "主题分类", "公开方式", "公开范围", "公开时限", "浏览次数",
           "阅读次数", "点击数", "访问量", "作者", "责任编辑", "编辑", "分类", "生效日期", "有效性",
           "信息名称", "内容概述", "组配分类", "体裁分类", "服务对象")
# a label may be letter-spaced ("索 引 号") and is followed by a colon or, in a metadata table
# copied as text, by a tab or a wide gap
_LABEL = "(?:" + "|".join(r"\s*".join(map(re.escape, w)) for w in sorted(_LABELS, key=len, reverse=True)) + ")"
_BUTTON = (r"打印|关闭|关闭窗口|打印本页|收藏|返回顶部|分享|纠错|大|中|小|默认|"
           r"字体\s*[:：]?\s*大\s*中\s*小|大\s*中\s*小|保护视力色|视力保护色|下载")
_FURNITURE = re.compile(
    r"^\s*(?:"
    rf"{_LABEL}(?:\s*[:：]|\t|[ \u3000]{{2,}})"
    r"|(?:首页|当前位置|您的位置|您现在的位置)\s*(?:[:：>＞»/]|$)"
    r"|.*(?:[>＞»]\s*\S+\s*){2,}$"
    r"|[【\[]?\s*字体\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?\s*[【\[]?\s*小"
    rf"|(?:[【\[]\s*(?:{_BUTTON})\s*[】\]]\s*)+$"
    r"|(?:(?:打印本页|关闭窗口|保护视力色|视力保护色|返回顶部)\s*)+$"
    r"|(?:分享到|扫一扫|扫码|上一篇|下一篇|相关链接|相关文档|相关阅读|附件下载|网站地图|联系我们|版权所有|"
    r"主办单位|承办单位|网站标识码|ICP备|公网安备)"
    r")")
_MAX_FURNITURE = 80   # a furniture line is short; a longer one is prose
# a document site's blurb around a copied report (may be a sentence: 。 allowed)
_BLURB = re.compile(
    r"^\s*(?:本文(?:档)?由.{0,30}(?:上传|提供|分享)|.{0,20}如(?:有|涉及)侵权.{0,20}(?:联系|删除)"
    r"|(?:文档|资料)(?:下载|格式|页数|大小)|(?:立即|免费)下载|下载(?:文档|积分|券)|"
    r"(?:原创力文档|道客巴巴|豆丁网|百度文库|文库)\s*(?:[:：|｜-]|$)|VIP|会员免费|"
    r"温馨提示\s*[:：].{0,40}(?:下载|文档|预览)|预览(?:已)?结束|剩余.{0,6}页未读)")
_MAX_BLURB = 120


def is_furniture(text: str) -> bool:
    """A line of web-page or document-site debris (see the module doc)?"""
    t = text.strip()
    if not t:
        return False
    if len(t) <= _MAX_BLURB and _BLURB.match(t) is not None:
        return True
    if len(t) > _MAX_FURNITURE or "。" in t:
        return False
    return _FURNITURE.match(t) is not None


def part_of(heading_title: str) -> str:
    """The part a level-1 heading opens: measures, shortcomings, responsible, next_year or
    other_part."""
    for name, pattern in PART_HEADINGS:
        if pattern.search(heading_title):
            return name
    return "other_part"


def line_regions(doc) -> list[frozenset]:
    """The region names of each line of doc (index = line number - 1)."""
    n = len(doc.lines)
    tags: list[set] = [{"all"} for _ in range(n)]
    furniture = set(doc.furniture_lines)
    title = set(doc.title_lines)
    addressee = doc.addressee.number if doc.addressee is not None else None
    closing = set(doc.closing_lines)
    heading_lines = {h.line for h in doc.headings}
    first_part_line = None
    part_starts = []                           # (line, part) of each level-1 heading
    for h in doc.headings:
        if h.level == 1:
            part_starts.append((h.line, part_of(h.title)))
            if first_part_line is None:
                first_part_line = h.line
    # by position: without a heading that names the measures, the unnamed level-1 parts before
    # the shortcomings (or the next year's plans) are the measures ("一、强化组织领导，……")
    names = [p for _, p in part_starts]
    if "measures" not in names:
        follow = next((i for i, p in enumerate(names) if p in ("shortcomings", "next_year")), None)
        if follow is not None:
            part_starts = [(ln, "measures" if i < follow and p == "other_part" else p)
                           for i, (ln, p) in enumerate(part_starts)]
    known = getattr(getattr(doc, "source", None), "regions", None) or {}
    for no, name in known.items():          # regions the reader knows (table cells)
        if name in REGIONS and 1 <= no <= n:
            tags[no - 1].add(name)
    k, current = 0, None
    for i, ln in enumerate(doc.lines):
        no = ln.number
        while k < len(part_starts) and part_starts[k][0] <= no:
            current = part_starts[k][1]
            k += 1
        t = tags[i]
        if not ln.blank and no not in title and not CLAUSE_MARKS.search(ln.text):
            t.add("bare")
        if no in furniture:
            t.add("furniture")
            continue
        if no in title:
            t.add("title")
            continue
        if no == addressee:
            t.add("addressee")
            continue
        if no in closing:
            t.add("closing")
            continue
        t.add("body")
        if ln.blank:
            continue
        if current is None:
            t.add("preamble")
        else:
            t.add(current)
        if no in heading_lines:
            t.add("headings")
        else:
            t.add("prose")
    return [frozenset(t) for t in tags]
