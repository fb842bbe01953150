"""The database fixtures of the web tests: each runs once per database (SQLite, and PostgreSQL
where ``YUSUAN_TEST_POSTGRES`` is set — see ``dbkit``), each time on a fresh empty database, given
as a SQLAlchemy URL string (``Settings(database_url=...)``).

- ``database_url``: one database for the tests of a module (module scope, so a module-scoped app
  fixture can use it);
- ``fresh_database_url``: one database for each test.

``tests/web/conftest.py`` (or a test module) uses them with
``from .conftest_db import database_url, fresh_database_url``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .dbkit import database_params, fresh_database, require_server


@pytest.fixture(scope="module", params=database_params())
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = require_server(request.param)
    with fresh_database(server, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(params=database_params())
def fresh_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    server = require_server(request.param)
    with fresh_database(server, tmp_path_factory.mktemp("db")) as url:
        yield url
