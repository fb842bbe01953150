"""Read a filled official template into a budget source: figures, texts, and a report.

The workbook is read as any XLSX document is (``yusuan.read``): its tables are told by their
titles and headers in the template's layout, its text sheets by their first line. What the
template cannot give (prior-year figures, reasons, projects one by one, performance targets) is
reported missing; what it gives twice (subtotals, totals, summary tables) is checked, cell by
cell, against the document built from what was read.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from yusuan.compute import compute
from yusuan.generate import build_document
from yusuan.importer.figures import FieldPath, ReadTable, read_figures
from yusuan.importer.places import Place
from yusuan.importer.texts import cover_year, read_texts
from yusuan.importer.verify import verify
from yusuan.layout import available_layouts
from yusuan.layout.profile import LayoutProfile
from yusuan.model.budget import Budget
from yusuan.model.money import AmountUnit
from yusuan.read.formats.xlsx import read_xlsx
from yusuan.read.numbers import parse_figure
from yusuan.read.tables.grids import find_tables
from yusuan.read.tables.recognise import recognise
from yusuan.source.loader import WORKBOOK_SUFFIXES


@dataclass
class ImportResult:
    """A template read: the budget source (as budget.yaml holds it, amounts in 元) and the report."""

    file: str
    layout: LayoutProfile
    data: dict[str, Any]
    places: dict[FieldPath, Place] = field(default_factory=dict)
    comments: dict[FieldPath, str] = field(default_factory=dict)
    read: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)
    errors: list[tuple[Place, str]] = field(default_factory=list)  # figures that contradict the others
    required: list[str] = field(default_factory=list)  # missing parts without which the budget is incomplete

    @property
    def complete(self) -> bool:
        return not self.errors and not self.required

    def to_json(self) -> dict[str, Any]:
        """The report as JSON (``yusuan import --json``)."""
        return {
            "schema": "yusuan/import-report@1",
            "file": self.file,
            "layout": self.layout.id,
            "complete": self.complete,
            "read": self.read,
            "errors": [
                {"sheet": place.sheet, "cell": place.cell or None, "message": message}
                for place, message in self.errors
            ],
            "required": self.required,
            "missing": self.missing,
            "not_understood": self.not_understood,
        }

    def report_lines(self) -> list[str]:
        lines = [f"{self.file}：{self.layout.name}（版式 {self.layout.id}）的官方模板"]
        for title, entries in (
            ("读入", self.read),
            ("数字不一致", [f"{place}：{message}" for place, message in self.errors]),
            ("缺少（预算必需）", self.required),
            ("缺少", self.missing),
            ("未能读懂或未读入", self.not_understood),
        ):
            if entries:
                lines.append(f"{title}（{len(entries)}）：")
                lines += [f"  • {entry}" for entry in entries]
        return lines


def template_layout(path: str | Path) -> LayoutProfile | None:
    """The layout whose official template this workbook is, or None (not a workbook, or another
    workbook: a published document, yusuan's own rendering …).

    The rule: the first sheet is the layout's cover sheet and names the publisher under the
    template's label ("预算主管部门：…"). A published disclosure saved as XLSX starts with a
    table or yusuan's 说明 sheet, not with the template's cover."""
    path = Path(path)
    if path.suffix.lower() not in WORKBOOK_SUFFIXES or not path.is_file() or not zipfile.is_zipfile(path):
        return None
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # any unreadable workbook is simply not a template
        return None
    try:
        names = book.sheetnames
        first = book[names[0]] if names else None
        texts = (
            [
                str(value)
                for row in first.iter_rows(max_row=60, max_col=20, values_only=True)
                for value in row
                if isinstance(value, str)
            ]
            if first is not None and hasattr(first, "iter_rows")
            else []
        )  # a chart sheet has no cells
    except Exception:  # a sheet that cannot be read: not a template either
        return None
    finally:
        book.close()
    if not texts:
        return None
    for profile in available_layouts().values():
        template = profile.template
        if template is None or names[0] != template.cover:
            continue
        if any(text.strip().startswith((f"{template.issuer}：", f"{template.issuer}:")) for text in texts):
            return profile
    return None


class _RawValues:
    """The values stored in the workbook's cells (not the text a number format shows)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sheets: dict[str, dict[tuple[int, int], Any]] = {}

    def _sheet(self, name: str) -> dict[tuple[int, int], Any]:
        """One sheet's stored values. The workbook is opened once, read-only (a template's
        thousands of formatted empty rows cost nothing), and every sheet read then: verifying a
        template asks for most of them."""
        if not self.sheets:
            from openpyxl import load_workbook

            book = load_workbook(self.path, read_only=True, data_only=True)
            try:
                for sheet in book.worksheets:
                    values: dict[tuple[int, int], Any] = {}
                    for row in sheet.iter_rows():
                        for cell in row:
                            if cell.value is not None and isinstance(cell.row, int):
                                values[(cell.row, cell.column)] = cell.value
                    self.sheets[sheet.title] = values
            finally:
                book.close()
        return self.sheets.get(name, {})

    def __call__(self, place: Place) -> Decimal | None:
        if place.row is None:
            return None
        value = self._sheet(place.sheet).get((place.row, place.column or 1))
        if value is None or isinstance(value, bool | dt.date):
            return None
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, float):  # float-ok: openpyxl's cell value, read as Excel shows 15 digits
            return Decimal(format(value, ".15g"))
        if isinstance(value, Decimal):
            return value
        try:
            return parse_figure(str(value))
        except InvalidOperation:
            return None


def import_workbook(path: str | Path) -> ImportResult | None:
    """Read a filled official template; None when the workbook is not one (see :func:`template_layout`)."""
    path = Path(path)
    profile = template_layout(path)
    if profile is None:
        return None
    stream = read_xlsx(path)
    raw = _RawValues(path)
    assert profile.template is not None
    texts_year = cover_year(stream, profile.template.cover)
    recognised = recognise(stream, scope=profile.scope, year=texts_year or 0)
    sheets = table_sheets(stream, profile)
    tables: dict[str, ReadTable] = {}
    for table in recognised.tables:
        if table.key in sheets and table.key in {spec.key for spec in profile.tables}:
            tables[table.key] = ReadTable(table, profile.table(table.key), sheets[table.key])
    texts = read_texts(stream, profile, set(sheets.values()))
    figures = read_figures(tables, raw)
    year = texts.year or texts_year
    data: dict[str, Any] = {
        "yusuan": 1,
        "year": year,
        "amount_unit": AmountUnit.YUAN.value,
        "layout": profile.id,
    }
    data["unit"] = {"name": texts.unit_name, "scope": profile.scope}
    data["profile"] = {"functions": texts.functions}
    used = {line["code"] for line in figures.expenditure} | {line["code"] for line in figures.basic_economic}
    names = {
        code: name
        for code, name in sorted(figures.subject_names.items())
        if any(other.startswith(code) for other in used)
    }
    if names:
        data["subject_names"] = names
    data["expenditure"] = figures.expenditure
    if figures.basic_economic:
        data["basic_economic"] = figures.basic_economic
    if figures.sangong is not None:
        data["sangong"] = figures.sangong
    if figures.operating_expenses is not None:
        data["operating_expenses"] = figures.operating_expenses
    if texts.glossary:
        data["glossary"] = texts.glossary
    result = ImportResult(str(path), profile, data)
    result.places = {**figures.places, **texts.places}
    result.read = [*texts.read, *figures.read]
    result.missing = [*texts.missing, *figures.missing]
    # a cell read by several tables' passes is reported once
    result.not_understood = list(
        dict.fromkeys([*texts.not_understood, *figures.not_understood, *recognised.problems])
    )
    if texts.organisation:
        result.comments[("profile",)] = (
            "机构设置（模板原文，请整理为 bodies / subordinate_units）：" + " ".join(texts.organisation)
        )
    for spec in profile.tables:
        if spec.key not in tables:
            result.missing.append(f"没有找到表“{spec.title.replace('{year}', str(year or ''))}”的工作表")
    result.missing += [
        "上年数（prior）：模板不含上年数，各科目、“三公”经费的上年数和增减原因需手工填写",
        "项目明细：模板只有各科目的项目支出合计，记为 expenditure 各行的 project（未列明到项目）；"
        "项目名称、金额、绩效目标需手工填写",
    ]
    if texts.unit_name is None:
        result.required.append("单位名称（封面）")
    if texts.functions is None:
        result.required.append("主要职能（profile.functions）")
    if year is None:
        result.required.append("预算年度（封面）")
    if not figures.expenditure:
        result.required.append("支出数字（各支出功能分类表都没有读到填到“项”的数字）")
    else:
        result.errors = _verify(result, tables, raw)
    return result


def table_sheets(stream: Any, profile: LayoutProfile) -> dict[str, str]:
    """table key -> the sheet it is on (the first sheet with a grid under the table's title)."""
    found, _ = find_tables(stream)
    sheets: dict[str, str] = {}
    for item in found:
        if not item.grids:
            continue
        for known in item.candidates:
            if known.profile.id == profile.id and item.grids[0].provenance.table:
                sheets.setdefault(known.spec.key, item.grids[0].provenance.table)
    return sheets


def _verify(result: ImportResult, tables: dict[str, ReadTable], raw: _RawValues) -> list[tuple[Place, str]]:
    """Build the budget's tables in the template's layout and compare them with the workbook's."""
    data = dict(result.data)
    # the tables do not depend on the unit's name or functions: stand-ins where they are missing
    data["unit"] = {**data["unit"], "name": data["unit"]["name"] or "—"}
    data["profile"] = {"functions": data["profile"]["functions"] or {"items": ["—"]}}
    data["year"] = data["year"] or 2000
    try:
        budget = Budget.model_validate(data, context={"amount_unit": AmountUnit.YUAN})
    except ValidationError:
        return []  # the budget's own problems are reported when it is loaded, field by field
    document = build_document(budget, result.layout, compute(budget))
    return verify(tables, document.tables, raw)
