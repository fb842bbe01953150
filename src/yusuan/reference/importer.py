"""Import the Ministry of Finance's classification list (政府收支分类科目) from .xlsx or .csv.

The Ministry's sheets vary: the header row sits somewhere in the first rows and names its
columns "科目编码"/"科目名称" (or "编码"/"名称", "功能科目代码" …); codes are either in one column
(2010301) or split into 类/款/项 columns (201 | 01 | 01), where a blank 类 or 款 cell means "the
same as the rows above"; names may be indented or prefixed. Function (2xx) and economic (3xx)
subjects may share a sheet or sit in different sheets. Government economic subjects (5xx) and
revenue subjects (1xx) are counted and skipped.

Every rejected row is reported with its sheet and row number; nothing is written unless at
least one valid row was found, and an existing import is only replaced with ``replace=True``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from yusuan.atomic import write_atomic
from yusuan.model.codes import (
    CodeError,
    CodeKind,
    join_code_parts,
    level_of,
    normalise_code,
    parent_of,
)
from yusuan.reference.catalog import Entry, format_rows, imported_path
from yusuan.text.spacing import squeeze

HEADER_SEARCH_ROWS = 10
SKIP_GOVERNMENT_ECONOMIC = "政府预算支出经济分类科目（5 开头，暂不导入）"
SKIP_REVENUE = "收入分类科目（1 开头，暂不导入）"
_PART_LABELS = ("类", "款", "项")
_NAME_PREFIX = re.compile(r"^(?:[-－—–·•*＊>＞]+|其中[:：])+")
_LEADING_DIGITS = re.compile(r"^([0-9][0-9.\-、]*)(?=[^0-9.\-、])")
_CODE_SEPARATORS = re.compile(r"[\s.\-、|/]+")


class ReferenceImportError(Exception):
    """The import was refused or failed; ``message`` says why, in Chinese."""

    def __init__(self, message: str, problems: Sequence[ImportProblem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


@dataclass(frozen=True)
class ImportProblem:
    """One rejected row."""

    sheet: str
    row: int
    message: str

    def __str__(self) -> str:
        return f"工作表“{self.sheet}”第{self.row}行：{self.message}"


@dataclass
class ImportResult:
    """What an import read and wrote."""

    year: int
    source_name: str
    written: dict[CodeKind, Path] = field(default_factory=dict)
    counts: dict[CodeKind, dict[str, int]] = field(default_factory=dict)  # kind -> 类/款/项 -> n
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> number of rows
    problems: list[ImportProblem] = field(default_factory=list)
    sheets_without_header: list[str] = field(default_factory=list)

    def total(self, kind: CodeKind) -> int:
        return sum(self.counts.get(kind, {}).values())

    def summary(self) -> str:
        lines = []
        for kind, path in self.written.items():
            levels = "、".join(f"{level} {n} 条" for level, n in self.counts[kind].items() if n)
            total = self.total(kind)
            lines.append(f"已导入 {self.year} 年{kind.label} {total} 条（{levels}），保存到 {path}")
        for reason, n in self.skipped.items():
            lines.append(f"跳过{reason} {n} 行")
        if self.sheets_without_header:
            lines.append("未找到表头、未读取的工作表：" + "、".join(self.sheets_without_header))
        if self.problems:
            lines.append(f"有 {len(self.problems)} 行有问题，未导入：")
            lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)


@dataclass(frozen=True)
class _Layout:
    """Where the header ends and which columns hold the code(s) and the name (0-based)."""

    header_row: int  # 1-based number of the last header row
    name_col: int
    code_col: int | None
    part_cols: tuple[int, ...]  # 类, 款[, 项] when the code is split


@dataclass(frozen=True)
class _Row:
    code: str
    name: str
    sheet: str
    row: int


class _BadRow(Exception):
    pass


def import_reference(
    path: str | os.PathLike[str],
    year: int,
    kind: CodeKind | None = None,
    *,
    replace: bool = False,
) -> ImportResult:
    """Import the list in ``path`` as the ``year`` list; only ``kind`` if given, else every kind found."""
    source = Path(path)
    if isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2100:
        raise ReferenceImportError(f"年度“{year}”无效，应为四位年份，例如 2024")
    result = ImportResult(year=year, source_name=source.name)
    rows: dict[CodeKind, list[_Row]] = {CodeKind.FUNCTION: [], CodeKind.ECONOMIC: []}
    for sheet, sheet_rows in _read_sheets(source):
        layout = _find_layout(sheet_rows)
        if layout is None:
            if any(any(_text(v) for v in r) for r in sheet_rows):
                result.sheets_without_header.append(sheet)
            continue
        for row in _data_rows(sheet, sheet_rows, layout, result):
            row_kind = _kind_of(row, result)
            if row_kind is None:
                continue
            if kind is not None and row_kind is not kind:
                reason = f"{row_kind.label}（本次只导入{kind.label}）"
                result.skipped[reason] = result.skipped.get(reason, 0) + 1
                continue
            rows[row_kind].append(row)

    entries = {k: _validate(k, found, result) for k, found in rows.items() if found}
    entries = {k: v for k, v in entries.items() if v}
    result.problems.sort(key=lambda p: (p.sheet, p.row))
    if not entries:
        raise ReferenceImportError(_nothing_found_message(source, result), result.problems)

    targets = {k: imported_path(k, year) for k in entries}
    existing = [f"{year} 年{k.label}（{p}）" for k, p in targets.items() if p.exists()]
    if existing and not replace:
        raise ReferenceImportError(
            "已导入过" + "、".join(existing) + "。为避免误覆盖，本次未写入任何文件；"
            "如确需用本文件替换，请使用 replace=True（命令行加 --replace）重新导入。",
            result.problems,
        )
    stamp = f"{source.name}（导入于 {date.today().isoformat()}）"
    for k, found in entries.items():
        write_atomic(
            targets[k],
            format_rows(Entry(r.code, r.name, level_of(r.code), parent_of(r.code), stamp) for r in found),
        )
        result.written[k] = targets[k]
        counts = dict.fromkeys(_PART_LABELS[: len(k.lengths)], 0)
        for r in found:
            counts[level_of(r.code)] += 1
        result.counts[k] = counts
    return result


# --- reading ---------------------------------------------------------------------------------------


def _read_sheets(source: Path) -> list[tuple[str, list[tuple[object, ...]]]]:
    if not source.is_file():
        raise ReferenceImportError(f"找不到文件：{source}")
    suffix = source.suffix.lower()
    if suffix == ".csv":
        return [(source.name, _read_csv(source))]
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(source)
    if suffix == ".xls":
        raise ReferenceImportError(
            f"不支持旧版 Excel 文件（.xls）：{source.name}。请在 Excel/WPS 中另存为 .xlsx 后再导入。"
        )
    raise ReferenceImportError(
        f"不支持的文件类型“{source.suffix}”：{source.name}。请提供 .xlsx 或 .csv 文件。"
    )


def _read_csv(source: Path) -> list[tuple[object, ...]]:
    data = source.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything
        raise ReferenceImportError(f"无法识别文件编码：{source.name}。请另存为 UTF-8 编码的 CSV。")
    return [tuple(cell if cell.strip() else None for cell in row) for row in csv.reader(io.StringIO(text))]


def _read_xlsx(source: Path) -> list[tuple[str, list[tuple[object, ...]]]]:
    import openpyxl  # imported lazily: only imports need it

    try:
        workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors for damaged files
        raise ReferenceImportError(f"无法读取 Excel 文件 {source.name}：{exc}") from exc
    try:
        sheets = []
        for sheet in workbook.worksheets:
            reset = getattr(sheet, "reset_dimensions", None)
            if reset is not None:  # stored dimensions are sometimes wrong; read every cell
                reset()
            sheets.append((sheet.title, [tuple(r) for r in sheet.iter_rows(values_only=True)]))
        return sheets
    finally:
        workbook.close()


def _text(value: object) -> str:
    """A header/label cell as text without any whitespace."""
    return squeeze(value) if isinstance(value, str) else ""


def _cell(row: Sequence[object], col: int | None) -> object:
    return row[col] if col is not None and col < len(row) else None


def _find_layout(rows: list[tuple[object, ...]]) -> _Layout | None:
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = [_text(v) for v in row]
        name_col = next((j for j, t in enumerate(texts) if "名称" in t), None)
        if name_col is None:
            continue
        parts, header_row = _part_columns(texts), i + 1
        if not parts and i + 1 < len(rows):
            parts, header_row = _part_columns([_text(v) for v in rows[i + 1]]), i + 2
        if "类" in parts and "款" in parts:
            cols = tuple(parts[label] for label in _PART_LABELS if label in parts)
            return _Layout(header_row, name_col, None, cols)
        code_col = next(
            (j for j, t in enumerate(texts) if j != name_col and ("编码" in t or "代码" in t)),
            None,
        )
        if code_col is not None:
            return _Layout(i + 1, name_col, code_col, ())
    return None


def _part_columns(texts: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for j, t in enumerate(texts):
        if t in _PART_LABELS and t not in found:
            found[t] = j
    return found


def _code_text(value: object) -> str | None:
    """A code cell as digit text (None when blank); raise _BadRow for anything else."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise _BadRow(f"编码单元格为逻辑值 {value}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise _BadRow(f"编码“{value}”不是整数")
        return str(int(value))
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        return text or None
    raise _BadRow(f"编码单元格的内容无法识别（{type(value).__name__}）")


def _clean_name(value: object, code: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _BadRow(f"科目名称“{value}”不是文字")
    name = squeeze(value)
    name = _NAME_PREFIX.sub("", name)
    match = _LEADING_DIGITS.match(name)
    if match and code.endswith(re.sub(r"\D", "", match.group(1))):
        name = _NAME_PREFIX.sub("", name[match.end() :])
    return name


def _data_rows(
    sheet: str, rows: list[tuple[object, ...]], layout: _Layout, result: ImportResult
) -> Iterator[_Row]:
    carry: list[str | None] = [
        None,
        None,
    ]  # current 类 and 款 for split codes with blank cells
    for row_no, row in enumerate(rows[layout.header_row :], start=layout.header_row + 1):
        try:
            if layout.part_cols:
                code = _split_code(row, layout.part_cols, carry)
            else:
                code = _single_code(_cell(row, layout.code_col))
            if code is None:
                continue
            name = _clean_name(_cell(row, layout.name_col), code)
            if not name:
                raise _BadRow(f"编码 {code} 缺少科目名称")
        except _BadRow as exc:
            carry[:] = [
                None,
                None,
            ]  # never attach later rows to a class or 款 we could not read
            result.problems.append(ImportProblem(sheet, row_no, str(exc)))
            continue
        except CodeError as exc:
            carry[:] = [None, None]
            result.problems.append(ImportProblem(sheet, row_no, str(exc)))
            continue
        yield _Row(code, name, sheet, row_no)


def _single_code(value: object) -> str | None:
    text = _code_text(value)
    if text is None or not re.search(r"[0-9]", text):
        return None  # headings, notes, 合计 rows
    pieces = [p for p in _CODE_SEPARATORS.split(text) if p]
    if not all(p.isascii() and p.isdigit() for p in pieces):
        raise _BadRow(f"编码“{text}”只能由数字组成")
    return join_code_parts(*pieces) if len(pieces) > 1 else pieces[0]


def _split_code(row: Sequence[object], cols: tuple[int, ...], carry: list[str | None]) -> str | None:
    parts = [_code_text(_cell(row, c)) for c in cols]
    if all(p is None for p in parts):
        return None
    if not any(re.search(r"[0-9]", p) for p in parts if p is not None):
        return None  # a text-only row such as 合计
    for label, part in zip(_PART_LABELS, parts, strict=False):
        if part is not None and not (part.isascii() and part.isdigit()):
            raise _BadRow(f"{label}列“{part}”只能由数字组成")
    lei, kuan, xiang = [*parts, None][:3]
    if lei is not None and len(lei) != 3:
        raise _BadRow(f"类列“{lei}”应为 3 位数字")
    for label, part in (("款", kuan), ("项", xiang)):
        if part is not None and len(part) > 2:
            raise _BadRow(f"{label}列“{part}”应为 1–2 位数字")
    if lei is not None and kuan is None and xiang is not None:
        raise _BadRow("有类和项，但款列为空")
    if lei is None:
        lei = carry[0]
        if lei is None:
            raise _BadRow("类列为空，且上方没有可沿用的类")
    if kuan is None and xiang is not None:
        kuan = carry[1]
        if kuan is None:
            raise _BadRow("款列为空，且上方没有可沿用的款")
    carry[:] = [lei, kuan]
    return join_code_parts(lei, kuan, xiang)


def _kind_of(row: _Row, result: ImportResult) -> CodeKind | None:
    first = row.code[0]
    if first == "2":
        return CodeKind.FUNCTION
    if first == "3":
        return CodeKind.ECONOMIC
    reason = {"5": SKIP_GOVERNMENT_ECONOMIC, "1": SKIP_REVENUE}.get(first)
    if reason is None:
        message = f"无法识别的科目编码“{row.code}”（应以 2 或 3 开头）"
        result.problems.append(ImportProblem(row.sheet, row.row, message))
    else:
        result.skipped[reason] = result.skipped.get(reason, 0) + 1
    return None


# --- validation and writing -------------------------------------------------------------------------


def _validate(kind: CodeKind, rows: list[_Row], result: ImportResult) -> list[_Row]:
    """Rows with a well-formed code, a single name and a valid parent, in code order."""
    by_code: dict[str, _Row] = {}
    conflicted: set[str] = set()
    for row in rows:
        try:
            code = normalise_code(row.code, kind)
        except CodeError as exc:
            result.problems.append(ImportProblem(row.sheet, row.row, str(exc)))
            continue
        first = by_code.get(code)
        if first is None:
            by_code[code] = row
        elif first.name != row.name:
            conflicted.add(code)
            result.problems.append(
                ImportProblem(
                    row.sheet,
                    row.row,
                    f"编码 {code} 的名称“{row.name}”与工作表“{first.sheet}”第{first.row}行的"
                    f"“{first.name}”不一致，该编码未导入",
                )
            )
    for code in conflicted:
        first = by_code.pop(code)
        message = f"编码 {code} 在文件中有不同名称，该编码未导入"
        result.problems.append(ImportProblem(first.sheet, first.row, message))
    valid: dict[str, _Row] = {}
    for code in sorted(by_code, key=lambda c: (len(c), c)):
        parent = parent_of(code)
        if parent is None or parent in valid:
            valid[code] = by_code[code]
        else:
            row = by_code[code]
            why = "该行有误或" if parent in by_code or parent in conflicted else ""
            result.problems.append(
                ImportProblem(
                    row.sheet,
                    row.row,
                    f"上级科目 {parent} {why}不在文件中，编码 {code}（{row.name}）未导入",
                )
            )
    return [valid[c] for c in sorted(valid)]


def _nothing_found_message(source: Path, result: ImportResult) -> str:
    lines = [f"未从 {source.name} 中读到任何可导入的科目，未写入任何文件。"]
    if result.skipped:
        lines.append("跳过：" + "，".join(f"{reason} {n} 行" for reason, n in result.skipped.items()))
    if result.sheets_without_header:
        lines.append(
            "以下工作表前 10 行中未找到含“编码/代码”（或“类/款/项”）与“名称”的表头："
            + "、".join(result.sheets_without_header)
        )
    if result.problems:
        lines.append(f"有问题的行（{len(result.problems)} 行）：")
        lines.extend(f"  {p}" for p in result.problems[:20])
        if len(result.problems) > 20:
            lines.append(f"  ……另有 {len(result.problems) - 20} 行")
    return "\n".join(lines)
