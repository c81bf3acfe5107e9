"""The numbers pack (FZ401–FZ408) on the seeds and on hand-made drafts: each rule has true cases
(Arabic and Chinese numerals) and near-misses that must stay silent."""

from __future__ import annotations

import pytest

from checker.engine.packs import load
from tests.util import check_text, findings, run_cli, seed_text

TITLE = "青山镇2024年度法治政府建设情况报告"


def draft(*body: str, title: str = TITLE) -> str:
    """A small report: title, a 举措 part holding the body lines, a 下一年度 part."""
    return "\n".join([title, "一、主要举措和成效", *body,
                      "二、下一年度推进法治政府建设的主要安排", "继续加强普法宣传。", ""])


def hits(text: str, rule: str) -> list[int]:
    """Lines on which `rule` reports."""
    return [line for rid, line in findings(text, select=[rule]) if rid == rule]


# --- the seeds ------------------------------------------------------------------------------

def test_seed_findings_are_exactly_the_known_slips():
    found = set()
    for seed in ("000", "001", "002", "003", "004"):
        for rid, line in findings(seed_text(seed), select=["numbers"]):
            found.add((seed, rid, line))
    # 001 line 5 "4余次", 002 line 14 "1项，均"; nothing on 002's "39件…92%" (line 16),
    # 001's "法律五进(…)" (line 6) or "6个村均有" (line 11)
    assert found == {("001", "FZ404", 5), ("002", "FZ405", 14)}


def test_seed_001_four_yu_times_span_and_message():
    res = check_text(seed_text("001"), select=["FZ404"])
    (f,) = res.findings
    assert res.doc.text[f.start:f.end] == "4余次"
    assert "4次" in f.message


# --- table: (rule, body lines, lines that must be reported) ----------------------------------
# line numbers count the title as 1 and the heading 一、 as 2, so body line i is line i + 2.

CASES = [
    # FZ401 the same metric with two values
    ("FZ401", ["全年共开展各类普法宣传活动30场次。", "（二）规范执法", "全年开展普法宣传活动20场次。"], [5]),
    ("FZ401", ["召开法治建设专题会议十次。", "全年召开法治建设专题会议12次。"], [4]),
    ("FZ401", ["开展普法宣传活动30场。", "开展普法宣传活动二十场次。"], [4]),          # 场 ≈ 场次
    ("FZ401", ["开展普法宣传活动20余场次。", "开展普法宣传活动25场次。"], []),          # 20余 allows 25
    ("FZ401", ["开展普法宣传活动30场次。", "开展普法宣传活动30场次。"], []),
    ("FZ401", ["开展普法宣传活动30场次。", "开展普法宣传活动40场次，同比增长33%。"], []),
    ("FZ401", ["开展普法宣传活动30场次。", "开展普法宣传活动30人次。"], []),            # other unit
    # FZ402 a percentage over 100 %
    ("FZ402", ["群众满意率达到105%。"], [3]),
    ("FZ402", ["行政复议纠错占比百分之一百二十。"], [3]),
    ("FZ402", ["群众满意率达到100%，受案量增长150%。"], []),
    ("FZ402", ["年度任务完成率120%。"], []),
    # FZ403 a rate that does not follow from its counts
    ("FZ403", ["调解纠纷39件，成功36件，成功率99%。"], [3]),
    ("FZ403", ["调解纠纷三十九件，成功三十六件，调解成功率百分之九十九。"], [3]),
    ("FZ403", ["调解纠纷39件，成功36件，成功率92%。"], []),
    ("FZ403", ["调解纠纷39件，成功36件，成功率90%以上。"], []),
    ("FZ403", ["全镇各级调解组织共调解矛盾纠纷39件，办结成功率达到92%。"], []),      # one count only
    # FZ404 余/多 after a small exact count
    ("FZ404", ["共组织干部集中学法4余次。"], [3]),
    ("FZ404", ["共组织干部集中学法三余次，开展讲座5多场。"], [3, 3]),
    ("FZ404", ["开展讲座10余次，近4次，4次以上，发放资料5万余份，十余场。"], []),
    # FZ405 均/都 after a single item
    ("FZ405", ["共作出重大行政决策1项，均严格按照程序进行。"], [3]),
    ("FZ405", ["办理行政复议案件一件，都依法审结。"], [3]),
    ("FZ405", ["6个村均有法治宣传橱窗。"], []),
    ("FZ405", ["共作出重大行政决策3项，均严格按照程序进行。"], []),
    ("FZ405", ["共作出重大行政决策1项，严格按照程序进行，各项决策均衡推进。"], []),
    ("FZ405", ["受理行政复议案件1件，全部按期办结。"], [3]),
    ("FZ405", ["聘请法律顾问1名，全部村（社区）实现法律顾问全覆盖。"], []),
    # FZ406 a declared count the list contradicts
    ("FZ406", ["存在的问题主要表现在三个方面：一是意识不强；二是力量薄弱。"], [3]),
    ("FZ406", ["主要有两个方面的问题：一是意识不强；二是力量薄弱；三是经费不足。"], [3]),
    ("FZ406", ["存在的问题主要有以下三个方面：", "（一）法治意识不强", "部分干部意识不强。",
               "（二）力量薄弱", "人员不足。"], [3]),
    ("FZ406", ["主要表现在三个方面：一是意识不强；二是力量薄弱；三是经费不足。"], []),
    ("FZ406", ["主要从事以下几个方面的工作：一是提供法律帮助；二是审查文书。"], []),
    ("FZ406", ["着眼于四个文明建设协调发展，一是加强领导。"], []),
    ("FZ406", ["主要表现在两个方面。", "一是意识不强。", "二是力量薄弱。"], []),
    # FZ407 bracketed list with the wrong number of items
    ("FZ407", ["推进法律五进（进机关、进企业、进乡村、进学校）。"], [3]),
    ("FZ407", ["全面推行行政执法三项制度（行政执法公示、执法全过程记录）。"], [3]),
    ("FZ407", ["法律五进(法律进机关、企业、单位、乡村、学校)。"], []),
    ("FZ407", ["推进法律五进（进机关、进企业等）。", "建立了镇、村(社区)两级调解组织。"], []),
    # FZ408 a part larger than its total
    ("FZ408", ["受理行政复议案件50件，办结60件。"], [3]),
    ("FZ408", ["受理行政复议案件五十件，办结六十件。"], [3]),
    ("FZ408", ["开展普法活动30场，其中进校园活动40场。"], [3]),
    ("FZ408", ["受理行政复议案件60件，办结50件。"], []),
    ("FZ408", ["受理群众咨询50余件，办结55件。"], []),                              # 50余 may be 55
    ("FZ408", ["受理行政复议案件50件。办理信访件60件。"], []),                     # two sentences
    ("FZ408", ["调处矛盾纠纷20件，办结行政复议案件30件。"], []),                   # two things
    ("FZ408", ["受理行政复议案件50件，办结行政复议案件60件。"], [3]),
]


@pytest.mark.parametrize("rule,body,expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_cases(rule, body, expected):
    assert hits(draft(*body), rule) == expected


def test_metric_conflict_points_at_the_other_place():
    res = check_text(draft("全年共开展各类普法宣传活动30场次。", "开展普法宣传活动20场次。"), select=["FZ401"])
    (f,) = res.findings
    (rel,) = f.related
    assert res.doc.text[rel.start:rel.end] == "30场次"
    assert res.doc.text[f.start:f.end] == "20场次"
    assert "第3行" in f.message


def test_metric_conflict_ignores_next_year_plans():
    text = draft("开展普法宣传活动30场次。").replace("继续加强普法宣传。", "开展普法宣传活动40场次。")
    assert hits(text, "FZ401") == []


def test_declared_count_related_is_the_last_item():
    res = check_text(draft("主要表现在三个方面：一是意识不强；二是力量薄弱。"), select=["FZ406"])
    (f,) = res.findings
    assert res.doc.text[f.start:f.end] == "三个方面"
    assert res.doc.text[f.related[0].start:f.related[0].end] == "二是"
    assert "两项" in f.message


# --- the pack: every rule documented, its own bad example caught and good example silent ------

NUMBER_RULES = sorted(r for r in load().rules if r.startswith("FZ4"))


def test_pack_has_the_rules():
    assert NUMBER_RULES == [f"FZ40{i}" for i in range(1, 9)]


@pytest.mark.parametrize("rid", NUMBER_RULES)
def test_explain_examples_behave(rid):
    rule = load().rules[rid]
    assert rule.category == "numbers" and rule.name
    assert {"why", "bad", "good"} <= set(rule.explain)
    assert hits(draft(rule.explain["bad"]), rid), f"{rid}: bad example not reported"
    assert not hits(draft(rule.explain["good"]), rid), f"{rid}: good example reported"


def test_cli_explain_shows_the_examples():
    proc = run_cli("explain", "FZ404")
    assert proc.returncode == 0, proc.stderr
    assert "错误示例" in proc.stdout and "4余次" in proc.stdout
    assert "正确示例" in proc.stdout
