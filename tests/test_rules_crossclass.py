"""Function vs economic classification: the same contributions in both tables."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rulekit import FICTIONAL, JIANGSU, KORLA, LAYOUTS, SEED, SHANGHAI, built, findings, read, set_cell
from yusuan.check.runner import check_document
from yusuan.model.document import Cell, Column, Document, Row, Table
from yusuan.model.money import AmountUnit

CLASS = ("class.W001", "class.W002", "class.W003", "class.W004")


def family(document: Document) -> list[str]:
    return [f.rule for f in check_document(document, only=set(CLASS)).findings]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("source", [KORLA, FICTIONAL], ids=["korla", "fictional"])
def test_generated_documents_are_clean(source: object, layout: str) -> None:
    found = family(built(source, layout))  # type: ignore[arg-type]
    # Korla's budget keeps both classifications as the seed prints them (README 6): 2080505 28.94
    # against 30108 49.29, and medical 23.42 against 26.69. True differences, in every layout.
    assert found == (["class.W002", "class.W004"] if source == KORLA else [])


@pytest.mark.parametrize("path", [SHANGHAI, JIANGSU], ids=["shanghai", "jiangsu"])
def test_real_samples_are_clean(path: object) -> None:
    assert family(read(path)) == []  # type: ignore[arg-type]


def test_w001_housing_fund() -> None:
    document = set_cell(built(), "basic_economic", "30113", "total", "40.00")
    [finding] = findings(document, "class.W001")
    assert "功能分类 2210201" in finding.message and "为 36.97 万元" in finding.message
    assert "经济分类 30113" in finding.message and "为 40.00 万元" in finding.message
    assert finding.location.row == "2210201 住房公积金" and finding.location.column == "基本支出"


def test_w001_in_yuan_and_in_the_old_layout() -> None:
    # Shanghai prints 元: 2210201 basic 3,526,694 against 30113 3,526,694
    document = set_cell(read(SHANGHAI), "basic_economic", "30113", "total", "3,626,694")
    [finding] = findings(document, "class.W001")
    assert "352.6694 万元" in finding.message and "362.6694 万元" in finding.message
    # Jiangsu 2017 lists 住房公积金 under 30311 (and prints no basic column: its total is used)
    document = set_cell(read(JIANGSU), "basic_economic", "30311", "total", "794.22")
    [finding] = findings(document, "class.W001")
    assert "30311" in finding.message and "表中无基本支出栏" in finding.message


def test_w002_pension_on_the_seed() -> None:
    [finding] = findings(read(SEED), "class.W002")
    assert "2080505" in finding.message and "28.94 万元" in finding.message
    assert "30108" in finding.message and "49.29 万元" in finding.message


def test_w002_agreeing_sides() -> None:
    document = set_cell(built(), "basic_economic", "30108", "total", "28.94")
    assert findings(document, "class.W002") == []


def test_w003_annuity() -> None:
    assert findings(read(SEED), "class.W003") == []  # 14.47 on both sides
    document = set_cell(built(), "basic_economic", "30109", "total", "15.47")
    [finding] = findings(document, "class.W003")
    assert "2080506" in finding.message and "30109" in finding.message


def test_w004_medical_on_the_seed() -> None:
    [finding] = findings(read(SEED), "class.W004")
    assert "2101101 + 2101103" in finding.message and "23.42 万元" in finding.message
    assert "30110 + 30111" in finding.message and "26.69 万元" in finding.message


def test_w004_counts_institution_medical() -> None:
    # Shanghai: 2101101 144.55 + 2101102 145.02 = 30110 289.57 (in 元)
    document = set_cell(read(SHANGHAI), "basic_economic", "30110", "total", "2,995,732")
    [finding] = findings(document, "class.W004")
    assert "2101101 + 2101102" in finding.message


def test_w004_silent_where_the_unit_books_contributions_elsewhere() -> None:
    # zhuhai/01 (珠海市商务局) pp.13-16: 21011 185.89 against 30110 153.63 + 30111 48.05 = 201.68,
    # and 30113 住房公积金 472.88 with no 2210201 row at all: the unit carries contributions under
    # 2011301 行政运行 (its key rules the difference out). The seed's own shortfall stays reported.
    document = read(SEED)
    economic = document.table("basic_economic")
    assert any(row.code == "30113" for row in economic.rows)
    function = next(t for t in document.tables if t.key == "general")
    assert findings(document, "class.W004")
    function.rows = [row for row in function.rows if row.code != "2210201"]
    assert findings(document, "class.W004") == []


def test_an_economic_table_of_one_amount_column_is_compared() -> None:
    # Fuzhou's profile keys the economic table's one column 预算数 as "amount", not "total": the
    # two sides were not compared there at all (fuzhou/05 p.16: 2080506 50.97 = 30109 50.97).
    # Korla's budget built in that layout keeps its two true differences, as in every layout
    assert family(built(KORLA, "fuzhou-2026-dept")) == ["class.W002", "class.W004"]  # type: ignore[arg-type]


def test_w004_silent_where_30112_holds_the_rest_of_the_medical_contributions() -> None:
    # quanzhou/01 p.17: 2101101 125.11 + 2101102 18.28 + 2101103 33.23 = 176.62 against 30110 137.87
    # + 30111 33.23 = 171.10, and 30112 其他社会保障缴费 6.64 holds the 5.52 (大额医疗 and the like).
    # The seed: 2101101 + 2101103 = 23.42; 30110 22.53 + 30111 4.16; 30112 1.47
    shorter = set_cell(built(), "basic_economic", "30110", "total", "18.26")  # 1.00 short of 23.42
    assert findings(shorter, "class.W004") == []
    much_shorter = set_cell(built(), "basic_economic", "30110", "total", "17.00")  # 2.26 short
    [finding] = findings(much_shorter, "class.W004")
    assert "23.42 万元" in finding.message and "21.16 万元" in finding.message


# ---------------------------------------------------------------- read tables of other layouts


def _table(key: str, title: str, columns: list[tuple[str, str]], rows: list[list[str]]) -> Table:
    """A table as read: its columns (key, kind) and rows of printed texts, a row's code its first cell."""
    return Table(
        key=key,
        title=title,
        unit=AmountUnit.WAN,
        columns=[Column(key=k, title=k, kind=kind) for k, kind in columns],  # type: ignore[arg-type]
        rows=[
            Row(
                kind="total" if not texts[0] else "item",
                code=texts[0] or None,
                cells=[
                    Cell(text=t, value=Decimal(t.replace(",", "")) if k == "figure" and t else None)
                    for t, (_, k) in zip(texts, columns, strict=True)
                ],
            )
            for texts in rows
        ],
        identified_by="title+header",
    )


FUNCTION = [("code", "code"), ("name", "text"), ("total", "figure")]
ECONOMIC = [("code.class", "code"), ("code.section", "code"), ("name", "text"), ("total", "figure")]
# the items of 工资福利支出 a unit lists one by one (xian/02 p.19, 125001)
SALARIES = [
    ["30101", "50101", "基本工资", "237.03"],
    ["3010201", "50101", "津贴补贴", "317.69"],
    ["30108", "50102", "机关事业单位基本养老保险缴费", "81.23"],
    ["30110", "50102", "职工基本医疗保险缴费", "15.86"],
    ["30199", "50199", "其他工资福利支出", "194.58"],
]


def _document(function: Table, economic: Table) -> Document:
    return Document(
        layout="xian-2019-dept",
        year=2019,
        scope="部门",
        unit_name="某局",
        title="2019年部门预算",
        tables=[function, economic],
    )


def test_w003_an_annuity_the_economic_items_leave_out() -> None:
    # xian/02 p.16 and p.19 (unit 125001): 2080506 32.05 by function; the economic table lists the
    # 301 items one by one and has no 30109
    function = _table(
        "basic_function",
        "基本支出（功能）",
        FUNCTION,
        [["", "合计", "1,071.87"], ["2080506", "机关事业单位职业年金缴费支出", "32.05"]],
    )
    economic = _table(
        "basic_economic", "基本支出（经济）", ECONOMIC, [["", "", "合计", "1,071.87"], *SALARIES]
    )
    [finding] = findings(_document(function, economic), "class.W003")
    assert "功能分类 2080506" in finding.message and "32.05 万元" in finding.message
    assert "逐项列出工资福利支出，却没有 30109" in finding.message
    # a table of the classes alone says nothing of the items it does not list
    classes = _table(
        "basic_economic",
        "基本支出（经济）",
        ECONOMIC,
        [["", "", "合计", "1,071.87"], ["301", "", "工资福利支出", "970.84"]],
    )
    assert findings(_document(function, classes), "class.W003") == []


def test_w001_one_subject_in_two_lines_of_the_other_classification() -> None:
    # xian/06 p.37 and p.39: 2210201 1,460.14 by function; 30113 under 政府经济科目 50103 187.70 and
    # under 50501 1,272.44
    economic = _table(
        "basic_economic",
        "基本支出（经济）",
        ECONOMIC,
        [
            ["", "", "合计", "1,460.14"],
            ["30113", "50103", "住房公积金", "187.70"],
            ["30113", "50501", "工资福利支出", "1,272.44"],
        ],
    )
    function = _table(
        "basic_function",
        "基本支出（功能）",
        FUNCTION,
        [["", "合计", "1,460.14"], ["2210201", "住房公积金", "1,460.14"]],
    )
    assert findings(_document(function, economic), "class.W001") == []
    more = _table(
        "basic_function",
        "基本支出（功能）",
        FUNCTION,
        [["", "合计", "1,560.14"], ["2210201", "住房公积金", "1,560.14"]],
    )
    [finding] = findings(_document(more, economic), "class.W001")
    assert "30113 + 30113" in finding.message and "1460.14 万元" in finding.message
    # short of the two lines: the 事业单位's part (50501) is booked under its own function subjects
    less = _table(
        "basic_function",
        "基本支出（功能）",
        FUNCTION,
        [["", "合计", "498.61"], ["2210201", "住房公积金", "498.61"]],
    )
    assert findings(_document(less, economic), "class.W001") == []


def test_w003_unit_by_unit() -> None:
    # xian/02: the tables list their subjects once per 预算单位; each unit is compared with itself
    def listed(key: str, columns: list[tuple[str, str]], units: dict[str, list[list[str]]]) -> Table:
        empty = [""] * (len(columns) - 3)
        whole = _table(key, key, columns, [["", *empty, "合计", "0"]])
        whole.units = [
            _table(key, f"{key}（{name}）", columns, rows).model_copy(update={"issuer": name})
            for name, rows in units.items()
        ]
        return whole

    function = listed(
        "basic_function",
        FUNCTION,
        {
            "甲": [["", "甲", "40.00"], ["2080506", "机关事业单位职业年金缴费支出", "32.05"]],
            "乙": [["", "乙", "20.00"], ["2080506", "机关事业单位职业年金缴费支出", "8.00"]],
        },
    )
    economic = listed(
        "basic_economic",
        ECONOMIC,
        {
            "甲": [["", "", "甲", "40.00"], *SALARIES],
            "乙": [["", "", "乙", "20.00"], *SALARIES, ["30109", "50102", "职业年金缴费", "8.00"]],
        },
    )
    [finding] = findings(_document(function, economic), "class.W003")
    assert "（甲）" in finding.message and "32.05" in finding.message
