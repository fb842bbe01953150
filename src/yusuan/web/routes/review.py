"""Review and publication: submit (preparer), return with a comment or approve (the bureau's
reviewer), publish (the reviewer or an admin); comments on a part or a finding."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from yusuan.web import models
from yusuan.web.access import ACTION_TITLES, ACTIONS, CurrentUser, Db, VisibleBudget, may_act, require
from yusuan.web.models import STATUS_TITLES, Status
from yusuan.web.parts import BY_ID
from yusuan.web.security import csrf_protect

router = APIRouter()
Protected = [Depends(csrf_protect)]
TAG: list[str | Enum] = ["审核与公开"]
MAX_COMMENT = 5000


def add_comment(
    db: Session, user: models.User, row: models.Budget, text: str, part: str = "", finding: str = ""
) -> models.Comment:
    text = text.strip()
    if not text:
        raise HTTPException(status_code=422, detail="意见不能为空")
    if part and part not in BY_ID:
        raise HTTPException(status_code=422, detail=f"没有这一部分：{part}")
    comment = models.Comment(
        budget_id=row.id, part=part, finding=finding.strip()[:200], author_id=user.id, text=text[:MAX_COMMENT]
    )
    db.add(comment)
    return comment


def act(db: Session, user: models.User, row: models.Budget, action: str, comment: str = "") -> models.Budget:
    """Move the budget on by ``action``; 403 where this person may not now, 422 without a reason
    for a return."""
    if action not in ACTIONS:
        raise HTTPException(status_code=404, detail="没有这个操作")
    require(
        may_act(user, row, action),
        f"现在不能“{ACTION_TITLES[action]}”：预算状态为“{STATUS_TITLES[Status(row.status)]}”，或您没有此权限",
    )
    if action == "return" and not comment.strip():
        raise HTTPException(status_code=422, detail="退回时请写明修改意见")
    if action == "publish":  # the reviewer's approval decides; the bureau page shows error counts
        row.published_revision = row.revision
    if comment.strip():
        add_comment(db, user, row, f"{ACTION_TITLES[action]}：{comment}")
    row.status = ACTIONS[action][2].value
    row.updated = models.now()
    db.commit()
    return row


def comment_json(comment: models.Comment) -> dict[str, Any]:
    return {
        "id": comment.id,
        "part": comment.part,
        "finding": comment.finding,
        "author": comment.author.display_name,
        "text": comment.text,
        "time": comment.time.isoformat(),
    }


@router.post("/budgets/{budget_id}/actions/{action}", include_in_schema=False, dependencies=Protected)
def act_page(
    db: Db, user: CurrentUser, row: VisibleBudget, action: str, comment: Annotated[str, Form()] = ""
) -> Response:
    act(db, user, row, action, comment)
    return RedirectResponse(f"/budgets/{row.id}", status_code=303)


@router.post("/budgets/{budget_id}/comments", include_in_schema=False, dependencies=Protected)
def comment_page(
    db: Db,
    user: CurrentUser,
    row: VisibleBudget,
    text: Annotated[str, Form()],
    part: Annotated[str, Form()] = "",
    finding: Annotated[str, Form()] = "",
) -> Response:
    add_comment(db, user, row, text, part, finding)
    db.commit()
    return RedirectResponse(f"/budgets/{row.id}#comments", status_code=303)


class Action(BaseModel):
    comment: str = Field(default="", max_length=MAX_COMMENT)


class NewComment(BaseModel):
    text: str = Field(max_length=MAX_COMMENT)
    part: str = ""
    finding: str = ""


@router.post(
    "/api/budgets/{budget_id}/actions/{action}",
    tags=TAG,
    dependencies=Protected,
    summary="submit 提交、return 退回（须写意见）、approve 通过、publish 公开",
)
def api_act(db: Db, user: CurrentUser, row: VisibleBudget, action: str, body: Action) -> dict[str, Any]:
    act(db, user, row, action, body.comment)
    return {
        "id": row.id,
        "status": row.status,
        "status_title": STATUS_TITLES[Status(row.status)],
        "published_revision": row.published_revision,
    }


@router.get("/api/budgets/{budget_id}/comments", tags=TAG, summary="意见")
def api_comments(db: Db, row: VisibleBudget) -> list[dict[str, Any]]:
    found = db.scalars(
        select(models.Comment).where(models.Comment.budget_id == row.id).order_by(models.Comment.id)
    )
    return [comment_json(c) for c in found]


@router.post(
    "/api/budgets/{budget_id}/comments",
    tags=TAG,
    dependencies=Protected,
    status_code=201,
    summary="对某一部分或某条核对结果提意见",
)
def api_comment(db: Db, user: CurrentUser, row: VisibleBudget, body: NewComment) -> dict[str, Any]:
    comment = add_comment(db, user, row, body.text, body.part, body.finding)
    db.commit()
    return comment_json(comment)
