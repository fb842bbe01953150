"""Money: exact decimal amounts, the units they are stated in, and explicit rounding.

Every amount inside yusuan is a ``Decimal`` in 万元 (ten-thousand yuan), exact as entered:
an amount entered in 元 is divided by 10000 without rounding. Rounding happens only when a
figure is shown or compared with a printed one, always through :func:`quantize`: half-up for
every figure yusuan prints; down or up only where the checker asks whether a document truncated
or rounded up a percentage it printed (``check.amounts``).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum


class AmountUnit(StrEnum):
    """The unit an amount is stated in."""

    YUAN = "元"
    WAN = "万元"

    @property
    def per_wan(self) -> Decimal:
        """How many of this unit make one 万元."""
        return Decimal(10000) if self is AmountUnit.YUAN else Decimal(1)

    def from_wan(self, amount: Decimal) -> Decimal:
        """Convert an exact amount in 万元 into this unit (exactly)."""
        return amount * self.per_wan

    def to_wan(self, amount: Decimal) -> Decimal:
        """Convert an exact amount in this unit into 万元 (exactly)."""
        return amount / self.per_wan if self is AmountUnit.YUAN else amount


ZERO = Decimal(0)
HUNDRED = Decimal(100)

# Up to 6 decimals in 万元 is 0.01 元; more than that is not money.
MAX_DECIMALS_WAN = 6
MAX_DECIMALS_YUAN = 2

_AMOUNT_TEXT = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


class AmountError(ValueError):
    """An amount that cannot be read; the message is in Chinese and says why."""


# 15 integer digits: 10^15 元 is a thousand times any budget there is, and every figure derived from
# such amounts stays within Decimal's 28 significant digits
MAX_INTEGER_DIGITS = 15


def parse_amount(value: object, unit: AmountUnit = AmountUnit.WAN) -> Decimal:
    """Read an amount stated in ``unit`` and return it exactly in 万元.

    Accepts a Decimal or int, or text such as ``1307.84`` or ``2,562,500``. Floats are refused:
    a float has already lost the figure the person typed.
    """
    if isinstance(value, bool):
        raise AmountError(f"金额不能是真假值：{value!r}")
    if isinstance(value, float):
        raise AmountError("金额不能以二进制浮点数给出，请写成十进制数字（如 1307.84）")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if not _AMOUNT_TEXT.match(text):
            raise AmountError(f"金额格式不正确：“{value}”，应为数字，如 1307.84 或 2,562,500")
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation as exc:  # pragma: no cover - the pattern already guards this
            raise AmountError(f"金额格式不正确：“{value}”") from exc
    else:
        raise AmountError(f"金额应为数字，实际为 {type(value).__name__}")
    if not number.is_finite():
        raise AmountError(f"金额必须是有限数字：{value}")
    exponent = number.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    limit = MAX_DECIMALS_YUAN if unit is AmountUnit.YUAN else MAX_DECIMALS_WAN
    if decimals > limit:
        raise AmountError(f"金额小数位过多：{value}（以{unit.value}计最多 {limit} 位小数）")
    if number != 0 and number.adjusted() >= MAX_INTEGER_DIGITS:
        raise AmountError(f"金额位数过多：{value}（整数部分最多 {MAX_INTEGER_DIGITS} 位）")
    return unit.to_wan(number)


def quantize(amount: Decimal, places: int = 2, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round to ``places`` decimals, half-up unless the checker asks for another ``rounding``:
    every rounding of a figure goes through here."""
    return amount.quantize(Decimal(1).scaleb(-places), rounding=rounding)


def format_amount(amount: Decimal, places: int = 2, thousands: bool = False) -> str:
    """Show an amount rounded half-up with a fixed number of decimals."""
    rounded = quantize(amount, places)
    return f"{rounded:,.{places}f}" if thousands else f"{rounded:.{places}f}"


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole``, exact (not rounded); None where whole is zero."""
    if whole == 0:
        return None
    return part * HUNDRED / whole


# What a money unit printed in a sentence is worth in 万元 (万 alone, as in "10万", is 万元).
WAN_PER_UNIT = {
    "万元": Decimal(1),
    "万": Decimal(1),
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "亿元": Decimal(10000),
}


def is_money_unit(unit: str | None) -> bool:
    """Whether a printed unit is money (a claim with no unit is not)."""
    return unit in WAN_PER_UNIT


def in_wan(value: Decimal, unit: str | None) -> Decimal:
    """An amount printed in ``unit`` (万元 when None), exactly in 万元: the one conversion of
    printed money units."""
    return value * WAN_PER_UNIT[unit or "万元"]
