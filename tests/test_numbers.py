"""checker.text.numbers: quantities found (and not found) in real report sentences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.text.numbers import Quantity, counted_thing, extract

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def spans(text: str) -> list[tuple[str, float, str | None, str | None]]:
    """(span text, value, unit, approx) for every quantity in `text`."""
    return [(q.text, q.value, q.unit, q.approx) for q in extract(text)]


# --- what is extracted ------------------------------------------------------------------------

# Sentences from the seeds (and real drafts of the same kind), with every quantity expected.
FOUND = [
    # seed 000: spaces between number and unit, 余 after the number, 万 inside the numeral
    ("全年共开展党委中心组法治专题学习 4 次，举办领导干部法治讲座 2 场。",
     [("4 次", 4, "次", None), ("2 场", 2, "场", None)]),
    ("全年共开展各类法治宣传活动 20 余场次,发放宣传资料 5 万余份,解答群众法律咨询 3000 余人次。",
     [("20 余场次", 20, "场次", "余"), ("5 万余份", 50000, "份", "余"),
      ("3000 余人次", 3000, "人次", "余")]),
    ("全年共排查调处各类矛盾纠纷 672 件,调解成功率达到 99%以上。",
     [("672 件", 672, "件", None), ("99%以上", 99, "%", "以上")]),
    # seed 001
    ("开展集中学习,共组织干部集中学法4余次。", [("4余次", 4, "次", "余")]),
    ("开展“宪法十进活动”,结合各类专项宣传活动", [("十进", 10, "进", None)]),
    ("民主法制示范村创建、法律五进(法律进机关、企业、单位、乡村、学校)", [("五进", 5, "进", None)]),
    ("认真做好答复,答复满意率达100%。", [("100%", 100, "%", None)]),
    ("全乡参与行政执法考试人数7人,成功申领执法证人员3人,进一步壮大了行政执法队伍。",
     [("7人", 7, "人", None), ("3人", 3, "人", None)]),
    ("全年共发放各种法治宣传资料6000余份,6个村均有法治宣传橱窗",
     [("6000余份", 6000, "份", "余"), ("6个", 6, "个", None)]),
    # seed 002
    ("2024年，我镇共作出重大行政决策1项，均严格按照程序", [("1项", 1, "项", None)]),
    ("全镇各级调解组织共调解矛盾纠纷39件，办结成功率达到92%。",
     [("39件", 39, "件", None), ("92%", 92, "%", None)]),
    ("2024年，全镇共接待群众来访4批次，处理群众来信4件，化解信访积案4件。",
     [("4批次", 4, "批次", None), ("4件", 4, "件", None), ("4件", 4, "件", None)]),
    ("结合“3·15”消费者权益保护日、“12·4”国家宪法日等重要节点，全年共开展各类普法宣传活动30场次",
     [("30场次", 30, "场次", None)]),
    # seed 003 / 000: declared counts written in Chinese
    ("着眼于四个文明建设协调发展", [("四个", 4, "个", None)]),
    ("全面推行行政执法\"三项制度\"", [("三项", 3, "项", None)]),
    ("主要表现在三个方面：", [("三个", 3, "个", None)]),
    # seed 004
    ("马楼乡共聘用法律顾问1名，主要从事以下几个方面的工作", [("1名", 1, "名", None)]),
    # the brief's rate example
    ("调解纠纷39件，成功36件，成功率92%",
     [("39件", 39, "件", None), ("36件", 36, "件", None), ("92%", 92, "%", None)]),
    ("受理行政复议案件50件，办结60件", [("50件", 50, "件", None), ("60件", 60, "件", None)]),
    # Chinese numerals, 两, approximations before the number
    ("全年召开专题会议两次，十二次，一百二十人参加", [("两次", 2, "次", None), ("十二次", 12, "次", None),
                                         ("一百二十人", 120, "人", None)]),
    ("惠及群众近200人，约50人次，超过100人，逾千余人",
     [("近200人", 200, "人", "近"), ("约50人次", 50, "人次", "约"), ("超过100人", 100, "人", "超过"),
      ("逾千余人", 1000, "人", "逾余")]),
    ("发放宣传册1.2万份，服务群众万余人，受益群众5万", [("1.2万份", 12000, "份", None),
                                        ("万余人", 10000, "人", "余"), ("5万", 50000, None, None)]),
    ("开展培训二十余次、十来次", [("二十余次", 20, "次", "余"), ("十来次", 10, "次", "来")]),
    ("满意率达到百分之九十以上，百分之百办结", [("百分之九十以上", 90, "%", "以上"), ("百分之百", 100, "%", None)]),
    ("全年开展４５次，占比１０．５％", [("４５次", 45, "次", None), ("１０．５％", 10.5, "%", None)]),
    ("办理时限压缩3 天，增长2倍，提高5个百分点", [("3 天", 3, "天", None), ("2倍", 2, "倍", None),
                                      ("5个百分点", 5, "个百分点", None)]),
    ("参训人员3,000人，每次3 次以上", [("3,000人", 3000, "人", None), ("3 次以上", 3, "次", "以上")]),
    # money keeps 万/亿 in its unit
    ("落实法治经费5万元，争取资金10余万元、1.2亿元",
     [("5万元", 5, "万元", None), ("10余万元", 10, "万元", "余"), ("1.2亿元", 1.2, "亿元", None)]),
    ("服务群众十多万人", [("十多万人", 100000, "人", "多")]),
]


@pytest.mark.parametrize("text, expected", FOUND, ids=[c[0][:14] for c in FOUND])
def test_extract_finds_quantities(text, expected):
    assert spans(text) == [(t, float(v), u, a) for t, v, u, a in expected]


def test_fields_of_a_chinese_quantity():
    (q,) = extract("全年召开专题会议二十次。")
    assert q == Quantity(start=8, end=11, text="二十次", value=20.0, numeral="二十", approx=None,
                         unit="次", percent=False, chinese=True, range_end=None)


def test_fields_of_an_arabic_quantity_with_magnitude():
    text = "发放宣传资料 5 万余份,解答"
    (q,) = extract(text)
    fields = (q.numeral, q.value, q.approx, q.unit, q.chinese, q.percent)
    assert fields == ("5 万", 50000.0, "余", "份", False, False)
    assert text[q.start:q.end] == "5 万余份"


def test_percent_flag_and_value_as_written():
    q1, q2 = extract("调解成功率达到 99%以上，百分之九十五点五")
    assert (q1.percent, q1.value, q1.numeral) == (True, 99.0, "99")
    assert (q2.percent, q2.value, q2.numeral, q2.chinese) == (True, 95.5, "九十五点五", True)


@pytest.mark.parametrize("text, value, range_end, span", [
    ("每年开展3-5次", 3, 5, "3-5次"),
    ("每年开展三至五次", 3, 5, "三至五次"),
    ("参与群众3～5万人", 30000, 50000, "3～5万人"),
    ("参与群众3万-5万人", 30000, 50000, "3万-5万人"),
    ("覆盖率达到80%—90%", 80, 90, "80%—90%"),
    ("每季度开展2到3场", 2, 3, "2到3场"),
])
def test_ranges(text, value, range_end, span):
    (q,) = extract(text)
    assert (q.text, q.value, q.range_end) == (span, value, range_end)


def test_a_period_is_not_a_range():
    assert extract("八五普法（2021-2025年）") == []
    assert extract("1至11月，全镇") == []


# --- what is not extracted --------------------------------------------------------------------

NOT_FOUND = [
    # years and dates
    "2024年，在县委、县政府的坚强领导下", "大李集镇人民政府 2025年1月2日", "截至2024年12月31日",
    "2023年度已", "1月", "2024 年度法治政府建设报告", "“12·4”国家宪法日", "结合“3·15”消费者权益保护日",
    "“6·26”国际禁毒日",
    # ordinals and list markers
    "第一责任人", "第24条", "第 3 次会议", "第3-5条", "第三至五次会议", "一是加强党的领导", "一、工作开展情况", "（一）强化组织领导",
    "(二)加强法治宣传", "1. 领导干部带头学法用法", "10．加强党的领导", "2. 项目建设", "3.人员培训",
    # Chinese numerals inside words
    "但也存在一些问题", "取得了一定成效", "进一步加强", "维护法治的统一和权威", "全国一体化在线政务服务平台",
    "唯一一次", "严格执行“一岗双责”", "一律", "保持一致", "“五位一体”工作格局", "统一名称",
    "一户一档", "一人一策", "“一村一法律顾问”", "一次性告知", "一条龙服务", "政务服务一张网",
    "贡献一份力量", "培养一批懂法律的人才", "无一起行政复议", "无一例违法违规", "无一件因决策失误",
    "千家万户", "引导律师顾胜万进驻乡村", "十分重要", "十万火急", "一件件落实", "一起研究",
    "为依法行政创造一个良好的法律环境", "是一项长期的系统工程", "马上办、网上办、一次办",
    "建立了镇、村两级人民调解委员会", "一把手", "一人多岗", "信访工作“三到位一处理”", "两学一做", "四议两公开", "双随机、一公开", "一票否决",
    # plan and congress names
    "深入开展\"八五\"普法工作", "“十四五”期间", "十四五规划", "党的二十大精神", "十九届四中全会",
    "二十届三中全会精神", "党的十九大以来",
    # document numbers, phones, IDs, versions, codes
    "厅字〔2019〕28号", "国发〔2021〕33号文件", "拨打电话13812345678人", "身份证号410103199001011234", "版本1.2.3个",
    "5G基站", "12345热线", "GB/T 9704-2012",
    # vague amounts
    "数十次", "几十人", "上百人", "十二三岁", "以下几个方面", "若干次",
    # per-unit rates
    "每3个月召开", "每一个村",
    # template placeholders
    "20XX年", "*次",
]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_not_a_quantity(text):
    assert extract(text) == []


def test_only_the_count_in_a_sentence_with_a_date_and_an_ordinal():
    text = "2024年1月2日，第一次召开会议，全年召开法治建设专题会议10次。"
    assert spans(text) == [("10次", 10.0, "次", None)]


# --- counted_thing ----------------------------------------------------------------------------

THINGS = [
    ("调解纠纷39件，成功36件", "39件", "调解纠纷"),
    ("全年共开展各类普法宣传活动30场次，发放宣传资料1500余份", "30场次", "普法宣传活动"),
    ("全年共开展各类普法宣传活动30场次，发放宣传资料1500余份", "1500余份", "宣传资料"),
    ("全年共开展各类法治宣传活动 20 余场次,发放宣传资料 5 万余份,解答群众法律咨询 3000 余人次。",
     "5 万余份", "宣传资料"),
    ("全年共开展各类法治宣传活动 20 余场次,发放宣传资料 5 万余份,解答群众法律咨询 3000 余人次。",
     "3000 余人次", "群众法律咨询"),
    ("全年共开展党委中心组法治专题学习 4 次，举办领导干部法治讲座 2 场。", "2 场", "领导干部法治讲座"),
    ("全年组织集中学习58次，开展专题研讨5次", "58次", "集中学习"),
    ("2024年，全镇共接待群众来访4批次，处理群众来信4件", "4批次", "群众来访"),
    ("2024年，我镇共作出重大行政决策1项，均严格按照程序", "1项", "重大行政决策"),
    ("2023年以来我乡召开乡村干部大会12次,组织乡、村干部职工开展会前学法。", "12次", "乡村干部大会"),
    ("全镇各级调解组织共调解矛盾纠纷39件，办结成功率达到92%。", "39件", "调解矛盾纠纷"),
    ("全镇各级调解组织共调解矛盾纠纷39件，办结成功率达到92%。", "92%", "办结成功率"),
    ("认真做好答复,答复满意率达100%。", "100%", "答复满意率"),
    ("主要表现在三个方面：", "三个", "方面"),
    ("6个村均有法治宣传橱窗", "6个", "村"),
    ("民主法制示范村创建、法律五进(法律进机关", "五进", "法律"),
    ("开展“宪法十进活动”", "十进", "宪法"),
    ("利用集贸市场人员集中的特点,开展了12次法治宣传上集市活动(围绕禁毒", "12次", "法治宣传上集市活动"),
    ("2023年度已开展4次法治进校园活动,通过活动", "4次", "法治进校园活动"),
    ("受理行政复议案件50件，办结60件", "50件", "行政复议案件"),
    ("受理50件，办结60件", "60件", "办结"),
    ("其中1件", "1件", None),
    ("全镇共有网格员135人，其中专职网格员35人", "135人", "网格员"),
    ("全镇共有网格员135人，其中专职网格员35人", "35人", "专职网格员"),
    ("全面推行行政执法\"三项制度\",严格规范执法程序", "三项", "制度"),
    # quotation marks around the name do not end the clause
    ("培育“法律明白人”160名、“法治带头人”48名", "160名", "法律明白人"),
    ("组织全体干部参加网上学法考试，参考率、合格率均达100%。", "100%", "合格率"),
    ("力争矛盾纠纷调处成功率保持在95%以上。", "95%以上", "矛盾纠纷调处成功率"),
]


@pytest.mark.parametrize("text, span, thing", THINGS, ids=[f"{c[1]}→{c[2]}" for c in THINGS])
def test_counted_thing(text, span, thing):
    (q,) = [q for q in extract(text) if q.text == span][:1]
    assert counted_thing(text, q) == thing


# --- the five seeds ---------------------------------------------------------------------------

SEED_FILES = sorted(SEEDS.glob("*.txt"))
_DATE_UNIT = re.compile("[年月日号]")


def test_there_are_five_seeds():
    assert len(SEED_FILES) == 5


@pytest.mark.parametrize("path", SEED_FILES, ids=[p.name[:3] for p in SEED_FILES])
def test_seed_spans_are_exact_and_never_dates_or_ordinals(path):
    text = path.read_text(encoding="utf-8")
    found = extract(text)
    assert found, "every seed states at least one quantity"
    last_end = 0
    for q in found:
        assert text[q.start:q.end] == q.text
        assert q.start >= last_end, "spans are ordered and do not overlap"
        last_end = q.end
        assert q.numeral and q.numeral in q.text
        assert not _DATE_UNIT.search(q.text), q.text
        before = text[:q.start].rstrip()
        assert not before.endswith("第"), q.text
        after = text[q.end:q.end + 1]
        assert after not in ("、", "．", ".", "是", "·"), q.text
        assert q.unit is not None or "万" in q.text or "亿" in q.text
        if q.percent:
            assert q.unit == "%"
        # no figure that is really a year: 2023/2024/2025 never appear as a count in the seeds
        assert not (1990 <= q.value <= 2100 and not q.approx), q.text


def test_seed_quantities_used_by_number_rules():
    """The figures the number rules will reason about, read from the seeds themselves."""
    found = {p.name[:3]: [q.text for q in extract(p.read_text(encoding="utf-8"))]
             for p in SEED_FILES}
    assert "4余次" in found["001"]  # 余 after a single-digit count
    assert "1项" in found["002"]  # followed by 均
    assert ["39件", "92%"] == [t for t in found["002"] if t in ("39件", "92%")]
    assert found["002"].count("4件") == 2 and "4批次" in found["002"]
    assert "五进" in found["001"] and "十进" in found["001"]
    assert "三项" in found["000"]
    assert "99%以上" in found["000"]


# --- properties -------------------------------------------------------------------------------

_ALPHABET = list("0123456789０５.．,%％·、第年月日号一二三四五六七八九十百千万亿两余多近约以上左右"
                 "次件份人个项名进元倍场期至-～ 　，。：“”（）统进步是的数每无")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_spans_always_match_the_text(text):
    last_end = 0
    for q in extract(text):
        assert text[q.start:q.end] == q.text
        assert q.start >= last_end and q.end > q.start
        last_end = q.end
        assert q.value == q.value  # never NaN
        assert counted_thing(text, q) is None or counted_thing(text, q)
