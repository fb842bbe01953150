"""Text against tables and against itself: each rule fires on a planted (or the seed's genuine)
error and stays silent on text yusuan writes; the three families on every document at once."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from rulekit import ALL_LAYOUTS, FICTIONAL, JIANGSU, KORLA, SEED, SHANGHAI, built, findings, read, set_claim
from yusuan.check.finding import Finding
from yusuan.check.registry import RULES
from yusuan.check.runner import check_document, load_rules
from yusuan.model.document import Document, Section
from yusuan.text.claims import extract_claims

FAMILIES = ("text", "prior", "share")


def family_findings(document: Document) -> list[Finding]:
    load_rules()
    ids = {rule_id for rule_id in RULES if rule_id.split(".")[0] in FAMILIES}
    report = check_document(document, only=ids)
    assert report.failed_rules == []
    return report.findings


def key(finding: Finding) -> tuple[str, str]:
    """The rule and the subject a finding names (its first “…”)."""
    match = re.match(r"“(.+?)”：", finding.message) or re.search(r"“(.+?)”", finding.message)
    return finding.rule, match.group(1) if match else finding.message[:12]


# Generated text that states a change without a reason would be a true finding about the text
# (text.W001). Every layout's templates give the budget's reasons, and both budgets give them, so
# none is expected; a template or fixture change that drops a reason shows here.
MISSING_REASONS: dict[tuple[str, str], set[tuple[str, str]]] = {}


# In every layout: a layout whose tables print less than the budget holds (湖州's 支出预算总表 has
# no 基本支出 column; 苏州's basic table is the general budget's alone, its text 财政拨款's) must
# not make the text's true figures look wrong.
@pytest.mark.parametrize("layout", ALL_LAYOUTS)
@pytest.mark.parametrize("source", [KORLA, FICTIONAL], ids=["korla", "fictional"])
def test_generated_documents_are_clean(source: object, layout: str) -> None:
    name = "korla" if source is KORLA else "fictional"
    found = family_findings(built(source, layout))  # type: ignore[arg-type]
    assert {key(f) for f in found} == MISSING_REASONS.get((name, layout), set())
    assert all(f.rule == "text.W001" for f in found)


def test_seed_findings() -> None:
    """Every finding on the seed, each checked by hand against the README's list."""
    found = family_findings(read(SEED))
    assert sorted(key(f) for f in found) == sorted(
        [
            # 95.41 / (1051.59 + 95.41) = 8.32 %, printed 8.33 % (sections 三 and 五（一）)
            ("text.E002", "基本支出"),
            ("text.E002", "基本支出"),
            # 13.18 / (17.82 + 13.18) = 42.52 %, printed 9.56 % (the line above's figure)
            ("text.E002", "行政单位医疗"),
            # "退休9人，增加0人；离休0人，增加0人" and three of the five "三公" lines "增加0万元，增长0%"
            # (运行费 and 接待费 go on "…预算与去年一致": 持平 is said)
            ("text.W002", "退休"),
            ("text.W002", "离休"),
            ("text.W002", "财政拨款“三公”经费"),
            ("text.W002", "因公出国（境）费"),
            ("text.W002", "公务用车购置费"),
            # prior basic 1147 + prior project 313 = 1460, the prior general budget is 1459
            ("prior.E001", "一般公共预算"),
            # 7.8 / 1307.84 = 0.596 % printed 0.59 % (truncated); 14.47 / 1307.84 = 1.106 % printed 1.1 %
            ("share.N001", "行政单位离退休"),
            ("share.N001", "机关事业单位职业年金缴费支出"),
        ]
    )


def test_shanghai_sample_findings() -> None:
    found = family_findings(read(SHANGHAI))
    assert sorted(key(f) for f in found) == sorted(
        [
            # item 16 prints item 15's "2023年预算安排441.25万元"; the tables give 2,206,272 元
            ("text.E001", "机关事业单位职业年金缴费支出"),
            # and the item opened with 220.63万元: one item, two amounts
            ("text.E006", "机关事业单位职业年金缴费支出"),
            # and its 60.54 % is item 15's too: (441.25 − 132.59) / 132.59 = 232.79 %
            ("text.E002", "机关事业单位职业年金缴费支出"),
            # 群众团体事务 一般行政管理事务: (45.41 − 11.67) / 11.67 = 289.12 %, printed 314.82 %
            ("text.E002", "一般行政管理事务"),
            # 政府性基金拨款支出预算 "0万元，比2022年预算增加1421.25万元": a negative prior year
            ("prior.E004", "政府性基金拨款支出预算"),
            # the totals are against 2022年预算, the 34 项 against 2022年预算执行数: each names its
            # basis, so no prior.W001 (the wanli-2024 key rules it out for the same wording)
        ]
    )


def test_jiangsu_sample_findings() -> None:
    found = family_findings(read(JIANGSU))
    assert sorted(key(f) for f in found) == sorted(
        [
            # section 一 says 基本支出预算数为 12323.46; section 三 and table 三 say 12,323.48
            ("text.E001", "基本支出预算"),
            # 3401.59 / (6032.55 − 3401.59) = 129.29 %, printed 129.97 %
            ("text.E002", "一般公共预算机关运行经费预算支出"),
            # 309.03 / 13347.31 = 2.3153 %, printed 2.31 % (truncated)
            ("text.N001", "公共安全"),
            # the "三公" items over their total 584.35 (table 十一): 18.82, 54.39, 26.79 %,
            # printed 18.85, 54.43, 26.72 %
            ("share.E001", "因公出国（境）费支出"),
            ("share.E001", "公务用车购置及运行费支出"),
            ("share.E001", "公务接待费支出"),
        ]
    )


# ------------------------------------------------------------------ text.E001


def test_e001_amount_differs_from_table() -> None:
    document = set_claim(built(), "general_usage", "预算数为939.99万元", "预算数为993.99万元")
    [finding] = findings(document, "text.E001")
    assert finding.message.startswith("“行政运行”：正文：993.99万元；表中：")
    assert "939.99万元" in finding.message and "939.99" in finding.message_en
    assert finding.location.section == "（三）一般公共预算当年拨款具体使用情况"
    assert finding.location.sentence is not None and "993.99" in finding.location.sentence


def test_e001_tables_in_yuan_and_claims_in_yuan() -> None:
    document = built(KORLA, "shanghai-2023-dept")  # tables in 元
    assert findings(document, "text.E001") == []
    planted = set_claim(document, "budget_notes", "（项）”939.99万元", "（项）”993.99万元")
    [finding] = findings(planted, "text.E001")
    assert "9,399,900元" in finding.message
    document = set_claim(built(), "fiscal", "行政运行939.99万元", "行政运行9399900元")
    assert findings(document, "text.E001") == []  # 9,399,900 元 is 939.99 万元
    document = set_claim(built(), "fiscal", "行政运行939.99万元", "行政运行9399000元")
    assert [key(f) for f in findings(document, "text.E001")] == [("text.E001", "行政运行")]


def test_e001_totals_and_economic_figures() -> None:
    document = set_claim(built(), "basic", "公用经费345.45万元", "公用经费354.45万元")
    [finding] = findings(document, "text.E001")
    assert "公用经费" in finding.message and "345.45" in finding.message
    document = set_claim(built(), "expenditure", "基本支出1051.59万元", "基本支出1015.59万元")
    assert [key(f) for f in findings(document, "text.E001")] == [("text.E001", "基本支出")]


def test_e001_personnel_from_economic_classes() -> None:
    # Jiangsu 表六/表九 print economic classes without personnel/public columns: 人员经费 is
    # 301 + 303, 公用经费 the other classes (found by bench/mutation.py).
    document = set_claim(
        built(KORLA, "jiangsu-2017-dept"), "basic", "人员经费706.14万元", "人员经费716.14万元"
    )
    [finding] = findings(document, "text.E001")
    assert "716.14" in finding.message and "706.14万元" in finding.message
    assert "301" in finding.message and "303" in finding.message
    assert findings(built(KORLA, "jiangsu-2017-dept"), "text.E001") == []


def test_e001_a_name_under_another_class_is_not_that_row() -> None:
    # suzhou/05 p.33: "林业和草原（款）一般行政管理事务（项）支出 0 万元" names no row of the table,
    # whose 一般行政管理事务 is 水利's; a name under the class the table prints it in still counts.
    document = built(KORLA, "jiangsu-2017-dept")  # 201 一般公共服务支出 > 2010301 行政运行
    printed = "1．政府办公厅（室）及相关机构事务（款）行政运行（项）支出939.99万元"
    other = set_claim(document, "fiscal_expenditure", printed, "1．林业和草原（款）行政运行（项）支出0万元")
    assert findings(other, "text.E001") == []
    document = built(KORLA, "jiangsu-2017-dept")
    same = set_claim(
        document, "fiscal_expenditure", printed, "1．一般公共服务（类）行政运行（项）支出993.99万元"
    )
    assert [key(f) for f in findings(same, "text.E001")] == [("text.E001", "行政运行")]


def test_e001_a_name_joined_to_its_section() -> None:
    # js-npc-standing-cttee-office 2017 p.26: "人大事务行政运行（项）支出 10528.33 万元" is 2010101
    # 行政运行 under 20101 人大事务 (4,545.94); 10,528.33 is the class total
    document = built(FICTIONAL, "jiangsu-2017-dept")
    printed = "1．教育管理事务（款）行政运行（项）支出320.00万元"
    joined = set_claim(
        document, "fiscal_expenditure", printed, "1．教育管理事务行政运行（项）支出1000.00万元"
    )
    [finding] = findings(joined, "text.E001")
    assert "教育管理事务行政运行" in finding.message and "320.00万元" in finding.message
    document = built(FICTIONAL, "jiangsu-2017-dept")
    right = set_claim(document, "fiscal_expenditure", printed, "1．教育管理事务行政运行（项）支出320.00万元")
    assert findings(right, "text.E001") == []


def test_e001_silent_on_bare_names_in_a_part_the_reader_could_not_place() -> None:
    # shenzhen/05 p.8: under 第三部分 (by unit and project) "行政运行 85.04 万元" is a project's part
    document = built(FICTIONAL, "jiangsu-2017-dept")
    document.sections.append(
        Section(
            key="section_1",
            title="深圳市人民政府口岸办公室",
            paragraphs=["行政运行 85.04 万元，用于档案整理。"],
        )
    )
    assert findings(document, "text.E001") == []
    document.sections[-1].key = "fiscal_expenditure_2"  # the same words where subjects are described
    assert [key(f) for f in findings(document, "text.E001")] == [("text.E001", "行政运行")]


def test_e001_a_fund_total_named_in_the_text() -> None:
    # "政府性基金预算拨款安排的支出X万元" is the gov-fund table's total; "使用上年结转结余安排的支出"
    # the carry-over table's (issue 9's mutation test: both went unchecked)
    for section, old, new in (
        ("gov_fund", "安排的支出15.00万元", "安排的支出16.00万元"),
        ("carry_over", "安排的支出25.00万元", "安排的支出26.00万元"),
    ):
        document = set_claim(built(FICTIONAL), section, old, new)
        assert [key(f) for f in findings(document, "text.E001")] == [
            (
                "text.E001",
                "政府性基金预算拨款安排的支出" if section == "gov_fund" else "使用上年结转结余安排的支出",
            )
        ]
    assert findings(built(FICTIONAL), "text.E001") == []


def test_e001_a_fund_share_of_one_project_is_not_the_fund_total() -> None:
    # shenzhen/23 p.29: one project's money by fund, after "其中"
    document = built(FICTIONAL, "jiangsu-2017-dept")
    document.sections.append(
        Section(
            key="fiscal_expenditure_2",
            title="项目支出",
            paragraphs=[
                "2026年污水处理费预算总额87,946.96万元，分别从一般公共预算与政府性基金列支，"
                "其中：政府性基金20,537.80万元。"
            ],
        )
    )
    assert findings(document, "text.E001") == []


def test_e001_an_economic_class_in_a_part_that_opens_with_the_whole_budget() -> None:
    # shenzhen/18 p.6: "深圳市应急管理局（本级）预算 14,316.37 万元，包括在职人员经费 4,637.55 万元、
    # 公用经费 1,225.61 万元、对个人和家庭的补助支出 439.45 万元、增人增资 200.00 万元、项目支出
    # 7,813.76 万元" — the department's one unit; the tables' basic 303 对个人和家庭的补助 is 439.20
    def part(opening: str, households: str) -> Document:
        document = built(KORLA, "jiangsu-2017-dept")  # total 1,307.84; basic 303 14.01
        document.sections.append(
            Section(
                key="section_1",
                title="江苏省某厅（本级）",
                paragraphs=[
                    f"江苏省某厅（本级）预算{opening}万元，包括对个人和家庭的补助支出{households}万元。"
                ],
            )
        )
        return document

    [finding] = findings(part("1,307.84", "14.26"), "text.E001")
    assert "对个人和家庭的补助支出" in finding.message and "14.01万元" in finding.message
    assert findings(part("1,307.84", "14.01"), "text.E001") == []
    # shenzhen/19 p.6: "本级预算 14,480.17 万元" is one unit of several: its classes are not the tables'
    assert findings(part("800.00", "14.26"), "text.E001") == []


def test_e001_a_bare_name_stands_for_a_item_or_a_class_only() -> None:
    # shenzhen/28: "退役安置 170.68 万元" is a project's part, not 20809 退役安置 (48,521.97)
    document = built(FICTIONAL, "jiangsu-2017-dept")  # 20501 教育管理事务 320.00
    printed = "1．教育管理事务（款）行政运行（项）支出320.00万元"
    bare = set_claim(document, "fiscal_expenditure", printed, "1．教育管理事务999.00万元")
    assert findings(bare, "text.E001") == []
    document = built(FICTIONAL, "jiangsu-2017-dept")
    marked = set_claim(document, "fiscal_expenditure", printed, "1．教育管理事务（款）支出999.00万元")
    assert [key(f) for f in findings(marked, "text.E001")] == [("text.E001", "教育管理事务")]


def test_e001_a_note_that_calls_a_table_with_figures_empty() -> None:
    # wanli-2024 p.31: "注:本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。" under a 三公 table
    # printing 47.91万元
    document = built(KORLA, "shanghai-2023-dept")
    assert findings(document, "text.E001") == []
    document.table("sangong").note = "注：本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。"
    [finding] = findings(document, "text.E001")
    assert "故本表为空表" in finding.message and "表中却印有数字" in finding.message


def test_e001_a_code_no_table_prints_for_a_name_the_tables_print_under_another() -> None:
    # xian/12 p.11: "（2）其他社会保障和就业支出（2089901）0.1 万元" — the tables print this subject
    # (1,090.22元) as 2089999, and 2089901 nowhere
    document = built(KORLA, "jiangsu-2017-dept")  # 2010301 行政运行 939.99
    printed = "1．政府办公厅（室）及相关机构事务（款）行政运行（项）支出939.99万元"
    wrong = set_claim(document, "fiscal_expenditure", printed, "1．行政运行（2010350）939.99万元")
    [finding] = findings(wrong, "text.E001")
    assert "2010350" in finding.message and "2010301" in finding.message
    (claim,) = extract_claims("（2）其他社会保障和就业支出（2089901）0.1 万元，上年度该科目无预算资金；")
    assert (claim.subject, claim.code) == ("其他社会保障和就业支出", "2089901")  # the reader's reading
    for right in ("1．行政运行（2010301）939.99万元", "1．行政运行（2050150）939.99万元"):
        # the code the tables print; a code of another 款 (a different 行政运行)
        document = set_claim(built(KORLA, "jiangsu-2017-dept"), "fiscal_expenditure", printed, right)
        assert findings(document, "text.E001") == [], right


def test_e001_silent_on_names_no_table_has() -> None:
    # the seed's "行政运行及及相关机构事务支出 1196.24" names no row: nothing is guessed
    assert findings(read(SEED), "text.E001") == []


# ------------------------------------------------------------------ text.E002 / N001 / E003


def test_e002_seed_percent_of_another_line() -> None:
    found = findings(read(SEED), "text.E002")
    medical = [f for f in found if "行政单位医疗" in f.message]
    assert len(medical) == 1
    assert "正文：下降9.56%" in medical[0].message and "下降42.52%" in medical[0].message
    assert "17.82 + 13.18 = 31.00" in medical[0].message
    basic = [f for f in found if "基本支出" in f.message]
    assert len(basic) == 2 and all("8.32%" in f.message for f in basic)


def test_e002_planted_and_clean() -> None:
    assert findings(built(), "text.E002") == []
    document = set_claim(built(), "general_usage", "下降5.43%", "下降6.43%")
    [finding] = findings(document, "text.E002")
    assert "正文：下降6.43%" in finding.message and "下降5.43%" in finding.message
    # the Shanghai wording: a prior-year amount, this year's amount and the percent
    document = set_claim(built(KORLA, "shanghai-2023-dept"), "budget_notes", "减少5.43%", "减少4.43%")
    [finding] = findings(document, "text.E002")
    assert "(939.99 − 994.00) ÷ 994.00" in finding.message
    # the amounts fall, the text says they rise
    document = set_claim(built(KORLA, "shanghai-2023-dept"), "budget_notes", "减少5.43%", "增加5.43%")
    [finding] = findings(document, "text.E002")
    assert "正文：增加5.43%" in finding.message and finding.message.endswith("下降5.43%")


def test_n001_truncated_percent() -> None:
    assert findings(built(), "text.N001") == []
    # 94.41 / 1146.00 = 8.2382 %: 8.24 rounded, 8.23 truncated
    document = set_claim(built(), "expenditure", "下降8.24%", "下降8.23%")
    [finding] = findings(document, "text.N001")
    assert "正文：下降8.23%" in finding.message and "四舍五入为 8.24%" in finding.message
    # on small figures the rounding of the inputs covers it: 13.18 / 31.00 printed 42.51 %
    document = set_claim(built(), "general_usage", "下降42.52%", "下降42.51%")
    assert findings(document, "text.N001") == []
    assert findings(document, "text.E002") == []


def test_e003_contradicting_directions() -> None:
    assert findings(built(), "text.E003") == []
    document = set_claim(built(), "general_usage", "减少13.18万元，下降42.52%", "减少13.18万元，增长42.52%")
    [finding] = findings(document, "text.E003")
    assert "减少13.18万元" in finding.message and "增长42.52%" in finding.message


# ------------------------------------------------------------------ text.W001


def test_w001_change_without_reason() -> None:
    assert findings(built(), "text.W001") == []
    document = set_claim(built(), "general_usage", "下降5.43%，主要原因是：相关支出减少", "下降5.43%")
    found = findings(document, "text.W001")
    assert [key(f) for f in found] == [("text.W001", "行政运行")]
    assert "减少54.01万元" in found[0].message


def test_w001_reason_in_next_sentence_or_for_the_whole() -> None:
    # the Jiangsu sample gives reasons in the next sentence, and Shanghai's total change in a
    # paragraph of its own ("财政拨款收入支出增加的主要原因是项目调整")
    assert findings(read(JIANGSU), "text.W001") == []
    assert findings(read(SHANGHAI), "text.W001") == []


def _section_of(*paragraphs: str) -> Document:
    document = built(FICTIONAL, "jiangsu-2017-dept")
    document.sections.append(
        Section(key="overview", title="部门预算收支总体情况", paragraphs=list(paragraphs))
    )
    return document


def test_w001_reasons_as_shenzhen_words_them() -> None:
    # shenzhen/26 p.3: the reason for both totals in a line of its own, without 的
    document = _section_of(
        "2026年深圳市统计局部门预算收入5,417.80万元，较2025年年初预算增加206.09万元，增长4.0%。",
        "2026年深圳市统计局部门预算支出5,417.80万元，较2025年年初预算增加206.09万元，增长4.0%。",
        "预算收支增加主要原因说明：新增农业普查项目预算110万元。",
    )
    assert [f for f in findings(document, "text.W001") if "206.09" in f.message] == []
    # shenzhen/26 p.6: the total's change is the one part's, whose reason is given
    document = _section_of(
        "2026年财政拨款“三公”经费预算32.56万元，较2025年年初预算减少27.07万元。",
        "1.因公出国（境）费用。2026年预算数16.80万元，较2025年年初预算减少27.07万元，主要是根据审核情况安排。",
    )
    assert [f for f in findings(document, "text.W001") if "27.07" in f.message] == []
    document = _section_of("2026年财政拨款“三公”经费预算32.56万元，较2025年年初预算减少27.07万元。")
    assert [f for f in findings(document, "text.W001") if "27.07" in f.message]


def test_w001_one_reason_after_a_list_of_changes_covers_the_items_it_names() -> None:
    # quanzhou/02 p.25: the two vehicle items' changes, then one reason on a line of its own that
    # speaks of both (维修 is what 运行费 pays for, 购置 the purchase)
    document = _section_of(
        "2026年预算安排1683.85万元，其中：公务用车运行费1188.00万元，比上年增加168.00万元，增长16.47%；"
        "公务用车购置费495.85万元，比上年增加55.85万元，增长12.69%。",
        "主要原因是: 部分老旧警务车辆需要进行维修，需购置执法执勤车辆用于警务活动。",
    )
    assert [f for f in findings(document, "text.W001") if "公务用车" in f.message] == []
    # fuzhou/01 p.22: the same form, but the reason is the purchase only: 运行费's decrease has none
    document = _section_of(
        "2026年预算安排1335.21万元，其中：公务用车运行费1114.17万元，比上年减少30.00万元，下降2.62%；"
        "公务用车购置费221.04万元，比上年增加221.04万元，增长100%。主要原因是：本年有公务用车购置计划。"
    )
    [finding] = [f for f in findings(document, "text.W001") if "公务用车" in f.message]
    assert "公务用车运行费" in finding.message and "30.00" in finding.message


def test_w001_changes_given_as_the_reason() -> None:
    # huzhou/02 p.8: the total's change, then "主要是" and the parts' changes: they are its reason
    document = _section_of(
        "湖州市卫生健康委员会2026年收入预算515313.35万元，比上年执行数减少10087.38万元，下降1.9%，"
        "主要是政府性基金预算收入较上年执行数下降45.9%，一般公共预算收入较上年执行数下降23.9%，"
        "事业收入较上年执行数增长7.6%。"
    )
    assert [f for f in findings(document, "text.W001") if "%" in f.message] == []


def test_w001_a_cause_named_before_the_change() -> None:
    # xian/14 (西安市科学技术局2022年部门综合预算) p.22: "因人员增加" is the reason of the change after it
    document = _section_of(
        "（2）行政运行（2060101）支出1187.60万元，比上年减少117.05万元，原因是局机关2022年人员绩效增量"
        "标准降低人员经费减少139.51万元；公用经费因人员增加正常增加22.46万元。"
    )
    assert findings(document, "text.W001") == []
    document = _section_of("公用经费增加22.46万元。")
    assert len(findings(document, "text.W001")) == 1


def test_w001_a_numbered_item_after_a_semicolon_is_its_own() -> None:
    # xian/03 (西安市人力资源和社会保障局2020年部门综合预算) p.17: (25) is not (24)'s reason; on the
    # page (25) gives its own account ("属于财政补助的正常调减", text.W001 accepts it); without it, (24)'s
    # reason does not cover (25)
    item_24 = (
        "（24）其他社会保障和就业支出（2089901）13.15万元，较上年减少2201万元，主要原因是随着本部门军转解困"
        "工作职能划出，本年度去掉了军转解困资金预算；"
    )
    document = _section_of(
        item_24 + "（25）行政单位医疗（2101101）8375.70万元，较上年减少562.99万元，属于财政补助的正常调减；"
    )
    assert findings(document, "text.W001") == []
    document = _section_of(item_24 + "（25）行政单位医疗（2101101）8375.70万元，较上年减少562.99万元；")
    assert [f.message for f in findings(document, "text.W001")] == [
        "“行政单位医疗”：正文：减少562.99万元；本句及下一句未说明增减原因"
    ]
    # shenzhen/01 (中共深圳市委宣传部（本级）部门预算) pp.5–6: the items of a reason list are reasons
    document = _section_of(
        "预算收支增加主要原因说明：1.2026年报业集团、广电集团专项经费纳入部门年初预算，2025年经费由市财政年中追加，"
        "较2025年年初预算增加62,000.00万元；2.2026年市级人才专项经费纳入部门年初预算，2025年经费由市财政年中"
        "追加，较2025年年初预算增加1,416.00万元；3.根据上级单位安排，2026年下达转移支付资金1,100.00万元到我部，"
        "纳入部门年初预算并由我部代拨给申报单位，另有结转2025年下达的资金510.00万元，合计上级转移支付资金"
        "1,610.00万元，较2025年年初预算增加1,210.00万元；4.深圳卫视落地覆盖费用补贴政策到期，2026年无此项经费，"
        "较2025年年初预算减少18,525万元；5.落实习惯过紧日子要求，优化工作组织，压减一般性支出。"
    )
    assert findings(document, "text.W001") == []


def test_w001_a_reason_continued_after_a_semicolon() -> None:
    # xian/14 (西安市科学技术局2022年部门综合预算) p.23: the reason runs to the full stop
    reason = (
        "（8）机构运行（2060501）支出327.45万元，比上年减少115.71万元，原因是西安市硬科技产业发展服务中心"
        "及西安科技大市场服务中心人员减少，绩效增量标准降低，人员经费较2021年度减少117.71万元；日常公用经费"
        "减少2.40万元；专项业务费减少37.45万元（生产力中心减少11.95，大市场中心网络宽带费列其他科目减少25.50）。"
    )
    assert findings(_section_of(reason), "text.W001") == []
    # xian/08 (西安市住房和城乡建设局2022年部门综合预算) p.27, the second item's explanation cut: an item
    # stating its own amount is not the reason of the one before
    document = _section_of(
        "机关工资福利支出（501）4059.05万元，较上年减少497.23万元，原因是人员变动，新增调出和退休人员；"
        "机关商品和服务支出（502）3468.65万元，较上年增加1311.55万元；"
    )
    assert [f.message for f in findings(document, "text.W001")] == [
        "“机关商品和服务支出”：正文：增加1311.55万元；本句及下一句未说明增减原因"
    ]
    # a new sentence after the full stop is not the reason's
    document = _section_of(reason + "日常公用经费减少3.00万元；专项业务费减少1.00万元。")
    assert [f.message for f in findings(document, "text.W001")] == [
        "“日常公用经费”：正文：减少3.00万元；本句及下一句未说明增减原因",
        "“专项业务费”：正文：减少1.00万元；本句及下一句未说明增减原因",
    ]
    # 因公出国（境）费 is a name, not a cause
    document = _section_of("因公出国（境）费增加5.00万元。")
    assert [f.message for f in findings(document, "text.W001")] == [
        "“因公出国（境）费”：正文：增加5.00万元；本句及下一句未说明增减原因"
    ]


def _w001(*paragraphs: str) -> list[str]:
    return [f.message for f in findings(_section_of(*paragraphs), "text.W001")]


def test_w001_a_change_called_routine_or_basically_flat() -> None:
    # xian/03 (西安市人力资源和社会保障局2020年部门综合预算) p.14: the drafter's account of the change
    assert (
        _w001(
            "（8）劳动保障监察（2080105）78.79万元，较上年减少12.21万元，属于本年度劳动监察业务经费的正常压缩；"
        )
        == []
    )
    # xian/08 (西安市住房和城乡建设局2022年部门综合预算) p.22
    assert _w001("（2）培训支出（2050803）192.08万元，较上年增加0.11万元，与上年基本持平；") == []
    # "正常压缩" alone says nothing of the change: still no reason
    assert _w001("（8）劳动保障监察（2080105）78.79万元，较上年减少12.21万元，经费正常压缩；") == [
        "“劳动保障监察”：正文：减少12.21万元；本句及下一句未说明增减原因"
    ]


def test_w001_what_was_added_named_after_the_change() -> None:
    # xian/08 p.28: "增加了…专项业务经费" names what the increase is
    assert (
        _w001(
            "机关商品和服务支出（502）3468.65万元，较上年增加1311.55万元，增加了自然灾害风险普查等专项业务经费；"
        )
        == []
    )
    # a figure after "增长了" is the change again, not what changed
    assert _w001("机关商品和服务支出（502）3468.65万元，较上年增加1311.55万元，增长了60.80%；") == [
        "“机关商品和服务支出”：正文：增加1311.55万元；本句及下一句未说明增减原因"
    ]


def test_w001_a_bare_reason_word() -> None:
    # xian/15 (西安市自然资源和规划局2022年部门综合预算) p.32: "原因绩效工资预算减少"
    assert _w001("机关工资福利支出（501）9187.71万元，较上年减少947.42万元，原因绩效工资预算减少；") == []
    assert _w001("机关工资福利支出（501）9187.71万元，较上年减少947.42万元，绩效工资预算减少；") == [
        "“机关工资福利支出”：正文：减少947.42万元；本句及下一句未说明增减原因"
    ]


def test_w001_a_change_repeated_from_a_reason() -> None:
    # xian/14 (西安市科学技术局2022年部门综合预算) pp.30–31: the grid's 主要原因 column read as text
    # repeats the reason the prose gave, its row glued to the cell
    prose = (
        "②商品和服务支出（302）1768.13万元，较上年增加654.20万元，原因是2022年度人员增加，日常公用经费"
        "正常增加36.33万元，专项业务费增加612.10万元。"
    )
    grid = "2022年度人员增加，日常公用经费正常增加36.33万元，专项业(2)商品和服务支出（302）1768.13 1113.91 654.22务费增加612.10万元。"
    assert _w001(prose, grid) == []
    assert len(_w001(grid)) == 2  # without the prose, nothing gives them a reason
    # a round amount of another subject is no repetition
    assert _w001(
        "①对个人和家庭的补助（303）202.56万元，较上年增加37.21万元，原因是局机关增加10万元。",
        "交流中心增加10万元。",
    ) == ["“交流中心”：正文：增加10万元；本句及下一句未说明增减原因"]


def test_w001_a_change_broken_down_in_its_sentence() -> None:
    # xian/14 p.32: "较上年增加212.77万元，其中：…" gives the parts in the same sentence, and the
    # section gives reasons after it: a total broken down, as after "…万元。其中："
    total = (
        "②机关商品和服务支出（502）996.33万元，较上年增加212.77万元，其中：2021年度专项业务费支出533万元。"
    )
    after = (
        "2022年专项业务费806.10万元。",
        "③机关资本性支出（一）（503）5.40万元，较上年增加5.40万元，原因是2022年局机关购置固定资产5.40万元。",
    )
    assert _w001(total, *after) == []
    assert _w001(total.replace("，其中：", "。"), *after) == [
        "“机关商品和服务支出”：正文：增加212.77万元；本句及下一句未说明增减原因"
    ]


# ------------------------------------------------------------------ text.E004 / W002


def test_e004_overall_total() -> None:
    assert findings(built(), "text.E004") == []
    document = set_claim(built(), "overview", "收支总预算1307.84万元", "收支总预算1307.48万元")
    [finding] = findings(document, "text.E004")
    assert "正文：1307.48万元" in finding.message and "收入总计 1307.84万元" in finding.message
    document = set_claim(built(), "fiscal", "财政拨款收支总预算1307.84万元", "财政拨款收支总预算1370.84万元")
    assert [key(f) for f in findings(document, "text.E004")] == [("text.E004", "财政拨款收支总预算")]


def test_w002_zero_change_with_a_direction() -> None:
    assert findings(built(), "text.W002") == []
    found = findings(read(SEED), "text.W002")
    sangong = [f for f in found if "增加0万元，增长0%" in f.message]
    # the total and two of its four items, once each; 公务用车运行费 and 公务接待费 go on "…主要原因为
    # 本年度公务用车运行费预算与去年一致": 持平 is said (as the quanzhou and zhuhai keys rule)
    assert len(sangong) == 3


def test_w002_a_zero_change_called_flat_in_the_same_breath() -> None:
    def w002(text: str) -> list[str]:
        return [f.message for f in findings(_section_of(text), "text.W002")]

    # quanzhou/01 p.27: the template's 增加/增长 filled with zeros, and 持平 written right after
    assert w002("2026年公务接待费预算安排18.85万元，比上年增加0.00万元，增长0.00%，与上年持平。") == []
    # zhuhai/01 p.30: "…比上年增加0万元，增长0%，主要原因是与上年持平，无增减变化"
    assert (
        w002("公务用车购置及运行维护费0万元，比上年增加0万元，增长0%，主要原因是与上年持平，无增减变化。")
        == []
    )
    # xian/12 p.13: the 无变化 that follows is 会议费's, after another amount
    [message] = w002(
        "2022年本部门当年一般公共预算“三公”经费预算支出0.27万元，较上年增加0.0万元，其中会议费0.24万元，较上年无变化。"
    )
    assert "增加0.0万元" in message
    # zhuhai/01 p.30 in full: the item's parts in brackets, zeros all, and the item's 持平 after the
    # bracket (its key rules the zeros out); a part with a figure after it is its own
    assert (
        w002(
            "公务用车购置及运行维护费0万元（公务用车购置费0万元，比上年增加0万元；公务用车运行维护费0万元，"
            "比上年增加0万元。）比上年增加0万元，增长0%，主要原因是与上年持平，无增减变化。"
        )
        == []
    )
    [message] = w002(
        "公务用车购置及运行维护费5万元（公务用车购置费0万元，比上年增加0万元；公务用车运行维护费5万元，"
        "比上年增加5万元。）比上年增加5万元，增长100%，主要原因是新增车辆。"
    )
    assert message.startswith("“公务用车购置费”")


def test_w001_a_total_whose_numbered_items_give_the_reasons() -> None:
    # shenzhen/21 p.10: the “三公” total's change, then its items, each with its reason
    document = _section_of(
        "2026年财政拨款“三公”经费预算66.00万元，较2025年年初预算增加33.00万元。",
        "1.因公出国（境）费用。2026年预算数46.80万元，较2025年年初预算增加46.80万元，主要是2025年年初因公出国（境）计划暂未明确。",
        "2.公务接待费。2026年预算数15.00万元，较2025年年初预算增加0.00万元，主要是用于相关部门来深交流学习。",
    )
    assert [f for f in findings(document, "text.W001") if "33.00" in f.message] == []
    # without the items, the total's change has no reason
    document = _section_of("2026年财政拨款“三公”经费预算66.00万元，较2025年年初预算增加33.00万元。")
    assert [f for f in findings(document, "text.W001") if "33.00" in f.message]


def _w001_of(*paragraphs: str) -> list[str]:
    return [f.message for f in findings(_section_of(*paragraphs), "text.W001") if "本句及下一句" in f.message]


def test_w001_a_change_explained_where_it_was_first_stated() -> None:
    # js-npc-standing-cttee-office_2017 pp.24-27: the total's 844.15 is explained once, then
    # repeated for 财政拨款 and 一般公共预算 without its reason
    first = "江苏省人大常委会办公厅2017年度收入、支出预算总计13649.07万元，与上年相比收、支预算总计各增加844.15万元，增长6.59%。主要原因是政策性调整工资、提租补贴调整。"
    again = "江苏省人大常委会办公厅2017年一般公共预算财政拨款支出预算13649.07万元，与上年相比增加844.15万元，增长6.59%。"
    assert [m for m in _w001_of(first, again) if "844.15" in m] == []
    assert [m for m in _w001_of(again) if "844.15" in m]


def test_w001_a_reason_in_the_next_paragraph_and_a_new_subject() -> None:
    # js-npc-standing-cttee-office_2017 p.28: the reason printed from the next line, with no opener
    run = "2017年本部门一般公共预算机关运行经费预算支出5619.31万元，比2016年增加4032.99万元，增加254.23%。"
    assert (
        _w001_of(
            run,
            "此项数据变动较大的原因是财政部对“机关运行经费”口径调整，将专项中包含的运行经费统计在这张表中。",
        )
        == []
    )
    # ... but not the next item's own reason (js-npc-standing-cttee-office_2017 p.26, items 1 and 2)
    first = "1. 人大事务行政运行（项）支出10528.33万元，与上年相比减少17.89万元，减少0.17%。"
    second = "2. 社会保障和就业支出 1608.51 万元，与上年相比增加193.25万元，增长13.65%。主要原因是政策性调增离退休人员工资。"
    assert [m for m in _w001_of(first, second) if "17.89" in m]
    assert _w001_of(first, "此项数据变动的原因是公用定额减少。") == []
    # js-party-cttee-office_2018 p.9: a subject new this year
    new = (
        "行政事业单位离退休（款）机关事业单位基本养老保险缴费（项）支出743.39万元，与上年相比增加743.39万元。"
    )
    assert _w001_of(new + "此项级科目为今年新增科目。") == []
    assert len(_w001_of(new)) == 1


def test_w001_a_description_before_the_change_is_no_reason() -> None:
    # shenzhen/04 p.7: each project says what it is for, then how it changed — what the item is, not
    # why it changed (a purpose after the change says what the added money is for: that is a reason)
    assert (
        len(
            _w001_of(
                "1.机关政务保障199.55万元，主要用于保障政务活动等工作的支出。较2025年年初预算减少0.05万元。"
            )
        )
        == 1
    )
    assert (
        _w001_of("1.机关政务保障199.55万元，较2025年年初预算增加0.05万元，主要用于保障政务活动等工作的支出。")
        == []
    )


def test_w001_a_combined_item_broken_down_from_the_next_line() -> None:
    # huzhou/01 p.13: the combined car item's change, its parts (with their reasons) from the next line
    total = "3.公务用车购置及运行维护费：2026年安排公务用车购置及运行维护费预算698.30万元，比上年预算数增长15.9%。"
    parts = "其中，公务用车购置支出171.80万元，比上年预算数增长436.9%，主要原因是2026年公务车购置使用一般公共预算资金。"
    assert [m for m in _w001_of(total, parts) if "15.9%" in m] == []


def test_e001_the_whole_department_targets_against_the_tables() -> None:
    # quanzhou/01 p.37: 部门整体支出绩效目标表 年度预算安排 项目支出 2285.57, the tables 9269.43
    from yusuan.model.document import Cell

    document = built()
    table = next(t for t in document.performance if "整体" in t.title)
    table.fields["基本支出"] = Cell(text="1051.59", value=Decimal("1051.59"))
    table.fields["项目支出"] = Cell(text="2562500", value=Decimal("2562500"))  # in 元: 256.25 万元
    assert findings(document, "text.E001") == []
    table.fields["项目支出"] = Cell(text="285.57", value=Decimal("285.57"))
    [finding] = findings(document, "text.E001")
    assert "“项目支出”：单位整体绩效目标表：285.57" in finding.message and "256.25" in finding.message
    assert finding.location.table == "单位整体绩效目标表" and finding.location.row == "项目支出"
    # a project's own performance table is no statement of the budget's totals
    document = built()
    project_table = next(t for t in document.performance if "整体" not in t.title)
    project_table.fields["项目支出"] = Cell(text="285.57", value=Decimal("285.57"))
    assert findings(document, "text.E001") == []


def test_e001_a_whole_the_tables_print_in_parts_only() -> None:
    # 苏州: the text's 公用经费 is 财政拨款's (140.00 general + 15.00 政府性基金), the basic table the
    # general budget's alone; a figure beyond what the other funds can add is still wrong
    document = built(FICTIONAL, "suzhou-2026-dept").model_copy(deep=True)
    assert findings(document, "text.E001") == []
    wrong = set_claim(document, "fiscal_basic", "公用经费155.00万元", "公用经费255.00万元")
    [finding] = findings(wrong, "text.E001")
    assert finding.message.startswith("“公用经费”：正文：255.00万元")
    # 湖州: no table prints the whole budget's 基本支出 (表03 has 人员支出 and 公用经费 only, left
    # blank by a budget that splits no function row); below the general budget's it is still wrong
    document = built(FICTIONAL, "huzhou-2026-dept").model_copy(deep=True)
    assert findings(document, "text.E001") == []
    wrong = set_claim(
        document,
        "expenditure",
        "基本支出1090.00万元，占100.00%，比上年",
        "基本支出990.00万元，占100.00%，比上年",
    )
    assert [f.message.split("；")[0] for f in findings(wrong, "text.E001")] == [
        "“基本支出”：正文：990.00万元"
    ]
