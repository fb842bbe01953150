"""Reading budget source files (the YAML file format) into the budget model."""

from yusuan.source.loader import Problem, SourceError, is_budget_source, load_budget

__all__ = ["Problem", "SourceError", "is_budget_source", "load_budget"]
