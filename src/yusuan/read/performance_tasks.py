"""The 年度主要任务 grid of a 部门整体支出绩效目标表: tasks (任务名称 | 主要内容 | 预算金额（万元）:
总额 | 财政拨款 | 其他资金) above the goals and indicators, closed by a 金额合计 line.

Only the 金额合计 line is read, as fields of the performance table: "金额合计" (its 总额, or the one
预算金额 column where the form has no sub-columns), "金额合计：财政拨款" and "金额合计：其他资金". A
figure is read only under a column heading printed on its own; a heading the conversion ran
together with its neighbour ("财政拨款 其他资金" in one cell) is not split, and its figure is left
unread.
"""

from __future__ import annotations

import re

from yusuan.model.document import Cell
from yusuan.read.numbers import parse_figure
from yusuan.read.stream import TextCell
from yusuan.text.spacing import squeeze

_TOTAL_LINE = re.compile(r"^(?:金额)?合计$")
_BUDGET = re.compile(r"^预算金额")
# sub-column heading → field name
_SUB_COLUMNS = {"总额": "金额合计", "财政拨款": "金额合计：财政拨款", "其他资金": "金额合计：其他资金"}


def _columns(rows: list[list[str]], at: int) -> dict[str, int]:
    """Field name → column position, from the 预算金额 heading at row ``at`` and the row below it."""
    positions: dict[str, int] = {}
    for row in rows[at : at + 2]:
        for index, text in enumerate(row):
            field = _SUB_COLUMNS.get(text)
            if field and field not in positions:
                positions[field] = index
        if positions:
            return positions
    budget = [index for index, text in enumerate(rows[at]) if _BUDGET.match(text)]
    if len(budget) == 1:
        positions["金额合计"] = budget[0]  # one 预算金额 column without sub-columns
    return positions


def task_totals(rows: list[list[TextCell]]) -> dict[str, Cell]:
    """The 金额合计 line of the tasks grid among the rows above the indicator header, as fields;
    empty where no 预算金额 heading or no total line under it is printed."""
    texts = [[squeeze(cell.text) for cell in row] for row in rows]
    heading = next((i for i, row in enumerate(texts) if any(_BUDGET.match(t) for t in row)), None)
    if heading is None:
        return {}
    columns = _columns(texts, heading)
    for index in range(heading + 1, len(rows)):
        if not any(_TOTAL_LINE.match(t) for t in texts[index]):
            continue
        fields: dict[str, Cell] = {}
        for field, position in columns.items():
            if position >= len(rows[index]) or _TOTAL_LINE.match(texts[index][position]):
                continue
            cell = rows[index][position]
            value = parse_figure(cell.text)
            if value is not None:
                fields[field] = Cell(text=cell.text.strip(), value=value, provenance=cell.provenance)
        return fields
    return {}
