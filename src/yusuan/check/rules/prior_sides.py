"""One fund's income and expenditure, last year as the text states them.

A budget balances: a fund's income and its expenditure are one amount ("收入预算 2796.14 万元" and
"支出预算 2796.14 万元"), this year and last. Where the text states both with the same amount this
year but with different changes, it states two different prior-year figures for the same money:
"一般公共预算拨款收入增加 129.07 万元" and "一般公共预算拨款支出 2796.14 万元，比上年增加 166.68 万元"
give 2667.07 and 2629.46 (fuzhou/02 p.26). Only changes against the prior budget are compared
(执行数 and 决算 income and spending differ in their nature), and never in a 决算.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

from yusuan.check.amounts import is_money, sign_of, wan
from yusuan.check.context import CheckContext, compare, fmt
from yusuan.check.finding import Hint
from yusuan.check.match import BOTH_SIDES, norm_name, subject_kind
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.check.statements import Stated, basis_class, is_current, statements
from yusuan.model.document import Claim

_FUNDS = {
    "overall": "收支总额",
    "fiscal": "财政拨款",
    "general": "一般公共预算",
    "gov_fund": "政府性基金预算",
    "state_capital": "国有资本经营预算",
}
# words before the subject that are not part of it: a reason clause, a lead-in
_LEAD = re.compile(r"^(?:主要原因是|主要原因为|主要是|原因是|其中：?|相应安排|安排)+")


def fund_and_sides(subject: str | None) -> tuple[str, frozenset[str]] | None:
    """The fund a subject names and whether it is its income, its expenditure or both:
    "主要原因是一般公共预算拨款收入" → ("general", {"in"}); "财政拨款收、支" → ("fiscal", {"in", "out"})."""
    name = _LEAD.sub("", norm_name(subject))
    kind = subject_kind(name)
    if kind not in _FUNDS:
        return None
    if BOTH_SIDES.search(name):
        return kind, frozenset({"in", "out"})
    income, spending = "收入" in name, "支出" in name
    if income == spending:
        return None
    return kind, frozenset({"in"} if income else {"out"})


@dataclass(frozen=True)
class _Side:
    stated: Stated
    fund: str
    sides: frozenset[str]
    now: Decimal
    prior: Decimal
    current: Claim  # this year's amount: the statement's own, or stated elsewhere in its section

    def prior_text(self) -> str:
        change = self.stated.change
        if change is None or self.stated.current is self.current:
            return self.stated.prior_text()
        operator = "+" if sign_of(change.direction) == -1 else "−"
        return f"{fmt(self.now)} {operator} {fmt(wan(change))} = {fmt(self.prior)}万元"


def _current_elsewhere(stated: Stated, fund: str, sides: frozenset[str]) -> Claim | None:
    """This year's amount of a change stated without one ("主要原因是一般公共预算拨款收入增加129.07万元"):
    the one amount its section states for the same fund and side ("其中：一般公共预算拨款收入2796.14万元")."""
    found = {
        wan(claim): claim
        for claim in stated.section.claims
        if is_current(claim) and fund_and_sides(claim.subject) == (fund, sides)
    }
    return next(iter(found.values())) if len(found) == 1 else None


def _sides(ctx: CheckContext) -> list[_Side]:
    out = []
    for stated in statements(ctx):
        if basis_class(stated.basis) == "execution" or stated.earlier is not None:
            continue
        named = fund_and_sides(stated.subject)
        change = stated.change
        if named is None or change is None or not is_money(change) or sign_of(change.direction) in (None, 0):
            continue
        fund, sides = named
        current = stated.current or _current_elsewhere(stated, fund, sides)
        if current is None:
            continue
        now = wan(current)
        out.append(
            _Side(stated, fund, sides, now, now - (sign_of(change.direction) or 0) * wan(change), current)
        )
    return out


def _side_name(side: _Side) -> str:
    return "收支" if len(side.sides) == 2 else "收入" if "in" in side.sides else "支出"


def _shown(stated: Stated) -> str:
    return _LEAD.sub("", stated.subject or "")


@rule(
    "prior.W003",
    "同一资金本年数相同的，正文所述上年数也应相同",
    "One fund's amount, stated twice, has one prior-year figure",
    "预算收支平衡：同一资金（收支总额、财政拨款、一般公共预算、政府性基金等）的收入与支出，正文所述本年数相同的，"
    "各自的增减额推算出的上年数也应相同（“一般公共预算拨款收入增加129.07万元”与“一般公共预算拨款支出2796.14万元，"
    "比上年增加166.68万元”推算的上年数相差37.61万元）；同一资金的支出（或收入）在两处以不同的增减额说明的，"
    "同样推算出两个上年数。上年有结转等使收支不等的，应在正文中说明。以上年执行数为基础的增减、决算不比较。",
)
def one_prior_per_fund(ctx: CheckContext, report: Reporter) -> None:
    if ctx.document.stage == "决算":
        return
    reported: set[str] = set()
    for one, other in itertools.combinations(_sides(ctx), 2):
        if one.fund != other.fund or one.fund in reported or one.stated is other.stated:
            continue
        if compare(one.now, other.now, parts=2, places=2) == "different":
            continue  # not one amount this year as stated: nothing says they were one last year
        tolerance = one.stated.prior_parts() + other.stated.prior_parts()
        if compare(one.prior, other.prior, parts=tolerance, places=2) != "different":
            continue
        if "in" in other.sides and "out" in one.sides and "in" not in one.sides:
            one, other = other, one  # income first
        reported.add(one.fund)
        fund = _FUNDS[one.fund]
        assert one.stated.change is not None and other.stated.change is not None
        location, provenance = ctx.at_claim(other.stated.section, other.stated.change)
        first = f"“{_shown(one.stated)}”{one.stated.change.direction}{one.stated.change.text}"
        second = f"“{_shown(other.stated)}”{other.stated.change.direction}{other.stated.change.text}"
        names = {_side_name(one), _side_name(other)}
        what = "收入与支出" if names == {"收入", "支出"} else "、".join(sorted(names))
        report(
            f"{fund}本年{what}同为 {fmt(one.now)}万元，正文所述增减推算的上年数却不同："
            f"{first}，上年{_side_name(one)}为 {one.prior_text()}；"
            f"{second}，上年{_side_name(other)}为 {other.prior_text()}；"
            f"相差 {fmt(abs(one.prior - other.prior))}万元",
            f"{one.fund}: {one.now} this year in both statements, but the changes stated give last year "
            f"{one.prior} and {other.prior}",
            Hint(
                "核对两处增减额；上年收支确实不等的（如有上年结转），在正文中说明",
                "Check the two changes; where last year's income and expenditure really differed "
                "(a carry-over), say so in the text",
            ),
            location,
            provenance,
        )
