"""Prior-year figures as the text states them (this year's amount ± the change): each rule fires on
a planted or the seed's genuine error and stays silent on text yusuan writes. The three families
on every generated and real document: tests/test_rules_text.py."""

from __future__ import annotations

from decimal import Decimal

from rulekit import KORLA, SEED, SHANGHAI, built, findings, read, set_claim
from yusuan.model.document import Document

# This year's figures of the Korla example and the prior-year figures its text states for them.
STATED_PRIOR = {
    "939.99": "994.00",
    "256.25": "313.00",
    "7.80": "3.00",
    "28.94": "56.00",
    "14.47": "16.00",
    "17.82": "31.00",
    "5.60": "4.00",
    "36.97": "42.00",
    "1051.59": "1146.00",
    "1307.84": "1459.00",
}


def last_year(changes: dict[str, str]) -> Document:
    """The Korla document as last year's would print it: every figure this year's text states a
    prior year for replaced by that prior year."""
    document = built()
    swap = {Decimal(k): v for k, v in changes.items()}
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.value is not None and cell.value in swap:
                    cell.text = swap[cell.value]
                    cell.value = Decimal(cell.text)
    return document


# ------------------------------------------------------------------ prior.E001


def test_e001_seed_basic_and_project_against_the_total() -> None:
    [finding] = findings(read(SEED), "prior.E001")
    assert "正文所述为 1459.00万元（1307.84 + 151.16 = 1459.00万元）" in finding.message
    assert "基本支出 1147.00（1051.59 + 95.41 = 1147.00万元）" in finding.message
    assert "项目支出 313.00" in finding.message and "= 1460.00万元" in finding.message
    assert "相差 1.00万元" in finding.message
    assert finding.location.sentence is not None and "95.41" in finding.location.sentence


def test_e001_clean_and_planted() -> None:
    assert findings(built(), "prior.E001") == []
    document = built()
    for section in ("expenditure", "general_scale"):  # both state the project change
        document = set_claim(document, section, "减少56.75万元，下降18.13%", "减少57.75万元，下降18.39%")
    [finding] = findings(document, "prior.E001")
    assert "项目支出 314.00" in finding.message and "相差 1.00万元" in finding.message


# ------------------------------------------------------------------ prior.E002


def test_e002_items_against_the_total() -> None:
    assert findings(built(), "prior.E002") == []
    assert findings(read(SEED), "prior.E002") == []  # the seed's eight 项 do add up to 1459
    document = set_claim(built(), "general_usage", "减少54.01万元，下降5.43%", "减少55.01万元，下降5.53%")
    [finding] = findings(document, "prior.E002")
    assert "按8项科目推算为" in finding.message and "= 1460.00万元" in finding.message
    assert "正文所述为 1459.00万元" in finding.message


def test_e002_an_item_that_is_zero_this_year_counts() -> None:
    # suzhou/04 p.34: "（六）商业服务业等支出（类）涉外发展服务支出（款）其他涉外发展服务支出（项）支出
    # 0万元，与上年相比减少 750 万元": no table prints a row of 0, but its prior year is in the total
    document = set_claim(built(), "general_usage", "减少54.01万元，下降5.43%", "减少53.01万元，下降5.33%")
    assert len(findings(document, "prior.E002")) == 1  # 1458 against 1459
    section = document.section("general_usage")
    section.paragraphs.append(
        "9. 商业服务业等支出（类）涉外发展服务支出（款）其他涉外发展服务支出（项）：2024年预算数为0万元，"
        "比上年预算减少1.00万元，下降100%，主要原因是：项目结束。"
    )
    set_claim(document, "general_usage", "项目结束", "项目结束")  # the claims read again
    assert findings(document, "prior.E002") == []


def test_e002_the_items_of_a_class_against_the_class() -> None:
    # js-high-court 2018 p.17 and p.19: "公共安全（类）支出26200.88万元…与上年相比增加2687.77万元",
    # its six 法院 项 with their changes imply a prior 10.00 higher (392.92 printed for 382.92).
    # Korla: 一般公共服务 (201) is 行政运行 939.99 (−54.01) + 其他…事务支出 256.25 (−56.75) = 1196.24
    def with_class(change: str) -> object:
        document = built()
        document.section("general_usage").paragraphs.insert(
            0, f"一般公共服务（类）支出1196.24万元，比上年预算减少{change}万元。"
        )
        return set_claim(document, "general_usage", "相关支出减少", "相关支出减少")  # read again

    assert findings(with_class("110.76"), "prior.E002") == []  # type: ignore[arg-type]
    [finding] = findings(with_class("100.76"), "prior.E002")  # type: ignore[arg-type]
    assert finding.message.startswith("“一般公共服务”的上年数：正文所述为 1297.00万元")
    assert "按2项科目推算为 994.00 + 313.00 = 1307.00万元；相差 10.00万元" in finding.message


# ------------------------------------------------------------------ prior.E003


def test_e003_last_years_document() -> None:
    document = built()
    assert findings(document, "prior.E003") == []  # no prior-year document: nothing to compare
    assert findings(document, "prior.E003", prior=last_year(STATED_PRIOR)) == []
    wrong = {**STATED_PRIOR, "939.99": "990.00"}
    [finding] = findings(built(), "prior.E003", prior=last_year(wrong))
    assert finding.message.startswith("“行政运行”：按本年正文推算的上年数：939.99 + 54.01 = 994.00万元")
    assert "990.00万元" in finding.message


# ------------------------------------------------------------------ prior.W001


def test_w001_two_bases() -> None:
    assert findings(built(KORLA, "shanghai-2023-dept"), "prior.W001") == []
    document = set_claim(
        built(KORLA, "shanghai-2023-dept"),
        "budget_notes",
        "比2023年预算减少5.43%",
        "比2023年预算执行数减少5.43%",
    )
    [finding] = findings(document, "prior.W001")
    assert "以“上年预算执行数”为基础的1处" in finding.message
    [finding] = findings(read(SHANGHAI), "prior.W001")
    assert "以“上年预算”为基础的10处" in finding.message


# ------------------------------------------------------------------ prior.E004


def test_e004_increase_larger_than_the_amount() -> None:
    assert findings(built(), "prior.E004") == []
    document = set_claim(built(), "general_usage", "增加4.80万元，上涨160.00%", "增加8.80万元，上涨160.00%")
    [finding] = findings(document, "prior.E004")
    assert "7.80 − 8.80 = -1.00万元" in finding.message
    [finding] = findings(read(SHANGHAI), "prior.E004")
    assert finding.message.startswith("“政府性基金拨款支出预算”：正文：0万元，增加1421.25万元")


def test_e004_silent_on_a_change_in_a_sentence_of_its_own() -> None:
    # shenzhen/05 p.7: "…莲塘口岸一站式平台运营管理项目上年结转 66.73 万元，用于…。较 2025 年年初预算
    # 增加 569.63 万元" — the increase is the whole item's (口岸管理业务 40,000.70), printed
    # in the sentence after its last part
    printed = "2024年预算数为7.80万元，比上年预算增加4.80万元"
    document = set_claim(built(), "general_usage", printed, "2024年预算数为7.80万元。比上年预算增加8.80万元")
    assert findings(document, "prior.E004") == []
