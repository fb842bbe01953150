"""Fixtures of the web tests: a database URL and a running app with the demo data.

``database_url`` (conftest_db) runs each module once on SQLite and once on PostgreSQL where
``YUSUAN_TEST_POSTGRES`` names a server (scripts/test.sh starts a throwaway one; in CI it must)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from yusuan.web.serve import prepare
from yusuan.web.settings import Settings

from .conftest_db import database_url, fresh_database_url  # noqa: F401 - the fixtures
from .webkit import ROLES, Site


@pytest.fixture(scope="module")
def site(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:  # noqa: F811
    data_dir = tmp_path_factory.mktemp("data")
    app, accounts = prepare(Settings(data_dir=data_dir, database_url=database_url, secret_key="test-key"))
    assert [a.username for a in accounts] == list(ROLES)
    yield Site(app, data_dir, {a.username: a.password for a in accounts})
    app.state.engine.dispose()
