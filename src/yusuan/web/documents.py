"""What a stored budget builds: its document, the findings on it, and the files to download —
made by the same library calls as ``yusuan build`` (``yusuan.layout.build``, ``yusuan.check``,
``yusuan.render.output``), never a figure of its own.

Built files are kept per budget and revision under the data folder (a revision never changes, so
neither do its files); the public pages serve the published revision's files."""

from __future__ import annotations

import csv
import io
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from yusuan.check.runner import CheckReport, check_document
from yusuan.compute import compute
from yusuan.generate import build_document
from yusuan.layout import load_layout
from yusuan.model.document import Document, Table
from yusuan.render.output import FORMATS, file_stem, write_outputs
from yusuan.web.store import load

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMAT_TITLES = {"docx": "Word（DOCX）", "pdf": "PDF", "html": "网页（HTML）", "xlsx": "Excel（XLSX）"}
assert set(MEDIA_TYPES) == set(FORMATS)


def _key(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


@lru_cache(maxsize=64)
def _built(key: str) -> Document:
    budget = load(json.loads(key))
    if budget.layout is None:
        raise ValueError("budget without layout")
    return build_document(budget, load_layout(budget.layout), compute(budget))


def document_of(data: dict[str, Any]) -> Document:
    """The document the stored values build (kept for the last few budgets: a build is costly).
    A copy: the checker adds the claims it reads to the document."""
    return _built(_key(data)).model_copy(deep=True)


def check(data: dict[str, Any]) -> CheckReport:
    """The findings on the document the values build (``forms``' findings module refines this)."""
    return check_document(document_of(data))


def error_count(data: dict[str, Any]) -> int:
    """The errors on the document the values build (kept per data: the bureau page asks for many)."""
    return _errors(_key(data))


@lru_cache(maxsize=1024)
def _errors(key: str) -> int:
    return check(json.loads(key)).errors


def built_file(data: dict[str, Any], folder: Path, fmt: str) -> Path:
    """The file of format ``fmt`` for the values, written into ``folder`` once (as yusuan build)."""
    document = document_of(data)
    path = folder / f"{file_stem(document)}.{fmt}"
    if not path.is_file():
        write_outputs(document, folder, [fmt], force=True)
    return path


def table_rows(table: Table) -> list[list[str]]:
    """A table as printed: its column titles, then each row's cell texts."""
    return [
        [column.title for column in table.columns],
        *[[cell.text for cell in row.cells] for row in table.rows],
    ]


def table_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(table_rows(table))
    return "\ufeff" + out.getvalue()  # with a BOM: Excel opens UTF-8 CSV as such only with one


def table_by_key(document: Document, key: str) -> Table | None:
    return next((table for table in document.tables if table.key == key), None)
