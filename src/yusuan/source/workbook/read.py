"""Reading a filled input workbook into the budget, every problem placed at its sheet and cell.

The sheets are read into the same plain values a YAML source holds, each value remembering its
cell; the model then validates them exactly as it validates a YAML file (:func:`validate_budget`).
"""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.model.budget import Budget
from yusuan.model.codes import CodeKind
from yusuan.oserror import describe
from yusuan.reference import load_catalog
from yusuan.source.loader import WORKBOOK_SUFFIXES, Place, Problem, SourceError, format_path, validate_budget
from yusuan.source.messages import field_titles
from yusuan.source.workbook.columns import Column, FieldPath, Kind, field_at
from yusuan.source.workbook.sheets import (
    ABSENT,
    ABSENT_MARK,
    FIRST_ROW,
    FORMAT,
    INDICATORS,
    KEY_ROW,
    MARK_NAME,
    MARK_SHEET,
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

MAX_ROWS = 20_000  # rows of one sheet; a budget needs a few hundred
KEY_SEARCH = 10  # rows below its place where the row of field keys is still looked for
_MARK = f'name="{MARK_NAME}"'.encode()


def is_yusuan_workbook(path: str | Path) -> bool:
    """Whether ``path`` is a yusuan input workbook: an XLSX file carrying the format's defined name."""
    path = Path(path)
    if path.suffix.lower() not in WORKBOOK_SUFFIXES or not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > 4 << 20:
                return False
            return _MARK in archive.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False


class _Blank:
    """An empty cell (a value of its own: None is a value a cell cannot hold)."""


BLANK = _Blank()


def cell_value(column: Column, raw: Any) -> Any:
    """A cell's value as the model takes it; numbers never pass through binary floating point
    unseen: a spreadsheet number is taken as the shortest decimal that is the same number."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return BLANK
    if isinstance(raw, dt.datetime):
        if column.kind is Kind.YEAR_MONTH:
            return f"{raw.year:04d}-{raw.month:02d}"
        return raw.date()
    if isinstance(raw, float):  # float-ok: what openpyxl gives for a number cell
        number = Decimal(repr(raw))
        raw = (
            int(number) if number == number.to_integral_value() and column.kind is not Kind.AMOUNT else number
        )
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, Decimal)) and column.kind in (Kind.TEXT, Kind.YEAR_MONTH, Kind.CHOICE):
        return str(raw) if isinstance(raw, int) else format(raw.normalize(), "f")
    if isinstance(raw, str) and (column.kind is Kind.CHOICE or column.kind.is_code):
        return column.from_text(raw.strip())
    return raw


def _set(target: dict[str, Any], path: FieldPath, value: Any) -> None:
    for part in path[:-1]:
        target = target.setdefault(str(part), {})
    target[str(path[-1])] = value


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.data: dict[str, Any] = {"yusuan": 1}
        self.places: dict[FieldPath, Place] = {}
        self.problems: list[Problem] = []

    def place(self, loc: FieldPath) -> Place:
        for end in range(len(loc), -1, -1):
            found = self.places.get(loc[:end])
            if found is not None:
                return found
        return Place(self.file)

    def at(self, ws: Worksheet, cell: Cell | str) -> Place:
        return Place(self.file, sheet=ws.title, cell=cell if isinstance(cell, str) else cell.coordinate)

    def problem(self, place: Place, loc: FieldPath, message: str) -> None:
        titles = " → ".join(field_titles(Budget, loc))
        self.problems.append(Problem.at(place, format_path(loc), titles, message))

    # ------------------------------------------------------------ generic rows

    def rows(self, ws: Worksheet, columns: list[Column]) -> list[tuple[int, dict[str, tuple[Any, Cell]]]]:
        """The filled rows of a table sheet: each column's value and cell, by column key."""
        if ws.max_row > MAX_ROWS:
            self.problems.append(
                Problem.at(self.at(ws, "A1"), "", "", f"工作表有 {ws.max_row} 行，超过上限 {MAX_ROWS} 行")
            )
            return []
        by_key = {column.key: column for column in columns}
        positions: dict[int, Column] = {}
        key_row = KEY_ROW
        # the row of field keys, where it is: a row inserted above the headings moves it down
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, KEY_ROW + KEY_SEARCH)):
            found = {
                c.column: by_key[str(c.value)] for c in row if c.value is not None and str(c.value) in by_key
            }
            if found:
                positions, key_row = found, row[0].row
                break
        if not positions:
            message = f"找不到第 {KEY_ROW} 行（隐藏）的字段标记，无法读取本表；请从 yusuan template 生成的工作簿中复制这一行"
            self.problems.append(Problem.at(self.at(ws, f"A{KEY_ROW}"), "", "", message))
            return []
        result = []
        for cells in ws.iter_rows(min_row=key_row + 1, max_row=ws.max_row):
            values = {}
            for cell in cells:
                column = positions.get(cell.column)
                if column is not None:
                    values[column.key] = (cell_value(column, cell.value), cell)
            if any(value is not BLANK for value, _ in values.values()):
                result.append((cells[0].row, values))
        return result

    def item(
        self, ws: Worksheet, values: dict[str, tuple[Any, Cell]], columns: list[Column], base: FieldPath
    ) -> dict[str, Any]:
        """One row's own fields as a mapping, every cell's place kept (blank ones too)."""
        item: dict[str, Any] = {}
        first = min((cell for _, cell in values.values()), key=lambda c: c.column, default=None)
        if first is not None:
            self.places[base] = self.at(ws, first)
        for column in columns:
            if column.key not in values or column.key.startswith("@"):
                continue
            value, cell = values[column.key]
            self.places[(*base, *column.path)] = self.at(ws, cell)
            for end in range(1, len(column.path)):
                self.places.setdefault((*base, *column.path[:end]), self.at(ws, cell))
            if value is not BLANK:
                _set(item, column.path, value)
        return item

    # ------------------------------------------------------------ sheets

    def form(self, ws: Worksheet, form: Form) -> None:
        by_key = {column.key: column for column in form.columns}
        for row in ws.iter_rows(min_row=FIRST_ROW, max_row=min(ws.max_row, MAX_ROWS), max_col=3):
            key = row[0].value
            column = by_key.get(str(key)) if key is not None else None
            if column is None:
                continue
            cell = row[2]
            place = self.at(ws, cell)
            self.places[column.path] = place
            for end in range(1, len(column.path)):
                self.places.setdefault(column.path[:end], place)
            value = cell_value(column, cell.value)
            if value is not BLANK:
                _set(self.data, column.path, value)
            elif column.required and len(column.path) > 1:
                # a required part left blank: its required fields are named, not the part
                _set(self.data, column.path[:-1], self._get_or_empty(column.path[:-1]))

    def _get_or_empty(self, path: FieldPath) -> dict[str, Any]:
        current: Any = self.data
        for part in path:
            current = current.get(str(part)) if isinstance(current, dict) else None
        return current if isinstance(current, dict) else {}

    def table(self, ws: Worksheet, table: Table) -> None:
        columns = table.columns
        self.places.setdefault(tuple(p for p in table.at if p != "*"), self.at(ws, "A2"))
        rows = self.rows(ws, columns)
        if table.parent is None:
            self._own_rows(ws, table, columns, rows)
            return
        assert table.parent_key is not None
        parents: list[dict[str, Any]] = self.data.get(str(table.parent[0])) or []
        rest = table.at[len(table.parent) + 1 :]
        for _, values in rows:
            key, cell = values["@parent"]
            index = next(
                (
                    i
                    for i, parent in enumerate(parents)
                    if key is not BLANK and parent.get(table.parent_key) == key
                ),
                None,
            )
            if index is None:
                parent_sheet = next(s.name for s in SHEETS if isinstance(s, Table) and s.at == table.parent)
                shown = "（空）" if key is BLANK else f"“{column_text(columns[0], key)}”"
                message = f"{shown}不在“{parent_sheet}”表中"
                self.problems.append(Problem.at(self.at(ws, cell), "", columns[0].title, message))
                continue
            base: FieldPath = (*table.parent, index, *rest)
            self._add(ws, table, columns, values, base, parents[index], rest)

    def _own_rows(self, ws: Worksheet, table: Table, columns: list[Column], rows: list[Any]) -> None:
        if not rows and not _required(table.at):
            return
        container: dict[str, Any] = self.data
        for part in table.at[:-1]:
            container = container.setdefault(str(part), {})
        if not rows:
            container.setdefault(str(table.at[-1]), [])
        for _, values in rows:
            self._add(ws, table, columns, values, table.at, container, table.at[-1:])

    def _add(
        self,
        ws: Worksheet,
        table: Table,
        columns: list[Column],
        values: dict[str, tuple[Any, Cell]],
        base: FieldPath,
        container: dict[str, Any],
        rest: FieldPath,
    ) -> None:
        """Add one row's item to the list or mapping at ``rest`` below ``container``."""
        for part in rest[:-1]:
            container = container.setdefault(str(part), {})
        name = str(rest[-1])
        if table.key_title is not None:
            key, cell = values["@key"]
            mapping = container.setdefault(name, {})
            if key is BLANK:
                self.problem(self.at(ws, cell), base, f"“{table.key_title}”不能为空")
                return
            key = str(key)
            if key in mapping:
                self.problem(self.at(ws, cell), (*base, key), f"“{key}”在本表中出现了两次")
                return
            path: FieldPath = (*base, key)
            self.places[path] = self.at(ws, cell)
            if "@value" in values:
                value, value_cell = values["@value"]
                self.places[path] = self.at(ws, value_cell)
                mapping[key] = None if value is BLANK else value
            else:
                mapping[key] = self.item(ws, values, columns, path)
            return
        items = container.setdefault(name, [])
        path = (*base, len(items))
        if "@value" in values:
            value, cell = values["@value"]
            self.places[path] = self.at(ws, cell)
            items.append(value)
        else:
            items.append(self.item(ws, values, columns, path))

    def subjects(self, ws: Worksheet) -> None:
        columns = subject_columns()
        for _, values in self.rows(ws, columns):
            code, code_cell = values["@key"]
            if code is BLANK:
                self.problem(self.at(ws, code_cell), ("subject_names",), "科目编码不能为空")
                continue
            for column in columns[1:]:
                value, _ = values.get(column.key, (BLANK, None))
                if value is not BLANK:
                    field = str(column.path[0])
                    self.data.setdefault(field, {})[str(code)] = value
                    self.places[(field, str(code))] = self.at(ws, code_cell)

    def absent(self, ws: Worksheet) -> None:
        columns = absent_columns()
        for _, values in self.rows(ws, columns):
            key, _ = values["@key"]
            declared, cell = values.get("@declared", (BLANK, None))
            note, note_cell = values.get("@note", (BLANK, None))
            if declared is BLANK and note is BLANK:
                continue
            if declared not in (BLANK, ABSENT_MARK):
                self.problem(
                    self.at(ws, cell),
                    ("none_this_year", str(key)),
                    f"应填“{ABSENT_MARK}”或不填，实际为“{declared}”",
                )
                continue
            path = ("none_this_year", str(key))
            self.places[path] = self.at(ws, note_cell if note is not BLANK else cell)
            self.places.setdefault(("none_this_year",), self.places[path])
            self.data.setdefault("none_this_year", {})[str(key)] = None if note is BLANK else note

    def indicators(self, ws: Worksheet) -> None:
        columns = indicator_columns()
        own = [column for column in columns if not column.key.startswith("@")]
        for _, values in self.rows(ws, columns):
            owner, owner_cell = values["@owner"]
            level1, level1_cell = values["@level1"]
            level2, level2_cell = values["@level2"]
            missing = [
                (cell, title)
                for value, cell, title in (
                    (owner, owner_cell, "所属"),
                    (level1, level1_cell, "一级指标"),
                    (level2, level2_cell, "二级指标"),
                )
                if value is BLANK
            ]
            if missing:
                for cell, title in missing:
                    self.problem(self.at(ws, cell), ("performance", "indicators"), f"“{title}”不能为空")
                continue
            base: FieldPath = ("performance",) if owner == UNIT_OWNER else ("project_performance", str(owner))
            target = self.data
            for part in base:
                target = target.setdefault(str(part), {})
            self.places.setdefault(base, self.at(ws, owner_cell))
            items = (
                target.setdefault("indicators", {}).setdefault(str(level1), {}).setdefault(str(level2), [])
            )
            path = (*base, "indicators", str(level1), str(level2), len(items))
            items.append(self.item(ws, values, own, path))

    def finish(self) -> None:
        """Every performance target has its indicators (none may be listed yet)."""
        performance = self.data.get("performance")
        if isinstance(performance, dict):
            performance.setdefault("indicators", {})
        for target in (self.data.get("project_performance") or {}).values():
            if isinstance(target, dict):
                target.setdefault("indicators", {})

    def codes(self, budget: Budget) -> None:
        """Subject codes missing from the year's complete reference list (only a complete list
        can prove a code unknown; shipped fragments cannot)."""
        checks = [
            (("expenditure", i, "code"), line.code, CodeKind.FUNCTION)
            for i, line in enumerate(budget.expenditure)
        ]
        checks += [
            (("projects", i, "subject"), p.subject, CodeKind.FUNCTION) for i, p in enumerate(budget.projects)
        ]
        checks += [
            (("basic_economic", i, "code"), line.code, CodeKind.ECONOMIC)
            for i, line in enumerate(budget.basic_economic)
        ]
        catalogs = {kind: load_catalog(budget.year, kind) for kind in CodeKind}
        for loc, code, kind in checks:
            catalog = catalogs[kind]
            if catalog.is_complete and code not in catalog:
                self.problem(self.place(loc), loc, f"科目编码 {code} 不在 {budget.year} 年{kind.label}中")


def column_text(column: Column, value: Any) -> str:
    return str(column.to_cell(value)) if column.enum is not None else str(value)


def _required(path: FieldPath) -> bool:
    """Whether every field along ``path`` must be given (a required list is set even when empty)."""
    return all(field_at(Budget, path[:end])[0].is_required() for end in range(1, len(path) + 1))


def load_workbook_budget(path: str | Path) -> Budget:
    """Read a filled yusuan input workbook; raise :class:`SourceError` naming sheet, cell and field."""
    import openpyxl

    path = Path(path)
    file = str(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about data validation extensions
            with path.open("rb") as handle:
                workbook = openpyxl.load_workbook(handle, data_only=True, keep_links=False)
    except OSError as exc:
        raise SourceError([Problem(file, None, "", "", f"无法读取文件：{describe(exc)}")]) from None
    except Exception:  # openpyxl raises many kinds of errors for damaged files
        raise SourceError([Problem(file, None, "", "", "工作簿已损坏或不完整，无法打开")]) from None
    try:
        reader = _Reader(file)
        _check_mark(workbook, file)
        for sheet in SHEETS:
            if sheet.name not in workbook.sheetnames:
                if not isinstance(sheet, Form) or any(column.required for column in sheet.columns):
                    reader.problems.append(Problem(file, None, "", "", f"缺少工作表“{sheet.name}”"))
                continue
            ws = workbook[sheet.name]
            if isinstance(sheet, Form):
                reader.form(ws, sheet)
            elif isinstance(sheet, Table):
                reader.table(ws, sheet)
            elif sheet is SUBJECTS:
                reader.subjects(ws)
            elif sheet is ABSENT:
                reader.absent(ws)
            elif sheet is INDICATORS:
                reader.indicators(ws)
        reader.finish()
    finally:
        workbook.close()
    budget = validate_budget(reader.data, reader.place, reader.problems)
    reader.codes(budget)
    if reader.problems:
        raise SourceError(reader.problems)
    return budget


def _check_mark(workbook: Any, file: str) -> None:
    version = None
    if MARK_SHEET in workbook.sheetnames:
        ws = workbook[MARK_SHEET]
        if ws["A1"].value == FORMAT:
            version = str(ws["B1"].value)
    if version != VERSION:
        shown = f"格式版本 {version}" if version else "没有格式标记"
        raise SourceError(
            [Problem(file, None, "", "", f"不是本版 yusuan 能读的填报工作簿（{shown}，应为 {VERSION}）")]
        )


__all__ = ["is_yusuan_workbook", "load_workbook_budget"]
