"""A part's values as a form holds them, and the posted form read back into them.

Values are what a budget source file holds, as text: amounts in the budget's own ``amount_unit``
(a budget written in 元 is edited in 元), choices by their value, dates as YYYY-MM-DD. Amounts
stay text until the model reads them, so "约30万" reaches validation as typed and comes back to
the form beside its message. A key of ``none_this_year`` that is given with no note stays, with
the value None: the key itself declares the part absent.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Any

from yusuan.model.budget import Budget
from yusuan.model.money import MAX_DECIMALS_WAN, MAX_DECIMALS_YUAN, AmountUnit
from yusuan.source.workbook.columns import Kind
from yusuan.source.workbook.write import budget_data
from yusuan.web.forms.shape import Shape, part_shape
from yusuan.web.parts import BY_ID, PARTS

# the name of a form's submit buttons that add or remove a row instead of saving
ADD = "@add"
REMOVE = "@remove"
DECLARED_PREFIX = "@"  # none_this_year.@gov_fund: the checkbox beside the note none_this_year.gov_fund
VALUE = "@value"  # functions.items[0].@value: a row of plain values

_SEGMENT = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


# ---------------------------------------------------------------- budget -> values


def amount_in(value: Decimal, unit: AmountUnit) -> str:
    """An exact amount in 万元 as a file in ``unit`` states it: 1307.80 stays 1307.80 (the places a
    person wrote are what documents and messages show), 320.00005 万元 is 3200000.50 元."""
    stated = unit.from_wan(value)
    limit = MAX_DECIMALS_YUAN if unit is AmountUnit.YUAN else MAX_DECIMALS_WAN
    exponent = stated.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -limit:
        shorter = stated.quantize(Decimal(1).scaleb(-limit))
        stated = shorter if shorter == stated else stated
    return format(stated, "f")


def _text(shape: Shape, value: Any, unit: AmountUnit) -> str:
    if shape.kind is Kind.AMOUNT and isinstance(value, Decimal):
        return amount_in(value, unit)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return format(value, "f")  # as written: an area of 1200.50 stays so
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _to_values(shape: Shape, value: Any, unit: AmountUnit) -> Any:
    if value is None:
        return None
    if shape.node == "input":
        text = _text(shape, value, unit)
        # a choice keeps the model's value (the literal 1, not "1"), an integer stays one
        chosen = [value for posted, _label, value in shape.options if posted == text]
        return chosen[0] if chosen else value if isinstance(value, int) else text
    if shape.node in ("group", "declare"):
        out = {}
        for child in shape.children:
            if child.name in value:
                converted = _to_values(child, value[child.name], unit)
                if converted is not None or shape.node == "declare":
                    out[child.name] = converted
        return out
    return _items_to_values(shape, value, len(shape.keys), unit)


def _items_to_values(shape: Shape, value: Any, levels: int, unit: AmountUnit) -> Any:
    if levels:
        return {str(key): _items_to_values(shape, item, levels - 1, unit) for key, item in value.items()}
    if isinstance(value, list):
        return [_item_to_values(shape, item, unit) for item in value]
    return _item_to_values(shape, value, unit)


def _item_to_values(shape: Shape, item: Any, unit: AmountUnit) -> Any:
    if shape.value is not None:
        return _to_values(shape.value, item, unit)
    return _to_values(Shape("", "", None, True, "group", children=shape.children), item, unit)


def source_values(budget: Budget, unit: AmountUnit | None = None) -> dict[str, Any]:
    """Every field of the budget as a form holds it (see the module's docstring); ``unit``: with
    its amounts stated in another unit (the budget's ``amount_unit`` changed with them)."""
    data = budget_data(budget)
    values: dict[str, Any] = {}
    for part in PARTS:
        values.update(part_values_of(part.id, data, unit or budget.amount_unit))
    if unit is not None:
        values["amount_unit"] = unit.value
    return values


def part_values_of(part_id: str, data: dict[str, Any], unit: AmountUnit) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for shape in part_shape(part_id):
        if shape.name in data:
            converted = _to_values(shape, data[shape.name], unit)
            if converted is not None:
                out[shape.name] = converted
    return out


def part_values(budget: Budget, part_id: str) -> dict[str, Any]:
    """The values of one part of ``budget`` (what its form shows)."""
    return part_values_of(part_id, budget_data(budget), budget.amount_unit)


# ---------------------------------------------------------------- form -> values


def _tree(pairs: Iterable[tuple[str, Any]]) -> dict[Any, Any]:
    """Posted names (projects[2].amount) as a tree of dicts keyed by field name or row index."""
    root: dict[Any, Any] = {}
    for name, value in pairs:
        if not isinstance(value, str) or name.startswith("@") or "csrf" in name:
            continue
        steps: list[Any] = [int(i) if i else n for i, n in _SEGMENT.findall(name)]
        if not steps:
            continue
        node = root
        for step in steps[:-1]:
            child = node.setdefault(step, {})
            if not isinstance(child, dict):
                break
            node = child
        else:
            node[steps[-1]] = value
    return root


def _scalar(shape: Shape, raw: Any) -> Any:
    """An input's posted text as a value; None where it was left blank."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not text:
        return None
    for posted, _label, value in shape.options:
        if posted == text:
            return value
    if shape.kind is Kind.INTEGER and text.isascii() and text.isdigit():
        return int(text)
    return text


def _group(children: tuple[Shape, ...], raw: Any, name: str, removed: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    raw = raw if isinstance(raw, dict) else {}
    for child in children:
        value = _from_form(
            child, raw.get(child.name), f"{name}.{child.name}" if name else child.name, removed
        )
        if value is not None:
            out[child.name] = value
    return out


def _from_form(shape: Shape, raw: Any, name: str, removed: str | None) -> Any:
    if shape.node == "input":
        return _scalar(shape, raw)
    raw_dict = raw if isinstance(raw, dict) else {}
    if shape.node == "group":
        group = _group(shape.children, raw, name, removed)
        # empty rows alone do not make an optional group given (a blank 政府采购 stays absent)
        return group if any(value not in ([], {}) for value in group.values()) else None
    if shape.node == "declare":
        out: dict[str, Any] = {}
        for child in shape.children:
            note = _scalar(child, raw_dict.get(child.name))
            if note is not None or raw_dict.get(DECLARED_PREFIX + child.name):
                out[child.name] = note
        return out or None
    return _rows(shape, raw_dict, name, removed)


def _rows(shape: Shape, raw: dict[Any, Any], name: str, removed: str | None) -> Any:
    listed: list[Any] = []
    keyed: dict[str, Any] = {}
    for index in sorted(i for i in raw if isinstance(i, int)):
        row_name = f"{name}[{index}]"
        row = raw[index] if isinstance(raw[index], dict) else {}
        if row_name == removed:
            continue
        if shape.value is not None:
            item = _scalar(shape.value, row.get(VALUE))
        else:
            item = _from_form(
                Shape("", "", None, True, "group", children=shape.children), row, row_name, removed
            )
        keys = [(_scalar(key, row.get(key.name)) or "") for key in shape.keys]
        if item is None and not any(keys):
            continue  # a row left blank
        if not shape.keys:
            listed.append(item if item is not None else {})
            continue
        node = keyed
        for key in keys[:-1]:
            node = node.setdefault(str(key), {})
        last = str(keys[-1])
        if shape.listed:
            node.setdefault(last, []).append(item if item is not None else {})
        else:
            node[last] = item if item is not None or shape.value is not None else {}
    return keyed if shape.keys else listed


def parse(part_id: str, form: Any) -> dict[str, Any]:
    """The part's values from a posted form (a Starlette ``FormData`` or any mapping of names to
    text): blank inputs are left out, blank rows dropped, the row named by a remove button too."""
    pairs = list(form.multi_items()) if hasattr(form, "multi_items") else list(form.items())
    removed = next((value for name, value in pairs if name == REMOVE and isinstance(value, str)), None)
    raw = _tree(pairs)
    out: dict[str, Any] = {}
    for shape in part_shape(BY_ID[part_id].id):  # an unknown part is a KeyError
        value = _from_form(shape, raw.get(shape.name), shape.name, removed)
        if value is not None:
            out[shape.name] = value
    return out


def row_action(form: Any) -> tuple[str, str] | None:
    """("add", rows name) or ("remove", row name) where a row button was pressed, else None (a save)."""
    for action, name in (("add", ADD), ("remove", REMOVE)):
        value = form.get(name)
        if isinstance(value, str) and value:
            return action, value
    return None
