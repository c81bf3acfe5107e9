"""metric-conflict: the same figure stated twice in one draft with values that cannot both be true
("普法宣传活动30场次" in one part, "普法宣传活动20场次" in another).

A metric is the counted thing (checker.numbers.counted_thing) with its measure word; units listed
together in `unit_groups` count as one (场 / 场次).  Approximations widen a value (20余场 = 20 or
more), so only statements whose ranges cannot overlap are reported.  Figures in parts whose level-1
heading matches `skip_headings` (plans for next year) and in sentences matching `skip_context`
(同比, 去年, 其中 …) are not compared.

A metric is keyed on the thing counted, never on a shared verb: when all that stands before a
figure in its clause is a verb ("办结10件", "……，削减至120项"), the thing is taken from the clause
before it — the thing the paragraph's previous figure counts ("受理行政复议案件12件，办结10件" →
行政复议案件/办结), or that clause's words ("精简行政审批事项，削减至120项" → 精简行政审批事项/削减至);
with no clause before, the figure is not compared."""

from __future__ import annotations

import regex as re

from checker.model.chinese import CLAUSE_PUNCT
from checker.model.findings import Related
from checker.text.matching import search
from checker.ruleset.rule import Opt
from checker.text.numbers import APPROX_ABOVE, APPROX_BELOW, APPROX_AROUND
from checker.kinds._quantities import bounds, quantities, same_unit, top_section_title

KIND = "metric-conflict"
PLACEHOLDERS = frozenset({"found", "other", "other_line", "thing"})   # {names} check() fills
OPTIONS = {
    "unit_groups": Opt("strlists", [], help="视为同一计量的量词组，如 [[场, 场次]]"),
    "min_thing_length": Opt("int", 3, min=1, help="被计数的事物至少几个字才比较（太短的如“案件”含义不确定）"),
    "ignore_things": Opt("strs", [], help="不比较的事物名称"),
    "skip_headings": Opt("regexes", [], help="一级标题匹配这些正则的部分（如下一年度安排）不比较"),
    "skip_context": Opt("regexes", [], help="句子匹配这些正则（同比、去年、其中等）时不比较"),
    "open_above": Opt("strs", list(APPROX_ABOVE),
                      help="表示“不少于”的约数词"),
    "open_below": Opt("strs", list(APPROX_BELOW), help="表示“不超过”的约数词"),
    "around": Opt("strs", list(APPROX_AROUND), help="表示“大约”的约数词"),
    "around_share": Opt("number", 0.2, help="“约”允许的上下浮动比例"),
}


# a "thing" that is only a verb (with 至/到/为): what is counted is named elsewhere
_VERB_ONLY = re.compile(
    r"^(?:受理|办结|办理|审结|结案|处理|化解|调处|调解|调解成功|成功|答复|回复|处结|查处|立案|整改|"
    r"完成|通过|合格|削减|压减|压缩|缩减|缩短|精简|减少|增加|增至|提高|提升|降低|下降|上升|达到|控制|"
    r"取消|下放|调整|保留|清理|废止|修改|新增|累计|共计|共)(?:至|到|为|了)?$")


_REACH = 40    # how far back a clause is read (a longer run is no "verb and figure" clause)


def _metric(doc, s, previous) -> str | None:
    """The key of a figure's metric: its thing, or for a bare verb the thing it acts on."""
    thing = s.thing
    if thing is None or not _VERB_ONLY.match(thing):
        return thing
    text = s.para_text
    i = s.q.start
    lo = max(0, i - _REACH)
    while i > lo and text[i - 1] not in CLAUSE_PUNCT:
        i -= 1
    if i == 0 or text[i - 1] not in "，、；,;":
        return None                            # the verb opens the sentence: thing unknown
    prev = previous.get(s.para_start)
    if prev is not None and prev.q.end <= i and prev.thing and not _VERB_ONLY.match(prev.thing):
        return f"{prev.thing}/{thing}"
    j = i - 1
    lo = max(0, j - _REACH)
    while j > lo and text[j - 1] not in CLAUSE_PUNCT:
        j -= 1
    before = re.sub(r"[\s\d０-９]+", "", text[j:i - 1])
    return f"{before}/{thing}" if before else None


def _usable(doc, rule, s, metric) -> bool:
    if s.q.unit is None or len(metric.replace("/", "")) < rule["min_thing_length"]:
        return False
    if s.thing in rule["ignore_things"] or metric in rule["ignore_things"]:
        return False
    if rule["skip_headings"]:
        title = top_section_title(doc, s.start)
        if title and any(search(p, title) for p in rule["skip_headings"]):
            return False
    memo = doc.cache.setdefault(("metric-conflict.skip", id(rule["skip_context"])), {})
    skip = memo.get(s.sentence)
    if skip is None:             # asked once per sentence, not once per figure in it
        sentence = doc.sentences[s.sentence].text
        skip = memo[s.sentence] = any(search(p, sentence) for p in rule["skip_context"])
    return not skip


def _show(s, thing) -> str:
    return f"{thing}{s.q.text.strip()}"


def check(doc, rule):
    seen: dict[str, list] = {}
    kept: set = set()    # (key, percent, unit, low, high) already in seen[key]
    reported = set()
    interval = (rule["open_above"], rule["open_below"], rule["around"], rule["around_share"])
    previous: dict[int, object] = {}   # paragraph start -> the last figure seen in it
    for s in quantities(doc):
        metric = _metric(doc, s, previous)
        if not (s.thing and _VERB_ONLY.match(s.thing)):
            previous[s.para_start] = s
        if metric is None or not _usable(doc, rule, s, metric):
            continue
        key = metric + ("%" if s.q.percent else "")
        low, high = bounds(s.q, *interval)
        for prev, (plow, phigh) in seen.get(key, []):
            if prev.q.percent != s.q.percent or not same_unit(prev.q.unit, s.q.unit, rule["unit_groups"]):
                continue
            if low <= phigh and plow <= high:
                continue  # the two statements can both be true
            if (key, s.start) in reported:
                break
            reported.add((key, s.start))
            line = doc.position(prev.start)[0]
            thing = metric.replace("/", "")
            yield rule.finding(s.start, s.end, thing=thing, found=s.q.text.strip(),
                               other=prev.q.text.strip(), other_line=line,
                               related=[Related(f"另一处写的是“{_show(prev, thing)}”", prev.start, prev.end)])
            break
        # a later statement equal in all that the test above reads can never be the first
        # to conflict (the earlier one always is): keeping only the first of them keeps a
        # draft that repeats one figure a thousand times linear
        sig = (key, s.q.percent, s.q.unit, low, high)
        if sig not in kept:
            kept.add(sig)
            seen.setdefault(key, []).append((s, (low, high)))
