"""listed-count: a numbered phrase followed by its items in brackets, with the wrong number of
items: "法律五进（进机关、进企业、进乡村、进学校）" lists four, "法律五进(法律进机关、企业、单位、
乡村、学校)" lists five and is fine.

The bracket must follow the numbered phrase directly (`pattern`); items are split on
`separators`.  Lists with digits or with 等/其中 (incomplete or sub-counts) are not checked, nor
a bracket that gives other names for the thing counted ("3个乡（镇、街道）": three townships,
whichever they are called; the word before the bracket and every item match `alternatives`)."""

from __future__ import annotations

import regex

from checker.model.chinese import cn_count
from checker.text.matching import finditer, search
from checker.ruleset.rule import Opt

KIND = "listed-count"
PLACEHOLDERS = frozenset({"count", "declared", "n"})   # {names} check() fills
OPTIONS = {
    "pattern": Opt("regex",
                   r"(?<![第一二三四五六七八九十\d])(?P<num>[两二三四五六七八九十]|[2-9]|1[0-9])"
                   r"(?P<word>\p{Han}{1,4}?)[”\"’]?[（(](?P<items>[^（）()\n]{3,160}?)[）)]",
                   groups=("num", "items"), help="带括号列举的写法（正则，命名组 num、items）"),
    "separators": Opt("str", "、", help="分隔各项的符号"),
    "skip_items": Opt("regex", r"\d|等|其中|包括|分别|以上", help="括号内匹配此正则时不检查"),
    "max_item_length": Opt("int", 12, help="每项最多几个字（更长的不是简单列举）"),
    "alternatives": Opt("regex", None,
                        help="括号前的词和括号内各项都是这类名称时，括号是同一事物的别称，不是列举"
                             "（如“3个乡（镇、街道）”）"),
}

_VALUES = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _alternatives(pattern, word: str, items) -> bool:
    """Are the word before the bracket (its end) and every item names of one kind?"""
    full = lambda t: (lambda m: m is not None and m.end() == len(t))(pattern.match(t))  # noqa: E731
    tail_ok = any(full(word[k:]) for k in range(len(word)))
    return tail_ok and all(full(i) for i in items)


def check(doc, rule):
    seps = regex.escape(rule["separators"])
    split = regex.compile(f"[{seps}]")
    for para in doc.paragraphs:
        for m in finditer(rule["pattern"], para.text):
            num = m.group("num")
            declared = int(num) if num.isdigit() else _VALUES.get(num)
            items_text = m.group("items")
            if declared is None or search(rule["skip_items"], items_text):
                continue
            items = [i.strip() for i in split.split(items_text) if i.strip()]
            if len(items) < 2 or any(len(i) > rule["max_item_length"] for i in items):
                continue
            if rule["alternatives"] is not None and _alternatives(rule["alternatives"],
                                                                  m.group("word") or "", items):
                continue
            if len(items) == declared:
                continue
            s = para.start + m.start()
            yield rule.finding(s, para.start + m.end(), declared=num + (m.group("word") or ""),
                               n=cn_count(declared), count=cn_count(len(items)))
