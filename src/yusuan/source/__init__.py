"""Reading budget sources (a YAML file or folder, or yusuan's input workbook) into the budget model."""

from pathlib import Path

from yusuan.source.loader import Problem, SourceError, load_budget
from yusuan.source.workbook import is_yusuan_workbook

YAML_SUFFIXES = (".yaml", ".yml")


def is_budget_source(path: Path) -> bool:
    """Whether ``path`` is a budget source (built and checked as such), not a published document."""
    return path.is_dir() or path.suffix.lower() in YAML_SUFFIXES or is_yusuan_workbook(path)


__all__ = ["Problem", "SourceError", "is_budget_source", "load_budget"]
