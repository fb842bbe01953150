"""Reading budget source files (the YAML file format) into the budget model."""

from yusuan.source.loader import Problem, SourceError, load_budget

__all__ = ["Problem", "SourceError", "load_budget"]
