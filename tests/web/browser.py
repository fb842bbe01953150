"""Browser tests: the app under uvicorn on a loopback port, and Playwright pages in Debian's Chromium.

A test module uses the fixtures with
``from .browser import live_app, live_server, live_settings, page`` (Chromium itself is the
session fixture ``chromium`` of tests/conftest.py) (and may define its own
``live_settings`` or ``live_app`` to start the app with other settings or data). A module that
needs the demo site (the Korla unit, a second unit, the demo accounts) makes ``live_app`` return
``demo_site.app`` and signs people in through the login page with ``sign_in``. ``page`` opens
the app's base URL at desktop width (1280 px); ``screenshots(page, name)`` keeps the page at 1280
and 390 px (a phone) in the test-artefact folder (``YUSUAN_TEST_ARTEFACTS``, by default
build/test-artefacts/web).

Where Playwright or Chromium (/usr/bin/chromium; scripts/setup.sh installs it) is missing the
tests skip with a message — except in CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from yusuan.web.app import create_app
from yusuan.web.serve import prepare
from yusuan.web.settings import Settings

from .liveserver import serving
from .webkit import Site

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
WIDTHS = {"1280": DESKTOP, "390": PHONE}
WAIT_MS = 90_000  # the longest wait for a page or an element: a build and a check on a busy machine


def artefacts() -> Path:
    """The folder the screenshots are kept in (made on first use)."""
    folder = Path(os.environ.get("YUSUAN_TEST_ARTEFACTS") or ROOT / "build" / "test-artefacts") / "web"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshots(page: Any, name: str) -> dict[str, Path]:
    """Full-page screenshots of ``page`` at 1280 and 390 px, as ``<name>-1280.png`` / ``-390.png``;
    the page is left at its former size."""
    before = page.viewport_size
    shots = {}
    for width, size in WIDTHS.items():
        page.set_viewport_size(size)
        path = artefacts() / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        shots[width] = path
    page.set_viewport_size(before)
    return shots


def horizontal_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the window (0: no horizontal scroll)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def phone_overflow(page: Any) -> int:
    """How much wider than a phone (390 px) the page is when shown on one; the page is left at its
    former size."""
    before = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        return horizontal_overflow(page)
    finally:
        page.set_viewport_size(before)


@pytest.fixture(scope="module")
def live_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The settings the module's server runs with: a fresh data folder (SQLite in it)."""
    return Settings(data_dir=tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def live_app(live_settings: Settings) -> Any:
    """The app the module's server runs (a module may make it otherwise, with demo data say)."""
    return create_app(live_settings)


@pytest.fixture(scope="module")
def live_server(live_app: Any) -> Iterator[str]:
    """The app, served on a free loopback port for the test module; its base URL."""
    with serving(live_app) as url:
        yield url


@pytest.fixture
def page(chromium: Any, live_server: str) -> Iterator[Any]:
    """A new page (its own cookies) at desktop width, relative URLs resolved against the server."""
    context = chromium.new_context(base_url=live_server, viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The app as ``yusuan serve`` first starts it (SQLite in a fresh data folder): the demo bureau,
    the Korla unit with its budget, a second unit, and the demo accounts with their passwords."""
    data_dir = tmp_path_factory.mktemp("web")
    app, accounts = prepare(Settings(data_dir=data_dir, secret_key="browser-test"))
    yield Site(app, data_dir, {a.username: a.password for a in accounts})
    app.state.engine.dispose()


def new_context(chromium: Any, base_url: str, **options: Any) -> Any:
    """A browser context of its own (cookies, storage) at desktop width, in Chinese, relative URLs
    resolved against ``base_url``, waiting long enough for a build on a busy machine."""
    context = chromium.new_context(
        base_url=base_url, viewport=DESKTOP, locale="zh-CN", accept_downloads=True, **options
    )
    context.set_default_timeout(WAIT_MS)
    return context


def follow(page: Any, target: Any) -> None:
    """Click ``target`` (a link or a button that loads another page) and wait until that page has
    loaded: what is read next is read from it, not from the page before."""
    with page.expect_navigation():
        target.click()


def sign_in(page: Any, username: str, password: str, next_path: str = "/") -> Any:
    """Sign in through the login page as a person would (the labels, the button); the page is left
    where the login sends them (``next_path``). The response of the login post."""
    page.goto(f"/login?next={next_path}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    with (
        page.expect_response(lambda r: r.url.endswith("/login") and r.request.method == "POST") as posted,
        page.expect_navigation(),
    ):
        page.get_by_role("button", name="登录").click()
    return posted.value


class People:
    """One browser context per demo account, signed in through the login page when first asked
    for; ``people["preparer"]`` is that person's page (``people.context(role)`` its context)."""

    def __init__(self, chromium: Any, base_url: str, passwords: dict[str, str]) -> None:
        self.chromium = chromium
        self.base_url = base_url
        self.passwords = passwords
        self.pages: dict[str, Any] = {}

    def __getitem__(self, role: str) -> Any:
        if role not in self.pages:
            page = new_context(self.chromium, self.base_url).new_page()
            response = sign_in(page, role, self.passwords[role])
            assert response.status == 303, f"{role} 登录失败：{response.status}"
            self.pages[role] = page
        return self.pages[role]

    def context(self, role: str) -> Any:
        return self[role].context

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture(scope="module")
def people(chromium: Any, live_server: str, demo_site: Site) -> Iterator[People]:
    """The demo accounts' browsers for the module (the module's ``live_app`` is ``demo_site.app``)."""
    everyone = People(chromium, live_server, demo_site.passwords)
    yield everyone
    everyone.close()
