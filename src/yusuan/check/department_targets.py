"""The 部门整体支出绩效目标表's 金额合计 against the budget: a table copied from last year.

The whole-department table lists the year's main tasks with their budget and a 金额合计 line. What
the tasks cover is the department's choice (some list only the projects, some the whole budget),
so a 金额合计 that differs from this year's total is not by itself an error. One that equals, to
the cent, the prior-year total the text states (this year's total and its change, "收入预算1899.90
万元，较上年增加406.39万元" → 1493.51) while this year's total differs is last year's table left in
this year's document (xian/12 2022 p.32: 金额合计 1493.51, the 2021 budget; the 2022 budget is
1899.9).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yusuan.check.context import CheckContext, compare, fmt
from yusuan.check.match import total_figures
from yusuan.check.statements import WHOLE_KINDS, Stated, basis_class, statements
from yusuan.model.document import Cell, PerformanceTable


def whole_department_tables(ctx: CheckContext) -> list[tuple[PerformanceTable, Cell]]:
    """The 部门整体 performance tables whose 金额合计 was read, with that cell."""
    out = []
    for table in ctx.document.performance:
        cell = table.fields.get("金额合计")
        if table.whole_department and cell is not None and cell.value is not None:
            out.append((table, cell))
    return out


@dataclass(frozen=True)
class Copied:
    """A whole-department table whose 金额合计 is last year's total."""

    table: PerformanceTable
    cell: Cell
    stated: Stated  # the text's statement of this year's total and its change

    @property
    def now(self) -> Decimal:
        value = self.stated.now()
        assert value is not None
        return value


def copied_from_last_year(ctx: CheckContext) -> list[Copied]:
    """Whole-department tables whose 金额合计 equals the prior-year total the text states (exactly)
    while this year's total, as the text and the tables give it, is another figure."""
    out = []
    wholes = [
        s
        for s in statements(ctx)
        if s.kind in WHOLE_KINDS
        and s.now() is not None
        and s.prior() is not None
        and basis_class(s.basis) != "execution"
    ]
    this_year = [f.value for kind in WHOLE_KINDS for f in total_figures(ctx, kind)]
    for table, cell in whole_department_tables(ctx):
        printed = cell.value
        assert printed is not None
        if any(compare(printed, value) != "different" for value in this_year):
            continue  # this year's total of some kind: the table is this year's
        for stated in wholes:
            now, prior = stated.now(), stated.prior()
            assert now is not None and prior is not None
            if prior == printed and compare(printed, now) == "different":
                out.append(Copied(table, cell, stated))
                break
    return out


def describe(copied: Copied) -> tuple[str, str]:
    """(zh, en) message of one finding, both sides quoted with their figures and pages."""
    cell, stated = copied.cell, copied.stated
    page = cell.provenance.page if cell.provenance else None
    text_page = stated.anchor.provenance.page if stated.anchor.provenance else None
    at = f"（第{page}页）" if page else ""
    text_at = f"（第{text_page}页）" if text_page else ""
    zh = (
        f"{copied.table.title}“金额合计”为 {fmt(cell.value)} 万元{at}，等于正文所述上年"
        f"{stated.subject or '预算'} {stated.prior_text()}{text_at}；本年为 {fmt(copied.now)} 万元。"
        "该表似沿用上年数据"
    )
    en = (
        f"{copied.table.title}: 金额合计 {cell.value} 万元{f' (p.{page})' if page else ''} equals the "
        f"prior-year {stated.subject or 'budget'} the text implies ({stated.prior_text()}"
        f"{f', p.{text_page}' if text_page else ''}); this year's is {copied.now} 万元: the table "
        "seems to be last year's"
    )
    return zh, en
