"""Amounts stated in the text, as the rules compare them: a claim's value in 万元, the rounding it
was printed with, and percentages computed from amounts within that rounding."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_DOWN, Decimal

from yusuan.check.context import places_of
from yusuan.lexicon import sign_of
from yusuan.model.document import Claim
from yusuan.model.money import HUNDRED, ZERO, in_wan, is_money_unit, quantize

__all__ = ["sign_of"]


def is_money(claim: Claim) -> bool:
    return is_money_unit(claim.unit)


def wan(claim: Claim) -> Decimal:
    """A money claim's value in 万元 (exact)."""
    return in_wan(claim.value, claim.unit)


def slack(claim: Claim) -> Decimal:
    """Half a unit of the last place a money claim is known to: its printed places, and never less
    precise than 0.01 万元 (a budget figure is kept to 0.01 万元 even when "7.8" or "110" is printed)."""
    places = places_of(claim.value)
    per = in_wan(Decimal(1), claim.unit)
    half_printed = Decimal(5) * Decimal(10) ** (-(places + 1)) * per
    return min(half_printed, Decimal("0.005"))


def half_unit(value: Decimal) -> Decimal:
    return Decimal(5) * Decimal(10) ** (-(places_of(value) + 1))


def ratio_range(
    numerator: Decimal, num_slack: Decimal, denominator: Decimal, den_slack: Decimal
) -> tuple[Decimal, Decimal] | None:
    """The range of numerator / denominator × 100 over the rounding of both (None when the
    denominator may be zero)."""
    low_den, high_den = denominator - den_slack, denominator + den_slack
    if low_den <= 0:
        return None
    low_num, high_num = max(ZERO, numerator - num_slack), numerator + num_slack
    return low_num / high_den * HUNDRED, high_num / low_den * HUNDRED


def percent_verdict(printed: Decimal, exact: Decimal, span: tuple[Decimal, Decimal]) -> str:
    """'ok' when the printed percent is the value within the rounding of its inputs and of its own
    last place; 'rounding' when it is the truncated or rounded-up value; else 'different'."""
    tolerance = half_unit(printed)
    if span[0] - tolerance <= printed <= span[1] + tolerance:
        return "ok"
    places = places_of(printed)
    if printed in (quantize(exact, places, ROUND_DOWN), quantize(exact, places, ROUND_CEILING)):
        return "rounding"
    return "different"


def en(direction: str | None) -> str:
    """A direction word in English."""
    return {1: "an increase of", -1: "a decrease of", 0: "no change"}.get(sign_of(direction) or 0, "")


def pct(value: Decimal, places: int = 2) -> str:
    return f"{quantize(value, places)}%"
