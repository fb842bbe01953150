"""The contents (目录): listed and numbered once by the layout (yusuan.layout.contents), printed alike
by the PDF, DOCX and HTML, and read back from the PDF as what it lists."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pdfplumber
import pytest
from lxml import html as lxml_html

from ownfiles import OwnFiles
from rulekit import FICTIONAL, KORLA, built
from yusuan.budgetfile import load_budget
from yusuan.compute import compute
from yusuan.generate import build_document
from yusuan.layout import load_layout
from yusuan.layout.contents import build_contents, contents_of
from yusuan.model.document import ContentsEntry, Document
from yusuan.read.reader import read_document
from yusuan.render.html import render_html

SHANGHAI = "shanghai-2023-dept"
JIANGSU = "jiangsu-2018-dept"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def outline(document: Document) -> list[str]:
    """The contents as an indented list of titles, for comparing with the real documents'."""
    return [("  " if entry.level == 2 else "") + entry.title for entry in document.contents]


def without_targets(source: Path, layout: str) -> Document:
    budget = load_budget(source)
    budget = budget.model_copy(update={"performance": None, "project_performance": {}})
    return build_document(budget, load_layout(layout), compute(budget))


# ---------------------------------------------------------------------------- the layout decides
def test_shanghai_numbers_its_first_level_and_lists_the_tables_as_the_documents_do() -> None:
    # 普陀区万里街道 2024/2025 and the 市级 documents: 一、部门主要职能 … 五、部门预算表 with
    # "1. 2024年部门财务收支预算总表" … "9. …" under it, 六、其他相关情况说明 without its subsections
    lines = outline(built(KORLA, SHANGHAI))
    assert lines[:6] == [
        "一、部门主要职能",
        "二、部门机构设置",
        "三、名词解释",
        "四、部门预算编制说明",
        "五、部门预算表",
        "  1. 2024年部门财务收支预算总表",
    ]
    assert lines[6:14] == [
        "  2. 2024年部门收入预算总表",
        "  3. 2024年部门支出预算总表",
        "  4. 2024年部门财政拨款收支预算总表",
        "  5. 2024年部门一般公共预算支出功能分类预算表",
        "  6. 2024年部门政府性基金预算支出功能分类预算表",
        "  7. 2024年部门国有资本经营预算支出功能分类预算表",
        "  8. 2024年部门一般公共预算基本支出部门预算经济分类预算表",
        "  9. 2024年部门“三公”经费和机关运行经费预算表",
    ]
    assert lines[14:17] == ["六、其他相关情况说明", "七、项目经费情况说明", "八、绩效目标"]
    assert lines[-5] == "九、图解"
    # the pages print the headings without the contents' numbers
    document = built(KORLA, SHANGHAI)
    assert document.section("functions").heading == "部门主要职能"
    assert [part.heading for part in document.parts if part.heading][:2] == ["名词解释", "部门预算表"]


def test_shanghai_numbers_on_without_a_gap_where_a_part_is_left_out() -> None:
    document = without_targets(KORLA, SHANGHAI)
    first = [entry.title for entry in document.contents if entry.level == 1]
    assert first[-3:] == ["六、其他相关情况说明", "七、项目经费情况说明", "八、图解"]


def test_jiangsu_lists_the_tables_by_place_and_the_explanations_by_the_part_alone() -> None:
    # 江苏省高级人民法院、省政协办公厅 2018: 第一部分 with 一、主要职能 …; 第二部分 with 一、收支预算总表 …
    # 十二、政府采购支出预算表; 第三部分 and 第四部分 by their headings alone
    document = built(KORLA, JIANGSU)
    lines = outline(document)
    assert lines[:2] == ["第一部分 部门概况", "  一、主要职能"]
    tables = lines.index(next(line for line in lines if line.startswith("第二部分")))
    assert lines[tables + 1 : tables + 3] == ["  一、收支预算总表", "  二、收入预算总表"]
    assert lines[tables + 12] == "  十二、政府采购支出预算表"
    assert lines[tables + 13].startswith("第三部分") and lines[tables + 14] == "第四部分 名词解释"
    # the parts the documents do not have follow the four, numbered on
    assert "第五部分 绩效目标" in lines and "第六部分 图解" in lines
    assert [part.heading for part in document.parts][-2:] == ["第五部分 绩效目标", "第六部分 图解"]


def test_jiangsu_numbers_its_parts_without_a_gap() -> None:
    document = without_targets(FICTIONAL, JIANGSU)
    headings = [part.heading for part in document.parts]
    assert "第五部分 绩效目标" not in headings
    assert headings[-1] == "第五部分 图解"
    assert [e.title for e in document.contents if e.level == 1][-1] == "第五部分 图解"


def test_a_layout_that_says_nothing_lists_its_parts_and_tables_as_printed() -> None:
    document = built(KORLA, "xinjiang-2024-unit")
    lines = outline(document)
    assert lines[0] == document.parts[0].heading
    assert "  表1 单位收支总体情况表" in lines
    # a document without contents of its own (read, or made by hand) gets the same list
    bare = document.model_copy(update={"contents": []})
    assert [e.title for e in contents_of(bare)] == [e.title for e in document.contents]
    read = document.model_copy(update={"contents": [ContentsEntry(title="一、概况")]})
    assert contents_of(read) == build_contents(document)


# ---------------------------------------------------------------------------- every format prints them
@pytest.fixture(scope="module")
def shanghai() -> Document:
    return built(KORLA, SHANGHAI)


def test_pdf_prints_the_entries_with_the_pages_they_point_to(shanghai: Document, own_file: OwnFiles) -> None:
    path = own_file(KORLA, SHANGHAI, "pdf")
    with pdfplumber.open(path) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    contents = [line for line in pages[1].splitlines() if "..." in line.replace(" ", "")]
    printed = [squash(re.sub(r"[. ]+\d+$", "", line)) for line in contents]
    assert printed == [squash(entry.title) for entry in shanghai.contents]
    # each page number is the page the thing listed begins on (the footer prints — N —)
    numbers = [int(re.search(r"(\d+)$", line).group(1)) for line in contents]  # type: ignore[union-attr]
    for entry, number in zip(shanghai.contents, numbers, strict=True):
        if entry.key == "table:income":
            assert "2024年部门收入预算总表" in squash(pages[number - 1])
            assert "功能分类科目编码" in squash(pages[number - 1])
        if entry.key == "section:other":
            assert "其他相关情况说明" in squash(pages[number - 1])


def test_docx_prints_the_entries(shanghai: Document, own_file: OwnFiles) -> None:
    path = own_file(KORLA, SHANGHAI, "docx")
    word = docx.Document(str(path))
    toc = [p for p in word.paragraphs if p.style is not None and p.style.name.lower() in ("toc 1", "toc 2")]
    assert [p.text.rstrip("\t") for p in toc] == [entry.title for entry in shanghai.contents]
    assert [int(p.style.name[-1]) for p in toc] == [entry.level for entry in shanghai.contents]  # type: ignore[union-attr]


def test_html_prints_the_entries(shanghai: Document) -> None:
    tree = lxml_html.fromstring(render_html(shanghai))
    (nav,) = tree.xpath("//nav[@class='toc']")
    top = [" ".join(a.text_content().split()) for a in nav.xpath("./ol/li/a")]
    assert top == [entry.title for entry in shanghai.contents if entry.level == 1]
    (tables,) = [li for li in nav.xpath("./ol/li") if li.xpath("./a")[0].text_content() == "五、部门预算表"]
    assert tables.xpath("./ol/li/a")[0].text_content() == "1. 2024年部门财务收支预算总表"
    ids = set(tree.xpath("//@id"))
    assert all(href[1:] in ids for href in nav.xpath(".//a/@href"))


# ---------------------------------------------------------------------------- read back
@pytest.mark.parametrize("layout", [SHANGHAI, JIANGSU])
def test_the_pdf_read_back_finds_every_entry(layout: str, own_file: OwnFiles) -> None:
    document = built(KORLA, layout)
    read = read_document(own_file(KORLA, layout, "pdf")).document
    assert [squash(entry.title) for entry in read.contents] == [squash(e.title) for e in document.contents]
    # every heading and table title is found where the page prints it; the charts' captions at least
    # worded alike (page.W002 asks no more)
    charts = {squash(e.title) for e in document.contents if (e.key or "").startswith("chart:")}
    assert all(entry.found for entry in read.contents if squash(entry.title) not in charts)
    assert all(entry.found or entry.near for entry in read.contents)
    assert all(entry.page is not None for entry in read.contents)
