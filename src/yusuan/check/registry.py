"""The rule catalogue: every rule is a small function registered with its id, severity and texts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from yusuan.check.finding import Finding, Severity

_ID = re.compile(r"^[a-z]+\.[EWN]\d{3}$")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    title_en: str
    rationale: str
    check: Callable[..., Iterable[Finding] | None]

    @property
    def family(self) -> str:
        return self.id.split(".")[0]


RULES: dict[str, Rule] = {}

FAMILIES = {
    "arith": "表内运算（行、列、合计、上下级科目）",
    "cross": "表间一致",
    "text": "正文与表格一致",
    "prior": "上年数与增减",
    "share": "占比",
    "code": "科目编码与名称",
    "complete": "完整性",
    "date": "日期与期间",
    "project": "项目一致",
    "perf": "绩效目标表",
    "class": "功能与经济分类交叉",
    "sangong": "“三公”经费",
    "parts": "人员、资产、政府采购",
    "wording": "用语与规范",
}


def rule(
    id: str, title: str, title_en: str, rationale: str
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a rule. The severity is the letter in its id (E error, W warning, N notice)."""
    if not _ID.match(id):
        raise ValueError(f"rule id {id!r} must be family.E|W|N + three digits")
    severity = {"E": Severity.ERROR, "W": Severity.WARNING, "N": Severity.NOTICE}[id.split(".")[1][0]]

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        if id in RULES:
            raise ValueError(f"rule {id} registered twice")
        if id.split(".")[0] not in FAMILIES:
            raise ValueError(f"rule {id}: unknown family")
        RULES[id] = Rule(id, severity, title, title_en, rationale, func)
        return func

    return register
