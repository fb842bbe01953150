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

from sqlalchemy.orm import Session

from yusuan.check.runner import CheckReport, check_document
from yusuan.model.document import Document, Table
from yusuan.render.output import FORMATS, file_stem, write_outputs
from yusuan.web import findings, models, store

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
    return findings.document_of(store.load(json.loads(key)))


def document_of(data: dict[str, Any]) -> Document:
    """The document the stored values build (kept for the last few budgets: a build is costly).
    A copy: the checker adds the claims it reads to the document."""
    return _built(_key(data)).model_copy(deep=True)


def check(data: dict[str, Any]) -> CheckReport:
    """The findings on the document the values build, as ``yusuan check`` reports them."""
    return check_document(document_of(data))


def live_findings(data: dict[str, Any]) -> list[findings.LiveFinding]:
    """The findings on the document the values build, each pointing to the part and field it
    concerns (``FindingsUnavailable`` where the values build no document)."""
    return findings.findings_for(store.load(data), document=document_of(data))


def counts_of(db: Session, row: models.Budget) -> dict[str, int] | None:
    """The errors and warnings on the document of the budget's current revision: counted once and
    kept on the revision (it never changes), so a page listing many budgets checks each only once.
    None where the budget builds no document. The caller commits."""
    current = store.revision(db, row, row.revision)
    if current is None:
        return None
    if _uncounted(current):
        try:
            keep_counts(db, row, check(row.data).counts())
        except findings.FindingsUnavailable:
            return None
    return {"error": current.errors or 0, "warning": current.warnings or 0}


def keep_counts(db: Session, row: models.Budget, counts: dict[str, int]) -> None:
    """Keep what the checker found on the document of the budget's current revision, by severity
    (``CheckReport.counts`` or ``findings.counts``), where it is not counted yet. The caller
    commits."""
    current = store.revision(db, row, row.revision)
    if current is not None and _uncounted(current):
        current.errors = counts.get("error", 0)
        current.warnings = counts.get("warning", 0)


def _uncounted(revision: models.Revision) -> bool:
    return revision.errors is None or revision.warnings is None


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
