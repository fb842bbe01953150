"""Reading budget sources (a YAML file or folder, yusuan's input workbook, or a filled official
template) into the budget model."""

from yusuan.source.kinds import is_budget_source, load_budget
from yusuan.source.loader import Problem, SourceError

__all__ = ["Problem", "SourceError", "is_budget_source", "load_budget"]
