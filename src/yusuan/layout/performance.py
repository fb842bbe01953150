"""The performance target tables (绩效目标表) of a document: the unit's and each project's."""

from __future__ import annotations

from yusuan.compute import Figures
from yusuan.model.budget import Budget
from yusuan.model.document import Cell, IndicatorRow, PerformanceTable, Provenance
from yusuan.model.money import ZERO, format_amount
from yusuan.model.performance import Indicators, iter_indicators


def performance_tables(budget: Budget, figures: Figures, scope: str) -> list[PerformanceTable]:
    """The unit's performance target table and one for each project with targets."""
    b = budget
    tables = []
    if b.performance is not None:
        perf = b.performance
        fiscal = figures.fiscal
        fields = {
            "单位名称": Cell(text=b.unit.name),
            "单位联系人": Cell(text=perf.contact or ""),
            "联系电话": Cell(text=perf.phone or ""),
            "上级安排": Cell(
                text=format_amount(perf.superior_funds),
                value=perf.superior_funds,
                provenance=Provenance(path="performance.superior_funds"),
            ),
            "本级安排": Cell(
                text=format_amount(fiscal - perf.superior_funds),
                value=fiscal - perf.superior_funds,
                provenance=Provenance(derivation="财政拨款合计 - 上级安排"),
            ),
            "其他资金": Cell(
                text=format_amount(figures.total - fiscal),
                value=figures.total - fiscal,
                provenance=Provenance(derivation="收入合计 - 财政拨款"),
            ),
        }
        tables.append(
            PerformanceTable(
                key="unit",
                title=f"{scope}整体绩效目标表",
                fields=fields,
                goal=perf.goal,
                indicators=_indicator_rows(perf.indicators),
            )
        )
    for index, project in enumerate(b.projects):
        perf_p = b.project_performance.get(project.name)
        if perf_p is None:
            continue
        fiscal_part = project.amount if project.source.is_fiscal else ZERO
        fields = {
            "预算单位": Cell(text=b.unit.name),
            "项目名称": Cell(text=project.name),
            "项目负责人": Cell(text=perf_p.manager or ""),
            "年度预算总额": Cell(
                text=format_amount(project.amount),
                value=project.amount,
                provenance=Provenance(path=f"projects[{index}].amount"),
            ),
            "其中：财政拨款": Cell(
                text=format_amount(fiscal_part),
                value=fiscal_part,
                provenance=Provenance(path=f"projects[{index}].amount"),
            ),
            "其他资金": Cell(
                text=format_amount(project.amount - fiscal_part),
                value=project.amount - fiscal_part,
                provenance=Provenance(path=f"projects[{index}].amount"),
            ),
        }
        tables.append(
            PerformanceTable(
                key=f"project:{project.name}",
                title="项目支出绩效目标表",
                project=project.name,
                fields=fields,
                goal=perf_p.goal,
                indicators=_indicator_rows(perf_p.indicators),
            )
        )
    return tables


def _indicator_rows(indicators: Indicators) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            level1=l1,
            level2=l2,
            name=i.name,
            target=i.target,
            basis=i.basis,
            prior=i.prior,
            weight=i.weight,
            scoring=i.scoring,
            evidence=i.evidence,
        )
        for l1, l2, i in iter_indicators(indicators)
    ]
