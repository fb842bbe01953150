"""The public pages (no sign-in): the published documents, each at a stable address per unit and
year — the HTML document, the four downloads, and every table as CSV and JSON."""

from __future__ import annotations

from enum import Enum
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import select

from yusuan.web import documents, models, store
from yusuan.web.access import Db
from yusuan.web.models import Status
from yusuan.web.routes.workspace import send_file
from yusuan.web.templating import page

router = APIRouter()
TAG: list[str | Enum] = ["公开文件"]


def published(db: Db) -> list[models.Budget]:
    query = (
        select(models.Budget)
        .join(models.Unit)
        .where(models.Budget.status == Status.PUBLISHED.value, models.Budget.published_revision.is_not(None))
        .order_by(models.Budget.year.desc(), models.Unit.name)
    )
    return list(db.scalars(query))


def published_one(db: Db, unit_id: int, year: int) -> tuple[models.Budget, dict[str, Any]]:
    """The published budget of a unit and year, and the data of its published revision; else 404."""
    row = db.scalar(
        select(models.Budget).where(
            models.Budget.unit_id == unit_id,
            models.Budget.year == year,
            models.Budget.status == Status.PUBLISHED.value,
        )
    )
    revision = store.revision(db, row, row.published_revision) if row and row.published_revision else None
    if row is None or revision is None:
        raise HTTPException(status_code=404, detail="没有找到这份公开文件")
    return row, revision.data


def _entry(row: models.Budget) -> dict[str, Any]:
    base = f"/public/{row.unit_id}/{row.year}/"
    return {"unit": row.unit.name, "unit_id": row.unit_id, "year": row.year, "url": base}


@router.get("/public/", response_class=HTMLResponse, include_in_schema=False)
def public_index(request: Request, db: Db) -> HTMLResponse:
    return page(request, "web/public_index.html", rows=published(db))


@router.get("/public/{unit_id}/{year}/", response_class=HTMLResponse, include_in_schema=False)
def public_document(request: Request, db: Db, unit_id: int, year: int) -> HTMLResponse:
    row, data = published_one(db, unit_id, year)
    document = documents.document_of(data)
    return page(
        request, "web/public_document.html", row=row, document=document, formats=documents.FORMAT_TITLES
    )


@router.get("/public/{unit_id}/{year}/document.{fmt}", include_in_schema=False)
def public_file(request: Request, db: Db, unit_id: int, year: int, fmt: str) -> Response:
    row, data = published_one(db, unit_id, year)
    assert row.published_revision is not None
    return send_file(request, row, row.published_revision, data, fmt, inline=fmt == "html")


def _table(db: Db, unit_id: int, year: int, key: str) -> Any:
    _, data = published_one(db, unit_id, year)
    table = documents.table_by_key(documents.document_of(data), key)
    if table is None:
        raise HTTPException(status_code=404, detail="没有这张表")
    return table


@router.get("/public/{unit_id}/{year}/tables/{key}.csv", include_in_schema=False)
def public_table_csv(db: Db, unit_id: int, year: int, key: str) -> Response:
    table = _table(db, unit_id, year, key)
    return Response(
        documents.table_csv(table),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename={key}.csv"},
    )


@router.get(
    "/public/{unit_id}/{year}/tables/{key}.json", tags=TAG, summary="一张表（JSON，金额为十进制字符串）"
)
def public_table_json(db: Db, unit_id: int, year: int, key: str) -> Response:
    table = _table(db, unit_id, year, key)
    return JSONResponse(table.model_dump(mode="json", exclude_none=True))


@router.get("/api/public", tags=TAG, summary="已公开的预算文件")
def api_public(db: Db) -> list[dict[str, Any]]:
    return [_entry(row) for row in published(db)]


@router.get("/api/public/{unit_id}/{year}", tags=TAG, summary="一份公开文件：下载与各表")
def api_public_document(db: Db, unit_id: int, year: int) -> dict[str, Any]:
    row, data = published_one(db, unit_id, year)
    document = documents.document_of(data)
    base = f"/public/{unit_id}/{year}/"
    return {
        **_entry(row),
        "title": document.title,
        "files": {fmt: f"{base}document.{fmt}" for fmt in documents.FORMAT_TITLES},
        "tables": [
            {
                "key": t.key,
                "title": t.title,
                "csv": f"{base}tables/{t.key}.csv",
                "json": f"{base}tables/{t.key}.json",
            }
            for t in document.tables
        ],
    }
