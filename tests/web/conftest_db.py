"""The ``database_url`` fixture: each test that asks for it runs once per database (SQLite, and
PostgreSQL where ``YUSUAN_TEST_POSTGRES`` is set — see ``dbkit``), each time on a fresh empty
database, given as a SQLAlchemy URL string (``Settings(database_url=...)``).

A test module (or ``tests/web/conftest.py``) uses it with ``from conftest_db import database_url``;
``module_database_url`` is the same, shared by the tests of one module.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dbkit import database_params, fresh_database, require_server


@pytest.fixture(params=database_params())
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = require_server(request.param)
    with fresh_database(server, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="module", params=database_params())
def module_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    server = require_server(request.param)
    with fresh_database(server, tmp_path_factory.mktemp("db")) as url:
        yield url
