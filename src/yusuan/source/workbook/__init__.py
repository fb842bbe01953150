"""yusuan's own input workbook (XLSX): one sheet per part of the budget, read back into the model."""

from yusuan.source.workbook.read import is_yusuan_workbook, load_workbook_budget
from yusuan.source.workbook.write import (
    budget_data,
    budget_to_workbook,
    data_to_workbook,
    save_workbook,
    template_workbook,
)

__all__ = [
    "budget_data",
    "budget_to_workbook",
    "data_to_workbook",
    "is_yusuan_workbook",
    "load_workbook_budget",
    "save_workbook",
    "template_workbook",
]
