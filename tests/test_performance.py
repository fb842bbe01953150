"""Performance targets: indicator values as printed in real tables."""

from __future__ import annotations

from decimal import Decimal

import pytest

from yusuan.model.performance import parse_target


@pytest.mark.parametrize(
    ("text", "comparator", "value", "unit"),
    [
        (">=95%", ">=", Decimal(95), "%"),
        ("<=1.50万元", "<=", Decimal("1.50"), "万元"),
        (">=2 批次", ">=", Decimal(2), "批次"),
        ("≥13459.00(平方米)", ">=", Decimal("13459.00"), "(平方米)"),
        ("=100.00(%)", "=", Decimal("100.00"), "(%)"),
        ("90.00(度)", None, Decimal("90.00"), "(度)"),
    ],
)
def test_quantitative(text: str, comparator: str | None, value: Decimal, unit: str) -> None:
    target = parse_target(text)
    assert (target.comparator, target.value, target.unit) == (comparator, value, unit)
    assert target.text == text


@pytest.mark.parametrize("text", ["有所提升", "合规", "补贴对象生活改善度不低于80%"])
def test_qualitative(text: str) -> None:
    target = parse_target(text)
    assert not target.is_quantitative and target.text == text


def test_comparator_without_number_is_refused() -> None:
    with pytest.raises(ValueError, match="其后不是数字"):
        parse_target(">=很多")


def test_korla_tables_all_weigh_90(korla) -> None:  # type: ignore[no-untyped-def]
    from yusuan.model.performance import iter_indicators

    tables = [korla.performance.indicators] + [p.indicators for p in korla.project_performance.values()]
    assert [sum(i.weight for *_, i in iter_indicators(t)) for t in tables] == [Decimal(90)] * 9
    保洁 = iter_indicators(korla.project_performance["保洁用品项目"].indicators)
    assert [(l1, l2, i.name, i.target) for l1, l2, i in 保洁][5] == (
        "成本指标",
        "经济成本指标",
        "每次采购成本控制数",
        "<=1.50万元",
    )


def test_one_weight_total_for_the_budget_the_document_and_the_printed_row(korla, korla_figures) -> None:  # type: ignore[no-untyped-def]
    from yusuan.compute.weights import weight_total
    from yusuan.generate import build_document
    from yusuan.layout import load_layout
    from yusuan.model.document import IndicatorRow
    from yusuan.render.typeset import weight_total as printed_total

    rows = [
        IndicatorRow(level1="产出指标", level2="数量指标", name="甲", target="1", weight=Decimal("12.5")),
        IndicatorRow(level1="产出指标", level2="数量指标", name="乙", target="2"),  # printed without one
        IndicatorRow(level1="效益指标", level2="社会效益", name="丙", target="3", weight=Decimal(30)),
    ]
    assert weight_total(rows) == Decimal("42.5") and weight_total([]) == 0
    document = build_document(korla, load_layout("xinjiang-2024-unit"), korla_figures)
    totals = [total for _, total, _ in korla_figures.performance_tables]
    assert [weight_total(t.indicators) for t in document.performance] == totals == [Decimal(90)] * 9
    assert {printed_total(t) for t in document.performance} == {"90"}
