"""The figures of a filled template's tables as the budget source's fields.

What a preparer decides is read from the finest rows the tables print: each 项 of the tables
by funding source (一般公共预算、政府性基金、国有资本经营) gives that source's basic and project
expenditure; the 支出总表 gives them for all sources, and what it holds beyond the fiscal tables
is the non-fiscal sources' share, told apart by the 收入总表 (事业收入、事业单位经营收入、其他收入).
The 经济分类 table gives personnel and public expenditure by 款 (a 类 printed without its 款
gives a 类-level line), the 三公 table its four items and 机关运行经费. Which table is which, and
which sources and measures each column shows, comes from the layout profile. Subtotals, totals
and the summary tables are not read as input: they are checked against what the budget built
from these rows prints (:mod:`yusuan.importer.verify`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from yusuan.importer.places import Place, place_of
from yusuan.layout.profile import TableSpec, select_sources
from yusuan.model.document import Row, Table
from yusuan.model.money import ZERO, AmountUnit
from yusuan.model.sources import Source

FieldPath = tuple[str | int, ...]
# the raw value of a figure cell, in the table's unit (None: blank)
RawValue = Callable[[Place], Decimal | None]

_SANGONG_ITEMS = ("overseas", "vehicle_purchase", "vehicle_running", "reception")


@dataclass
class ReadTable:
    """A recognised table with the sheet it is on."""

    table: Table
    spec: TableSpec
    sheet: str


@dataclass
class Figures:
    """The budget fields read from the tables, where each came from, and what was noticed."""

    expenditure: list[dict[str, Any]] = field(default_factory=list)
    basic_economic: list[dict[str, Any]] = field(default_factory=list)
    subject_names: dict[str, str] = field(default_factory=dict)
    sangong: dict[str, Any] | None = None
    operating_expenses: dict[str, Any] | None = None
    places: dict[FieldPath, Place] = field(default_factory=dict)
    read: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)


def amount_text(value: Decimal) -> str:
    """An amount as the budget source writes it: exact, no exponent, no trailing zeros."""
    text = format(value.normalize(), "f")
    return text


def _line(code: str, name: str, source: Source, **amounts: Decimal) -> dict[str, Any] | None:
    """A subject's line of budget.yaml with its non-zero amounts; None where every amount is zero."""
    if all(value == 0 for value in amounts.values()):
        return None
    line: dict[str, Any] = {"code": code, "name": name, "source": source.value}
    line.update({key: amount_text(value) for key, value in amounts.items() if value})
    return line


def _single_source(selector: str | None) -> Source | None:
    if selector is None:
        return None
    sources = select_sources(selector)
    return next(iter(sources)) if len(sources) == 1 else None


def _subject_rows(item: ReadTable) -> list[tuple[str, Row]]:
    """The rows of a 项 (a seven-digit code) in a read table, with their codes; not its totals."""
    return [(r.code, r) for r in item.table.rows if r.kind != "total" and r.code and len(r.code) == 7]


def _measures(spec: TableSpec) -> dict[str, str]:
    """measure -> column key, for the columns that show one measure over the table's sources."""
    return {c.measure: c.key for c in spec.columns if c.measure and c.sources is None}


class _Reader:
    def __init__(self, tables: dict[str, ReadTable], raw: RawValue) -> None:
        self.tables = tables
        self.raw = raw
        self.out = Figures()

    def cell_value(self, item: ReadTable, row: Row, key: str) -> tuple[Decimal, Place | None]:
        """A figure in 元 (blank: 0) and its place."""
        try:
            index = item.table.column_index(key)
        except KeyError:
            return ZERO, None
        cell = row.cells[index]
        place = place_of(cell.provenance, item.sheet)
        value = self.raw(place) if cell.provenance is not None else None
        if value is None and cell.text.strip() and cell.value is None:
            self.out.not_understood.append(f"{place}：“{cell.text.strip()}”不是数字，未读入")
        unit = item.table.unit or item.spec.unit or AmountUnit.YUAN
        amount = AmountUnit.YUAN.from_wan(unit.to_wan(value)) if value is not None else ZERO
        return amount, place

    def name(self, item: ReadTable, row: Row) -> str:
        try:
            return row.cells[item.table.column_index("name")].text.strip()
        except KeyError:
            return ""

    def rows_without_code(self, item: ReadTable) -> None:
        """Rows with a figure but no subject code cannot be placed anywhere."""
        figure_keys = [c.key for c in item.table.columns if c.kind == "figure"]
        for row in item.table.rows:
            if row.kind == "total" or row.code:
                continue
            figures = [self.cell_value(item, row, key) for key in figure_keys]
            if any(value != 0 for value, _ in figures):
                place = next(p for v, p in figures if v != 0)
                self.out.not_understood.append(f"{place}：这一行有数字，但没有科目编码，未读入")


def read_figures(tables: dict[str, ReadTable], raw: RawValue) -> Figures:
    """The budget fields of the tables (amounts in 元, as text)."""
    reader = _Reader(tables, raw)
    _function_lines(reader)
    _economic_lines(reader)
    _sangong(reader)
    return reader.out


def _function_lines(reader: _Reader) -> None:
    out = reader.out
    by_source: list[ReadTable] = []
    overall: ReadTable | None = None
    income: list[tuple[ReadTable, Source, str]] = []  # a column giving one source's total
    for item in reader.tables.values():
        spec = item.spec
        if spec.kind != "by_function":
            continue
        measures = _measures(spec)
        if "basic" in measures and "project" in measures:
            source = _single_source(spec.sources)
            if source is not None:
                by_source.append(item)
            elif spec.sources in (None, "all"):
                overall = item
        for column in spec.columns:
            single = _single_source(column.sources)
            if column.measure == "total" and single is not None:
                income.append((item, single, column.key))
    fiscal_sources = {_single_source(t.spec.sources) for t in by_source}
    income = [entry for entry in income if entry[1] not in fiscal_sources]
    lines: dict[tuple[str, Source], dict[str, Any]] = {}
    covered: dict[str, list[Decimal]] = {}  # code -> [basic, project] of the source tables

    def add(
        code: str,
        name: str,
        source: Source,
        basic: Decimal,
        project: Decimal,
        places: dict[str, Place | None],
    ) -> None:
        line = _line(code, name, source, basic=basic, project=project)
        if line is None:
            return
        index = len(out.expenditure)
        out.expenditure.append(line)
        lines[(code, source)] = line
        for key, place in places.items():
            if place is not None:
                out.places[("expenditure", index, key)] = place
        out.places.setdefault(
            ("expenditure", index), places.get("basic") or places.get("project") or Place("")
        )

    names: dict[str, str] = {}
    for item in [*by_source, *([overall] if overall else []), *(t for t, _, _ in income)]:
        for row in item.table.rows:
            if row.code and row.kind != "total" and (name := reader.name(item, row)):
                if len(row.code) == 7:
                    names.setdefault(row.code, name)
                else:
                    out.subject_names.setdefault(row.code, name)
    for item in by_source:
        source = _single_source(item.spec.sources)
        assert source is not None
        measures = _measures(item.spec)
        count = 0
        for code, row in _subject_rows(item):
            basic, basic_place = reader.cell_value(item, row, measures["basic"])
            project, project_place = reader.cell_value(item, row, measures["project"])
            name = reader.name(item, row) or names.get(code, "")
            add(
                code,
                name,
                source,
                basic,
                project,
                {"basic": basic_place, "project": project_place, "name": None},
            )
            split = covered.setdefault(code, [ZERO, ZERO])
            split[0] += basic
            split[1] += project
            count += basic != 0 or project != 0
        reader.rows_without_code(item)
        if count:
            out.read.append(f"工作表“{item.sheet}”（{item.table.title}）：{count} 个项级科目")
        else:
            out.missing.append(f"工作表“{item.sheet}”（{item.table.title}）没有填写数字")
    if overall is None:
        return
    # what the 支出总表 holds beyond the fiscal tables: the other sources' expenditure, split by
    # source as the income table's columns say (basic first, in the columns' order)
    measures = _measures(overall.spec)
    amounts: dict[str, list[tuple[Source, Decimal, Place | None]]] = {}
    for item, source, key in income:
        for code, row in _subject_rows(item):
            value, place = reader.cell_value(item, row, key)
            if value:
                amounts.setdefault(code, []).append((source, value, place))
    rows = 0
    for code, row in _subject_rows(overall):
        basic, basic_place = reader.cell_value(overall, row, measures["basic"])
        project, project_place = reader.cell_value(overall, row, measures["project"])
        rows += basic != 0 or project != 0
        fiscal = covered.get(code, [ZERO, ZERO])
        rest_basic = max(basic - fiscal[0], ZERO)
        name = reader.name(overall, row) or names.get(code, "")
        for source, value, place in amounts.get(code, []):
            share_basic = min(rest_basic, value)
            rest_basic -= share_basic
            add(
                code,
                name,
                source,
                share_basic,
                value - share_basic,
                {"basic": basic_place if share_basic else None, "project": place, "name": None},
            )
    reader.rows_without_code(overall)
    if rows:
        out.read.append(f"工作表“{overall.sheet}”（{overall.table.title}）：{rows} 个项级科目")


def _economic_lines(reader: _Reader) -> None:
    out = reader.out
    for item in reader.tables.values():
        spec = item.spec
        source = _single_source(spec.sources)
        measures = _measures(spec)
        if spec.kind != "by_economic" or source is None or not {"personnel", "public"} <= set(measures):
            continue
        rows = [row for row in item.table.rows if row.kind != "total" and row.code]
        count = 0
        for position, row in enumerate(rows):
            code = row.code or ""
            following = rows[position + 1].code if position + 1 < len(rows) else None
            itemised = (
                len(code) == 3
                and following is not None
                and len(following) == 5
                and following.startswith(code)
            )
            name = reader.name(item, row)
            if len(code) == 3 and itemised:
                if name:
                    out.subject_names.setdefault(code, name)
                continue
            personnel, personnel_place = reader.cell_value(item, row, measures["personnel"])
            public, public_place = reader.cell_value(item, row, measures["public"])
            line = _line(code, name, source, personnel=personnel, public=public)
            if line is None:
                continue
            index = len(out.basic_economic)
            out.basic_economic.append(line)
            out.places[("basic_economic", index)] = personnel_place or public_place or Place(item.sheet)
            for key, place in (("personnel", personnel_place), ("public", public_place)):
                if place is not None:
                    out.places[("basic_economic", index, key)] = place
            count += 1
        reader.rows_without_code(item)
        if count:
            out.read.append(f"工作表“{item.sheet}”（{item.table.title}）：{count} 个经济分类科目")
        else:
            out.missing.append(f"工作表“{item.sheet}”（{item.table.title}）没有填写数字")


def _sangong(reader: _Reader) -> None:
    out = reader.out
    for item in reader.tables.values():
        if item.spec.kind != "sangong":
            continue
        rows = item.table.rows
        if not rows:
            out.missing.append(f"工作表“{item.sheet}”（{item.table.title}）没有填写数字")
            continue
        row = rows[0]
        keys = {c.key for c in item.table.columns}
        values: dict[str, tuple[Decimal, Place | None]] = {}
        for name in (*_SANGONG_ITEMS, "operating"):
            if f"current.{name}" in keys:
                values[name] = reader.cell_value(item, row, f"current.{name}")
        filled = [name for name in _SANGONG_ITEMS if name in values and values[name][1] is not None]
        if filled:
            out.sangong = {
                name: {"amount": amount_text(values[name][0])} for name in _SANGONG_ITEMS if name in values
            }
            for name in _SANGONG_ITEMS:
                place = values.get(name, (ZERO, None))[1]
                if place is not None:
                    out.places[("sangong", name, "amount")] = place
                    out.places[("sangong", name)] = place
            out.read.append(f"工作表“{item.sheet}”（{item.table.title}）：“三公”经费 4 项")
        operating = values.get("operating")
        if operating is not None and operating[1] is not None and _printed(item, row, "current.operating"):
            out.operating_expenses = {"amount": amount_text(operating[0])}
            out.places[("operating_expenses", "amount")] = operating[1]
            out.places[("operating_expenses",)] = operating[1]
            out.read.append(f"工作表“{item.sheet}”（{item.table.title}）：机关运行经费")
        if len(rows) > 1:
            out.not_understood.append(
                f"工作表“{item.sheet}”：“三公”经费表只读第一行数字，其下 {len(rows) - 1} 行未读入"
            )


def _printed(item: ReadTable, row: Row, key: str) -> bool:
    try:
        return bool(row.cells[item.table.column_index(key)].text.strip())
    except KeyError:
        return False
