"""PDF: opened with a real PDF library, checked for the tables, sections, figures and fonts."""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import accumulate, pairwise
from pathlib import Path

import pdfplumber
import pytest

from ownfiles import OwnFiles
from yusuan.budgetfile import load_budget
from yusuan.compute import compute
from yusuan.generate import build_document
from yusuan.layout import load_layout
from yusuan.model.document import Document
from yusuan.render.pdf import render_pdf
from yusuan.render.typeset import heading_segments
from yusuan.text.width import display_width

from conftest import FICTIONAL, KORLA


def document(source: object, layout: str = "xinjiang-2024-unit") -> Document:
    budget = load_budget(source)  # type: ignore[arg-type]
    return build_document(budget, load_layout(layout), compute(budget))


@pytest.fixture(scope="module")
def korla_pdf(own_file: OwnFiles) -> tuple[Path, list[str]]:
    path = own_file(KORLA, "xinjiang-2024-unit", "pdf")
    with pdfplumber.open(path) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    return path, pages


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a4_pages_and_embedded_cjk_fonts(korla_pdf: tuple[Path, list[str]]) -> None:
    path, pages = korla_pdf
    with pdfplumber.open(path) as pdf:
        first = pdf.pages[0]
        assert (round(first.width), round(first.height)) == (595, 842)
        fonts = {char["fontname"].split("+")[-1] for page in pdf.pages[:6] for char in page.chars}
    assert any(name.startswith("NotoSerifCJK") for name in fonts)
    assert any(name.startswith("NotoSansCJK") for name in fonts)
    raw = path.read_bytes()
    assert b"/FontFile3" in raw or b"/FontFile2" in raw  # embedded, not referenced
    assert len(pages) > 15


def test_every_table_with_its_figures(korla_pdf: tuple[Path, list[str]]) -> None:
    _, pages = korla_pdf
    text = squash("".join(pages))
    titles = [
        "单位收支总体情况表",
        "单位收入总体情况表",
        "单位支出总体情况表",
        "财政拨款收支预算总体情况表",
        "一般公共预算支出情况表",
        "一般公共预算基本支出情况表",
        "一般公共预算项目支出情况表",
        "政府性基金预算支出情况表",
        "国有资本经营预算支出情况表",
        "财政拨款“三公”经费支出情况表",
        "上年结转结余情况明细表",
    ]
    positions = [text.find(f"表{n}{title}") for n, title in enumerate(titles, start=1)]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions)
    assert "20131行政运行939.99939.99" in text  # table 3: 201 | 3 | 1, as the seed prints it
    assert "210111行政单位医疗17.8217.82" in text
    assert "合计1307.841051.59256.25" in text
    assert "本单位2024年度无上年结转结余情况支出，本表为空表。" in text
    assert "2562500" in text


def test_sections_text_and_charts(korla_pdf: tuple[Path, list[str]]) -> None:
    _, pages = korla_pdf
    text = squash("".join(pages))
    for number in ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"):
        assert f"{number}、关于库尔勒" in text or f"{number}、其他重要事项" in text
    assert "比上年预算减少13.18万元，下降42.52%" in text
    contents = squash("".join(pages[1:3]))
    body = squash("".join(pages[3:]))
    # the contents list each performance table by its project; each table's page prints its title
    assert contents.count("项目支出绩效目标表（") == 8 and "项目支出绩效目标表（大楼维修项目）" in contents
    assert "单位整体绩效目标表" in contents
    assert body.count("项目支出绩效目标表") == 8
    totals = [
        sum((row.weight for row in table.indicators if row.weight is not None), Decimal(0))
        for table in document(KORLA).performance
    ]
    assert body.count("分值合计") == len(totals) == 9
    for total in set(totals):
        assert body.count(f"分值合计{total.normalize():f}") == totals.count(total)
    # one title per chart (the picture draws none), numbered once each
    for number, title in enumerate(["支出按功能分类构成", "基本支出与项目支出"], start=1):
        assert body.count(f"图{number}{title}") == 1
    assert [body.count(f"图{n}") for n in range(1, 6)] == [1, 1, 1, 1, 0]
    assert "名词解释" in text and "2024年2月8日" in text


def test_cover_has_no_page_number_and_a_title_broken_between_words(
    korla_pdf: tuple[Path, list[str]],
) -> None:
    _, pages = korla_pdf
    cover = [squash(line) for line in pages[0].splitlines() if line.strip()]
    assert cover == [
        "库尔勒经济技术开发区管理委员会党政办公室",
        "2024年单位预算公开",
        "2024年2月8日",
    ]
    assert "— 2 —" in pages[1] or "—2—" in squash(pages[1])


def test_headings_in_the_contents_break_between_words(korla_pdf: tuple[Path, list[str]]) -> None:
    """Each contents entry that takes two lines breaks where heading_segments allows it."""
    _, pages = korla_pdf
    korla = document(KORLA)
    lines = [
        squash(re.sub(r"[. ]+\u2060?\d+$", "", line)) for page in pages[1:3] for line in page.splitlines()
    ]
    checked = 0
    for section in korla.sections:
        heading = squash(section.heading)
        bounds = set(accumulate(len(squash(s)) for s in heading_segments(section.heading, korla.unit_name)))
        for first, second in pairwise(lines):
            if first != heading and heading.startswith(first) and first + second == heading:
                assert len(first) in bounds, (first, second)
                checked += 1
    assert checked >= 8  # the long 说明 headings of the Xinjiang layout take two lines


def test_wide_tables_turn_landscape(korla_pdf: tuple[Path, list[str]]) -> None:
    path, pages = korla_pdf
    with pdfplumber.open(path) as pdf:
        landscape = [i for i, page in enumerate(pdf.pages) if page.width > page.height]
    assert landscape  # table 2 (11 columns) and table 10 (12 columns)
    assert any("单位收入总体情况表" in pages[i] for i in landscape)


@pytest.mark.parametrize("layout", ["shanghai-2023-dept", "jiangsu-2017-dept"])
def test_other_layouts_and_the_second_budget(own_file: OwnFiles, layout: str) -> None:
    for source in (KORLA, FICTIONAL):
        path = own_file(source, layout, "pdf")
        with pdfplumber.open(path) as pdf:
            text = squash("".join(page.extract_text() or "" for page in pdf.pages))
        if source is KORLA and layout.startswith("shanghai"):
            assert "2024年部门财务收支预算总表" in text and "13,078,400" in text
        if source is KORLA and layout.startswith("jiangsu"):
            assert "一、收支预算总表" in text and "十二、政府采购支出预算表" in text


def test_display_width_counts_cjk_double() -> None:
    assert display_width("行政运行") == 8 and display_width("939.99") == 6


def test_a_source_without_issuer_renders(tmp_path: Path) -> None:
    """issuer is optional in the source (show and check accept it); the PDF used it as its author
    and failed (issue 11). The author is then the unit, as in the DOCX."""
    budget = load_budget(KORLA)
    budget.issuer = None
    built = build_document(budget, load_layout("xinjiang-2024-unit"), compute(budget))
    path = tmp_path / "no-issuer.pdf"
    render_pdf(built, path)
    with pdfplumber.open(path) as pdf:
        assert pdf.metadata["Author"] == built.unit_name
