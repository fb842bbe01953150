"""The disclosure document as an Excel workbook: one sheet per table, figures stored as numbers.

Sheets: 说明 (cover and list of tables), one sheet per table in document order, and 绩效目标 (the
performance tables) when the document has any. Each table sheet prints like the published table:
title, 编制单位 and unit, the header rows with their merged cells, the rows, the note. A figure is
stored as a number rounded to the decimals it is printed with, and shown with a number format
that prints it the same way, so the sheet adds up exactly as the document reads.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from yusuan.model.document import (
    INDICATOR_COLUMNS,
    Cell,
    Document,
    HeaderCell,
    PerformanceTable,
    Table,
    place_header,
)
from yusuan.model.money import quantize
from yusuan.text.width import display_width

# width: column widths and row heights: not money
Width = float  # float-ok


COVER = "说明"
PERFORMANCE = "绩效目标"

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=16)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")
_LINE_HEIGHT = 15.0  # points per line of 11-point text
_MAX_WIDTH = 40  # the widest column, in characters; longer text wraps
_NUMBER_TEXT = re.compile(r"^[+-]?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def render_xlsx(document: Document, path: Path) -> None:
    """Write ``document`` as an .xlsx workbook at ``path``; the same document gives the same bytes."""
    workbook = Workbook()
    cover = workbook.active
    cover.title = COVER
    names = _sheet_names(document.tables)
    for table, name in zip(document.tables, names, strict=True):
        _table_sheet(workbook.create_sheet(name), table)
    if document.performance:
        _performance_sheet(workbook.create_sheet(PERFORMANCE), document.performance)
    _cover_sheet(cover, document, names)

    stamp = _document_datetime(document)
    workbook.properties.creator = "yusuan"
    workbook.properties.title = document.title
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    _save_deterministic(workbook, path, stamp)


# ---------------------------------------------------------------- helpers


def number_format(text: str, value: Decimal, thousands: bool = False) -> tuple[int, str]:
    """Decimals and Excel number format that print ``value`` the way ``text`` shows it.

    ``thousands``: the table prints thousands separators (a figure under 1,000 does not show it).
    """
    match = _NUMBER_TEXT.match(text.strip())
    if match:
        thousands = thousands or "," in match.group(1)
        decimals = len(match.group(2) or "")
    else:  # printed some other way: keep the value's own decimals
        exponent = value.as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    base = "#,##0" if thousands else "0"
    return decimals, base + ("." + "0" * decimals if decimals else "")


def _number(value: Decimal, decimals: int) -> int | float:
    """The value as printed (rounded half-up to ``decimals``), as a number openpyxl writes."""
    rounded = quantize(value, decimals)
    if decimals == 0:
        return int(rounded)
    return float(rounded)  # float-ok: openpyxl stores numbers as IEEE doubles; the printed precision is set by number_format  # fmt: skip


def _put(ws: Worksheet, row: int, column: int, cell: Cell, align: Alignment, thousands: bool = False) -> int:
    """Write one document cell; returns its display width. A figure printed blank stays empty."""
    target = ws.cell(row=row, column=column)
    if cell.value is not None and cell.text.strip():
        decimals, fmt = number_format(cell.text, cell.value, thousands)
        target.value = _number(cell.value, decimals)
        target.number_format = fmt
        target.alignment = _RIGHT
    elif cell.text:
        target.value = cell.text
        target.number_format = "@"  # codes such as "03" keep their zero
        target.alignment = align
    return display_width(cell.text)


def _merge(ws: Worksheet, row: int, column: int, rows: int = 1, cols: int = 1) -> None:
    if rows > 1 or cols > 1:
        ws.merge_cells(
            start_row=row, start_column=column, end_row=row + rows - 1, end_column=column + cols - 1
        )


def _wide_row(ws: Worksheet, row: int, width: int, text: str, font: Font | None, align: Alignment) -> None:
    """A line of text merged across ``width`` columns."""
    cell = ws.cell(row=row, column=1, value=text)
    cell.alignment = align
    if font is not None:
        cell.font = font
    _merge(ws, row, 1, cols=width)


def _fit_height(ws: Worksheet, row: int, text: str, chars: Width, rows: int = 1) -> None:
    """Raise a row so that wrapped ``text`` in a space ``chars`` wide shows whole."""
    lines = max(1, math.ceil(display_width(text) / max(chars - 1, 1.0)))
    needed = lines * _LINE_HEIGHT / rows
    current = ws.row_dimensions[row].height or _LINE_HEIGHT
    if needed > current:
        ws.row_dimensions[row].height = needed


def _page_setup(ws: Worksheet, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True


# ---------------------------------------------------------------- sheet names


def _sheet_names(tables: list[Table]) -> list[str]:
    """表{number} and as much of the title as fits Excel's 31 characters; unique, no []:*?/\\."""
    taken = {COVER, PERFORMANCE}
    names = []
    for table in tables:
        title = table.title
        if table.number:
            # Titles numbered by the layout ("一、收支预算总表") do not repeat the number.
            title = re.sub(rf"^{re.escape(table.number)}[、.．\s]+", "", title)
        base = f"表{table.number} {title}" if table.number else title
        base = _SHEET_FORBIDDEN.sub("", base).strip().strip("'")[:31].strip() or "表"
        name, count = base, 1
        while name.casefold() in {n.casefold() for n in taken}:
            count += 1
            suffix = f"({count})"
            name = base[: 31 - len(suffix)] + suffix
        taken.add(name)
        names.append(name)
    return names


# ---------------------------------------------------------------- table sheets


def _table_sheet(ws: Worksheet, table: Table) -> None:
    width = len(table.columns)
    header = table.header or [[HeaderCell(text=c.title) for c in table.columns]]
    code_columns = {i for i, c in enumerate(table.columns) if c.is_code}
    widths = [4] * width
    thousands = any("," in c.text for row in table.rows for c in row.cells if c.value is not None)

    _wide_row(ws, 1, width, table.title, _TITLE, _CENTER)
    ws.row_dimensions[1].height = 28
    issuer = f"{table.issuer_label}：{table.issuer}"
    unit = f"单位：{table.unit.value}" if table.unit is not None else ""
    if width > 1:
        ws.cell(row=2, column=1, value=issuer).alignment = Alignment(horizontal="left")
        _merge(ws, 2, 1, cols=width - 1)
        ws.cell(row=2, column=width, value=unit or None).alignment = Alignment(horizontal="right")
    else:
        ws.cell(row=2, column=1, value=f"{issuer}　{unit}".strip())

    # Header: bold, centred, wrapped, bordered; borders on every cell a merged cell covers.
    top = 3
    placed = place_header(header)
    for r, c, head in placed:
        for i in range(head.rows):
            for j in range(head.cols):
                ws.cell(row=top + r + i, column=c + j + 1).border = _BORDER
        target = ws.cell(row=top + r, column=c + 1, value=head.text)
        target.font = _BOLD
        target.alignment = _CENTER
        _merge(ws, top + r, c + 1, head.rows, head.cols)
        if head.cols == 1 and c < width:
            widths[c] = max(widths[c], min(display_width(head.text), 16))

    first = top + len(header)
    for r, row in enumerate(table.rows):
        bold = row.kind in ("total", "subtotal")
        for c, cell in enumerate(row.cells):
            target = ws.cell(row=first + r, column=c + 1)
            target.border = _BORDER
            if bold:
                target.font = _BOLD
            align = _CENTER if c in code_columns else _LEFT
            shown = _put(ws, first + r, c + 1, cell, align, thousands)
            widths[c] = max(widths[c], shown)
    for r, row in enumerate(table.rows):  # merged down after every cell is written and bordered
        for c, cell in enumerate(row.cells):
            if cell.rows > 1:
                ws.cell(row=first + r, column=c + 1).alignment = _CENTER
                _merge(ws, first + r, c + 1, rows=cell.rows)

    chars = [min(w, _MAX_WIDTH) + 2 for w in widths]
    for c, w in enumerate(chars):
        ws.column_dimensions[get_column_letter(c + 1)].width = w
    for r, c, head in placed:
        _fit_height(ws, top + r, head.text, sum(chars[c : c + head.cols]), head.rows)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if cell.value is None and display_width(cell.text) > chars[c]:
                _fit_height(ws, first + r, cell.text, chars[c])

    if table.note:
        note_row = first + len(table.rows) + 1
        _wide_row(ws, note_row, width, table.note, None, _LEFT)
        _fit_height(ws, note_row, table.note, sum(chars))

    ws.freeze_panes = ws.cell(row=first, column=1)
    ws.print_title_rows = f"{top}:{first - 1}"
    _page_setup(ws, landscape=table.landscape or width > 6)


# ---------------------------------------------------------------- performance


def _performance_sheet(ws: Worksheet, tables: list[PerformanceTable]) -> None:
    width = len(INDICATOR_COLUMNS)
    chars = [12, 12, 24, 14, 20, 12, 10, 20, 20]
    for c, w in enumerate(chars):
        ws.column_dimensions[get_column_letter(c + 1)].width = w
    row = 1
    for table in tables:
        title = f"{table.title}（{table.project}）" if table.project else table.title
        _wide_row(ws, row, width, title, _TITLE, _CENTER)
        ws.row_dimensions[row].height = 28
        row += 1
        for label, cell in [*table.fields.items(), ("绩效目标", Cell(text=table.goal))]:
            ws.cell(row=row, column=1, value=label).font = _BOLD
            ws.cell(row=row, column=1).alignment = _LEFT
            _put(ws, row, 2, cell, _LEFT)
            if cell.value is None:
                _merge(ws, row, 2, cols=width - 1)
                _fit_height(ws, row, cell.text, sum(chars[1:]))
            for c in range(1, width + 1):
                ws.cell(row=row, column=c).border = _BORDER
            row += 1
        for c, heading in enumerate((title for _, title in INDICATOR_COLUMNS), start=1):
            target = ws.cell(row=row, column=c, value=heading)
            target.font = _BOLD
            target.alignment = _CENTER
            target.border = _BORDER
        row += 1
        start = row
        for i in table.indicators:
            texts = [
                i.level1,
                i.level2,
                i.name,
                i.target,
                i.basis,
                i.prior,
                "" if i.weight is None else str(i.weight),
                i.scoring,
                i.evidence,
            ]
            for c, text in enumerate(texts, start=1):
                ws.cell(row=row, column=c).border = _BORDER
                cell = Cell(text=text or "", value=i.weight if c == 7 else None)  # 7: 分值权重, a number
                _put(ws, row, c, cell, _CENTER if c <= 2 else _LEFT)
                _fit_height(ws, row, cell.text, chars[c - 1])
            row += 1
        _merge_runs(ws, start, [(i.level1,) for i in table.indicators], column=1)
        _merge_runs(ws, start, [(i.level1, i.level2) for i in table.indicators], column=2)
        row += 1
    _page_setup(ws, landscape=True)


def _merge_runs(ws: Worksheet, start: int, keys: list[tuple[str, ...]], column: int) -> None:
    """Merge a column vertically over each run of equal keys."""
    run = 0
    for index in range(1, len(keys) + 1):
        if index == len(keys) or keys[index] != keys[run]:
            _merge(ws, start + run, column, rows=index - run)
            run = index


# ---------------------------------------------------------------- cover


def _cover_sheet(ws: Worksheet, document: Document, names: list[str]) -> None:
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 36
    ws.column_dimensions["D"].width = 10
    _wide_row(ws, 1, 4, document.title, _TITLE, _CENTER)
    ws.row_dimensions[1].height = 28
    facts = [
        ("单位名称", document.unit_name),
        ("年度", str(document.year)),
        ("版式", document.layout),
    ]
    if document.issuer:
        facts.append(("发布单位", document.issuer))
    if document.date:
        facts.append(("日期", document.date.isoformat()))
    row = 3
    for label, value in facts:
        ws.cell(row=row, column=1, value=label).font = _BOLD
        ws.cell(row=row, column=2, value=value).number_format = "@"
        row += 1

    row += 1
    ws.cell(row=row, column=1, value="表目录").font = _BOLD
    row += 1
    for c, text in enumerate(("表号", "表名", "工作表", "金额单位"), start=1):
        cell = ws.cell(row=row, column=c, value=text)
        cell.font = _BOLD
        cell.alignment = _CENTER
        cell.border = _BORDER
    row += 1
    entries = [
        (t.number or "", t.title, name, t.unit.value if t.unit else "")
        for t, name in zip(document.tables, names, strict=True)
    ]
    if document.performance:
        entries.append(("", f"绩效目标表（{len(document.performance)} 张）", PERFORMANCE, ""))
    for entry in entries:
        for c, text in enumerate(entry, start=1):
            cell = ws.cell(row=row, column=c, value=text or None)
            cell.border = _BORDER
            cell.alignment = _CENTER if c in (1, 4) else _LEFT
            cell.number_format = "@"
        link = ws.cell(row=row, column=3)
        link.hyperlink = Hyperlink(
            ref=link.coordinate, location="'" + entry[2].replace("'", "''") + "'!A1", display=entry[2]
        )
        link.style = "Hyperlink"
        link.border = _BORDER
        row += 1

    if document.remarks:
        row += 1
        ws.cell(row=row, column=1, value="备注").font = _BOLD
        for remark in document.remarks:
            ws.cell(row=row, column=2, value=remark).alignment = _LEFT
            _merge(ws, row, 2, cols=3)
            _fit_height(ws, row, remark, 106)
            row += 1
    _page_setup(ws, landscape=False)


# ---------------------------------------------------------------- determinism


def _document_datetime(document: Document) -> datetime:
    """A fixed time for the workbook: the document's date, else 1 January of its year."""
    day = document.date or date(document.year, 1, 1)
    return datetime(day.year, day.month, day.day)


def _save_deterministic(workbook: Workbook, path: Path, stamp: datetime) -> None:
    """Save with every zip entry dated ``stamp`` instead of now, so equal input gives equal bytes."""
    buffer = io.BytesIO()
    # Workbook.save() would stamp the properties with the current time; its writer does not.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    when = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
