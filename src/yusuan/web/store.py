"""Budgets in the database: their data as JSON values, and the one way a budget changes — a new
revision holding the whole budget.

Data is what a budget source holds, normalised: ``Budget`` → plain values with amounts as exact
decimal strings in 万元 (``amount_unit`` is always 万元 here; an uploaded source in 元 is converted
exactly by the loader). Loading the data with ``yusuan.source.loader.validate_budget`` gives back an
equal budget, so the stored data is always a valid budget: every save is validated whole first.

``save_part`` is the single path by which an edited part is written (the JSON editor and the forms
both call it): it refuses a save based on a revision older than the part's latest change
(``Conflict``), validates the whole budget (``Invalid``, problems by field path), then writes a
revision with a readable diff and bumps the part's version."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from pydantic_core import to_jsonable_python
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from yusuan.layout import load_layout
from yusuan.model.budget import Budget
from yusuan.model.money import AmountUnit
from yusuan.source.loader import Place, SourceError, validate_budget
from yusuan.source.newbudget import blank, from_budget
from yusuan.source.workbook.write import budget_data
from yusuan.web import models
from yusuan.web.diff import Change, changes, summary
from yusuan.web.parts import BY_ID, PARTS, Part

WHOLE = ""  # the part of a revision that replaced the whole budget (created, uploaded, restored)


@dataclass(frozen=True)
class FieldProblem:
    """One problem of a budget: the field path (``projects[2].amount``), its part, what is wrong."""

    path: str
    part: str  # a part id, "" where the problem is about the budget as a whole
    title: str  # the field's Chinese titles
    message: str

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "part": self.part, "title": self.title, "message": self.message}


class Invalid(Exception):
    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("\n".join(f"{p.path}：{p.message}" for p in problems))
        self.problems = problems


@dataclass
class Conflict(Exception):
    """Someone else saved the part since ``base_revision``: both versions, nothing lost."""

    part: str
    base_revision: int
    current_revision: int
    mine: dict[str, Any]
    theirs: dict[str, Any]
    their_changes: list[Change] = field(default_factory=list)


def values(budget: Budget) -> dict[str, Any]:
    """The budget as JSON values (amounts as decimal strings in 万元) that load back equal."""
    data: dict[str, Any] = to_jsonable_python(budget_data(budget))
    data["amount_unit"] = AmountUnit.WAN.value
    return data


def _top_part(path: str) -> str:
    top = path.split(".")[0].split("[")[0]
    part = next((p for p in PARTS if top in p.fields), None)
    return part.id if part else ""


def load(data: dict[str, Any]) -> Budget:
    """Validate stored or edited values into a budget; ``Invalid`` lists every problem by field."""
    try:
        return validate_budget(data, lambda _loc: Place(""))
    except SourceError as exc:
        raise Invalid(
            [FieldProblem(p.field, _top_part(p.field), p.title, p.message) for p in exc.problems]
        ) from None


def part_values(data: dict[str, Any], part: Part) -> dict[str, Any]:
    """The part's fields of ``data`` (a copy: editing it leaves the stored data alone)."""
    return copy.deepcopy({name: data[name] for name in part.fields if name in data})


def starting_values(year: int, layout: str, unit_name: str, last: Budget | None = None) -> dict[str, Any]:
    """A new budget's values: last year's rolled forward, or an empty but valid budget.

    Rolled forward, this year's amounts are blank (``yusuan.source.newbudget``: nothing invented);
    an entry whose required amounts are blank is left out, so what is stored stays valid."""
    data = blank(year, layout, unit_name).data
    data["unit"]["scope"] = load_layout(layout).scope
    data["profile"] = {"functions": {"items": []}}
    data["expenditure"] = []
    if last is not None:
        data.update(from_budget(last, year, layout, unit_name).data)
    data = to_jsonable_python(data)
    for _ in range(MAX_ROUNDS):
        incomplete: list[tuple[str | int, ...]] = []

        try:
            return values(validate_budget(data, partial(_note, incomplete)))
        except SourceError:
            if not all(incomplete):
                raise
            for loc in sorted(set(incomplete), key=len, reverse=True):
                _remove(data, loc)
            data = _compact(data)
    return values(load(data))


MAX_ROUNDS = 5


def _note(found: list[tuple[str | int, ...]], loc: tuple[str | int, ...]) -> Place:
    found.append(loc[:-1])  # the entry the problem is in
    return Place("")


def _remove(data: Any, loc: tuple[str | int, ...]) -> None:
    *parents, last = loc
    for key in parents:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(data, dict):
        data.pop(last, None)
    elif isinstance(data, list) and isinstance(last, int) and last < len(data):
        data[last] = None  # the indexes of the other problems stay right; _compact removes it


def _compact(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _compact(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_compact(item) for item in data if item is not None]
    return data


def _revise(
    db: Session, row: models.Budget, user: models.User, part: str, data: dict[str, Any], text: str
) -> models.Revision:
    number = row.revision + 1
    revision = models.Revision(
        budget_id=row.id, number=number, author_id=user.id, part=part, data=data, summary=text
    )
    db.add(revision)
    touched = [part] if part else [p.id for p in PARTS if part_values(data, p) != part_values(row.data, p)]
    row.part_versions = {**row.part_versions, **dict.fromkeys(touched, number)}
    row.data = data
    row.revision = number
    row.updated = models.now()
    return revision


def create(
    db: Session, unit: models.Unit, year: int, layout: str, data: dict[str, Any], user: models.User, text: str
) -> models.Budget:
    """A new budget of ``unit`` with ``data`` (already normalised by ``values``) as revision 1."""
    row = models.Budget(unit_id=unit.id, year=year, layout=layout, data=data, revision=0, part_versions={})
    db.add(row)
    db.flush()
    _revise(db, row, user, WHOLE, data, text)
    return row


def save_part(
    db: Session, row: models.Budget, part_id: str, data: dict[str, Any], user: models.User, base_revision: int
) -> models.Revision:
    """Replace one part of the budget with ``data`` (the part's fields; a field left out is emptied)
    as a new revision. Raises ``Conflict`` when the part changed after ``base_revision``, ``Invalid``
    when the budget would not be valid. The caller commits."""
    part = BY_ID[part_id]
    unknown = sorted(set(data) - set(part.fields))
    if unknown:
        raise Invalid(
            [FieldProblem(name, part.id, "", f"“{part.title}”中没有字段 {name}") for name in unknown]
        )
    current = part_values(row.data, part)
    if row.part_versions.get(part.id, 0) > base_revision or base_revision > row.revision:
        base = db.scalar(
            select(models.Revision).where(
                models.Revision.budget_id == row.id, models.Revision.number == base_revision
            )
        )
        before = part_values(base.data, part) if base is not None else {}
        raise Conflict(part.id, base_revision, row.revision, data, current, changes(before, current))
    merged = {name: value for name, value in row.data.items() if name not in part.fields}
    merged.update(data)
    merged["amount_unit"] = AmountUnit.WAN.value
    normalised = values(load(merged))
    found = changes(current, part_values(normalised, part))
    return _revise(db, row, user, part.id, normalised, f"{part.title}：\n{summary(found)}")


def replace(
    db: Session, row: models.Budget, data: dict[str, Any], user: models.User, text: str
) -> models.Revision:
    """The whole budget replaced (an upload over it, a restored revision) as a new revision."""
    normalised = values(load(data))
    found = changes(row.data, normalised)
    return _revise(db, row, user, WHOLE, normalised, f"{text}\n{summary(found)}")


def restore(db: Session, row: models.Budget, number: int, user: models.User) -> models.Revision | None:
    """Revision ``number`` made current again, as a new revision; None where there is no such."""
    old = revision(db, row, number)
    if old is None:
        return None
    return replace(db, row, old.data, user, f"恢复到第 {number} 版")


def revision(db: Session, row: models.Budget, number: int) -> models.Revision | None:
    return db.scalar(
        select(models.Revision).where(models.Revision.budget_id == row.id, models.Revision.number == number)
    )


def revision_json(revision: models.Revision) -> dict[str, Any]:
    """A revision as the API answers it: its number, who, when, which part, what changed."""
    return {
        "number": revision.number,
        "author": revision.author.display_name,
        "time": revision.time.isoformat(),
        "part": revision.part,
        "part_title": BY_ID[revision.part].title if revision.part in BY_ID else "整份预算",
        "summary": revision.summary,
    }


def revisions(db: Session, row: models.Budget) -> list[models.Revision]:
    return list(
        db.scalars(
            select(models.Revision)
            .where(models.Revision.budget_id == row.id)
            .order_by(models.Revision.number.desc())
        )
    )


T = TypeVar("T")
ATTEMPTS = 8


def committed(db: Session, action: Callable[[], T]) -> T:
    """Run ``action`` and commit; when another writer got there first (the row's version moved on,
    or SQLite was busy), roll back and run it again on the fresh row — ``action`` decides afresh
    whether that is a conflict."""
    for attempt in range(ATTEMPTS):
        try:
            result = action()
            db.commit()
            return result
        except (StaleDataError, OperationalError):
            db.rollback()
            if attempt == ATTEMPTS - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")
