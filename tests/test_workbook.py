"""yusuan's own input workbook: written from a budget and read back into the same budget;
validations, frozen headings and instructions; problems named by sheet, cell and field."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.budgetfile import is_budget_source, load_budget
from yusuan.model.budget import Budget
from yusuan.model.codes import CodeKind
from yusuan.reference import imported_path, load_catalog
from yusuan.reference.catalog import format_rows
from yusuan.source import SourceError
from yusuan.source.workbook import (
    budget_to_workbook,
    is_yusuan_workbook,
    load_workbook_budget,
    save_workbook,
    template_workbook,
)
from yusuan.source.workbook.read import cell_value
from yusuan.source.workbook.sheets import (
    CODES_SHEET,
    FIRST_ROW,
    HEADING_ROW,
    INSTRUCTIONS_SHEET,
    KEY_ROW,
    MARK_SHEET,
    SHEETS,
    Table,
)

from conftest import FICTIONAL, KORLA


def written(budget: Budget, path: Path) -> Path:
    save_workbook(budget_to_workbook(budget), path)
    return path


def column_of(ws: Worksheet, key: str) -> str:
    """The letter of a table column by its hidden key."""
    for cell in ws[KEY_ROW]:
        if cell.value == key:
            return str(cell.column_letter)
    raise KeyError(key)


def row_of(ws: Worksheet, key: str) -> int:
    """The row of a form field by its hidden key."""
    for cell in ws["A"]:
        if cell.value == key:
            return int(cell.row)
    raise KeyError(key)


def problems(path: Path) -> list:  # type: ignore[type-arg]
    with pytest.raises(SourceError) as caught:
        load_budget(path)
    return caught.value.problems


@pytest.mark.parametrize("source", [KORLA, FICTIONAL], ids=["korla", "fictional"])
def test_round_trip_gives_the_same_budget(source: Path, tmp_path: Path) -> None:
    budget = load_budget(source)
    path = written(budget, tmp_path / "budget.xlsx")
    back = load_budget(path)  # the one entry point every command uses
    assert back == budget
    # parts declared absent are declared by their key alone: equality of values does not see it
    assert budget.none_this_year is not None and back.none_this_year is not None
    assert back.none_this_year.model_fields_set == budget.none_this_year.model_fields_set
    # a spreadsheet number keeps the value, not the trailing zeros typed (3.70 comes back 3.7)
    assert back.model_dump() == budget.model_dump()


def test_amounts_stay_in_the_files_unit(tmp_path: Path) -> None:
    budget = load_budget(FICTIONAL)  # amounts in 元
    path = written(budget, tmp_path / "budget.xlsx")
    ws = openpyxl.load_workbook(path)["支出功能分类"]
    letter = column_of(ws, "basic")
    assert ws[f"{letter}{FIRST_ROW}"].value == Decimal("3200000.50")  # 元, as the YAML states it
    assert budget.expenditure[0].basic == Decimal("320.00005")  # 万元 inside


def test_template_has_instructions_validations_and_frozen_headings(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    save_workbook(template_workbook(2024, "xinjiang-2024-unit"), path)
    assert is_yusuan_workbook(path) and is_budget_source(path)
    workbook = openpyxl.load_workbook(path)
    names = workbook.sheetnames
    assert names[0] == INSTRUCTIONS_SHEET
    assert [sheet.name for sheet in SHEETS] == names[1 : len(SHEETS) + 1]
    assert workbook[MARK_SHEET].sheet_state == "hidden"
    assert "YUSUAN_WORKBOOK" in workbook.defined_names
    instructions = " ".join(
        str(c.value) for row in workbook[INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value
    )
    assert "yusuan check" in instructions and "万元" in instructions

    ws = workbook["支出功能分类"]
    assert ws.freeze_panes == f"A{FIRST_ROW}"
    assert ws.row_dimensions[KEY_ROW].hidden
    headings = [c.value for c in ws[HEADING_ROW] if c.value]
    assert "功能分类科目编码（项）（必填）" in headings
    assert "上年数：上年基本支出（2023年）" in headings  # the budget year's prior year
    basic, code, source = column_of(ws, "basic"), column_of(ws, "code"), column_of(ws, "source")
    assert ws.column_dimensions[code].width >= 12
    rules = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    amount = rules[f"{basic}{FIRST_ROW}:{basic}{FIRST_ROW + 499}"]
    assert (amount.type, amount.operator, amount.formula1) == ("decimal", "greaterThanOrEqual", "0")
    codes = rules[f"{code}{FIRST_ROW}:{code}{FIRST_ROW + 499}"]
    assert codes.type == "list" and codes.formula1.startswith(f"'{CODES_SHEET}'!")
    assert codes.errorStyle == "warning"  # shipped reference data is not complete
    sources = rules[f"{source}{FIRST_ROW}:{source}{FIRST_ROW + 499}"]
    assert sources.type == "list" and "一般公共预算拨款" in sources.formula1

    listed = [c.value for c in workbook[CODES_SHEET]["A"][FIRST_ROW - 1 :] if c.value]
    shipped = [e.code for e in load_catalog(2024, CodeKind.FUNCTION) if len(e.code) == 7]
    assert listed == shipped and "2010301" in listed

    form = workbook["基本信息"]
    assert form.column_dimensions["A"].hidden and form.freeze_panes == f"A{FIRST_ROW}"
    assert form[f"C{row_of(form, 'year')}"].value == 2024
    assert form[f"C{row_of(form, 'layout')}"].value == "xinjiang-2024-unit"


def test_plain_xlsx_is_not_a_yusuan_workbook(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(path)
    assert not is_yusuan_workbook(path)
    (tmp_path / "fake.xlsx").write_text("not a zip")
    assert not is_yusuan_workbook(tmp_path / "fake.xlsx")


def test_blank_template_names_the_missing_fields(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    save_workbook(template_workbook(2024, "xinjiang-2024-unit"), path)
    found = {p.field: p for p in problems(path)}
    row = row_of(openpyxl.load_workbook(path)["基本信息"], "unit.name")
    name = found["unit.name"]
    assert (name.sheet, name.cell, name.title, name.message) == (
        "基本信息",
        f"C{row}",
        "单位 → 单位全称",
        "缺少必填字段",
    )
    assert str(name) == f"{path} 工作表“基本信息” 单元格 C{row} unit.name（单位 → 单位全称）：缺少必填字段"


def test_text_in_an_amount_cell(tmp_path: Path) -> None:
    path = written(load_budget(KORLA), tmp_path / "budget.xlsx")
    workbook = openpyxl.load_workbook(path)
    ws = workbook["项目"]
    cell = f"{column_of(ws, 'amount')}{FIRST_ROW + 1}"
    ws[cell] = "约30万"
    workbook.save(path)
    [problem] = problems(path)
    assert (problem.sheet, problem.cell, problem.field) == ("项目", cell, "projects[1].amount")
    assert problem.title == "项目 → 预算安排规模"
    assert "金额格式不正确：“约30万”" in problem.message


def test_numbers_written_as_text_are_read(tmp_path: Path) -> None:
    path = written(load_budget(KORLA), tmp_path / "budget.xlsx")
    workbook = openpyxl.load_workbook(path)
    ws = workbook["项目"]
    ws[f"{column_of(ws, 'amount')}{FIRST_ROW}"] = "40.00"
    workbook.save(path)
    assert load_budget(path).projects[0].amount == Decimal("40.00")


def test_malformed_subject_code(tmp_path: Path) -> None:
    path = written(load_budget(KORLA), tmp_path / "budget.xlsx")
    workbook = openpyxl.load_workbook(path)
    ws = workbook["支出功能分类"]
    cell = f"{column_of(ws, 'code')}{FIRST_ROW + 2}"
    ws[cell] = "20805"
    workbook.save(path)
    messages = {(p.sheet, p.cell): p.message for p in problems(path)}
    assert messages[("支出功能分类", cell)] == "支出功能分类科目编码“20805”长度为 5 位，应为 7 位"


def test_unknown_subject_code_against_a_complete_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = written(load_budget(KORLA), tmp_path / "budget.xlsx")
    workbook = openpyxl.load_workbook(path)
    ws = workbook["支出功能分类"]
    letter = column_of(ws, "code")
    row = next(c.row for c in ws[letter] if c.value == "2080506")
    ws[f"{letter}{row}"] = "2080598"  # well formed, but no such subject
    workbook.save(path)
    assert load_budget(path).expenditure[row - FIRST_ROW].code == "2080598"  # shipped fragments prove nothing

    # an imported (complete) function list of the year; the economic list stays incomplete
    # (shipped fragments only), so no economic code can be proved unknown
    monkeypatch.setenv("YUSUAN_DATA_DIR", str(tmp_path / "data"))
    kind = CodeKind.FUNCTION
    entries = list(load_catalog(2024, kind))
    assert "2080598" not in {e.code for e in entries}
    imported_path(kind, 2024).parent.mkdir(parents=True, exist_ok=True)
    imported_path(kind, 2024).write_text(format_rows(entries), encoding="utf-8")
    [problem] = problems(path)
    assert (problem.sheet, problem.cell) == ("支出功能分类", f"{letter}{row}")
    assert problem.message == "科目编码 2080598 不在 2024 年支出功能分类科目中"
    assert problem.title == "支出功能分类（项）及基本支出 → 功能分类科目编码（项）"


def test_unknown_source_and_parent(tmp_path: Path) -> None:
    path = written(load_budget(KORLA), tmp_path / "budget.xlsx")
    workbook = openpyxl.load_workbook(path)
    ws = workbook["项目资金分配"]
    parent = f"A{FIRST_ROW}"
    ws[parent] = "没有这个项目"
    workbook.save(path)
    [problem] = problems(path)
    assert (problem.sheet, problem.cell) == ("项目资金分配", parent)
    assert problem.message == "“没有这个项目”不在“项目”表中"


def test_indicators_read_back_in_their_hierarchy(tmp_path: Path) -> None:
    budget = load_budget(KORLA)
    back = load_workbook_budget(written(budget, tmp_path / "budget.xlsx"))
    assert back.performance is not None and budget.performance is not None
    assert list(back.performance.indicators) == list(budget.performance.indicators)
    assert list(back.project_performance) == list(budget.project_performance)
    first = next(iter(budget.project_performance))
    assert back.project_performance[first].indicators == budget.project_performance[first].indicators


def test_other_version_is_refused(tmp_path: Path) -> None:
    path = written(load_budget(FICTIONAL), tmp_path / "budget.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook[MARK_SHEET]["B1"] = "9"
    workbook.save(path)
    [problem] = problems(path)
    assert "格式版本 9" in problem.message


AMOUNT_COLUMN = next(
    column
    for sheet in SHEETS
    if isinstance(sheet, Table) and sheet.name == "支出功能分类"
    for column in sheet.columns
    if column.key == "basic"
)


@given(
    st.decimals(
        min_value=0, max_value=Decimal("999999999.999999"), places=6, allow_nan=False, allow_infinity=False
    )
)
def test_a_spreadsheet_number_comes_back_as_the_decimal_written(amount: Decimal) -> None:
    # openpyxl stores a number cell as an IEEE double; up to 15 significant digits survive exactly
    assert cell_value(AMOUNT_COLUMN, float(amount)) == amount  # float-ok: what the cell holds


def test_amounts_too_long_for_a_number_cell_are_written_as_text(tmp_path: Path) -> None:
    budget = load_budget(KORLA)
    long = Decimal("123456789012.345678")  # 18 significant digits: a double keeps 15
    budget.projects[0] = budget.projects[0].model_copy(update={"amount": long})
    path = written(budget, tmp_path / "budget.xlsx")
    ws = openpyxl.load_workbook(path)["项目"]
    assert ws[f"{column_of(ws, 'amount')}{FIRST_ROW}"].value == "123456789012.345678"
    assert load_budget(path).projects[0].amount == long


def test_rows_inserted_above_the_headings_are_tolerated(tmp_path: Path) -> None:
    budget = load_budget(KORLA)
    path = written(budget, tmp_path / "budget.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["项目"].insert_rows(1, 2)  # a preparer's own title lines
    workbook.save(path)
    assert load_budget(path) == budget


def test_deleted_key_row_is_reported(tmp_path: Path) -> None:
    path = written(load_budget(KORLA), tmp_path / "budget.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["名词解释"].delete_rows(KEY_ROW)
    workbook.save(path)
    [problem] = problems(path)
    assert (problem.sheet, problem.cell) == ("名词解释", f"A{KEY_ROW}")
    assert "字段标记" in problem.message
