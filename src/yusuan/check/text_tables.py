"""What a comparison grid inside the text states (``Document.text_tables``, read by
``read.text_grids``): the budget year's totals, to be checked against the tables as the text's
amounts are (text.E001), and each total's change, to be checked against its two years
(text.E005)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from yusuan.check.context import CheckContext, compare, places_of
from yusuan.lexicon import GRID_CHANGE, GRID_YEAR
from yusuan.model.document import Cell, Claim, Column, Row, Table
from yusuan.text.spacing import squeeze

# the totals a grid's column may be, by its key: its 合计 is the whole budget, or the general
# budget's, or the fiscal appropriation's — whichever the text means, one must agree
KINDS = {
    "total": ("overall", "general", "fiscal"),
    "basic": ("basic",),
    "project": ("project",),
    "personnel": ("personnel",),
    "public": ("public",),
}


def _label(row: Row) -> str:
    return squeeze(unicodedata.normalize("NFKC", row.cells[0].text)) if row.cells else ""


def row_year(row: Row) -> int | None:
    """The year a row of a comparison grid is about; None for its change row."""
    match = GRID_YEAR.match(_label(row))
    return int(match.group(1)) if match else None


def budget_year_row(table: Table, year: int) -> Row | None:
    return next((row for row in table.rows if row_year(row) == year), None)


def change_row(table: Table) -> Row | None:
    return next((row for row in table.rows if GRID_CHANGE.match(_label(row))), None)


@dataclass(frozen=True)
class Stated:
    """One column of a grid: the total it names, and its figures."""

    table: Table
    column: Column
    current: Cell
    prior: Cell | None
    change: Cell | None

    def claim(self) -> Claim:
        """The budget year's figure as the text's claim of that amount."""
        unit = self.table.unit.value if self.table.unit is not None else None
        return Claim(
            subject=self.column.title,
            kind="amount",
            value=self.current.value or Decimal(0),
            unit=unit,
            text=f"{self.current.text}{unit or ''}",
            sentence=f"{self.table.title}：{self.column.title} {self.current.text}",
            provenance=self.current.provenance,
        )


def stated(ctx: CheckContext) -> Iterator[Stated]:
    """Each total of each comparison grid with its budget-year figure printed."""
    for table in ctx.document.text_tables:
        current = budget_year_row(table, ctx.year)
        if current is None:
            continue
        prior = next((r for r in table.rows if row_year(r) == ctx.year - 1), None)
        change = change_row(table)
        for index, column in enumerate(table.columns):
            if column.key not in KINDS or current.cells[index].value is None:
                continue
            yield Stated(
                table,
                column,
                current.cells[index],
                prior.cells[index] if prior is not None else None,
                change.cells[index] if change is not None else None,
            )


def wrong_change(item: Stated) -> Decimal | None:
    """The change the two years give, where the printed change is another (at the printed
    precision); None where it agrees or is not printed."""
    if item.prior is None or item.change is None:
        return None
    current, prior, change = item.current.value, item.prior.value, item.change.value
    if current is None or prior is None or change is None:
        return None
    difference = current - prior
    places = min(places_of(current), places_of(prior), places_of(change))
    if compare(change, difference, parts=3, places=places) != "different":
        return None
    return difference
