"""The front page in Chromium: Chinese, htmx loaded, no horizontal scroll on a phone (390 px)."""

from __future__ import annotations

import re
import struct
from typing import Any

from .browser import (  # noqa: F401 - fixtures
    PHONE,
    chromium,
    horizontal_overflow,
    live_app,
    live_server,
    live_settings,
    page,
    screenshots,
)

HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int(struct.unpack(">I", data[16:20])[0])


def test_front_page_in_a_browser(page: Any) -> None:  # noqa: F811
    response = page.goto("/")
    assert response is not None and response.status == 200
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    text = page.inner_text("body")
    assert len(HAN.findall(text)) > 2 * len(LATIN.findall(text)), text  # Chinese, not English
    page.wait_for_function("() => window.htmx !== undefined")
    assert page.evaluate("window.htmx.version").startswith("2.")

    shots = screenshots(page, "home")
    assert {width: png_width(path.read_bytes()) for width, path in shots.items()} == {
        "1280": 1280,
        "390": 390,
    }
    page.set_viewport_size(PHONE)
    assert horizontal_overflow(page) == 0


def test_a_page_wider_than_a_phone_is_seen(page: Any) -> None:  # noqa: F811
    # the check above can fail: a page with a 600 px wide block scrolls sideways on a phone
    page.set_viewport_size(PHONE)
    page.set_content('<html><body style="margin:0"><div style="width:600px">宽表格</div></body></html>')
    assert horizontal_overflow(page) == 600 - PHONE["width"]
