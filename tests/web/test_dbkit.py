"""The test databases (dbkit): each test gets its own empty database, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from .conftest_db import database_url, fresh_database_url  # noqa: F401 - the fixtures
from .dbkit import (
    POSTGRES_ENV,
    SQLITE,
    database_params,
    database_urls,
    fresh_database,
    postgres_server,
    require_server,
)


def tables(url: str) -> list[str]:
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        return sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


def make_table(url: str, name: str) -> None:
    engine = sa.create_engine(url, poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(sa.text(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, note TEXT)"))
        connection.execute(sa.text(f"INSERT INTO {name} (id, note) VALUES (1, '预算')"))
    engine.dispose()


def test_each_test_gets_an_empty_database_of_its_own(fresh_database_url: str) -> None:  # noqa: F811
    assert tables(fresh_database_url) == []
    make_table(fresh_database_url, "budget_probe")
    assert tables(fresh_database_url) == ["budget_probe"]


def test_the_module_database_is_another_empty_one(database_url: str, fresh_database_url: str) -> None:  # noqa: F811
    assert database_url != fresh_database_url
    if "module_probe" not in tables(database_url):  # the module's tests share database_url
        make_table(database_url, "module_probe")
    assert tables(fresh_database_url) == []


@pytest.mark.parametrize("server", database_params())
def test_a_table_in_one_fresh_database_is_absent_from_another(server: str | None, tmp_path: Path) -> None:
    server = require_server(server)
    with (
        fresh_database(server, tmp_path / "a") as first,
        fresh_database(server, tmp_path / "b") as second,
    ):
        assert first != second
        make_table(first, "unit_probe")
        assert tables(first) == ["unit_probe"] and tables(second) == []


def test_a_postgresql_database_is_dropped_afterwards_even_with_a_connection_open(tmp_path: Path) -> None:
    server = require_server(postgres_server())
    with fresh_database(server, tmp_path) as url:
        name = sa.engine.make_url(url).database
        forgotten = sa.create_engine(url)
        left_open = forgotten.connect()  # a test that forgot to close its connection
        left_open.execute(sa.text("SELECT 1"))
    # the server ended that connection; closing it now keeps its finaliser from running at random
    # (CPython 3.11.7 can then break an ast.parse that is under way)
    left_open.invalidate()
    forgotten.dispose()
    admin = sa.create_engine(server, poolclass=NullPool)
    with admin.connect() as connection:
        found = connection.execute(
            sa.text("SELECT count(*) FROM pg_database WHERE datname = :n"), {"n": name}
        )
        assert found.scalar() == 0
    admin.dispose()


def test_database_urls_add_postgresql_only_when_a_server_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(POSTGRES_ENV, raising=False)
    assert database_urls() == [SQLITE]
    monkeypatch.setenv(POSTGRES_ENV, "postgresql+psycopg://postgres@127.0.0.1:5999/postgres")
    assert database_urls() == [SQLITE, "postgresql+psycopg://postgres@127.0.0.1:5999/postgres"]


def test_without_a_server_postgresql_skips_but_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="PostgreSQL"):
        require_server(None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI 必须在 PostgreSQL 上运行"):
        require_server(None)
    assert require_server("postgresql+psycopg://x@127.0.0.1/y") == "postgresql+psycopg://x@127.0.0.1/y"
