"""Funding sources (资金来源): where the money of each expenditure line comes from.

Every expenditure line and project names its source. Income by source is the sum of the
expenditure by source (a budget balances: 收入总计 = 支出总计), so income is never typed twice.
"""

from __future__ import annotations

from enum import StrEnum


class SourceGroup(StrEnum):
    """The blocks of a two-sided summary table's income side."""

    FISCAL = "fiscal"  # 财政拨款（本年）
    SPECIAL_ACCOUNT = "special_account"  # 财政专户管理资金
    UNIT = "unit"  # 单位资金
    CARRY_OVER = "carry_over"  # 上年结转结余


class Source(StrEnum):
    """One funding source, at the finest level the standard tables show."""

    GENERAL = "general"
    GOV_FUND = "gov_fund"
    STATE_CAPITAL = "state_capital"
    SPECIAL_ACCOUNT = "special_account"
    BUSINESS = "business"
    OPERATING = "operating"
    SUPERIOR = "superior"
    AFFILIATED = "affiliated"
    OTHER = "other"
    CARRY_GENERAL = "carry_general"
    CARRY_GOV_FUND = "carry_gov_fund"
    CARRY_STATE_CAPITAL = "carry_state_capital"
    CARRY_NON_FISCAL = "carry_non_fiscal"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def group(self) -> SourceGroup:
        return _GROUPS[self]

    @property
    def fund(self) -> Fund | None:
        """The budget (本账) a fiscal source belongs to, this year's or carried over."""
        return _FUNDS.get(self)

    @property
    def is_fiscal(self) -> bool:
        """财政拨款: this year's appropriation or its carry-over (not unit funds)."""
        return self.fund is not None


class Fund(StrEnum):
    """The three 本账 that fiscal appropriations come from."""

    GENERAL = "general"
    GOV_FUND = "gov_fund"
    STATE_CAPITAL = "state_capital"

    @property
    def label(self) -> str:
        return {
            Fund.GENERAL: "一般公共预算",
            Fund.GOV_FUND: "政府性基金预算",
            Fund.STATE_CAPITAL: "国有资本经营预算",
        }[self]


_LABELS = {
    Source.GENERAL: "一般公共预算拨款",
    Source.GOV_FUND: "政府性基金预算拨款",
    Source.STATE_CAPITAL: "国有资本经营预算拨款",
    Source.SPECIAL_ACCOUNT: "财政专户管理资金",
    Source.BUSINESS: "事业收入",
    Source.OPERATING: "事业单位经营收入",
    Source.SUPERIOR: "上级补助收入",
    Source.AFFILIATED: "附属单位上缴收入",
    Source.OTHER: "其他收入",
    Source.CARRY_GENERAL: "上年结转（一般公共预算拨款）",
    Source.CARRY_GOV_FUND: "上年结转（政府性基金预算拨款）",
    Source.CARRY_STATE_CAPITAL: "上年结转（国有资本经营预算拨款）",
    Source.CARRY_NON_FISCAL: "上年非财政拨款结余",
}

_GROUPS = {
    Source.GENERAL: SourceGroup.FISCAL,
    Source.GOV_FUND: SourceGroup.FISCAL,
    Source.STATE_CAPITAL: SourceGroup.FISCAL,
    Source.SPECIAL_ACCOUNT: SourceGroup.SPECIAL_ACCOUNT,
    Source.BUSINESS: SourceGroup.UNIT,
    Source.OPERATING: SourceGroup.UNIT,
    Source.SUPERIOR: SourceGroup.UNIT,
    Source.AFFILIATED: SourceGroup.UNIT,
    Source.OTHER: SourceGroup.UNIT,
    Source.CARRY_GENERAL: SourceGroup.CARRY_OVER,
    Source.CARRY_GOV_FUND: SourceGroup.CARRY_OVER,
    Source.CARRY_STATE_CAPITAL: SourceGroup.CARRY_OVER,
    Source.CARRY_NON_FISCAL: SourceGroup.CARRY_OVER,
}

_FUNDS = {
    Source.GENERAL: Fund.GENERAL,
    Source.GOV_FUND: Fund.GOV_FUND,
    Source.STATE_CAPITAL: Fund.STATE_CAPITAL,
    Source.CARRY_GENERAL: Fund.GENERAL,
    Source.CARRY_GOV_FUND: Fund.GOV_FUND,
    Source.CARRY_STATE_CAPITAL: Fund.STATE_CAPITAL,
}
