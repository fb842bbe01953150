"""Fixtures of the web tests: a database URL and a running app with the demo data.

``database_url`` is SQLite in a temporary folder here; it is the one place to parametrise the web
tests over more databases (PostgreSQL in CI)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from yusuan.web.serve import prepare
from yusuan.web.settings import Settings

from .webkit import ROLES, Site


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'yusuan.db'}"


@pytest.fixture(scope="module")
def site(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data_dir = tmp_path_factory.mktemp("data")
    app, accounts = prepare(Settings(data_dir=data_dir, database_url=database_url, secret_key="test-key"))
    assert [a.username for a in accounts] == list(ROLES)
    yield Site(app, data_dir, {a.username: a.password for a in accounts})
    app.state.engine.dispose()
