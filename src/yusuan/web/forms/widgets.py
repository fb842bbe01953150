"""What the form templates draw: a tree of nodes (inputs, fieldsets, rows) for one part, made from
its shape and its values, each input with its problem beside it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from yusuan.model.codes import CodeKind
from yusuan.model.money import AmountUnit
from yusuan.reference import load_catalog
from yusuan.source.loader import format_path
from yusuan.source.workbook.columns import Kind
from yusuan.web.forms.shape import Shape, part_shape
from yusuan.web.forms.values import ADD, DECLARED_PREFIX, REMOVE, VALUE
from yusuan.web.parts import BY_ID

# text longer than this is edited in a textarea (a reason, a goal, a definition)
LONG_TEXT = 30

_INPUT_TYPES = {Kind.DATE: "date", Kind.YEAR_MONTH: "month"}
_INPUT_MODES = {Kind.AMOUNT: "decimal", Kind.NUMBER: "decimal", Kind.INTEGER: "numeric"}
# the code lists an input of each kind offers (code lengths it accepts)
_CODE_LISTS: dict[Kind, tuple[tuple[CodeKind, tuple[int, ...]], ...]] = {
    Kind.FUNCTION_ITEM: ((CodeKind.FUNCTION, (7,)),),
    Kind.FUNCTION: ((CodeKind.FUNCTION, (3, 5, 7)),),
    Kind.ECONOMIC: ((CodeKind.ECONOMIC, (3, 5)),),
    Kind.SUBJECT: ((CodeKind.FUNCTION, (3, 5)), (CodeKind.ECONOMIC, (3, 5))),
}


@dataclass
class Node:
    """One thing the form shows: an input, a fieldset (group), rows, a row, or a declared part."""

    node: str  # input | group | rows | row | declare
    id: str
    name: str
    label: str
    help: str | None = None
    error: str | None = None
    required: bool = False
    control: str = "input"  # input | textarea | select | checkbox
    type: str = "text"
    inputmode: str | None = None
    value: str = ""
    checked: bool = False
    options: list[tuple[str, str]] = field(default_factory=list)
    datalist: str | None = None
    children: list[Node] = field(default_factory=list)
    button: str | None = None  # rows, row: the name of its add or remove button
    add: str | None = None  # rows: the value of its add button
    remove: str | None = None  # row: the value of its remove button

    @property
    def described_by(self) -> str:
        ids = [f"{self.id}-help"] if self.help else []
        return " ".join([*ids, f"{self.id}-error"] if self.error else ids)


@dataclass
class Datalist:
    id: str
    options: list[tuple[str, str]]


@dataclass
class PartForm:
    """A part's form ready to draw: its nodes, the code lists its inputs offer, and the problems
    that belong to no field of this part."""

    part_id: str
    title: str
    nodes: list[Node]
    datalists: list[Datalist]
    problems: list[str]
    unit: str

    @property
    def field_errors(self) -> list[tuple[Node, str]]:
        """The inputs, rows and fieldsets that have a problem, in the order of the page, each with
        the legends around it (公务接待费 → 本年数)."""
        found: list[tuple[Node, str]] = []
        stack: list[tuple[Node, tuple[str, ...]]] = [(node, ()) for node in reversed(self.nodes)]
        while stack:
            node, trail = stack.pop()
            if node.error is not None:
                found.append((node, " → ".join([*trail, node.label])))
            inner = (*trail, node.label) if node.node != "input" else trail
            stack.extend((child, inner) for child in reversed(node.children))
        return found

    @property
    def error_count(self) -> int:
        return len(self.problems) + len(self.field_errors)


def field_id(name: str) -> str:
    """The HTML id of the input, row or fieldset named ``name`` in a form."""
    return "f-" + re.sub(r"[^0-9A-Za-z_-]+", "-", name.replace("@", "at-")).strip("-")


class _Builder:
    def __init__(self, errors: dict[str, str], unit: AmountUnit, year: int | None, add: str | None) -> None:
        self.errors = dict(errors)
        self.unit = unit
        self.year = year
        self.add = add
        self.datalists: dict[str, Datalist] = {}

    def error(self, path: tuple[Any, ...]) -> str | None:
        return self.errors.pop(format_path(path), None)

    def datalist(self, kind: Kind) -> str | None:
        if kind not in _CODE_LISTS or self.year is None:
            return None
        list_id = f"codes-{kind.value}"
        if list_id not in self.datalists:
            options = [
                (entry.code, f"{entry.code} {entry.name}")
                for code_kind, lengths in _CODE_LISTS[kind]
                for entry in load_catalog(self.year, code_kind)
                if len(entry.code) in lengths
            ]
            self.datalists[list_id] = Datalist(list_id, options)
        return list_id if self.datalists[list_id].options else None

    def input(
        self, shape: Shape, value: Any, name: str, path: tuple[Any, ...], label: str | None = None
    ) -> Node:
        text = "" if value is None else str(value)
        kind = shape.kind or Kind.TEXT
        title = label or shape.title
        if kind is Kind.AMOUNT:
            title += f"（{self.unit.value}）"
        node = Node(
            "input",
            field_id(name),
            name,
            title,
            help=shape.help,
            error=self.error(path),
            required=shape.required,
            type=_INPUT_TYPES.get(kind, "text"),
            inputmode=_INPUT_MODES.get(kind, "numeric" if kind.is_code else None),
            value=text,
        )
        if shape.options:
            node.control = "select"
            node.options = [(posted, label) for posted, label, _ in shape.options]
            if text and text not in {posted for posted, _ in node.options}:
                node.options.append((text, text))  # a value the list lacks is kept, and told
        elif kind is Kind.TEXT and (len(text) > LONG_TEXT or "\n" in text):
            node.control = "textarea"
        node.datalist = self.datalist(kind)
        return node

    def shape(self, shape: Shape, values: Any, name: str, path: tuple[Any, ...], given: bool = True) -> Node:
        """``given``: whether what holds this field must be, or is, given (a field of an optional
        group left out, 会议费, is not marked required)."""
        value = values.get(shape.name) if isinstance(values, dict) else None
        if shape.node == "input":
            node = self.input(shape, value, name, path)
            node.required = node.required and given
            return node
        if shape.node == "rows":
            return self.rows(shape, value, name, path)
        node = Node(shape.node, field_id(name), name, shape.title, help=shape.help, error=self.error(path))
        node.required = shape.required and given
        sub = value if isinstance(value, dict) else {}
        for child in shape.children:
            child_name, child_path = f"{name}.{child.name}", (*path, child.name)
            if shape.node == "declare":
                declared = Node(
                    "input",
                    field_id(f"{name}.{DECLARED_PREFIX}{child.name}"),
                    f"{name}.{DECLARED_PREFIX}{child.name}",
                    "本年无此项",
                    control="checkbox",
                    value="1",
                    checked=child.name in sub,
                    error=self.error(child_path),
                )
                note = self.input(child, sub.get(child.name), child_name, (), label="说明")
                note.help = "不填则用版式的标准说明"
                group = Node(
                    "group",
                    field_id(child_name) + "-group",
                    child_name,
                    child.title,
                    children=[declared, note],
                )
                node.children.append(group)
            else:
                node.children.append(
                    self.shape(child, sub, child_name, child_path, node.required or bool(sub))
                )
        return node

    def rows(self, shape: Shape, value: Any, name: str, path: tuple[Any, ...]) -> Node:
        node = Node(
            "rows",
            field_id(name),
            name,
            shape.title,
            help=shape.help,
            error=self.error(path),
            button=ADD,
            add=name,
        )
        items = list(flatten_rows(shape, value, len(shape.keys)))
        if self.add == name:
            items.append(((), None, None))
        for index, (keys, position, item) in enumerate(items):
            row_name = f"{name}[{index}]"
            item_path = (*path, *keys, *(() if position is None else (position,)))
            row = Node(
                "row", field_id(row_name), row_name, f"第 {index + 1} 项", button=REMOVE, remove=row_name
            )
            for level, key_shape in enumerate(shape.keys):
                key = keys[level] if level < len(keys) else None
                key_path = (*path, *keys[: level + 1])
                row.children.append(self.input(key_shape, key, f"{row_name}.{key_shape.name}", key_path))
            if shape.value is not None:
                row.children.append(self.input(shape.value, item, f"{row_name}.{VALUE}", item_path))
            else:
                sub = item if isinstance(item, dict) else {}
                for child in shape.children:
                    row.children.append(
                        self.shape(child, sub, f"{row_name}.{child.name}", (*item_path, child.name))
                    )
            if keys or position is not None:  # what is left of the item's problems: on the row
                row.error = self.error(item_path)
            node.children.append(row)
        return node


def flatten_rows(shape: Shape, value: Any, levels: int, keys: tuple[str, ...] = ()) -> Any:
    """The items of a list or mapping as (keys, index in its list or None, item), in order."""
    if levels:
        for key, item in (value or {}).items() if isinstance(value, dict) else ():
            yield from flatten_rows(shape, item, levels - 1, (*keys, str(key)))
        return
    if shape.listed:
        for position, item in enumerate(value if isinstance(value, list) else []):
            yield keys, position, item
    elif value is not None or keys:
        yield keys, None, value


def part_form(
    part_id: str,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    *,
    unit: AmountUnit = AmountUnit.WAN,
    year: int | None = None,
    add: str | None = None,
    other_problems: list[str] | None = None,
) -> PartForm:
    """The form of one part showing ``values``; ``errors`` are messages by field path
    (``projects[2].amount``), each shown beside its input (or its fieldset or row); ``add`` names
    rows that get one blank row more (the add button was pressed)."""
    part = BY_ID[part_id]
    builder = _Builder(errors or {}, unit, year, add)
    nodes = [builder.shape(shape, values, shape.name, (shape.name,)) for shape in part_shape(part_id)]
    leftover = [f"{path}：{message}" if path else message for path, message in builder.errors.items()]
    return PartForm(
        part_id,
        part.title,
        nodes,
        list(builder.datalists.values()),
        [*leftover, *(other_problems or [])],
        unit.value,
    )


__all__ = ["Datalist", "Node", "PartForm", "field_id", "flatten_rows", "part_form"]
