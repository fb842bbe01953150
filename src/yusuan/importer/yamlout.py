"""The imported budget as a budget.yaml a person reads and edits, each figure citing its cell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from yusuan.atomic import write_atomic
from yusuan.importer.workbook import ImportResult

_AMOUNTS = {"basic", "project", "personnel", "public", "amount"}
_FIELD_WORDS = {
    "basic": "基本支出",
    "project": "项目支出",
    "personnel": "人员经费",
    "public": "公用经费",
    "amount": "金额",
}


def _scalar(key: str | int, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if key in _AMOUNTS:
        return str(value)  # an exact decimal: the loader reads it digit by digit
    if isinstance(value, str) and value.isidentifier() and value.isascii():
        return value
    return json.dumps(str(value), ensure_ascii=False)


def _flat(value: Any) -> bool:
    return isinstance(value, dict) and all(not isinstance(v, dict | list) for v in value.values())


class _Writer:
    def __init__(self, result: ImportResult) -> None:
        self.result = result
        self.lines: list[str] = []

    def where(self, path: tuple[str | int, ...], value: Any) -> str:
        places = self.result.places
        if isinstance(value, dict) and _flat(value):
            cited = [
                f"{_FIELD_WORDS.get(str(k), k)} {places[(*path, k)].cell}"
                for k in value
                if (*path, k) in places and places[(*path, k)].cell
            ]
            if cited:
                sheet = next(places[(*path, k)].sheet for k in value if (*path, k) in places)
                return f"  # 工作表“{sheet}” " + "，".join(cited)
        place = places.get(path)
        return f"  # {place}" if place is not None and place.sheet else ""

    def emit(self, value: Any, path: tuple[str | int, ...], indent: int) -> None:
        pad = "  " * indent
        if (comment := self.result.comments.get(path)) is not None:
            self.lines.append(f"{pad}# {comment}")
        if isinstance(value, dict):
            for key, item in value.items():
                self.entry(f"{pad}{_key(key)}:", item, (*path, key), indent)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.entry(f"{pad}-", item, (*path, index), indent, listed=True)

    def entry(
        self, head: str, item: Any, path: tuple[str | int, ...], indent: int, listed: bool = False
    ) -> None:
        if isinstance(item, dict) and item and _flat(item) and listed:
            inner = ", ".join(f"{_key(k)}: {_scalar(k, v)}" for k, v in item.items())
            self.lines.append(f"{head} {{{inner}}}{self.where(path, item)}")
        elif isinstance(item, dict | list) and item:
            places = self.result.places
            cited_below = any(len(key) > len(path) and key[: len(path)] == path for key in places)
            self.lines.append(head + ("" if cited_below else self.where(path, None)))
            self.emit(item, path, indent + 1)
        elif isinstance(item, dict | list):
            self.lines.append(f"{head} {'{}' if isinstance(item, dict) else '[]'}")
        else:
            text = _scalar(path[-1], item)
            missing = "  # 模板中未填写，请补上" if item is None else ""
            self.lines.append(f"{head} {text}".rstrip() + (self.where(path, item) or missing))


def _key(key: str | int) -> str:
    text = str(key)
    return text if text.isidentifier() and text.isascii() else json.dumps(text, ensure_ascii=False)


def budget_yaml(result: ImportResult) -> str:
    """The text of budget.yaml for an imported template."""
    writer = _Writer(result)
    writer.lines += [
        f"# 由 yusuan import 从 {Path(result.file).name} 导入（{result.layout.name}，版式 {result.layout.id}）。",
        "# 金额单位为元，与模板各表一致（“三公”经费表以万元填写，已精确换算为元）。",
        "# 每个数字后的注释是它所在的工作表和单元格。模板没有的内容（上年数、增减原因、项目明细、",
        "# 绩效目标等）见 yusuan import 的报告，请按 docs/format.md 补充。",
    ]
    writer.emit(result.data, (), 0)
    return "\n".join(writer.lines) + "\n"


def write_budget_yaml(result: ImportResult, path: Path, force: bool = False) -> None:
    """Write budget.yaml; an existing file is kept unless ``force``."""
    if path.exists() and not force:
        raise FileExistsError(path)
    write_atomic(path, budget_yaml(result))
