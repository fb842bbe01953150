"""The parts of a budget that the workspace edits one at a time (a form, a revision, a lock).

Every top-level field of ``yusuan.model.budget.Budget`` belongs to exactly one part; the part's
title is what the preparer sees. A save replaces the fields of one part, so two people may edit
different parts of one budget at once, and a conflict is told part by part."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    id: str  # in URLs and the API
    title: str
    fields: tuple[str, ...]  # Budget's top-level fields


PARTS: tuple[Part, ...] = (
    Part("settings", "年度与版式", ("yusuan", "year", "amount_unit", "layout", "comparison")),
    Part("unit", "单位信息与概况", ("unit", "profile", "issuer")),
    Part("income", "收入", ("income",)),
    Part(
        "expenditure",
        "支出",
        (
            "expenditure",
            "subject_names",
            "subject_notes",
            "basic_economic",
            "basic_notes",
            "reasons",
            "none_this_year",
        ),
    ),
    Part("projects", "项目", ("projects",)),
    Part("performance", "绩效目标", ("performance", "project_performance")),
    Part("sangong", "“三公”经费与机关运行经费", ("sangong", "operating_expenses")),
    Part("procurement", "政府采购", ("procurement",)),
    Part("assets", "国有资产", ("assets",)),
    Part("glossary", "名词解释", ("glossary",)),
)

BY_ID = {part.id: part for part in PARTS}


def part_of(field: str) -> Part:
    """The part a top-level field of the budget belongs to."""
    for part in PARTS:
        if field in part.fields:
            return part
    raise KeyError(field)
