"""The text against itself: sentence arithmetic (text.E005, text.E002, text.N002), one item one
amount (text.E006), the year a change is measured against (prior.E005). Every sentence is a real
one from the development corpus, cited by document and page; a triggering variant changes one figure or
year of it, as a typo would."""

from __future__ import annotations

from yusuan.check.finding import Finding
from yusuan.check.runner import check_document
from yusuan.model.document import Document, Section


def text_document(year: int, *paragraphs: str, stage: str = "预算") -> Document:
    """A document of one explanatory section (claims are read from its paragraphs when checked)."""
    return Document(
        layout="",
        year=year,
        scope="部门",
        unit_name="某单位",
        title=f"{year}年部门{stage}",
        stage=stage,  # type: ignore[arg-type]
        sections=[Section(key="overview", title="部门预算情况说明", paragraphs=list(paragraphs))],
    )


def found(rule_id: str, document: Document) -> list[Finding]:
    report = check_document(document, only={rule_id})
    assert report.failed_rules == []
    return report.findings


# xian/05 (西安市民政局2021年部门综合预算) p.24: 29.92 − 7.80 = 22.12
XIAN_05 = (
    "2021年本部门当年一般公共预算会议费预算支出29.92万元，较上年的7.80万元增加22.12万元，增幅283.59%，"
    "主要原因是局机关增加社区（村）委会换届选举会议及其他民政业务会议预算支出。"
)


def test_e005_change_is_the_difference_of_the_amounts() -> None:
    assert found("text.E005", text_document(2021, XIAN_05)) == []
    [finding] = found("text.E005", text_document(2021, XIAN_05.replace("增加22.12万元", "增加21.12万元")))
    assert "上年7.80万元，本年29.92万元，增加21.12万元" in finding.message
    assert "29.92 − 7.80 = 22.12万元，应为增加22.12万元" in finding.message
    # the direction word against the sign of the difference
    [finding] = found("text.E005", text_document(2021, XIAN_05.replace("增加22.12万元", "减少22.12万元")))
    assert "应为增加22.12万元" in finding.message


def test_e002_percent_from_the_prior_amount_and_the_change() -> None:
    # the same sentence without this year's amount: 22.12 ÷ 7.80 = 283.59 %
    sentence = "会议费较上年的7.80万元增加22.12万元，增幅283.59%，主要原因是增加换届选举会议。"
    assert found("text.E002", text_document(2021, sentence)) == []
    [finding] = found("text.E002", text_document(2021, sentence.replace("283.59%", "238.59%")))
    assert "238.59%" in finding.message and "283.59%" in finding.message


# jiangsu-province/js-procuratorate_2018 p.26: two items, each with its own percentage
JS_PROCURATORATE = (
    "1.行政运行（2040401）10,883.36万元，比上年增加2,915.22万元，增长36.59%，主要原因是人员经费增加。",
    "2.一般行政管理事务（2040402）3,666万元，比上年增加21.8万元，增长0.60%，主要原因是业务经费增加。",
)


def test_e002_a_percentage_copied_from_the_item_before() -> None:
    assert found("text.E002", text_document(2018, *JS_PROCURATORATE)) == []
    copied = JS_PROCURATORATE[1].replace("增长0.60%", "增长36.59%")
    [finding] = found("text.E002", text_document(2018, JS_PROCURATORATE[0], copied))
    assert "“一般行政管理事务”：正文：增长36.59%" in finding.message  # the code is the claim's, not its name
    assert "与上一项“行政运行”的百分比相同，可能照抄了上一项" in finding.message


def test_n002_growth_from_nothing() -> None:
    # jiangsu-province/js-high-court_2018 p.20: a new subject "增长100%" (prior 0)
    sentence = "机关事业单位基本养老保险缴费支出（2080505）1326.81万元，比上年增加1326.81万元，增长100%，主要原因是养老保险制度改革。"
    [finding] = found("text.N002", text_document(2018, sentence))
    assert "上年为0" in finding.message and finding.severity.value == "notice"
    assert found("text.E002", text_document(2018, sentence)) == []  # not an arithmetic error
    # xian/09 p.23: nothing this year and nothing last year is 持平 (text.W002), not this notice
    assert (
        found(
            "text.N002",
            text_document(2022, "因公出国（境）经费0万元，较上年增加0万元，增加0%，主要原因是无出国计划。"),
        )
        == []
    )


# shanghai-putuo/sh-putuo-wanli-subdistrict_2024 p.9, item 31: opens with 350.35, restates 352.67
# (the table's 2210201 prints 3,503,499元; 0.53% follows from 350.35 on 348.52)
WANLI_31 = (
    "31. “住房保障支出（类）住房改革支出（款）住房公积金（项）”{amount}万元，主要用于住房公积金。"
    "2023年当年预算执行数为348.52万元，2024年预算安排352.67万元，比2023年预算执行数增加0.53%。"
    "主要原因是：住房公积金经费增加。"
)


def test_e006_one_item_states_one_amount() -> None:
    [finding] = found("text.E006", text_document(2024, WANLI_31.format(amount="350.35")))
    assert "“住房公积金”：本项开头为 350.35万元，其后又写“2024年预算安排352.67万元”" in finding.message
    assert found("text.E006", text_document(2024, WANLI_31.format(amount="352.67"))) == []
    # the prior year's amount and another year's budget are not restatements
    assert found("text.E006", text_document(2025, WANLI_31.format(amount="350.35"))) == []


# xian/14 (西安市科学技术局2022年部门综合预算) p.37: its neighbours compare with 2021, this one with 2020
XIAN_14 = (
    "局机关行政运行经费预算109.15万元，比2021年增加21.79万元，主要原因是：标准提高经费增加。",
    "西安地球环境创新研究院公用经费预算115.36万元，比2020年增加16.93万元，主要原因是人员增加和标准提高导致经费增加。",
    "西安生产力促进中心公用经费预算0万元，与2021年度持平。",
)


def test_prior_e005_compared_with_the_wrong_year() -> None:
    [finding] = found("prior.E005", text_document(2022, *XIAN_14))
    assert "“比2020年”：2022年预算应与2021年比较，此处与2020年比较" in finding.message
    assert "115.36万元" in finding.message
    # the year is not also reported as an odd year of the text
    assert found("wording.W003", text_document(2022, *XIAN_14)) == []
    # in final accounts of 2021 the year's own 年初预算 is a base too
    assert (
        found(
            "prior.E005",
            text_document(
                2021, "支出决算115.36万元，比2021年年初预算增加16.93万元，主要原因是人员增加。", stage="决算"
            ),
        )
        == []
    )
    # a year that is no comparison of money ("与2020年相比，服务对象增加") says nothing
    assert found("prior.E005", text_document(2022, "与2020年相比，全市科技企业数量大幅提升。")) == []


# jiangsu-province/js-cppcc-office_2018 (text) p.10: 5,678.17 / 10,150.48 = 55.94 %, 3,314.68 → 32.66 %
JS_CPPCC_SHARES = (
    "江苏省政协办公厅本年支出预算合计10,150.48万元，其中：基本支出5,678.17万元，占55.94%；"
    "项目支出3,314.68万元，占32.66%；单位预留机动经费1,157.63万元，占11.40%；结转下年资金0万元，占0%。"
)


def test_share_e001_a_share_copied_from_the_item_before() -> None:
    assert found("share.E001", text_document(2018, JS_CPPCC_SHARES)) == []
    [finding] = found("share.E001", text_document(2018, JS_CPPCC_SHARES.replace("占32.66%", "占55.94%")))
    assert finding.message.startswith("“项目支出”：正文：占55.94%")
    assert "与上一项“基本支出”的占比相同，可能照抄了上一项" in finding.message


# shanghai-putuo/sh-putuo-wanli-subdistrict_2024 p.6, item 4: a decrease whose reason says 增加
WANLI_4 = (
    "4. “一般公共服务支出（类）宣传事务（款）一般行政管理事务（项）”110.60万元，主要用于宣传事务一般行政管理事务。"
    "2023年当年预算执行数为114.00万元，2024年预算安排110.60万元，比2023年预算执行数减少2.98%。"
    "主要原因是：宣传事务一般行政管理事务经费增加。"
)


def test_e003_a_reason_that_goes_the_other_way() -> None:
    [finding] = found("text.E003", text_document(2024, WANLI_4))
    assert (
        "“一般行政管理事务”：正文：减少2.98%；原因却写“主要原因是：宣传事务一般行政管理事务经费增加”"
        in finding.message
    )
    assert found("text.E003", text_document(2024, WANLI_4.replace("经费增加。", "经费减少。"))) == []
    # a reason about something else, or with both directions, is not read as the subject's direction
    assert (
        found(
            "text.E003", text_document(2024, WANLI_4.replace("宣传事务一般行政管理事务经费增加", "人员增加"))
        )
        == []
    )


def test_e002_this_years_amount_from_the_paragraph_before() -> None:
    """ "“三公”经费预算数为15.00万元，其中：…" then, in the next paragraph, "“三公”经费比上年预算减少
    19.00万元，下降55.88%" (the layout templates write it so): 19 ÷ 34 = 55.88 %."""
    from rulekit import FICTIONAL, built, set_claim

    document = built(FICTIONAL, "xinjiang-2024-unit")
    assert found("text.E002", document) == []
    changed = set_claim(document, "sangong", "下降55.88%", "下降45.88%")
    [finding] = found("text.E002", changed)
    assert "正文：下降45.88%" in finding.message and "55.88%" in finding.message
