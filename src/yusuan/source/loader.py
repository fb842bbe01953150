"""Load a budget source (one YAML file, or a folder of them) with every problem located.

A folder holds ``budget.yaml`` and optionally more ``*.yaml`` files whose top-level keys are
merged into it (for example ``performance.yaml``). Every problem is reported at once, each with
file, line and field, in Chinese.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from yusuan.model.budget import Budget, integrity_problems
from yusuan.model.money import AmountUnit
from yusuan.oserror import describe
from yusuan.source.messages import chinese_message, field_titles
from yusuan.source.yamlnodes import FieldPath, Position, YamlSyntaxError, read_yaml

MAIN_FILE = "budget.yaml"
MAIN_FILES = ("budget.yaml", "budget.yml")
YAML_SUFFIXES = (".yaml", ".yml")
# the spreadsheets a budget source may be: yusuan's workbook or a filled official template
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Place:
    """Where a value was written: a file's line (YAML) or a workbook's sheet and cell."""

    file: str
    line: int | None = None
    sheet: str | None = None
    cell: str | None = None


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a source: where (file, line or sheet and cell, field) and what (Chinese)."""

    file: str
    line: int | None
    field: str
    title: str
    message: str
    sheet: str | None = None
    cell: str | None = None

    @classmethod
    def at(cls, place: Place, field: str, title: str, message: str) -> Problem:
        return cls(place.file, place.line, field, title, message, place.sheet, place.cell)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.sheet:
            where += f" 工作表“{self.sheet}”" + (f" 单元格 {self.cell}" if self.cell else "")
        field = f" {self.field}" if self.field else ""
        title = f"（{self.title}）" if self.title else ""
        return f"{where}{field}{title}：{self.message}"


class SourceError(Exception):
    """A source that cannot be loaded; ``problems`` says everything that is wrong."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def format_path(path: FieldPath) -> str:
    """projects[2].amount, the way a person finds it in the file."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _source_files(path: Path) -> list[Path]:
    if path.is_dir():
        mains = [path / name for name in MAIN_FILES if (path / name).is_file()]
        if len(mains) != 1:
            message = (
                f"文件夹中没有 {MAIN_FILE}"
                if not mains
                else "文件夹中同时有 budget.yaml 和 budget.yml，只能有一个"
            )
            raise SourceError([Problem(str(path), None, "", "", message)])
        others = sorted(p for p in path.iterdir() if p.suffix in YAML_SUFFIXES and p.name not in MAIN_FILES)
        return [mains[0], *others]
    if not path.exists():
        raise SourceError([Problem(str(path), None, "", "", "文件或文件夹不存在")])
    if path.suffix.lower() not in YAML_SUFFIXES:
        raise SourceError(
            [
                Problem(
                    str(path),
                    None,
                    "",
                    "",
                    "预算源文件应为 .yaml 文件、含 budget.yaml 的文件夹，或 yusuan 填报工作簿（.xlsx）",
                )
            ]
        )
    return [path]


def read_source(path: Path) -> tuple[dict[str, Any], dict[FieldPath, Position]]:
    """Read and merge the YAML files of a source into one mapping, with positions."""
    data: dict[str, Any] = {}
    positions: dict[FieldPath, Position] = {}
    owner: dict[str, str] = {}
    for file in _source_files(path):
        try:
            content, file_positions = read_yaml(file)
        except YamlSyntaxError as exc:
            raise SourceError([Problem(exc.position.file, exc.position.line, "", "", exc.message)]) from None
        except OSError as exc:
            raise SourceError([Problem(str(file), None, "", "", f"无法读取文件：{describe(exc)}")]) from None
        if content is None:
            continue
        if not isinstance(content, dict):
            raise SourceError(
                [
                    Problem(
                        str(file),
                        1,
                        "",
                        "",
                        "文件顶层应为映射（“键: 值”），不是列表或单个值",
                    )
                ]
            )
        for key, value in content.items():
            if key in data:
                line = file_positions[(key,)].line
                raise SourceError(
                    [
                        Problem(
                            str(file),
                            line,
                            str(key),
                            "",
                            f"顶层字段“{key}”已在 {owner[key]} 中给出，不能重复",
                        )
                    ]
                )
            data[key] = value
            owner[key] = str(file)
        positions.update({k: v for k, v in file_positions.items() if k})
        positions.setdefault((), file_positions[()])
    if not data:
        raise SourceError([Problem(str(path), None, "", "", "文件为空")])
    return data, positions


def locate(positions: dict[FieldPath, Position], path: FieldPath) -> Position:
    for end in range(len(path), -1, -1):
        found = positions.get(path[:end])
        if found is not None:
            return found
    return positions[()]


def _amount_unit(data: dict[str, Any]) -> AmountUnit:
    try:
        return AmountUnit(data.get("amount_unit", AmountUnit.WAN.value))
    except ValueError:
        return AmountUnit.WAN  # reported by validation


def validate_budget(
    data: dict[str, Any], place: Callable[[FieldPath], Place], found: list[Problem] | None = None
) -> Budget:
    """Validate plain values into a budget, every problem placed by ``place``; ``found`` are the
    problems the reader of the values saw already (reported together with validation's)."""
    problems = list(found or [])
    try:
        budget = Budget.model_validate(data, context={"amount_unit": _amount_unit(data)})
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(part for part in error["loc"] if part != "[key]")
            titles = field_titles(Budget, loc)
            problems.append(
                Problem.at(place(loc), format_path(loc), " → ".join(titles), chinese_message(error))
            )
        raise SourceError(problems) from None
    if problems:
        raise SourceError(problems)
    for loc, message in integrity_problems(budget):
        problems.append(
            Problem.at(place(loc), format_path(loc), " → ".join(field_titles(Budget, loc)), message)
        )
    if problems:
        raise SourceError(problems)
    return budget
