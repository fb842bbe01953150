"""The columns of the input workbook, derived from the budget model's fields and their labels.

A column is one scalar field of a model (nested models are flattened: ``period.start``); its
heading is the field's Chinese title, its kind says how a cell is written, validated and read.
Lists and mappings inside a model are not columns: they get sheets of their own.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from yusuan.model.fields import Amount, EconomicCode, FunctionCode, FunctionItemCode, SubjectCode, YearMonth
from yusuan.model.sources import Source
from yusuan.source.messages import unwrap

FieldPath = tuple[str | int, ...]


class Kind(StrEnum):
    """How a cell is written, validated and read."""

    TEXT = "text"
    AMOUNT = "amount"  # money, in the workbook's amount unit
    NUMBER = "number"  # a decimal that is not money (area, weight)
    INTEGER = "integer"
    DATE = "date"
    YEAR_MONTH = "year_month"
    FUNCTION_ITEM = "function_item"  # 7-digit function subject
    FUNCTION = "function"  # function subject of any level
    ECONOMIC = "economic"
    SUBJECT = "subject"  # function or economic subject
    CHOICE = "choice"

    @property
    def is_code(self) -> bool:
        return self in (Kind.FUNCTION_ITEM, Kind.FUNCTION, Kind.ECONOMIC, Kind.SUBJECT)


def _validators(annotated: Any) -> tuple[object, ...]:
    return tuple(get_args(annotated)[1:])


# The markers pydantic keeps of an annotated field type: its validators, compared by identity.
_MARKED = (
    (Amount, Kind.AMOUNT),
    (FunctionItemCode, Kind.FUNCTION_ITEM),
    (FunctionCode, Kind.FUNCTION),
    (EconomicCode, Kind.ECONOMIC),
    (SubjectCode, Kind.SUBJECT),
    (YearMonth, Kind.YEAR_MONTH),
)


@dataclass(frozen=True)
class Column:
    """One scalar field shown as a workbook column (in a table) or row (in a form)."""

    path: FieldPath  # relative to the model the sheet lists (absolute in a form)
    titles: tuple[str, ...]
    kind: Kind
    required: bool
    description: str | None = None
    choices: tuple[str, ...] = ()  # what a cell of a choice column may hold
    enum: type[Enum] | None = None

    @property
    def key(self) -> str:
        """The column's hidden key: its field path, as format_path writes it."""
        return ".".join(str(part) for part in self.path)

    @property
    def title(self) -> str:
        return "：".join(self.titles)

    def heading(self, year: int | None) -> str:
        """The heading a person reads: the title, with the prior year where the title names it."""
        text = self.title
        if year is not None and any(title.startswith("上年") for title in self.titles):
            text += f"（{year - 1}年）"
        return text + ("（必填）" if self.required else "")

    def to_cell(self, value: Any) -> Any:
        """A model value as the cell shows it (amounts are converted by the caller)."""
        if isinstance(value, Source):
            return value.label
        if isinstance(value, Enum):
            return value.value
        return value

    def from_text(self, text: str) -> Any:
        """A choice cell's text as the model's value (a source by its Chinese label or its code)."""
        if self.enum is Source:
            for source in Source:
                if text in (source.label, source.value):
                    return source.value
        return text


def is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _markers(field: FieldInfo) -> list[object]:
    found: list[object] = list(field.metadata)
    stack = [field.annotation]
    while stack:
        current = stack.pop()
        if get_origin(current) is typing.Annotated:
            found.extend(get_args(current)[1:])
            stack.append(get_args(current)[0])
        elif get_origin(current) in (Union, types.UnionType):
            stack.extend(get_args(current))
    return found


def _kind(field: FieldInfo) -> tuple[Kind, tuple[str, ...], type[Enum] | None]:
    markers = _markers(field)
    for annotated, kind in _MARKED:
        if any(any(marker is own for own in _validators(annotated)) for marker in markers):
            return kind, (), None
    base = unwrap(field.annotation)
    if isinstance(base, type) and issubclass(base, Enum):
        if base is Source:
            return Kind.CHOICE, tuple(source.label for source in Source), base
        return Kind.CHOICE, tuple(str(member.value) for member in base), base
    if get_origin(base) is Literal:
        return Kind.CHOICE, tuple(str(arg) for arg in get_args(base)), None
    if base is bool:
        raise TypeError("no boolean fields are expected in the budget model")
    if base is int:
        return Kind.INTEGER, (), None
    if base is Decimal:
        return Kind.NUMBER, (), None
    if base is dt.date:
        return Kind.DATE, (), None
    return Kind.TEXT, (), None


def field_column(field: FieldInfo, path: FieldPath, titles: tuple[str, ...], required: bool) -> Column:
    kind, choices, enum = _kind(field)
    return Column(path, titles, kind, required, field.description, choices, enum)


def is_container(annotation: Any) -> bool:
    return get_origin(unwrap(annotation)) in (list, dict)


def leaf_columns(
    model: type[BaseModel], prefix: FieldPath = (), titles: tuple[str, ...] = (), required: bool = True
) -> list[Column]:
    """Every scalar field of ``model`` and of the models inside it, in declaration order.

    A field is required in the workbook when it and every model above it must be given."""
    columns: list[Column] = []
    for name, field in model.model_fields.items():
        annotation = unwrap(field.annotation)
        title = field.title or name
        needed = required and field.is_required()
        if is_container(field.annotation):
            continue
        if is_model(annotation):
            columns += leaf_columns(annotation, (*prefix, name), (*titles, title), needed)
        else:
            columns.append(field_column(field, (*prefix, name), (*titles, title), needed))
    return columns


def field_at(model: type[BaseModel], path: FieldPath) -> tuple[FieldInfo, Any]:
    """The field at ``path`` below ``model`` (``*`` steps into a list's or a mapping's items),
    with the type its items have where it is a list or mapping."""
    current: Any = model
    field: FieldInfo | None = None
    for part in path:
        current = unwrap(current)
        if part == "*":
            current = get_args(current)[-1]
            continue
        assert is_model(current), path
        field = current.model_fields[str(part)]
        current = field.annotation
    assert field is not None
    return field, unwrap(current)


def item_type(annotation: Any) -> Any:
    """The type of a list's or mapping's items."""
    return unwrap(get_args(unwrap(annotation))[-1])
