"""Facts of written Chinese that every layer shares, each defined once: sentence and clause
punctuation, small numerals (一 … 九十九, 二〇二四), counts read aloud (两项), and the year and date
patterns of official documents.  (Quantities with 万/亿, 余/多/近/约 live in checker.text.numbers.)"""

from __future__ import annotations

import regex as re

SENTENCE_END = "。！？；!?;"          # a sentence ends after one of these (or at its paragraph's end)
CLAUSE_PUNCT = "。，；：！？,;:!?"     # a clause ends at one of these
CLAUSE_MARKS = re.compile(r"[，。、；：！？,;:!?]")   # a line holding one of these is prose, not a list

CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUM = "一二三四五六七八九十"


def cn_ordinal(s: str) -> int | None:
    """Value of a small Chinese numeral (一 … 九十九), or of Arabic digits."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    if not s or any(ch not in CN_NUM for ch in s):
        return None
    if "十" not in s:
        return CN_DIGITS[s] if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    if len(tens) > 1 or len(ones) > 1 or (tens + ones) and not all(
            ch in CN_DIGITS and ch not in "〇零○ＯO两" for ch in tens + ones):
        return None
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def cn_year(s: str) -> int | None:
    """2024 from "2024" or "二〇二四"."""
    if s.isdigit():
        return int(s)
    if len(s) == 4 and all(ch in CN_DIGITS for ch in s):
        return int("".join(str(CN_DIGITS[ch]) for ch in s))
    return None


def cn_numeral(n: int) -> str:
    """一 … 九十九 for 1 … 99 (the inverse of cn_ordinal)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + ("" if ones == 0 else digits[ones])


def cn_count(n: int) -> str:
    """A count as it is read aloud: 两 for 2, else 一 … 九十九, else digits (两项, 三项, 120项)."""
    return "两" if n == 2 else cn_numeral(n) if n < 100 else str(n)


YEAR = r"(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4}"   # a year written in digits or numerals
_DAY = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
YEAR_RE = re.compile(rf"({YEAR})[\s\u3000]*年")
DATE_RE = re.compile(
    rf"({YEAR})[\s\u3000]*年[\s\u3000]*"
    rf"({_DAY})[\s\u3000]*月[\s\u3000]*"
    rf"({_DAY})[\s\u3000]*日")
