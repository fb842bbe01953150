"""The kinds of budget source, and the one entry that loads any of them: a YAML file or a folder
(``source.loader``), yusuan's input workbook (``source.workbook``) or a filled official template
(``yusuan.importer``). Above both ``yusuan.source`` and the importer, which builds on it.

The workbook readers are imported where a workbook is met: openpyxl (yusuan's workbook) and the
importer (the reader, the layouts and ``generate``) cost 0.1–0.5 s, and every ``yusuan check``
asks ``is_budget_source`` of its inputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yusuan.model.budget import Budget
from yusuan.source.loader import (
    WORKBOOK_SUFFIXES,
    YAML_SUFFIXES,
    Place,
    Problem,
    SourceError,
    locate,
    read_source,
    validate_budget,
)
from yusuan.source.yamlnodes import FieldPath, Position


def workbook_source(path: Path) -> tuple[dict[str, Any], dict[FieldPath, Position]] | None:
    """A workbook that is a budget source, read into the fields of budget.yaml with the place of
    each (the sheet and cell in ``Position.file``); None where the workbook is not a budget source
    but, say, a published document (yusuan read / check read it).

    The one place where workbooks become budgets: a filled official template (yusuan import,
    docs/import.md) — and any other kind of input workbook plugs in here."""
    from yusuan.importer import import_workbook

    result = import_workbook(path)
    if result is None:
        return None
    problems = [Problem(f"{path} {place}", None, "", "", message) for place, message in result.errors]
    problems += [
        Problem(str(path), None, "", "", f"模板中缺少{what}；请先用 yusuan import 导入，补全后再用")
        for what in result.required
    ]
    if problems:
        raise SourceError(problems)
    positions = {key: Position(f"{path} {place}", 0, 0) for key, place in result.places.items()}
    positions[()] = Position(str(path), 0, 0)
    return result.data, positions


def is_budget_source(path: Path) -> bool:
    """Whether ``path`` is a budget source (built and checked as such), not a published document:
    a YAML file, a folder (one without budget.yaml gets its own message), yusuan's input workbook
    or a filled official template. (A batch check of a folder asks more: batch/inputs.py.)"""
    if path.is_dir():
        return True
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        from yusuan.importer import template_layout
        from yusuan.source.workbook.read import is_yusuan_workbook

        return is_yusuan_workbook(path) or template_layout(path) is not None
    return suffix in YAML_SUFFIXES


def load_budget(path: str | Path) -> Budget:
    """Load and validate a budget source; raise :class:`SourceError` listing every problem.

    A source is a YAML file, a folder of them, yusuan's input workbook (.xlsx, ``yusuan template``)
    or a filled official template (``yusuan import``)."""
    from yusuan.source.workbook.read import is_yusuan_workbook, load_workbook_budget

    path = Path(path)
    if is_yusuan_workbook(path):
        return load_workbook_budget(path)
    if path.suffix.lower() in WORKBOOK_SUFFIXES and path.is_file():
        workbook = workbook_source(path)
        if workbook is None:
            message = (
                "这个工作簿既不是 yusuan 的填报工作簿，也不是可导入的官方预算模板（第一个工作表应为模板封面）；"
                "已公开的预算文件请用 yusuan read 或 yusuan check 读取"
            )
            raise SourceError([Problem(str(path), None, "", "", message)])
        data, positions = workbook
    else:
        data, positions = read_source(path)

    def place(loc: FieldPath) -> Place:
        position = locate(positions, loc)
        return Place(position.file, position.line or None)

    return validate_budget(data, place)
