"""The XLSX output: one sheet per table, figures as numbers in the printed format, read back with openpyxl."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ownfiles import OwnFiles
from yusuan.budgetfile import load_budget
from yusuan.generate import build_document
from yusuan.layout import load_layout
from yusuan.model.document import Document, HeaderCell, Table, place_header
from yusuan.render.xlsx import _sheet_names, number_format, render_xlsx
from yusuan.text.width import display_width as text_width

from conftest import FICTIONAL, KORLA

LAYOUTS = ("xinjiang-2024-unit", "shanghai-2023-dept", "jiangsu-2017-dept")


def _document(source: Path, layout: str) -> Document:
    return build_document(load_budget(source), load_layout(layout))


def _render(tmp: Path, source: Path, layout: str) -> Any:
    path = tmp / f"{layout}.xlsx"
    render_xlsx(_document(source, layout), path)
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def xinjiang(own_file: OwnFiles) -> Any:
    return openpyxl.load_workbook(own_file(KORLA, "xinjiang-2024-unit", "xlsx"))


@pytest.fixture(scope="module")
def shanghai(own_file: OwnFiles) -> Any:
    return openpyxl.load_workbook(own_file(KORLA, "shanghai-2023-dept", "xlsx"))


@pytest.fixture(scope="module")
def jiangsu(own_file: OwnFiles) -> Any:
    return openpyxl.load_workbook(own_file(KORLA, "jiangsu-2017-dept", "xlsx"))


def _sheet(workbook: Any, number: str) -> Any:
    (name,) = [n for n in workbook.sheetnames if n.startswith(f"表{number} ")]
    return workbook[name]


def _row(ws: Any, text: str) -> list[Any]:
    """The cells of the first row holding ``text`` below the frozen header rows."""
    first = ws[ws.freeze_panes].row if ws.freeze_panes else 1
    for row in ws.iter_rows(min_row=first):
        if any(cell.value == text for cell in row):
            return list(row)
    raise AssertionError(f"no row with {text!r} in {ws.title}")


def _find(ws: Any, text: str) -> Any:
    return next(cell for row in ws.iter_rows() for cell in row if cell.value == text)


def _merged(ws: Any, cell: Any) -> str:
    """The merged range whose top-left cell is ``cell``."""
    (found,) = [str(r) for r in ws.merged_cells.ranges if r.start_cell.coordinate == cell.coordinate]
    return found


# ---------------------------------------------------------------- Korla in the Xinjiang layout


def test_sheets_in_document_order(xinjiang: Any) -> None:
    names = xinjiang.sheetnames
    assert names[0] == "说明"
    assert names[-1] == "绩效目标"
    assert len(names) == 13
    assert [n.split(" ")[0] for n in names[1:-1]] == [f"表{i}" for i in range(1, 12)]
    assert names[3] == "表3 单位支出总体情况表"
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


def test_title_issuer_and_unit_rows(xinjiang: Any) -> None:
    ws = _sheet(xinjiang, "3")
    assert ws["A1"].value == "单位支出总体情况表"
    assert _merged(ws, ws["A1"]) == "A1:G1"
    assert ws["A1"].font.b and ws["A1"].font.sz > 11
    assert ws["A1"].alignment.horizontal == "center"
    assert ws["A2"].value == "编制单位：库尔勒经济技术开发区管理委员会党政办公室"
    assert ws["G2"].value == "单位：万元"
    assert ws["G2"].alignment.horizontal == "right"


def test_header_rows_with_merged_cells(xinjiang: Any) -> None:
    ws = _sheet(xinjiang, "3")
    spending = _find(ws, "支出预算")
    assert _merged(ws, spending) == "E3:G3"
    assert _merged(ws, ws["A3"]) == "A3:D3"  # 科 目
    assert _merged(ws, _find(ws, "功能分类科目编码")) == "A4:C4"
    assert _merged(ws, _find(ws, "功能分类科目名称")) == "D4:D5"  # rowspan 2
    assert [ws.cell(row=5, column=c).value for c in (1, 2, 3)] == ["类", "款", "项"]
    assert spending.font.b and spending.alignment.horizontal == "center" and spending.alignment.wrap_text
    assert ws["G5"].border.right.style == "thin"  # a cell covered by a merged cell keeps its border
    assert ws.freeze_panes == "A6"
    assert ws.print_title_rows == "$3:$5"


def test_figures_are_numbers_in_the_printed_format(xinjiang: Any) -> None:
    ws = _sheet(xinjiang, "3")
    code_class, code_section, code_item, name, total, _basic, project = _row(ws, "行政运行")
    assert (code_class.value, code_section.value, code_item.value) == ("201", "3", "1")
    assert code_class.data_type == "s" and code_class.alignment.horizontal == "center"
    assert name.alignment.horizontal == "left"
    assert total.value == pytest.approx(939.99) and total.data_type == "n"
    assert not isinstance(total.value, str)
    assert total.number_format == "0.00"
    assert total.alignment.horizontal == "right"
    assert project.value is None  # printed blank (zero) stays an empty cell
    cells = _row(ws, "合 计")
    assert [c.value for c in cells[4:]] == [
        pytest.approx(1307.84),
        pytest.approx(1051.59),
        pytest.approx(256.25),
    ]
    assert all(c.font.b for c in cells)


def test_whole_yuan_table(xinjiang: Any) -> None:
    ws = _sheet(xinjiang, "7")
    first = _row(ws, "信息化基础设施建设和设备维护项目")
    assert [c.value for c in first[:3]] == ["201", "03", "99"]  # "03" keeps its zero
    assert first[5].value == 400000 and first[5].number_format == "0"
    total = _row(ws, "合计")
    assert total[5].value == 2562500 and total[5].number_format == "0"
    assert ws["F2"].value == "单位：元"
    assert ws.page_setup.orientation == "portrait"  # 6 columns


def test_printed_zero_stays_a_number(xinjiang: Any) -> None:
    ws = _sheet(xinjiang, "10")
    figures = [ws.cell(row=6, column=c) for c in range(1, 13)]
    assert figures[0].value == pytest.approx(67.70)
    assert figures[1].value == 0 and figures[1].data_type == "n" and figures[1].number_format == "0.00"
    assert _merged(ws, _find(ws, "2023年预算数")) == "A3:F3"
    assert ws.page_setup.orientation == "landscape"


@pytest.mark.parametrize(
    ("number", "note"),
    [
        ("8", "本单位2024年度无政府性基金预算支出，本表为空表。"),
        ("9", "本单位2024年度无国有资本经营预算支出，本表为空表。"),
        ("11", "本单位 2024 年度无上年结转结余情况支出，本表为空表。"),
    ],
)
def test_empty_tables_keep_header_total_and_note(xinjiang: Any, number: str, note: str) -> None:
    ws = _sheet(xinjiang, number)
    total = _row(ws, "合 计")
    assert [c.value for c in total[4:]] == [None, None, None]
    cell = _find(ws, note)
    assert cell.row == total[0].row + 2
    assert _merged(ws, cell) == f"A{cell.row}:G{cell.row}"
    assert ws.freeze_panes == "A6"


def test_print_setup(xinjiang: Any) -> None:
    ws = _sheet(xinjiang, "2")
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    widths = {c: ws.column_dimensions[c].width for c in "ADE"}
    assert widths["D"] > widths["A"]  # the name column is wider than a code column
    assert widths["D"] >= text_width("其他政府办公厅（室）及相关机构事务支出") or widths["D"] >= 40


def test_performance_sheet(xinjiang: Any) -> None:
    ws = xinjiang["绩效目标"]
    heads = [row[0].row for row in ws.iter_rows() if row[0].value == "一级指标"]
    assert len(heads) == 9
    assert [ws.cell(row=heads[0], column=c).value for c in range(1, 10)] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "指标值设定依据",
        "上年完成值",
        "分值权重",
        "指标赋分规则",
        "佐证资料",
    ]
    for head in heads:
        weights = []
        row = head + 1
        while ws.cell(row=row, column=3).value is not None:
            weight = ws.cell(row=row, column=7)
            assert weight.data_type == "n"
            weights.append(weight.value)
            row += 1
        assert sum(weights) == 90
    assert ws["A1"].value == "单位整体绩效目标表"
    assert _row(ws, "本级安排")[1].value == pytest.approx(1307.84)
    # 履职效能 over its four indicators, merged vertically
    assert _merged(ws, ws.cell(row=heads[0] + 1, column=1)) == f"A{heads[0] + 1}:A{heads[0] + 4}"
    project = _find(ws, "项目支出绩效目标表（信息化基础设施建设和设备维护项目）")
    assert project.font.b


def test_cover_sheet(xinjiang: Any) -> None:
    ws = xinjiang["说明"]
    assert ws["A1"].value == "库尔勒经济技术开发区管理委员会党政办公室2024年单位预算公开"
    assert _row(ws, "年度")[1].value == "2024"
    assert _row(ws, "版式")[1].value == "xinjiang-2024-unit"
    assert _row(ws, "单位名称")[1].value == "库尔勒经济技术开发区管理委员会党政办公室"
    listed = _row(ws, "上年结转结余情况明细表")
    assert [c.value for c in listed] == [
        "11",
        "上年结转结余情况明细表",
        "表11 上年结转结余情况明细表",
        "万元",
    ]
    assert listed[2].hyperlink.location == "'表11 上年结转结余情况明细表'!A1"
    assert _row(ws, "绩效目标")[1].value == "绩效目标表（9 张）"


def test_output_is_deterministic(tmp_path: Path) -> None:
    document = _document(KORLA, "xinjiang-2024-unit")
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    render_xlsx(document, first)
    render_xlsx(document, second)
    assert first.read_bytes() == second.read_bytes()
    properties = openpyxl.load_workbook(first).properties
    assert properties.created == properties.modified == datetime(2024, 2, 8)


# ---------------------------------------------------------------- other layouts, other budgets


def test_shanghai_whole_yuan_with_separators(shanghai: Any) -> None:
    ws = _sheet(shanghai, "1")
    total = _row(ws, "收入总计")
    assert total[1].value == 13078400 and total[1].number_format == "#,##0"
    assert ws["D2"].value == "单位：元" and ws["A2"].value.startswith("编制部门：")


def test_shanghai_rowspan_across_three_header_rows(shanghai: Any) -> None:
    ws = _sheet(shanghai, "9")
    assert _merged(ws, _find(ws, "2024年机关运行经费预算数")) == "G3:G5"
    assert [ws.cell(row=5, column=c).value for c in range(4, 7)] == ["小计", "购置费", "运行费"]
    assert ws.freeze_panes == "A6"


def test_jiangsu_sheets_and_separators(jiangsu: Any) -> None:
    names = jiangsu.sheetnames
    assert len(names) == 12 + 2
    assert names[1] == "表一 收支预算总表"  # the title's own number is not repeated
    assert names[11] == "表十一 一般公共预算“三公”经费、会议费、培训费支出预算表"
    ws = jiangsu[names[3]]
    total, _basic, project = (ws.cell(row=4, column=c) for c in (1, 2, 3))
    assert total.value == pytest.approx(1307.84) and total.number_format == "#,##0.00"
    # 256.25 prints no separator but its table does: the same format for the whole table
    assert project.value == pytest.approx(256.25) and project.number_format == "#,##0.00"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_fictional_budget_renders(tmp_path: Path, layout: str) -> None:
    document = _document(FICTIONAL, layout)
    workbook = _render(tmp_path, FICTIONAL, layout)
    assert len(workbook.sheetnames) == len(document.tables) + 1 + bool(document.performance)
    assert workbook.properties.created == datetime.fromisoformat(
        str(document.date or f"{document.year}-01-01")
    )
    for table in document.tables:
        ws = _sheet(workbook, table.number or "")
        assert ws["A1"].value == table.title


# ---------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("text", "value", "thousands", "expected"),
    [
        ("13,078,400", "13078400.00", False, (0, "#,##0")),
        ("1307.84", "1307.84", False, (2, "0.00")),
        ("1,307.84", "1307.84", False, (2, "#,##0.00")),
        ("256.25", "256.25", True, (2, "#,##0.00")),
        ("0", "0", False, (0, "0")),
        ("0.00", "0", False, (2, "0.00")),
        ("-12.5", "-12.5", False, (1, "0.0")),
        ("约 3.142", "3.142", False, (3, "0.000")),  # not a plain figure: the value's decimals
    ],
)
def test_number_format(text: str, value: str, thousands: bool, expected: tuple[int, str]) -> None:
    assert number_format(text, Decimal(value), thousands) == expected


def test_figures_rounded_half_up_to_the_printed_decimals(tmp_path: Path) -> None:
    document = _document(KORLA, "xinjiang-2024-unit")
    cell = document.tables[2].rows[0].cells[4]  # 表3, 行政运行, 合计
    cell.value, cell.text = Decimal("256.250137"), "256.25"
    render_xlsx(document, tmp_path / "x.xlsx")
    ws = _sheet(openpyxl.load_workbook(tmp_path / "x.xlsx"), "3")
    assert ws["E6"].value == 256.25


def test_sheet_names_fit_and_are_unique() -> None:
    def table(number: str, title: str) -> Table:
        return Table(key=number, number=number, title=title, columns=[])

    names = _sheet_names(
        [
            table("1", "一般公共预算[基本]支出/经济分类: 明细*表?" + "很长的标题" * 5),
            table("2", "同名表"),
            table("2", "同名表"),
            table("三", "三、政府采购支出预算表"),
        ]
    )
    assert all(len(n) <= 31 for n in names)
    assert names[0].startswith("表1 一般公共预算基本支出经济分类 明细表")
    assert not set("".join(names)) & set("[]:*?/\\")
    assert names[1] == "表2 同名表" and names[2] == "表2 同名表(2)"
    assert names[3] == "表三 政府采购支出预算表"


def test_header_grid_places_cells_like_html() -> None:
    header = [
        [HeaderCell(text="A", cols=6), HeaderCell(text="B", rows=3)],
        [
            HeaderCell(text="C", rows=2),
            HeaderCell(text="D", rows=2),
            HeaderCell(text="E", rows=2),
            HeaderCell(text="F", cols=3),
        ],
        [HeaderCell(text="G"), HeaderCell(text="H"), HeaderCell(text="I")],
    ]
    placed = {cell.text: (r, c) for r, c, cell in place_header(header)}
    assert placed == {
        "A": (0, 0),
        "B": (0, 6),
        "C": (1, 0),
        "D": (1, 1),
        "E": (1, 2),
        "F": (1, 3),
        "G": (2, 3),
        "H": (2, 4),
        "I": (2, 5),
    }


def test_text_width_counts_cjk_double() -> None:
    assert text_width("合计") == 4
    assert text_width("201") == 3
    assert text_width("（室）") == 6
