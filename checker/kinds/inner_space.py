"""inner-space: spaces inside a line between two kinds of characters.

`between` lists [left, right] character-class regexes; a run of `spaces` with a left character
before it and a right character after it on the same line is reported (e.g. two Han characters:
"合 法性", a PDF line wrap).  `fix: true` deletes the run.  Spaces at the start or end of a line
are never reported (indentation is not this kind's business).  Which lines are looked at is the
rule's common `scope` key: `scope: {not: [bare, title]}` leaves alone short lines that space
words on purpose (a list of names, a title "中共××镇委员会 ××镇人民政府").

`deliberate: true` also leaves alone the spaces people type on purpose between words (the chain
of Han words separated only by spaces around the hit decides):

  * letter-spacing: every word of the chain is one character ("索 引 号", "发 布 日 期");
  * a list: three or more words of 2–8 characters ("张建国 李卫东 王秀兰", "司法所 派出所 …");
  * the two halves of a title or slogan: two words of at least 4 characters each that fill a
    heading's title or a pair of quotes or 书名号 ("一、优化营商环境 护航高质量发展",
    "“优化营商环境 护航高质量发展”");
  * anything inside 书名号 (a document's title: 《中共中央 国务院关于……的意见》).

Whatever the options, a space inside 书名号 is never fixed automatically: a title is quoted as
it was issued, so the change is only offered (a suggestion)."""

from __future__ import annotations

import bisect

import regex as re

from checker.model.findings import Fix
from checker.text.matching import finditer
from checker.ruleset.rule import Opt

KIND = "inner-space"
PLACEHOLDERS = frozenset({"after", "before"})   # {names} check() fills
OPTIONS = {
    "between": Opt("list", help="[[左边字符的正则, 右边字符的正则], …]"),
    "spaces": Opt("str", " \t", help="算作空格的字符"),
    "fix": Opt("bool", False, help="自动删除这些空格"),
    "deliberate": Opt("bool", False, help="不报告有意留的空格：字距（索 引 号）、名单、标题或口号的两半、书名号内"),
}

_HAN = re.compile(r"\p{Han}")
_TITLE = re.compile(r"《[^《》\n]*》")
_OPEN, _CLOSE = "“‘《「『", "”’》」』"
_LIST_MIN, _LIST_WORD = 3, (2, 8)
_HALF_MIN = 4


def prepare(options):
    between = options["between"]
    if not between or not all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
                              for p in between):
        raise ValueError("between: 应为 [[左边字符的正则, 右边字符的正则], …]")
    if not options["spaces"] or "\n" in options["spaces"]:
        raise ValueError("spaces: 应为若干空格字符（不含换行）")
    space = "[" + re.escape(options["spaces"]) + "]+"
    alts = "|".join(f"(?<={left}){space}(?={right})" for left, right in between)
    try:
        options["_pattern"] = re.compile(alts)
    except re.error as err:
        raise ValueError(f"between: 正则无效（{err}）") from None


def _titles(doc, para) -> list[tuple[int, int]]:
    """(start, end) of each 《…》 of the paragraph, the marks included."""
    return [m.span() for m in _TITLE.finditer(doc.text, para.start, para.end)]


def _chain(text: str, s: int, e: int, lo: int, hi: int, spaces: str):
    """The Han words around the space run text[s:e] that are separated only by spaces:
    (words, chain start, chain end)."""
    def word_left(i):
        j = i
        while j > lo and _HAN.match(text[j - 1]):
            j -= 1
        return j

    def word_right(i):
        j = i
        while j < hi and _HAN.match(text[j]):
            j += 1
        return j

    words = []
    a = word_left(s)
    words.append(text[a:s])
    while True:            # walk left over "word␣"
        k = a
        while k > lo and text[k - 1] in spaces:
            k -= 1
        if k == a or k == lo or not _HAN.match(text[k - 1]):
            break
        a2 = word_left(k)
        words.insert(0, text[a2:k])
        a = a2
    b = word_right(e)
    words.append(text[e:b])
    while True:            # walk right over "␣word"
        k = b
        while k < hi and text[k] in spaces:
            k += 1
        if k == b or k == hi or not _HAN.match(text[k]):
            break
        b2 = word_right(k)
        words.append(text[k:b2])
        b = b2
    return words, a, b


def _inside(titles, s: int, e: int) -> bool:
    """Does a 《…》 of `titles` (sorted, not overlapping) hold text[s:e]?"""
    i = bisect.bisect_right(titles, (s, float("inf"))) - 1
    return i >= 0 and titles[i][0] < s and e < titles[i][1]


def _deliberate(doc, para, s, e, spaces, heading_titles, titles, memo) -> bool:
    if _inside(titles, s, e):
        return True
    if memo and memo[0] <= s and e <= memo[1]:
        return memo[2]              # the same chain as the previous hit: decided once
    verdict, a, b = _chain_verdict(doc, para, s, e, spaces, heading_titles)
    memo[:] = [a, b, verdict]
    return verdict


def _chain_verdict(doc, para, s, e, spaces, heading_titles):
    text = doc.text
    words, a, b = _chain(text, s, e, para.start, para.end, spaces)
    return _words_deliberate(doc, para, words, a, b, heading_titles), a, b


def _words_deliberate(doc, para, words, a, b, heading_titles) -> bool:
    text = doc.text
    if any(not w for w in words):
        return False
    if all(len(w) == 1 for w in words):
        return True
    if len(words) >= _LIST_MIN and all(_LIST_WORD[0] <= len(w) <= _LIST_WORD[1] for w in words):
        return True
    if len(words) == 2 and all(len(w) >= _HALF_MIN for w in words):
        quoted = (a > para.start and b < para.end and text[a - 1] in _OPEN
                  and text[b] == _CLOSE[_OPEN.index(text[a - 1])])
        if quoted:
            return True
        if heading_titles.get(para.number) == text[a:b]:
            return True
    return False


def check(doc, rule):
    deliberate = rule["deliberate"]
    spaces = rule["spaces"]
    heading_titles = {}
    if deliberate:
        for h in doc.headings:
            heading_titles[h.line] = h.title
    for para in doc.paragraphs:
        titles = None
        memo: list = []
        for m in finditer(rule["_pattern"], doc.text, para.start, para.end):
            s, e = m.span()
            if s == para.start or e == para.end:
                continue
            if titles is None:
                titles = _titles(doc, para)
            if deliberate and _deliberate(doc, para, s, e, spaces, heading_titles, titles, memo):
                continue
            in_title = _inside(titles, s, e)
            fix = Fix(s, e, "") if rule["fix"] and not in_title else None
            yield rule.finding(s, e, before=doc.text[max(para.start, s - 4):s],
                               after=doc.text[e:min(para.end, e + 4)],
                               fix=fix, suggestions=() if fix else (Fix(s, e, ""),))
