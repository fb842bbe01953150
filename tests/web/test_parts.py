"""Every field of the budget is edited in exactly one part of the workspace (issue 13)."""

from __future__ import annotations

from collections import Counter

from yusuan.model.budget import Budget
from yusuan.web.parts import BY_ID, PARTS, part_of


def test_every_budget_field_is_in_exactly_one_part() -> None:
    placed = Counter(field for part in PARTS for field in part.fields)
    assert set(placed) == set(Budget.model_fields)
    assert max(placed.values()) == 1
    assert part_of("projects") is BY_ID["projects"] and part_of("sangong").title.startswith("“三公”")
