"""Check a published document (issue 13, item 6): anyone uploads a PDF, DOCX, XLSX or HTML file (or
the several files of one publication) and sees what the document is, what could not be read, and
the findings, each beside the page it concerns with the figure's line or cell highlighted.

Pages: ``GET /check`` (the form), ``POST /check`` (read, check, then the result),
``GET /check/{id}`` (the result), ``GET /check/{id}/page/{file}/{page}`` (one page with the
findings on it) and its image ``GET /check/{id}/image/{file}/{page}.png``. JSON:
``POST /api/check`` and ``GET /api/check/{id}``.

A result is reached only by its id (random, unguessable): nothing lists the uploads, except each
browser session's own recent checks on the form."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from yusuan.check.finding import Location, Severity
from yusuan.oserror import describe
from yusuan.read.formats import FORMAT_NAMES
from yusuan.read.limits import DEFAULT_MAX_BYTES, OverLimit, size_text
from yusuan.web import uploads
from yusuan.web.bodylimit import MAX_FILES
from yusuan.web.inspection import Refused, inspect
from yusuan.web.pages import box_style, centre, page_image
from yusuan.web.security import csrf_protect
from yusuan.web.templating import page

router = APIRouter()

FIELD = "files"  # the form's file field
RECENT = 10  # checks a session remembers
SURE_FIT = Decimal("0.8")  # a layout fit from which the page calls the layout certain
# a result is private to whoever holds its link: not cached by proxies, not indexed, no referrer
PRIVATE = {"Cache-Control": "private, no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}
_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": [FIELD],
                    "properties": {
                        FIELD: {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "一份公开文件的一个或几个文件（PDF、DOCX、XLSX、HTML）",
                        }
                    },
                }
            }
        },
    }
}


def _data_dir(request: Request) -> Path:
    return Path(request.app.state.settings.data_dir)


def _check(data_dir: Path, files: list[UploadFile]) -> tuple[str, dict[str, Any]]:
    """Store the files, read and check them; the upload's id and its record. ``Refused`` when they
    cannot be checked, with nothing kept."""
    uploads.purge(data_dir)
    chosen = [f for f in files if f.filename or f.size]
    if not chosen:
        raise Refused("请选择要检查的文件（PDF、DOCX、XLSX 或 HTML）", 400)
    if len(chosen) > MAX_FILES:
        raise Refused(
            f"一次最多检查 {MAX_FILES} 个文件（一份公开文件的各个部分），收到 {len(chosen)} 个", 400
        )
    try:
        upload_id, stored = uploads.store(data_dir, [(f.filename, f.file) for f in chosen])
    except OverLimit as exc:
        raise Refused(exc.message, 413) from None
    except OSError as exc:
        raise Refused(f"无法保存上传的文件（{describe(exc)}）", 500) from None
    try:
        record = inspect(stored)
    except Refused:
        uploads.remove(data_dir, upload_id)
        raise
    record["id"] = upload_id
    record["created"] = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime())
    folder = uploads.folder(data_dir, upload_id)
    assert folder is not None
    uploads.save_result(folder, record)
    return upload_id, record


async def _submitted(request: Request) -> list[UploadFile]:
    form = await request.form()
    return [value for value in form.getlist(FIELD) if isinstance(value, UploadFile)]


def _remember(request: Request, upload_id: str) -> None:
    recent = [i for i in request.session.get("checks", []) if isinstance(i, str) and i != upload_id]
    request.session["checks"] = [upload_id, *recent][:RECENT]


def _recent(request: Request) -> list[dict[str, Any]]:
    """This session's own recent checks that are still kept."""
    out = []
    for upload_id in request.session.get("checks", []):
        folder = uploads.folder(_data_dir(request), upload_id) if isinstance(upload_id, str) else None
        record = uploads.load_result(folder) if folder else None
        if record is not None:
            out.append(
                {
                    "id": upload_id,
                    "names": [f["name"] for f in record["files"]],
                    "created": record.get("created", ""),
                    "counts": record["counts"],
                }
            )
    return out


def _record(request: Request, upload_id: str) -> tuple[Path, dict[str, Any]]:
    folder = uploads.folder(_data_dir(request), upload_id)
    record = uploads.load_result(folder) if folder else None
    if folder is None or record is None:
        raise HTTPException(status_code=404, detail="没有这项检查结果（链接有误，或已超过一天被删除）")
    return folder, record


# ---------------------------------------------------------------------------------------- pages


@router.get("/check", response_class=HTMLResponse, include_in_schema=False)
def upload_form(request: Request) -> HTMLResponse:
    return page(request, "inspect/upload.html", **_form_context(request))


def _form_context(request: Request, error: str = "") -> dict[str, Any]:
    return {
        "error": error,
        "recent": _recent(request),
        "field": FIELD,
        "max_files": MAX_FILES,
        "max_size": size_text(DEFAULT_MAX_BYTES),
    }


@router.post(
    "/check",
    response_class=HTMLResponse,
    include_in_schema=False,
    dependencies=[Depends(csrf_protect)],
)
async def upload(request: Request) -> Response:
    files = await _submitted(request)
    try:
        upload_id, _ = await run_in_threadpool(_check, _data_dir(request), files)
    except Refused as refused:
        context = _form_context(request, refused.message)
        return page(request, "inspect/upload.html", status_code=refused.status, **context)
    _remember(request, upload_id)
    return RedirectResponse(f"/check/{upload_id}", status_code=303)


@router.get("/check/{upload_id}", response_class=HTMLResponse, include_in_schema=False)
def result(request: Request, upload_id: str) -> HTMLResponse:
    _, record = _record(request, upload_id)
    response = page(request, "inspect/result.html", **_view(record))
    response.headers.update(PRIVATE)
    return response


@router.get(
    "/check/{upload_id}/page/{file_index}/{number}", response_class=HTMLResponse, include_in_schema=False
)
def page_view(request: Request, upload_id: str, file_index: int, number: int) -> HTMLResponse:
    _, record = _record(request, upload_id)
    entry = _pdf_page(record, file_index, number)
    view = _view(record)
    here = [f for f in view["findings"] if f["file_index"] == file_index and f["page"] == number]
    response = page(
        request,
        "inspect/page.html",
        **view,
        file=entry,
        number=number,
        here=here,
        image=_image_url(upload_id, file_index, number),
        previous=number - 1 if number > 1 else None,
        following=number + 1 if number < entry["pages"] else None,
    )
    response.headers.update(PRIVATE)
    return response


@router.get("/check/{upload_id}/image/{file_index}/{number}.png", include_in_schema=False)
async def image(request: Request, upload_id: str, file_index: int, number: int) -> Response:
    folder, record = _record(request, upload_id)
    _pdf_page(record, file_index, number)
    source = next((p for p in sorted(folder.iterdir()) if p.stem == str(file_index + 1)), None)
    if source is None:
        raise HTTPException(status_code=404, detail="文件已不在")
    target = folder / "pages" / f"{file_index + 1}-{number}.png"
    drawn = await run_in_threadpool(page_image, source, number, target)
    if drawn is None:
        raise HTTPException(status_code=422, detail=f"第 {number} 页无法绘制成图片")
    return FileResponse(drawn, media_type="image/png", headers=PRIVATE)


def _pdf_page(record: dict[str, Any], file_index: int, number: int) -> dict[str, Any]:
    files = record["files"]
    if not 0 <= file_index < len(files):
        raise HTTPException(status_code=404, detail="没有这个文件")
    entry: dict[str, Any] = files[file_index]
    if entry["format"] != "pdf" or not 1 <= number <= entry["pages"]:
        raise HTTPException(status_code=404, detail="没有这一页（只有 PDF 文件有页面图片）")
    return entry


def _image_url(upload_id: str, file_index: int, number: int) -> str:
    return f"/check/{upload_id}/image/{file_index}/{number}.png"


def _view(record: dict[str, Any]) -> dict[str, Any]:
    """What the result and page templates show: the record, its findings with their page, box and
    links, grouped by severity."""
    upload_id = record["id"]
    files = record["files"]
    findings = []
    for finding in record["findings"]:
        provenance = finding.get("provenance") or {}
        index = finding.get("file_index")
        entry = files[index] if isinstance(index, int) and 0 <= index < len(files) else None
        number = provenance.get("page")
        image = None
        size = None
        if (
            entry is not None
            and entry["format"] == "pdf"
            and isinstance(index, int)
            and isinstance(number, int)
        ):
            image = _image_url(upload_id, index, number)
            size = entry["geometry"].get(str(number))
        paged = image is not None
        bbox = provenance.get("bbox")
        location = Location(**finding.get("location", {}))
        findings.append(
            {
                **finding,
                "severity_label": Severity(finding["severity"]).label,
                "where_text": location.describe(),
                "quote": location.sentence if location.sentence and len(location.sentence) > 60 else None,
                "place": _place(provenance),
                "paged_format": entry is not None and entry["format"] == "pdf",
                "format_label": FORMAT_NAMES.get(entry["format"], "") if entry else "",
                "file_index": index,
                "file_name": entry["name"] if entry else "",
                "page": number if paged else None,
                "page_url": f"/check/{upload_id}/page/{index}/{number}" if paged else None,
                "image": image,
                "box": box_style(bbox, size) if paged else None,
                "centre": centre(bbox, size),
                "aspect": f"{size['width']} / {size['height']}" if size else None,
            }
        )
    groups = [
        {"severity": s.value, "label": s.label, "findings": [f for f in findings if f["severity"] == s.value]}
        for s in Severity
    ]
    facts = record["facts"]
    kind = f"{facts['scope'] or ''}{facts['stage'] or ''}" + (
        f"（{facts['coverage']}）" if facts["coverage"] else ""
    )
    return {
        "record": record,
        "findings": findings,
        "files": [
            {**entry, "format_label": FORMAT_NAMES.get(entry["format"], entry["format"])} for entry in files
        ],
        "groups": groups,
        "facts": facts,
        "names": "、".join(f["name"] for f in files),
        "kind": kind or "未能读出",
        "fit": f"{Decimal(facts['layout_fit']) * 100:.0f}%",
        "fit_sure": Decimal(facts["layout_fit"]) >= SURE_FIT,
    }


def _place(provenance: dict[str, Any]) -> str:
    """Where in a file without pages (DOCX, XLSX, HTML, text): its line, the cell's row and column."""
    if not provenance or provenance.get("page"):
        return ""
    parts = []
    if provenance.get("line"):
        parts.append(f"源文件第 {provenance['line']} 行")
    if provenance.get("row"):
        column = f"第 {provenance['column']} 列" if provenance.get("column") else ""
        parts.append(f"表中第 {provenance['row']} 行{column}")
    return "，".join(parts)


# ------------------------------------------------------------------------------------------ JSON


def _api_record(record: dict[str, Any]) -> dict[str, Any]:
    """The record as the API gives it, with the links of the result, its pages and images."""
    upload_id = record["id"]
    view = _view(record)
    shown = ("rule", "severity", "message", "message_en", "hint", "hint_en", "location", "provenance", "id")
    links = ("file_index", "file_name", "page", "page_url", "image")
    return {
        **record,
        "url": f"/check/{upload_id}",
        "findings": [{k: f[k] for k in (*shown, *links)} for f in view["findings"]],
    }


@router.post(
    "/api/check",
    dependencies=[Depends(csrf_protect)],
    openapi_extra=_UPLOAD_BODY,
    summary="检查一份公开文件（一个或几个文件）",
    status_code=201,
    responses={
        400: {"description": "无法读取的文件"},
        403: {"description": "缺少本会话的 CSRF 令牌（请求头 X-CSRF-Token）"},
        413: {"description": "超过读取上限的文件"},
    },
)
async def api_check(request: Request) -> JSONResponse:
    files = await _submitted(request)
    try:
        upload_id, record = await run_in_threadpool(_check, _data_dir(request), files)
    except Refused as refused:
        return JSONResponse({"detail": refused.message}, status_code=refused.status)
    _remember(request, upload_id)
    return JSONResponse(_api_record(record), status_code=201, headers=PRIVATE)


@router.get("/api/check/{upload_id}", summary="一项检查的结果")
def api_result(request: Request, upload_id: str) -> JSONResponse:
    _, record = _record(request, upload_id)
    return JSONResponse(_api_record(record), headers=PRIVATE)
