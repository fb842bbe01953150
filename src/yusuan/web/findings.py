"""Live findings: the checker run on the document a budget builds, each finding pointing to the
part and field of the workspace it concerns (issue 13, item 4).

The document is built exactly as ``yusuan build`` and ``yusuan check`` build it (``compute``,
``load_layout``, ``build_document``) and checked by ``check_document``: no rule is run twice and no
figure computed here. Where a finding concerns a field is read from what the document already
knows: the provenance of the finding or of the cells of its table row (``projects[3].amount``),
else the table or section it names; a link falls back to the table when no field can be told.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yusuan.check.finding import Finding, Severity
from yusuan.check.runner import check_document
from yusuan.compute import compute
from yusuan.generate import build_document
from yusuan.layout import load_layout
from yusuan.model.budget import Budget
from yusuan.model.document import Document, Section, Table
from yusuan.web.forms.shape import part_shape
from yusuan.web.forms.values import part_values
from yusuan.web.forms.widgets import field_id, flatten_rows
from yusuan.web.parts import BY_ID, part_of

_PATH_SEGMENT = re.compile(r"\[(\d*)\]|\.?([^.\[\]]+)")
_FIRST_FIELD = re.compile(r"^[a-z_]+")


class FindingsUnavailable(Exception):
    """The budget builds no document to check (no layout, or one the layouts lack); the message is
    in Chinese."""


@dataclass(frozen=True)
class Target:
    """What a finding links to: a part of the workspace and, where it can be told, a field in it
    (``field``: the budget path; ``anchor``: the id of its input, row or fieldset in the part's
    form), else a table of the document."""

    part: str | None = None
    field: str | None = None
    anchor: str | None = None
    table: str | None = None  # the table's key in the document
    table_title: str | None = None

    @property
    def label(self) -> str:
        """The link's text, in Chinese: 支出 → 支出功能分类（项）及基本支出 第 4 项."""
        if self.part is None:
            return f"表“{self.table_title}”" if self.table_title else ""
        if not self.field:
            return BY_ID[self.part].title
        shown = [BY_ID[self.part].title]
        shapes = {shape.name: shape for shape in part_shape(self.part)}
        for i, name in _PATH_SEGMENT.findall(self.field):
            if i:
                text = f"第 {int(i) + 1} 项"
            elif name in shapes:  # a field: its title
                text, shapes = shapes[name].title, {c.name: c for c in shapes[name].children}
            else:  # a mapping's key: the name it is known by
                text = name
            if shown[-1] != text:
                shown.append(text)
        return " → ".join(shown)


@dataclass(frozen=True)
class LiveFinding:
    rule: str
    severity: Severity
    message: str
    message_en: str
    hint: str
    where: str  # the place in the document, in Chinese (表…、…行、…栏)
    target: Target

    @property
    def severity_label(self) -> str:
        return self.severity.label


def counts(findings: list[LiveFinding]) -> dict[str, int]:
    """How many findings of each severity (every severity listed, most severe first)."""
    found = Counter(f.severity for f in findings)
    return {severity.value: found[severity] for severity in sorted(Severity, key=lambda s: s.rank)}


def document_of(budget: Budget, templates_dir: Path | None = None) -> Document:
    """The document the budget builds in its layout, as the CLI builds it."""
    if budget.layout is None:
        raise FindingsUnavailable(
            "预算未指定版式（layout），无法生成文档进行核对；请在“年度与版式”中选择版式"
        )
    try:
        profile = load_layout(budget.layout)
    except ValueError as exc:
        raise FindingsUnavailable(str(exc)) from None
    return build_document(budget, profile, compute(budget), templates_dir)


def findings_for(
    budget: Budget, templates_dir: Path | None = None, document: Document | None = None
) -> list[LiveFinding]:
    """Every finding of the checker on the document ``budget`` builds (or on ``document``, that
    build already made: a copy, the checker adds the claims it reads), most severe first."""
    document = document if document is not None else document_of(budget, templates_dir)
    report = check_document(document)
    values: dict[str, dict[str, Any]] = {}

    def part_values_of(part_id: str) -> dict[str, Any]:
        if part_id not in values:
            values[part_id] = part_values(budget, part_id)
        return values[part_id]

    return [_live(finding, document, part_values_of) for finding in report.findings]


def _live(
    finding: Finding, document: Document, values: Callable[[str], dict[str, Any]] | None = None
) -> LiveFinding:
    return LiveFinding(
        finding.rule,
        finding.severity,
        finding.message,
        finding.message_en,
        finding.hint,
        finding.location.describe(),
        target_of(finding, document, values),
    )


# ---------------------------------------------------------------- where a finding points


def target_of(
    finding: Finding, document: Document, values: Callable[[str], dict[str, Any]] | None = None
) -> Target:
    """The part and field (else the table) a finding concerns; ``values`` gives a part's values
    (to find a mapping's row in the form)."""
    location = finding.location
    table = _table(document, location.table_key)
    path = _first_path(finding.provenance.path if finding.provenance else None)
    if path is None and location.table_key:
        path = _performance_path(document, location.table_key, location.row)
    if path is None and table is not None:
        path = _row_path(table, location.row)
    if path is None and table is None and location.section:
        section = _section(document, location.section)
        if section is not None:
            part = _part_named(section.key)
            if part is not None:
                return Target(part=part)
            table = _table(document, section.key)
    title = table.title if table is not None else location.table
    key = table.key if table is not None else location.table_key
    if path is None:  # the table's part, from where its figures come
        part = _table_part(table) if table is not None else None
        return Target(part=part, table=key, table_title=title)
    top = _FIRST_FIELD.match(path)
    if top is None or top.group(0) not in Budget.model_fields:
        return Target(table=key, table_title=title)
    part = part_of(top.group(0)).id
    return Target(part, path, anchor_of(part, path, values(part) if values else None), key, title)


def _table(document: Document, key: str | None) -> Table | None:
    return next((t for t in document.tables if key is not None and t.key == key), None)


def _section(document: Document, heading: str) -> Section | None:
    stack = [*document.sections]
    while stack:
        section = stack.pop(0)
        if section.title == heading or heading.endswith(section.title):
            return section
        stack[:0] = section.subsections
    return None


def _part_named(key: str) -> str | None:
    """A section whose key names a part (assets) or a field of the budget (procurement)."""
    if key in BY_ID:
        return key
    if key in Budget.model_fields:
        return part_of(key).id
    return None


def _first_path(paths: str | None) -> str | None:
    """The first budget field of a provenance path ("basic_economic[0], basic_economic[11] …"),
    cut before an index the builder left open ("income[].of_which.…" -> income)."""
    if not paths:
        return None
    fields = [p.strip().split(" ")[0] for p in paths.split(",")]
    first = fields[0].split("[]")[0]
    top = _FIRST_FIELD.match(first)
    if len(fields) > 1 and top is not None:  # a sum of several lines: their list, not its first line
        first = top.group(0)
    return first or None


def _performance_path(document: Document, key: str, row: str | None) -> str | None:
    """A performance table's targets, and the indicator the finding names where it names one."""
    table = next((t for t in document.performance if t.key == key), None)
    if table is None:
        return None
    base = f"project_performance.{table.project}" if table.project else "performance"
    for indicator in table.indicators:
        if indicator.name == row:
            same = [
                i for i in table.indicators if (i.level1, i.level2) == (indicator.level1, indicator.level2)
            ]
            return f"{base}.indicators.{indicator.level1}.{indicator.level2}[{same.index(indicator)}]"
    return base


def _row_path(table: Table, row_label: str | None) -> str | None:
    if not row_label:
        return None
    head = row_label.split()[0]
    for row in table.rows:
        texts = {cell.text.strip() for cell in row.cells}
        if row.code == head or row_label in texts:
            for cell in row.cells:
                path = _first_path(cell.provenance.path if cell.provenance else None)
                if path is not None:
                    return path
    return None


def _table_part(table: Table) -> str | None:
    tops = Counter(
        match.group(0)
        for row in table.rows
        for cell in row.cells
        if cell.provenance is not None
        and (path := _first_path(cell.provenance.path))
        and (match := _FIRST_FIELD.match(path))
        and match.group(0) in Budget.model_fields
    )
    return part_of(tops.most_common(1)[0][0]).id if tops else None


def anchor_of(part_id: str, path: str, values: dict[str, Any] | None = None) -> str:
    """The id of what shows ``path`` in the part's form: the input, or the row or fieldset around
    it. A mapping's rows are numbered in the form, not keyed: with the part's ``values`` the row of
    a key is found (project_performance.<name> -> its row), without them its rows are the target."""
    steps = [int(i) if i else n for i, n in _PATH_SEGMENT.findall(path)]
    shapes = {shape.name: shape for shape in part_shape(part_id)}
    current: Any = values
    name = ""
    while steps:
        step = steps.pop(0)
        shape = shapes.get(str(step)) if isinstance(step, str) else None
        if shape is None:
            break
        name = f"{name}.{shape.name}" if name else shape.name
        current = current.get(shape.name) if isinstance(current, dict) else None
        if shape.node == "rows":
            if shape.keys:
                # a row is told by its keys (and its place in their list): all of them, or the
                # first row under the keys given
                wanted = len(shape.keys) + (1 if shape.listed else 0)
                given, steps = tuple(steps[:wanted]), steps[wanted:]
                rows = list(flatten_rows(shape, current, len(shape.keys))) if current is not None else []
                index = next(
                    (
                        i
                        for i, (keys, position, _) in enumerate(rows)
                        if (*keys, *(() if position is None else (position,)))[: len(given)] == given
                    ),
                    None,
                )
                if index is None:
                    break
                name += f"[{index}]"
                if len(given) < wanted:
                    break
                current = rows[index][2]
                shapes = {child.name: child for child in shape.children}
                continue
            if not steps or not isinstance(steps[0], int):
                break
            index = steps.pop(0)
            name += f"[{index}]"
            current = current[index] if isinstance(current, list) and index < len(current) else None
        shapes = {child.name: child for child in shape.children}
    return field_id(name) if name else ""
