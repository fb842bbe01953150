"""A readable difference between two versions of a part: each changed field path, old → new."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yusuan.source.loader import format_path

MISSING = "（无）"
SHOWN = 60  # characters of a long text shown in a summary


@dataclass(frozen=True)
class Change:
    path: str  # projects[2].amount
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.path}：{self.old} → {self.new}"


def _leaves(value: Any, path: tuple[str | int, ...], into: dict[tuple[str | int, ...], Any]) -> None:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            _leaves(item, (*path, key), into)
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            _leaves(item, (*path, index), into)
    elif value is not None and value != {} and value != []:
        into[path] = value


def _shown(value: Any) -> str:
    if value is None:
        return MISSING
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """The leaves (amounts, texts, codes) that differ between ``old`` and ``new``, in order."""
    before: dict[tuple[str | int, ...], Any] = {}
    after: dict[tuple[str | int, ...], Any] = {}
    _leaves(old, (), before)
    _leaves(new, (), after)
    paths = list(dict.fromkeys([*before, *after]))
    return [
        Change(format_path(path), _shown(before.get(path)), _shown(after.get(path)))
        for path in paths
        if before.get(path) != after.get(path)
    ]


def summary(found: list[Change], limit: int = 20) -> str:
    """The changes, one a line (at most ``limit``, then how many more)."""
    if not found:
        return "无改动"
    lines = [str(change) for change in found[:limit]]
    if len(found) > limit:
        lines.append(f"……另有 {len(found) - limit} 处改动")
    return "\n".join(lines)
