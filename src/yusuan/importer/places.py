"""Where a figure or text of a workbook is: the sheet and the cell, as a person finds it in Excel."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from yusuan.model.document import Provenance


@dataclass(frozen=True)
class Place:
    """A cell of a sheet (row and column as Excel counts them, from 1)."""

    sheet: str
    row: int | None = None
    column: int | None = None

    @property
    def cell(self) -> str:
        if self.row is None:
            return ""
        return f"{get_column_letter(self.column or 1)}{self.row}"

    def __str__(self) -> str:
        cell = f"单元格 {self.cell}" if self.cell else ""
        return f"工作表“{self.sheet}”{cell}"


def place_of(provenance: Provenance | None, sheet: str) -> Place:
    """The place of a read cell (the reader keeps the row and column; the sheet is the table's)."""
    if provenance is None:
        return Place(sheet)
    return Place(sheet, provenance.row, provenance.column)
