"""Workbooks (XLSX with openpyxl; legacy XLS with xlrd, when installed) into a block stream.

Each visible sheet gives, in order: a heading with the sheet's name (level None: the name is on
the tab, not printed), the rows above the table that hold a single text (the title, a
"编制单位：… 单位：万元" line) as paragraphs, then one grid with the remaining rows — merged
ranges expanded (the text repeated in every cell the range covers, the top-left cell keeping
``cols``/``rows``), fully empty rows left out, and provenance = file, sheet (in ``table``), Excel
row and column numbers.

A cell's text is what Excel shows, not the stored float: numbers are formatted with the cell's
number format (decimals, thousands separators, percent, literal text, the negative and zero
sections) from ``Decimal(str(value))`` rounded half up, so 1307.8400000000001 stored with
``0.00`` reads "1307.84"; the General format shows at most 15 significant digits, as Excel does;
dates read as ISO (2024-02-08). Formulas read as their cached values (``data_only``); a workbook
saved by a program that does not store them gives empty cells for formulas.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import warnings
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from yusuan.model.document import Provenance
from yusuan.model.money import quantize
from yusuan.read.limits import DEFAULT_MAX_PAGES, MAX_CELLS, Deadline, OverLimit, ReadError, begin, check_zip
from yusuan.read.stream import Stream, TextCell

_GENERAL = re.compile(r"^\s*(general|g/通用格式|@)?\s*$", re.IGNORECASE)
_SCIENTIFIC = re.compile(r"[0#?.]E[+-]", re.IGNORECASE)
_DATE_CODES = re.compile(r"[ymdhs]", re.IGNORECASE)


# --- number formats -------------------------------------------------------------------------


def _sections(fmt: str) -> list[str]:
    """The format's sections (positive;negative;zero;text), split on ``;`` outside quotes."""
    sections: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for char in fmt:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == '"':
            current.append(char)
            quoted = not quoted
        elif char == ";" and not quoted:
            sections.append("".join(current))
            current = []
        else:
            current.append(char)
    sections.append("".join(current))
    return sections


def _tokens(section: str) -> tuple[str, str, str, bool]:
    """(prefix, numeric pattern, suffix, percent) of one section, literals resolved.

    The numeric pattern is the first run of 0 # ? , . placeholders; quoted text, escaped
    characters and ``[$¥-804]`` currency symbols are literals; ``_x`` (padding), ``*x`` (fill) and
    other ``[...]`` (colours, conditions, locales) show nothing."""
    prefix: list[str] = []
    pattern: list[str] = []
    suffix: list[str] = []
    percent = False
    state = 0  # 0: before the number, 1: in it, 2: after it
    i = 0

    def literal(text: str) -> None:
        nonlocal state
        if state == 1:
            state = 2
        (prefix if state == 0 else suffix).append(text)

    while i < len(section):
        char = section[i]
        if char == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            literal(section[i + 1 : end])
            i = end + 1
        elif char == "\\" and i + 1 < len(section):
            literal(section[i + 1])
            i += 2
        elif char in "_*" and i + 1 < len(section):
            i += 2
        elif char == "[":
            end = section.find("]", i + 1)
            end = len(section) if end < 0 else end
            inner = section[i + 1 : end]
            if inner.startswith("$"):
                literal(inner[1:].split("-", 1)[0])
            i = end + 1
        elif char in "0#?" or (char in ".," and state == 1) or (char == "." and state == 0):
            if state == 2:
                literal(char)
            else:
                pattern.append(char)
                state = 1
            i += 1
        else:
            percent = percent or char == "%"
            literal(char)
            i += 1
    return "".join(prefix), "".join(pattern), "".join(suffix), percent


def _general(value: Decimal | int | float) -> str:  # float-ok: openpyxl's cell values
    if isinstance(value, int):
        return str(value)
    number = Decimal(format(value, ".15g")) if isinstance(value, float) else value
    if number == number.to_integral_value() and abs(number) < Decimal("1e15"):
        return str(int(number))
    if abs(number) >= Decimal("1e15") or abs(number) < Decimal("1e-9"):
        shown = format(float(number), ".15g")  # float-ok: Excel's General format
        return shown.replace("e+", "E+").replace("e-", "E-")
    text = format(number.normalize(), "f")
    return text


def _digits(number: Decimal, pattern: str) -> str:
    """The number (not negative) laid out by a pattern of 0 # ? , . placeholders."""
    body = pattern.rstrip(",")
    scale = len(pattern) - len(body)  # trailing commas: thousands
    if scale:
        number = number / (Decimal(1000) ** scale)
    integer_part, _, decimal_part = body.partition(".")
    required = decimal_part.count("0")
    optional = decimal_part.count("#") + decimal_part.count("?")
    places = required + optional
    rounded = quantize(number, places)
    text = format(rounded, "f")
    whole, _, fraction = text.partition(".")
    fraction = fraction.ljust(places, "0")[:places]
    while len(fraction) > required and fraction.endswith("0"):
        fraction = fraction[:-1]
    minimum = integer_part.count("0")
    whole = whole.lstrip("0")
    whole = whole.rjust(minimum, "0")
    if "," in integer_part and whole:
        whole = f"{int(whole):,}"
        if minimum > len(whole.replace(",", "")):
            whole = whole.rjust(minimum, "0")
    if "." in body:
        return f"{whole}.{fraction}"
    return whole


def format_number(value: int | float | Decimal, fmt: str | None) -> str:  # float-ok: openpyxl's values
    """The text Excel shows for a number in a number format (General: up to 15 digits)."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        return str(value)
    fmt = fmt or "General"
    sections = _sections(fmt)
    sign = ""
    if number < 0 and len(sections) >= 2 and sections[1].strip():
        section = sections[1]
        number = -number
    elif number == 0 and len(sections) >= 3:
        section = sections[2]
    else:
        section = sections[0]
        if number < 0:
            sign = "-"
            number = -number
    if _GENERAL.match(re.sub(r"\[[^\]]*\]", "", section)):
        shown: Decimal | int | float = value
        if sign and isinstance(value, int | float | Decimal):
            shown = -value
        return sign + _general(shown)
    if _SCIENTIFIC.search(section):
        decimals = len(section.split(".", 1)[1].split("E")[0].split("e")[0]) if "." in section else 0
        return sign + format(float(number), f".{decimals}E")  # float-ok: scientific display
    prefix, pattern, suffix, percent = _tokens(section)
    if percent:
        number *= 100
    if not pattern.strip(",."):
        return (sign + prefix + suffix).strip() or sign + _general(number)
    return sign + prefix + _digits(number, pattern) + suffix


def cell_text(value: Any, fmt: str | None) -> str:
    """A cell value as shown."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, int | float | Decimal):
        try:
            return format_number(value, fmt)
        except (InvalidOperation, ValueError, OverflowError):
            return str(value)
    return str(value).strip()


# --- sheets into blocks ---------------------------------------------------------------------


def _label_row(texts: list[str]) -> bool:
    """A row like "编制单位：XX  单位：万元": every text a label with its value."""
    return 0 < len(texts) <= 3 and all("：" in t or ":" in t for t in texts)


def _sheet_blocks(
    stream: Stream,
    file: str,
    sheet: str,
    values: dict[tuple[int, int], str],
    merges: list[tuple[int, int, int, int]],
    deadline: Deadline,
) -> None:
    """Paragraphs for the title rows, then the grid; ``values`` maps (row, column) to shown text."""
    origin: dict[tuple[int, int], tuple[int, int]] = {key: key for key in values}
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for min_row, min_col, max_row, max_col in merges:
        top_left = (min_row, min_col)
        if top_left not in values:
            continue
        if (max_row - min_row + 1) * (max_col - min_col + 1) > MAX_CELLS:
            raise OverLimit(f"工作表“{sheet}”有过大的合并区域，无法读取：{file}", file)
        spans[top_left] = (max_col - min_col + 1, max_row - min_row + 1)
        for r in range(min_row, max_row + 1):
            for c in range(min_col, max_col + 1):
                origin[(r, c)] = top_left
    stream.add_heading(sheet, Provenance(file=file, table=sheet), level=None)
    if not origin:
        return
    rows = sorted({r for r, _ in origin})
    first_col = min(c for _, c in origin)
    last_col = max(c for _, c in origin)
    if len(rows) * (last_col - first_col + 1) > MAX_CELLS:
        raise OverLimit(
            f"工作表“{sheet}”过大（{len(rows)} 行 × {last_col - first_col + 1} 列），无法读取：{file}", file
        )
    by_row: dict[int, list[tuple[int, int]]] = {}
    for r, c in origin:
        by_row.setdefault(r, []).append((r, c))
    grid: list[list[TextCell]] = []
    in_table = False
    for row in rows:
        if row % 256 == 0:
            deadline.check(f"工作表“{sheet}”第 {row} 行")
        cells = sorted(by_row[row], key=lambda key: key[1])
        owners = list(dict.fromkeys(origin[key] for key in cells))
        texts = [values[owner] for owner in owners]
        if not texts:
            continue
        if not in_table and (len(texts) == 1 or _label_row(texts)):
            if any(owner[0] == row for owner in owners):  # not the lower rows of a merged title
                here = Provenance(file=file, table=sheet, row=row, column=owners[0][1])
                for text in "  ".join(texts).splitlines():
                    stream.add_paragraph(text, here)
            continue
        in_table = True
        cells_out: list[TextCell] = []
        for column in range(first_col, last_col + 1):
            owner = origin.get((row, column))
            cell = TextCell(
                text=values.get(owner, "") if owner else "",
                provenance=Provenance(file=file, table=sheet, row=row, column=column),
            )
            if owner == (row, column) and owner in spans:
                cell.cols, cell.rows = spans[owner]
            cells_out.append(cell)
        grid.append(cells_out)
    stream.add_grid(grid, Provenance(file=file, table=sheet, row=grid[0][0].provenance.row if grid else None))


_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?\"")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _precheck(path: Path, name: str) -> None:
    """Count each sheet's cells and merged area in its XML before openpyxl builds them: one merged
    range A1:XFD1048576 (a 5 KB file) would make openpyxl create 17 billion cells."""
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            cells = merged = 0
            tail = b""
            with archive.open(info) as member:
                while chunk := member.read(1 << 20):
                    data = tail + chunk
                    end = data.rfind(b">") + 1  # whole tags only; the rest waits for the next chunk
                    whole, tail = data[:end], data[end:]
                    cells += len(_CELL.findall(whole))
                    for first_col, first_row, last_col, last_row in _MERGE.findall(whole):
                        if last_col:
                            width = abs(_column(last_col) - _column(first_col)) + 1
                            merged += width * (abs(int(last_row) - int(first_row)) + 1)
                    if cells > MAX_CELLS or merged > MAX_CELLS:
                        what = "单元格" if cells > MAX_CELLS else "合并单元格的范围"
                        raise ReadError(
                            f"工作表（{info.filename.rsplit('/', 1)[-1]}）的{what}超过 {MAX_CELLS:,} 个，"
                            f"不像一份预算公开表，未读取：{name}",
                            name,
                        )


def read_xlsx(
    path: str | Path, deadline: Deadline | None = None, *, max_pages: int = DEFAULT_MAX_PAGES
) -> Stream:
    """Read an XLSX workbook: per visible sheet, title paragraphs and one grid."""
    import openpyxl

    path, name, deadline = begin(path, deadline)
    check_zip(path, name, "XLSX")
    _precheck(path, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # a file object: openpyxl refuses a path whose name does not end in .xlsx, and the
            # content (detected before) is what decides the format, not the name
            with path.open("rb") as handle:
                workbook = openpyxl.load_workbook(handle, data_only=True, read_only=False, keep_links=False)
    except ReadError:
        raise
    except Exception:
        raise ReadError(f"XLSX 文件已损坏或不完整，无法打开：{name}", name) from None
    stream = Stream(file=name, format="xlsx")
    try:
        sheets = list(workbook.worksheets)
        if len(sheets) > max_pages:
            raise OverLimit(f"工作簿有 {len(sheets)} 张工作表，超过上限 {max_pages} 张，未读取：{name}", name)
        stream.pages = len(sheets)
        for ws in sheets:
            deadline.check(f"工作表“{ws.title}”")
            if ws.sheet_state != "visible":
                stream.problems.append(f"工作表“{ws.title}”是隐藏的，未读取：{name}")
                continue
            values: dict[tuple[int, int], str] = {}
            for count, ((row, column), cell) in enumerate(list(ws._cells.items())):
                if count % 4096 == 0:
                    deadline.check(f"工作表“{ws.title}”")
                text = cell_text(cell.value, cell.number_format)
                if text:
                    values[(row, column)] = text
            merges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
            _sheet_blocks(stream, name, ws.title, values, merges, deadline)
    finally:
        workbook.close()
    return stream


def read_xls(
    path: str | Path, deadline: Deadline | None = None, *, max_pages: int = DEFAULT_MAX_PAGES
) -> Stream:
    """Read a legacy XLS workbook with xlrd (an optional dependency)."""
    path, name, deadline = begin(path, deadline)
    try:
        xlrd = importlib.import_module("xlrd")
    except ImportError:
        raise ReadError(
            f"读取 .xls 需要 xlrd（pip install 'xlrd>=2.0'），或用 Excel/WPS 另存为 XLSX：{name}", name
        ) from None
    try:
        book: Any = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception as error:
        if "encrypt" in str(error).lower():
            raise ReadError(f"XLS 文件已加密，无法读取：{name}", name) from None
        raise ReadError(f"XLS 文件已损坏或不完整，无法打开：{name}", name) from None
    stream = Stream(file=name, format="xlsx")
    try:
        if book.nsheets > max_pages:
            raise OverLimit(
                f"工作簿有 {book.nsheets} 张工作表，超过上限 {max_pages} 张，未读取：{name}", name
            )
        stream.pages = book.nsheets
        for index in range(book.nsheets):
            sheet: Any = book.sheet_by_index(index)
            deadline.check(f"工作表“{sheet.name}”")
            if getattr(sheet, "visibility", 0):
                stream.problems.append(f"工作表“{sheet.name}”是隐藏的，未读取：{name}")
                continue
            values: dict[tuple[int, int], str] = {}
            for r in range(sheet.nrows):
                if r % 256 == 0:
                    deadline.check(f"工作表“{sheet.name}”第 {r + 1} 行")
                for c in range(sheet.ncols):
                    cell = sheet.cell(r, c)
                    text = _xls_text(book, cell)
                    if text:
                        values[(r + 1, c + 1)] = text
            merges = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sheet.merged_cells]
            _sheet_blocks(stream, name, sheet.name, values, merges, deadline)
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return stream


def _xls_text(book: Any, cell: Any) -> str:
    xlrd = importlib.import_module("xlrd")
    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_TEXT:
        return str(cell.value).strip()
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if kind == xlrd.XL_CELL_ERROR:
        return str(xlrd.error_text_from_code.get(cell.value, "#ERROR"))
    fmt = "General"
    try:
        xf = book.xf_list[cell.xf_index]
        fmt = book.format_map[xf.format_key].format_str
    except (AttributeError, IndexError, KeyError, TypeError):
        pass
    if kind == xlrd.XL_CELL_DATE:
        try:
            return cell_text(xlrd.xldate_as_datetime(cell.value, book.datemode), fmt)
        except Exception:
            return format_number(cell.value, "General")
    return cell_text(cell.value, fmt)


__all__ = ["cell_text", "format_number", "read_xls", "read_xlsx"]
