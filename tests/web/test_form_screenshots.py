"""A part's form in Chromium at phone (390 px) and desktop (1280 px) width, with a wrong amount told
beside its field and the live findings beside the form: nothing wider than the phone, the message
right under its input. The screenshots are test artefacts (``YUSUAN_SCREENSHOTS=folder`` keeps
them; docs/web/ holds a pair).

Skipped where Playwright (a dev dependency) or Chromium (Debian package chromium) is missing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from yusuan.source import load_budget
from yusuan.web.app import STATIC, create_app
from yusuan.web.findings import counts, findings_for
from yusuan.web.forms import check_part, parse, part_form, part_values
from yusuan.web.settings import Settings
from yusuan.web.templating import templates

from .formkit import posted
from conftest import KORLA

WIDTHS = (390, 1280)


# a page of the workspace as the workspace will make it: base.html, the form, the findings beside
PAGE = """{% extends "base.html" %}
{% block title %}“三公”经费 — yusuan{% endblock %}
{% block head %}<link rel="stylesheet" href="{{ url_for('static', path='forms.css') }}">{% endblock %}
{% block content %}
<div class="layout-2">
<div>{% include "forms/part.html" %}</div>
<aside>{% include "findings/list.html" %}</aside>
</div>
{% endblock %}"""


@pytest.fixture(scope="module")
def browser(chromium: Any) -> Any:
    return chromium  # the one Chromium of the test process (tests/conftest.py)


def page_html(tmp_path: Path) -> str:
    korla = load_budget(KORLA)
    data = posted(
        str(
            templates.env.get_template("forms/macros.html").module.part_form(
                part_form("sangong", part_values(korla, "sangong"), year=korla.year), "/", ""
            )
        )
    )
    data["sangong.reception.amount"] = "约30万"
    values = parse("sangong", data)
    checked = check_part(korla, "sangong", values)
    found = findings_for(korla)
    app = create_app(Settings(data_dir=tmp_path, secret_key="screenshot"))

    @app.get("/page")
    def _page(request: Request) -> HTMLResponse:
        form = part_form("sangong", values, checked.errors, unit=korla.amount_unit, year=korla.year)
        html = templates.env.from_string(PAGE).render(
            request=request,
            form=form,
            action="/budgets/1/parts/sangong",
            findings=found,
            counts=counts(found),
            part_href="/budgets/1/parts/{part}",
        )
        return HTMLResponse(html)

    html = TestClient(app).get("/page").text
    return html.replace('href="http://testserver/static/', f'href="{STATIC.as_uri()}/').replace(
        'src="http://testserver/static/', f'src="{STATIC.as_uri()}/'
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_form_at_phone_and_desktop_width(browser: Any, tmp_path: Path, width: int) -> None:
    path = tmp_path / "page.html"
    path.write_text(page_html(tmp_path), encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(path.as_uri())
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.part-form fieldset')).borderTopStyle")
        == "solid"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen
    field = page.locator("#f-sangong-reception-amount").bounding_box()
    error = page.locator("#f-sangong-reception-amount-error").bounding_box()
    assert field is not None and error is not None
    assert 0 <= error["y"] - (field["y"] + field["height"]) < 40  # the message right under its input
    assert page.locator("#f-sangong-reception-amount-error").inner_text().startswith("金额格式不正确")
    shot = tmp_path / f"form-sangong-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    keep = os.environ.get("YUSUAN_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)
    # the keyboard follows the page: the problem's link in the summary, then the first field
    # (nothing hidden takes the focus before them); the link points to the field
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#f-sangong-reception-amount"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-sangong-overseas-amount"
    page.close()
