"""One part of a budget edited in the form generated from the model, the live findings beside it,
and the part's JSON twin under /api (issue 13, items 3 and 4).

A save from the form goes the one way every change goes (``store.save_part``): first checked as a
source file is (``forms.check_part``: each problem beside its field, the input kept), refused when
someone saved the part after the form was opened (both versions shown, nothing lost), then kept as
a revision. The checker then runs on the new revision's document: its findings are swapped in
beside the form (htmx) and its counts kept on the revision for the bureau page.

htmx swaps only 2xx answers, so a form with problems or a conflict is answered 200 to htmx and
422/409 to a plain post (no JavaScript), which gets the whole page."""

from __future__ import annotations

from enum import Enum
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup
from pydantic import BaseModel
from starlette.datastructures import FormData

from yusuan.model.money import AmountUnit
from yusuan.web import documents, models, store
from yusuan.web.access import CurrentUser, Db, VisibleBudget, may_edit, require
from yusuan.web.diff import changes
from yusuan.web.findings import FindingsUnavailable, LiveFinding, counts
from yusuan.web.forms import PartForm, check_part, parse, part_form, part_values, row_action
from yusuan.web.parts import BY_ID, Part
from yusuan.web.security import MAX_FIELDS, csrf_protect
from yusuan.web.templating import page

router = APIRouter()
Protected = [Depends(csrf_protect)]
TAG: list[str | Enum] = ["预算"]
NOT_EDITABLE = "这份预算现在不能修改（只有本单位编制人可在草稿或退回状态下修改）"


def part_or_404(part_id: str) -> Part:
    part = BY_ID.get(part_id)
    if part is None:
        raise HTTPException(status_code=404, detail="没有这一部分")
    return part


async def posted_form(request: Request) -> FormData:
    """The posted form, read with room for a large part (a department's performance targets post
    thousands of fields; Starlette's default is 1000)."""
    return await request.form(max_fields=MAX_FIELDS)


Posted = Annotated[FormData, Depends(posted_form)]


def _base_revision(posted: FormData) -> int:
    text = posted.get("base_revision")
    if not isinstance(text, str) or not text.isdigit():
        raise HTTPException(
            status_code=422, detail="表单缺少所依据的版本号（base_revision），请刷新页面后重新填写"
        )
    return int(text)


# --- what the page and its fragments show -----------------------------------------------------


def _findings_context(db: Db, row: models.Budget) -> dict[str, Any]:
    """The findings on the document of the budget's current revision (their counts kept on the
    revision), or why there are none."""
    found: list[LiveFinding] = []
    unavailable = ""
    try:
        found = documents.live_findings(row.data)
    except FindingsUnavailable as exc:
        unavailable = str(exc)
    by_severity = counts(found)
    if not unavailable:
        documents.keep_counts(db, row, by_severity)
        db.commit()
    return {
        "findings": found,
        "counts": by_severity,
        "unavailable": unavailable,
        "part_href": f"/budgets/{row.id}/parts/{{part}}",
    }


def _editor(
    request: Request,
    row: models.Budget,
    part: Part,
    form: PartForm,
    *,
    base_revision: int,
    editable: bool,
    notice: str = "",
    conflict: store.Conflict | None = None,
    findings: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The part's page, or to htmx only what changes: the form, the conflict box, the findings."""
    htmx = bool(request.headers.get("HX-Request"))
    differences = [str(c) for c in changes(conflict.theirs, conflict.mine)] if conflict else []
    return page(
        request,
        "web/part_fragment.html" if htmx else "web/part.html",
        status_code=status_code,
        row=row,
        part=part,
        form=form,
        action=f"/budgets/{row.id}/parts/{part.id}",
        hidden=_hidden(base_revision),
        notice=notice,
        readonly=not editable,
        conflict=conflict,
        differences=differences,
        live=findings,
    )


def _hidden(base_revision: int) -> Markup:
    return Markup('<input type="hidden" name="base_revision" value="{}">').format(base_revision)


def _stored_form(row: models.Budget, part: Part) -> PartForm:
    """The part's form showing what is stored now."""
    budget = store.load(row.data)
    return part_form(part.id, part_values(budget, part.id), unit=budget.amount_unit, year=budget.year)


def _stored_unit(values: dict[str, Any]) -> dict[str, str]:
    """The web keeps amounts in 万元 (``store``): another unit chosen in the form is refused beside
    its field rather than silently undone by the save."""
    chosen = values.get("amount_unit")
    if chosen is None or chosen == AmountUnit.WAN.value:
        return {}
    return {
        "amount_unit": f"网页版的金额一律以万元填写和保存，不能改为“{chosen}”；以元编制的预算请上传预算源文件，导入时换算为万元"
    }


# --- pages ------------------------------------------------------------------------------------


@router.get("/budgets/{budget_id}/parts/{part_id}", response_class=HTMLResponse, include_in_schema=False)
def part_page(request: Request, row: VisibleBudget, user: CurrentUser, part_id: str) -> HTMLResponse:
    part = part_or_404(part_id)
    saved = request.query_params.get("saved")
    return _editor(
        request,
        row,
        part,
        _stored_form(row, part),
        base_revision=row.revision,
        editable=may_edit(user, row),
        notice=f"已保存为第 {row.revision} 版。" if saved else "",
    )


@router.post("/budgets/{budget_id}/parts/{part_id}", include_in_schema=False, dependencies=Protected)
def save_part_page(
    request: Request, db: Db, user: CurrentUser, row: VisibleBudget, part_id: str, posted: Posted
) -> Response:
    part = part_or_404(part_id)
    require(may_edit(user, row), NOT_EDITABLE)
    htmx = bool(request.headers.get("HX-Request"))
    base = _base_revision(posted)
    budget = store.load(row.data)
    form_of = partial(part_form, part.id, unit=budget.amount_unit, year=budget.year)
    values = parse(part.id, posted)
    action = row_action(posted)
    if action is not None:  # a row added or removed: the form again, nothing saved
        added = action[1] if action[0] == "add" else None
        form = form_of(values, add=added)
        return _editor(request, row, part, form, base_revision=base, editable=True)
    checked = check_part(budget, part.id, values)
    errors = {**checked.errors, **_stored_unit(values)}
    if checked.budget is None or errors:
        form = form_of(values, errors, other_problems=checked.other_problems)
        return _editor(
            request, row, part, form, base_revision=base, editable=True, status_code=200 if htmx else 422
        )
    data = store.part_values(store.values(checked.budget), part)
    try:
        revision = store.committed(db, lambda: store.save_part(db, row, part.id, data, user, base))
    except store.Invalid as exc:  # checked above already; kept so that nothing unchecked is stored
        db.rollback()
        form = form_of(values, other_problems=[str(p.message) for p in exc.problems])
        return _editor(
            request, row, part, form, base_revision=base, editable=True, status_code=200 if htmx else 422
        )
    except store.Conflict as exc:
        db.rollback()
        form = form_of(values)
        return _editor(
            request,
            row,
            part,
            form,
            base_revision=exc.current_revision,
            editable=True,
            conflict=exc,
            status_code=200 if htmx else 409,
        )
    if not htmx:
        return RedirectResponse(f"/budgets/{row.id}/parts/{part.id}?saved=1", status_code=303)
    return _editor(
        request,
        row,
        part,
        _stored_form(row, part),
        base_revision=row.revision,
        editable=True,
        notice=f"已保存为第 {revision.number} 版。",
        findings=_findings_context(db, row),
    )


@router.get("/budgets/{budget_id}/findings", response_class=HTMLResponse, include_in_schema=False)
def findings_page(request: Request, db: Db, row: VisibleBudget) -> HTMLResponse:
    """The findings on the document the budget builds, each linking to its part and field: a
    fragment for htmx (pages load it after themselves: a build and check take a moment), a page of
    its own otherwise."""
    fragment = bool(request.headers.get("HX-Request"))
    name = "findings/list.html" if fragment else "web/findings_page.html"
    return page(request, name, row=row, **_findings_context(db, row))


# --- API --------------------------------------------------------------------------------------


class PartSave(BaseModel):
    data: dict[str, Any]
    base_revision: int


@router.get("/api/budgets/{budget_id}/parts/{part_id}", tags=TAG, summary="一部分的数据与版本")
def api_part(row: VisibleBudget, part_id: str) -> dict[str, Any]:
    part = part_or_404(part_id)
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
    part = part_or_404(part_id)
    require(may_edit(user, row), NOT_EDITABLE)
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
    return JSONResponse(store.revision_json(revision))
