"""The bureau page: every unit a reviewer (or an admin) oversees, with its budgets' status and
error counts, and the same list as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from enum import Enum
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from yusuan.web import documents, models
from yusuan.web.access import CurrentUser, Db, may_see_unit, require
from yusuan.web.models import STATUS_TITLES, Role, Status
from yusuan.web.templating import page

router = APIRouter()
TAG: list[str | Enum] = ["财政局"]
COLUMNS = ("主管财政局", "单位", "年度", "状态", "错误数", "最近修改")


@dataclass(frozen=True)
class Line:
    bureau: str
    unit: models.Unit
    budget: models.Budget | None
    errors: int | None

    def to_json(self) -> dict[str, Any]:
        b = self.budget
        return {
            "bureau": self.bureau,
            "unit_id": self.unit.id,
            "unit": self.unit.name,
            "budget_id": b.id if b else None,
            "year": b.year if b else None,
            "status": b.status if b else None,
            "status_title": STATUS_TITLES[Status(b.status)] if b else "未建立",
            "errors": self.errors,
            "updated": b.updated.isoformat() if b else None,
        }


def overview(db: Session, user: models.User) -> list[Line]:
    """The units ``user`` oversees (a reviewer's bureau, every bureau for an admin), one line per
    budget (a unit without one gets a line too)."""
    require(user.role in (Role.ADMIN, Role.REVIEWER), "只有财政局审核人和管理员可以查看财政局页面")
    units = db.scalars(select(models.Unit).join(models.Bureau).order_by(models.Bureau.name, models.Unit.name))
    lines = []
    for unit in units:
        if not may_see_unit(user, unit):
            continue
        budgets: list[models.Budget | None] = list(
            db.scalars(
                select(models.Budget)
                .where(models.Budget.unit_id == unit.id)
                .order_by(models.Budget.year.desc())
            )
        )
        for budget in budgets or [None]:
            counted = documents.counts_of(db, budget) if budget is not None else None
            lines.append(Line(unit.bureau.name, unit, budget, counted["error"] if counted else None))
    db.commit()  # the counts made now are kept on their revisions
    return lines


def overview_csv(lines: list[Line]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for line in lines:
        j = line.to_json()
        writer.writerow(
            [
                j["bureau"],
                j["unit"],
                j["year"] or "",
                j["status_title"],
                "" if j["errors"] is None else j["errors"],
                j["updated"] or "",
            ]
        )
    return "\ufeff" + out.getvalue()


@router.get("/bureau", response_class=HTMLResponse, include_in_schema=False)
def bureau_page(request: Request, db: Db, user: CurrentUser) -> HTMLResponse:
    return page(request, "web/bureau.html", lines=overview(db, user), status_titles=STATUS_TITLES)


@router.get("/bureau.csv", include_in_schema=False)
def bureau_csv(db: Db, user: CurrentUser) -> Response:
    return Response(
        overview_csv(overview(db, user)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": "attachment; filename=bureau.csv"},
    )


@router.get("/api/bureau", tags=TAG, summary="所辖单位的预算状态与错误数")
def api_bureau(db: Db, user: CurrentUser) -> list[dict[str, Any]]:
    return [line.to_json() for line in overview(db, user)]
