"""Within-draft duplicates (FZ301 repeated text, FZ302 near-repeats) on the seeds and on drafts
written for each case: exact copies, copies with changed names and numbers, reordered clauses
below and above the threshold, stock phrases, a copy inside a longer sentence."""

from __future__ import annotations

import pytest

from checker.text.fingerprint import fold, shingle, similarity
from tests.util import check_text, seed_text

DUP = ("FZ301", "FZ302")

TITLE = "青石镇2024年度法治政府建设情况报告"
# Sentences in the style of the seeds, distinct from one another.
A = "全年共开展各类普法宣传活动30场次，发放宣传资料1500余份，解答群众法律咨询850余人次，营造了浓厚的法治氛围。"
B = "青石镇司法所联合派出所深入各村开展矛盾纠纷排查，全年共排查调处各类纠纷39件，调解成功率达到92%。"
C = "制定镇政府权责清单并向社会公开，明确各站所职责边界，杜绝推诿扯皮现象。"
D = "组织全体执法人员参加行政执法资格考试，通过率达到100%，执法队伍素质明显提升。"
E = "严格落实重大行政决策合法性审查制度，全年审查合同协议12件，提出修改意见20条。"


def draft(*paragraphs: str) -> str:
    return "\n".join([TITLE, "一、主要举措和成效", *paragraphs,
                      "二、存在的不足", "部分村干部法律知识不足，依法办事能力有待提高。",
                      "三、下一步工作打算", "继续加强干部学法用法，提升依法行政水平。",
                      "青石镇人民政府", "2025年1月10日"]) + "\n"


def write_pack(path, **rule) -> str:
    """A one-rule pack file (the rule's id, kind, options…), with the keys every rule needs."""
    import yaml
    rule = {"category": "duplicate", "severity": "warning", "message": "与第 {line} 行重复",
            "explain": {"why": "测试", "bad": "甲", "good": "乙"}, **rule}
    path.write_text(yaml.safe_dump({"pack": "test", "rules": [rule]}, allow_unicode=True),
                    encoding="utf-8")
    return str(path)


def dup_findings(text: str, **kw):
    res = check_text(text, select=DUP, **kw)
    return res, [(f.rule, res.doc.position(f.start)[0]) for f in res.findings]


# --- the seeds ----------------------------------------------------------------------------------

def test_seed_002_repeated_sentence_reported_once_at_line_16_with_related_line_11():
    text = seed_text("002")
    res, found = dup_findings(text)
    assert found == [("FZ301", 16)]
    f = res.findings[0]
    pasted = "杂色镇司法所荣获市级普法一等奖奖项。通过联动工作体系，成功调解多起复杂的邻里纠纷和土地纠纷，避免矛盾激化。"
    # the span is the duplicated text, not the whole paragraph it was pasted into
    assert text[f.start:f.end] == pasted
    assert f.category == "duplicate"
    (rel,) = f.related
    assert res.doc.position(rel.start)[0] == 11
    assert text[rel.start:rel.end] == pasted
    assert "第 11 行" in f.message


@pytest.mark.parametrize("seed", ["000", "001", "003", "004"])
def test_no_within_draft_duplicates_on_the_other_seeds(seed):
    assert dup_findings(seed_text(seed))[1] == []


# --- exact copies -------------------------------------------------------------------------------

def test_a_pasted_paragraph_is_one_finding_on_the_later_copy():
    text = draft(A + B, C, D, A + B, E)
    res, found = dup_findings(text)
    assert found == [("FZ301", 6)]
    f = res.findings[0]
    assert text[f.start:f.end] == A + B
    assert res.doc.position(f.related[0].start)[0] == 3


def test_three_copies_each_point_at_the_first():
    text = draft(A, C, A, D, A)
    res, found = dup_findings(text)
    assert found == [("FZ301", 5), ("FZ301", 7)]
    assert [res.doc.position(f.related[0].start)[0] for f in res.findings] == [3, 3]


def test_punctuation_width_and_spaces_do_not_hide_a_copy():
    copy = A.replace("，", ",").replace("。", ".").replace("30", " 30 ").replace("1500", "１５００")
    assert dup_findings(draft(A, C, copy))[1] == [("FZ301", 5)]


def test_copy_with_changed_numbers_and_the_bodys_own_name_is_still_exact():
    # the copier updated the figures and wrote 我镇 for 青石镇: both fold away
    copy = B.replace("青石镇", "我镇").replace("39", "41").replace("92", "95")
    res, found = dup_findings(draft(B, C, D, copy))
    assert found == [("FZ301", 6)]


def test_copy_with_another_name_changed_is_a_near_repeat():
    copy = B.replace("派出所", "综治中心")
    res, found = dup_findings(draft(B, C, D, copy))
    assert found == [("FZ302", 6)]
    assert "相似度" in res.findings[0].message


def test_copy_inside_a_longer_sentence_reports_the_span_of_the_copied_text():
    inner = "深入各村开展矛盾纠纷排查，全年共排查调处各类纠纷39件"
    later = "今年以来，镇综治中心牵头，" + inner + "，并对重点人员逐一回访。"
    text = draft(B, C, D, later)
    res, found = dup_findings(text)
    assert found == [("FZ301", 6)]
    f = res.findings[0]
    assert text[f.start:f.end] == inner
    assert text[f.related[0].start:f.related[0].end] == inner


# --- reordered clauses: above and below the threshold -----------------------------------------

REORDERED = "发放宣传资料1500余份，全年共开展各类普法宣传活动30场次，营造了浓厚的法治氛围，解答群众法律咨询850余人次。"
REWRITTEN = "群众法律咨询解答850余人次，普法宣传活动各类开展30场次，浓厚的法治氛围得以营造，宣传资料发放1500余份。"


def test_reordered_clauses_are_a_near_repeat():
    res, found = dup_findings(draft(A, C, D, REORDERED))
    assert found == [("FZ302", 6)]


def test_reordered_and_reworded_clauses_fall_below_the_threshold():
    a = shingle(fold(A).text)
    assert similarity(a, shingle(fold(REORDERED).text), 0.6) >= 0.6
    assert similarity(a, shingle(fold(REWRITTEN).text), 0.6) < 0.6
    assert dup_findings(draft(A, C, D, REWRITTEN))[1] == []


def test_threshold_is_a_pack_setting(tmp_path):
    text = draft(A, C, D, REORDERED)
    pack = write_pack(tmp_path / "strict.yaml", id="XD302", kind="duplicate-text",
                      report="similar", threshold=0.95)
    res = check_text(text, select=["XD302"], rules=[pack])
    assert res.findings == []
    pack = write_pack(tmp_path / "lenient.yaml", id="XD303", kind="duplicate-text",
                      report="similar", threshold=0.7)
    res = check_text(text, select=["XD303"], rules=[pack])
    assert [res.doc.position(f.start)[0] for f in res.findings] == [6]


# --- stock phrases and short text -----------------------------------------------------------

def test_stock_phrases_every_report_uses_are_not_findings():
    opening = "2024年，青石镇坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻习近平法治思想，扎实推进法治政府建设。"
    closing = "今后，我镇将继续以习近平新时代中国特色社会主义思想为指导，深入贯彻习近平法治思想，推进法治政府建设。"
    assert dup_findings(draft(opening, A, C, closing))[1] == []


def test_a_short_repeated_sentence_is_below_min_chars():
    short = "全年未发生行政诉讼案件。"   # 10 characters
    assert dup_findings(draft(A + short, C, D + short))[1] == []


def test_a_pack_can_list_its_own_phrases_to_ignore(tmp_path):
    county = "坚持和发展新时代枫桥经验，做到小事不出村、大事不出镇、矛盾不上交"
    text = draft(county + "，" + C, A, county + "，" + D)
    assert ("FZ301", 5) in dup_findings(text)[1]
    pack = write_pack(tmp_path / "county.yaml", id="XD301", kind="duplicate-text",
                      report="exact", ignore=[county])
    res = check_text(text, select=["XD301"], rules=[pack])
    assert res.findings == []


@pytest.mark.parametrize("bad, message", [
    ({"report": "twice"}, "report"),
    ({"report": "exact", "threshold": 1.5}, "threshold"),
    ({"report": "exact", "min_chars": 2}, "min_chars"),
    ({"report": "exact", "part_chars": 10}, "part_chars"),
])
def test_bad_options_are_pack_errors(tmp_path, bad, message):
    from tests.util import run_cli
    pack = write_pack(tmp_path / "bad.yaml", id="XD309", kind="duplicate-text", **bad)
    proc = run_cli("check", "--no-config", "--rules", pack, "-", input=draft(A))
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_a_long_draft_finds_the_same_repeats_without_comparing_every_pair(monkeypatch):
    from checker.kinds import duplicate_text
    # the five seeds run together: about 250 sentences, more than ALL_PAIRS
    text = "\n".join(seed_text(s) for s in ("000", "001", "002", "003", "004"))

    def found():
        res = check_text(text, select=DUP)
        return [(f.rule, f.start, f.end, f.related[0].start) for f in res.findings]

    monkeypatch.setattr(duplicate_text, "ALL_PAIRS", 10 ** 6)
    every_pair = found()
    monkeypatch.setattr(duplicate_text, "ALL_PAIRS", 200)
    assert len(duplicate_text.units(check_text(text, select=DUP).doc)[1]) > 200
    assert found() == every_pair
    # 002's pasted sentences, and 002's closing paragraph near-repeating 000's
    assert {rule for rule, *_ in every_pair} == {"FZ301", "FZ302"}
