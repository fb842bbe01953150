"""One table of a document built from its spec: cells, subject rows, totals and the finished
table, shared by every table kind (:mod:`yusuan.layout.kinds` holds what differs by kind)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Literal, Protocol

from yusuan.compute import Figures
from yusuan.compute.cube import Cube, Entry
from yusuan.layout.profile import ColumnSpec, LayoutProfile, TableSpec, select_sources
from yusuan.model.budget import Budget
from yusuan.model.document import CODE_KEYS, Cell, Column, HeaderCell, Provenance, Row, RowKind, Table
from yusuan.model.money import ZERO, format_amount, quantize
from yusuan.model.sources import Source


class DocumentContext(Protocol):
    """What a table asks of the document it is built for (:class:`yusuan.layout.build.DocumentBuilder`)."""

    budget: Budget
    profile: LayoutProfile
    figures: Figures
    remarks: list[str]

    def fill(self, template: str, number: str = "") -> str: ...

    def name_of(self, code: str, spec: TableSpec | None = None) -> str: ...

    def empty_note(self, spec: TableSpec) -> str | None: ...


_MEASURE_KINDS = {
    "total": None,
    "basic": ("basic",),
    "project": ("project",),
    "personnel": ("personnel",),
    "public": ("public",),
}
LANDSCAPE_COLUMNS = 8  # tables this wide go on a landscape page unless the layout says otherwise


def _column_kind(spec: TableSpec, index: int, rows: list[Row]) -> Literal["code", "text", "figure"]:
    column = spec.columns[index]
    if column.key in CODE_KEYS:
        return "code"
    if column.measure is not None or any(row.cells[index].value is not None for row in rows):
        return "figure"
    return "text"


def _origins(entries: Iterable[Entry]) -> str | None:
    origins = sorted({entry.origin for entry in entries})
    if not origins:
        return None
    return ", ".join(origins[:12]) + (f" …（共 {len(origins)} 处）" if len(origins) > 12 else "")


class TableBuilder:
    """Builds one table from its spec; shared by every table kind."""

    def __init__(self, doc: DocumentContext, spec: TableSpec) -> None:
        self.doc = doc
        self.spec = spec
        self.sources = select_sources(spec.sources)
        self.rows: list[Row] = []

    # ---------------------------------------------------------------- cells
    def money(self, value: Decimal | None, provenance: Provenance | None = None) -> Cell:
        if value is None:
            return Cell(text="", provenance=provenance)
        shown = self.spec.unit.from_wan(value)
        if value == 0 and self.spec.zero != "number":
            text = "" if self.spec.zero == "blank" else "0"
        else:
            text = format_amount(shown, self.spec.decimals, self.spec.thousands)
        # The document holds figures as printed (rounded half-up to the table's decimals), the way
        # a reader would find them; exact amounts stay in the budget and the compute layer.
        return Cell(text=text, value=quantize(shown, self.spec.decimals), provenance=provenance)

    def money_at(self, value: Decimal | None, path: str) -> Cell:
        """A figure taken from one field of the budget (``path``, e.g. ``projects[0].amount``)."""
        return self.money(value, Provenance(table=self.spec.key, path=path))

    def sum_cell(self, entries: list[Entry], what: str) -> Cell:
        """The sum of some cube entries, pointing back to the budget fields they come from."""
        value = sum((e.amount for e in entries), ZERO)
        return self.money(value, Provenance(table=self.spec.key, path=_origins(entries), derivation=what))

    def measure(
        self,
        cube: Cube,
        column: ColumnSpec,
        prefix: str | None,
        what: str,
        sources: frozenset[Source] | None = None,
    ) -> Cell:
        """A column's measure over the table's sources (narrowed by the column's and ``sources``)."""
        selected = self.sources & select_sources(column.sources) if column.sources else self.sources
        if sources is not None:
            selected &= sources
        kinds = _MEASURE_KINDS[column.measure or "total"]
        return self.sum_cell(cube.select(prefix, selected, kinds), what)

    def code_cell(self, key: str, code: str) -> Cell:
        parts = {
            "code.class": code[:3],
            "code.section": code[3:5],
            "code.item": code[5:7],
        }
        if key == "code":
            return Cell(text=code)
        part = parts[key]
        if part and key != "code.class" and not self.spec.pad_codes:
            part = str(int(part))
        return Cell(text=part)

    def label_row(self, label: str, values: dict[str, Cell], kind: RowKind = "total") -> Row:
        """A total row: the label goes in the first column that is not a code or figure."""
        cells = []
        placed = False
        for column in self.spec.columns:
            if column.key in values:
                cells.append(values[column.key])
            elif not placed and column.key not in CODE_KEYS and column.measure is None:
                cells.append(Cell(text=label))
                placed = True
            else:
                cells.append(Cell())
        return Row(kind=kind, cells=cells)

    # ---------------------------------------------------------------- subject tables
    def subject_rows(self, cube: Cube, codes: list[str], names: dict[str, str], leaf_length: int = 7) -> None:
        for code in codes:
            cells = []
            for column in self.spec.columns:
                if column.key in CODE_KEYS:
                    cells.append(self.code_cell(column.key, code))
                elif column.key == "name":
                    cells.append(Cell(text=names.get(code) or self.doc.name_of(code, self.spec)))
                elif column.measure is not None:
                    cells.append(self.measure(cube, column, code, f"科目 {code} 的合计"))
                else:
                    cells.append(Cell())
            level = {3: 1, 5: 2, 7: 3}[len(code)]
            leaf = len(code) == leaf_length or self.spec.rows == "classes"
            self.rows.append(
                Row(
                    kind="item" if leaf else "subtotal",
                    level=level,
                    code=code,
                    cells=cells,
                )
            )

    def total_row(self, cube: Cube) -> Row:
        values = {
            column.key: self.measure(cube, column, None, "本表合计")
            for column in self.spec.columns
            if column.measure is not None
        }
        return self.label_row(self.spec.total_label, values)

    def without(self, what: str) -> Table:
        """The table of a part the budget does not have (``what``, e.g. 政府采购（procurement））:
        printed empty, and the document's remarks say why."""
        self.doc.remarks.append(f"表{self.spec.number}“{self.doc.fill(self.spec.title)}”：预算中没有{what}")
        return self.finish(None)

    def finish(self, cube: Cube | None) -> Table:
        spec = self.spec
        empty = not self.rows
        if cube is not None and (self.rows or spec.kind != "summary"):
            total = self.total_row(cube)
            if spec.total_position == "top":
                self.rows.insert(0, total)
            else:
                self.rows.append(total)
        return Table(
            key=spec.key,
            number=spec.number,
            title=self.doc.fill(
                self.doc.profile.table_title.replace("{title}", spec.title), number=spec.number
            ),
            issuer_label=self.doc.profile.issuer_label,
            issuer=self.doc.budget.unit.name,
            unit=spec.unit,
            header=[
                [HeaderCell(text=self.doc.fill(c.text), cols=c.cols, rows=c.rows) for c in row]
                for row in spec.headers()
            ],
            columns=[
                Column(key=c.key, title=self.doc.fill(c.title), kind=_column_kind(spec, index, self.rows))
                for index, c in enumerate(spec.columns)
            ],
            decimals=spec.decimals,
            thousands=spec.thousands,
            number_label=self.doc.fill(label, number=spec.number)
            if (label := self.doc.profile.table_label)
            else None,
            title_align=self.doc.profile.table_title_align,
            landscape=spec.orientation == "landscape"
            or (spec.orientation == "auto" and len(spec.columns) >= LANDSCAPE_COLUMNS),
            rows=self.rows,
            empty=empty,
            note=self.doc.empty_note(spec) if empty else None,
        )
