"""The budget workspace: my budgets, a new or uploaded budget, one part edited at a time, the
revisions (restore any), the built files and a preview — each page with its JSON twin under /api."""

from __future__ import annotations

import tempfile
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from yusuan.budgetfile import load_budget
from yusuan.layout import available_layouts
from yusuan.read.limits import DEFAULT_MAX_BYTES
from yusuan.render.output import FORMATS, OutputError
from yusuan.source import SourceError
from yusuan.source.loader import WORKBOOK_SUFFIXES, YAML_SUFFIXES
from yusuan.web import documents, models, store
from yusuan.web.access import (
    ACTION_TITLES,
    ACTIONS,
    CurrentUser,
    Db,
    VisibleBudget,
    may_act,
    may_edit,
    require,
    visible_budgets,
)
from yusuan.web.models import STATUS_TITLES, Role, Status
from yusuan.web.parts import BY_ID, PARTS
from yusuan.web.security import csrf_protect
from yusuan.web.templating import page

router = APIRouter()
Protected = [Depends(csrf_protect)]
UPLOAD_SUFFIXES = (*YAML_SUFFIXES, *WORKBOOK_SUFFIXES)


# --- what pages and API share -------------------------------------------------------------------


def budget_json(row: models.Budget, user: models.User | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": row.id,
        "unit": {"id": row.unit_id, "name": row.unit.name},
        "year": row.year,
        "layout": row.layout,
        "status": row.status,
        "status_title": STATUS_TITLES[Status(row.status)],
        "revision": row.revision,
        "part_versions": row.part_versions,
        "published_revision": row.published_revision,
        "updated": row.updated.isoformat(),
    }
    if user is not None:
        out["may_edit"] = may_edit(user, row)
        out["actions"] = [action for action in ACTIONS if may_act(user, row, action)]
    return out


def _own_unit(db: Session, user: models.User) -> models.Unit:
    require(user.role == Role.PREPARER and user.unit_id is not None, "只有单位的编制人可以新建或上传预算")
    unit = db.get(models.Unit, user.unit_id)
    assert unit is not None
    return unit


def _last_year(db: Session, unit: models.Unit, year: int) -> Any:
    last = db.scalar(
        select(models.Budget).where(models.Budget.unit_id == unit.id, models.Budget.year == year - 1)
    )
    return store.load(last.data) if last is not None else None


def _existing(db: Session, unit: models.Unit, year: int) -> models.Budget | None:
    return db.scalar(
        select(models.Budget).where(models.Budget.unit_id == unit.id, models.Budget.year == year)
    )


def create_budget(db: Session, user: models.User, year: int, layout: str, copy_last: bool) -> models.Budget:
    unit = _own_unit(db, user)
    if layout not in available_layouts():
        raise HTTPException(status_code=422, detail=f"没有版式“{layout}”")
    if _existing(db, unit, year) is not None:
        raise HTTPException(status_code=409, detail=f"{unit.name} {year} 年的预算已经存在")
    last = _last_year(db, unit, year) if copy_last else None
    data = store.starting_values(year, layout, unit.name, last)
    text = "由上年预算结转新建" if last is not None else "新建空白预算"
    row = store.create(db, unit, year, layout, data, user, text)
    db.commit()
    return row


class UploadProblem(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def upload_budget(db: Session, user: models.User, upload: UploadFile) -> models.Budget:
    """A budget source uploaded (YAML, yusuan's workbook, an official template): a new budget, or
    a new revision of the unit's budget for that year while it may be edited."""
    unit = _own_unit(db, user)
    name = Path(upload.filename or "upload").name
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UploadProblem([f"{name}：应为 YAML（.yaml）或 Excel 工作簿（.xlsx）"])
    content = upload.file.read(DEFAULT_MAX_BYTES + 1)
    if len(content) > DEFAULT_MAX_BYTES:
        raise UploadProblem([f"{name}：文件超过 {DEFAULT_MAX_BYTES // (1024 * 1024)} MB"])
    with tempfile.TemporaryDirectory(prefix="yusuan-upload-") as folder:
        path = Path(folder) / f"budget{suffix}"
        path.write_bytes(content)
        try:
            budget = load_budget(path)
        except SourceError as exc:
            raise UploadProblem([str(p).replace(str(path), name) for p in exc.problems]) from None
    if budget.layout is None:
        raise UploadProblem([f"{name}：预算未指定版式（layout）"])
    row = _existing(db, unit, budget.year)
    if row is None:
        row = store.create(db, unit, budget.year, budget.layout, store.values(budget), user, f"上传 {name}")
    else:
        require(may_edit(user, row), "这份预算已提交或已公开，不能再上传覆盖")
        store.replace(db, row, store.values(budget), user, f"上传 {name}")
        row.layout = budget.layout
    db.commit()
    return row


def _builds(request: Request, row: models.Budget, number: int) -> Path:
    folder: Path = request.app.state.settings.data_dir / "builds" / str(row.id) / str(number)
    return folder


def send_file(
    request: Request, row: models.Budget, number: int, data: dict[str, Any], fmt: str, inline: bool = False
) -> Response:
    if fmt not in FORMATS:
        raise HTTPException(status_code=404, detail="没有这种格式")
    try:
        path = documents.built_file(data, _builds(request, row, number), fmt)
    except OutputError as exc:
        raise HTTPException(status_code=500, detail=f"生成失败：{exc}") from None
    disposition = "inline" if inline else "attachment"
    return FileResponse(
        path, media_type=documents.MEDIA_TYPES[fmt], filename=path.name, content_disposition_type=disposition
    )


# --- pages ------------------------------------------------------------------------------------------


@router.get("/budgets", response_class=HTMLResponse, include_in_schema=False)
def budgets_page(request: Request, db: Db, user: CurrentUser) -> HTMLResponse:
    rows = list(db.scalars(visible_budgets(user).order_by(models.Unit.name, models.Budget.year.desc())))
    return page(
        request,
        "web/budgets.html",
        rows=rows,
        user=user,
        status_titles=STATUS_TITLES,
        layouts=available_layouts(),
        may_create=user.role == Role.PREPARER,
        problems=[],
    )


@router.post("/budgets", include_in_schema=False, dependencies=Protected)
def create_page(
    db: Db,
    user: CurrentUser,
    year: Annotated[int, Form(ge=2000, le=2100)],
    layout: Annotated[str, Form()],
    copy_last: Annotated[bool, Form()] = False,
) -> Response:
    row = create_budget(db, user, year, layout, copy_last)
    return RedirectResponse(f"/budgets/{row.id}", status_code=303)


@router.post("/budgets/upload", include_in_schema=False, dependencies=Protected)
def upload_page(request: Request, db: Db, user: CurrentUser, file: UploadFile) -> Response:
    try:
        row = upload_budget(db, user, file)
    except UploadProblem as exc:
        rows = list(db.scalars(visible_budgets(user)))
        return page(
            request,
            "web/budgets.html",
            status_code=422,
            rows=rows,
            user=user,
            status_titles=STATUS_TITLES,
            layouts=available_layouts(),
            may_create=True,
            problems=exc.messages,
        )
    return RedirectResponse(f"/budgets/{row.id}", status_code=303)


def _return_comment(row: models.Budget, comments: list[models.Comment]) -> models.Comment | None:
    """A returned budget's latest return comment (shown by its status: what to change)."""
    if row.status != Status.RETURNED.value:
        return None
    said = f"{ACTION_TITLES['return']}："
    return next((c for c in reversed(comments) if c.text.startswith(said)), None)


@router.get("/budgets/{budget_id}", response_class=HTMLResponse, include_in_schema=False)
def budget_page(request: Request, db: Db, user: CurrentUser, row: VisibleBudget) -> HTMLResponse:
    comments = list(
        db.scalars(
            select(models.Comment).where(models.Comment.budget_id == row.id).order_by(models.Comment.time)
        )
    )
    return page(
        request,
        "web/budget.html",
        row=row,
        user=user,
        parts=PARTS,
        comments=comments,
        return_comment=_return_comment(row, comments),
        status_titles=STATUS_TITLES,
        actions=[a for a in ACTIONS if may_act(user, row, a)],
        action_titles=ACTION_TITLES,
        formats=documents.FORMAT_TITLES,
        editable=may_edit(user, row),
    )


@router.get("/budgets/{budget_id}/revisions", response_class=HTMLResponse, include_in_schema=False)
def revisions_page(request: Request, db: Db, user: CurrentUser, row: VisibleBudget) -> HTMLResponse:
    return page(
        request,
        "web/revisions.html",
        row=row,
        revisions=store.revisions(db, row),
        parts=BY_ID,
        editable=may_edit(user, row),
    )


@router.post(
    "/budgets/{budget_id}/revisions/{number}/restore", include_in_schema=False, dependencies=Protected
)
def restore_page(db: Db, user: CurrentUser, row: VisibleBudget, number: int) -> Response:
    _restore(db, user, row, number)
    return RedirectResponse(f"/budgets/{row.id}/revisions", status_code=303)


def _restore(db: Session, user: models.User, row: models.Budget, number: int) -> models.Revision:
    require(may_edit(user, row), "这份预算现在不能修改")
    try:
        found = store.committed(db, lambda: store.restore(db, row, number, user))
    except store.Invalid as exc:
        raise HTTPException(status_code=422, detail=f"第 {number} 版无法恢复：{exc}") from None
    if found is None:
        raise HTTPException(status_code=404, detail=f"没有第 {number} 版")
    return found


@router.get("/budgets/{budget_id}/files/{fmt}", include_in_schema=False)
def download_page(request: Request, row: VisibleBudget, fmt: str, inline: bool = False) -> Response:
    return send_file(request, row, row.revision, row.data, fmt, inline)


@router.get("/budgets/{budget_id}/preview", response_class=HTMLResponse, include_in_schema=False)
def preview_page(request: Request, row: VisibleBudget) -> HTMLResponse:
    return page(request, "web/preview.html", row=row)


# --- API --------------------------------------------------------------------------------------------

TAG: list[str | Enum] = ["预算"]


class NewBudget(BaseModel):
    year: int = Field(ge=2000, le=2100)
    layout: str
    copy_last: bool = False


@router.get("/api/budgets", tags=TAG, summary="我能看到的预算")
def api_budgets(db: Db, user: CurrentUser) -> list[dict[str, Any]]:
    rows = db.scalars(visible_budgets(user).order_by(models.Budget.id))
    return [budget_json(row, user) for row in rows]


@router.post(
    "/api/budgets",
    tags=TAG,
    summary="新建预算（空白，或由上年结转）",
    status_code=201,
    dependencies=Protected,
)
def api_create(db: Db, user: CurrentUser, new: NewBudget) -> dict[str, Any]:
    return budget_json(create_budget(db, user, new.year, new.layout, new.copy_last), user)


@router.post(
    "/api/budgets/upload",
    tags=TAG,
    summary="上传预算源（YAML、填报工作簿或官方模板）",
    dependencies=Protected,
)
def api_upload(db: Db, user: CurrentUser, file: UploadFile) -> Response:
    try:
        row = upload_budget(db, user, file)
    except UploadProblem as exc:
        return JSONResponse({"detail": "预算源文件有问题", "problems": exc.messages}, status_code=422)
    return JSONResponse(budget_json(row, user), status_code=201)


@router.get("/api/budgets/{budget_id}", tags=TAG, summary="一份预算：状态与各部分的版本")
def api_budget(user: CurrentUser, row: VisibleBudget) -> dict[str, Any]:
    return budget_json(row, user)


@router.get("/api/budgets/{budget_id}/data", tags=TAG, summary="整份预算的数据（金额为万元的十进制字符串）")
def api_data(row: VisibleBudget) -> dict[str, Any]:
    return {"revision": row.revision, "data": row.data}


@router.get("/api/budgets/{budget_id}/revisions", tags=TAG, summary="修订记录（谁、何时、改了什么）")
def api_revisions(db: Db, row: VisibleBudget) -> list[dict[str, Any]]:
    return [store.revision_json(r) for r in store.revisions(db, row)]


@router.post(
    "/api/budgets/{budget_id}/revisions/{number}/restore",
    tags=TAG,
    dependencies=Protected,
    summary="恢复某一版（作为新的一版）",
)
def api_restore(db: Db, user: CurrentUser, row: VisibleBudget, number: int) -> dict[str, Any]:
    return store.revision_json(_restore(db, user, row, number))


@router.get("/api/budgets/{budget_id}/findings", tags=TAG, summary="核对结果（对预算生成的文档）")
def api_findings(row: VisibleBudget) -> dict[str, Any]:
    return documents.check(row.data).to_json()


@router.get("/api/budgets/{budget_id}/files/{fmt}", tags=TAG, summary="生成并下载 docx、pdf、html 或 xlsx")
def api_download(request: Request, row: VisibleBudget, fmt: str) -> Response:
    return send_file(request, row, row.revision, row.data, fmt)
