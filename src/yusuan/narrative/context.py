"""What a narrative template can use: the budget, its figures, and the one number format.

Templates never compute: amounts, shares, changes and direction words come from here, and
every number is formatted by :func:`yusuan.model.money.format_amount` as in the tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from yusuan.compute import Change, Figures
from yusuan.layout.profile import select_sources
from yusuan.model.budget import Item, Period
from yusuan.model.document import chinese_date
from yusuan.model.money import format_amount, percent, quantize
from yusuan.model.sources import Fund, Source
from yusuan.text.numerals import chinese_number


def wan(value: Decimal | None) -> str:
    """An amount in 万元 as the text prints it (1307.84); the same format as the tables."""
    return "" if value is None else format_amount(value)


def pct(value: Decimal | None) -> str:
    """A percentage with two decimals and the % sign (80.41%)."""
    return "" if value is None else f"{quantize(value)}%"


@dataclass(frozen=True)
class ChangeText:
    """A change phrased the way disclosures phrase it, direction words chosen by sign."""

    change: Change
    basis: str

    @property
    def flat(self) -> bool:
        return self.change.is_flat_at(2)

    @property
    def amount(self) -> str:
        return wan(self.change.magnitude)

    @property
    def percent(self) -> str:
        pct_value = self.change.percent
        return "" if pct_value is None else pct(abs(pct_value))

    @property
    def direction(self) -> str:
        return "持平" if self.flat else self.change.direction

    @property
    def trend(self) -> str:
        return "持平" if self.flat else self.change.trend

    @property
    def prior(self) -> str:
        return wan(self.change.prior)

    def __str__(self) -> str:
        """比上年预算减少13.18万元，下降42.52% / 与上年预算持平 / 比上年预算增加5.00万元（上年预算为0）"""
        if self.flat:
            return f"与{self.basis}持平"
        text = f"比{self.basis}{self.change.direction}{self.amount}万元"
        if self.change.percent is None:
            return f"{text}（{self.basis}为0）"
        return f"{text}，{self.change.trend}{self.percent}"


def period_text(period: Period | None) -> str:
    """2024-01..2024-12 -> 2024年1-12月; across years -> 2023年7月至2024年6月."""
    if period is None:
        return ""
    start_year, start_month = (int(part) for part in period.start.split("-"))
    end_year, end_month = (int(part) for part in period.end.split("-"))
    if start_year == end_year:
        months = f"{start_month}月" if start_month == end_month else f"{start_month}-{end_month}月"
        return f"{start_year}年{months}"
    return f"{start_year}年{start_month}月至{end_year}年{end_month}月"


def join(items: list[str], sep: str = "、") -> str:
    return sep.join(item for item in items if item)


def count_change(n: int | None) -> str:
    """增加3人 / 减少3人 / 与上年持平 for a headcount change."""
    if n is None:
        return ""
    return f"增加{n}人" if n > 0 else f"减少{-n}人" if n < 0 else "与上年持平"


def date_text(day: dt.date | None) -> str:
    return chinese_date(day) or ""


def num(value: Decimal | int | None) -> str:
    """A plain quantity (area, count) without trailing zeros: 210, 14609.83."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text


class NarrativeContext:
    """The names a template sees. Built once per document."""

    def __init__(self, figures: Figures, scope: str, name_of: Any, tables: dict[str, str]) -> None:
        self.f = figures
        self.b = figures.budget
        self.scope = scope
        self._name_of = name_of
        self.tables = tables
        self.basis = self.b.comparison.value
        self.remarks: list[str] = []

    # ------------------------------------------------------------------ helpers
    def change(self, change: Change | None, basis: str | None = None) -> ChangeText | None:
        return None if change is None else ChangeText(change, basis or self.basis)

    def item_change(self, item: Item | None, basis: str | None = None) -> ChangeText | None:
        if item is None or item.prior is None:
            return None
        return ChangeText(Change(item.amount, item.prior), basis or self.basis)

    def share(self, value: Decimal, whole: Decimal | None = None) -> str:
        return pct(percent(value, self.f.total if whole is None else whole))

    def name(self, code: str) -> str:
        return str(self._name_of(code))

    # ------------------------------------------------------------------ views
    def sources(self) -> list[dict[str, Any]]:
        """Income by source, in the standard order, with share, change and reason."""
        reasons = {entry.source: entry for entry in self.b.income}
        views = []
        for source in self.f.income_sources:
            entry = reasons.get(source)
            amount = self.f.by_source(source)
            views.append(
                {
                    "source": source.value,
                    "label": source.label,
                    "amount": wan(amount),
                    "share": self.share(amount),
                    "change": self.change(self.f.income_change(source)),
                    "reason": entry.reason if entry else None,
                }
            )
        return views

    def reasons(self, sources: str | None = None) -> str:
        """The preparer's reasons for the income changes of some sources, joined for a sentence.

        Only sources whose income changed contribute; "" when none gave a reason.
        """
        chosen = _sources(sources)
        texts: list[str] = []
        for entry in self.b.income:
            if chosen is not None and entry.source not in chosen:
                continue
            change = self.f.income_change(entry.source)
            changed = change is not None and change.amount != 0
            if entry.reason and changed and entry.reason not in texts:
                texts.append(entry.reason)
        return "；".join(texts)

    def funds(self) -> list[dict[str, Any]]:
        """The three 本账 of this year's fiscal appropriation, present or not."""
        views = []
        for fund in Fund:
            amount = self.f.by_fund(fund)
            views.append(
                {
                    "fund": fund.value,
                    "label": fund.label,
                    "amount": wan(amount),
                    "present": amount != 0,
                    "share": self.share(amount),
                    "change": self.change(self.f.income_change(Source(fund.value))),
                }
            )
        return views

    def part(self, key: str) -> str:
        """present / none / undeclared for gov_fund, state_capital, carry_over."""
        for part in ("gov_fund", "state_capital", "carry_over"):
            if key == part:
                return self.b.part_state(part).value
        raise ValueError(key)

    def total(self, sources: str | None = None, kind: str | None = None) -> Decimal:
        """Expenditure over some sources (a layout selector) and kind (basic/project)."""
        return self.f.cube.total(sources=_sources(sources), kinds=None if kind is None else [kind])

    def kind_change(
        self, kind: str | None, sources: str | None = None, basis: str | None = None
    ) -> ChangeText | None:
        return self.change(self.f.kind_change(kind, _sources(sources)), basis)

    def economic(self, kind: str, sources: str | None = None) -> Decimal:
        """Basic expenditure by economic subject: personnel or public, over some sources."""
        return self.f.economic.total(sources=_sources(sources), kinds=[kind])

    def projects_by_funding(self) -> dict[str, Any]:
        fiscal = [p for p in self.b.projects if p.source.is_fiscal]
        other = [p for p in self.b.projects if not p.source.is_fiscal]
        targeted = [p for p in self.b.projects if p.name in self.b.project_performance]
        return {
            "fiscal_count": len(fiscal),
            "fiscal_amount": wan(sum((p.amount for p in fiscal), Decimal(0))),
            "other_count": len(other),
            "other_amount": wan(sum((p.amount for p in other), Decimal(0))),
            "with_targets": len(targeted),
            "targets_amount": wan(sum((p.amount for p in targeted), Decimal(0))),
        }

    def missing(self, what: str) -> str:
        """Called by a template that cannot write its section: the document says so in its remarks."""
        self.remarks.append(f"预算中没有{what}，相关说明未写")
        return ""

    def classes(self, sources: str | None = None) -> list[dict[str, Any]]:
        """Every 类 with an amount: name, amount, share (of those sources), the preparer's note."""
        cube = self.f.cube
        chosen = _sources(sources)
        whole = cube.total(sources=chosen)
        return [
            {
                **self._subject_view(code, chosen, whole),
                "subjects": [s for s in self.subjects(sources) if s["code"].startswith(code)],
            }
            for code in cube.codes(3, chosen)
        ]

    def subjects(self, sources: str | None = None) -> list[dict[str, Any]]:
        """Every 项 with an amount: name, amount, share (of those sources), change, reason.

        Names of its 类 and 款 are looked up only when a template asks (``ctx.name(s.code[:5])``).
        """
        cube = self.f.cube
        chosen = _sources(sources)
        whole = cube.total(sources=chosen)
        reasons = {line.code: line.reason for line in self.b.expenditure if line.reason}
        return [
            {
                **self._subject_view(code, chosen, whole),
                "basic": wan(cube.total(prefix=code, sources=chosen, kinds=["basic"])),
                "project": wan(cube.total(prefix=code, sources=chosen, kinds=["project"])),
                "change": self.change(self.f.subject_change(code, chosen)),
                "reason": reasons.get(code),
            }
            for code in cube.codes(7, chosen)
        ]

    def _subject_view(self, code: str, chosen: frozenset[Source] | None, whole: Decimal) -> dict[str, Any]:
        """What a view of a 类 and of a 项 both show: code, name, amount (万元), its share of
        ``whole`` and the preparer's note."""
        amount = self.f.cube.total(prefix=code, sources=chosen)
        return {
            "code": code,
            "name": self.name(code),
            "amount": wan(amount),
            "share": self.share(amount, whole),
            "note": self.b.subject_notes.get(code),
        }

    def projects(self) -> list[dict[str, Any]]:
        views = []
        for index, project in enumerate(self.b.projects):
            views.append(
                {
                    "number": index + 1,
                    "name": project.name,
                    "basis": project.basis,
                    "amount": wan(project.amount),
                    "owner": project.owner,
                    "subject": project.subject,
                    "subject_name": self.name(project.subject),
                    "allocations": [{"item": a.item, "amount": wan(a.amount)} for a in project.allocations],
                    "period": period_text(project.period),
                    "has_performance": project.name in self.b.project_performance,
                }
            )
        return views

    def sangong_items(self) -> list[dict[str, Any]]:
        s = self.b.sangong
        if s is None:
            return []
        items = [
            ("因公出国（境）费", s.overseas),
            ("公务用车购置费", s.vehicle_purchase),
            ("公务用车运行费", s.vehicle_running),
            ("公务接待费", s.reception),
        ]
        total = self.f.sangong_total or Decimal(0)
        return [
            {
                "label": label,
                "amount": wan(item.amount),
                "share": self.share(item.amount, total),
                "change": self.item_change(item),
                "reason": item.reason,
            }
            for label, item in items
        ]

    def namespace(self) -> dict[str, Any]:
        b, f = self.b, self.f
        return {
            "b": b,
            "f": f,
            "ctx": self,
            "unit": b.unit.name,
            "short": b.unit.short_name or b.unit.name,
            "year": b.year,
            "prior_year": b.year - 1,
            "scope": self.scope,
            "basis": self.basis,
            "wan": wan,
            "pct": pct,
            "join": join,
            "cn": chinese_number,
            "period_text": period_text,
            "count_change": count_change,
            "date_text": date_text,
            "num": num,
            "tables": self.tables,
            "missing": self.missing,
        }


def _sources(selector: str | None) -> frozenset[Source] | None:
    if selector is None:
        return None
    return select_sources(selector)
