"""Fill a copy of an official blank template from a document yusuan built, as a preparer would."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from yusuan.compute import compute
from yusuan.generate import build_document
from yusuan.layout import load_layout
from yusuan.model.budget import Budget
from yusuan.model.document import Document
from yusuan.read.formats.xlsx import read_xlsx
from yusuan.read.numbers import parse_figure

# copies of the blank templates the profiles cite
SAMPLES = Path(__file__).resolve().parent / "fixtures" / "templates"
BLANK = {
    "部门": SAMPLES / "shanghai-putuo-2026-dept-budget-blank-template.xlsx",
    "单位": SAMPLES / "shanghai-putuo-2026-unit-budget-blank-template.xlsx",
}
# the last header row of a table sheet holds one of these (类 款 项 / 项目 预算数 / 小计 购置费 运行费)
_HEADER_ENDS = {"类", "项目", "小计", "人员经费"}


def built(budget: Budget, layout: str) -> Document:
    return build_document(budget, load_layout(layout), compute(budget))


def _sheets(path: Path, layout: str) -> dict[str, str]:
    from yusuan.importer.workbook import table_sheets

    return table_sheets(read_xlsx(path), load_layout(layout))


def _header_end(ws) -> int:  # type: ignore[no-untyped-def]
    end = 0
    for row in ws.iter_rows(min_row=1, max_row=10):
        if any(isinstance(c.value, str) and c.value.strip() in _HEADER_ENDS for c in row):
            end = row[0].row
    assert end, ws.title
    return end


def _figure(text: str) -> int | Decimal | None:
    value = parse_figure(text)
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() and "." not in text else value


def fill_template(
    blank: Path, document: Document, layout: str, target: Path, *, unit: str, functions: list[str]
) -> Path:
    """A copy of ``blank`` with every table of ``document`` typed into its sheet (figures as
    numbers, codes and names as text), the cover naming ``unit`` and the functions filled in."""
    sheets = _sheets(blank, layout)
    book = load_workbook(blank)
    profile = load_layout(layout)
    assert profile.template is not None
    cover = book[profile.template.cover]
    for row in cover.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(profile.template.issuer):
                cell.value = f"{profile.template.issuer}：{unit}"
    for ws in book.worksheets:
        first = ws.cell(1, 1).value
        if isinstance(first, str) and first.endswith("主要职能"):
            ws.cell(3, 1).value = "\n".join(
                [f"    {unit}是本年度预算的编制单位。", "    主要职能包括："]
                + [f"    {i}. {text}" for i, text in enumerate(functions, start=1)]
            )
    for table in document.tables:
        ws = book[sheets[table.key]]
        start = _header_end(ws) + 1
        for merged in list(ws.merged_cells.ranges):
            if merged.min_row >= start:
                ws.unmerge_cells(str(merged))
        ws.delete_rows(start, ws.max_row - start + 1)
        for offset, row in enumerate(table.rows):
            for index, (cell, column) in enumerate(zip(row.cells, table.columns, strict=True), start=1):
                if not cell.text:
                    continue
                value = _figure(cell.text) if column.kind == "figure" else cell.text
                ws.cell(start + offset, index).value = value
    book.save(target)
    return target
