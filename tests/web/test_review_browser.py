"""Review and publication in Chromium against the real app (the demo site) on the loopback
interface: the preparer submits; the reviewer returns it with a comment, which the preparer reads;
the preparer submits again; the reviewer approves and publishes; the public reads the published
document at its stable address (the document with its charts, the four downloads, a table as CSV
and JSON), on a desktop and on a phone (390 px, screenshots kept as test artefacts).

Skipped where Playwright or Chromium is missing, except in CI (tests/conftest.py)."""

from __future__ import annotations

import csv
import io
import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from yusuan.web.documents import FORMAT_TITLES

from .browser import (  # noqa: F401 - fixtures
    PHONE,
    People,
    demo_site,
    follow,
    horizontal_overflow,
    live_server,
    new_context,
    people,
    phone_overflow,
    screenshots,
)
from .webkit import Site

MAGIC = {"docx": b"PK\x03\x04", "xlsx": b"PK\x03\x04", "pdf": b"%PDF-"}
RETURNED = "请核对项目资金执行时间（应为 2024 年内）"


@pytest.fixture(scope="module")
def live_app(demo_site: Site) -> Any:  # noqa: F811
    return demo_site.app


def status(page: Any) -> str:
    return str(page.locator("#status").inner_text())


def act(page: Any, title: str) -> None:
    """Press the budget page's button for an action (提交审核 …) and wait for the page it leads to."""
    follow(page, page.get_by_role("button", name=title, exact=True))


def test_submit_return_approve_publish_then_the_public_page(
    chromium: Any,
    live_server: str,  # noqa: F811
    people: People,  # noqa: F811
) -> None:
    preparer, reviewer = people["preparer"], people["reviewer"]
    preparer.goto("/budgets/1")
    korla = preparer.request.get("/api/budgets/1").json()["unit"]["name"]
    assert status(preparer) == "草稿"
    assert not preparer.get_by_role("button", name="审核通过").count()  # not the preparer's to do

    act(preparer, "提交审核")
    assert status(preparer) == "已提交"
    follow(preparer, preparer.get_by_role("link", name="项目", exact=True))
    assert preparer.locator("form.part-form fieldset[disabled]").count() == 1  # read-only now
    assert not preparer.locator("form.part-form").get_by_role("button").count()

    # the reviewer finds it on the bureau page and returns it with a comment
    reviewer.goto("/bureau")
    line = reviewer.locator("main tbody tr").filter(has_text=korla)
    assert line.locator("td").nth(3).inner_text() == "已提交"
    line.get_by_role("link", name=korla).click()
    reviewer.wait_for_url("**/budgets/1")
    reviewer.get_by_label("退回意见").fill(RETURNED)
    act(reviewer, "退回修改")
    assert status(reviewer) == "已退回"

    # the preparer reads the comment; the budget may be edited again, and is submitted again
    preparer.goto("/budgets/1")
    assert status(preparer) == "已退回"
    assert phone_overflow(preparer) == 0
    preparer.locator("#findings #error-count").wait_for()  # the findings, styled as beside a form
    style = "getComputedStyle(document.querySelector('#findings ul.findings li')).{}"
    assert preparer.evaluate(style.format("listStyleType")) == "none"
    assert preparer.evaluate(style.format("borderLeftStyle")) == "solid"
    screenshots(preparer, "budget-returned")
    comment = preparer.locator("#comments + ul li").filter(has_text=RETURNED)
    assert comment.inner_text().startswith("审核人") and f"退回修改：{RETURNED}" in comment.inner_text()
    assert preparer.get_by_text("（可编辑）").first.is_visible()
    act(preparer, "提交审核")
    assert status(preparer) == "已提交"

    # approved, not yet public; then published
    reviewer.reload()
    act(reviewer, "审核通过")
    assert status(reviewer) == "已审核通过"
    public = new_context(chromium, live_server).new_page()
    assert public.goto("/public/1/2024/").status == 404
    act(reviewer, "公开发布")
    assert status(reviewer) == "已公开"
    reviewer.goto("/bureau")
    assert (
        reviewer.locator("main tbody tr").filter(has_text=korla).locator("td").nth(3).inner_text() == "已公开"
    )

    # the public: the list of published documents, the document at its stable address
    public.goto("/public/")
    public.get_by_role("link", name=f"{korla} 2024 年预算").click()
    public.wait_for_url("**/public/1/2024/")
    about = public.request.get("/api/public/1/2024").json()
    assert public.get_by_role("heading", level=1).inner_text() == about["title"]
    document = public.frame_locator("iframe.preview")
    document.locator("svg").first.wait_for()  # the HTML document with its charts
    assert korla in document.locator("h1").first.inner_text()

    links = [public.get_by_role("link", name=title, exact=True) for title in FORMAT_TITLES.values()]
    boxes = [link.bounding_box() for link in links]
    for before, after in pairwise(boxes):  # side by side or wrapped, apart
        assert after["x"] >= before["x"] + before["width"] + 8 or after["y"] >= before["y"] + before["height"]
    assert (
        public.evaluate("getComputedStyle(document.querySelector('ul.actions li')).listStyleType") == "none"
    )
    for fmt, link in zip(FORMAT_TITLES, links, strict=True):
        assert link.get_attribute("href") == f"document.{fmt}"
        if fmt == "html":  # shown in the browser, not downloaded
            shown = public.request.get(f"/public/1/2024/document.{fmt}")
            assert shown.ok and shown.text().lstrip().lower().startswith("<!doctype html")
            continue
        with public.expect_download() as started:
            link.click()
        data = Path(started.value.path()).read_bytes()
        assert data.startswith(MAGIC[fmt]) and len(data) > 10_000, (fmt, data[:8], len(data))

    # a table as CSV (downloaded) and as JSON: the same rows as the document's table
    first = about["tables"][0]
    row = public.locator("main table tbody tr").first
    assert first["title"] in row.inner_text()
    with public.expect_download() as started:
        row.get_by_role("link", name="CSV").click()
    text = Path(started.value.path()).read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text[1:])))
    row.get_by_role("link", name="JSON").click()
    public.wait_for_url(f"**/tables/{first['key']}.json")
    data = json.loads(public.locator("body").inner_text())
    assert data["title"] == first["title"]
    assert table[0] == [column["title"] for column in data["columns"]]
    assert len(table) == 1 + len(data["rows"])

    # on a phone: nothing wider than the screen
    public.goto("/public/1/2024/")
    public.frame_locator("iframe.preview").locator("svg").first.wait_for()
    shots = screenshots(public, "public-document")
    assert all(path.stat().st_size > 10_000 for path in shots.values())
    public.set_viewport_size(PHONE)
    assert public.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert horizontal_overflow(public) == 0
    public.context.close()
