"""The HTML page on a phone (390 px wide) in Chromium: no amount cut off, tables that scroll say so.

Skipped where Playwright (a dev dependency) or Chromium (/usr/bin/chromium, scripts/setup.sh installs it) is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from yusuan.budgetfile import load_budget
from yusuan.check.report import html_report
from yusuan.check.runner import check_document
from yusuan.generate import build_document
from yusuan.layout import load_layout
from yusuan.render.html import render_html

from conftest import FICTIONAL, KORLA

PHONE = {"width": 390, "height": 844}


# Every table cell whose content is wider than the cell (cut off or spilling into its neighbour).
OVERFLOWING = """() => [...document.querySelectorAll('td, th')]
  .filter(c => c.scrollWidth > c.clientWidth + 1 && c.textContent.trim())
  .map(c => c.textContent.trim())"""

# Every scrolling region: whether it overflows sideways and whether its hint shows.
REGIONS = """() => [...document.querySelectorAll('.table-scroll, .chart-svg')].map(r => {
  const hint = r.parentElement.querySelector(':scope > .scroll-hint');
  return {
    name: r.getAttribute('aria-label'),
    overflows: r.scrollWidth > r.clientWidth + 1,
    hint: hint !== null && getComputedStyle(hint).display !== 'none',
  };
})"""


@pytest.fixture(scope="module")
def browser(chromium: Any) -> Any:
    return chromium  # the one Chromium of the test process (tests/conftest.py)


def open_page(browser: Any, html: str, directory: Path) -> Any:
    path = directory / "page.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport=PHONE)
    page.goto(path.as_uri())
    return page


@pytest.mark.parametrize(
    ("source", "layout"), [(KORLA, "xinjiang-2024-unit"), (FICTIONAL, "shanghai-2023-dept")]
)
def test_document_on_a_phone(browser: Any, tmp_path: Path, source: Path, layout: str) -> None:
    document = build_document(load_budget(source), load_layout(layout))
    page = open_page(browser, render_html(document), tmp_path)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # only regions scroll
    assert page.evaluate(OVERFLOWING) == []
    # the title breaks between its lines only: the unit's name keeps one line even on a phone
    lines = page.evaluate(
        "[...document.querySelectorAll('h1 .title-line')].map(l => [l.textContent,"
        " Math.round(l.getBoundingClientRect().height / parseFloat(getComputedStyle(l).lineHeight))])"
    )
    assert lines[0] == [document.unit_name, 1] and "".join(text for text, _ in lines) == document.title
    amounts = page.evaluate(
        "[...document.querySelectorAll('td.num')].filter(c => c.textContent.trim()).length"
    )
    assert amounts > 20
    regions = page.evaluate(REGIONS)
    assert any(r["overflows"] for r in regions)
    for region in regions:
        # a region that scrolls says so; one that fits does not
        assert region["hint"] == region["overflows"], region
    # the naming column stays in view: scrolled to the end, its cells are still at the left edge
    page.eval_on_selector(".table-figure.wide .table-scroll", "e => { e.scrollLeft = e.scrollWidth }")
    left = page.eval_on_selector(".table-figure.wide tbody .sticky", "e => e.getBoundingClientRect().left")
    region = page.eval_on_selector(".table-figure.wide .table-scroll", "e => e.getBoundingClientRect().left")
    assert abs(left - region) < 2
    # chart text stays legible: the picture is drawn at least 36rem wide, its text at least 11 px
    widths = page.evaluate(
        "[...document.querySelectorAll('.chart-svg svg')].map(s => s.getBoundingClientRect().width)"
    )
    assert len(widths) == len(document.charts) and all(w >= 570 for w in widths)
    page.close()


def test_check_report_on_a_phone(browser: Any, tmp_path: Path) -> None:
    document = build_document(load_budget(KORLA), load_layout("xinjiang-2024-unit"))
    # a figure changed in the first table: the report has findings with long messages and places
    table = document.tables[0]
    row = table.rows[0]
    changed = row.cells[1].model_copy(update={"value": row.cells[1].value + 1, "text": "1308.84"})
    rows = [row.model_copy(update={"cells": [row.cells[0], changed, *row.cells[2:]]}), *table.rows[1:]]
    tables = [table.model_copy(update={"rows": rows}), *document.tables[1:]]
    report = check_document(document.model_copy(update={"tables": tables}))
    assert report.findings
    page = open_page(browser, html_report(report), tmp_path)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(OVERFLOWING) == []
    # each finding is a card: its message takes the screen's width, not a quarter of it
    widths = page.evaluate(
        "[...document.querySelectorAll('table.findings tbody td:nth-child(3)')]"
        ".map(c => c.getBoundingClientRect().width)"
    )
    assert len(widths) == len(report.findings) and min(widths) > 330
    page.close()
