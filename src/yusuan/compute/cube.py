"""The expenditure cube: every amount of a budget by subject, source and kind.

Each table of a disclosure is a view of this cube: filter by source (一般公共预算 only, 财政拨款,
all), group by subject level (类/款/项), and sum a measure (合计, 基本支出, 项目支出, 人员经费 …).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from yusuan.model.money import ZERO
from yusuan.model.sources import Source


@dataclass(frozen=True)
class Entry:
    """One amount: subject code, funding source, kind (basic/project/personnel/public)."""

    code: str
    source: Source
    kind: str
    amount: Decimal
    origin: str  # the budget path it comes from, e.g. "projects[3]"


class Cube:
    """Sums over a list of entries, by subject prefix, sources and kinds."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = tuple(entries)

    def select(
        self,
        prefix: str | None = None,
        sources: Iterable[Source] | None = None,
        kinds: Iterable[str] | None = None,
    ) -> list[Entry]:
        wanted_sources = set(sources) if sources is not None else None
        wanted_kinds = set(kinds) if kinds is not None else None
        return [
            entry
            for entry in self.entries
            if (prefix is None or entry.code.startswith(prefix))
            and (wanted_sources is None or entry.source in wanted_sources)
            and (wanted_kinds is None or entry.kind in wanted_kinds)
        ]

    def total(
        self,
        prefix: str | None = None,
        sources: Iterable[Source] | None = None,
        kinds: Iterable[str] | None = None,
    ) -> Decimal:
        return sum((e.amount for e in self.select(prefix, sources, kinds)), ZERO)

    def codes(self, length: int, sources: Iterable[Source] | None = None) -> list[str]:
        """Codes of one level (3/5/7 digits) with a non-zero amount, in code order.

        A shorter code that stands for itself (a 类-level economic line) counts at deeper
        levels too, so that no amount is lost from a listing.
        """
        totals: dict[str, Decimal] = {}
        for entry in self.select(sources=sources):
            key = entry.code[:length]
            totals[key] = totals.get(key, ZERO) + entry.amount
        return sorted(code for code, amount in totals.items() if amount != 0)
