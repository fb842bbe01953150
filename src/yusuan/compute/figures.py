"""Derived figures of a budget: totals, subtotals, shares and year-on-year changes.

Rounding policy: every figure here is exact. Shares and percentages are rounded half-up to two
decimals only when shown (:func:`yusuan.model.money.quantize`); a percentage is computed from
the exact amounts, never from rounded ones.

One module (~560 lines) for one object: :class:`Figures` is the single place every derived figure
is computed, each a cached property built on the others; :class:`Change` is the change it gives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from yusuan.compute.cube import Cube, Entry
from yusuan.compute.weights import weight_total
from yusuan.model.budget import Budget, Item, PartState, PriorSplit
from yusuan.model.codes import CodeKind
from yusuan.model.money import ZERO, percent, quantize
from yusuan.model.performance import iter_indicators
from yusuan.model.sources import Fund, Source, SourceGroup
from yusuan.reference.catalog import Catalog, evidence_years, load_catalog
from yusuan.reference.catalog import Entry as Subject

FISCAL_SOURCES = tuple(s for s in Source if s.group is SourceGroup.FISCAL)


@dataclass(frozen=True)
class Change:
    """This year against the prior year: amount, percentage and the direction word."""

    current: Decimal
    prior: Decimal

    @property
    def amount(self) -> Decimal:
        """Signed change (current - prior)."""
        return self.current - self.prior

    @property
    def magnitude(self) -> Decimal:
        return abs(self.amount)

    @property
    def percent(self) -> Decimal | None:
        """Signed change as an exact percentage of the prior year; None when the prior is 0."""
        return percent(self.amount, self.prior)

    @property
    def direction(self) -> str:
        """增加 / 减少 / 持平 (amount words); see :attr:`trend` for 上涨/下降."""
        return "增加" if self.amount > 0 else "减少" if self.amount < 0 else "持平"

    @property
    def trend(self) -> str:
        """上涨 / 下降 / 持平 (the word used with a percentage)."""
        return "上涨" if self.amount > 0 else "下降" if self.amount < 0 else "持平"

    def is_flat_at(self, places: int = 2) -> bool:
        """Whether the change disappears when shown with ``places`` decimals.

        A text must not say "增加 0.00 万元": a change that rounds to zero is stated as 持平.
        """
        return quantize(self.amount, places) == 0

    def to_json(self) -> dict[str, Any]:
        pct = self.percent
        return {
            "current": amount_text(self.current),
            "prior": amount_text(self.prior),
            "amount": amount_text(self.amount),
            "percent": None if pct is None else str(quantize(pct)),
            "direction": self.direction,
        }


def amount_text(value: Decimal) -> str:
    """An exact amount as text with at least two decimals (JSON carries money as text)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        value = value.quantize(Decimal("0.01"))
    return str(value)


def share_text(part: Decimal, whole: Decimal) -> str | None:
    value = percent(part, whole)
    return None if value is None else str(quantize(value))


def _change(item: Item | None) -> Change | None:
    if item is None or item.prior is None:
        return None
    return Change(item.amount, item.prior)


# How many years from the budget's a subject's printed name may be taken from (names of 款 and 项
# rarely change; the build tells the preparer which year's documents it used).
PRINTED_YEARS = 2


@dataclass
class Figures:
    """All derived figures of one budget. Build with :func:`compute`."""

    budget: Budget
    cube: Cube = field(repr=False)
    economic: Cube = field(repr=False)
    _catalog_cache: dict[CodeKind, Catalog] = field(default_factory=dict, repr=False)
    _evidence_cache: dict[tuple[int, CodeKind], Catalog] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------ expenditure and income
    @cached_property
    def total(self) -> Decimal:
        """支出总计 = 收入总计 (the budget balances by construction)."""
        return self.cube.total()

    @cached_property
    def basic(self) -> Decimal:
        return self.cube.total(kinds=["basic"])

    @cached_property
    def project(self) -> Decimal:
        return self.cube.total(kinds=["project"])

    def by_source(self, source: Source) -> Decimal:
        """Income from one source = the expenditure it funds."""
        return self.cube.total(sources=[source])

    def by_fund(self, fund: Fund, carry_over: bool = False) -> Decimal:
        """财政拨款 of one 本账, this year's (and optionally carried over)."""
        groups = {SourceGroup.FISCAL, SourceGroup.CARRY_OVER} if carry_over else {SourceGroup.FISCAL}
        return self.cube.total(sources=[s for s in Source if s.fund is fund and s.group in groups])

    @cached_property
    def fiscal(self) -> Decimal:
        """财政拨款 of this year (一般公共 + 政府性基金 + 国有资本经营)."""
        return self.cube.total(sources=FISCAL_SOURCES)

    @cached_property
    def income_sources(self) -> list[Source]:
        """Sources with income this year, in the standard order."""
        return [s for s in Source if self.by_source(s) != 0]

    def subject_name(self, code: str) -> str | None:
        """The name of a function or economic subject: the budget's, the year's catalogue's, or
        else the one name this year's published documents print for it (``printed_name``)."""
        name = self._given_name(code)
        if name is not None:
            return name
        printed = self.printed_name(code)
        return printed[1].name if printed is not None else None

    def _given_name(self, code: str) -> str | None:
        """The name the budget or the year's catalogue gives a subject, if any."""
        if code in self.budget.subject_names:
            return self.budget.subject_names[code]
        for line in self.budget.expenditure:
            if line.code == code:
                return line.name
        for econ in self.budget.basic_economic:
            if econ.code == code:
                return econ.name
        return self._catalogs(CodeKind.of(code)).name_of(code)

    def printed_name(self, code: str) -> tuple[int, Subject] | None:
        """The name published documents print beside ``code`` (the shipped reference data, citing
        file and page) and their year, where neither the budget nor the catalogue names it: from
        the documents of the budget's year, else of the nearest year within ``PRINTED_YEARS``
        (earlier first) that prints the code, provided they all print the same name; else None."""
        if self._given_name(code) is not None:
            return None
        kind = CodeKind.of(code)
        year = self.budget.year
        years = [y for y in evidence_years(kind) if abs(y - year) <= PRINTED_YEARS]
        for other in sorted(years, key=lambda y: (abs(y - year), y)):
            if (other, kind) not in self._evidence_cache:
                self._evidence_cache[(other, kind)] = load_catalog(other, kind)
            printed = self._evidence_cache[(other, kind)].printed(code)
            if printed:
                return (other, printed[0]) if len({entry.name for entry in printed}) == 1 else None
        return None

    def _catalogs(self, kind: CodeKind) -> Catalog:
        if kind not in self._catalog_cache:
            self._catalog_cache[kind] = load_catalog(self.budget.year, kind)
        return self._catalog_cache[kind]

    def share(self, part: Decimal) -> Decimal | None:
        """Exact share of total expenditure, in percent."""
        return percent(part, self.total)

    # ------------------------------------------------------------ prior year
    @cached_property
    def prior_basic(self) -> Decimal | None:
        """Prior-year basic expenditure; unknown (None) unless every subject states its prior year."""
        priors = self._priors
        return None if priors is None else sum((p.basic for p in priors), ZERO)

    @cached_property
    def prior_project(self) -> Decimal | None:
        priors = self._priors
        return None if priors is None else sum((p.project for p in priors), ZERO)

    @cached_property
    def _priors(self) -> list[PriorSplit] | None:
        # A subject without `prior` is unknown, not zero (write `prior: {}` for a new subject).
        priors = [line.prior for line in self.budget.expenditure]
        if not priors or any(p is None for p in priors):
            return None
        return [p for p in priors if p is not None]

    @cached_property
    def prior_total(self) -> Decimal | None:
        """Prior-year expenditure: the sum of every subject's prior-year figure."""
        if self.prior_basic is None or self.prior_project is None:
            return None
        return self.prior_basic + self.prior_project

    @cached_property
    def subjects_without_prior(self) -> list[str]:
        return [line.code for line in self.budget.expenditure if line.prior is None]

    def subject_change(self, code: str, sources: Iterable[Source] | None = None) -> Change | None:
        """This year against the prior year for one 项, over some sources (default: all).

        Unknown (None) when no line of that subject from those sources states its prior year.
        """
        chosen = set(sources) if sources is not None else set(Source)
        lines = [line for line in self.budget.expenditure if line.code == code and line.source in chosen]
        if not lines or any(line.prior is None for line in lines):
            return None
        prior = sum((line.prior.total for line in lines if line.prior is not None), ZERO)
        return Change(self.cube.total(prefix=code, sources=chosen), prior)

    @cached_property
    def basic_change(self) -> Change | None:
        return self.kind_change("basic")

    @cached_property
    def project_change(self) -> Change | None:
        return self.kind_change("project")

    def kind_change(self, kind: str | None, sources: Iterable[Source] | None = None) -> Change | None:
        """Basic, project (or, with kind None, all) expenditure from some sources against the prior year.

        Unknown (None) unless every subject line from those sources states its prior year.
        """
        chosen = set(sources) if sources is not None else set(Source)
        lines = [line for line in self.budget.expenditure if line.source in chosen]
        if not lines or any(line.prior is None for line in lines):
            return None
        priors = [line.prior for line in lines if line.prior is not None]
        prior = sum(
            (p.basic if kind == "basic" else p.project if kind == "project" else p.total for p in priors),
            ZERO,
        )
        current = self.cube.total(sources=chosen, kinds=None if kind is None else [kind])
        return Change(current, prior)

    @cached_property
    def staffing_changes(self) -> dict[str, int] | None:
        """Headcount against the prior year (在职, 退休, 离休)."""
        s = self.budget.profile.staffing
        if s is None or s.prior is None:
            return None
        return {
            "in_service": s.in_service - s.prior.in_service,
            "retired": s.retired - s.prior.retired,
            "retired_cadres": s.retired_cadres - s.prior.retired_cadres,
        }

    @cached_property
    def total_change(self) -> Change | None:
        return None if self.prior_total is None else Change(self.total, self.prior_total)

    def income_change(self, source: Source) -> Change | None:
        for entry in self.budget.income:
            if entry.source is source and entry.prior is not None:
                return Change(self.by_source(source), entry.prior)
        return None

    # ------------------------------------------------------------ basic by economic subject
    @cached_property
    def personnel(self) -> Decimal:
        return self.economic.total(kinds=["personnel"])

    @cached_property
    def public(self) -> Decimal:
        return self.economic.total(kinds=["public"])

    # ------------------------------------------------------------ projects
    def allocations_total(self, index: int) -> Decimal:
        return sum((a.amount for a in self.budget.projects[index].allocations), ZERO)

    # ------------------------------------------------------------ 三公, running costs, procurement
    @cached_property
    def sangong_total(self) -> Decimal | None:
        s = self.budget.sangong
        if s is None:
            return None
        return s.overseas.amount + s.vehicle_purchase.amount + s.vehicle_running.amount + s.reception.amount

    @cached_property
    def sangong_vehicles(self) -> Decimal | None:
        s = self.budget.sangong
        return None if s is None else s.vehicle_purchase.amount + s.vehicle_running.amount

    @cached_property
    def sangong_prior(self) -> Decimal | None:
        s = self.budget.sangong
        if s is None:
            return None
        items = (s.overseas, s.vehicle_purchase, s.vehicle_running, s.reception)
        if any(item.prior is None for item in items):
            return None
        return sum((item.prior or ZERO for item in items), ZERO)

    @cached_property
    def sangong_change(self) -> Change | None:
        if self.sangong_total is None or self.sangong_prior is None:
            return None
        return Change(self.sangong_total, self.sangong_prior)

    @cached_property
    def operating_change(self) -> Change | None:
        return _change(self.budget.operating_expenses)

    @cached_property
    def procurement_total(self) -> Decimal | None:
        p = self.budget.procurement
        return None if p is None else p.goods + p.works + p.services

    # ------------------------------------------------------------ staffing, assets
    @cached_property
    def actual_staff(self) -> int | None:
        s = self.budget.profile.staffing
        return None if s is None else s.in_service + s.retired + s.retired_cadres

    @cached_property
    def vehicle_count(self) -> int:
        return sum(v.count for v in self.budget.assets.vehicles) if self.budget.assets else 0

    @cached_property
    def vehicle_value(self) -> Decimal | None:
        assets = self.budget.assets
        if assets is None or any(v.value is None for v in assets.vehicles):
            return None
        return sum((v.value or ZERO for v in assets.vehicles), ZERO)

    # ------------------------------------------------------------ performance
    @cached_property
    def performance_tables(self) -> list[tuple[str, Decimal, int]]:
        """(title, weight total, indicator count) of every performance table."""
        tables = []
        if self.budget.performance is not None:
            items = iter_indicators(self.budget.performance.indicators)
            tables.append(
                (
                    "单位整体绩效目标",
                    weight_total(i for *_, i in items),
                    len(items),
                )
            )
        for project in self.budget.projects:  # in project order, as the document prints them
            perf = self.budget.project_performance.get(project.name)
            if perf is not None:
                items = iter_indicators(perf.indicators)
                tables.append((project.name, weight_total(i for *_, i in items), len(items)))
        return tables

    # ------------------------------------------------------------ JSON
    def to_json(self) -> dict[str, Any]:
        """Every derived figure, money as exact decimal text in 万元, shares rounded to 0.01."""
        b = self.budget
        total = self.total
        classes = self.cube.codes(3)
        data: dict[str, Any] = {
            "year": b.year,
            "amount_unit": "万元",
            "comparison": b.comparison.value,
            "income": {
                "total": amount_text(total),
                "by_source": {
                    s.value: {
                        "label": s.label,
                        "amount": amount_text(self.by_source(s)),
                        "share": share_text(self.by_source(s), total),
                        "change": _json(self.income_change(s)),
                    }
                    for s in self.income_sources
                },
                "fiscal": amount_text(self.fiscal),
            },
            "expenditure": {
                "total": amount_text(total),
                "basic": amount_text(self.basic),
                "project": amount_text(self.project),
                "basic_share": share_text(self.basic, total),
                "project_share": share_text(self.project, total),
                "basic_change": _json(self.basic_change),
                "project_change": _json(self.project_change),
                "by_fund": {f.value: amount_text(self.by_fund(f)) for f in Fund},
                "by_class": {
                    code: {
                        "name": self.subject_name(code),
                        "total": amount_text(self.cube.total(prefix=code)),
                        "basic": amount_text(self.cube.total(prefix=code, kinds=["basic"])),
                        "project": amount_text(self.cube.total(prefix=code, kinds=["project"])),
                        "share": share_text(self.cube.total(prefix=code), total),
                    }
                    for code in classes
                },
                "by_subject": {
                    code: {
                        "name": self.subject_name(code),
                        "total": amount_text(self.cube.total(prefix=code)),
                        "basic": amount_text(self.cube.total(prefix=code, kinds=["basic"])),
                        "project": amount_text(self.cube.total(prefix=code, kinds=["project"])),
                        "share": share_text(self.cube.total(prefix=code), total),
                        "change": _json(self.subject_change(code)),
                    }
                    for code in self.cube.codes(7)
                },
            },
            "basic": {
                "total": amount_text(self.basic),
                "personnel": amount_text(self.personnel),
                "public": amount_text(self.public),
                "economic_total": amount_text(self.personnel + self.public),
                "by_economic_class": {
                    code: {
                        "name": self.subject_name(code),
                        "total": amount_text(self.economic.total(prefix=code)),
                        "personnel": amount_text(self.economic.total(prefix=code, kinds=["personnel"])),
                        "public": amount_text(self.economic.total(prefix=code, kinds=["public"])),
                    }
                    for code in self.economic.codes(3)
                },
            },
            "projects": {
                "count": len(b.projects),
                "total": amount_text(self.project),
                "items": [
                    {
                        "name": p.name,
                        "subject": p.subject,
                        "amount": amount_text(p.amount),
                        "allocations_total": amount_text(self.allocations_total(i)),
                    }
                    for i, p in enumerate(b.projects)
                ],
            },
            "parts": {part: b.part_state(part).value for part in ("gov_fund", "state_capital", "carry_over")},
            "prior_year": {
                "total": _amount(self.prior_total),
                "basic": _amount(self.prior_basic),
                "project": _amount(self.prior_project),
                "change": _json(self.total_change),
                "subjects_without_prior": self.subjects_without_prior,
            },
        }
        if b.sangong is not None:
            s = b.sangong
            data["sangong"] = {
                "total": _amount(self.sangong_total),
                "overseas": amount_text(s.overseas.amount),
                "vehicles": _amount(self.sangong_vehicles),
                "vehicle_purchase": amount_text(s.vehicle_purchase.amount),
                "vehicle_running": amount_text(s.vehicle_running.amount),
                "reception": amount_text(s.reception.amount),
                "prior_total": _amount(self.sangong_prior),
                "change": _json(self.sangong_change),
            }
        if b.operating_expenses is not None:
            data["operating_expenses"] = {
                "amount": amount_text(b.operating_expenses.amount),
                "change": _json(self.operating_change),
            }
        if b.procurement is not None:
            data["procurement"] = {
                "total": _amount(self.procurement_total),
                "goods": amount_text(b.procurement.goods),
                "works": amount_text(b.procurement.works),
                "services": amount_text(b.procurement.services),
            }
        staffing = b.profile.staffing
        if staffing is not None:
            data["staffing"] = {
                "authorized": staffing.authorized,
                "actual": self.actual_staff,
                "in_service": staffing.in_service,
                "retired": staffing.retired,
                "retired_cadres": staffing.retired_cadres,
                "changes": self.staffing_changes,
            }
        if b.assets is not None:
            data["assets"] = {
                "as_of": b.assets.as_of.isoformat(),
                "vehicles": {
                    "count": self.vehicle_count,
                    "value": _amount(self.vehicle_value),
                },
            }
        data["performance"] = {
            "tables": len(self.performance_tables),
            "items": [
                {"title": title, "weight_total": str(weight), "indicators": count}
                for title, weight, count in self.performance_tables
            ],
        }
        return data


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else amount_text(value)


def _json(change: Change | None) -> dict[str, Any] | None:
    return None if change is None else change.to_json()


def expenditure_entries(budget: Budget) -> list[Entry]:
    """The budget's expenditure as cube entries: basic by subject, projects (and project expenditure
    not itemised into projects) by subject."""
    entries = [
        Entry(line.code, line.source, "basic", line.basic, f"expenditure[{i}]")
        for i, line in enumerate(budget.expenditure)
        if line.basic != 0
    ]
    entries += [
        Entry(p.subject, p.source, "project", p.amount, f"projects[{i}]")
        for i, p in enumerate(budget.projects)
    ]
    entries += [
        Entry(line.code, line.source, "project", line.project, f"expenditure[{i}].project")
        for i, line in enumerate(budget.expenditure)
        if line.project != 0
    ]
    return entries


def economic_entries(budget: Budget) -> list[Entry]:
    entries = []
    for i, line in enumerate(budget.basic_economic):
        for kind in ("personnel", "public"):
            amount: Decimal = getattr(line, kind)
            if amount != 0:
                entries.append(Entry(line.code, line.source, kind, amount, f"basic_economic[{i}]"))
    return entries


def compute(budget: Budget) -> Figures:
    """Derive every figure of ``budget``."""
    return Figures(budget, Cube(expenditure_entries(budget)), Cube(economic_entries(budget)))


__all__ = ["Change", "Figures", "PartState", "amount_text", "compute", "share_text"]
