"""Fixtures of the web tests: a database URL, a running app with the demo data, and a signed-in
client per role.

``database_url`` is SQLite in a temporary folder here; it is the one place to parametrise the web
tests over more databases (PostgreSQL in CI)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from yusuan.web.serve import prepare
from yusuan.web.settings import Settings

ROLES = ("admin", "reviewer", "preparer", "preparer2")


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'yusuan.db'}"


@dataclass
class Site:
    app: FastAPI
    data_dir: Path
    passwords: dict[str, str]

    def client(self, role: str | None = None) -> TestClient:
        """A new client, signed in as the demo account ``role`` (None: the public)."""
        client = TestClient(self.app)
        if role is not None:
            login(client, role, self.passwords[role])
        return client


def csrf(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]}


def login(client: TestClient, username: str, password: str) -> None:
    response = client.post(
        "/api/login", json={"username": username, "password": password}, headers=csrf(client)
    )
    assert response.status_code == 200, response.text
    client.headers.update(csrf(client))  # every later write sends this session's token


@pytest.fixture(scope="module")
def site(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data_dir = tmp_path_factory.mktemp("data")
    app, accounts = prepare(Settings(data_dir=data_dir, database_url=database_url, secret_key="test-key"))
    assert [a.username for a in accounts] == list(ROLES)
    yield Site(app, data_dir, {a.username: a.password for a in accounts})
    app.state.engine.dispose()
