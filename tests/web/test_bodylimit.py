"""Every route has a most a request body may hold (issue 13: upload limits reuse the reader's):
refused with 413 and a Chinese message by its declared length, and while it streams without one."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.testclient import TestClient

from yusuan.read.limits import DEFAULT_MAX_BYTES
from yusuan.web.bodylimit import FORM_BYTES, MAX_FILES, limit_for

from .webkit import Site


def test_uploads_get_the_readers_limits_and_other_requests_far_less() -> None:
    assert limit_for("/check")[0] > MAX_FILES * DEFAULT_MAX_BYTES
    assert limit_for("/api/budgets/upload")[0] > DEFAULT_MAX_BYTES
    assert limit_for("/budgets/1/parts/projects") == (FORM_BYTES, "上限为 16.0 MB")
    assert FORM_BYTES < DEFAULT_MAX_BYTES


def test_a_declared_length_over_the_limit_is_refused_before_the_route(site: Site) -> None:
    preparer = site.client("preparer")
    before = preparer.get("/api/budgets/1").json()["revision"]
    body = b"x" * (FORM_BYTES + 1)
    page = preparer.post(
        "/budgets/1/parts/glossary",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert page.status_code == 413 and "请求内容过大（16.0 MB），上限为 16.0 MB" in page.text
    api = preparer.put(
        "/api/budgets/1/parts/glossary", content=body, headers={"Content-Type": "application/json"}
    )
    assert api.status_code == 413 and api.json()["detail"].startswith("请求内容过大")
    assert preparer.get("/api/budgets/1").json()["revision"] == before  # nothing saved


def test_a_streamed_body_without_a_length_is_cut_off_at_the_limit(site: Site) -> None:
    preparer = site.client("preparer")

    def chunks() -> Iterator[bytes]:  # sent chunked: no Content-Length
        for _ in range(FORM_BYTES // (1024 * 1024) + 2):
            yield b"a=" + b"x" * (1024 * 1024)

    answer = preparer.put(
        "/api/budgets/1/parts/glossary", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 413 and "超过 16.0 MB" in answer.json()["detail"]


def test_an_ordinary_request_passes(site: Site) -> None:
    client: TestClient = site.client("preparer")
    assert client.get("/api/budgets/1/parts/glossary").status_code == 200
