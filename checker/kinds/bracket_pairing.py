"""bracket-pairing: brackets and 书名号 that open and close within one paragraph.

`pairs` maps each opening mark to its closing one; `aliases` folds other forms onto them (half-width
( ) count as （ ）, so "（一)" pairs up; writing them half-width is halfwidth-punct's business).
A closing mark that matches an opening mark further out closes it and leaves the inner ones
unclosed (“（…《…）” → 《 is unclosed); one that matches none while another is open is reported
once as a mismatch (“《…）”).  Heading markers (一）, (1) …) are the numbering rules'
business, and so is a bare list marker such as "1）" or "①）" at the start of a clause."""

from __future__ import annotations

import regex as re

from checker.model.findings import Related
from checker.text.matching import search
from checker.ruleset.rule import Opt
from checker.kinds._punct import by_paragraph, in_heading_marker, in_protected, positions

KIND = "bracket-pairing"
PLACEHOLDERS = frozenset({"found", "problem"})   # {names} check() fills
OPTIONS = {
    "pairs": Opt("map", {"（": "）", "《": "》", "〈": "〉", "【": "】", "〔": "〕"},
                 help="{开括号: 闭括号}"),
    "aliases": Opt("map", {"(": "（", ")": "）"}, help="{其他写法: pairs 中的括号}"),
}
_LIST_MARK = re.compile(r"(?m)(?:^|[\s，。；：、,;:])(?:\d{1,2}|[一二三四五六七八九十]{1,3}|[a-zA-Z])$")


def prepare(options):
    pairs = options["pairs"]
    if not all(isinstance(k, str) and isinstance(v, str) and len(k) == 1 and len(v) == 1
               for k, v in pairs.items()):
        raise ValueError("pairs: 每一项应为 单个开括号: 单个闭括号")
    marks = set(pairs) | set(pairs.values())
    for k, v in options["aliases"].items():
        if v not in marks:
            raise ValueError(f"aliases: {v} 不在 pairs 中")


def check(doc, rule):
    pairs = rule["pairs"]
    closing = {v: k for k, v in pairs.items()}
    aliases = rule["aliases"]
    text = doc.text
    chars = "".join(set(pairs) | set(closing) | set(aliases))
    for para, found in by_paragraph(doc, positions(doc, chars)):
        stack: list[tuple[int, str]] = []   # (offset, canonical opening mark)
        for i in found:
            raw = text[i]
            ch = aliases.get(raw, raw)
            if ch not in pairs and ch not in closing:
                continue
            if in_protected(doc, i) or in_heading_marker(doc, i):
                continue
            if ch in pairs:
                stack.append((i, ch))
                continue
            want = closing[ch]
            depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][1] == want), None)
            if depth is None and stack:
                j, op = stack.pop()
                yield rule.finding(i, i + 1, found=raw,
                                   problem=f"“{text[j]}”与“{raw}”不配对",
                                   related=[Related(f"与之不配对的“{text[j]}”", j, j + 1)])
                continue
            if depth is None:
                if search(_LIST_MARK, text, para.start, i):
                    continue
                yield rule.finding(i, i + 1, found=raw,
                                   problem=f"“{raw}”前面没有对应的“{want}”")
                continue
            for j, op in stack[depth + 1:]:
                yield rule.finding(j, j + 1, found=text[j],
                                   problem=f"“{text[j]}”后面没有对应的“{pairs[op]}”")
            del stack[depth:]
        for j, op in stack:
            yield rule.finding(j, j + 1, found=text[j],
                               problem=f"“{text[j]}”后面没有对应的“{pairs[op]}”")
