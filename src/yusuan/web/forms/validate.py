"""A part's posted values checked the way a source file is: ``validate_budget`` on the whole
budget with this part replaced, every problem by field path (``projects[2].amount``) so that the
form shows it beside its input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yusuan.model.budget import Budget
from yusuan.model.money import AmountUnit
from yusuan.source.loader import Place, SourceError, format_path, validate_budget
from yusuan.web.forms.shape import Shape, part_shape
from yusuan.web.forms.values import source_values
from yusuan.web.forms.widgets import flatten_rows
from yusuan.web.parts import BY_ID, part_of

FORM_PLACE = Place("表单")


@dataclass(frozen=True)
class PartCheck:
    """The budget with the part's new values, or the problems that stop it: by field path for
    this part, and in words for the others (a save of one part does not hide another's)."""

    budget: Budget | None
    errors: dict[str, str]  # field path -> Chinese message, fields of this part
    other_problems: list[str]  # problems of fields in other parts


def _blank_keys(shape: Shape, value: Any, path: tuple[str | int, ...]) -> list[tuple[str, str]]:
    """Rows of a mapping whose key was left blank (a key is the name the row is known by: a
    mapping's keys are not checked by the model), anywhere in the part."""
    problems: list[tuple[str, str]] = []
    if shape.node == "group" and isinstance(value, dict):
        for child in shape.children:
            problems += _blank_keys(child, value.get(child.name), (*path, child.name))
    elif shape.node == "rows" and value is not None:
        for keys, position, item in flatten_rows(shape, value, len(shape.keys)):
            if "" in keys:
                problems.append((format_path((*path, *keys[: keys.index("") + 1])), "不能为空：请填写名称"))
            at = (*path, *keys, *(() if position is None else (position,)))
            for child in shape.children if isinstance(item, dict) else ():
                problems += _blank_keys(child, item.get(child.name), (*at, child.name))
    return problems


def check_part(budget: Budget, part_id: str, values: dict[str, Any]) -> PartCheck:
    """Validate ``budget`` with the fields of part ``part_id`` replaced by ``values`` (the amounts
    of the other parts are stated in the unit ``values`` name, where they name one)."""
    part = BY_ID[part_id]
    # a changed amount unit states the other parts' amounts anew: their worth stays
    unit = next((u for u in AmountUnit if u.value == values.get("amount_unit")), None)
    data = {k: v for k, v in source_values(budget, unit).items() if k not in part.fields}
    data.update(values)
    errors: dict[str, str] = {}
    others: list[str] = []
    for shape in part_shape(part_id):
        for path, message in _blank_keys(shape, values.get(shape.name), (shape.name,)):
            errors.setdefault(path, message)
    try:
        checked = validate_budget(data, lambda _loc: FORM_PLACE)
    except SourceError as exc:
        for problem in exc.problems:
            top = problem.field.split(".")[0].split("[")[0]
            if top and top in part.fields:
                errors.setdefault(problem.field, problem.message)
            else:
                where = f"{part_of(top).title}：{problem.title or problem.field}" if top in _ALL else ""
                others.append(f"{where}：{problem.message}" if where else problem.message)
        return PartCheck(None, errors, others)
    return PartCheck(None if errors else checked, errors, others)


_ALL = frozenset(Budget.model_fields)
