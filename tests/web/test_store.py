"""Budgets in the database: stored values load back equal, a part is saved as a revision with a
readable diff, a stale save conflicts, any revision can be restored (issue 13)."""

from __future__ import annotations

import threading
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from yusuan.budgetfile import load_budget
from yusuan.model.money import AmountUnit
from yusuan.web import models, store
from yusuan.web.db import engine_for, migrate, sessions
from yusuan.web.diff import changes

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "examples" / "korla-2024", ROOT / "tests" / "fixtures" / "fictional-dept-2025.yaml"]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_stored_values_load_back_an_equal_budget(source: Path) -> None:
    budget = load_budget(source)
    data = store.values(budget)
    assert data["amount_unit"] == "万元"
    assert all(not isinstance(v, float) for v in _leaves(data))
    # the model holds 万元 whatever the file said; only the file's unit is not kept
    assert store.load(data) == budget.model_copy(update={"amount_unit": AmountUnit.WAN})


def test_amounts_are_exact_decimal_strings() -> None:
    data = store.values(load_budget(SOURCES[0]))
    assert data["income"][0]["of_which"] == {"一般财力": "1307.84"}
    assert store.load(data).income[0].of_which["一般财力"] == Decimal("1307.84")


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


@pytest.fixture(scope="module")
def engine(database_url: str):  # type: ignore[no-untyped-def]
    engine = engine_for(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture()
def db(engine):  # type: ignore[no-untyped-def]
    tag = uuid.uuid4().hex[:8]  # each test its own bureau, unit and people in the module's database
    with sessions(engine)() as session:
        bureau = models.Bureau(name=f"局{tag}")
        unit = models.Unit(name="单位", bureau=bureau)
        users = [
            models.User(
                username=f"{name}{tag}", display_name=name, password_hash="-", role="preparer", unit=unit
            )
            for name in ("alice", "bob")
        ]
        session.add_all([bureau, unit, *users])
        session.flush()
        row = store.create(
            session, unit, 2024, "xinjiang-2024-unit", store.values(load_budget(SOURCES[0])), users[0], "导入"
        )
        session.commit()
        yield session, row, users


def test_a_saved_part_is_a_revision_with_a_readable_diff(db) -> None:  # type: ignore[no-untyped-def]
    session, row, (alice, _) = db
    income = store.part_values(row.data, _part("income"))
    income["income"][0]["of_which"]["一般财力"] = "1300.00"
    revision = store.save_part(session, row, "income", income, alice, base_revision=1)
    session.commit()
    assert (revision.number, row.revision, row.part_versions["income"]) == (2, 2, 2)
    assert "income[0].of_which.一般财力：1307.84 → 1300.00" in revision.summary
    assert store.load(row.data).income[0].of_which["一般财力"] == Decimal("1300.00")


def test_a_save_based_on_an_old_revision_of_the_part_conflicts(db) -> None:  # type: ignore[no-untyped-def]
    session, row, (alice, bob) = db
    mine = store.part_values(row.data, _part("income"))
    theirs = store.part_values(row.data, _part("income"))
    theirs["income"][0]["reason"] = "对方写的原因"
    store.save_part(session, row, "income", theirs, bob, base_revision=1)
    session.commit()
    mine["income"][0]["reason"] = "我写的原因"
    with pytest.raises(store.Conflict) as caught:
        store.save_part(session, row, "income", mine, alice, base_revision=1)
    conflict = caught.value
    assert conflict.mine["income"][0]["reason"] == "我写的原因"
    assert conflict.theirs["income"][0]["reason"] == "对方写的原因"
    assert [str(c) for c in conflict.their_changes] == ["income[0].reason：项目资金减少 → 对方写的原因"]
    assert row.revision == 2  # nothing written by the refused save


def test_another_part_saved_meanwhile_is_no_conflict(db) -> None:  # type: ignore[no-untyped-def]
    session, row, (alice, bob) = db
    glossary = store.part_values(row.data, _part("glossary"))
    income = store.part_values(row.data, _part("income"))
    income["income"][0]["reason"] = "新原因"
    store.save_part(session, row, "income", income, bob, base_revision=1)
    store.save_part(session, row, "glossary", glossary, alice, base_revision=1)
    session.commit()
    assert row.revision == 3 and row.data["income"][0]["reason"] == "新原因"


def test_an_invalid_part_is_refused_with_field_paths(db) -> None:  # type: ignore[no-untyped-def]
    session, row, (alice, _) = db
    income = store.part_values(row.data, _part("income"))
    income["income"][0]["prior"] = "一千"
    with pytest.raises(store.Invalid) as caught:
        store.save_part(session, row, "income", income, alice, base_revision=1)
    [problem] = caught.value.problems
    assert (problem.path, problem.part) == ("income[0].prior", "income")
    assert "上年数" in problem.title and problem.message
    with pytest.raises(store.Invalid, match="没有字段 projects"):
        store.save_part(session, row, "income", {"projects": []}, alice, base_revision=1)


def test_restore_is_a_new_revision_with_the_old_data(db) -> None:  # type: ignore[no-untyped-def]
    session, row, (alice, _) = db
    original = row.data
    income = store.part_values(row.data, _part("income"))
    income["income"][0]["prior"] = "1400"
    store.save_part(session, row, "income", income, alice, base_revision=1)
    revision = store.restore(session, row, 1, alice)
    session.commit()
    assert revision is not None and revision.number == 3 and row.data == original
    assert "恢复到第 1 版" in revision.summary and "income[0].prior：1400 → 1459.00" in revision.summary
    assert row.part_versions["income"] == 3 and "glossary" not in row.part_versions
    assert store.restore(session, row, 99, alice) is None
    numbers = session.scalars(select(models.Revision.number).where(models.Revision.budget_id == row.id))
    assert sorted(numbers) == [1, 2, 3]


def test_a_new_budget_is_empty_but_valid_or_rolled_forward() -> None:
    empty = store.load(store.starting_values(2025, "xinjiang-2024-unit", "新单位"))
    assert (empty.year, empty.unit.name, empty.unit.scope.value, empty.expenditure) == (
        2025,
        "新单位",
        "单位",
        [],
    )
    last = load_budget(SOURCES[0])
    rolled = store.load(store.starting_values(2025, "xinjiang-2024-unit", last.unit.name, last))
    assert rolled.year == 2025 and rolled.profile == last.profile.model_copy(
        update={"staffing": rolled.profile.staffing}
    )
    assert rolled.income[0].prior == Decimal("1307.84")


def test_diff_lists_added_and_removed_leaves() -> None:
    found = changes({"a": [{"x": "1"}]}, {"a": [{"x": "2"}, {"x": "3"}]})
    assert [str(c) for c in found] == ["a[0].x：1 → 2", "a[1].x：（无） → 3"]


def _part(part_id: str):  # type: ignore[no-untyped-def]
    from yusuan.web.parts import BY_ID

    return BY_ID[part_id]


def test_simultaneous_saves_of_different_parts_lose_nothing(engine, db) -> None:  # type: ignore[no-untyped-def]
    """Two people save two parts at the same moment, each from revision 1: both saves land (one is
    retried on the fresh row), each part keeps its own edit."""
    _, row, (alice, bob) = db
    factory = sessions(engine)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def save(user: models.User, part_id: str, edit: Any) -> None:
        try:
            with factory() as session:
                mine = session.get(models.Budget, row.id)
                assert mine is not None
                data = store.part_values(mine.data, _part(part_id))
                edit(data)
                barrier.wait()
                store.committed(session, lambda: store.save_part(session, mine, part_id, data, user, 1))
        except BaseException as exc:  # reported below
            errors.append(exc)

    def income(data: Any) -> None:
        data["income"][0]["reason"] = "甲改的"

    def glossary(data: Any) -> None:
        data["glossary"] = [*data.get("glossary", []), {"term": "乙加的名词", "definition": "乙加的解释"}]

    threads = [
        threading.Thread(target=save, args=(alice, "income", income)),
        threading.Thread(target=save, args=(bob, "glossary", glossary)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with factory() as session:
        final = session.get(models.Budget, row.id)
        assert final is not None
        assert final.revision == 3 and final.data["income"][0]["reason"] == "甲改的"
        assert final.data["glossary"][-1]["term"] == "乙加的名词"
        assert sorted(final.part_versions.values()) == [2, 3]
