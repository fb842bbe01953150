"""Reading budget sources (a YAML file or folder, yusuan's input workbook, or a filled official
template) into the budget model."""

from yusuan.source.loader import Problem, SourceError, is_budget_source, load_budget

__all__ = ["Problem", "SourceError", "is_budget_source", "load_budget"]
