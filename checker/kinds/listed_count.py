"""listed-count: a numbered phrase followed by its items in brackets, with the wrong number of
items: "法律五进（进机关、进企业、进乡村、进学校）" lists four, "法律五进(法律进机关、企业、单位、
乡村、学校)" lists five and is fine.

The bracket must follow the numbered phrase directly (`pattern`); items are split on
`separators`.  Lists with digits or with 等/其中 (incomplete or sub-counts) are not checked."""

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
}

_VALUES = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


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
            if len(items) == declared:
                continue
            s = para.start + m.start()
            yield rule.finding(s, para.start + m.end(), declared=num + (m.group("word") or ""),
                               n=cn_count(declared), count=cn_count(len(items)))
