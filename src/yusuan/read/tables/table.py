"""One table read from the grids under its title, in the table of a layout."""

from __future__ import annotations

import itertools
import re

from yusuan.layout.profile import TableSpec
from yusuan.lexicon import GRID_CHANGE
from yusuan.model.document import CODE_KEYS, Column, HeaderCell, Row, Table
from yusuan.read.stream import TextCell
from yusuan.read.tables.columns import (
    HEADER_FIT,
    figure_tail,
    header_fit,
    header_labels,
    is_data_row,
    is_text_column,
    is_title_or_unit_row,
    map_columns,
    year_groups,
)
from yusuan.read.tables.grids import Found, is_note, join_grids
from yusuan.read.tables.rows import build_rows, mark_subtotals, place, unit_blocks, unlabelled_total
from yusuan.read.tables.titles import Known
from yusuan.text.spacing import squeeze


def _without_notes(rows: list[list[TextCell]], notes: list[str]) -> list[list[TextCell]]:
    """The rows that are not a note; the notes' texts go to ``notes``."""
    kept = []
    for row in rows:
        texts = list(dict.fromkeys(c.text.strip() for c in row if c.text.strip()))
        if len(texts) == 1 and is_note(texts[0]):
            notes.append(texts[0])
        else:
            kept.append(row)
    return kept


def read_table(
    found: Found, known: Known, shape: bool = False, unit_name: str = "", year: int = 0
) -> tuple[Table, list[str]]:
    spec = known.spec
    header, data = join_grids(found.grids)
    notes = [n for n in found.notes]
    # a spreadsheet keeps the note under the table in the sheet's grid: a row of one text (merged
    # across the row, so repeated in each cell)
    # (of an empty table, the header takes in every row)
    header, data = _without_notes(header, notes), _without_notes(data, notes)
    staged = _final_accounts_rows(data, found.title)
    budget_rows, data = len(data) - len(staged), staged
    printed_rows = len(data)
    data = _this_years_rows(data, year)
    width = max((len(row) for row in header + data), default=0)
    labels = header_labels(header, width)
    # rows of a continuation page drawn with another number of columns are mapped by what their
    # columns hold (codes, figures, words), since the header's columns are not theirs
    main_width = len(header[-1]) if header else width
    same = [row for row in data if len(row) == main_width or not header]
    mapping = map_columns(spec, labels, same or data, year_groups(header, width, year))
    tail = max((figure_tail(row) for row in same if is_data_row(row)), default=0)
    rows: list[Row] = []
    problems: list[str] = []
    if budget_rows:
        problems.append(
            f"{place(found.provenance)}表“{found.title.strip()}”分行印出预算数和决算数，只读入决算数"
            f"（预算数的 {budget_rows} 行未读入）"
        )
    if len(data) < printed_rows:
        problems.append(
            f"{place(found.provenance)}表“{found.title.strip()}”按年度分行印出，只读入本年的行"
            f"（上年和增减的 {printed_rows - len(data)} 行未读入）"
        )
    for group_width, group in itertools.groupby(data, key=len):
        group_rows = list(group)
        if group_width < main_width and header and _label_then_figures(group_rows, tail):
            # "合计 | 156,211,123 | …" alone on a page: its label merged over the code columns;
            # its figures are the table's figure columns, its label the last label column
            group_rows = [_padded(row, main_width) for row in group_rows]
            group_width = main_width
        group_mapping = (
            mapping
            if group_width == main_width or not header
            else map_columns(spec, [""] * group_width, group_rows)
        )
        built, built_problems = build_rows(spec, group_mapping, group_rows, spec.key, unit_name, rows)
        rows += built
        problems += built_problems
    unlabelled_total(rows)
    units: list[tuple[str, list[Row]]] = []
    if known.keyword and (blocks := unit_blocks(rows)):
        # told by its title's words alone, a table listed unit by unit is read as its units' lines:
        # no rule knows how its per-unit subject rows add up (a layout that reads such a table,
        # Shenzhen's, says so in its profile and keeps them)
        first = rows.index(blocks[0])
        for row in rows[:first]:
            if row.code is None and any(c.value is not None for c in row.cells):
                row.kind = "total"  # above the first unit: the table's total, its 合计 in an unread column
        units = _per_unit(rows, blocks, spec)
        rows = [row for row in rows if row.kind == "total" or any(row is block for block in blocks)]
        # the unit's own line is the department's total (Shenzhen) unless a 合计 stands above it
        # (Xi'an: 合计, then 125001 the department's own 本级 unit, then its other units)
        summed = any(row.kind == "total" for row in rows[: rows.index(blocks[0])])
        for row in blocks:
            if summed or row.kind != "total":
                row.kind = "item"
        problems.append(
            f"{place(found.provenance)}表“{found.title.strip()}”按预算单位分别列出科目（{len(blocks)} 个单位）："
            "表中只读入合计和各单位的合计行，各单位的科目行按单位分别读入，只用于逐单位的核对"
        )
    mark_subtotals(rows, spec)
    header_cells = [
        [
            HeaderCell(text=cell.text.strip(), cols=cell.cols, rows=cell.rows)
            for cell in row
            if cell.text.strip()
        ]
        for row in header
        if not is_title_or_unit_row(row)
    ]
    empty = not any(row.kind != "total" for row in rows)
    table = Table(
        key=spec.key,
        number=found.number,
        title=found.title.strip(),
        unit=found.unit or spec.unit,
        header=[row for row in header_cells if row],
        columns=[
            Column(
                key=c.key,
                title=c.title,
                kind="code" if c.key in CODE_KEYS else "text" if is_text_column(c) else "figure",
            )
            for c in spec.columns
        ],
        rows=rows,
        empty=empty,
        note=" ".join(notes) or None,
        number_label=f"表{found.number}" if found.number and found.number.isdigit() else None,
        identified_by=("shape" if shape else "keyword" if known.keyword else "title")
        + ("+header" if not shape and header_fit(spec, labels) >= HEADER_FIT else ""),
    )
    table.units = [
        table.model_copy(
            update={
                "title": f"{table.title}（{name}）",
                "issuer_label": "预算单位",
                "issuer": name,
                "rows": unit_rows,
                "empty": False,
            }
        )
        for name, unit_rows in units
    ]
    for column, grid_index in zip(spec.columns, mapping, strict=True):
        if grid_index is None and data:
            problems.append(f"{place(found.provenance)}表“{found.title.strip()}”没有找到“{column.title}”栏")
    return table, problems


def _per_unit(rows: list[Row], blocks: list[Row], spec: TableSpec) -> list[tuple[str, list[Row]]]:
    """Each unit's rows of a table listed unit by unit: its line (as the unit's total), then its
    subjects up to the next unit's line; by the unit's name (or, without one, its code)."""
    starts = [next(i for i, row in enumerate(rows) if row is block) for block in blocks]
    out: list[tuple[str, list[Row]]] = []
    for start, end in zip(starts, [*starts[1:], len(rows)], strict=True):
        head = rows[start].model_copy(update={"kind": "total"})
        body = [row.model_copy() for row in rows[start + 1 : end]]
        mark_subtotals(body, spec)
        words = [c.text.strip() for c in head.cells if c.text.strip() and c.value is None]
        name = next((w for w in words if not w.isdigit()), words[0] if words else str(len(out) + 1))
        out.append((name, [head, *body]))
    return out


_YEAR_LABEL = re.compile(r"^((?:19|20)\d\d)年度?$")


def _this_years_rows(rows: list[list[TextCell]], year: int) -> list[list[TextCell]]:
    """A table printed year by year (深圳 表9: "2025年" / "2026年" / "增减变化金额" under one unit):
    the rows of the document's year (or of the latest year printed); last year's and the change
    rows are the text's comparison, not this year's figures."""

    def label(row: list[TextCell]) -> tuple[int | None, bool]:
        for cell in row:
            text = squeeze(cell.text)
            if match := _YEAR_LABEL.match(text):
                return int(match.group(1)), False
            if GRID_CHANGE.match(text):
                return None, True
        return None, False

    labels = [label(row) for row in rows]
    years = {found for found, _ in labels if found is not None}
    if len(years) < 2:
        return rows
    keep = year if year in years else max(years)
    return [
        row
        for row, (found, change) in zip(rows, labels, strict=True)
        if found == keep or (found is None and not change)
    ]


def _final_accounts_rows(rows: list[list[TextCell]], title: str) -> list[list[TextCell]]:
    """A 决算 table that prints its figures as a 预算数 row and a 决算数 row (xian/16 公开09表, 三公):
    the 决算数 row is the table's; the 预算数 row is the budget it is compared with."""
    if "决算" not in title:
        return rows

    def label(row: list[TextCell]) -> str:
        return next((squeeze(cell.text) for cell in row if squeeze(cell.text)), "")

    labels = [label(row) for row in rows]
    if "决算数" not in labels or "预算数" not in labels:
        return rows
    return [row for row, text in zip(rows, labels, strict=True) if text != "预算数"]


def _label_then_figures(rows: list[list[TextCell]], tail: int) -> bool:
    """Rows of one label cell followed by as many figure cells as the table has figure columns."""
    return tail >= 2 and all(len(row) == tail + 1 and figure_tail(row) == tail for row in rows)


def _padded(row: list[TextCell], width: int) -> list[TextCell]:
    """The row with empty cells on the left, up to ``width``."""
    blank = [TextCell(text="", provenance=row[0].provenance) for _ in range(width - len(row))]
    return [*blank, *row]
