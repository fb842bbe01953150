"""The shape of a part's form, read from the budget model: never a hand-written field list.

A model becomes a group (a fieldset) of its fields; a list or a mapping becomes rows (a mapping's
key is a column of its row; a mapping of mappings or lists is flattened into one row per item, with
a key column per level, as the workbook's indicator sheet is); anything else is one input whose
kind (amount, code, choice, date …) comes from :mod:`yusuan.source.workbook.columns`, the same
reading of the model the input workbook uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from yusuan.layout import available_layouts
from yusuan.model.budget import Budget, NoneThisYear
from yusuan.source.messages import unwrap
from yusuan.source.workbook.columns import Column, Kind, field_column, is_model
from yusuan.source.workbook.sheets import SHEETS, Table, indicator_columns, subject_columns
from yusuan.web.parts import BY_ID

# Models whose fields count by being there: a key given with no value declares a part absent this
# year (``Budget.part_state``), so each field gets a checkbox beside its note.
DECLARED: tuple[type[BaseModel], ...] = (NoneThisYear,)


@dataclass(frozen=True)
class Shape:
    """One node of a form: a scalar input, a group of fields, rows of a list or mapping, or a
    declared-absent group."""

    name: str  # the field's name in its model ("" for the value of a row of plain values)
    title: str
    help: str | None
    required: bool
    node: str  # "input" | "group" | "rows" | "declare"
    column: Column | None = None  # input: kind, choices
    children: tuple[Shape, ...] = ()  # group, declare: the fields; rows: the item's fields
    keys: tuple[Shape, ...] = ()  # rows: one key input per mapping level (none for a list)
    value: Shape | None = None  # rows of plain values: the value's input
    options: tuple[tuple[str, str, Any], ...] = ()  # input of a choice: (posted text, label, value)
    listed: bool = False  # rows: the items are a list (under the mapping's keys, if any)

    @property
    def kind(self) -> Kind | None:
        return self.column.kind if self.column is not None else None


def _titles_of_keys(path: tuple[str, ...]) -> tuple[str, ...]:
    """Headings of a mapping's key columns, as the input workbook writes them (never twice)."""
    if path[-1] == "indicators":
        return tuple(c.title for c in indicator_columns() if c.key in ("@level1", "@level2"))
    if path[-1] in ("subject_names", "subject_notes"):
        return tuple(c.title for c in subject_columns() if c.key == "@key")
    for sheet in SHEETS:
        if isinstance(sheet, Table) and sheet.key_title and sheet.at[-1] == path[-1]:
            return (sheet.key_title,)
    return ()


def _options(field: FieldInfo, column: Column) -> tuple[tuple[str, str, Any], ...]:
    """A choice's options: a source shows its Chinese label, a literal posts back its own value."""
    if column.kind is not Kind.CHOICE:
        return ()
    base = unwrap(field.annotation)
    if get_origin(base) is Literal:
        return tuple((str(arg), str(arg), arg) for arg in get_args(base))
    assert column.enum is not None
    return tuple((str(m.value), label, m.value) for m, label in zip(column.enum, column.choices, strict=True))


def _input(field: FieldInfo, name: str, title: str, required: bool) -> Shape:
    column = field_column(field, (name,), (title,), required)
    return Shape(name, title, field.description, required, "input", column, options=_options(field, column))


def _layouts() -> tuple[tuple[str, str, Any], ...]:
    return tuple((key, f"{profile.name}（{key}）", key) for key, profile in available_layouts().items())


# Text fields whose values are listed elsewhere in yusuan: offered as a choice (a value the list
# lacks is kept, and shown).
LISTED: dict[tuple[str, ...], Callable[[], tuple[tuple[str, str, Any], ...]]] = {("layout",): _layouts}


def _shape(name: str, field: FieldInfo, path: tuple[str, ...]) -> Shape:
    title = field.title or name
    required = field.is_required()
    annotation = unwrap(field.annotation)
    if path in LISTED:
        return replace(_input(field, name, title, required), options=LISTED[path]())
    if is_model(annotation):
        node = "declare" if annotation in DECLARED else "group"
        children = model_children(annotation, path)
        return Shape(name, title, field.description, required, node, children=children)
    if get_origin(annotation) in (list, dict):
        return _rows(name, field, title, required, annotation, path)
    return _input(field, name, title, required)


def _rows(
    name: str, field: FieldInfo, title: str, required: bool, annotation: Any, path: tuple[str, ...]
) -> Shape:
    keys: list[Shape] = []
    headings = _titles_of_keys(path)
    current = annotation  # the items' type, Annotated kept (an amount is a Decimal with a validator)
    while get_origin(unwrap(current)) is dict:
        key_type, current = get_args(unwrap(current))
        heading = headings[len(keys)] if len(keys) < len(headings) else "名称"
        keys.append(_input(FieldInfo.from_annotation(key_type), f"@k{len(keys)}", heading, True))
    listed = get_origin(unwrap(current)) is list
    if listed:
        current = get_args(unwrap(current))[0]
    if is_model(unwrap(current)):
        children = model_children(unwrap(current), path)
        return Shape(
            name,
            title,
            field.description,
            required,
            "rows",
            children=children,
            keys=tuple(keys),
            listed=listed,
        )
    value = _input(FieldInfo.from_annotation(current), "", title, True)
    return Shape(
        name, title, field.description, required, "rows", keys=tuple(keys), value=value, listed=listed
    )


def model_children(model: type[BaseModel], path: tuple[str, ...] = ()) -> tuple[Shape, ...]:
    return tuple(_shape(name, field, (*path, name)) for name, field in model.model_fields.items())


@cache
def part_shape(part_id: str) -> tuple[Shape, ...]:
    """The top-level fields of a part (``yusuan.web.parts``), each with its shape."""
    part = BY_ID[part_id]
    return tuple(_shape(name, Budget.model_fields[name], (name,)) for name in part.fields)


def is_amount(column: Column | None) -> bool:
    return column is not None and column.kind is Kind.AMOUNT
