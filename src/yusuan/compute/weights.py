"""The 分值合计 of a performance target table: the one sum of its indicators' weights.

The same sum serves a budget's indicators (``Figures.performance_tables``), a built or read
document's table (the renderers' 分值合计 row, the read report)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol

from yusuan.model.money import ZERO


class Weighted(Protocol):
    @property
    def weight(self) -> Decimal | None: ...


def weight_total(indicators: Iterable[Weighted]) -> Decimal:
    """The weights added up; an indicator printed without a weight adds nothing."""
    return sum((item.weight for item in indicators if item.weight is not None), ZERO)
