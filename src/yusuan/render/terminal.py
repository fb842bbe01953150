"""A readable summary of a budget and its document in the terminal (``yusuan show``)."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text

from yusuan.compute import Change, Figures
from yusuan.model.document import Document, Table
from yusuan.model.money import format_amount, quantize


def _money(value: Decimal | None) -> str:
    return "—" if value is None else format_amount(value, thousands=True)


def _change(change: Change | None) -> str:
    if change is None:
        return "（无上年数）"
    if change.amount == 0:
        return "与上年持平"
    pct = change.percent
    pct_text = "" if pct is None else f"，{change.trend} {quantize(abs(pct))}%"
    return f"比上年{change.direction} {format_amount(change.magnitude)}{pct_text}"


def _share(figures: Figures, value: Decimal) -> str:
    share = figures.share(value)
    return "" if share is None else f"{quantize(share)}%"


def summary(figures: Figures, document: Document) -> Group:
    """The budget at a glance: totals, projects, 三公, staffing, assets, performance."""
    b = figures.budget
    parts: list[RichTable | Panel | Text] = []
    head = Text.assemble(
        (f"{b.unit.name}  {b.year} 年{b.unit.scope.value}预算", "bold"),
        f"\n版式：{document.layout}　金额单位：万元　上年数口径：{b.comparison.value}",
    )
    parts.append(Panel(head, expand=False))

    totals = RichTable(title="收支总体", show_header=True, header_style="bold")
    totals.add_column("项目")
    totals.add_column("金额（万元）", justify="right")
    totals.add_column("占比", justify="right")
    totals.add_column("与上年比较")
    totals.add_row("收入合计", _money(figures.total), "100.00%", _change(figures.total_change))
    for source in figures.income_sources:
        value = figures.by_source(source)
        totals.add_row(
            f"  {source.label}", _money(value), _share(figures, value), _change(figures.income_change(source))
        )
    totals.add_row("支出合计", _money(figures.total), "100.00%", _change(figures.total_change))
    totals.add_row(
        "  基本支出", _money(figures.basic), _share(figures, figures.basic), _change(figures.basic_change)
    )
    totals.add_row("    人员经费", _money(figures.personnel), _share(figures, figures.personnel), "")
    totals.add_row("    公用经费", _money(figures.public), _share(figures, figures.public), "")
    totals.add_row(
        "  项目支出",
        _money(figures.project),
        _share(figures, figures.project),
        _change(figures.project_change),
    )
    for code in figures.cube.codes(3):
        value = figures.cube.total(prefix=code)
        totals.add_row(
            f"  {code} {figures.subject_name(code) or ''}", _money(value), _share(figures, value), ""
        )
    parts.append(totals)

    tables = RichTable(title=f"公开表（{len(document.tables)} 张）", header_style="bold")
    tables.add_column("表")
    tables.add_column("名称")
    tables.add_column("单位")
    tables.add_column("行数", justify="right")
    tables.add_column("合计", justify="right")
    for table in document.tables:
        tables.add_row(
            table.number or "",
            table.title,
            table.unit.value if table.unit else "",
            str(sum(1 for r in table.rows if r.kind != "total")),
            "空表" if table.empty else _table_total(table),
        )
    parts.append(tables)

    if b.projects:
        projects = RichTable(
            title=f"项目（{len(b.projects)} 个，合计 {_money(figures.project)} 万元）", header_style="bold"
        )
        projects.add_column("项目名称")
        projects.add_column("功能科目")
        projects.add_column("金额", justify="right")
        projects.add_column("分配合计", justify="right")
        projects.add_column("执行时间")
        for index, project in enumerate(b.projects):
            period = f"{project.period.start} 至 {project.period.end}" if project.period else ""
            projects.add_row(
                project.name,
                project.subject,
                _money(project.amount),
                _money(figures.allocations_total(index)),
                period,
            )
        parts.append(projects)

    other = RichTable(title="其他事项", show_header=False)
    other.add_column("项目")
    other.add_column("内容")
    if b.sangong is not None:
        s = b.sangong
        other.add_row(
            "“三公”经费",
            f"{_money(figures.sangong_total)} 万元（因公出国（境）{_money(s.overseas.amount)}，"
            f"公务用车购置 {_money(s.vehicle_purchase.amount)}，公务用车运行 {_money(s.vehicle_running.amount)}，"
            f"公务接待 {_money(s.reception.amount)}）；{_change(figures.sangong_change)}",
        )
    if b.operating_expenses is not None:
        other.add_row(
            "机关运行经费", f"{_money(b.operating_expenses.amount)} 万元；{_change(figures.operating_change)}"
        )
    if b.procurement is not None:
        p = b.procurement
        other.add_row(
            "政府采购",
            f"{_money(figures.procurement_total)} 万元（货物 {_money(p.goods)}，工程 {_money(p.works)}，"
            f"服务 {_money(p.services)}）",
        )
    staffing = b.profile.staffing
    if staffing is not None:
        other.add_row(
            "人员",
            f"编制 {staffing.authorized}，实有 {figures.actual_staff}（在职 {staffing.in_service}，"
            f"退休 {staffing.retired}，离休 {staffing.retired_cadres}）",
        )
    if b.assets is not None:
        other.add_row("车辆", f"{figures.vehicle_count} 辆，价值 {_money(figures.vehicle_value)} 万元")
    if figures.performance_tables:
        weights = "、".join(f"{quantize(w, 0)}" for _, w, _ in figures.performance_tables)
        other.add_row("绩效目标表", f"{len(figures.performance_tables)} 张，分值合计：{weights}")
    parts.append(other)

    if document.remarks:
        parts.append(
            Panel(
                "\n".join(f"• {r}" for r in document.remarks), title="未能填写的内容", border_style="yellow"
            )
        )
    return Group(*parts)


def _table_total(table: Table) -> str:
    for row in reversed(table.rows):
        if row.kind == "total":
            values = [c.value for c in row.cells if c.value is not None]
            if values:
                return format_amount(
                    values[0], 0 if table.unit and table.unit.value == "元" else 2, thousands=True
                )
    return ""


def full_table(table: Table) -> RichTable:
    """One disclosure table as a terminal table (header flattened to its last row)."""
    unit = f"　单位：{table.unit.value}" if table.unit else ""
    numbered = table.number and not table.title.startswith(table.number)
    rich = RichTable(
        title=f"表{table.number} {table.title}" if numbered else table.title,
        caption=f"{table.issuer_label}：{table.issuer}{unit}" + (f"\n{table.note}" if table.note else ""),
        header_style="bold",
        show_lines=False,
    )
    for column in table.columns:
        figure = any(
            c.value is not None
            for r in table.rows
            for c in r.cells[table.columns.index(column) : table.columns.index(column) + 1]
        )
        rich.add_column(column.title, justify="right" if figure else "left")
    for row in table.rows:
        style = "bold" if row.kind in ("total", "subtotal") else None
        rich.add_row(*(cell.text for cell in row.cells), style=style)
    return rich


def print_show(console: Console, figures: Figures, document: Document, tables: bool) -> None:
    console.print(summary(figures, document))
    if tables:
        for table in document.tables:
            console.print(full_table(table))
