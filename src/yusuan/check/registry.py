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
    # A notice with no check of its own: the rule (or the family) named here reports it in place of
    # its own finding, e.g. a difference within rounding.
    emitted_by: str | None = None

    @property
    def family(self) -> str:
        return self.id.split(".")[0]


RULES: dict[str, Rule] = {}


class UnknownRuleError(ValueError):
    """A rule or family asked for by name that is not registered (the message is for the user)."""


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
    "page": "页面与目录",
}

# The families in English (yusuan check --english).
FAMILIES_EN = {
    "arith": "Arithmetic within a table (rows, columns, totals, subject levels)",
    "cross": "Agreement between tables",
    "text": "Text against the tables",
    "prior": "Prior-year figures and changes",
    "share": "Shares",
    "code": "Subject codes and names",
    "complete": "Completeness",
    "date": "Dates and periods",
    "project": "Projects",
    "perf": "Performance target tables",
    "class": "Function against economic classification",
    "sangong": "The three public expenses (三公)",
    "parts": "Staff, assets, government procurement",
    "wording": "Wording and conventions",
    "page": "Pages and contents",
}


# Rules that need no layout: arithmetic inside a table, the text against itself, prior-year
# arithmetic, performance forms, wording. In the unknown-layout mode (no profile fits the document)
# only these run; the others rely on knowing which standard table is which and what the layout
# requires. A family name stands for all its rules.
LAYOUT_FREE = frozenset(
    {
        "arith",
        "text.E001",  # in the unknown-layout mode only a code no table prints (see the rule)
        "text.E002",
        "text.E003",
        "text.N001",
        "text.E005",
        "text.E006",
        "text.W002",
        "text.W003",
        "prior.E001",
        "prior.E002",
        "prior.E003",
        "prior.E004",
        "prior.E005",
        "prior.W001",
        "prior.W003",
        "share",
        "sangong.E001",
        "sangong.E003",
        "parts",
        "perf",
        "date",
        "code.E001",
        "code.W004",
        "project.E001",  # a project the text names, against the row of that name in a project list
        "project.E002",
        "wording.N001",
        "wording.W002",
        "wording.W003",
        "wording.W004",
        "wording.W005",
        "wording.W006",
        "wording.W007",
        "wording.N002",
        "wording.N003",
        "wording.N004",
        "wording.N005",
        "wording.W010",
        "wording.W011",
        "wording.W012",
        "page",
    }
)
# Rules whose parts are rows the layout names (the function classes, the three funds, the levels of
# income): in the unknown-layout mode those rows are read by another layout's table, so they say
# at most a notice (bench/holdout.py: Jiangsu and Quanzhou documents read without their own
# profiles got such errors from rows taken for classes and income levels that were not).
ROWS_BY_LAYOUT = frozenset({"arith.E006", "arith.E007", "arith.E010"})
# Rules that judge a document by what its layout requires (its tables, its sections). A layout is
# known to require them of the years and the scope (部门/单位) it was built on: a document read in a
# layout of another year or scope (Jiangsu 2018 in the 2017 profile, a Shanghai 单位 budget in the
# 部门 profile) may rightly differ, and these findings are notices there (bench: every document
# read with the profile it was read in hidden gave 30 false complete.E002 errors).
REQUIRED_BY_LAYOUT = frozenset({"complete.E001", "complete.E002"})
# Rules that need the budget year: silent where the year could not be read.
NEEDS_YEAR = frozenset(
    {"date", "wording.W003", "code.W001", "code.W002", "code.W003", "prior.E005", "text.E006"}
)


def _member(rule_id: str, names: frozenset[str]) -> bool:
    return rule_id in names or rule_id.split(".")[0] in names


def applies(rule_id: str, *, layout_known: bool, year_known: bool) -> bool:
    """Whether a rule runs on a document whose layout and year are (not) known."""
    if not layout_known and not _member(rule_id, LAYOUT_FREE):
        return False
    return year_known or not _member(rule_id, NEEDS_YEAR)


def rule(
    id: str, title: str, title_en: str, rationale: str, *, emitted_by: str | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a rule. The severity is the letter in its id (E error, W warning, N notice). A rule
    ``emitted_by`` another rule (or a family) has no check of its own: the decorated function is
    never called."""
    if not _ID.match(id):
        raise ValueError(f"rule id {id!r} must be family.E|W|N + three digits")
    severity = {"E": Severity.ERROR, "W": Severity.WARNING, "N": Severity.NOTICE}[id.split(".")[1][0]]

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        if id in RULES:
            raise ValueError(f"rule {id} registered twice")
        if id.split(".")[0] not in FAMILIES:
            raise ValueError(f"rule {id}: unknown family")
        RULES[id] = Rule(id, severity, title, title_en, rationale, func, emitted_by)
        return func

    return register


def to_run(only: set[str] | None) -> set[str]:
    """The rules whose checks run when only the rules ``only`` are wanted (all when None): a
    notice emitted by another rule runs that rule (or its family)."""
    wanted = set(RULES) if only is None else only & set(RULES)
    out = set()
    for rule_id in wanted:
        owner = RULES[rule_id].emitted_by
        if owner is None:
            out.add(rule_id)
        else:
            out |= {
                r for r in RULES if (r == owner or r.split(".")[0] == owner) and RULES[r].emitted_by is None
            }
    return out
