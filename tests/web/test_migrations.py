"""Migrations make the schema from an empty database, on every start, and the models match it
(issue 13)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from yusuan.web.db import MIGRATIONS, engine_for, migrate
from yusuan.web.models import Base


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
