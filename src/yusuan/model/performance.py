"""Performance targets (绩效目标): for the whole unit and for each project.

Indicators are kept in their 一级/二级/三级 hierarchy as nested mappings, in the order the
preparer wrote them: ``{产出指标: {数量指标: [indicator, ...]}}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from yusuan.model.fields import Amount, Model, Text, label

_COMPARATORS = {"≥": ">=", "≤": "<=", "＞": ">", "＜": "<", "＝": "="}
_TARGET = re.compile(r"^(?P<cmp>>=|<=|>|<|=)?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[^\d\s].*)?$")


@dataclass(frozen=True)
class Target:
    """An indicator value split into comparator, number and unit (">=95%" -> >=, 95, %)."""

    text: str
    comparator: str | None
    value: Decimal | None
    unit: str | None

    @property
    def is_quantitative(self) -> bool:
        return self.value is not None


def parse_target(text: str) -> Target:
    """Split an indicator value; qualitative values ("有所提升") keep only their text."""
    normalised = text.strip()
    for wide, ascii_form in _COMPARATORS.items():
        normalised = normalised.replace(wide, ascii_form)
    match = _TARGET.match(normalised)
    if match:
        unit = (match.group("unit") or "").strip() or None
        return Target(text, match.group("cmp"), Decimal(match.group("num")), unit)
    if normalised and normalised[0] in "<>=":
        raise ValueError(f"指标值“{text}”有比较符号，但其后不是数字")
    return Target(text, None, None, None)


def _target(value: Any) -> str:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise PydanticCustomError("target", "指标值应为非空文字，如 “>=95%”、“<=1.50万元”、“有所提升”")
    try:
        parse_target(value)
    except ValueError as exc:
        raise PydanticCustomError("target", str(exc)) from None
    return value.strip()


TargetText = Annotated[
    str,
    BeforeValidator(_target),
    WithJsonSchema({"type": "string", "description": "指标值，如 >=95%、<=1.50万元、有所提升"}),
]


def _weight(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise PydanticCustomError("weight", "分值权重应为数字")
    try:
        weight = Decimal(str(value))
    except ArithmeticError:
        raise PydanticCustomError("weight", "分值权重应为数字：“{value}”", {"value": value}) from None
    if not weight.is_finite() or weight < 0 or weight > 100:
        raise PydanticCustomError("weight", "分值权重应在 0 到 100 之间：{value}", {"value": value})
    return weight


Weight = Annotated[
    Decimal,
    BeforeValidator(_weight),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100}),
]


class Indicator(Model):
    """A 三级指标 with its value, basis, weight and how it is scored."""

    name: Text = label("三级指标")
    target: TargetText = label("指标值")
    basis: str | None = label("指标值设定依据", default=None)
    prior: str | None = label("上年完成值", default=None, description="上年完成值；印为“-”时不填")
    weight: Weight = label("分值权重")
    scoring: str | None = label("指标赋分规则", default=None)
    evidence: str | None = label("佐证资料", default=None)


# 一级指标 -> 二级指标 -> 三级指标 list
Indicators = dict[str, dict[str, list[Indicator]]]


def iter_indicators(indicators: Indicators) -> list[tuple[str, str, Indicator]]:
    """Flatten the hierarchy into (一级, 二级, indicator) in document order."""
    return [
        (level1, level2, item)
        for level1, level2s in indicators.items()
        for level2, items in level2s.items()
        for item in items
    ]


class UnitPerformance(Model):
    """单位（部门）整体绩效目标表."""

    contact: str | None = label("单位联系人", default=None)
    phone: str | None = label("联系电话", default=None)
    goal: Text = label("年度绩效目标")
    superior_funds: Amount = label("财政资金：上级安排", default=Decimal(0))
    indicators: Indicators = label("绩效指标（一级 → 二级 → 三级）")


class ProjectPerformance(Model):
    """项目支出绩效目标表 of one project; its amounts come from the project itself."""

    manager: str | None = label("项目负责人", default=None)
    goal: Text = label("项目总体目标")
    indicators: Indicators = label("绩效指标（一级 → 二级 → 三级）")
