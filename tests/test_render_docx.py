"""DOCX output: the Korla example rendered, opened with python-docx, and checked against the seed."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document as open_docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph

from ownfiles import OwnFiles
from yusuan.budgetfile import load_budget
from yusuan.generate import build_document
from yusuan.layout import load_layout
from yusuan.model.document import Chart, ChartSeries, Document
from yusuan.render.docx import chinese_date, render_docx, render_docx_bytes
from yusuan.render.wordxml import balanced_inset, line_count

from conftest import FICTIONAL, KORLA

KORLA_TITLES = [
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


@pytest.fixture(scope="module")
def korla_document() -> Document:
    return build_document(load_budget(KORLA), load_layout("xinjiang-2024-unit"))


@pytest.fixture(scope="module")
def korla_docx(own_file: OwnFiles) -> Path:
    path = own_file(KORLA, "xinjiang-2024-unit", "docx")
    return path


@pytest.fixture(scope="module")
def word(korla_docx: Path) -> WordDocument:
    return open_docx(str(korla_docx))


def blocks(word: WordDocument) -> list[Paragraph | WordTable]:
    return list(word.iter_inner_content())


def tables_by_title(word: WordDocument) -> dict[str, tuple[WordTable, Paragraph | None]]:
    """Each table under the Heading 2 title before it, with the paragraph after it (the note)."""
    found: dict[str, tuple[WordTable, Paragraph | None]] = {}
    items = blocks(word)
    title = None
    for index, item in enumerate(items):
        if isinstance(item, Paragraph):
            if item.style is not None and item.style.name == "Heading 2":
                title = item.text
        elif title is not None and title not in found:
            after = items[index + 1] if index + 1 < len(items) else None
            found[title] = (item, after if isinstance(after, Paragraph) else None)
    return found


def texts(row_cells: object) -> list[str]:
    return [cell.text for cell in row_cells]  # type: ignore[attr-defined]


def row_property(tr: Any, tag: str) -> Any:
    return tr.find(f"{qn('w:trPr')}/{qn(tag)}")


def performance_tables(word: WordDocument) -> list[WordTable]:
    return [t for t in word.tables if any(row.cells[0].text == "一级指标" for row in t.rows)]


def test_table_titles_in_order(word: WordDocument) -> None:
    headings = [p.text for p in word.paragraphs if p.style is not None and p.style.name == "Heading 2"]
    positions = [headings.index(title) for title in KORLA_TITLES]
    assert positions == sorted(positions)
    numbers = [p.text for p in word.paragraphs if p.text.startswith("表") and p.text[1:].isdigit()]
    assert numbers == [f"表{n}" for n in range(1, 12)]


def test_table_3_rows(word: WordDocument) -> None:
    table, _ = tables_by_title(word)["单位支出总体情况表"]
    rows = [texts(row.cells) for row in table.rows]
    assert ["201", "3", "1", "行政运行", "939.99", "939.99", ""] in rows
    assert ["201", "3", "99", "其他政府办公厅（室）及相关机构事务支出", "256.25", "", "256.25"] in rows
    total = rows[-1]
    assert total[3].replace(" ", "") == "合计"
    assert total[4:] == ["1307.84", "1051.59", "256.25"]
    total_runs = table.rows[-1].cells[4].paragraphs[0].runs
    assert total_runs and all(run.bold for run in total_runs)
    # amounts right-aligned, codes centred
    assert table.rows[3].cells[4].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[3].cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_merged_header_cells(word: WordDocument) -> None:
    table, _ = tables_by_title(word)["单位支出总体情况表"]
    first = table.rows[0].cells
    assert first[0].text == "科 目" and first[0]._tc is first[3]._tc
    assert first[4].text == "支出预算" and first[4]._tc is first[6]._tc
    span = first[4]._tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    assert span is not None and span.get(qn("w:val")) == "3"
    # 功能分类科目编码 spans the three code columns; 功能分类科目名称 spans two rows
    assert table.cell(1, 0)._tc is table.cell(1, 2)._tc
    assert table.cell(1, 3).text == "功能分类科目名称"
    assert table.cell(2, 3)._tc is table.cell(1, 3)._tc
    assert [table.cell(2, c).text for c in range(3)] == ["类", "款", "项"]


def test_header_rows_repeat_and_rows_do_not_split(word: WordDocument) -> None:
    table, _ = tables_by_title(word)["单位支出总体情况表"]
    trs = table._tbl.tr_lst
    assert all(row_property(tr, "w:tblHeader") is not None for tr in trs[:3])
    assert all(row_property(tr, "w:tblHeader") is None for tr in trs[3:])
    assert all(row_property(tr, "w:cantSplit") is not None for tr in trs)
    for title in KORLA_TITLES:
        table, _ = tables_by_title(word)[title]
        assert row_property(table._tbl.tr_lst[0], "w:tblHeader") is not None


def test_empty_tables_print_header_and_note(word: WordDocument, korla_document: Document) -> None:
    found = tables_by_title(word)
    for key, title in (
        ("gov_fund", "政府性基金预算支出情况表"),
        ("state_capital", "国有资本经营预算支出情况表"),
        ("carry_over", "上年结转结余情况明细表"),
    ):
        model = korla_document.table(key)
        assert model.empty and model.note and "空表" in model.note
        table, note = found[title]
        assert len(table.rows) >= len(model.header)
        assert table.rows[0].cells[0].text == "科 目"
        assert note is not None and note.text == model.note


def test_issuer_and_unit_line(word: WordDocument) -> None:
    lines = [p.text for p in word.paragraphs if p.text.startswith("编制单位：")]
    assert len(lines) == 11
    assert lines[0] == "编制单位：库尔勒经济技术开发区管理委员会党政办公室\t单位：万元"
    assert lines[6].endswith("单位：元")


def test_performance_tables(word: WordDocument, korla_document: Document) -> None:
    tables = performance_tables(word)
    assert len(tables) == 9 == len(korla_document.performance)
    for table, model in zip(tables, korla_document.performance, strict=True):
        cells = {cell.text for row in table.rows for cell in row.cells}
        assert model.goal in cells
        header = next(i for i, row in enumerate(table.rows) if row.cells[0].text == "一级指标")
        assert texts(table.rows[header].cells)[6] == "分值权重"
        weights = [Decimal(row.cells[6].text) for row in table.rows[header + 1 : -1]]
        assert len(weights) == len(model.indicators)
        # the last row: 分值合计 over six columns, then the total of the weights above
        total = table.rows[-1]
        assert texts(total.cells)[0] == "分值合计" and Decimal(total.cells[6].text) == sum(weights) == 90
        assert len(total._tr.tc_lst) == 4
        # an empty 上年完成值 prints "-", as the PDF does
        priors = [row.cells[5].text for row in table.rows[header + 1 : -1]]
        assert priors == [indicator.prior or "-" for indicator in model.indicators]
        # 一级指标 merged vertically over its run: one restart per run
        runs = sum(
            1
            for i, indicator in enumerate(model.indicators)
            if i == 0 or model.indicators[i - 1].level1 != indicator.level1
        )
        restarts = [
            tr.tc_lst[0].find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") for tr in table._tbl.tr_lst[header + 1 :]
        ]
        assert sum(1 for v in restarts if v is not None and v.get(qn("w:val")) == "restart") == runs
    unit = tables[0]
    assert any("年度绩效目标" in cell.text for row in unit.rows for cell in row.cells)
    assert any("项目总体目标" in cell.text for row in tables[1].rows for cell in row.cells)


def test_glossary_issuer_and_date(word: WordDocument, korla_document: Document) -> None:
    paragraphs = word.paragraphs
    for index, entry in enumerate(korla_document.glossary):
        matches = [
            p
            for p in paragraphs
            if p.text == f"{'一二三四五六七八'[index]}、{entry.term}：{entry.definition}"
        ]
        assert matches, entry.term
        assert matches[0].runs[0].bold and matches[0].runs[0].text.endswith("：")
    closing = [p for p in paragraphs if p.text.strip()][-2:]
    assert [p.text for p in closing] == ["库尔勒经济技术开发区管理委员会党政办公室", "2024年2月8日"]
    assert all(
        p.style is not None and p.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
        for p in closing
    )
    assert chinese_date("2024-02-08") == "2024年2月8日"


def test_headings_and_toc(word: WordDocument, korla_document: Document) -> None:
    h1 = [p.text for p in word.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert h1[:3] == [part.heading for part in korla_document.parts[:3]]
    assert h1[-1] == "第四部分 名词解释"
    h2 = {p.text for p in word.paragraphs if p.style is not None and p.style.name == "Heading 2"}
    assert "一、主要职能" in h2
    assert any(text.startswith("十二、其他重要事项") for text in h2)
    h3 = [p.text for p in word.paragraphs if p.style is not None and p.style.name == "Heading 3"]
    assert "（一）单位运行经费情况" in h3
    h4 = [p for p in word.paragraphs if p.style is not None and p.style.name == "Heading 4"]
    assert all(re.match(r"^\d+[.．、]", p.text) for p in h4)
    # the contents: each entry a link to its heading's bookmark, then a PAGEREF field to it
    toc = [p for p in word.paragraphs if p.style is not None and p.style.name.lower() in ("toc 1", "toc 2")]
    assert toc[0].text.rstrip("\t") == korla_document.parts[0].heading
    entries = [p.text.rstrip("\t") for p in toc]
    # the contents the layout decided, line by line, each at its level
    assert entries == [entry.title for entry in korla_document.contents]
    levels = [int(p.style.name[-1]) for p in toc]
    assert levels == [entry.level for entry in korla_document.contents]
    # a table listed as the page prints it: its number above its title
    assert "表3 单位支出总体情况表" in entries
    assert "项目支出绩效目标表（大楼维修项目）" in entries and "单位整体绩效目标表" in entries
    marks = {m.get(qn("w:name")) for m in word.element.body.iter(qn("w:bookmarkStart"))}
    for p in toc:
        anchor = p._p.find(qn("w:hyperlink")).get(qn("w:anchor"))
        (instruction,) = [t.text.strip() for t in p._p.iter(qn("w:instrText"))]
        assert instruction == f"PAGEREF {anchor} \\h" and anchor in marks
    settings = word.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_page_setup_and_page_numbers(word: WordDocument) -> None:
    first = word.sections[0]
    assert first.page_width is not None and first.page_height is not None
    assert abs(first.page_width - Cm(21)) < Cm(0.01) and abs(first.page_height - Cm(29.7)) < Cm(0.01)
    assert first.top_margin is not None and abs(first.top_margin - Cm(3.7)) < Cm(0.01)
    assert first.left_margin is not None and abs(first.left_margin - Cm(2.8)) < Cm(0.01)
    footer = first.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert any(t.text.strip() == "PAGE" for t in footer._p.iter(qn("w:instrText")))
    orientations = [section.orientation for section in word.sections]
    assert WD_ORIENT.LANDSCAPE in orientations  # tables 2 and 10 have more than 7 columns
    assert orientations[0] == orientations[-1] == WD_ORIENT.PORTRAIT
    for section in word.sections:
        if section.orientation == WD_ORIENT.LANDSCAPE:
            assert section.page_width is not None and abs(section.page_width - Cm(29.7)) < Cm(0.01)


def test_fonts_and_language(korla_docx: Path) -> None:
    with zipfile.ZipFile(korla_docx) as package:
        styles = package.read("word/styles.xml").decode("utf-8")
        names = package.namelist()
        fonts = package.read("word/fontTable.xml").decode("utf-8")
    # the 公文 faces by their office names, with the other names and the Noto face as alternates
    for face in ("仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"):
        assert f'w:eastAsia="{face}"' in styles
    assert (
        '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋,FangSong,STFangsong,Noto Serif CJK SC"/>'
        in fonts
    )
    kai = "楷体,KaiTi,STKaiti,AR PL UKai CN,Noto Serif CJK SC"
    assert f'<w:font w:name="楷体_GB2312"><w:altName w:val="{kai}"/>' in fonts
    assert '<w:font w:name="黑体"><w:altName w:val="SimHei,Heiti SC,Noto Sans CJK SC"/>' in fonts
    assert 'w:eastAsiaTheme="' not in styles.split("</w:docDefaults>")[0]
    assert 'w:lang w:val="zh-CN" w:eastAsia="zh-CN"' in styles
    assert "docProps/thumbnail.jpeg" not in names


def test_core_properties_and_determinism(korla_document: Document, word: WordDocument) -> None:
    props = word.core_properties
    assert props.title == korla_document.title
    assert props.created is not None and props.created.date().isoformat() == "2024-02-08"
    assert props.language == "zh-CN"
    assert render_docx_bytes(korla_document) == render_docx_bytes(korla_document)


def test_charts(korla_document: Document, tmp_path: Path) -> None:
    pytest.importorskip("yusuan.render.charts")
    document = korla_document
    if not document.charts:
        chart = Chart(
            key="uses",
            title="支出构成",
            kind="share",
            categories=["基本支出", "项目支出"],
            series=[ChartSeries(label="2024年", values=[Decimal("1051.59"), Decimal("256.25")])],
            alt="支出预算1307.84万元，其中基本支出1051.59万元，项目支出256.25万元。",
        )
        document = document.model_copy(update={"charts": [chart]})
    path = tmp_path / "charts.docx"
    render_docx(document, path)
    word = open_docx(str(path))
    pictures = list(
        word.element.body.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        )
    )
    assert [p.get("descr") for p in pictures] == [chart.alt for chart in document.charts]
    paragraphs = [p.text for p in word.paragraphs]
    for number, chart in enumerate(document.charts, start=1):
        # one title per chart: the numbered caption (the picture draws none)
        assert paragraphs.count(f"图{number}　{chart.title}") == 1 and chart.alt in paragraphs
        assert chart.title not in paragraphs
    assert len(word.inline_shapes) == len(document.charts)
    assert all(abs(shape.width - Cm(15)) < Cm(0.01) for shape in word.inline_shapes)


@pytest.mark.parametrize(
    ("source", "layout"),
    [
        (KORLA, "shanghai-2023-dept"),
        (KORLA, "jiangsu-2017-dept"),
        (FICTIONAL, "xinjiang-2024-unit"),
    ],
)
def test_other_layouts_render(source: Path, layout: str, tmp_path: Path) -> None:
    document = build_document(load_budget(source), load_layout(layout))
    path = tmp_path / "out.docx"
    render_docx(document, path)
    word = open_docx(str(path))
    headings = [p.text for p in word.paragraphs if p.style is not None and p.style.name == "Heading 2"]
    for model in document.tables:
        assert model.title in headings
    performance = [t._tbl for t in performance_tables(word)]  # kept alive: lxml proxies stay the same
    budget_tables = [t for t in word.tables if not any(t._tbl is tbl for tbl in performance)]
    assert len(budget_tables) == len(document.tables)
    for table, model in zip(budget_tables, document.tables, strict=True):
        assert len(table.rows) == len(model.header) + len(model.rows)
        if model.note:
            assert model.note in [p.text for p in word.paragraphs]
    placed = "performance" in {part.key for part in document.parts}  # Jiangsu's layout has none
    assert len(performance) == (len(document.performance) if placed else 0)


def test_document_without_parts_uses_the_default_order(korla_document: Document) -> None:
    document = korla_document.model_copy(update={"parts": [], "charts": []})
    word = open_docx(io.BytesIO(render_docx_bytes(document)))
    texts_in_order = [
        p.text for p in word.paragraphs if p.style is None or not p.style.name.lower().startswith("toc")
    ]
    first_profile = texts_in_order.index("一、主要职能")
    first_table = texts_in_order.index("单位收支总体情况表")
    first_glossary = next(i for i, t in enumerate(texts_in_order) if t.startswith("一、财政拨款："))
    assert first_profile < first_table < first_glossary
    assert len(performance_tables(word)) == len(document.performance)


def test_header_text_is_kept_whole_when_wrapped_evenly() -> None:
    assert balanced_inset("合计", 4.0) == 0.0
    inset = balanced_inset("一般公共预算", 4.6)  # wraps as 一般公/共预算, not 一般公共预/算
    assert 4.6 - 2 * inset >= 3.0
    assert line_count("一般公共预算", 4.6 - 2 * inset) == 2


def test_cover_page_and_type_sizes(word: WordDocument, korla_document: Document) -> None:
    paragraphs = word.paragraphs
    assert paragraphs[0].text == "库尔勒经济技术开发区管理委员会党政办公室\n2024年单位预算公开"
    assert paragraphs[1].text == "2024年2月8日"
    assert paragraphs[2].text == "目  录" and paragraphs[2].paragraph_format.page_break_before
    # no page number on the cover: its first page has a footer of its own, empty
    first = word.sections[0]
    assert first.different_first_page_header_footer
    assert first.first_page_footer.paragraphs[0].text == ""
    # the sizes of the PDF (yusuan.render.typeset): body 小四, parts 三号, headings 四号
    sizes = {
        name: word.styles[name].font.size.pt for name in ("Normal", "Heading 1", "Heading 2", "Heading 3")
    }
    assert sizes == {"Normal": 12.0, "Heading 1": 16.0, "Heading 2": 14.0, "Heading 3": 14.0}
