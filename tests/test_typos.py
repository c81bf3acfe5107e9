"""Typo rules (FZ701 doubled word, FZ702 doubled character, FZ703 confusion pairs): what the
seeds really contain, legitimate reduplication and look-alike contexts that must pass, and
fixes that, applied, leave nothing to report."""

from __future__ import annotations

import pytest

from tests.util import check_text, seed_text

TYPO_SEEDS = {
    # seed: [(rule, line, text found, replacement or None)]
    "000": [],
    "001": [("FZ703", 9, "审批机关", "审判机关")],
    "002": [("FZ702", 11, "奖奖", None), ("FZ702", 16, "奖奖", None)],
    "003": [("FZ703", 14, "情势", "形式"), ("FZ703", 14, "情势", "形式"),
            ("FZ703", 14, "相同一", "相统一"), ("FZ703", 26, "进一度", "进一步")],
    "004": [("FZ701", 9, "政府政府", "政府"), ("FZ701", 9, "政府政府", "政府")],
}


def typo_hits(text, select=("typo",), year=None):
    res = check_text(text, select=list(select), year=year)
    return [(f.rule, res.doc.position(f.start)[0], res.doc.text[f.start:f.end],
             f.fix.replacement if f.fix else None) for f in res.findings]


def apply_fixes(text, findings):
    """Apply non-overlapping fixes from the end (what a --fix writer does)."""
    out, last = text, len(text) + 1
    for f in sorted((f for f in findings if f.fix), key=lambda f: f.fix.start, reverse=True):
        if f.fix.end <= last:
            out = out[:f.fix.start] + f.fix.replacement + out[f.fix.end:]
            last = f.fix.start
    return out


@pytest.mark.parametrize("seed", sorted(TYPO_SEEDS))
def test_seed_typos_exactly(seed):
    assert typo_hits(seed_text(seed)) == TYPO_SEEDS[seed]


def test_doubled_word_is_an_error_and_the_character_a_warning():
    res = check_text(seed_text("004") + seed_text("002"), select=["typo"])
    assert {(f.rule, f.severity) for f in res.findings} == {("FZ701", "error"), ("FZ702", "warning")}


@pytest.mark.parametrize("seed", ["003", "004", "001"])
def test_applied_fixes_leave_no_fixable_typo(seed):
    text = seed_text(seed)
    res = check_text(text, select=["typo"])
    fixed = apply_fixes(text, res.findings)
    assert fixed != text
    again = check_text(fixed, select=["typo"]).findings
    assert [f for f in again if f.fix] == []
    assert len(fixed.splitlines()) == len(text.splitlines())


# --- doubled words and characters ----------------------------------------------------------

@pytest.mark.parametrize("text, expect", [
    ("四是受党委政府政府委托。", [("FZ701", "政府政府", "政府")]),
    ("推进法治政府法治政府建设。", [("FZ701", "法治政府法治政府", "法治政府")]),
    ("推进政政府职能转变。", [("FZ702", "政政", "政")]),
    ("不不断提高依法行政水平。", [("FZ702", "不不", "不")]),
    ("我们们要高高度重视。", [("FZ702", "们们", "们"), ("FZ702", "高高", "高")]),
    ("荣获市级普法一等奖奖项。", [("FZ702", "奖奖", None)]),
])
def test_doubles_reported(text, expect):
    assert [(r, t, fx) for r, _, t, fx in typo_hits(text, ["FZ701", "FZ702"])] == expect


@pytest.mark.parametrize("text", [
    "干部常常下村看看，做到人人知晓、家家户户参与、件件有落实、事事有回音。",
    "层层压实责任，认认真真、扎扎实实做好方方面面的工作，切切实实为民办事。",
    "深入学习习近平法治思想，全面推行行政执法三项制度。",
    "领导小组组长、司法所所长参加委员会会议，改进工作作风，发展人民民主，维护宪法法律权威。",
    "关键是是否落实到位；要有有效措施。",
    "一步一步推进，深入开展“五五”普法回顾，一一对应整改，研究研究再定。",
    "年年开展评比，岁岁有新变化。",
    "村民张某某与李某某达成调解协议。",
    "马楼乡乡长、大李村村民、杂色镇镇党委、区区委书记、市市场监管局、执法大队队长参加。",
])
def test_legitimate_reduplication_passes(text):
    assert typo_hits(text, ["FZ701", "FZ702"]) == []


def test_doubles_across_lines_or_sentences_are_not_doubles():
    assert typo_hits("加强党委政府\n政府职能转变。", ["FZ701"]) == []
    assert typo_hits("加强党委政府。政府职能转变。", ["FZ701"]) == []


def test_stray_space_between_copies_is_still_a_double():
    (hit,) = typo_hits("受党委政府 政府委托。", ["FZ701"])
    assert hit[2] == "政府 政府" and hit[3] == "政府"


# --- confusion pairs -----------------------------------------------------------------------

@pytest.mark.parametrize("text, found, use", [
    ("进一度加大规范性文件备案审查力度。", "进一度", "进一步"),
    ("通过召开座谈会、听证会等情势听取意见。", "情势", "形式"),
    ("明确责任追究的程序、范围、情势。", "情势", "形式"),
    ("实现决策权和决策责任相同一，", "相同一", "相统一"),
    ("支持监察机关、审批机关、检察机关依法履职。", "审批机关", "审判机关"),
    ("充分发挥人民调节委员会作用。", "调节", "调解"),
    ("截止2024年底，共审查规范性文件8件。", "截止", "截至"),
    ("加强规范化文件备案审查。", "规范化文件", "规范性文件"),
    ("开展以案示法活动。", "以案示法", "以案释法"),
    ("深入学习贯彻习近平法制思想。", "法制思想", "法治思想"),
    ("坚持和发展新时代峰桥经验。", "峰桥经验", "枫桥经验"),
    ("我们要再接再励。", "再接再励", "再接再厉"),
])
def test_confusions_reported_with_fix(text, found, use):
    assert typo_hits(text, ["FZ703"]) == [("FZ703", 1, found, use)]


@pytest.mark.parametrize("text", [
    "进一步加大规范性文件备案审查力度，工作推进一度停滞后又恢复。",
    "通过召开座谈会等形式听取意见；合同履行中出现情势变更；分析国际情势。",
    "实现决策权和决策责任相统一；两地标准相同一致推进。",
    "申请人向审批机关提交材料；支持监察机关、审判机关、检察机关依法履职。",
    "运用税收调节收入分配；充分发挥人民调解委员会作用。",
    "申报截止日期为3月1日；截至2024年底共审查8件。",
    "规范性文件备案审查；推进执法规范化建设。",
    "开展以案释法；学习习近平法治思想；开展集中学法制度建设；坚持“枫桥经验”。",
])
def test_correct_text_passes_confusions(text):
    assert typo_hits(text, ["FZ703"]) == []


def test_diff_of_the_fix_writer_applies_the_typo_fixes_of_seed_003():
    from tests.util import run_cli, seed_path
    proc = run_cli("check", "--no-config", "--select", "typo", "--diff", seed_path("003"))
    added = [ln for ln in proc.stdout.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    removed = [ln for ln in proc.stdout.splitlines() if ln.startswith("-") and not ln.startswith("---")]
    assert len(added) == len(removed) == 2   # lines 14 and 26
    assert "等形式" in added[0] and "范围、形式" in added[0] and "相统一" in added[0]
    assert "进一步加大" in added[1] and "进一度" not in added[1]


# --- every word-list entry's own examples (rules/typos.yaml: bad / good) ---------------------

def _entry_cases():
    from checker.engine.packs import load
    rules = load().rules
    cases = []
    for rid in sorted(rules):
        rule = rules[rid]
        if rule.pack != "typos" or rule.kind != "confusable":
            continue
        for i, entry in enumerate(rule["entries"], 1):
            cases.append(pytest.param(rid, entry, id=f"{rid}-{i:03d}-{entry.pattern.pattern[:16]}"))
    return cases


ENTRY_CASES = _entry_cases()


@pytest.fixture(scope="module")
def runner():
    from checker.app.runner import Options, Runner
    return lambda rid: Runner(Options(select=[rid], use_config=False))


def _run(runner_for, rid, text):
    return runner_for(rid).check_text(text, "draft.txt")


def test_the_word_lists_are_long_and_every_entry_has_examples():
    per_rule = {}
    for p in ENTRY_CASES:
        rid, entry = p.values
        per_rule[rid] = per_rule.get(rid, 0) + 1
        assert entry.extra.get("bad") and entry.extra.get("good"), entry.pattern.pattern
    assert per_rule.get("FZ703", 0) >= 300


@pytest.mark.parametrize("rid, entry", ENTRY_CASES)
def test_entry_reports_its_bad_example_and_fixes_it(runner, rid, entry):
    from checker.kinds import _entries
    for bad in entry.extra["bad"]:
        res = _run(runner, rid, bad + "\n")
        spans = {(s, e) for s, e, _ in _entries.matches(res.doc, entry)}
        assert spans, f"{entry.pattern.pattern} does not match its own example {bad!r}"
        hits = [f for f in res.findings if (f.start, f.end) in spans]
        assert hits, f"{rid} does not report {bad!r} (another entry or an exception took it)"
        for f in hits:                       # the first suggestion is the entry's first `use`
            edit = f.fix or f.suggestions[0]
            assert res.doc.text[edit.start:edit.end] != edit.replacement
        fixed = apply_fixes(bad + "\n", [f if f.fix else _as_fix(f) for f in hits])
        assert _run(runner, rid, fixed).findings == [], f"{fixed!r} still reported"


def _as_fix(finding):
    import dataclasses
    return dataclasses.replace(finding, fix=finding.suggestions[0])


@pytest.mark.parametrize("rid, entry", ENTRY_CASES)
def test_entry_near_miss_is_silent(runner, rid, entry):
    for good in entry.extra["good"]:
        res = _run(runner, rid, good + "\n")
        found = [res.doc.text[f.start:f.end] for f in res.findings]
        assert found == [], f"{rid} reports {found} in the near miss {good!r}"


# --- confusable: the characters an entry's matches must contain ------------------------------

@pytest.mark.parametrize("pattern, needed", [
    ("布署", "布署"),
    ("(?<=人民)调节(?=委员会|员)", "人民调节员"),          # lookarounds count; both branches have 员
    ("进一度(?=[加提])", "进一度"),                          # a class: none of its characters
    ("峰桥经验|枫桥精验", "桥验"),                           # what both branches share
    ("做为(?![民])", "做为"),                                # a negative lookahead: nothing
    ("显(?:著)?着", "显着"),                                 # an optional part: nothing
    ("(更好|积极)得(?=学习)", "得学习"),
    (r"a\p{Han}b", ""),                                      # regex-only syntax: always searched
])
def test_required_chars(pattern, needed):
    from checker.kinds.confusable import required_chars
    assert required_chars(pattern) == frozenset(needed)


def test_an_entry_whose_characters_are_absent_is_not_searched_but_one_present_is(tmp_path):
    pack = tmp_path / "p.yaml"
    pack.write_text("""pack: p
rules:
  - id: XC701
    kind: confusable
    category: typo
    severity: warning
    message: "“{found}”应为“{use}”"
    entries:
      - {pattern: '(?<=全)复盖', use: 覆盖, bad: 实现全复盖。, good: 实现全覆盖。}
      - {pattern: '台帐(?!篷)', use: 台账, bad: 建立台帐。, good: 建立台账。}
""", encoding="utf-8")
    res = check_text("实现法律顾问全复盖，建立工作台帐。\n", select=["XC701"], rules=[str(pack)])
    assert [(res.doc.text[f.start:f.end], f.fix.replacement) for f in res.findings] == [
        ("复盖", "覆盖"), ("台帐", "台账")]
    assert check_text("复核台账。\n", select=["XC701"], rules=[str(pack)]).findings == []


# --- FZ704 的/地/得 -------------------------------------------------------------------------

@pytest.mark.parametrize("text, found, use", [
    ("督促各单位切实得履行法治建设职责。", "切实得", "切实地"),
    ("持续得深化“放管服”改革。", "持续得", "持续地"),
    ("司法所妥善的处理了一起土地纠纷。", "妥善的", "妥善地"),
    ("行政复议工作抓的很扎实。", "抓的", "抓得"),
    ("法律援助工作推进的不够到位。", "推进的", "推进得"),
])
def test_de_di_de_reported_with_fix(text, found, use):
    assert typo_hits(text, ["FZ704"]) == [("FZ704", 1, found, use)]


@pytest.mark.parametrize("text", [
    "群众诉求持续得到回应，矛盾纠纷及时得以化解。",        # 得到、得以 are verbs
    "在上级部门有力的推动下，我们妥善的处理方式获得认可。",   # 的 before a noun phrase
    "抓的是落实，做的是实事。",                           # 的 + 是: not a complement
    "行政复议工作抓得很扎实，推进得有声有色。",
    "把工作做得更好，认真地履行职责。",
])
def test_de_di_de_near_misses_pass(text):
    assert typo_hits(text, ["FZ704"]) == []


# --- FZ705 traditional characters ------------------------------------------------------------

TITLE = "青山镇人民政府关于2024年度法治政府建设情况的报告\n"


def test_traditional_characters_once_per_paragraph_with_a_suggestion():
    text = TITLE + "　　全年辦理法律援助案件46件，挽回經濟損失120萬元。\n　　调解纠纷52起，調解成功率96%。\n"
    res = check_text(text, select=["FZ705"])
    got = [(res.doc.position(f.start)[0], res.doc.text[f.start:f.end], f.suggestions[0].replacement,
            f.fix) for f in res.findings]
    assert got == [(2, "辦理法律援助案件46件，挽回經濟損失120萬", "办理法律援助案件46件，挽回经济损失120万", None),
                   (3, "調", "调", None)]
    assert "辦→办" in res.findings[0].message and "（5处）" in res.findings[0].message


def test_valid_simplified_characters_that_look_traditional_pass():
    text = TITLE + "　　修缮乾隆年间的古桥和瞭望台，宫商角徵羽民乐队参加演出，於某某调解员获表彰。\n"
    assert check_text(text, select=["FZ705"]).findings == []


def test_a_draft_written_in_traditional_characters_is_not_reported():
    text = ("青山鎮人民政府關於2024年度法治政府建設情況的報告\n"
            "　　全年辦理法律援助案件46件，挽回經濟損失120萬元，調解糾紛52起。\n")
    assert check_text(text, select=["FZ705"]).findings == []


def test_allow_keeps_the_characters_a_county_lists(tmp_path):
    pack = tmp_path / "p.yaml"
    pack.write_text("""pack: p
rules:
  - id: XC705
    kind: traditional-chars
    category: typo
    severity: info
    message: "繁体字：{chars}"
    allow: 鍾
""", encoding="utf-8")
    text = TITLE + "　　邀请鍾某某律师开展讲座，發放资料。\n"
    res = check_text(text, select=["XC705"], rules=[str(pack)])
    assert [res.doc.text[f.start:f.end] for f in res.findings] == ["發"]


def _table_imported_after_checking(text: str) -> bool:
    import subprocess
    import sys as _sys
    code = ("import sys; from tests.util import check_text; "
            f"check_text({text!r}, select=['FZ705']); "
            "print('checker.kinds._tradchars' in sys.modules)")
    out = subprocess.run([_sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=str(__import__("tests.util").util.ROOT))
    return out.stdout.strip() == "True"


def test_the_traditional_table_is_loaded_only_for_a_draft_that_may_need_it():
    # a draft in GB2312's characters (most simplified drafts) cannot hold one but 8 of them
    assert not _table_imported_after_checking(seed_text("003"))
    assert _table_imported_after_checking(TITLE + "　　發放资料。\n")
    assert _table_imported_after_checking(TITLE + "　　此後继续。\n")     # 後 is in GB2312


def test_the_gb2312_shortcut_knows_every_gb2312_character_of_the_table():
    from checker.kinds._tradchars import TRAD
    from checker.kinds.traditional_chars import _IN_GB2312
    in_gb = {c for c in TRAD if c.encode("gb2312", errors="ignore")}
    assert in_gb == _IN_GB2312
