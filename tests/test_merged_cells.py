"""Merged category cells in table bodies (Jiangsu's 收入预算总表: 一般公共预算资金 over 小计,
公共财政拨款(补助)资金 and 专项收入): set by the layout, drawn by every format, read back whole."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import html as lxml_html
from openpyxl import load_workbook

from rulekit import FICTIONAL, KORLA, built
from yusuan.model.document import Table
from yusuan.read.reader import read_document
from yusuan.render.output import write_outputs

LAYOUT = "jiangsu-2018-dept"
# the categories of the income table and the rows each spans, as the published table prints them
SPANS = {
    "一般公共预算资金": 3,
    "政府性基金": 1,
    "财政专户管理资金": 3,
    "其他资金": 5,
    "上年结转和结余资金": 2,
}


def income() -> Table:
    return built(KORLA, LAYOUT).table("income")


def test_the_layout_merges_each_category_down_over_its_items() -> None:
    table = income()
    group = [c.key for c in table.columns].index("group")
    spans = {row.cells[group].text: row.cells[group].rows for row in table.rows if row.cells[group].rows > 1}
    assert spans == {text: n for text, n in SPANS.items() if n > 1}
    # the cells a span covers are empty and marked covered; the rows cover the table exactly once
    covered = sum(1 for row in table.rows if row.cells[group].rows == 0)
    assert covered == sum(n - 1 for n in SPANS.values())
    assert all(row.cells[group].text == "" for row in table.rows if row.cells[group].rows == 0)
    # the total row above keeps its own cell
    assert table.rows[0].kind == "total" and table.rows[0].cells[group].rows == 1


def test_other_tables_merge_nothing() -> None:
    document = built(FICTIONAL, "shanghai-2023-dept")
    assert all(cell.rows == 1 for table in document.tables for row in table.rows for cell in row.cells)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("merged")
    written = write_outputs(built(KORLA, LAYOUT), folder, ["docx", "pdf", "html", "xlsx"])
    return {w.format: w.path for w in written}


def test_html_rowspan(files: dict[str, Path]) -> None:
    tree = lxml_html.fromstring(files["html"].read_text(encoding="utf-8"))
    cells = {
        " ".join(cell.text_content().split()): int(cell.get("rowspan", "1"))
        for cell in tree.xpath("//table//tbody//*[self::td or self::th]")
        if " ".join(cell.text_content().split()) in SPANS
    }
    assert cells == SPANS


def test_docx_vertical_merge(files: dict[str, Path]) -> None:
    word = docx.Document(str(files["docx"]))
    (table,) = [t for t in word.tables if any("专户管理教育收费" in c.text for c in t._cells)]
    starts, continues = 0, 0
    for tc in table._tbl.iter(qn("w:tc")):
        merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
        text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
        if merge is not None and text in SPANS:
            starts += merge.get(qn("w:val")) == "restart"
        elif merge is not None and text == "":
            continues += 1
    assert starts == sum(1 for n in SPANS.values() if n > 1)
    assert continues >= sum(n - 1 for n in SPANS.values())


def test_xlsx_merged_range(files: dict[str, Path]) -> None:
    book = load_workbook(files["xlsx"])
    (sheet,) = [
        ws for ws in book.worksheets if any(c.value == "专户管理教育收费" for r in ws.iter_rows() for c in r)
    ]
    ranges = {}
    for merged in sheet.merged_cells.ranges:
        value = sheet.cell(row=merged.min_row, column=merged.min_col).value
        if value in SPANS:
            ranges[value] = merged.max_row - merged.min_row + 1
    assert ranges == {text: n for text, n in SPANS.items() if n > 1}


def test_pdf_prints_each_category_once(files: dict[str, Path]) -> None:
    import pdfplumber

    with pdfplumber.open(files["pdf"]) as pdf:
        text = "".join((page.extract_text() or "").replace(" ", "") for page in pdf.pages)
    start = text.index("收入预算总表", text.index("公开02表"))
    table = text[start : text.index("公开03表", start)]
    assert table.count("财政专户管理资金") == 1 and table.count("其他资金") == 1


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "xlsx"])
def test_read_back_every_row_with_its_category(files: dict[str, Path], fmt: str) -> None:
    read = read_document(files[fmt]).document.table("income")
    labels = [[c.text for c in row.cells][:2] for row in read.rows]
    assert ["一般公共预算资金", "专项收入"] in labels
    assert ["其他资金", "债务资金(银行贷款)"] in labels
    assert ["上年结转和结余资金", "其中：动用上年结转和结余资金"] in labels
