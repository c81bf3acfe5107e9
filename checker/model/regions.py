"""Regions of a report, defined once for every rule: which part of the document each line is.

Every line of a Document gets a set of region names (`Document.line_regions`); a rule's `scope:`
names the regions it looks at (checker.ruleset.context), and no kind defines them for itself.

    furniture    web-page or document-site debris copied along with the report: site navigation
                 (首页 > 政务公开 > …, 当前位置：…), metadata lines (索引号：…, 发布日期：…,
                 发布机构：…, 来源：…), 字体：【大 中 小】, 【打印】【关闭】, 扫一扫, 浏览次数 …
                 — never the title, never prose
    title        the report's title (one to three lines at the top)
    addressee    the 主送 line after the title (中共××县委、××县人民政府：)
    closing      the 落款 and 成文日期 lines at the end
    headings     heading lines (一、/（一）/1./（1） …)
    preamble     body lines before the first level-1 heading
    measures, shortcomings, responsible, next_year, other_part
                 the level-1 part a line belongs to (heading included), by its heading:
                 主要举措和成效 / 存在的不足和原因 / 第一责任人职责 / 下一年度安排 / any other
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
    ("measures", re.compile(r"举措|成效|做法|工作开展|开展情况|工作情况|主要工作|进展|成绩")),
)

# furniture: short lines of a web page or document site, copied with the report
_FURNITURE = re.compile(
    r"^\s*(?:"
    r"(?:索引号|发布日期|发文日期|成文日期|发布机构|发文机关|发布时间|信息来源|来源|文号|发文字号|"
    r"主题分类|公开方式|公开范围|公开时限|浏览次数|阅读次数|点击数|访问量|作者|责任编辑|编辑|分类)"
    r"\s*[:：]"
    r"|(?:首页|当前位置|您的位置|您现在的位置)\s*(?:[:：>＞»/]|$)"
    r"|.*(?:[>＞»]\s*\S+\s*){2,}$"
    r"|字体\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?\s*[【\[]?\s*小"
    r"|(?:[【\[]\s*(?:打印|关闭|关闭窗口|打印本页|收藏|返回顶部|分享|纠错|大|中|小|默认)\s*[】\]]\s*)+$"
    r"|(?:分享到|扫一扫|扫码|上一篇|下一篇|相关链接|相关文档|附件下载|网站地图|联系我们|版权所有|"
    r"主办单位|承办单位|网站标识码|ICP备|公网安备)"
    r")")
_MAX_FURNITURE = 80   # a furniture line is short; a longer one is prose


def is_furniture(text: str) -> bool:
    """A line of web-page debris (see the module doc)?"""
    t = text.strip()
    if not t or len(t) > _MAX_FURNITURE:
        return False
    if "。" in t:
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
