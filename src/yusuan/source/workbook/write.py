"""Writing the input workbook: blank for a layout and year, or filled from a budget."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.atomic import replacing
from yusuan.model.budget import Budget, NoneThisYear
from yusuan.model.codes import CodeKind
from yusuan.model.money import AmountUnit
from yusuan.reference import load_catalog, nearest_years
from yusuan.source.workbook.columns import Column, FieldPath, Kind
from yusuan.source.workbook.sheets import (
    ABSENT,
    ABSENT_MARK,
    CODES_SHEET,
    FIRST_ROW,
    FORM_HEADINGS,
    FORMAT,
    HEADING_ROW,
    INDICATORS,
    INSTRUCTIONS_SHEET,
    KEY_ROW,
    MARK_NAME,
    MARK_SHEET,
    NOTE_ROW,
    SHEETS,
    SUBJECTS,
    UNIT_OWNER,
    VERSION,
    Form,
    Table,
    absent_columns,
    indicator_columns,
    subject_columns,
)

# Rows a table's validations and formats cover below its headings.
TABLE_ROWS = 500
# Significant digits a spreadsheet number keeps; an amount with more is written as text.
CELL_DIGITS = 15

_HEADING_FONT = Font(bold=True)
_HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")
_NOTE_FONT = Font(italic=True, color="595959")
_WRAP = Alignment(wrap_text=True, vertical="top")

_WIDTHS = {Kind.TEXT: 36, Kind.CHOICE: 22, Kind.DATE: 14, Kind.YEAR_MONTH: 12}
_NUMBER_FORMATS = {
    Kind.AMOUNT: "#,##0.00####",
    Kind.NUMBER: "0.######",
    Kind.INTEGER: "0",
    Kind.DATE: "yyyy-mm-dd",
    Kind.YEAR_MONTH: "@",
    Kind.TEXT: "@",
}


def budget_data(budget: Budget) -> dict[str, Any]:
    """The budget as plain values (amounts exact, in 万元), as a source file holds them.

    A part declared absent keeps its key even without a note: the key itself declares it."""
    data = budget.model_dump(mode="python")
    declared = budget.none_this_year
    if declared is not None:
        data["none_this_year"] = {name: getattr(declared, name) for name in declared.model_fields_set}
    return data


def budget_to_workbook(budget: Budget) -> Workbook:
    """The input workbook filled with a budget: read back, it gives the same budget."""
    return data_to_workbook(budget_data(budget))


def template_workbook(year: int, layout: str | None) -> Workbook:
    """A blank input workbook for a layout and a budget year."""
    return data_to_workbook({"yusuan": 1, "year": year, "layout": layout, "amount_unit": AmountUnit.WAN})


def save_workbook(workbook: Workbook, target: Path) -> None:
    """Save beside the target, then rename: an interrupted save leaves no torn file."""
    with replacing(target, suffix=".xlsx") as tmp:
        workbook.save(tmp)


def data_to_workbook(data: dict[str, Any]) -> Workbook:
    """The input workbook holding plain budget values (complete or not: what is missing stays blank)."""
    writer = _Writer(data)
    return writer.workbook


def _get(data: Any, path: FieldPath) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
        if data is None:
            return None
    return data


class _Writer:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.year: int | None = data.get("year") if isinstance(data.get("year"), int) else None
        self.unit = AmountUnit(data.get("amount_unit") or AmountUnit.WAN)
        self.workbook = Workbook()
        instructions = self.workbook.active
        assert instructions is not None
        instructions.title = INSTRUCTIONS_SHEET
        self.code_lists = self._codes_sheet()
        for sheet in SHEETS:
            ws = self.workbook.create_sheet(sheet.name)
            if isinstance(sheet, Form):
                self._form(ws, sheet)
            elif isinstance(sheet, Table):
                self._table(ws, sheet.note, sheet.columns, self._table_rows(sheet))
            elif sheet is SUBJECTS:
                self._table(ws, sheet.note, subject_columns(), self._subject_rows())
            elif sheet is ABSENT:
                self._table(ws, sheet.note, absent_columns(), self._absent_rows(), fixed=True)
            elif sheet is INDICATORS:
                self._table(ws, sheet.note, indicator_columns(), self._indicator_rows())
        self.workbook.move_sheet(CODES_SHEET, len(self.workbook.sheetnames))
        self._instructions(instructions)
        mark = self.workbook.create_sheet(MARK_SHEET)
        mark["A1"], mark["B1"] = FORMAT, VERSION
        mark.sheet_state = "hidden"
        self.workbook.defined_names[MARK_NAME] = DefinedName(MARK_NAME, attr_text=f"'{MARK_SHEET}'!$B$1")

    # ------------------------------------------------------------ values

    def cell_value(self, column: Column, value: Any) -> Any:
        """A plain value as the cell holds it: amounts in the workbook's unit, sources by name."""
        if value is None:
            return None
        if column.kind is Kind.AMOUNT and isinstance(value, Decimal):
            value = self.unit.from_wan(value)
        if isinstance(value, Decimal):
            value = value.normalize()
            if value == value.to_integral_value():
                value = value.quantize(Decimal(1))
            if len(value.as_tuple().digits) > CELL_DIGITS:
                return format(value, "f")  # a spreadsheet number would lose digits
            return int(value) if value.as_tuple().exponent == 0 else value
        return column.to_cell(value)

    # ------------------------------------------------------------ sheets

    def _note(self, ws: Worksheet, note: str, width: int) -> None:
        unit = f"金额单位：{self.unit.value}（见“基本信息”）。"
        ws.cell(NOTE_ROW, 1, f"{note}{unit}灰色标题下逐行填写；第 {KEY_ROW} 行（隐藏）供程序识别，请勿改动。")
        ws.cell(NOTE_ROW, 1).font = _NOTE_FONT
        ws.merge_cells(start_row=NOTE_ROW, start_column=1, end_row=NOTE_ROW, end_column=max(width, 1))
        ws.row_dimensions[NOTE_ROW].height = 30
        ws.cell(NOTE_ROW, 1).alignment = _WRAP
        ws.row_dimensions[KEY_ROW].hidden = True
        ws.freeze_panes = ws.cell(FIRST_ROW, 1)

    def _heading(self, ws: Worksheet, row: int, col: int, text: str) -> None:
        cell = ws.cell(row, col, text)
        cell.font, cell.fill, cell.alignment = _HEADING_FONT, _HEADING_FILL, _WRAP

    def _form(self, ws: Worksheet, form: Form) -> None:
        self._note(ws, form.note, 4)
        ws.column_dimensions["A"].hidden = True
        for col, text in enumerate(FORM_HEADINGS, start=2):
            self._heading(ws, HEADING_ROW, col, text)
        ws.cell(KEY_ROW, 1, "key")
        for width, letter in ((44, "B"), (50, "C"), (44, "D")):
            ws.column_dimensions[letter].width = width
        for row, column in enumerate(form.columns, start=FIRST_ROW):
            ws.cell(row, 1, column.key)
            ws.cell(row, 2, column.heading(self.year)).alignment = _WRAP
            ws.cell(row, 4, column.description).alignment = _WRAP
            cell = ws.cell(row, 3, self.cell_value(column, _get(self.data, column.path)))
            cell.alignment = _WRAP
            if column.kind in _NUMBER_FORMATS:
                cell.number_format = _NUMBER_FORMATS[column.kind]
            if column.kind.is_code:
                cell.number_format = "@"
            self._validate(ws, column, cell.coordinate)

    def _table(
        self, ws: Worksheet, note: str, columns: list[Column], rows: Iterator[list[Any]], fixed: bool = False
    ) -> None:
        self._note(ws, note, len(columns))
        for col, column in enumerate(columns, start=1):
            letter = get_column_letter(col)
            self._heading(ws, HEADING_ROW, col, column.heading(self.year))
            if column.description:
                ws.cell(HEADING_ROW, col).comment = Comment(column.description, "yusuan")
            ws.cell(KEY_ROW, col, column.key)
            ws.column_dimensions[letter].width = max(
                _WIDTHS.get(column.kind, 14), min(len(column.heading(self.year)) * 2, 40)
            )
            number_format = "@" if column.kind.is_code else _NUMBER_FORMATS.get(column.kind)
            if number_format:
                ws.column_dimensions[letter].number_format = number_format
            if not fixed or column.kind is Kind.CHOICE:
                self._validate(ws, column, f"{letter}{FIRST_ROW}:{letter}{FIRST_ROW + TABLE_ROWS - 1}")
        ws.row_dimensions[HEADING_ROW].height = 32
        if fixed:  # fixed rows are found by the key in column A, which is the program's, not the preparer's
            ws.column_dimensions["A"].hidden = True
        for row, values in enumerate(rows, start=FIRST_ROW):
            for col, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
                cell = ws.cell(row, col, self.cell_value(column, value))
                cell.alignment = _WRAP
                number_format = "@" if column.kind.is_code else _NUMBER_FORMATS.get(column.kind)
                if number_format:
                    cell.number_format = number_format

    def _validate(self, ws: Worksheet, column: Column, where: str) -> None:
        """Data validation for a column: numbers only in amount cells, codes from the reference data."""
        heading = column.heading(self.year)[:32]
        validation: DataValidation
        if column.kind in (Kind.AMOUNT, Kind.NUMBER):
            validation = DataValidation("decimal", operator="greaterThanOrEqual", formula1="0")
            validation.error = "请填写不小于 0 的数字（金额单位见“基本信息”）"
        elif column.kind is Kind.INTEGER:
            validation = DataValidation("whole", operator="greaterThanOrEqual", formula1="0")
            validation.error = "请填写不小于 0 的整数"
        elif column.kind is Kind.DATE:
            validation = DataValidation("date", operator="greaterThan", formula1="1")
            validation.error = "请填写日期，如 2024-02-08"
        elif column.kind is Kind.CHOICE and column.choices:
            validation = DataValidation("list", formula1='"' + ",".join(column.choices) + '"')
            validation.error = "请从下拉列表中选择：" + "、".join(column.choices)
        elif column.kind in self.code_lists:
            formula, complete = self.code_lists[column.kind]
            validation = DataValidation("list", formula1=formula)
            validation.errorStyle = "stop" if complete else "warning"
            validation.error = f"不在“{CODES_SHEET}”表所列的科目中" + (
                "" if complete else "（该表不完整，可继续填写）"
            )
        else:
            validation = DataValidation(allow_blank=True)
        validation.allow_blank = True
        validation.errorTitle = heading
        validation.showErrorMessage = validation.type is not None
        if column.description or validation.type is not None:
            validation.promptTitle = heading
            validation.prompt = (column.description or validation.error or "")[:250]
            validation.showInputMessage = True
        validation.add(where)
        ws.add_data_validation(validation)

    def _codes_sheet(self) -> dict[Kind, tuple[str, bool]]:
        """The subject codes of the reference data, as the lists code cells are validated against."""
        ws = self.workbook.create_sheet(CODES_SHEET)
        lists: dict[Kind, tuple[str, bool]] = {}
        notes = []
        for start, kind, kinds, lengths in (
            (1, CodeKind.FUNCTION, (Kind.FUNCTION_ITEM,), (7,)),
            (4, CodeKind.ECONOMIC, (Kind.ECONOMIC,), (3, 5)),
        ):
            years = [self.year] if self.year is not None else []
            years += [y for y in nearest_years(kind, self.year) if y != self.year]
            catalog = None
            for year in years:
                catalog = load_catalog(year, kind)
                if len(catalog):
                    break
            entries = [e for e in catalog if len(e.code) in lengths] if catalog is not None else []
            self._heading(ws, HEADING_ROW, start, f"{kind.label}编码")
            self._heading(ws, HEADING_ROW, start + 1, "名称")
            ws.column_dimensions[get_column_letter(start)].width = 14
            ws.column_dimensions[get_column_letter(start + 1)].width = 36
            for row, entry in enumerate(entries, start=FIRST_ROW):
                ws.cell(row, start, entry.code).number_format = "@"
                ws.cell(row, start + 1, entry.name)
            if catalog is not None and entries:
                complete = catalog.is_complete
                letter = get_column_letter(start)
                formula = f"'{CODES_SHEET}'!${letter}${FIRST_ROW}:${letter}${FIRST_ROW + len(entries) - 1}"
                for each in kinds:
                    lists[each] = (formula, complete)
                state = (
                    "完整（已导入财政部科目表）"
                    if complete
                    else "不完整（仅含随 yusuan 提供的片段），表外科目也可填写"
                )
                notes.append(f"{kind.label}：{catalog.year} 年，{len(entries)} 个，{state}")
        ws.cell(
            NOTE_ROW, 1, "参考数据中的科目代码（" + "；".join(notes or ["无参考数据"]) + "）。"
        ).font = _NOTE_FONT
        ws.freeze_panes = ws.cell(FIRST_ROW, 1)
        return lists

    def _instructions(self, ws: Worksheet) -> None:
        ws.column_dimensions["A"].width = 22
        ws.column_dimensions["B"].width = 100
        year = f"{self.year} 年" if self.year else ""
        lines = [
            f"yusuan 预算填报工作簿（{year}，格式版本 {VERSION}）",
            "",
            "一、本工作簿填写一个单位（部门）一年的预算，每张工作表填写一部分；填好后可直接使用：",
            "    yusuan check 本文件.xlsx    核对；    yusuan build 本文件.xlsx -o 输出文件夹    生成公开文件。",
            "二、各表第 1 行是说明，第 2 行是标题，从第 4 行起逐行填写；第 3 行和“基本信息”等表的 A 列隐藏，供程序识别，请勿改动或删除。",
            f"三、金额一律填数字，单位为“基本信息”表中的“文件中金额的单位”（现为 {self.unit.value}）；不要填“万元”等文字。",
            "四、合计、小计、收入合计、增减额和占比等由 yusuan 计算，不填。“上年”各列填上一年度的数。",
            f"五、科目编码填数字（如 2010301），可参考“{CODES_SHEET}”表；空白单元格表示不填。",
            "六、标题中注“（必填）”的必须填写；有问题时 yusuan 指出工作表、单元格和字段。",
            "",
            "各工作表：",
        ]
        for row, text in enumerate(lines, start=1):
            ws.cell(row, 1, text)
        ws.cell(1, 1).font = Font(bold=True, size=14)
        for row, sheet in enumerate(SHEETS, start=len(lines) + 1):
            ws.cell(row, 1, sheet.name).font = _HEADING_FONT
            ws.cell(row, 2, sheet.note).alignment = _WRAP

    # ------------------------------------------------------------ rows

    def _table_rows(self, table: Table) -> Iterator[list[Any]]:
        columns = table.columns
        parents: list[tuple[Any, Any]]
        if table.parent is None:
            parents = [(None, _get(self.data, table.at))]
        else:
            assert table.parent_key is not None
            rest = table.at[len(table.parent) + 1 :]
            parents = [
                (parent.get(table.parent_key), _get(parent, rest))
                for parent in _get(self.data, table.parent) or []
            ]
        for parent_key, items in parents:
            pairs = items.items() if isinstance(items, dict) else ((None, item) for item in items or [])
            for key, item in pairs:
                row = []
                for column in columns:
                    if column.path == ("@parent",):
                        row.append(parent_key)
                    elif column.path == ("@key",):
                        row.append(key)
                    elif column.path == ("@value",):
                        row.append(item)
                    else:
                        row.append(_get(item, column.path))
                yield row

    def _subject_rows(self) -> Iterator[list[Any]]:
        names = self.data.get("subject_names") or {}
        notes = self.data.get("subject_notes") or {}
        for code in [*names, *(code for code in notes if code not in names)]:
            yield [code, names.get(code), notes.get(code)]

    def _absent_rows(self) -> Iterator[list[Any]]:
        declared = self.data.get("none_this_year") or {}
        for name, field in NoneThisYear.model_fields.items():
            yield [name, field.title, ABSENT_MARK if name in declared else None, declared.get(name)]

    def _indicator_rows(self) -> Iterator[list[Any]]:
        own = [column for column in indicator_columns() if not column.key.startswith("@")]
        owners: list[tuple[str, Any]] = [(UNIT_OWNER, self.data.get("performance"))]
        owners += list((self.data.get("project_performance") or {}).items())
        for owner, performance in owners:
            if not performance:
                continue
            for level1, level2s in (performance.get("indicators") or {}).items():
                for level2, items in level2s.items():
                    for values in items:
                        yield [owner, level1, level2, *(_get(values, column.path) for column in own)]
