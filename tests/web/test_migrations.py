"""Migrations make the schema from an empty database, on every start, and the models match it
(issue 13)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text

from yusuan.budgetfile import load_budget
from yusuan.web import documents, models, store
from yusuan.web.db import MIGRATIONS, engine_for, migrate
from yusuan.web.models import Base
from yusuan.web.serve import prepare
from yusuan.web.settings import Settings

from conftest import KORLA


def test_migrations_upgrade_an_empty_database_and_match_the_models(database_url: str) -> None:
    engine = engine_for(database_url)
    migrate(engine)
    migrate(engine)  # again, as every start does: nothing to do
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables and "alembic_version" in tables
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, Base.metadata) == []
        head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
        assert context.get_current_revision() == head
    engine.dispose()


def test_one_line_of_migrations() -> None:
    assert len(ScriptDirectory(str(MIGRATIONS)).get_heads()) == 1


def test_a_database_of_the_previous_schema_is_upgraded_with_its_data(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """A database made by the yusuan of migration 0001 (before revisions kept their counts), with a
    budget in it: upgraded on start, nothing lost, and the counts made when first asked for."""
    engine = engine_for(fresh_database_url)
    migrate(engine, "0001")
    data = store.values(load_budget(KORLA))
    with engine.begin() as connection:
        rows = {
            "bureau": {"id": 1, "name": "测试财政局"},
            "unit": {"id": 1, "bureau_id": 1, "name": "测试单位"},
            "user_account": {
                "id": 1,
                "username": "old",
                "display_name": "老用户",
                "password_hash": "x",
                "role": "preparer",
                "bureau_id": None,
                "unit_id": 1,
            },
        }
        for table, values in rows.items():
            columns = ", ".join(values)
            connection.execute(
                text(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(':' + c for c in values)})"), values
            )
        now = datetime.now(UTC)
        connection.execute(
            text(
                "INSERT INTO budget (id, unit_id, year, layout, status, data, revision, part_versions,"
                " published_revision, row_version, updated)"
                " VALUES (1, 1, 2024, :layout, 'draft', :data, 1, '{}', NULL, 1, :now)"
            ),
            {"layout": data["layout"], "data": json.dumps(data, ensure_ascii=False), "now": now},
        )
        connection.execute(
            text(
                "INSERT INTO revision (id, budget_id, number, author_id, time, part, data, summary)"
                " VALUES (1, 1, 1, 1, :now, '', :data, '新建')"
            ),
            {"data": json.dumps(data, ensure_ascii=False), "now": now},
        )
    engine.dispose()
    app, _ = prepare(Settings(data_dir=tmp_path, database_url=fresh_database_url, secret_key="k"))
    engine = app.state.engine
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    with app.state.sessions() as db:
        budget = db.get(models.Budget, 1)
        assert budget is not None and budget.data == data and budget.unit.name == "测试单位"
        revision = store.revision(db, budget, 1)
        assert revision is not None and revision.errors is None  # not counted yet
        assert documents.counts_of(db, budget) == {"error": 1, "warning": 3}  # as yusuan check says
        db.commit()
    with app.state.sessions() as db:
        revision = db.scalar(select(models.Revision).where(models.Revision.id == 1))
        assert revision is not None and (revision.errors, revision.warnings) == (1, 3)
    engine.dispose()
