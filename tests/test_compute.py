"""Derived figures: changes, directions, shares, the expenditure cube, on the example and edge cases."""

from __future__ import annotations

from decimal import Decimal

from yusuan.budgetfile import load_budget
from yusuan.compute import Change, compute
from yusuan.model.sources import Fund, Source

from conftest import FICTIONAL


def test_change_words() -> None:
    up, down, flat = (
        Change(Decimal("7.8"), Decimal(3)),
        Change(Decimal("17.82"), Decimal(31)),
        Change(Decimal(1), Decimal(1)),
    )
    assert (up.direction, up.trend, up.percent) == ("增加", "上涨", Decimal(160))
    assert (down.direction, down.trend, down.magnitude) == ("减少", "下降", Decimal("13.18"))
    assert (flat.direction, flat.trend) == ("持平", "持平")
    assert Change(Decimal(5), Decimal(0)).percent is None  # no percentage against a zero prior year


def test_korla_cube(korla_figures) -> None:  # type: ignore[no-untyped-def]
    f = korla_figures
    assert f.total == f.basic + f.project == Decimal("1307.84")
    assert f.cube.total(prefix="201") == Decimal("1196.24")
    assert f.cube.total(prefix="2010399", kinds=["project"]) == Decimal("256.25")
    assert f.by_fund(Fund.GENERAL) == f.fiscal == Decimal("1307.84")
    assert f.personnel + f.public == f.basic  # the example's two classifications agree
    assert f.cube.codes(3) == ["201", "208", "210", "221"]
    assert (
        f.sangong_total == Decimal("67.70") and f.sangong_change is not None and f.sangong_change.amount == 0
    )
    assert f.operating_change is not None and f.operating_change.percent is not None
    assert round(f.operating_change.percent, 2) == Decimal("-8.90")


def test_fictional_budget_sources() -> None:
    f = compute(load_budget(FICTIONAL))
    assert f.total == Decimal("1090.00005")  # 3,200,000.50 元 is kept exactly
    assert f.by_source(Source.GENERAL) == Decimal("1000.00005")
    assert f.by_source(Source.BUSINESS) == Decimal(50)
    assert f.by_source(Source.CARRY_GENERAL) == Decimal(25)
    assert f.by_fund(Fund.GOV_FUND) == Decimal(15)
    assert f.by_fund(Fund.GENERAL, carry_over=True) == Decimal("1025.00005")
    assert f.fiscal == Decimal("1015.00005")
    assert f.project == 0 and f.project_change is not None and f.project_change.direction == "持平"
    assert f.actual_staff == 151
    assert f.personnel + f.public == f.basic
    change = f.income_change(Source.GENERAL)
    assert change is not None and change.direction == "增加"
