"""Who may do what, in one place: the signed-in person, the budgets they may see, and what they may
do with a budget. A budget a person may not see is "not found" (404) — never "forbidden" — so
nobody learns that another unit's budget exists; an action on a budget they may see but not change
is refused (403).

The rules: an admin sees every budget; a reviewer sees the budgets of the units of their bureau;
a preparer sees their own unit's budgets. Only a unit's preparer edits its budget, and only while
it is a draft or returned; the preparer submits; the bureau's reviewer returns or approves; the
reviewer or an admin publishes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from yusuan.web import models
from yusuan.web.models import Role, Status

SESSION_USER = "user_id"


class LoginRequired(Exception):
    """No one is signed in: a page redirects to the login page, the API answers 401."""


def database(request: Request) -> Iterator[Session]:
    """A FastAPI dependency: a session of this app's database for one request."""
    with request.app.state.sessions() as session:
        yield session


Db = Annotated[Session, Depends(database)]


def optional_user(request: Request, db: Db) -> models.User | None:
    user_id = request.session.get(SESSION_USER)
    return db.get(models.User, user_id) if isinstance(user_id, int) else None


def current_user(request: Request, db: Db) -> models.User:
    user = optional_user(request, db)
    if user is None:
        raise LoginRequired()
    return user


CurrentUser = Annotated[models.User, Depends(current_user)]


def visible_budgets(user: models.User) -> Select[models.Budget]:
    """The budgets ``user`` may see, as a query."""
    query = select(models.Budget).join(models.Unit)
    if user.role == Role.ADMIN:
        return query
    if user.role == Role.REVIEWER:
        return query.where(models.Unit.bureau_id == (user.bureau_id or -1))
    return query.where(models.Budget.unit_id == (user.unit_id or -1))


def may_see_unit(user: models.User, unit: models.Unit) -> bool:
    return (
        user.role == Role.ADMIN
        or (user.role == Role.REVIEWER and unit.bureau_id == user.bureau_id)
        or (user.role == Role.PREPARER and unit.id == user.unit_id)
    )


def budget_for(db: Session, user: models.User, budget_id: int) -> models.Budget:
    """The budget ``budget_id`` if ``user`` may see it; else 404, whether or not it exists."""
    row = db.scalar(visible_budgets(user).where(models.Budget.id == budget_id))
    if row is None:
        raise HTTPException(status_code=404, detail="没有找到这份预算")
    return row


def visible_budget(budget_id: int, db: Db, user: CurrentUser) -> models.Budget:
    """A FastAPI dependency: the budget of the path that the signed-in person may see."""
    return budget_for(db, user, budget_id)


VisibleBudget = Annotated[models.Budget, Depends(visible_budget)]

EDITABLE = (Status.DRAFT, Status.RETURNED)


def may_edit(user: models.User, row: models.Budget) -> bool:
    return user.role == Role.PREPARER and row.unit_id == user.unit_id and row.status in EDITABLE


def may_review(user: models.User, row: models.Budget) -> bool:
    return user.role == Role.REVIEWER and row.unit.bureau_id == user.bureau_id


# action -> (who may, the statuses it starts from, the status it leads to)
ACTIONS: dict[str, tuple[str, tuple[Status, ...], Status]] = {
    "submit": ("preparer", EDITABLE, Status.SUBMITTED),
    "return": ("reviewer", (Status.SUBMITTED, Status.APPROVED), Status.RETURNED),
    "approve": ("reviewer", (Status.SUBMITTED,), Status.APPROVED),
    "publish": ("publisher", (Status.APPROVED,), Status.PUBLISHED),
}
ACTION_TITLES = {"submit": "提交审核", "return": "退回修改", "approve": "审核通过", "publish": "公开发布"}


def may_act(user: models.User, row: models.Budget, action: str) -> bool:
    """Whether ``user`` may do ``action`` to the budget now (its status allows it, and their role)."""
    who, start, _ = ACTIONS[action]
    if Status(row.status) not in start:
        return False
    if who == "preparer":
        return user.role == Role.PREPARER and row.unit_id == user.unit_id
    if who == "reviewer":
        return may_review(user, row)
    return may_review(user, row) or user.role == Role.ADMIN


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise HTTPException(status_code=403, detail=message)
