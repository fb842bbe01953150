"""The check-a-document pages in Chromium at 1280 and 390 px: a PDF chosen in the form by the
keyboard's label, checked, and its findings shown beside their page with the box in view.

The app is served by uvicorn on the loopback interface, in a thread, for the test's length. Screenshots are kept in build/test-artefacts/web/ (a copy of one is docs/web/).
Skipped where Playwright (a dev dependency) or Chromium (Debian package chromium) is missing."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from yusuan.web.app import create_app
from yusuan.web.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "build" / "test-artefacts" / "web"
JIANGSU = ROOT / "tests" / "fixtures" / "read" / "jiangsu-procuratorate-2017-dept-budget.pdf"


# where the first finding's box lies against the window onto its page (both in CSS pixels)
FIRST_BOX = """() => {
  const card = document.querySelector('article.finding');
  const crop = card.querySelector('.crop').getBoundingClientRect();
  const box = card.querySelector('.box').getBoundingClientRect();
  const text = card.querySelector('.finding-text').getBoundingClientRect();
  const img = card.querySelector('img');
  return {crop: [crop.left, crop.top, crop.right, crop.bottom], box: [box.left, box.top, box.right, box.bottom],
          text: [text.left, text.top, text.right, text.bottom], loaded: img.complete && img.naturalWidth > 0};
}"""


@pytest.fixture(scope="module")
def browser(chromium: Any) -> Any:
    return chromium  # the one Chromium of the test process (tests/conftest.py)


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by uvicorn on the loopback interface, in a thread, for this module's tests
    (Chromium does not hand an intercepted request's uploaded file to a route handler)."""
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("web"), secret_key="browser-test"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def test_a_pdf_checked_in_the_browser_at_desktop_and_phone_width(browser: Any, origin: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{origin}/check")
    page.get_by_label("选择文件").set_input_files(str(JIANGSU))
    page.get_by_role("button", name="开始检查").click()
    page.wait_for_url(f"{origin}/check/*", timeout=120_000)
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="错误（5）").is_visible()
    first = page.evaluate(FIRST_BOX)
    assert first["loaded"]
    crop, box, text = first["crop"], first["box"], first["text"]
    # the highlighted line is inside the window onto the page, beside the finding's text
    assert crop[0] <= box[0] < box[2] <= crop[2] + 1 and crop[1] <= box[1] < box[3] <= crop[3]
    assert text[2] <= crop[0]
    page.screenshot(path=str(ARTEFACTS / "check-result-1280.png"), full_page=True)
    result = page.url

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(result)
    phone.wait_for_load_state("networkidle")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off the screen
    first = phone.evaluate(FIRST_BOX)
    crop, box, text = first["crop"], first["box"], first["text"]
    assert text[3] <= crop[1]  # on a phone the page comes below the text
    assert crop[1] <= box[1] < box[3] <= crop[3]
    phone.screenshot(path=str(ARTEFACTS / "check-result-390.png"), full_page=True)

    phone.get_by_role("link", name="jiangsu-procuratorate-2017-dept-budget.pdf 第 22 页").first.click()
    phone.wait_for_load_state("networkidle")
    assert phone.get_by_role("heading", name="本页的问题（4）").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(ARTEFACTS / "check-page-390.png"), full_page=True)
