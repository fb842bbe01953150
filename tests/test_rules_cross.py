"""Rules of the cross family (agreement between tables): each fires on one planted error and stays
quiet on clean documents."""

from __future__ import annotations

import pytest

from rulekit import FICTIONAL, JIANGSU, KORLA, LAYOUTS, SEED, SHANGHAI, built, findings, read, set_cell
from yusuan.check.registry import RULES
from yusuan.check.runner import check_document, load_rules

XINJIANG, SHANGHAI_LAYOUT, JIANGSU_LAYOUT = LAYOUTS


def family(name: str) -> set[str]:
    load_rules()
    return {r for r in RULES if r.startswith(f"{name}.")}


def test_every_rule_has_texts() -> None:
    rules = family("cross")
    assert {"cross.N001", "cross.E001", "cross.E007", "cross.W001"} <= rules
    for rule_id in rules:
        rule = RULES[rule_id]
        assert rule.title and rule.title_en and rule.rationale


# ---------------------------------------------------------------------------- no false alarms
@pytest.mark.parametrize("source", [KORLA, FICTIONAL], ids=["korla", "fictional"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_generated_documents_are_clean(source: object, layout: str) -> None:
    report = check_document(built(source, layout), only=family("cross"))  # type: ignore[arg-type]
    assert report.failed_rules == []
    assert [f.message for f in report.findings] == []


@pytest.mark.parametrize("path", [SHANGHAI, JIANGSU], ids=["shanghai", "jiangsu"])
def test_samples_are_clean(path: object) -> None:
    report = check_document(read(path), only=family("cross"))  # type: ignore[arg-type]
    assert report.failed_rules == []
    assert [f.message for f in report.findings] == []


def test_seed_findings_are_true() -> None:
    # The seed's table 7 lost its first row (信息化基础设施建设和设备维护项目, 400000 元) in the text:
    # its seven rows add up to 2,162,500 元 under 2010399 while table 5 has 256.25 万元.
    report = check_document(read(SEED), only=family("cross"))
    assert [f.rule for f in report.findings] == ["cross.E007"]
    assert "256.25万元" in report.findings[0].message
    assert "2,162,500元" in report.findings[0].message


# ---------------------------------------------------------------------------- E001
def test_e001_summary_against_expenditure_total() -> None:
    doc = set_cell(built(), "expenditure", "合 计", "total", "1300.00")
    [finding] = findings(doc, "cross.E001")
    assert "表1 支出总计 1307.84万元" in finding.message
    assert "表3 合计 1300.00万元" in finding.message
    assert "相差 7.84万元" in finding.message
    assert finding.location.table_key == "summary"
    assert finding.message_en and finding.hint


def test_e001_jiangsu_totals_table() -> None:
    doc = set_cell(built(KORLA, JIANGSU_LAYOUT), "expenditure", "1,307.84", "total", "1,300.00")
    assert len(findings(doc, "cross.E001")) == 1


def test_e001_clean() -> None:
    assert findings(built(), "cross.E001") == []


# ---------------------------------------------------------------------------- E002
def test_e002_basic_economic_against_general_basic() -> None:
    doc = set_cell(built(), "basic_economic", "合 计", "total", "1050.00")
    [finding] = findings(doc, "cross.E002")
    assert "表6 合计 1050.00万元" in finding.message
    assert "表5 基本支出合计 1051.59万元" in finding.message


def test_e002_jiangsu_compares_table_three_when_only_general_budget() -> None:
    # Jiangsu's general table has one amount column; with only general-budget money table 3's
    # basic expenditure is the same money.
    doc = set_cell(built(KORLA, JIANGSU_LAYOUT), "basic_economic", "合计", "total", "1,050.00")
    [finding] = findings(doc, "cross.E002")
    assert "表三 基本支出合计 1,051.59万元" in finding.message


def test_e002_clean_with_other_funds() -> None:
    # The fictional department has fund and business money: table 3's basic total differs from
    # table 8's, and that is right; table 5's basic total is the one to compare.
    assert findings(built(FICTIONAL, SHANGHAI_LAYOUT), "cross.E002") == []


# ---------------------------------------------------------------------------- E003
def test_e003_subject_differs_between_tables() -> None:
    doc = set_cell(built(), "general", "2010301", "total", "930.00")
    doc = set_cell(doc, "general", "2010301", "basic", "930.00")
    messages = [f.message for f in findings(doc, "cross.E003")]
    assert any("2010301 合计 930.00万元" in m and "2010301 合计 939.99万元" in m for m in messages)
    assert any("2010301 基本支出" in m for m in messages)


def test_e003_subject_missing_from_general() -> None:
    doc = built()
    table = doc.table("general")
    table.rows = [r for r in table.rows if r.code != "2101103"]
    messages = [f.message for f in findings(doc, "cross.E003")]
    assert any("2101103 合计 5.60万元" in m and "（空）" in m for m in messages)


def test_e003_not_applied_when_other_funds() -> None:
    # The fictional department has a government fund: tables 3 and 5 rightly differ.
    doc = set_cell(built(FICTIONAL, SHANGHAI_LAYOUT), "general", "2050101", "total", "3,000,000")
    assert findings(doc, "cross.E003") == []


def test_e003_clean() -> None:
    assert findings(built(), "cross.E003") == []
    assert findings(read(SHANGHAI), "cross.E003") == []


# ---------------------------------------------------------------------------- E004
def test_e004_fund_column_against_fund_table() -> None:
    doc = set_cell(built(), "general", "合 计", "total", "1300.00")
    [finding] = findings(doc, "cross.E004")
    assert "表4 一般公共预算支出合计 1307.84万元" in finding.message
    assert "表5 合计 1300.00万元" in finding.message


def test_e004_government_fund_table() -> None:
    doc = set_cell(built(FICTIONAL, SHANGHAI_LAYOUT), "gov_fund", "合计", "total", "140,000")
    [finding] = findings(doc, "cross.E004")
    assert "政府性基金预算" in finding.message


def test_e004_jiangsu_sum_of_tables() -> None:
    doc = set_cell(built(KORLA, JIANGSU_LAYOUT), "general", "合计", "total", "1,300.00")
    [finding] = findings(doc, "cross.E004")
    assert "表四 财政拨款支出合计 1,307.84万元" in finding.message
    assert "表八 合计 1,300.00万元" in finding.message


def test_e004_clean() -> None:
    assert findings(built(FICTIONAL, SHANGHAI_LAYOUT), "cross.E004") == []


# ---------------------------------------------------------------------------- E005
def test_e005_class_against_its_items() -> None:
    doc = set_cell(built(), "expenditure", "2080501", "total", "8.80")
    [finding] = findings(doc, "cross.E005")
    assert "“208”类支出 51.21万元" in finding.message
    assert "“208”类 3 项之和 52.21万元" in finding.message


def test_e005_summary_printed_with_ordinals() -> None:
    # The Shanghai sample prints classes as 七、城乡社区支出 without codes: placed by name.
    doc = set_cell(read(SHANGHAI), "summary", "七、城乡社区支出", "expenditure.total", "121,319,000")
    [finding] = findings(doc, "cross.E005")
    assert "121,319,000元" in finding.message and "121,319,878元" in finding.message


def test_e005_class_missing_from_summary() -> None:
    doc = built(FICTIONAL, SHANGHAI_LAYOUT)
    table = doc.table("summary")
    table.rows = [r for r in table.rows if r.code != "229"]
    [finding] = findings(doc, "cross.E005")
    assert "未列出“229”类" in finding.message


def test_e005_clean() -> None:
    assert findings(built(FICTIONAL, SHANGHAI_LAYOUT), "cross.E005") == []


# ---------------------------------------------------------------------------- E006, N001
def test_e006_projects_total_in_yuan() -> None:
    doc = set_cell(built(), "projects", "合计", "total", "2462500")
    [finding] = findings(doc, "cross.E006")
    assert "表7 合计 2462500元" in finding.message and "256.25万元" in finding.message
    assert "相差 -10.00万元" in finding.message


def test_n001_rounding_between_yuan_and_wan() -> None:
    # 2,562,540 元 is 256.254 万元: table 5 prints 256.25, within its rounding.
    doc = set_cell(built(), "projects", "合计", "total", "2562540")
    assert findings(doc, "cross.E006") == []
    [notice] = findings(doc, "cross.N001")
    assert "尾差" in notice.message


def test_e006_clean() -> None:
    assert findings(built(), "cross.E006") == []
    assert findings(built(), "cross.N001") == []


# ---------------------------------------------------------------------------- E007
def test_e007_projects_of_a_subject() -> None:
    doc = set_cell(built(), "projects", "2010399", "total", "500000")
    [finding] = findings(doc, "cross.E007")
    assert "表5 “2010399”项目支出 256.25万元" in finding.message
    assert "8 个项目之和" in finding.message and "2,662,500元" in finding.message


def test_e007_clean() -> None:
    assert findings(built(), "cross.E007") == []


# ---------------------------------------------------------------------------- W001
def test_w001_operating_above_public() -> None:
    doc = set_cell(built(FICTIONAL, SHANGHAI_LAYOUT), "sangong", "15.00", "current.operating", "150.00")
    [finding] = findings(doc, "cross.W001")
    assert "150.00万元" in finding.message and "1,400,000元" in finding.message
    assert finding.severity.value == "warning"


def test_w001_clean() -> None:
    doc = set_cell(built(FICTIONAL, SHANGHAI_LAYOUT), "sangong", "15.00", "current.operating", "100.00")
    assert findings(doc, "cross.W001") == []
    assert findings(read(SHANGHAI), "cross.W001") == []  # 786.09 万元 within 15,381,432 元


# ---------------------------------------------------------------------------- E008
def test_e008_income_table_against_summary() -> None:
    # Xinjiang table 2 (by subject) closes with 合计; table 1 with 收入总计.
    doc = set_cell(built(), "income", "合计", "total", "1300.84")
    [finding] = findings(doc, "cross.E008")
    assert "收入总计 1307.84万元" in finding.message and "合计 1300.84万元" in finding.message
    assert finding.location.table_key == "summary"


def test_e008_jiangsu_income_list() -> None:
    # Jiangsu table 2 lists income by source, its first row 收入总计 (found by bench/mutation.py).
    doc = set_cell(built(KORLA, JIANGSU_LAYOUT), "income", "收入总计", "amount", "1,308.84")
    [finding] = findings(doc, "cross.E008")
    assert "1,308.84" in finding.message or "1308.84" in finding.message


def test_e008_clean() -> None:
    for layout in LAYOUTS:
        assert findings(built(FICTIONAL, layout), "cross.E008") == []


def _without_operating_column(doc):  # type: ignore[no-untyped-def]
    """The document as a layout whose 三公 table prints no 机关运行经费 (Xi'an's)."""
    table = doc.table("sangong")
    index = table.column_index("current.operating")
    table.columns = [c for i, c in enumerate(table.columns) if i != index]
    for row in table.rows:
        row.cells = [c for i, c in enumerate(row.cells) if i != index]
    return doc


@pytest.mark.parametrize(
    ("stated", "fires"),
    [("150.00", True), ("140.00", False), ("100.00", False)],  # 公用经费合计 1,400,000元
)
def test_w001_operating_stated_in_the_text(stated: str, fires: bool) -> None:
    # xian/07 p.20: "本部门当年机关运行经费预算安排 1501.66 万元，较上年增加 297.43 万元" while 表8's
    # 公用经费支出 合计 is 993767.31元; its 三公 table has no 机关运行经费 column
    doc = _without_operating_column(built(FICTIONAL, SHANGHAI_LAYOUT))
    doc.sections[-1].paragraphs.append(f"本部门当年机关运行经费预算安排{stated}万元，较上年增加29.43万元。")
    found = findings(doc, "cross.W001")
    if fires:
        [finding] = found
        assert "正文“当年机关运行经费预算安排”150.00万元" in finding.message
        assert "公用经费合计 1,400,000元" in finding.message and "多出 10.00万元" in finding.message
    else:
        assert found == []
