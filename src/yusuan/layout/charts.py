"""The data of a document's charts (图解): what each chart shows, its figures and its description."""

from __future__ import annotations

from collections.abc import Callable

from yusuan.compute import Figures
from yusuan.model.budget import Budget
from yusuan.model.document import Chart, ChartSeries
from yusuan.model.money import ZERO, format_amount, percent


def charts(budget: Budget, figures: Figures, name_of: Callable[[str], str]) -> list[Chart]:
    """图解: composition by function class, basic vs project, personnel vs public, year on year."""
    f = figures
    charts = []
    classes = f.cube.codes(3)
    if classes:
        names = [name_of(code) or code for code in classes]
        values = [f.cube.total(prefix=code) for code in classes]
        parts = "；".join(
            f"{name} {format_amount(v)}万元（{format_amount(f.share(v) or ZERO)}%）"
            for name, v in zip(names, values, strict=True)
        )
        charts.append(
            Chart(
                key="by_class",
                title="支出按功能分类构成",
                kind="bar",
                categories=names,
                series=[ChartSeries(label="本年预算", values=values)],
                alt=f"{budget.year}年支出预算{format_amount(f.total)}万元，按功能分类：{parts}。",
            )
        )
    for key, title, pairs in (
        ("basic_project", "基本支出与项目支出", (("基本支出", f.basic), ("项目支出", f.project))),
        ("personnel_public", "人员经费与公用经费", (("人员经费", f.personnel), ("公用经费", f.public))),
    ):
        whole = sum((v for _, v in pairs), ZERO)
        if whole == 0:
            continue
        words = "，".join(
            f"{label} {format_amount(v)}万元，占 {format_amount(percent(v, whole) or ZERO)}%"
            for label, v in pairs
        )
        charts.append(
            Chart(
                key=key,
                title=title,
                kind="share",
                categories=[label for label, _ in pairs],
                series=[ChartSeries(label="本年预算", values=[v for _, v in pairs])],
                alt=f"{title}：合计 {format_amount(whole)}万元，其中{words}。",
            )
        )
    rows = [
        ("支出合计", f.total_change),
        ("基本支出", f.basic_change),
        ("项目支出", f.project_change),
        ("“三公”经费", f.sangong_change),
        ("机关运行经费", f.operating_change),
    ]
    known = [(label, change) for label, change in rows if change is not None]
    if known:
        basis = budget.comparison.value
        words = "；".join(
            f"{label}本年 {format_amount(c.current)}万元，{basis} {format_amount(c.prior)}万元"
            for label, c in known
        )
        charts.append(
            Chart(
                key="year_on_year",
                title=f"本年预算与{basis}比较",
                kind="compare",
                categories=[label for label, _ in known],
                series=[
                    ChartSeries(label=basis, values=[c.prior for _, c in known]),
                    ChartSeries(label="本年预算", values=[c.current for _, c in known]),
                ],
                alt=f"本年预算与{basis}比较（万元）：{words}。",
            )
        )
    return charts
