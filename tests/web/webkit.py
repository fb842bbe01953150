"""Helpers of the web tests: the demo site and signed-in clients (fixtures in conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

ROLES = ("admin", "reviewer", "preparer", "preparer2")


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
