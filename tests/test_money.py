"""Money: exact parsing, explicit half-up rounding, no floats."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yusuan.model.money import AmountError, AmountUnit, format_amount, parse_amount, percent, quantize


def test_parse_forms() -> None:
    assert parse_amount("1307.84") == Decimal("1307.84")
    assert parse_amount(Decimal("7.8")) == Decimal("7.8")
    assert parse_amount(64) == Decimal(64)
    assert parse_amount("2,562,500", AmountUnit.YUAN) == Decimal("256.25")
    assert parse_amount("342500", AmountUnit.YUAN) == Decimal("34.25")


@pytest.mark.parametrize("bad", [1.5, "1,2", "1.2.3", "", "¥100", "1e3", True, None, [1]])
def test_parse_refuses(bad: object) -> None:
    with pytest.raises(AmountError):
        parse_amount(bad)


def test_half_up_not_bankers() -> None:
    assert quantize(Decimal("0.125")) == Decimal("0.13")
    assert quantize(Decimal("0.135")) == Decimal("0.14")
    assert quantize(Decimal("-0.125")) == Decimal("-0.13")
    assert format_amount(Decimal("1307.845"), thousands=True) == "1,307.85"
    assert format_amount(Decimal("2562500"), 0, thousands=True) == "2,562,500"


def test_percent_exact_then_rounded() -> None:
    # 行政单位医疗: 13.18 / 31.00 = 42.516...% -> 42.52
    assert quantize(percent(Decimal("13.18"), Decimal("31.00")) or Decimal(0)) == Decimal("42.52")
    assert percent(Decimal(1), Decimal(0)) is None


@given(st.integers(min_value=0, max_value=10**13))
def test_yuan_cents_round_trip_exactly(cents: int) -> None:
    yuan_text = f"{cents // 100}.{cents % 100:02d}"
    wan = parse_amount(yuan_text, AmountUnit.YUAN)
    assert AmountUnit.YUAN.from_wan(wan) == Decimal(yuan_text)


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_formatted_amount_parses_back(value: Decimal) -> None:
    assert parse_amount(format_amount(value, thousands=True)) == value


def test_quantize_is_half_up_and_takes_the_checkers_other_roundings() -> None:
    from decimal import ROUND_CEILING, ROUND_DOWN

    assert quantize(Decimal("2.125")) == Decimal("2.13")  # half-even would give 2.12
    assert quantize(Decimal("0.5"), 0) == Decimal(1)
    assert quantize(Decimal("9.569"), 2, ROUND_DOWN) == Decimal("9.56")
    assert quantize(Decimal("9.561"), 2, ROUND_CEILING) == Decimal("9.57")
