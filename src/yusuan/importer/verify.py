"""Every figure of a filled template against the same figure of the document built from it.

The budget read from a template's finest rows is built in the template's layout; each table's
subtotals, totals and summary tables must then print what the preparer typed. A figure that does
not is named by sheet and cell, with both numbers: the template contradicts itself there (a
total mistyped, a 项 in one table and not in another), and yusuan cannot tell which is right.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal

from yusuan.importer.figures import ReadTable
from yusuan.importer.places import Place, place_of
from yusuan.model.document import Row, Table
from yusuan.model.money import ZERO, quantize
from yusuan.read.numbers import parse_figure

RawValue = Callable[[Place], Decimal | None]


def _shown(value: Decimal, decimals: int) -> str:
    text = f"{quantize(value, decimals):,f}"
    return text


def verify(read: dict[str, ReadTable], built: list[Table], raw: RawValue) -> list[tuple[Place, str]]:
    """(place, message) for every figure of the workbook that the built document does not print."""
    problems: list[tuple[Place, str]] = []
    built_by_key = {table.key: table for table in built}
    for key, item in read.items():
        table = built_by_key.get(key)
        if table is None:
            continue
        positional = item.spec.kind in ("summary", "sangong")
        read_rows = _rows(item.table, positional)
        built_rows = _rows(table, positional)
        figures = [c.key for c in table.columns if c.kind == "figure"]
        titles = {c.key: c.title for c in table.columns}
        for row_key, row in read_rows.items():
            other = built_rows.get(row_key)
            for column in figures:
                try:
                    cell = row.cells[item.table.column_index(column)]
                except KeyError:
                    continue
                place = place_of(cell.provenance, item.sheet)
                typed = raw(place) if cell.provenance is not None else None
                typed = ZERO if typed is None else typed
                if item.table.unit and table.unit and item.table.unit != table.unit:  # a sheet in 万元
                    typed = table.unit.from_wan(item.table.unit.to_wan(typed))
                expected = ZERO
                if other is not None:
                    expected = parse_figure(other.cells[table.column_index(column)].text) or ZERO
                shown = quantize(typed, table.decimals)
                if shown != expected:
                    what = _what(row, titles[column])
                    problems.append(
                        (
                            place,
                            f"{what}填写 {_shown(typed, table.decimals)}，由各表明细数计算应为 "
                            f"{_shown(expected, table.decimals)}",
                        )
                    )
        for row_key, row in built_rows.items():
            if row_key in read_rows or not any(
                (parse_figure(c.text) or ZERO) != 0
                for c, col in zip(row.cells, table.columns, strict=True)
                if col.kind == "figure"
            ):
                continue
            label = f"科目 {row.code}" if row.code else "合计行" if row.kind == "total" else "一行"
            problems.append(
                (Place(item.sheet), f"表“{item.table.title}”缺少{label}（由其他各表的明细数应有此行）")
            )
    return problems


def _what(row: Row, column: str) -> str:
    if row.code:
        return f"科目 {row.code} 的“{column}”"
    if row.kind == "total":
        return f"合计的“{column}”"
    return f"“{column}”"


def _rows(table: Table, positional: bool) -> dict[tuple[str, int], Row]:
    """Rows by a key both the read and the built table give them: (code, occurrence) in subject
    tables, (kind, position among rows of that kind) in summary tables."""
    seen: Counter[str] = Counter()
    keyed: dict[tuple[str, int], Row] = {}
    for row in table.rows:
        name = row.kind if positional or not row.code else f"{row.kind}:{row.code}"
        if row.kind == "subtotal" and not positional and row.code:
            name = f"item:{row.code}"  # a 类 printed without its 款 is a line in one table, a subtotal in another
        keyed[(name, seen[name])] = row
        seen[name] += 1
    return keyed
