"""The databases the web tests run against, and a fresh empty database for each test.

SQLite always; PostgreSQL when ``YUSUAN_TEST_POSTGRES`` holds a server's SQLAlchemy URL
(``scripts/test.sh`` starts a throwaway server with ``scripts/postgres.sh`` and sets it). Without
one the PostgreSQL tests skip with a message, except in CI (``CI=true``), where that is a failure:
CI must test both databases.

``fresh_database(server, folder)`` gives a database nobody else sees: a new SQLite file in
``folder``, or ``CREATE DATABASE`` with a random name on the PostgreSQL server (dropped afterwards,
with any connections a test left open), so tests never see each other's rows and can run in
parallel (pytest-xdist).
"""

from __future__ import annotations

import gc
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from conftest import in_ci

POSTGRES_ENV = "YUSUAN_TEST_POSTGRES"
SQLITE = "sqlite://"  # SQLite's "server": each fresh database is a new file
NO_POSTGRES = (
    f"未设置 {POSTGRES_ENV}（PostgreSQL 服务器地址）：跳过 PostgreSQL 上的网站测试"
    "（scripts/test.sh 会用 scripts/postgres.sh 启动一个）"
)


def postgres_server() -> str | None:
    """The PostgreSQL server the tests may use (a SQLAlchemy URL), or None."""
    return os.environ.get(POSTGRES_ENV, "").strip() or None


def database_urls() -> list[str]:
    """The servers to test against: SQLite always, PostgreSQL when one is given."""
    server = postgres_server()
    return [SQLITE, server] if server else [SQLITE]


def database_params() -> list[object]:
    """``database_urls()`` as pytest parameters named sqlite/postgresql; PostgreSQL is always one
    of them, so a missing server shows as a skip (or, in CI, a failure) rather than as nothing."""
    return [
        pytest.param(SQLITE, id="sqlite"),
        pytest.param(postgres_server(), id="postgresql"),
    ]


def require_server(server: str | None) -> str:
    """The server, or skip the test (fail it in CI) when PostgreSQL is wanted but not given."""
    if server:
        return server
    if in_ci():
        pytest.fail(f"CI 必须在 PostgreSQL 上运行网站测试，但未设置 {POSTGRES_ENV}", pytrace=False)
    pytest.skip(NO_POSTGRES)


@contextmanager
def fresh_database(server: str, folder: Path) -> Iterator[str]:
    """A new empty database on ``server`` (``SQLITE`` or a PostgreSQL URL); yields its URL."""
    name = f"yusuan_test_{secrets.token_hex(6)}"
    if server == SQLITE:
        folder.mkdir(parents=True, exist_ok=True)
        yield f"sqlite:///{folder / (name + '.db')}"
        return
    url = make_url(server)
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            yield url.set(database=name).render_as_string(hide_password=False)
        finally:
            # Connections the test let go of without closing are finalised now, while their
            # database exists, rather than by some later collection: a psycopg finaliser that ran
            # inside ast.parse (pytest rewriting a module) broke CPython 3.11.7's parser ("AST
            # constructor recursion depth mismatch") in test_dbkit.
            gc.collect()
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
