"""The format readers: real inputs (a text conversion, two published PDFs, yusuan's own four
outputs), merged cells, number formats, and files that must fail with a Chinese ReadError — never a
traceback, never a hang."""

from __future__ import annotations

import codecs
import hashlib
import random
import re
import struct
import time
import zipfile
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ownfiles import Formats, OwnFiles
from yusuan.model.document import Section
from yusuan.read.detect import detect_format
from yusuan.read.formats import read_stream
from yusuan.read.formats.docx import read_docx
from yusuan.read.formats.html import read_html
from yusuan.read.formats.pdf import normalise_compat, read_pdf
from yusuan.read.formats.text import read_text, read_text_string
from yusuan.read.formats.xlsx import format_number, read_xlsx
from yusuan.read.limits import Deadline, OverLimit, ReadError
from yusuan.read.reader import read_document
from yusuan.read.stream import Block, Stream

from conftest import KORLA, run_cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "read"
SEED = FIXTURES / "korla-2024-unit-budget-seed.txt"
SHANGHAI = FIXTURES / "shanghai-putuo-wanli-subdistrict-2023-dept-budget.pdf"
JIANGSU = FIXTURES / "jiangsu-procuratorate-2017-dept-budget.pdf"


def grids(stream: Stream) -> list[Block]:
    return [block for block in stream.blocks if block.kind == "grid"]


def texts(block: Block) -> list[list[str]]:
    return [[cell.text for cell in row] for row in block.rows]


def find_row(stream: Stream, first: str) -> tuple[Block, list[str]]:
    for block in grids(stream):
        for row in texts(block):
            if first in row:
                return block, row
    raise AssertionError(f"no grid row holding {first!r}")


# --- text ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Stream:
    return read_text(SEED)


def test_seed_headings_and_their_levels(seed: Stream) -> None:
    headings = [(b.level, b.text) for b in seed.blocks if b.kind == "heading"]
    assert (2, "目 录") in headings
    assert (3, "单位支出总体情况表") in headings
    # "#### **八、关于…**": bold marks dropped, level 4
    assert (
        4,
        "八、关于库尔勒经济技术开发区管理委员会党政办公室 2024 年政府性基金预算拨款情况说明",
    ) in headings
    assert not any("**" in text or "#" in text for _, text in headings)


def test_seed_table_3_rows_keep_their_columns(seed: Stream) -> None:
    grid, row = find_row(seed, "行政运行")
    assert row == ["201", "3", "1", "行政运行", "939.99", "939.99", ""]
    rows = texts(grid)
    assert rows[0] == ["科 目", "", "", "支出预算", "", "", ""]
    assert rows[-1] == ["", "", "", "合 计", "1307.84", "1051.59", "256.25"]
    cell = grid.rows[3][3]
    assert (cell.provenance.line, cell.provenance.row, cell.provenance.column) == (146, 4, 4)
    assert SEED.read_text(encoding="utf-8").splitlines()[145].split("\t")[3] == "行政运行"


def test_seed_html_fragments_stripped(seed: Stream) -> None:
    _, row = find_row(seed, "收 入 总 计")
    assert row == ["收 入 总 计", "1307.84", "支 出 总 计", "1307.84"]
    everything = [c.text for b in grids(seed) for r in b.rows for c in r] + [b.text for b in seed.blocks]
    assert not any("<b>" in text or "</b>" in text for text in everything)


def test_seed_table_1_is_one_grid_and_blank_page_breaks_do_not_split_tables(seed: Stream) -> None:
    grid, _ = find_row(seed, "一、本年收入")
    rows = texts(grid)
    assert rows[0] == ["收 入", "", "支 出", ""] and rows[-1][0] == "收 入 总 计"
    assert len(rows) == 33
    # Table 4 has a blank line (a page break) after 211 节能环保支出: still one grid.
    grid4, _ = find_row(seed, "一、财政拨款（补助）")
    names = [row[2] for row in texts(grid4)]
    assert "211 节能环保支出" in names and "212 城乡社区支出" in names


def test_seed_separator_rows_and_paragraphs(seed: Stream) -> None:
    for block in grids(seed):
        for row in texts(block):
            assert not all(set(cell) <= set("-") for cell in row), row
    paragraphs = [b.text for b in seed.blocks if b.kind == "paragraph"]
    assert "单位：万元" in paragraphs
    assert "一、财政拨款：指由一般公共预算、政府性基金预算、国有资本经营预算安排的财政拨款数。" in paragraphs
    assert "一、单位收支总体情况表" in paragraphs  # "- " bullet dropped


def test_text_rules_for_blank_lines_pipes_rules_and_pages() -> None:
    text = (
        "# 标题\n"
        "a\tb\n\nc\td\n"  # one blank line: the same grid
        "\n\n"
        "e\tf\n"  # two blank lines: a new grid
        "----\n"
        "| 项目 | 金额 |\n|---|:---:|\n| 合计 | 1,307.84 |\n"
        "正文\n\f第二页\n"  # pdftotext starts each page with a form feed
    )
    stream = read_text_string(text, "x.txt")
    kinds = [b.kind for b in stream.blocks]
    assert kinds == ["heading", "grid", "grid", "grid", "paragraph", "paragraph"]
    assert texts(stream.blocks[1]) == [["a", "b"], ["c", "d"]]
    assert texts(stream.blocks[3]) == [["项目", "金额"], ["合计", "1,307.84"]]
    assert stream.blocks[-1].text == "第二页" and stream.blocks[-1].page == 2
    assert stream.blocks[-2].page == 1 and stream.pages == 2


def test_text_encodings(tmp_path: Path) -> None:
    content = "# 预算\n收入\t1307.84\n"
    for name, data in [
        ("gb.txt", content.encode("gb18030")),
        ("bom.txt", codecs.BOM_UTF8 + content.encode("utf-8")),
        ("utf16.txt", codecs.BOM_UTF16_LE + content.encode("utf-16-le")),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        assert detect_format(path) == "text"
        stream = read_stream(path)
        assert stream.blocks[0].text == "预算", name
        assert texts(stream.blocks[1]) == [["收入", "1307.84"]], name


_ALPHABET = st.sampled_from(
    [*"\t\n\r |#-*<>/b=:：，。", "<b>", "</b>", "<br>", "**", "\f", *"收入合计一二0123456789.ab"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=120).map("".join))
def test_text_reader_property(text: str) -> None:
    """Never anything but a stream; every text comes from the line it cites, in order."""
    stream = read_text_string(text, "p.txt")
    lines = re.split(r"\r\n|\r|\n", text)

    def within(piece: str, line_number: int | None) -> None:
        assert line_number is not None and 1 <= line_number <= len(lines)
        line = normalise_compat(lines[line_number - 1].replace("\f", ""))  # form feeds: page breaks
        it = iter(line)
        assert all(char in it for char in piece), (piece, line)  # a subsequence of its line
        if "<" not in line and "**" not in line:
            assert piece in line

    for block in stream.blocks:
        if block.kind == "grid":
            for row in block.rows:
                for cell in row:
                    within(cell.text, cell.provenance.line)
        else:
            within(block.text, block.provenance.line)


# --- PDF ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shanghai() -> Stream:
    return read_pdf(SHANGHAI)


@pytest.fixture(scope="module")
def jiangsu() -> Stream:
    return read_pdf(JIANGSU)


def test_shanghai_budget_summary_table(shanghai: Stream) -> None:
    assert shanghai.pages == 35 and not shanghai.problems
    grid, row = find_row(shanghai, "一、财政拨款收入")
    assert row == ["一、财政拨款收入", "164,978,640", "一、一般公共服务支出", "2,976,800"]
    assert grid.page == 10
    assert all(cell.provenance.page == 10 for r in grid.rows for cell in r)
    header = grid.rows[0]
    assert [c.text for c in header] == ["本年收入", "本年收入", "本年支出", "本年支出"]
    assert (header[0].cols, header[1].cols) == (2, 1)
    assert texts(grid)[-1] == ["收入总计", "164,978,640", "支出总计", "164,978,640"]
    # The title and the unit line above the table are paragraphs of the same page, before it.
    page = [b for b in shanghai.blocks if b.page == 10]
    assert [b.kind for b in page[:3]] == ["paragraph", "paragraph", "grid"]
    assert page[0].text == "2023年部门财务收支预算总表"
    assert page[1].text.endswith("单位：元")


def test_pdf_lines_and_cells_keep_their_box_on_the_page(shanghai: Stream) -> None:
    """Every PDF line and drawn cell keeps its box (points from the page's top left): the boxes of
    a page's lines follow each other down the page, a row's cells stand side by side on one band,
    and the grid's box holds its cells — what the web checker highlights on the rendered page."""
    grid, _ = find_row(shanghai, "一、财政拨款收入")
    page = [b for b in shanghai.blocks if b.page == grid.page]
    title, unit = page[0].provenance.bbox, page[1].provenance.bbox
    table = grid.provenance.bbox
    assert title is not None and unit is not None and table is not None
    assert title[3] <= unit[1] + 1 and unit[3] <= table[1] + 1  # title, unit line, table: downwards
    assert 0 <= table[0] < table[2] <= 842 and 0 <= table[1] < table[3] <= 842
    cells = next(r for r in grid.rows if r[0].text == "一、财政拨款收入")
    boxes = [cell.provenance.bbox for cell in cells]
    assert all(box is not None for box in boxes)
    lefts = [box[0] for box in boxes if box]
    assert lefts == sorted(lefts) and len(set(lefts)) == 4  # four columns, left to right
    assert len({(box[1], box[3]) for box in boxes if box}) == 1  # one band
    assert all(
        table[0] <= box[0] and box[2] <= table[2] and table[1] <= box[1] and box[3] <= table[3]
        for box in boxes
        if box
    )


def test_shanghai_performance_table_merged_cells(shanghai: Stream) -> None:
    grid, row = find_row(shanghai, "规划建筑面积")
    assert row[:4] == ["绩效指标", "产出指标", "数量指标", "规划建筑面积"]
    assert row[6] == "≥13459.00(平方米)"
    first = next(r for r in grid.rows if r[0].text == "绩效指标")
    assert first[0].rows > 1  # the merged 绩效指标 cell spans its rows


def test_shanghai_prose_pages(shanghai: Stream) -> None:
    page3 = [b for b in shanghai.blocks if b.page == 3]
    assert page3[0].text == "部门主要职能"
    assert all(b.kind == "paragraph" for b in page3)
    assert any(b.text.startswith("一、加强党的建设。") for b in page3)
    assert [b.provenance.line for b in page3] == list(range(1, len(page3) + 1))


def test_jiangsu_tables(jiangsu: Stream) -> None:
    assert jiangsu.pages == 25
    grid, row = find_row(jiangsu, "一、一般公共服务支出")
    assert grid.page == 10
    assert row[:2] == ["一、财政拨款", "17,981.68"]
    # "1.一般公共预\n算": wrapped inside its cell, read as one text
    assert find_row(jiangsu, "1.一般公共预算")[1][:2] == ["1.一般公共预算", "17,981.68"]
    _, row = find_row(jiangsu, "2040401")
    assert row == ["2040401", "行政运行", "7,968.14"]
    # the three-level header of the 三公 table: merged cells repeated, spans on the first
    grid, _ = find_row(jiangsu, "公务用车购置费")
    assert texts(grid)[0][:3] == ["合计", "“三公”经费", "“三公”经费"]
    assert grid.rows[0][1].cols == 6 and grid.rows[0][0].rows == 3
    assert texts(grid)[-1][:3] == ["1,452.35", "584.35", "110.00"]


def test_jiangsu_quotes_stay_on_their_line(jiangsu: Stream) -> None:
    titles = [b.text for b in jiangsu.blocks if b.page == 16 and b.kind == "paragraph"]
    assert "十一、一般公共预算“三公”经费、会议费、培训费支出预" in titles


def test_pdf_frame_around_title_and_table_is_not_a_cell() -> None:
    # 江苏省委办公厅 2017, tables file p.8: a rectangle drawn around the whole page holds the
    # title, the caption and the table; it is a border, not a cell of the table.
    stream = read_pdf(FIXTURES / "jiangsu-party-cttee-2017-general-table-framed.pdf")
    (grid,) = grids(stream)
    assert texts(grid)[0] == ["功能科目代码", "功能科目名称", "金额"]
    assert texts(grid)[1] == ["", "合计", "20,702.25"]
    assert texts(grid)[-1] == ["2210202", "提租补贴", "1,235.41"]
    paragraphs = [b.text for b in stream.blocks if b.kind == "paragraph"]
    assert paragraphs[0] == "一般公共预算支出预算表"
    assert paragraphs[1].startswith("部门：中国共产党江苏省委员会办公厅")


def test_pdf_without_ruling_lines_uses_the_text_strategy(tmp_path: Path) -> None:
    from yusuan.render.typst_fonts import compile_typst

    rows = [("201", "一般公共服务支出", "1,196.24"), ("208", "社会保障和就业支出", "51.21")]
    rows += [("210", "卫生健康支出", "23.42"), ("221", "住房保障支出", "36.97"), ("", "合计", "1,307.84")]
    cells = ", ".join(f"[{c}]" for r in [("科目编码", "科目名称", "预算数"), *rows] for c in r)
    source = (
        '#set text(font: "Noto Serif CJK SC", lang: "zh", region: "cn")\n标题\n\n'
        f"#table(columns: (3cm, 6cm, 3cm), stroke: none, align: (left, left, right), {cells})\n"
    )
    path = tmp_path / "unruled.pdf"
    path.write_bytes(compile_typst(source))
    (grid,) = grids(read_pdf(path))
    assert texts(grid)[1] == ["201", "一般公共服务支出", "1,196.24"]
    assert texts(grid)[-1] == ["", "合计", "1,307.84"]


def test_compatibility_ideographs_mapped_but_punctuation_kept() -> None:
    assert normalise_compat("⼀般公共预算（⼆）：１，") == "一般公共预算（二）：１，"
    assert normalise_compat("\uf9dc") == "\u9686"  # a CJK compatibility ideograph


# --- yusuan's own outputs ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def own(own_file: OwnFiles) -> Formats:
    return Formats(own_file, KORLA, "xinjiang-2024-unit")


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "xlsx"])
def test_own_outputs_read_back(own: dict[str, Path], fmt: str) -> None:
    path = own[fmt]
    assert detect_format(path) == fmt
    stream = read_stream(path)
    assert stream.format == fmt and not stream.problems
    _, row = find_row(stream, "行政运行")
    assert row[:6] == ["201", "3", "1", "行政运行", "939.99", "939.99"]
    grid, row = find_row(stream, "一、本年收入")
    assert row == ["一、本年收入", "1307.84", "201 一般公共服务支出", "1196.24"]
    head = grid.rows[0]
    assert [c.text for c in head] == ["收 入", "收 入", "支 出", "支 出"]
    assert (head[0].cols, head[2].cols) == (2, 2)
    # Table 2's header: 功能分类科目名称 spans two rows, repeated below.
    grid2, _ = find_row(stream, "上年结转结余")
    header = texts(grid2)
    assert header[1][3] == header[2][3] == "功能分类科目名称"
    assert grid2.rows[1][3].rows == 2
    assert header[2][:3] == ["类", "款", "项"]
    words = " ".join(b.text for b in stream.blocks if b.kind != "grid")
    assert "单位收入总体情况表" in words
    assert "编制单位：库尔勒经济技术开发区管理委员会党政办公室" in words


def test_own_docx_and_html_headings(own: dict[str, Path]) -> None:
    for reader in (read_docx, read_html):
        stream = reader(own["docx" if reader is read_docx else "html"])
        headings = {b.text: b.level for b in stream.blocks if b.kind == "heading"}
        assert "一、主要职能" in headings, reader
        assert headings["一、主要职能"] == headings["二、机构设置及人员情况"]
        part = "第一部分 2024年库尔勒经济技术开发区管理委员会党政办公室单位概况"
        level = headings[part]
        assert level is not None and level < (headings["一、主要职能"] or 0)


def test_own_xlsx_sheets_titles_and_provenance(own: dict[str, Path]) -> None:
    stream = read_xlsx(own["xlsx"])
    sheet = next(b for b in stream.blocks if b.kind == "heading" and b.text.startswith("表1 "))
    index = stream.blocks.index(sheet)
    title, issuer, grid = stream.blocks[index + 1 : index + 4]
    assert title.text == "单位收支总体情况表" and title.provenance.row == 1
    assert issuer.text == "编制单位：库尔勒经济技术开发区管理委员会党政办公室  单位：万元"
    assert grid.kind == "grid" and grid.rows[0][0].provenance.table == sheet.text
    cell = grid.rows[2][1]
    assert (cell.text, cell.provenance.row, cell.provenance.column) == ("1307.84", 5, 2)


# --- XLSX number formats and layout ---------------------------------------------------------------


def test_number_formats() -> None:
    assert format_number(1307.8400000000001, "0.00") == "1307.84"
    assert format_number(7.8, "0.00") == "7.80"
    assert format_number(164978640, "#,##0") == "164,978,640"
    assert format_number(1234567.891, "#,##0.00") == "1,234,567.89"
    assert format_number(2.675, "0.00") == "2.68"  # half up, from the decimal text
    assert format_number(0.1 + 0.2, "General") == "0.3"
    assert format_number(0.1234, "0.00%") == "12.34%"
    assert format_number(-5, "#,##0.00_);[Red]\\(#,##0.00\\)") == "(5.00)"
    accounting = '_ * #,##0.00_ ;_ * \\-#,##0.00_ ;_ * "-"??_ ;_ @_ '
    assert format_number(0, accounting).strip() == "-"
    assert format_number(-3.5, accounting).strip() == "-3.50"
    assert format_number(5, '0.00"万元"') == "5.00万元"
    assert format_number(1 / 3, "G/通用格式") == "0.333333333333333"


def test_xlsx_layout(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "表1 收支总表"
    ws["A1"] = "部门收支总表"
    ws.merge_cells("A1:D1")
    ws["A2"] = "编制单位：某局"
    ws["D2"] = "单位：万元"
    ws.append(["项目", "金额", "项目", "金额"])
    ws.append(["一、财政拨款", 1307.8400000000001, "一般公共服务支出", 164978640])
    ws.append(["日期", date(2024, 2, 8), None, None])
    ws.merge_cells("C5:D6")
    ws["B4"].number_format = "0.00"
    ws["D4"].number_format = "#,##0"
    hidden = workbook.create_sheet("辅助")
    hidden["A1"] = "不公开"
    hidden.sheet_state = "hidden"
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    stream = read_stream(path)
    assert [b.kind for b in stream.blocks] == ["heading", "paragraph", "paragraph", "grid"]
    assert stream.blocks[1].text == "部门收支总表"
    assert stream.blocks[2].text == "编制单位：某局  单位：万元"
    grid = stream.blocks[3]
    assert texts(grid)[1] == ["一、财政拨款", "1307.84", "一般公共服务支出", "164,978,640"]
    assert texts(grid)[2] == ["日期", "2024-02-08", "", ""]
    assert stream.problems == [f"工作表“辅助”是隐藏的，未读取：{path}"]


# --- DOCX and HTML merged cells ------------------------------------------------------------------


def test_docx_merges_and_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("一、收支总表", level=1)
    document.add_paragraph("单位：万元")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["科目", "", "金额"], ["201", "一般公共服务", "1196.24"], ["", "", "合计"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 0).merge(table.cell(0, 1))  # horizontal
    table.cell(1, 2).merge(table.cell(2, 2))  # vertical
    document.add_paragraph("说明。")
    path = tmp_path / "t.docx"
    document.save(str(path))
    stream = read_docx(path)
    assert [b.kind for b in stream.blocks] == ["heading", "paragraph", "grid", "paragraph"]
    assert stream.blocks[0].level == 1
    grid = stream.blocks[2]
    rows = texts(grid)
    assert rows[0] == ["科目", "科目", "金额"]
    assert rows[1][2] == rows[2][2]
    assert (grid.rows[0][0].cols, grid.rows[1][2].rows, grid.rows[2][2].rows) == (2, 2, 1)


def test_docx_that_python_docx_refuses_is_read_from_its_parts(own: dict[str, Path], tmp_path: Path) -> None:
    path = tmp_path / "macro.docm"
    with zipfile.ZipFile(own["docx"]) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
                )
            target.writestr(item, data)
    stream = read_stream(path)
    assert find_row(stream, "行政运行")[1][:4] == ["201", "3", "1", "行政运行"]
    assert any(b.kind == "heading" and b.text == "一、主要职能" for b in stream.blocks)


def test_html_spans_skips_and_encoding(tmp_path: Path) -> None:
    page = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>不读</title>
    <style>p { color: red }</style></head><body>
    <h1>2024年部门预算</h1><script>document.write("<p>不读</p>")</script>
    <p>编制单位：某局<br>单位：万元
    <div hidden>隐藏</div>
    <table><caption>表1 收支总表</caption>
    <tr><th rowspan=2>项目<th colspan=2>金额
    <tr><td>本年<td>上年
    <tr><td>合计<td>1,307.84<td>&nbsp;</td></tr>
    </table><ul><li>一<li>二</ul></body></html>"""
    path = tmp_path / "p.html"
    path.write_bytes(page.encode("gb18030"))
    assert detect_format(path) == "html"
    stream = read_stream(path)
    assert [(b.kind, b.text) for b in stream.blocks if b.kind != "grid"] == [
        ("heading", "2024年部门预算"),
        ("paragraph", "编制单位：某局"),
        ("paragraph", "单位：万元"),
        ("heading", "表1 收支总表"),
        ("paragraph", "一"),
        ("paragraph", "二"),
    ]
    grid = grids(stream)[0]
    assert texts(grid) == [["项目", "金额", "金额"], ["项目", "本年", "上年"], ["合计", "1,307.84", ""]]
    assert (grid.rows[0][0].rows, grid.rows[0][1].cols) == (2, 2)
    assert stream.blocks.index(grid) == 4  # after its caption


# --- files that must fail --------------------------------------------------------------------------


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R ".encode() + trailer
    out += f">>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_PAGES = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
_TEXT_PAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
    b"/Resources << /Font << /F1 6 0 R >> >> >>"
)
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_HELLO = b"BT /F1 12 Tf 72 720 Td (Hello yusuan) Tj ET"
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_ID = bytes(range(16))


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _encrypted_pdf(*, user_password: bool) -> bytes:
    """RC4 40-bit (R2) encryption; with an owner password only, or a user password nobody knows."""
    owner = _rc4(hashlib.md5(b"owner" + _PAD[:27]).digest()[:5], _PAD)
    permissions = struct.pack("<i", -4)
    key = hashlib.md5(_PAD + owner + permissions + _ID).digest()[:5]
    user = _rc4(key, _PAD) if not user_password else bytes(32)
    object_key = hashlib.md5(key + (4).to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (
        owner.hex().encode(),
        user.hex().encode(),
    )
    objects = [*_PAGES, _TEXT_PAGE, _stream(_rc4(object_key, _HELLO)), encrypt, _FONT]
    return _pdf(objects, b"/Encrypt 5 0 R /ID [<%s> <%s>] " % (_ID.hex().encode(), _ID.hex().encode()))


def test_pdf_that_needs_a_password(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(_encrypted_pdf(user_password=True))
    with pytest.raises(ReadError, match="PDF 已加密"):
        read_stream(path)


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    path = tmp_path / "restricted.pdf"
    path.write_bytes(_encrypted_pdf(user_password=False))
    stream = read_stream(path)
    assert [b.text for b in stream.blocks] == ["Hello yusuan"]
    assert "权限密码" in stream.problems[0]


def _scan_pdf(tmp_path: Path) -> Path:
    """A one-page PDF printing an image and no text."""
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>"
    )
    image = _stream(
        bytes(random.Random(1).randrange(256) for _ in range(64)),
        b"/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 ",
    )
    path = tmp_path / "scan.pdf"
    path.write_bytes(_pdf([*_PAGES, page, _stream(b"q 400 0 0 400 100 300 cm /Im1 Do Q"), image]))
    return path


def test_pdf_without_a_text_layer(tmp_path: Path) -> None:
    path = _scan_pdf(tmp_path)
    with pytest.raises(ReadError, match="PDF 没有文字层（可能是扫描件），需要先做文字识别"):
        read_stream(path)


def test_plain_pdf_fixture_helper_reads(tmp_path: Path) -> None:
    path = tmp_path / "plain.pdf"
    path.write_bytes(_pdf([*_PAGES, _TEXT_PAGE, _stream(_HELLO), b"<< >>", _FONT]))
    assert [b.text for b in read_stream(path).blocks] == ["Hello yusuan"]


def _truncated(source: Path, target: Path, size: int) -> Path:
    target.write_bytes(source.read_bytes()[:size])
    return target


@pytest.mark.parametrize(
    ("fmt", "size", "message"),
    [
        ("pdf", 1000, "PDF 文件已损坏或不完整"),
        ("docx", 1000, "DOCX 文件已损坏或不完整"),
        ("docx", -2000, "DOCX 文件已损坏或不完整"),
        ("xlsx", 1000, "XLSX 文件已损坏或不完整"),
        ("xlsx", -2000, "XLSX 文件已损坏或不完整"),
    ],
)
def test_truncated_files(own: dict[str, Path], tmp_path: Path, fmt: str, size: int, message: str) -> None:
    path = _truncated(own[fmt], tmp_path / f"cut.{fmt}", size)
    with pytest.raises(ReadError, match=message) as caught:
        read_stream(path)
    assert str(path) in str(caught.value)


def test_truncated_real_pdf(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="PDF 文件已损坏或不完整"):
        read_stream(_truncated(SHANGHAI, tmp_path / "cut.pdf", 1000))


def test_unreadable_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(ReadError, match="文件是空的"):
        read_stream(empty)
    noise = tmp_path / "noise.bin"
    noise.write_bytes(random.Random(0).randbytes(4096))
    with pytest.raises(ReadError, match="无法识别的文件格式"):
        read_stream(noise)
    with pytest.raises(ReadError, match="文件不存在"):
        read_stream(tmp_path / "missing.pdf")
    archive = tmp_path / "other.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", "x")
    with pytest.raises(ReadError, match="不是 DOCX 或 XLSX"):
        read_stream(archive)


def test_ole2_files(tmp_path: Path) -> None:
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    xls = tmp_path / "old.xls"
    xls.write_bytes(header + "Workbook".encode("utf-16-le") + bytes(512))
    assert detect_format(xls) == "xls"
    with pytest.raises(ReadError, match=r"xlrd|XLS 文件已损坏"):
        read_stream(xls)
    doc = tmp_path / "old.doc"
    doc.write_bytes(header + "WordDocument".encode("utf-16-le") + bytes(512))
    with pytest.raises(ReadError, match="旧版 Word"):
        read_stream(doc)
    locked = tmp_path / "locked.docx"
    locked.write_bytes(header + "EncryptedPackage".encode("utf-16-le") + bytes(512))
    with pytest.raises(ReadError, match="已加密"):
        read_stream(locked)


def test_detect_by_content_not_name(own: dict[str, Path], tmp_path: Path) -> None:
    renamed = tmp_path / "table.xls"
    renamed.write_bytes(own["html"].read_bytes())  # web sites serve HTML as .xls
    assert detect_format(renamed) == "html"
    word = tmp_path / "report.doc"
    word.write_bytes(own["docx"].read_bytes())
    assert detect_format(word) == "docx"
    markup = tmp_path / "t.txt"
    markup.write_text("\ufeff  <TABLE><tr><td>1</td></tr></TABLE>", encoding="utf-8")
    assert detect_format(markup) == "html"


def test_limits(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("收入\t1307.84\n" * 400_000, encoding="utf-8")
    # a file over a limit is an OverLimit (a server answers 413); a damaged one is not
    with pytest.raises(OverLimit, match="文件过大"):
        read_stream(big, max_bytes=1024 * 1024)
    start = time.monotonic()
    with pytest.raises(OverLimit, match="读取超时"):
        read_stream(big, timeout=0.05)
    assert time.monotonic() - start < 5
    with pytest.raises(OverLimit, match="读取超时"):
        read_stream(SEED, timeout=0)
    with pytest.raises(OverLimit, match="超过上限 10 页"):
        read_stream(SHANGHAI, max_pages=10)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(SHANGHAI.read_bytes()[:2000])
    with pytest.raises(ReadError) as refused:
        read_stream(broken)
    assert not isinstance(refused.value, OverLimit)


@pytest.mark.parametrize("reader", [read_text, read_html, read_docx, read_xlsx, read_pdf])
def test_every_reader_checks_its_deadline(own: dict[str, Path], reader: object) -> None:
    paths = {read_text: SEED, read_html: own["html"], read_docx: own["docx"], read_xlsx: own["xlsx"]}
    path = paths.get(reader, own["pdf"])  # type: ignore[call-overload]
    with pytest.raises(ReadError, match="读取超时"):
        reader(path, Deadline(0, str(path)))  # type: ignore[operator]


def test_own_html_reads_like_own_docx(tmp_path: Path) -> None:
    """The built page reads back as the DOCX of the same build: the glossary's entries, the
    performance forms with their fields, and no form fields in the sections' text."""
    code, _, stderr = run_cli("build", str(KORLA), "-o", str(tmp_path), "--format", "html,docx")
    assert code == 0, stderr
    html = read_document(next(tmp_path.glob("*.html"))).document
    docx_ = read_document(next(tmp_path.glob("*.docx"))).document
    assert len(docx_.glossary) == 8
    assert [(e.term, e.definition) for e in html.glossary] == [(e.term, e.definition) for e in docx_.glossary]
    assert len(docx_.performance) == 9
    assert [(t.key, len(t.indicators), t.goal) for t in html.performance] == [
        (t.key, len(t.indicators), t.goal) for t in docx_.performance
    ]
    values = [{label: cell.value for label, cell in t.fields.items()} for t in docx_.performance]
    assert [{label: cell.value for label, cell in t.fields.items()} for t in html.performance] == values

    def paragraphs(sections: list[Section]) -> list[str]:
        return [p for s in sections for p in s.paragraphs + paragraphs(s.subsections)]

    assert not [p for p in paragraphs(html.sections) if "项目负责人" in p or "年度预算总额" in p]


def test_pdf_last_row_alone_on_its_page_ends_the_table(tmp_path: Path) -> None:
    # 普陀区万里街道 2024 部门预算 p.15: the 合计 row of the 收入预算总表 is alone on its page, its
    # label merged over the three code columns and the name column (6 cells under 9 columns).
    from yusuan.read.tables.grids import find_tables
    from yusuan.read.tables.recognise import recognise
    from yusuan.render.typst_fonts import compile_typst

    head = "[类], [款], [项], [功能分类科目名称], [合计], [财政拨款收入], [事业收入], [事业单位经营收入], [其他收入]"
    rows = [
        ("201", "", "", "一般公共服务支出", "2,932,700"),
        ("201", "05", "07", "专项普查活动", "2,932,700"),
    ]
    body = ", ".join(f"[{a}], [{b}], [{c}], [{d}], [{e}], [{e}], [0], [0], [0]" for a, b, c, d, e in rows)
    source = (
        '#set text(font: "Noto Serif CJK SC", lang: "zh", region: "cn", size: 8pt)\n'
        "#set page(flipped: true)\n"
        "#align(center)[2024年部门收入预算总表]\n\n单位：元\n\n"
        f"#table(columns: 9, {head}, {body})\n#pagebreak()\n"
        "#table(columns: (7cm, 2cm, 2cm, 2cm, 2cm, 2cm), [合计], [2,932,700], [2,932,700], [0], [0], [0])\n"
    )
    path = tmp_path / "last-row-alone.pdf"
    path.write_bytes(compile_typst(source))
    stream = read_pdf(path)
    assert [len(g.rows) for g in grids(stream)] == [3, 1]
    (found,) = [f for f in find_tables(stream)[0] if f.grids]
    assert len(found.grids) == 2  # the lone row continues the table
    (table,) = recognise(stream).tables
    total = table.rows[-1]
    assert total.kind == "total"
    assert [c.text for c in total.cells] == ["", "", "", "合计", "2,932,700", "2,932,700", "0", "0", "0"]


@pytest.mark.parametrize(("value", "grids_read"), [("≥95", [3, 1]), ("满意", [3])])
def test_pdf_last_indicator_alone_on_its_page(tmp_path: Path, value: str, grids_read: list[int]) -> None:
    # xian/21 (西安市司法局2026) pp.81–82: the last indicator of a performance table alone on its
    # page; its target "≥95" is a figure beside the weight, so the row is a grid (a row with one
    # figure stays text)
    from yusuan.render.typst_fonts import compile_typst

    head = "[一级指标], [二级指标], [三级指标], [指标值], [分值权重]"
    body = "[产出指标], [数量指标], [设备购置数量（个）], [≤3], [10], [效益指标], [社会效益指标], [提高工作效率（%）], [≥95], [30]"
    source = (
        '#set text(font: "Noto Serif CJK SC", lang: "zh", region: "cn", size: 9pt)\n'
        "#align(center)[部门专项业务经费绩效目标表]\n\n"
        f"#table(columns: 5, {head}, {body})\n#pagebreak()\n"
        f"#table(columns: 5, [满意度指标], [服务对象满意度指标], [民警满意度（%）], [{value}], [10])\n"
    )
    path = tmp_path / "last-indicator-alone.pdf"
    path.write_bytes(compile_typst(source))
    assert [len(g.rows) for g in grids(read_pdf(path))] == grids_read


# ------------------------------------------------------------------ PDF engines: the fallback per page


def _texts(stream: Stream, page: int) -> list[str]:
    return [
        b.text or "|".join(c.text for row in b.rows for c in row) for b in stream.blocks if b.page == page
    ]


def test_a_page_pdfium_cannot_parse_is_read_by_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    import yusuan.read.formats.pdf.pdfium as pdfium_module

    real = pdfium_module.pdfium_view
    calls = {"n": 0}

    def failing_on_page_two(page):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("damaged content stream")
        return real(page)

    plumber = read_pdf(JIANGSU, engine="pdfplumber")
    monkeypatch.setattr(pdfium_module, "pdfium_view", failing_on_page_two)
    stream = read_pdf(JIANGSU)
    assert stream.fallback == [(2, "PDFium 无法读取此页（RuntimeError）")]
    assert _texts(stream, 2) == _texts(plumber, 2) != []
    assert _texts(stream, 3) == _texts(plumber, 3)
    calls["n"] = 0
    report = read_document(JIANGSU).report  # and the reading report says so
    assert report.fallback == ["第 2 页：PDFium 无法读取此页（RuntimeError）"]
    assert "由备用引擎 pdfplumber 读取（1 处）：" in report.lines()


def test_a_file_pdfium_cannot_open_is_read_by_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    from yusuan.read.formats import pdf as pdf_module

    def refuse(self, path):  # type: ignore[no-untyped-def]
        raise RuntimeError("Failed to load document (PDFium: Data format error).")

    plumber = read_pdf(JIANGSU, engine="pdfplumber")
    monkeypatch.setattr(pdf_module._Pdfium, "__init__", refuse)
    stream = read_pdf(JIANGSU)
    assert stream.fallback == [(0, "PDFium 无法打开此文件")]
    assert [(b.page, b.text) for b in stream.blocks] == [(b.page, b.text) for b in plumber.blocks]


def test_a_page_without_text_is_judged_by_pdfplumber(tmp_path: Path) -> None:
    """A scanned page: PDFium finds no text, and pdfplumber is asked too."""
    path = _scan_pdf(tmp_path)
    stream = Stream(file=str(path), format="pdf")
    from yusuan.read.formats.pdf import _open, _view

    pdfium, plumber = _open(path, "pdfium")
    assert pdfium is not None
    view = _view(1, pdfium, plumber, stream)
    assert (view.engine, view.images, view.chars) == ("pdfplumber", 1, [])
    assert stream.fallback == [(1, "此页没有文字，核实是否空白页或扫描页")]
    pdfium.close()
    plumber.close()


def test_a_page_of_six_thousand_small_figures_reads_in_linear_time(tmp_path: Path) -> None:
    """pdfplumber's dedupe took 141 s on such a page (issue 11); the reader's own dedupe is linear,
    so the page is read well inside a 30-second deadline."""
    rnd = random.Random(7)
    parts = [
        b"BT /F1 3 Tf %.1f %.1f Td (%d) Tj ET"
        % (20 + (i % 60) * 9.3, 20 + (i // 60) * 8.0, rnd.randrange(1000))
        for i in range(6000)
    ]
    path = tmp_path / "figures.pdf"
    path.write_bytes(_pdf([*_PAGES, _TEXT_PAGE, _stream(b"\n".join(parts)), b"<< >>", _FONT]))
    stream = read_pdf(path, Deadline(30, str(path)))
    assert len(stream.blocks) == 100  # the 100 printed lines (no ruling: not a grid)
    assert all(len(b.text.split()) == 60 for b in stream.blocks)


# ------------------------------------------------------------------ bounded reading (issue 11)


def test_a_workbook_with_a_sheet_wide_merge_is_refused_before_openpyxl(tmp_path: Path) -> None:
    """One merged range A1:XFD1048576 in a 5 KB file grew past 5 GB inside openpyxl."""
    small = tmp_path / "small.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "收入预算表"
    book.save(small)
    bomb = tmp_path / "merge.xlsx"
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                merge = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
                data = data.replace(b"</sheetData>", b"</sheetData>" + merge)
            target.writestr(item, data)
    with pytest.raises(ReadError, match=r"工作表（sheet1.xml）的合并单元格的范围超过 300,000 个"):
        read_stream(bomb)


def test_a_text_of_too_many_cells_is_refused_as_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two million tab-separated cells (4 MB) took 2.5 GB; cells are counted as they are made."""
    monkeypatch.setattr("yusuan.read.limits.MAX_CELLS", 1000)
    path = tmp_path / "tabs.txt"
    path.write_text(("a\t" * 100 + "\n") * 20, encoding="utf-8")
    with pytest.raises(ReadError, match="表格单元格超过 1,000 个，不像一份预算公开文件"):
        read_stream(path)


def test_an_html_table_widened_by_one_cell_counts_its_whole_grid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fuzz case 1056000-1584: one header cell with colspan clamped to 1000 over a table of a few
    hundred short rows made a grid of 700,000 cells (1.4 GB) while the cells occupied were few;
    the grid HTML lays out (height × width) is what is counted."""
    monkeypatch.setattr("yusuan.read.limits.MAX_CELLS", 1000)
    rows = "".join("<tr><td>1.00</td></tr>" for _ in range(20))
    path = tmp_path / "wide.html"
    path.write_text(f'<table><tr><th colspan="60">表</th></tr>{rows}</table>', encoding="utf-8")
    with pytest.raises(ReadError, match="表格单元格超过 1,000 个"):
        read_stream(path)
    path.write_text(f'<table><tr><th colspan="40">表</th></tr>{rows}</table>', encoding="utf-8")
    [grid] = [block for block in read_stream(path).blocks if block.kind == "grid"]
    assert (len(grid.rows), len(grid.rows[0])) == (21, 40)


def test_text_and_html_past_their_size_limit_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("yusuan.read.formats.MAX_MARKUP_BYTES", 1024)
    text = tmp_path / "big.txt"
    text.write_text("收入预算 1307.84 万元。\n" * 200, encoding="utf-8")
    with pytest.raises(OverLimit, match=r"文本文件过大（.*，此格式上限 1.0 KB）"):
        read_stream(text)
    html = tmp_path / "big.html"
    html.write_text(
        "<html><body>" + "<p>收入预算 1307.84 万元。</p>" * 100 + "</body></html>", encoding="utf-8"
    )
    with pytest.raises(OverLimit, match="HTML 文件过大"):
        read_stream(html)


def test_a_docx_whose_text_unpacks_too_large_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 2 MB DOCX whose document.xml unpacks to 1.9 GB used 5.9 GB before it was refused."""
    monkeypatch.setattr("yusuan.read.limits.MAX_XML_UNPACKED", 64 * 1024)
    path = tmp_path / "long.docx"
    document = docx.Document()
    for _ in range(2000):
        document.add_paragraph("收入预算 1307.84 万元。")
    document.save(str(path))
    with pytest.raises(OverLimit, match=r"DOCX 文件的正文解压后过大（.*，上限 64.0 KB）"):
        read_stream(path)


def test_a_workbook_named_xls_is_read_as_the_xlsx_it_is(tmp_path: Path) -> None:
    """openpyxl refuses a path not ending in .xlsx; the content decides (issue 11)."""
    book = openpyxl.Workbook()
    book.active["A1"] = "收入预算表"
    book.active["A2"] = "一般公共预算"
    path = tmp_path / "收入预算表.xls"
    book.save(path)
    stream = read_stream(path)
    assert stream.format == "xlsx"
    assert any(b.text == "收入预算表" for b in stream.blocks if b.kind == "paragraph")


def test_pdfminer_reads_a_damaged_stream_in_linear_time_with_the_same_answer() -> None:
    """fuzz case 1050000-1616 (a mutated Shanghai PDF): a font program whose Flate checksum was
    damaged took pdfminer 74 s to inflate byte by byte with ``bytes +=``; the reader installs a
    linear version that gives the same bytes, and the same error where the damage is earlier."""
    import inspect
    import io
    import zlib

    from pdfminer import pdftypes

    from yusuan.read.formats.pdf import pdfminer_fix

    assert pdftypes.decompress_corrupted is pdfminer_fix.decompress_corrupted
    source = inspect.getsource(pdftypes)  # pdfminer's own function, as shipped, to compare with
    body = "def decompress_corrupted" + source.split("def decompress_corrupted")[1].split("\nclass ")[0]
    namespace: dict[str, object] = {"zlib": zlib, "io": io, "logger": pdftypes.logger}
    exec(body, namespace)
    theirs = namespace["decompress_corrupted"]
    text = ("一般公共预算拨款收入1307.84万元。" * 400).encode()
    packed = zlib.compress(text)
    damaged_checksum = packed[:-2] + bytes([packed[-2] ^ 0xFF, packed[-1] ^ 0xFF])
    assert pdfminer_fix.decompress_corrupted(damaged_checksum) == theirs(damaged_checksum) == text  # type: ignore[operator]
    assert pdfminer_fix.decompress_corrupted(b"") == theirs(b"") == b""  # type: ignore[operator]
    damaged_early = packed[:10] + bytes([packed[10] ^ 0xFF]) + packed[11:]
    for function in (pdfminer_fix.decompress_corrupted, theirs):
        with pytest.raises(zlib.error):
            function(damaged_early)  # type: ignore[operator]


def test_a_table_in_a_unit_yusuan_does_not_compare_in_is_reported_not_read(
    own: dict[str, Path], tmp_path: Path
) -> None:
    # A document that prints a table "单位：千元" (a unit no profile has): read in 万元 its figures
    # would be ten times off and every comparison with it a false error. It is reported and left out.
    from yusuan.check.runner import check_document

    html = own["html"].read_text(encoding="utf-8")
    assert html.count("单位：万元") > 1
    changed = tmp_path / "unit.html"
    changed.write_text(html.replace("单位：万元", "单位：千元", 1), encoding="utf-8")
    before, after = read_document(own["html"]), read_document(changed)
    assert "summary" in {t.key for t in before.document.tables}
    assert "summary" not in {t.key for t in after.document.tables}
    assert any("以千元列示" in p and "单位收支总体情况表" in p for p in after.report.problems)

    def serious(report: object) -> set[tuple[str, str]]:
        return {(f.rule, f.message) for f in report.findings if f.severity.value != "notice"}  # type: ignore[attr-defined]

    # nothing is said of the table that was left out but that it was (a notice: named, not read)
    assert serious(check_document(after.document)) <= serious(check_document(before.document))
