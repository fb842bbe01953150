"""Reading budget sources (a YAML file or folder, yusuan's input workbook) into the budget model.
The one entry that loads any budget file, a filled official template too, is
``yusuan.budgetfile.load_budget`` (above both this package and ``yusuan.importer``)."""

from yusuan.source.loader import Problem, SourceError

__all__ = ["Problem", "SourceError"]
