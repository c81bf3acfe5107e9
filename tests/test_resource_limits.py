"""Inputs within the default size limit that used to take minutes, or to fail a valid draft:
repeated sentences (duplicate detection was quadratic in them), one character repeated
20,000 times and very long drafts (the regex time limit counted a rule's own work), and the
loops that grew with the square of a long draft.

Behaviour only: the time and memory these inputs take are measured in bench/worst_cases.py
(figures in bench/RESULTS.md), never asserted here; a generous subprocess timeout makes a
hang fail a test instead of stalling the suite."""

from __future__ import annotations

import json
import random
import sys
import time

import pytest
import regex
import yaml

from checker.engine import packs
from checker.model.document import Document, Normalized
from checker.text import matching
from util import ROOT, check_text, run_cli, seed_text

sys.path.insert(0, str(ROOT / "bench"))
from make_drafts import draft_text, load_seeds  # noqa: E402

SENTENCE = "镇司法所组织开展送法下乡活动，发放宣传资料，接受群众法律咨询。"
TITLE = "青石镇2024年度法治政府建设情况报告\n"


def _findings(proc) -> list[dict]:
    return json.loads(proc.stdout)["files"][0]["findings"]


# --- duplicate detection: linear in repeated sentences -----------------------------------------

def test_sixty_thousand_identical_lines_are_each_reported_once_against_the_first(tmp_path):
    # the set of sentences already covered by a passage was built by testing every sentence
    # against every passage: 40,000 lines took 220 s, 60,000 about 8 minutes (now ≈ 10 s)
    path = tmp_path / "repeated.txt"
    path.write_text((SENTENCE + "\n") * 60000, encoding="utf-8")
    proc = run_cli("check", "--no-config", "--format", "json", "--select", "FZ301", "--max-text", "8", path,
                   timeout=180)
    assert proc.returncode == 1, proc.stderr
    found = _findings(proc)
    assert len(found) == 59999
    assert all(f["rule"] == "FZ301" and f["line"] == i + 2 and f["related"][0]["line"] == 1
               for i, f in enumerate(found))


def test_repeated_lines_after_a_report_still_leave_its_own_passages_alone():
    text = seed_text("002")
    once = [(f.rule, f.start, f.end) for f in check_text(text, select=["FZ301"]).findings]
    pasted = text + "\n" + (SENTENCE + "\n") * 3000
    res = check_text(pasted, select=["FZ301"])
    n = len(text) + 1
    assert [(f.rule, f.start, f.end) for f in res.findings if f.start < n] == once
    later = [f for f in res.findings if f.start >= n]
    assert len(later) == 2999
    assert all(f.related[0].start == n for f in later)


# --- the regex time limit: the pattern's own work, user packs only -----------------------------

def test_one_character_twenty_thousand_times_is_checked_without_a_timeout(tmp_path):
    path = tmp_path / "de.txt"
    path.write_text("的" * 20000 + "\n", encoding="utf-8")
    # no report at all (FZ100): --ignore FZ100 runs every report rule on it all the same
    proc = run_cli("check", "--no-config", "--format", "json", "--ignore", "FZ100", path,
                   timeout=240)
    assert proc.returncode == 1, proc.stderr
    assert "超时" not in proc.stderr and proc.stderr == ""
    assert any(f["rule"] == "FZ701" for f in _findings(proc))


def test_a_draft_of_several_megabytes_is_checked_without_a_timeout(tmp_path):
    seed = seed_text("003")
    path = tmp_path / "long.txt"
    path.write_text((seed.rstrip("\n") + "\n") * (5_000_000 // len(seed.encode("utf-8"))),
                    encoding="utf-8")
    proc = run_cli("check", "--no-config", "--format", "concise", "--max-text", "8", path, timeout=600)
    assert proc.returncode == 1, proc.stderr
    assert "超时" not in proc.stderr and "错误" not in proc.stderr
    assert "FZ301" in proc.stdout


def test_built_in_rules_run_without_the_time_limit(monkeypatch):
    # with a limit no pattern could meet, every built-in rule still checks every seed: the
    # limit is for patterns of user-written packs
    monkeypatch.setattr(matching, "REGEX_TIMEOUT", 1e-9)
    cats = ["structure", "numbering", "duplicate", "numbers", "consistency", "wording", "typo",
            "punctuation", "format"]
    from checker.app.runner import Options, Runner
    runner = Runner(Options(use_config=False, extend_select=cats))
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        res = runner.check_path(str(p))
        assert res.error is None and res.findings


def test_built_in_rules_are_told_apart_by_their_file_not_their_pack_name(tmp_path):
    from checker.engine.apply import is_builtin
    rs = packs.load()
    assert rs.rules and all(is_builtin(r) for r in rs.rules.values())
    pack = tmp_path / "typos.yaml"      # a user pack that takes a built-in pack's name
    pack.write_text(yaml.safe_dump({"pack": "typos", "rules": [_user_rule("XC101", "XX镇")]},
                                   allow_unicode=True), encoding="utf-8")
    user = packs.load([str(pack)], builtin=False).rules["XC101"]
    assert not is_builtin(user)


def _user_rule(rid, pattern):
    return {"id": rid, "kind": "existence", "category": "wording", "severity": "warning",
            "message": "模板占位符：{found}", "entries": [{"pattern": pattern}]}


def test_a_user_rule_is_not_charged_for_its_own_work_between_matches(tmp_path, monkeypatch):
    # FZ702's kind segments the line (jieba, seconds on 20,000 characters) between two
    # matches of a trivial pattern: under a 0.3 s limit the old clock failed the draft
    monkeypatch.setattr(matching, "REGEX_TIMEOUT", 0.3)
    rule = {"id": "XC702", "kind": "doubled-word", "category": "typo", "severity": "warning",
            "message": "“{context}”中“{word}”字重复", "min_chars": 1, "max_chars": 1,
            "segment": True, "orphan_ok": ["了"]}
    pack = tmp_path / "county.yaml"
    pack.write_text(yaml.safe_dump({"pack": "county", "rules": [rule]}, allow_unicode=True),
                    encoding="utf-8")
    res = check_text("推进的" + "的" * 20000 + "工作。\n", select=["XC702"], rules=[str(pack)])
    assert res.error is None and res.doc is not None


def test_a_catastrophic_user_pattern_still_fails_the_draft_in_one_line(tmp_path):
    pack = tmp_path / "county.yaml"
    pack.write_text(yaml.safe_dump({"pack": "county", "rules": [_user_rule("XC101", "(a|aa)+b")]},
                                   allow_unicode=True), encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text(TITLE + "a" * 60 + "!\n", encoding="utf-8")
    proc = run_cli("check", "--no-config", "--rules", pack, draft, timeout=120)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "XC101" in lines[0] and "超时" in lines[0], proc.stderr


def _busy(seconds):
    t = time.process_time()
    while time.process_time() - t < seconds:
        pass


@pytest.mark.parametrize("pattern", [r"a", r"x*", r"\b|a", r"(?<=a)b|", r"a|(?=b)", r"^|$"])
def test_finditer_under_the_limit_gives_what_the_regex_module_gives(monkeypatch, pattern):
    # the caller works 0.01 s after each match, 20 times the limit in all: the pattern gets
    # new iterators from where the last one stood, and the matches are the same
    monkeypatch.setattr(matching, "REGEX_TIMEOUT", 0.03)
    p = regex.compile(pattern, regex.M)
    text = "ab a xab\nbxa" * 6
    got = []
    with matching.timed(True):
        for m in matching.finditer(p, text, 1):
            got.append(m.span())
            if len(got) <= 60:
                _busy(0.01)
    assert got == [m.span() for m in p.finditer(text, 1)]


def test_finditer_without_the_limit_and_search_agree_with_the_regex_module():
    p = regex.compile(r"\p{Han}+")
    text = "甲乙 ab 丙"
    with matching.timed(False):
        assert [m.span() for m in matching.finditer(p, text)] == [(0, 2), (6, 7)]
        assert matching.search(p, text, 3).span() == (6, 7)
    assert [m.span() for m in matching.finditer(p, text, 0, 5)] == [(0, 2)]


# --- loops that grew with the square of a long draft ---------------------------------------------

def _old_normalized(text):
    from checker.model.document import _FOLD
    chars, orig = [], []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        code = ord(ch)
        chars.append(chr(_FOLD[code]) if code in _FOLD else ch)
        orig.append(i)
    return "".join(chars), orig


def test_the_whitespace_list_is_what_python_calls_whitespace():
    from checker.model.document import _SPACES
    assert set(_SPACES) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}


def test_the_normalized_copy_is_the_same_as_character_by_character():
    rng = random.Random(5)
    alphabet = ["a", "Ａ", "１", "中", "，", " ", "\t", "\n", "\u3000", "\xa0", "\x1c", "（"]
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        norm = Normalized(text)
        assert (norm.text, list(norm.orig)) == _old_normalized(text)
    text = seed_text("001")
    assert (Normalized(text).text, list(Normalized(text).orig)) == _old_normalized(text)


def _old_section_of(doc, offset):
    sec = doc.sections
    while True:
        for child in sec.children:
            if child.start <= offset < child.end:
                sec = child
                break
        else:
            return sec


def test_the_section_of_an_offset_is_the_same_as_walking_the_tree():
    seeds = load_seeds()
    for i in range(12):
        text = draft_text(seeds, i)
        doc = Document(text)
        for offset in list(range(0, len(text) + 2, 7)) + [h.start for h in doc.headings]:
            assert doc.section_of(offset) is _old_section_of(doc, offset)


def test_a_place_named_deep_in_a_long_draft_is_judged_by_its_own_sentence():
    # foreign-place looked for the sentence of each place among all the draft's sentences
    filler = "".join(f"{i + 1}. 推进依法行政工作。加强制度建设。\n" for i in range(3000))
    text = (TITLE + "一、主要举措\n" + filler
            + "组织干部赴杂色镇学习调解经验。杂色镇的做法被照抄进本报告。\n")
    res = check_text(text, select=["FZ502"])
    assert len(res.findings) == 1
    (f,) = res.findings
    assert text[f.start:f.end] == "杂色镇" and f.start > text.index("。杂色镇")


def test_enumerations_in_thousands_of_sections_are_each_checked_in_their_own():
    parts = [f"（{'一二三四五六七八九'[i % 9]}）第{i}项工作\n一是建立制度。二是落实责任。\n"
             for i in range(2000)]
    parts[1500] = "（七）第1500项工作\n一是建立制度。三是落实责任。\n"
    text = TITLE + "一、主要举措\n" + "".join(parts)
    res = check_text(text, select=["FZ204"])
    assert [res.doc.position(f.start)[0] for f in res.findings] == [2 + 2 * 1500 + 2]


def test_one_figure_repeated_five_thousand_times_conflicts_once_with_the_first(tmp_path):
    body = "".join("开展普法宣传活动30场次。\n" for _ in range(5000))
    text = TITLE + "一、主要举措\n" + body + "全年开展普法宣传活动20场次。\n"
    res = check_text(text, select=["FZ401"])
    assert len(res.findings) == 1
    (f,) = res.findings
    assert res.doc.position(f.start)[0] == 5003
    assert res.doc.position(f.related[0].start)[0] == 3
