"""Browser tests: the app under uvicorn on a loopback port, and Playwright pages in Debian's Chromium.

A test module uses the fixtures with
``from browser import chromium, live_app, live_server, live_settings, page`` (and may define its own
``live_settings`` or ``live_app`` to start the app with other settings or data). ``page`` opens
the app's base URL at desktop width (1280 px); ``screenshots(page, name)`` keeps the page at 1280
and 390 px (a phone) in the test-artefact folder (``YUSUAN_TEST_ARTEFACTS``, by default
build/test-artefacts/web).

Where Playwright or Chromium (/usr/bin/chromium; scripts/setup.sh installs it) is missing the
tests skip with a message — except in CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from yusuan.web.app import create_app
from yusuan.web.settings import Settings

from .dbkit import in_ci
from .liveserver import serving

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
WIDTHS = {"1280": DESKTOP, "390": PHONE}

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None  # type: ignore[assignment]

MISSING = "Playwright 或 Chromium 未安装（pip install -e '.[dev]'，Debian 软件包 chromium；scripts/setup.sh 会安装）"


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


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Headless Chromium (Debian's), driven by Playwright."""
    if sync_playwright is None or CHROMIUM is None:
        if in_ci():
            pytest.fail(f"CI 必须运行网站的浏览器测试，但{MISSING}", pytrace=False)
        pytest.skip(f"{MISSING}：跳过网站的浏览器测试")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, live_server: str) -> Iterator[Any]:
    """A new page (its own cookies) at desktop width, relative URLs resolved against the server."""
    context = chromium.new_context(base_url=live_server, viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()
