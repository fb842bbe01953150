"""A part's form in Chromium against a live server on the loopback interface: rows are added and a
wrong amount is told beside its field without JavaScript (plain form posts) and with htmx (the form
swapped in place, the page not reloaded), CSRF token included both ways.

The routes here are the test's own, written the way docs/web/forms.md tells the workspace to use the
forms. Skipped where Playwright (a dev dependency) or Chromium (Debian package chromium) is missing.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from yusuan.model.budget import Budget
from yusuan.source import load_budget
from yusuan.web.app import create_app
from yusuan.web.forms import check_part, parse, part_form, part_values, row_action
from yusuan.web.security import csrf_protect
from yusuan.web.settings import Settings
from yusuan.web.templating import templates

from conftest import KORLA

PART = "projects"
PAGE = """{% extends "base.html" %}
{% block head %}<link rel="stylesheet" href="{{ url_for('static', path='forms.css') }}">{% endblock %}
{% block content %}{% include "forms/part.html" %}{% endblock %}"""


class Store:
    """The test's one budget, saved in memory."""

    def __init__(self) -> None:
        self.budget: Budget = load_budget(KORLA)
        self.saves = 0


def make_app(tmp_path: Path, store: Store) -> Any:
    app = create_app(Settings(data_dir=tmp_path, secret_key="browser-test"))

    def show(
        request: Request, values: dict[str, Any], errors: Any = None, add: str | None = None
    ) -> HTMLResponse:
        budget = store.budget
        form = part_form(PART, values, errors, unit=budget.amount_unit, year=budget.year, add=add)
        context = {"request": request, "form": form, "action": "/part"}
        if request.headers.get("HX-Request"):  # htmx: the form alone, swapped in place
            return HTMLResponse(templates.env.get_template("forms/part.html").render(context))
        return HTMLResponse(
            templates.env.from_string(PAGE).render(context), status_code=422 if errors else 200
        )

    @app.get("/part")
    def get_part(request: Request) -> HTMLResponse:
        return show(request, part_values(store.budget, PART))

    @app.post("/part", dependencies=[Depends(csrf_protect)])
    async def post_part(request: Request) -> HTMLResponse:
        posted = await request.form()
        values = parse(PART, posted)
        action = row_action(posted)
        if action is not None:
            return show(request, values, add=action[1] if action[0] == "add" else None)
        checked = check_part(store.budget, PART, values)
        if checked.budget is None:
            return show(request, values, checked.errors)
        store.budget = checked.budget
        store.saves += 1
        return show(request, part_values(store.budget, PART))

    return app


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[str, Store]]:
    store = Store()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(make_app(tmp_path, store), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(200):
        if running.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", store
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(chromium: Any) -> Any:
    return chromium  # the one Chromium of the test process (tests/conftest.py)


@pytest.mark.parametrize("javascript", [False, True], ids=["plain", "htmx"])
def test_add_a_row_and_save_a_wrong_amount(browser: Any, server: tuple[str, Store], javascript: bool) -> None:
    url, store = server
    count = len(store.budget.projects)
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{url}/part")
    if javascript:
        page.wait_for_function("window.htmx !== undefined")
        page.evaluate("window.sameDocument = true")  # survives an htmx swap, not a page load
    page.get_by_role("button", name="添加一项：项目").last.click()
    new_row = page.locator(f"#f-projects-{count}")
    new_row.wait_for()
    page.fill(f"#f-projects-{count}-name", "新增测试项目")
    page.fill(f"#f-projects-{count}-subject", store.budget.expenditure[0].code)
    page.fill(f"#f-projects-{count}-amount", "约30万")
    page.get_by_role("button", name="保存项目").click()
    error = page.locator(f"#f-projects-{count}-amount-error")
    error.wait_for()
    assert error.inner_text().startswith("金额格式不正确")
    assert page.input_value(f"#f-projects-{count}-amount") == "约30万"  # kept as typed
    assert page.get_attribute(f"#f-projects-{count}-amount", "aria-invalid") == "true"
    assert store.saves == 0
    page.fill(f"#f-projects-{count}-amount", "30")
    page.get_by_role("button", name="保存项目").click()
    page.locator(f"#f-projects-{count}-amount-error").wait_for(state="detached")
    page.wait_for_function(f"document.querySelector('#f-projects-{count}-amount')?.value === '30'")
    assert store.saves == 1 and store.budget.projects[-1].name == "新增测试项目"
    assert len(store.budget.projects) == count + 1
    if javascript:
        assert page.evaluate("window.sameDocument") is True
    context.close()
