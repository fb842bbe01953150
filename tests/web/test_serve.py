"""``yusuan serve``: the first start makes the demo data and prints the accounts once (Chinese); a
database that cannot be opened is a clear message, not a traceback (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from yusuan.cli import main
from yusuan.web import serve
from yusuan.web.settings import Settings


def test_first_start_prints_the_accounts_once_and_they_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[object] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: started.append((app, options)))
    first = CliRunner().invoke(main, ["serve", "--data", str(tmp_path), "--port", "8123"])
    assert first.exit_code == 0, first.output
    assert "首次启动" in first.output and "http://127.0.0.1:8123/" in first.output
    passwords = dict(
        (line.split("用户名 ")[1].split()[0], line.split("密码 ")[1].strip())
        for line in first.output.splitlines()
        if "用户名 " in line
    )
    assert set(passwords) == {"admin", "reviewer", "preparer", "preparer2"}
    assert len(set(passwords.values())) == 4 and all(len(p) >= 12 for p in passwords.values())
    app, options = started[0]  # type: ignore[misc]
    assert options == {"host": "127.0.0.1", "port": 8123, "log_level": "warning"}
    client = TestClient(app)  # type: ignore[arg-type]
    token = client.get("/api/csrf").json()["csrf_token"]
    login = {"username": "preparer", "password": passwords["preparer"]}
    assert client.post("/api/login", json=login, headers={"X-CSRF-Token": token}).status_code == 200
    [budget] = client.get("/api/budgets").json()
    assert (budget["year"], budget["unit"]["name"]) == (2024, "库尔勒经济技术开发区管理委员会党政办公室")
    second = CliRunner().invoke(main, ["serve", "--data", str(tmp_path)])
    assert second.exit_code == 0 and "首次启动" not in second.output and "密码" not in second.output


def test_a_database_that_cannot_be_opened_is_a_clear_message(tmp_path: Path) -> None:
    url = "postgresql://someone:secret@127.0.0.1:1/none"
    result = CliRunner().invoke(main, ["serve", "--data", str(tmp_path), "--database", url])
    assert result.exit_code != 0 and "无法打开数据库" in result.output
    assert "secret" not in result.output and "Traceback" not in result.output


def test_the_database_url_is_shown_without_its_password() -> None:
    shown = serve._shown("postgresql://yusuan:p4ss@db.example:5432/yusuan")
    assert shown == "postgresql://yusuan:***@db.example:5432/yusuan"
    assert Settings(data_dir=Path("/x")).database == "sqlite:////x/yusuan.db"
