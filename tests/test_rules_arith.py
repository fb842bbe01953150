"""Arithmetic inside tables: each rule fires on a planted error and stays silent on clean tables."""

from __future__ import annotations

import pytest

from rulekit import FICTIONAL, JIANGSU, KORLA, LAYOUTS, SEED, SHANGHAI, built, findings, read, set_cell

ARITH = (
    "arith.E010",
    "arith.E001",
    "arith.E002",
    "arith.E003",
    "arith.E004",
    "arith.E005",
    "arith.E006",
    "arith.E007",
    "arith.E008",
    "arith.E009",
    "arith.E011",
    "arith.N001",
)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("source", [KORLA, FICTIONAL], ids=["korla", "fictional"])
def test_generated_documents_are_clean(source: object, layout: str) -> None:
    document = built(source, layout)  # type: ignore[arg-type]
    for rule_id in ARITH:
        found = findings(document, rule_id)
        if rule_id == "arith.E010" and source is FICTIONAL and layout == "shanghai-2023-dept":
            # True: the Shanghai summary has no 上年结转 row, so the fictional budget's 25万元 of
            # carry-over is in the income total but in no income line (the builder says so too).
            assert [f.location.row for f in found] == ["收入总计"]
            continue
        assert found == [], rule_id


@pytest.mark.parametrize("path", [SHANGHAI, JIANGSU], ids=["shanghai", "jiangsu"])
def test_real_samples_add_up(path: object) -> None:
    document = read(path)  # type: ignore[arg-type]
    for rule_id in ARITH:
        assert findings(document, rule_id) == [], rule_id


def test_e001_total_is_basic_plus_project() -> None:
    document = set_cell(built(), "expenditure", "2101101", "total", "17.28")
    [finding] = findings(document, "arith.E001")
    assert "表中为 17.28" in finding.message and "各项相加为 17.82" in finding.message
    assert finding.location.row == "2101101 行政单位医疗" and finding.location.column == "合计"


def test_e001_not_where_the_basic_column_was_not_read() -> None:
    # Xi'an prints 人员经费 and 公用经费 but no 基本支出 column: the reader leaves 基本支出 empty in
    # every row, and 合计 is not compared with 项目支出 alone
    document = built()
    table = document.table("expenditure")
    index = next(i for i, c in enumerate(table.columns) if c.key == "basic")
    for row in table.rows:
        row.cells[index].text, row.cells[index].value = "", None
    assert findings(document, "arith.E001") == []
    set_cell(document, "expenditure", "2101101", "basic", "17.82")  # one printed figure: compared
    assert findings(document, "arith.E001")


def test_e002_total_is_personnel_plus_public() -> None:
    document = set_cell(built(), "basic_economic", "30201", "public", "10.05")
    assert any("人员经费、公用经费" in f.message for f in findings(document, "arith.E002"))


def test_e003_total_row_is_the_sum() -> None:
    document = set_cell(built(), "expenditure", "2210201", "basic", "63.97")
    messages = [f.message for f in findings(document, "arith.E003")]
    assert any("基本支出" in m and "表中为 1051.59" in m for m in messages)


def test_e004_parent_is_sum_of_children() -> None:
    document = set_cell(built(layout="shanghai-2023-dept"), "expenditure", "2010301", "total", "9,499,900")
    assert any(
        "“20103”的“合计”" in f.message or "“201”的“合计”" in f.message
        for f in findings(document, "arith.E004")
    )


def test_e004_on_the_seed_as_printed() -> None:
    # The seed's table 6 keeps five 款 of 302 and loses the rest: as printed, they do not add up.
    [first, *_] = findings(read(SEED), "arith.E004")
    assert "“302”" in first.message and "345.45" in first.message and "203.37" in first.message


def test_e005_income_equals_expenditure() -> None:
    document = set_cell(built(), "summary", "收 入 总 计", "income.amount", "1317.84")
    [finding] = findings(document, "arith.E005")
    assert "收入总计 1317.84 与支出总计 1307.84 不等" in finding.message


def test_e006_expenditure_total_is_sum_of_classes() -> None:
    document = set_cell(built(), "summary", "201", "expenditure.total", "1186.24")
    assert findings(document, "arith.E006")


def test_rows_another_layout_names_say_a_notice_where_no_layout_fits() -> None:
    # bench/holdout.py: read without their own profiles, Jiangsu and Quanzhou documents had class
    # rows and income levels taken from another layout's table; what adds them up is a notice there
    document = set_cell(built(), "summary", "201", "expenditure.total", "1186.24")
    document.layout = "unknown"
    document.table("summary").identified_by = "title+header"  # its title and header known
    [finding] = findings(document, "arith.E006")
    assert (
        finding.severity.value == "notice"
        and "版式未能确定，表中各行按其他版式读取，仅供核对" in finding.message
    )


def test_e007_fiscal_columns() -> None:
    document = set_cell(built(), "fiscal_summary", "210", "expenditure.general", "24.42")
    assert findings(document, "arith.E007")


def test_e008_project_total_and_the_seed() -> None:
    assert findings(built(), "arith.E008") == []
    [finding] = findings(read(SEED), "arith.E008")  # the seed's table 7 lost a row of 400000
    assert "2,562,500" in finding.message and "2,162,500" in finding.message


def test_e009_sangong_table() -> None:
    document = set_cell(built(), "sangong", "67.70", "current.total", "68.70")
    assert findings(document, "arith.E009")


def test_n001_rounding_is_a_notice_not_an_error() -> None:
    document = set_cell(built(), "expenditure", "2101101", "total", "17.83")
    assert findings(document, "arith.E001") == []
    notices = findings(document, "arith.N001")
    assert notices and all("尾差" in n.message and n.severity.value == "notice" for n in notices)
    assert any(n.location.row == "2101101 行政单位医疗" for n in notices)


def test_e010_income_items_add_up() -> None:
    assert findings(built(), "arith.E010") == []
    document = set_cell(built(), "summary", "1. 一般公共预算拨款", "income.amount", "1317.84")
    [finding] = findings(document, "arith.E010")
    assert "表中为 1307.84" in finding.message and "各项相加为 1317.84" in finding.message


def test_n001_a_part_printed_with_fewer_decimals() -> None:
    # xian/05 表1: "703768605.8" in a narrow cell for 703,768,605.79; the total is 852,063,605.79
    document = set_cell(built(), "expenditure", "2101101", "total", "17.8")  # 17.78 printed as 17.8
    assert findings(document, "arith.E001") == [] and findings(document, "arith.E003") == []
    assert findings(document, "arith.N001")
    document = set_cell(built(), "expenditure", "2101101", "total", "17.9")  # more than rounding
    assert findings(document, "arith.E001") or findings(document, "arith.E003")


def test_e011_of_which_within_its_item() -> None:
    assert findings(built(), "arith.E011") == []
    # A typo in the "其中" line of table 1 (found by bench/mutation.py: no other rule saw it).
    document = set_cell(built(), "summary", "其中：一般财力", "income.amount", "1308.84")
    [finding] = findings(document, "arith.E011")
    assert "“其中：一般财力”为 1308.84" in finding.message
    assert "“1. 一般公共预算拨款”的 1307.84" in finding.message
    assert finding.location.row == "其中：一般财力"
    # Smaller is fine: it is a part.
    document = set_cell(built(), "summary", "其中：一般财力", "income.amount", "1300.00")
    assert findings(document, "arith.E011") == []


def test_e012_uses_add_up() -> None:
    # Jiangsu tables 1 and 4 list 基本支出 and 项目支出 beside the total (found by bench/mutation.py).
    document = set_cell(
        built(KORLA, "jiangsu-2017-dept"), "fiscal_summary", "一、基本支出", "uses.amount", "1,061.59"
    )
    [finding] = findings(document, "arith.E012")
    assert "表中为 1307.84" in finding.message and "各项相加为 1317.84" in finding.message
    assert finding.location.row == "支出合计"
    assert findings(built(KORLA, "jiangsu-2017-dept"), "arith.E012") == []


def test_e006_classes_against_the_uses_total() -> None:
    # Jiangsu prints no total under the function classes: they add up to 当年支出小计.
    document = set_cell(
        built(KORLA, "jiangsu-2017-dept"), "summary", "一、一般公共服务支出", "expenditure.total", "1,197.24"
    )
    [finding] = findings(document, "arith.E006")
    assert "当年支出小计与各类支出之和不符" in finding.message and "各项相加为 1308.84" in finding.message


def test_e009_grand_total_with_meetings_and_training() -> None:
    document = set_cell(built(KORLA, "jiangsu-2017-dept"), "sangong", "67.70", "current.grand_total", "68.70")
    [finding] = findings(document, "arith.E009")
    assert "合计与“三公”经费、会议费、培训费之和不符" in finding.message


def test_a_project_list_printed_as_a_tree_is_not_summed() -> None:
    # xian/22 p.32 (专项业务经费支出表, 元): 合计 8,490,507.50; 通用项目 3,650,000.00 and its projects,
    # 专用项目 4,840,507.50 = 审计业务经费 4,840,507.50 = 2,858,680.00 + 1,000,000.00 + 981,827.50
    from decimal import Decimal as D

    from yusuan.check.rules.arith import _printed_as_tree

    tree = ["3650000.00", "150000.00", "150000.00", "3500000.00", "3500000.00", "4840507.50"]
    tree += ["4840507.50", "2858680.00", "1000000.00", "981827.50"]
    assert _printed_as_tree([D(v) for v in tree], D("8490507.50"))
    # xian/12 p.27: 全额, 专用项目 and a group each print the whole 17159700 above the projects
    assert _printed_as_tree([D("17159700"), D("17159700"), D("285000"), D("142500")], D("17159700"))
    # a plain list, two projects of one amount among them: summed
    assert not _printed_as_tree([D("5.00"), D("5.00"), D("12.30"), D("22.30")], D("44.60"))


def test_e006_classes_printed_by_name_alone() -> None:
    import re
    from decimal import Decimal as D

    # huzhou/01 p.28: the 财政拨款收支预算总表 prints its classes by name, without codes; the
    # document names them with codes in its other tables. Korla built in that layout, the codes
    # taken off the summary's rows ("201 一般公共服务支出" printed "一般公共服务支出"):
    document = built(KORLA, "huzhou-2026-dept")
    summary = document.table("summary")
    label, total = (summary.column_index(key) for key in ("expenditure.label", "expenditure.total"))
    for row in summary.rows:
        row.code = None
        row.cells[label].text = re.sub(r"^\d{3} ", "", row.cells[label].text)
    assert findings(document, "arith.E006") == []
    row = next(r for r in summary.rows if r.cells[label].text == "社会保障和就业支出")
    row.cells[total].value = D("52.21")
    [finding] = findings(document, "arith.E006")
    assert "与各类支出之和不符" in finding.message and "相差 -1.00" in finding.message
    # a class the summary names in words no other table gives: the sum would be short, so silent
    row.cells[label].text = "社会保障就业"
    assert findings(document, "arith.E006") == []
