"""The web app starts and serves its front page and static files (issue 13)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from yusuan.web.app import create_app
from yusuan.web.settings import Settings


def test_front_page_is_chinese_and_loads_htmx(tmp_path: Path) -> None:
    client = TestClient(create_app(Settings(data_dir=tmp_path)))
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="zh-CN">' in page.text and "部门预算公开" in page.text
    assert client.get("/static/htmx.min.js").status_code == 200


def test_secret_key_is_made_once_and_kept(tmp_path: Path) -> None:
    first = Settings(data_dir=tmp_path).key()
    assert len(first) > 40 and Settings(data_dir=tmp_path).key() == first
    assert (tmp_path / "secret.key").stat().st_mode & 0o077 == 0
