"""doubled-word: a word or character typed twice (党委政府政府, 政政府, 一等奖奖项), told
apart from legitimate reduplication (常常, 人人, 件件, 认认真真, 一步一步).

A doubled unit of ``min_chars``–``max_chars`` Han characters is found within one sentence
(on the normalized copy, so a stray space between the copies does not hide it).  Doubles that
lie inside a match of the rule's ``unless: {containing: …}`` patterns (applied by the
engine), or are made only of ``skip_chars`` (numerals:
五五普法, 一一对应), are legitimate.

With ``segment: true`` (meant for single characters) the sentence is cut into words (jieba,
loaded on first use) and a double is reported only when it is plainly a slip of the keyboard:
- one copy is left over as a one-character word while the other belongs to a longer word
  (政|政府, 我们|们, 不|不断) — unless that character often stands alone (``orphan_ok``: 的);
- or the second word is one of ``overlap_words`` after a word ending in the same character
  (一等奖|奖项: the award is named twice).
A double that is one word (常常, 层层), two one-character words (件|件), two words that merely
share a character (学习|习近平, 工作|作风, 小组|组长) or an AABB form (认认真真) is not reported.

Fix: one copy removed, when ``fix`` is true and the correction is unambiguous (not for
``overlap_words``, where 一等奖奖项 may be meant as 一等奖 or 一等奖项).
Placeholders: {found} (the doubled text), {word} (the unit typed twice), {context} (the words
around it).
"""

from __future__ import annotations

import bisect

import regex

from checker.model.findings import Fix
from checker.ruleset.rule import Opt
from checker.kinds import _entries

KIND = "doubled-word"
PLACEHOLDERS = frozenset({"context", "found", "word"})   # {names} check() fills
OPTIONS = {
    "min_chars": Opt("int", 2, help="重复单位最少几个汉字"),
    "max_chars": Opt("int", 8, help="重复单位最多几个汉字"),
    "skip_chars": Opt("str", "一二三四五六七八九十百千万亿〇零两", help="只由这些字组成的重复不检查（数字）"),
    "segment": Opt("bool", False, help="用分词判断是否为误输入（用于单字重复）"),
    "orphan_ok": Opt("strs", ["的", "了"], help="单独成词很常见、不据此判断的字"),
    "overlap_words": Opt("strs", [], help="紧跟在以同一字结尾的词后面时为重复录入的词（一等奖|奖项）"),
    "fix": Opt("bool", True, help="明确时给出删去一份的自动修正"),
}


MATCH_ON = ("normalized",)   # a stray space between the copies does not hide them


def prepare(options):
    lo, hi = options["min_chars"], options["max_chars"]
    if not 1 <= lo <= hi <= 20:
        raise ValueError("min_chars: 应满足 1 ≤ min_chars ≤ max_chars ≤ 20")
    options["_entry"] = _entries.Entry(
        pattern=regex.compile(rf"(\p{{Han}}{{{lo},{hi}}})\1"))
    options["_skip"] = frozenset(options["skip_chars"])


def check(doc, rule):
    skip = rule["_skip"]
    for start, end, m in _entries.matches(doc, rule["_entry"]):
        found = m.group()
        word = found[: len(found) // 2]
        if all(ch in skip for ch in word):
            continue
        if not rule["segment"]:
            fix = Fix(start, end, word) if rule["fix"] else None
            yield rule.finding(start, end, fix=fix, found=found, word=word, context=found)
            continue
        if rule.unless and rule.unless.silences(doc, start, end, normalized=True):
            continue      # the engine drops it anyway; spare the segmenter the work
        verdict = _judge(doc, rule, start, end, word)
        if verdict is not None:
            context, fixable = verdict
            edit = Fix(start, end, word)
            fix = edit if rule["fix"] and fixable else None
            yield rule.finding(start, end, fix=fix, suggestions=() if fix else (edit,),
                               found=found, word=word, context=context)


def _aabb(text: str, s: int, e: int) -> bool:
    """XX is half of an AABB form (认认真真, 切切实实)."""
    after = text[e:e + 2]
    before = text[max(0, s - 2):s]
    return (len(after) == 2 and after[0] == after[1] and after[0] != text[s]) or (
        len(before) == 2 and before[0] == before[1] and before[0] != text[s])


def _tokens(doc, line):
    key = ("doubled-word.tokens", line.number)
    if key not in doc.cache:
        from checker.text import segment
        toks = segment.words(line.text)
        doc.cache[key] = ([t[1] for t in toks], toks)
    return doc.cache[key]


def _judge(doc, rule, start: int, end: int, word: str):
    """(context, fixable) when a one-character double is a slip, else None."""
    text = doc.text
    if end - start != 2 * len(word) or _aabb(text, start, end):
        return None  # copies split by a space, or AABB reduplication
    line = doc.line_at(start)
    starts, toks = _tokens(doc, line)
    s = start - line.start
    i1 = bisect.bisect_right(starts, s) - 1
    i2 = bisect.bisect_right(starts, s + len(word)) - 1
    if i1 == i2:
        return None  # one word: 常常, 层层
    w1, b1, e1 = toks[i1]
    w2, b2, e2 = toks[i2]
    if e1 != s + len(word) or b2 != s + len(word):
        return None
    context = w1 + w2
    if len(w1) == 1 and len(w2) == 1:
        return None  # 件|件: a reduplicated measure word
    if len(w1) == 1 and w1 not in rule["orphan_ok"]:
        return context, True  # 政|政府
    if len(w2) == 1 and w2 not in rule["orphan_ok"]:
        return context, True  # 我们|们
    if len(w1) > 1 and len(w2) > 1 and w2 in rule["overlap_words"]:
        return context, False  # 一等奖|奖项
    return None
