"""The budget workspace: my budgets, a new or uploaded budget, one part edited at a time, the
revisions (restore any), the built files and a preview — each page with its JSON twin under /api."""

from __future__ import annotations

import json
import tempfile
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from yusuan.layout import available_layouts
from yusuan.read.limits import DEFAULT_MAX_BYTES
from yusuan.render.output import FORMATS, OutputError
from yusuan.source import SourceError, load_budget
from yusuan.source.loader import WORKBOOK_SUFFIXES, YAML_SUFFIXES
from yusuan.source.yamlnodes import YamlSyntaxError, parse_yaml
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


def revision_json(revision: models.Revision) -> dict[str, Any]:
    return {
        "number": revision.number,
        "author": revision.author.display_name,
        "time": revision.time.isoformat(),
        "part": revision.part,
        "part_title": BY_ID[revision.part].title if revision.part in BY_ID else "整份预算",
        "summary": revision.summary,
    }


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


def _part(part_id: str) -> Any:
    part = BY_ID.get(part_id)
    if part is None:
        raise HTTPException(status_code=404, detail="没有这一部分")
    return part


def part_text(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def parse_part_text(text: str) -> dict[str, Any]:
    """The editor's text (JSON or YAML; numbers exact) as a part's values; ``Invalid`` otherwise."""
    try:
        value, _ = parse_yaml(text, "编辑内容")
    except YamlSyntaxError as exc:
        raise store.Invalid(
            [store.FieldProblem("", "", "", f"第 {exc.position.line} 行：{exc.message}")]
        ) from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise store.Invalid([store.FieldProblem("", "", "", "内容应为映射（字段: 值），不是列表或单个值")])
    return value


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
        status_titles=STATUS_TITLES,
        actions=[a for a in ACTIONS if may_act(user, row, a)],
        action_titles=ACTION_TITLES,
        formats=documents.FORMAT_TITLES,
        editable=may_edit(user, row),
    )


@router.get("/budgets/{budget_id}/findings", response_class=HTMLResponse, include_in_schema=False)
def findings_page(request: Request, row: VisibleBudget) -> HTMLResponse:
    """The findings on the document the budget builds: a fragment for htmx (the workspace loads it
    after the page, a build and check take a moment), a page of its own otherwise."""
    fragment = bool(request.headers.get("HX-Request"))
    name = "web/findings.html" if fragment else "web/findings_page.html"
    return page(request, name, row=row, report=documents.check(row.data))


@router.get("/budgets/{budget_id}/parts/{part_id}", response_class=HTMLResponse, include_in_schema=False)
def part_page(request: Request, row: VisibleBudget, user: CurrentUser, part_id: str) -> HTMLResponse:
    part = _part(part_id)
    return page(
        request,
        "web/part.html",
        row=row,
        part=part,
        text=part_text(store.part_values(row.data, part)),
        base_revision=row.revision,
        problems=[],
        conflict=None,
        editable=may_edit(user, row),
        saved=False,
    )


@router.post("/budgets/{budget_id}/parts/{part_id}", include_in_schema=False, dependencies=Protected)
def save_part_page(
    request: Request,
    db: Db,
    user: CurrentUser,
    row: VisibleBudget,
    part_id: str,
    content: Annotated[str, Form()],
    base_revision: Annotated[int, Form()],
) -> Response:
    part = _part(part_id)
    require(may_edit(user, row), "这份预算现在不能修改（只有本单位编制人可在草稿或退回状态下修改）")
    problems: list[store.FieldProblem] = []
    conflict = None
    try:
        data = parse_part_text(content)
        store.committed(db, lambda: store.save_part(db, row, part.id, data, user, base_revision))
    except store.Invalid as exc:
        db.rollback()
        problems = exc.problems
    except store.Conflict as exc:
        db.rollback()
        conflict = exc
    if problems or conflict:
        return page(
            request,
            "web/part.html",
            status_code=409 if conflict else 422,
            row=row,
            part=part,
            text=content,
            base_revision=conflict.current_revision if conflict else base_revision,
            problems=problems,
            conflict=conflict,
            theirs_text=part_text(conflict.theirs) if conflict else "",
            editable=True,
            saved=False,
        )
    return RedirectResponse(f"/budgets/{row.id}/parts/{part.id}?saved=1", status_code=303)


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


class PartSave(BaseModel):
    data: dict[str, Any]
    base_revision: int


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


@router.get("/api/budgets/{budget_id}/parts/{part_id}", tags=TAG, summary="一部分的数据与版本")
def api_part(row: VisibleBudget, part_id: str) -> dict[str, Any]:
    part = _part(part_id)
    return {
        "part": part.id,
        "title": part.title,
        "revision": row.revision,
        "version": row.part_versions.get(part.id, 0),
        "data": store.part_values(row.data, part),
    }


@router.put(
    "/api/budgets/{budget_id}/parts/{part_id}",
    tags=TAG,
    dependencies=Protected,
    summary="保存一部分（base_revision 过旧时返回 409 和双方的版本）",
)
def api_save_part(db: Db, user: CurrentUser, row: VisibleBudget, part_id: str, save: PartSave) -> Response:
    part = _part(part_id)
    require(may_edit(user, row), "这份预算现在不能修改")
    try:
        revision = store.committed(
            db, lambda: store.save_part(db, row, part.id, save.data, user, save.base_revision)
        )
    except store.Invalid as exc:
        db.rollback()
        return JSONResponse(
            {"detail": "预算数据有问题", "problems": [p.to_json() for p in exc.problems]}, status_code=422
        )
    except store.Conflict as exc:
        db.rollback()
        return JSONResponse(
            {
                "detail": "这一部分已被他人修改，请对照后重新保存",
                "part": exc.part,
                "base_revision": exc.base_revision,
                "current_revision": exc.current_revision,
                "mine": exc.mine,
                "theirs": exc.theirs,
                "their_changes": [str(c) for c in exc.their_changes],
            },
            status_code=409,
        )
    return JSONResponse(revision_json(revision))


@router.get("/api/budgets/{budget_id}/revisions", tags=TAG, summary="修订记录（谁、何时、改了什么）")
def api_revisions(db: Db, row: VisibleBudget) -> list[dict[str, Any]]:
    return [revision_json(r) for r in store.revisions(db, row)]


@router.post(
    "/api/budgets/{budget_id}/revisions/{number}/restore",
    tags=TAG,
    dependencies=Protected,
    summary="恢复某一版（作为新的一版）",
)
def api_restore(db: Db, user: CurrentUser, row: VisibleBudget, number: int) -> dict[str, Any]:
    return revision_json(_restore(db, user, row, number))


@router.get("/api/budgets/{budget_id}/findings", tags=TAG, summary="核对结果（对预算生成的文档）")
def api_findings(row: VisibleBudget) -> dict[str, Any]:
    return documents.check(row.data).to_json()


@router.get("/api/budgets/{budget_id}/files/{fmt}", tags=TAG, summary="生成并下载 docx、pdf、html 或 xlsx")
def api_download(request: Request, row: VisibleBudget, fmt: str) -> Response:
    return send_file(request, row, row.revision, row.data, fmt)
