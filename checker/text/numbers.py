"""Quantities stated in Chinese government prose: "4余次", "近200人", "5万余份", "92%", "三个方面".

`extract(text)` finds every counted quantity (numeral + measure word, percentage, 倍, 万/亿
figure) and returns `Quantity` records with code-point offsets into the text passed in.
`counted_thing(text, q)` guesses the noun phrase a quantity counts ("调解纠纷39件" → "调解纠纷").

What is deliberately NOT a quantity:
- years, months, days, dates and date-named days (2024年, 1月2日, 3·15, 12·4): 年/月/日/号 are
  not measure words here, and numbers touching the 间隔号 are skipped;
- ordinals and list markers (第一, 第24条, 一是, 一、, （一）, 1., 10．): a measure word must follow
  the numeral, and anything after 第 is skipped;
- Chinese numerals inside ordinary words (一些, 一定, 进一步, 统一名称, 五位一体, 一户一档,
  一次性, 无一起): a Chinese numeral counts only when followed by a measure word, 倍 or %, and
  a few lexical guards remove words that happen to look like numeral + measure word;
- plan and congress names (八五普法, 十四五, 二十大, 十九届四中全会): no measure word follows,
  and digit strings such as 八五 are not valid numerals;
- document numbers (〔2019〕28号), phone/ID-like strings (9+ digits), version strings (1.2.3),
  digits glued to Latin letters (5G, V2);
- vague amounts with no value (数十, 上百, 几个, 一批, 十二三岁), and rates (每3个月).

Also handled: full-width digits (４５次), 两, 万/亿/千 after digits (5万, 1.2万), bare 百余/千余/万余,
approximation words before (近, 约, 超过, 逾 …), inside (余, 多, 来) and after (以上, 左右, 以下),
ranges (3-5次, 三至五次, 3～5万人, 80%—90%), 百分之九十, 百分之百, 倍, declared counts with 进
(法律五进 → unit "进").

Money in 万/亿 keeps the unit as written: "5万元" → value 5, unit "万元"; every other 万/亿 is
folded into the value: "5万余份" → value 50000, unit "份".

Pure functions, no I/O. cn2an (≈0.1 s to import) is imported lazily and only for multi-character
Chinese numerals such as 二十, 一百二十; single characters (一…九, 十, 两) are looked up directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Quantity", "extract", "counted_thing", "UNITS"]


@dataclass(frozen=True)
class Quantity:
    """A stated quantity; start and end are code-point offsets into the text given to extract()."""

    start: int  # span covers approx words + numeral + unit: "4余次", "近200人", "百分之九十"
    end: int
    text: str
    value: float  # 4, 200, 50000, 92.0 (percent values as written, not divided)
    numeral: str  # the numeral as written: "4", "二十", "5万"
    approx: str | None  # 余 多 来 近 约 以上 左右 超过 逾 …, or None; several join: "逾余"
    unit: str | None  # measure word ("次", "人次", "万元", "进", "倍"); "%" for percentages
    percent: bool
    chinese: bool  # numeral written with Chinese digits
    range_end: float | None  # "3-5次", "三至五次" → value 3, range_end 5


# --- vocabulary -----------------------------------------------------------------------------

#: Measure words accepted after a numeral, matched longest first. 年/月/日/号 are left out on
#: purpose (dates); 届/级/大/中/五 are left out so congress and plan names never match.
UNITS: tuple[str, ...] = tuple(
    sorted(
        """
        个百分点 百分点 平方米 人次 场次 批次 户次 件次 车次 架次 课时 学时 小时 分钟 个月 周年
        万元 亿元 公里 公顷
        次 场 件 份 名 个 项 户 人 家 元 篇 期 条 起 位 种 类 处 所 台 辆 套 本 册 张 幅 座
        轮 遍 宗 例 笔 卷 天 周 岁 米 亩 吨 支 组 堂 节 批 进 倍
        """.split(),
        key=len,
        reverse=True,
    )
)

#: General classifiers that precede the noun they count ("三个方面", "一项制度").
_NOUN_CLASSIFIERS = frozenset("个 项 种 类 名 位 支 家 所 座 套 本 篇 条 处 批 张 幅 台 辆 组".split())

#: Units that count events; the thing counted is usually named before the number
#: ("召开会议12次"), rarely after it ("开展了12次法治宣传活动").
_EVENT_UNITS = frozenset(
    "次 场 场次 批次 人次 户次 件次 车次 架次 轮 遍 期 堂 节 课时 学时 个月 天 周 小时 分钟 进".split()
)

#: What an approximation word says of the figure it qualifies — one definition for every rule
#: (the number rules' open_above / open_below / around / at_least / at_most defaults).
APPROX_ABOVE = ("余", "多", "来", "以上", "超过", "逾", "不少于", "不低于", "至少", "多达", "超")
APPROX_BELOW = ("近", "不足", "不到", "以下", "将近", "接近")
APPROX_AROUND = ("约", "左右", "大约", "约计")

# where each approximation word stands (the same words, by position; checked below)
_APPROX_BEFORE = ("将近", "接近", "大约", "约计", "超过", "不少于", "不低于", "不足", "不到",
                  "至少", "多达", "逾", "近", "约", "超")
_APPROX_INNER = "余多来"  # between numeral and unit: 4余次, 20多人, 十来次, 5万余份
_APPROX_AFTER = ("以上", "左右", "以下")  # after the unit: 5次以上, 99%以上
assert set(_APPROX_BEFORE) | set(_APPROX_INNER) | set(_APPROX_AFTER) == \
    set(APPROX_ABOVE) | set(APPROX_BELOW) | set(APPROX_AROUND)

# A character before 近/约/超 that turns it into an ordinary word (最近, 附近, 节约, 高超 …).
_NOT_APPROX_LEFT = {"近": set("最附邻临亲靠就将接"), "约": set("制签预节公条集契违履大"),
                    "超": set("高赶")}

# Characters before a Chinese 一 that make it part of a word (统一名称, 唯一, 逐一, 同一, 无一起).
_WORD_BEFORE_YI = set("统唯逐同单划之专如初合归择纯均整万进无这每")

# numeral + measure word + following text that is an idiom, not a count.
_IDIOMS = ("一次性", "一条龙", "一张网", "一张图", "一张蓝图", "一份力", "一件事", "一起",
           "一批", "一道", "一类人",
           "一次办")

# A single-character measure word that starts an ordinary word with the next character: after a
# Chinese numeral the pair is not a count ("三到位一处理", "统筹一项目" …).
_UNIT_WORDS = frozenset("""
    处理 处置 处罚 所有 所在 期间 期限 条例 条件 名单 名称 名额 人民 人员 人口 人才 人大 人事
    家庭 家长 项目 台账 本地 本级 本人 场所 场地 起来 起草 次要 类似 类型 张贴 支持 支部 组织
    节日 周边 份额 批准 批评 进行 进入 户籍 户口 种植 座谈 位置 笔录 例如 宗旨 元旦
""".split())

_CN_DIGITS = "零〇一二三四五六七八九两"
_CN_MAGNITUDES = "十百千万亿"
_CN_SIMPLE = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9, "十": 10}

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")

_SPACE = r"[ \t\u3000\u00a0]*"
_AR = r"[0-9０-９]+(?:,[0-9０-９]{3})*(?:[.．][0-9０-９]+)?"
_CN = rf"[{_CN_DIGITS}{_CN_MAGNITUDES}]+(?:点[{_CN_DIGITS}]+)?"

_NUMERAL_RE = re.compile(rf"(?P<pct>百分之{_SPACE})?(?:(?P<ar>{_AR})|(?P<cn>{_CN}))")
_AR_RE = re.compile(_AR)
_CN_RE = re.compile(_CN)
_MAGNITUDE_RE = re.compile(rf"{_SPACE}(?P<inner>[余多])?{_SPACE}(?P<mag>[万亿千])")
_RANGE_SEP_RE = re.compile(rf"{_SPACE}(?:[-~～—–－至到]|——){_SPACE}")
_PERCENT_RANGE_RE = re.compile(
    rf"{_SPACE}(?:[-~～—–－至到]|——){_SPACE}(?P<n>{_AR}){_SPACE}[%％]"
)
_INNER_APPROX_RE = re.compile(rf"{_SPACE}(?P<a>[{_APPROX_INNER}])")
_PERCENT_SIGN_RE = re.compile(rf"{_SPACE}[%％]")
_UNIT_RE = re.compile(_SPACE + "(?P<u>" + "|".join(map(re.escape, UNITS)) + ")")
# What may follow a Chinese numeral that counts something; checked before its value is computed,
# so that 二十大, 十九届 or 十四五 never cost a cn2an import.
_CN_NEXT_RE = re.compile(
    rf"{_SPACE}(?:[余多来]{_SPACE})?(?:[万亿]{_SPACE})?(?:[%％至到~～—–－-]|"
    + "|".join(map(re.escape, UNITS)) + ")"
)
_AFTER_RE = re.compile(_SPACE + "(?P<a>" + "|".join(map(re.escape, _APPROX_AFTER)) + ")")

_MAGNITUDE_VALUE = {"千": 1e3, "万": 1e4, "亿": 1e8}


# --- numeral values -------------------------------------------------------------------------


def _arabic_value(s: str) -> float:
    return float(s.translate(_FULLWIDTH).replace(",", ""))


@lru_cache(maxsize=1024)
def _chinese_value(s: str) -> float | None:
    """Value of a Chinese numeral, or None when it is not a well-formed numeral (八五, 十四五)."""
    if s in _CN_SIMPLE:
        return float(_CN_SIMPLE[s])
    if s[0] not in _CN_DIGITS and s[0] != "十":
        return None  # 千万, 百万, 万一: words, not numerals
    import cn2an  # noqa: PLC0415 — lazy: importing cn2an costs about 0.1 s

    try:
        value = cn2an.cn2an(s.replace("两", "二").replace("〇", "零"), "strict")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return float(value)


def _numeral_at(text: str, pos: int, chinese: bool) -> tuple[int, float] | None:
    """Match a numeral of the given script at `pos` (a range's second number): (end, value)."""
    m = (_CN_RE if chinese else _AR_RE).match(text, pos)
    if not m:
        return None
    value = _chinese_value(m.group()) if chinese else _arabic_value(m.group())
    return None if value is None else (m.end(), value)


# --- extraction -----------------------------------------------------------------------------


def _approx_before(text: str, start: int) -> tuple[int, str | None]:
    """An approximation word right before the numeral (spaces allowed): (new start, word)."""
    j = start
    while j > 0 and text[j - 1] in " \t\u3000\u00a0":
        j -= 1
    for word in _APPROX_BEFORE:
        k = j - len(word)
        if k >= 0 and text.startswith(word, k):
            blockers = _NOT_APPROX_LEFT.get(word)
            if blockers and k > 0 and text[k - 1] in blockers:
                return start, None
            return k, word
    return start, None


def _skip_left(text: str, start: int, chinese: bool) -> bool:
    """True when the context before the numeral marks an ordinal, a date or a word."""
    j = start
    while j > 0 and text[j - 1] in " \t\u3000\u00a0":
        j -= 1
    before = text[j - 1] if j > 0 else ""
    if before == "第":
        return True
    if not before:
        return False
    if before in "-~～—–－至到" and j > 1:
        k = j - 1
        while k > 0 and text[k - 1] in " \t\u3000\u00a0":
            k -= 1
        prev = text[k - 1] if k > 0 else ""
        if prev and (prev.translate(_FULLWIDTH).isdigit() or prev in _CN_DIGITS + "十"):
            return True  # the second half of a range rejected as a whole: 第3-5条, 2021-2025
    if before in "·•・〔[［" or (before.isascii() and before.isalnum()):
        return True
    if before in ".．" and j > 1 and text[j - 2].translate(_FULLWIDTH).isdigit():
        return True  # 1.2.3 version strings
    if chinese and text[start] == "一" and text[start - 1] in _WORD_BEFORE_YI:
        return True
    if chinese and text[start - 1] in "数几若上成":
        return True  # 数十, 几十, 上百: vague, no value
    if text[start - 1] == "每":
        return True  # 每一个, 每3个月: a rate, not a count
    return False


def _skip_arabic(digits: str, text: str, end: int) -> bool:
    plain = digits.translate(_FULLWIDTH)
    if plain.count(".") == 0 and len(plain.replace(",", "")) >= 9:
        return True  # phone, ID or serial number
    nxt = text[end] if end < len(text) else ""
    if nxt and (nxt in "·•・" or (nxt.isascii() and nxt.isalpha())):
        return True  # 3·15, 5G
    after = text[end + 1] if end + 1 < len(text) else ""
    if nxt and nxt in ".．" and after.translate(_FULLWIDTH).isdigit():
        return True  # version string
    return False


def extract(text: str) -> list[Quantity]:
    """Every counted quantity in `text`, in order of position. Spans never overlap."""
    out: list[Quantity] = []
    pos = 0
    while True:
        m = _NUMERAL_RE.search(text, pos)
        if not m:
            return out
        q = _quantity_at(text, m)
        if q is None:
            pos = m.end() if m.end() > m.start() else m.start() + 1
            # A Chinese run such as 统一一项 may hide a numeral later in the run; the run is
            # rejected as a whole, which is the conservative choice for prose.
            continue
        out.append(q)
        pos = q.end


def _quantity_at(text: str, m: re.Match[str]) -> Quantity | None:
    percent_words = m.group("pct") is not None
    chinese = m.group("cn") is not None
    num_start = m.start("cn") if chinese else m.start("ar")
    num_text = m.group("cn") if chinese else m.group("ar")
    end = m.end()

    if _skip_left(text, m.start(), chinese):
        return None

    approx: str | None = None
    magnitude: str | None = None  # 万/亿/千 written after the digits (or ending a Chinese numeral)
    if chinese:
        if not percent_words and not _CN_NEXT_RE.match(text, end):
            return None
        if num_text in ("百", "千", "万"):
            # a bare 百/千/万 counts only as 百余/千多/万余 (万余人); 千家万户, 顾胜万进驻 are words
            inner = _INNER_APPROX_RE.match(text, end)
            if percent_words or not inner or inner.group("a") == "来":
                value: float | None = 100.0 if percent_words and num_text == "百" else None
            else:
                value = {"百": 1e2, "千": 1e3, "万": 1e4}[num_text]
        else:
            value = _chinese_value(num_text)
        if value is None:
            return None
        if num_text[-1] in "万亿":
            magnitude = num_text[-1]
    else:
        if _skip_arabic(num_text, text, end):
            return None
        value = _arabic_value(num_text)
        mag = _MAGNITUDE_RE.match(text, end)
        if mag:
            approx = mag.group("inner")
            magnitude = mag.group("mag")
            value *= _MAGNITUDE_VALUE[magnitude]
            end = mag.end()
    numeral_end = end

    # a range: 3-5次, 三至五次, 3万-5万人, 3-5万人
    range_end: float | None = None
    sep = _RANGE_SEP_RE.match(text, end)
    if sep and not percent_words and approx is None:
        second = _numeral_at(text, sep.end(), chinese)
        if second is not None:
            second_end, second_value = second
            second_mag = None
            if not chinese:
                mag = _MAGNITUDE_RE.match(text, second_end)
                if mag and not mag.group("inner"):
                    second_mag = mag.group("mag")
                    second_value *= _MAGNITUDE_VALUE[second_mag]
                    second_end = mag.end()
            if _looks_like_range_unit(text, second_end):
                if second_mag and magnitude is None:
                    magnitude = second_mag
                    value *= _MAGNITUDE_VALUE[second_mag]
                range_end = second_value
                end = numeral_end = second_end

    if approx is None:
        inner = _INNER_APPROX_RE.match(text, end)
        if inner:
            approx = inner.group("a")
            end = inner.end()
            # 10余万元, 十多万人: the magnitude comes after the approximation word
            mag = _MAGNITUDE_RE.match(text, end)
            if mag and not mag.group("inner") and magnitude is None:
                magnitude = mag.group("mag")
                value *= _MAGNITUDE_VALUE[magnitude]
                end = mag.end()

    unit: str | None = None
    is_percent = percent_words
    if percent_words:
        unit = "%"
    else:
        sign = _PERCENT_SIGN_RE.match(text, end)
        if sign:
            unit, is_percent, end = "%", True, sign.end()
            second_pct = _PERCENT_RANGE_RE.match(text, end)
            if second_pct and range_end is None and approx is None and not chinese:
                range_end = _arabic_value(second_pct.group("n"))  # 80%—90%
                end = second_pct.end()
        else:
            um = _UNIT_RE.match(text, end)
            if um:
                unit, end = um.group("u"), um.end()

    numeral = text[num_start:numeral_end]
    if unit == "元" and magnitude in ("万", "亿"):
        # money keeps 万/亿 in its unit: 5万元 → 5 万元, 10余万元 → 10 万元
        factor = _MAGNITUDE_VALUE[magnitude]
        value /= factor
        if range_end is not None:
            range_end /= factor
        unit = magnitude + "元"
        numeral = numeral.rstrip(" \t\u3000万亿").rstrip(" \t\u3000余多")

    if unit is None:
        # no measure word: only an Arabic figure with 万/亿 counts (受益群众5万)
        if chinese or magnitude not in ("万", "亿"):
            return None
    elif not _unit_ok(text, num_start, unit, end, chinese):
        return None

    if unit is not None:
        after = _AFTER_RE.match(text, end)
        if after:
            approx = after.group("a") if approx is None else approx + after.group("a")
            end = after.end()

    start, before_word = _approx_before(text, m.start())
    if before_word:
        approx = before_word if approx is None else before_word + approx

    return Quantity(
        start=start,
        end=end,
        text=text[start:end],
        value=float(value),
        numeral=numeral,
        approx=approx,
        unit=unit,
        percent=is_percent,
        chinese=chinese,
        range_end=range_end,
    )


def _looks_like_range_unit(text: str, pos: int) -> bool:
    """A range needs a unit or % after it; 2021-2025 or 1-11月 are periods, not ranges."""
    inner = _INNER_APPROX_RE.match(text, pos)
    if inner:
        pos = inner.end()
    return bool(_PERCENT_SIGN_RE.match(text, pos) or _UNIT_RE.match(text, pos))


def _unit_ok(text: str, num_start: int, unit: str, end: int, chinese: bool) -> bool:
    """Reject numeral + measure word pairs that are words or idioms (五位一体, 一户一档, 一次性)."""
    nxt = text[end] if end < len(text) else ""
    if chinese and nxt and nxt in _CN_DIGITS + "双十多":
        return False  # 五位一体, 一户一档, 一人一策, 一人多岗
    if nxt and nxt == unit[-1] and len(unit) == 1:
        return False  # 一件件, 一次次
    if chinese and len(unit) == 1 and unit + nxt in _UNIT_WORDS:
        return False  # 一处理, 一项目
    if chinese:
        tail = text[num_start : end + 2]
        if any(tail.startswith(idiom) for idiom in _IDIOMS):
            return False
        if text[num_start] == "一" and "的" in text[end + 2 : end + 4]:
            return False  # 一个良好的环境, 一项长期的工作: 一 as an article
    if unit == "进" and nxt and nxt in "一步行驻入":
        return False  # 推进, 迈进一步: 进 as a verb
    return True


# --- the thing a quantity counts ------------------------------------------------------------

_CLAUSE_BREAK = set("，。；：！？、,;:!?\n\r（）()【】[]")
_QUOTES = "“”\"‘’'《》「」"

_LIGHT_VERBS = (
    "开展了", "开展", "组织", "举办", "举行", "召开", "发放", "印发", "受理", "办结", "办理",
    "接待", "解答", "作出", "做出", "参加", "参与", "培训", "聘用", "聘请", "配备", "张贴",
    "悬挂", "制作", "发布", "推送", "出动", "开设", "处理", "化解", "排查调处", "建成", "新建",
    "建立", "培育", "累计", "共计", "共有", "现有", "拥有",
    "共",
)
_LEADING_FILLERS = (
    "全年", "全镇", "全乡", "全县", "全区", "全市", "全村", "我镇", "我乡", "我县", "我区",
    "其中", "本年度", "年度内", "今年", "年内", "当年", "同时", "先后", "累计", "共计", "共有",
    "现有", "共", "已", "并", "还", "了", "力争", "各类", "各种", "各项",
)
_TRAILING_FILLERS = ("保持在", "控制在", "稳定在", "达到", "共计", "总计", "累计", "分别", "高达",
                     "多达", "达", "为", "计", "共", "有", "了", "已", "均", "都")
_AFTER_STOP = set("均都也已并和及等的")
_YEAR_PREFIX_RE = re.compile(r"^[0-9０-９]{4}\s*年度?(?:以来)?")


def counted_thing(text: str, q: Quantity) -> str | None:
    """The noun phrase `q` counts, from the same clause; None when nothing sensible is found.

    Heuristic, in this order:
    1. A nominal measure word followed directly by a noun counts that noun: "三个方面" → "方面",
       "6个村均有" → "村" (the phrase after the number stops at punctuation, a space, at most
       16 characters, or at 均/都/也/已/并/和/及/等/的).
    2. Otherwise the phrase before the number, from the start of the clause: leading subjects
       and time words (全年, 我镇, 2024年) and trailing 达到/为/共 are dropped, then everything up
       to the last light verb (开展, 组织, 举办, 发放, 受理, 办结, 处理, 化解, 共, 累计 …) is dropped:
       "全年共开展各类普法宣传活动30场次" → "普法宣传活动". 各类/各种/各项 and quotation marks
       are removed ("培育“法律明白人”160名" → "法律明白人").
       Percentages keep their verbs ("办结成功率达到92%" → "办结成功率").
    3. If nothing is left before the number ("开展了12次法治宣传上集市活动"), the phrase after it.
    4. If there is none either ("受理50件，办结60件"), the bare verb: "受理".
    """
    after = _phrase_after(text, q.end)
    nxt = text[q.end] if q.end < len(text) else ""
    if q.unit in _NOUN_CLASSIFIERS and after and nxt not in " \t":
        return after
    before, verb = _phrase_before(text, q.start, strip_verbs=not q.percent)
    return before or after or verb


def _phrase_after(text: str, pos: int) -> str | None:
    j = pos
    while j < len(text) and j - pos < 16:
        ch = text[j]
        if ch in _CLAUSE_BREAK or ch in _AFTER_STOP or ch in _QUOTES or ch.isspace():
            break
        if ch.isdigit():
            break
        j += 1
    phrase = text[pos:j]
    return phrase if phrase and _is_cjk(phrase[0]) else None


def _phrase_before(text: str, pos: int, strip_verbs: bool) -> tuple[str | None, str | None]:
    """(phrase before `pos` in its clause, the light verb that was all there was, if so)."""
    i = pos
    while i > 0 and text[i - 1] not in _CLAUSE_BREAK:
        i -= 1
    clause = re.sub(rf"[\s{_QUOTES}]+", "", text[i:pos])  # 培育“法律明白人”160名
    clause = _strip_leading(_strip_trailing(clause))
    if strip_verbs:
        if clause in _LIGHT_VERBS:
            return None, clause
        best: tuple[int, str] | None = None
        for verb in _LIGHT_VERBS:
            k = clause.rfind(verb)
            while k >= 0:
                rest = _strip_leading(clause[k + len(verb) :])
                if rest:
                    if best is None or k + len(verb) > best[0]:
                        best = (k + len(verb), rest)
                    break
                k = clause.rfind(verb, 0, k)
        if best is not None:
            clause = best[1]
    for word in ("各类", "各种", "各项"):
        clause = clause.replace(word, "")
    return (clause or None), None


def _strip_leading(s: str) -> str:
    changed = True
    while changed and s:
        changed = False
        m = _YEAR_PREFIX_RE.match(s)
        if m:
            s, changed = s[m.end() :], True
        for word in _LEADING_FILLERS:
            if s.startswith(word):
                s, changed = s[len(word) :], True
    return s


def _strip_trailing(s: str) -> str:
    changed = True
    while changed and s:
        changed = False
        for word in _TRAILING_FILLERS:
            if s.endswith(word) and len(s) > len(word):
                s, changed = s[: -len(word)], True
    return s


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
