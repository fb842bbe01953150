"""The HTML page: one self-contained, accessible document, checked through a parsed tree."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from yusuan.budgetfile import load_budget
from yusuan.compute import compute
from yusuan.generate import build_document
from yusuan.layout import load_layout
from yusuan.model.document import Document, Part
from yusuan.render.html import chinese_date, inline_svg, render_html

from conftest import FICTIONAL, KORLA

# ---------------------------------------------------------------------------- a tiny tree parser
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def __getitem__(self, name: str) -> str:
        return self.attrs[name]

    def get(self, name: str) -> str | None:
        return self.attrs.get(name)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def all(self, tag: str, cls: str | None = None) -> list[Element]:
        return [e for e in self.iter() if e.tag == tag and (cls is None or cls in e.classes)]

    def one(self, tag: str, cls: str | None = None) -> Element:
        found = self.all(tag, cls)
        assert len(found) == 1, f"{len(found)} <{tag} class={cls}>"
        return found[0]

    def child_elements(self, tag: str | None = None) -> list[Element]:
        return [c for c in self.children if isinstance(c, Element) and (tag is None or c.tag == tag)]


class _TreeBuilder(HTMLParser):
    """Builds a tree and fails on any tag closed out of order (our output is always well-formed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]
        self.doctype: str | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        open_tag = self.stack.pop().tag
        assert open_tag == tag, f"</{tag}> closes <{open_tag}>"

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    assert len(builder.stack) == 1, f"unclosed: {[e.tag for e in builder.stack[1:]]}"
    assert builder.doctype is not None and builder.doctype.lower() == "doctype html"
    return builder.root


def squash(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------- fixtures
def build(source: object, layout: str) -> Document:
    budget = load_budget(source)  # type: ignore[arg-type]
    return build_document(budget, load_layout(layout), compute(budget))


@pytest.fixture(scope="module")
def korla_doc() -> Document:
    return build(KORLA, "xinjiang-2024-unit")


@pytest.fixture(scope="module")
def korla_page(korla_doc: Document) -> str:
    return render_html(korla_doc)


@pytest.fixture(scope="module")
def tree(korla_page: str) -> Element:
    return parse(korla_page)


def data_tables(tree: Element) -> list[Element]:
    return [figure.one("table") for figure in tree.all("figure", "table-figure")]


def caption_title(table: Element) -> str:
    return squash(table.one("caption").one("span", "caption-title").text)


def table_by_number(tree: Element, number: str) -> Element:
    for table in data_tables(tree):
        if caption_title(table).startswith(f"表{number} "):
            return table
    raise KeyError(number)


def body_row(table: Element, label: str) -> Element:
    for row in table.one("tbody").all("tr"):
        heads = [squash(th.text) for th in row.child_elements("th")]
        if label in heads:
            return row
    raise KeyError(label)


def values(row: Element) -> list[str]:
    return [td["data-value"] for td in row.child_elements("td") if td.get("data-value") is not None]


# ---------------------------------------------------------------------------- the page
def test_page_structure(tree: Element, korla_doc: Document) -> None:
    html = tree.one("html")
    assert html["lang"] == "zh-CN"
    assert tree.one("head").child_elements()[0].attrs == {"charset": "utf-8"}
    assert squash(tree.one("head").one("title").text) == korla_doc.title
    header = tree.one("header")
    assert squash(header.one("h1").text) == "库尔勒经济技术开发区管理委员会党政办公室2024年单位预算公开"
    assert len(tree.all("h1")) == 1
    main = tree.one("main")
    parts = main.child_elements("section")
    headings = [squash(p.child_elements("h2")[0].text) for p in parts if p.child_elements("h2")]
    assert headings == [
        "第一部分 2024年库尔勒经济技术开发区管理委员会党政办公室单位概况",
        "第二部分 2024年单位预算公开表",
        "第三部分 2024年单位预算情况说明",
        "图解",
        "第四部分 名词解释",
    ]
    assert [p["id"] for p in parts] == [
        "part-profile",
        "part-tables",
        "part-sections",
        "part-performance",
        "part-charts",
        "part-glossary",
    ]
    footer = tree.one("footer")
    assert squash(footer.text) == "库尔勒经济技术开发区管理委员会党政办公室 2024年2月8日"
    assert footer.one("time")["datetime"] == "2024-02-08"


def test_self_contained(korla_page: str, tree: Element) -> None:
    assert "http://" not in korla_page and "https://" not in korla_page
    assert "//" not in korla_page.replace("://", "")  # no protocol-relative address either
    assert not tree.all("script") and not tree.all("img") and not tree.all("iframe")
    for element in tree.iter():
        for name in ("src", "srcset", "data", "action", "poster"):
            assert element.get(name) is None, (element.tag, name)
        href = element.get("href")
        if href is not None:
            assert href.startswith("#") or href == "data:,", href
    style = tree.one("style").text
    assert "@import" not in style and "url(" not in style and "@font-face" not in style
    assert '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif' in style
    assert '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif' in style


def test_style_for_phone_and_print(tree: Element) -> None:
    style = tree.one("style").text
    assert "overflow-x: auto" in style
    assert "font-variant-numeric: tabular-nums" in style
    assert "max-width: var(--measure)" in style
    assert "@media print" in style and "size: A4" in style
    assert "display: table-header-group" in style
    assert "break-inside: avoid" in style and "break-before: page" in style


def test_contents_links_resolve(tree: Element) -> None:
    ids = [e["id"] for e in tree.iter() if e.get("id") is not None]
    assert len(ids) == len(set(ids))
    nav = tree.one("nav")
    links = [a["href"] for a in nav.all("a")]
    assert links and all(link[1:] in ids for link in links)
    labels = [squash(a.text) for a in nav.all("a")]
    assert "表3 单位支出总体情况表" in labels
    assert "十二、其他重要事项的情况说明" in labels
    assert "第四部分 名词解释" in labels


def test_deterministic(korla_doc: Document, korla_page: str) -> None:
    assert render_html(korla_doc) == korla_page


# ---------------------------------------------------------------------------- tables
def test_table_captions(tree: Element, korla_doc: Document) -> None:
    tables = data_tables(tree)
    assert [caption_title(t) for t in tables] == [
        "表1 单位收支总体情况表",
        "表2 单位收入总体情况表",
        "表3 单位支出总体情况表",
        "表4 财政拨款收支预算总体情况表",
        "表5 一般公共预算支出情况表",
        "表6 一般公共预算基本支出情况表",
        "表7 一般公共预算项目支出情况表",
        "表8 政府性基金预算支出情况表",
        "表9 国有资本经营预算支出情况表",
        "表10 财政拨款“三公”经费支出情况表",
        "表11 上年结转结余情况明细表",
    ]
    for table, model in zip(tables, korla_doc.tables, strict=True):
        meta = squash(table.one("caption").one("span", "caption-meta").text)
        assert meta == f"编制单位：库尔勒经济技术开发区管理委员会党政办公室 单位：{model.unit}"
    assert "单位：元" in squash(table_by_number(tree, "7").one("caption").text)


def test_scroll_regions(tree: Element) -> None:
    for figure in tree.all("figure", "table-figure"):
        region = figure.one("div", "table-scroll")
        assert region["role"] == "region"
        assert region["tabindex"] == "0"
        assert region["aria-label"] == caption_title(region.one("table"))


def test_table3_rows(tree: Element) -> None:
    table = table_by_number(tree, "3")
    row = body_row(table, "行政运行")
    assert values(row) == ["939.99", "939.99", "0.00"]  # figures as printed: the blank 项目支出 is 0.00
    cells = row.child_elements()
    assert [squash(c.text) for c in cells[:3]] == ["201", "3", "1"]
    assert cells[3].tag == "th" and cells[3]["scope"] == "row"
    assert all("num" in c.classes for c in cells[4:])
    total = body_row(table, "合 计")
    assert "row-total" in total.classes
    assert values(total) == ["1307.84", "1051.59", "256.25"]
    assert [squash(td.text) for td in total.child_elements("td")][-3:] == ["1307.84", "1051.59", "256.25"]


def test_header_cells(tree: Element) -> None:
    table = table_by_number(tree, "3")
    rows = table.one("thead").all("tr")
    first = [(squash(th.text), th.get("colspan"), th.get("scope")) for th in rows[0].all("th")]
    assert first == [("科 目", "4", "colgroup"), ("支出预算", "3", "colgroup")]
    assert [squash(th.text) for th in rows[2].all("th")] == ["类", "款", "项"]
    assert all(th["scope"] == "col" for th in rows[2].all("th"))
    assert [c["span"] for c in table.child_elements("colgroup")] == ["4", "3"]


@pytest.mark.parametrize(
    ("source", "layout"),
    [
        (KORLA, "xinjiang-2024-unit"),
        (KORLA, "shanghai-2023-dept"),
        (KORLA, "jiangsu-2017-dept"),
        (FICTIONAL, "xinjiang-2024-unit"),
        (FICTIONAL, "shanghai-2023-dept"),
        (FICTIONAL, "jiangsu-2017-dept"),
    ],
)
def test_every_layout_renders(source: object, layout: str) -> None:
    document = build(source, layout)
    page = render_html(document)
    assert "http://" not in page and "https://" not in page
    tree = parse(page)
    tables = data_tables(tree)
    assert len(tables) == len(document.tables)
    for table, model in zip(tables, document.tables, strict=True):
        # The header exactly as the layout merges it.
        printed = [
            [
                (squash(th.text), int(th.get("colspan") or 1), int(th.get("rowspan") or 1))
                for th in tr.all("th")
            ]
            for tr in table.one("thead").all("tr")
        ]
        assert printed == [[(squash(c.text), c.cols, c.rows) for c in row] for row in model.header]
        for th in table.one("thead").all("th"):
            assert th["scope"] == ("colgroup" if int(th.get("colspan") or 1) > 1 else "col")
        # Every figure is there with its exact value; every row has one cell per column.
        body = table.one("tbody").all("tr")
        if model.rows:
            assert len(body) == len(model.rows)
            for tr, row in zip(body, model.rows, strict=True):
                cells = tr.child_elements()
                # a cell merged down from a row above (Cell.rows 0) has no element of its own
                shown = [c for c in row.cells if c.rows > 0]
                assert len(cells) == len(model.columns) - (len(row.cells) - len(shown))
                for cell, source_cell in zip(cells, shown, strict=True):
                    assert squash(cell.text) == squash(source_cell.text)
                    if source_cell.value is not None and cell.tag == "td":
                        assert Decimal(cell["data-value"]) == source_cell.value
                assert f"row-{row.kind}" in tr.classes
        else:
            assert len(body) == 1 and "row-empty" in body[0].classes
    parts = {part.key for part in document.parts}
    shown = len(document.performance) if "performance" in parts else 0
    assert len(tree.all("article", "perf")) == shown
    shown = len(document.charts) if "charts" in parts else 0
    assert len(tree.one("main").all("figure", "chart")) == shown


def test_layout_order_and_single_sections() -> None:
    document = build(KORLA, "shanghai-2023-dept")
    tree = parse(render_html(document))
    ids = [p["id"] for p in tree.one("main").child_elements("section")]
    assert ids[:6] == [
        "part-profile",
        "part-glossary",
        "part-section-budget_notes",
        "part-tables",
        "part-section-other",
        "part-section-project_notes",
    ]
    budget_notes = tree.one("main").child_elements("section")[2]
    assert squash(budget_notes.one("h2").text) == "部门预算编制说明"  # no part heading: the section heads it
    # Shanghai numbers its tables only in the contents: the caption is the title, which carries the year.
    captions = [caption_title(t) for t in data_tables(tree)]
    assert captions[:2] == ["2024年部门财务收支预算总表", "2024年部门收入预算总表"]
    assert not any(caption.startswith("表") for caption in captions)
    assert "编制部门：" in squash(data_tables(tree)[0].one("caption").text)


def test_jiangsu_titles_keep_their_own_numbers() -> None:
    tree = parse(render_html(build(KORLA, "jiangsu-2017-dept")))
    assert caption_title(data_tables(tree)[0]) == "一、收支预算总表"
    summary = data_tables(tree)[0]
    first = summary.one("thead").all("tr")[0].all("th")
    assert [(squash(th.text), th["scope"]) for th in first] == [("收入", "colgroup"), ("支出", "colgroup")]


def test_empty_tables_keep_header_and_note(tree: Element, korla_doc: Document) -> None:
    notes = {
        "8": "本单位2024年度无政府性基金预算支出，本表为空表。",
        "9": "本单位2024年度无国有资本经营预算支出，本表为空表。",
        "11": "本单位 2024 年度无上年结转结余情况支出，本表为空表。",
    }
    for number, note in notes.items():
        table = table_by_number(tree, number)
        assert len(table.one("thead").all("tr")) == 3
        figure = next(f for f in tree.all("figure", "table-figure") if f.one("table") is table)
        assert "empty" in figure.classes
        assert squash(figure.one("p", "note").text) == squash(note)
    assert len(tree.all("p", "note")) == 3


def test_row_headers_where_sensible(tree: Element) -> None:
    summary = table_by_number(tree, "1")
    row = body_row(summary, "一、本年收入")
    heads = [squash(th.text) for th in row.child_elements("th")]
    assert heads == ["一、本年收入", "201 一般公共服务支出"]  # each side of a two-sided table
    projects = table_by_number(tree, "7")
    row = body_row(projects, "大楼维修项目")  # the project names the row, not the repeated subject
    assert values(row) == ["300000"]  # whole yuan, as printed
    sangong = table_by_number(tree, "10")
    assert not sangong.one("tbody").all("th")  # one row of figures: nothing to head it


# ---------------------------------------------------------------------------- performance
def test_performance_tables(tree: Element, korla_doc: Document) -> None:
    articles = tree.all("article", "perf")
    assert len(articles) == 9
    for article, model in zip(articles, korla_doc.performance, strict=True):
        title = squash(article.one("h2").text)
        assert title.startswith(model.title)
        if model.project:
            assert model.project in title
        fields = article.one("dl", "perf-fields")
        assert [squash(dt.text) for dt in fields.all("dt")] == list(model.fields)
        goal = article.one("dl", "perf-goal")
        assert squash(goal.one("dd").text) == squash(model.goal.replace("\n", ""))
        table = article.one("table")
        header = [squash(th.text) for th in table.one("thead").all("th")]
        level1 = table.all("th", "l1")
        assert [th["scope"] for th in level1] == ["rowgroup"] * len(level1)
        assert sum(int(th.get("rowspan") or 1) for th in level1) == len(model.indicators)
        assert sum(int(th.get("rowspan") or 1) for th in table.all("th", "l2")) == len(model.indicators)
        assert len(table.all("tbody")) == len(level1)  # one row group per 一级指标
        assert [squash(th.text) for th in table.all("th", "l3")] == [i.name for i in model.indicators]
        if model.project:
            assert header == [
                "一级指标",
                "二级指标",
                "三级指标",
                "指标值",
                "指标值设定依据",
                "上年完成值",
                "分值权重",
                "指标赋分规则",
                "佐证资料",
            ]
        else:  # the unit's overall table has no prior / scoring / evidence columns, as published
            assert header == ["一级指标", "二级指标", "三级指标", "指标值", "指标值设定依据", "分值权重"]
    unit = articles[0].one("table")
    assert [(squash(th.text), th["rowspan"]) for th in unit.all("th", "l1")] == [("履职效能", "4")]
    cleaning = articles[3]
    assert "保洁用品项目" in squash(cleaning.one("h2").text)
    first = cleaning.one("table").all("th", "l1")[0]
    assert (squash(first.text), first["rowspan"]) == ("产出指标", "5")
    weights = [
        td["data-value"] for tbody in cleaning.one("table").all("tbody") for td in tbody.all("td", "num")
    ]
    assert weights == ["10", "5", "10", "5", "10", "20", "20", "10"]
    # the 分值合计 row, as in the PDF and DOCX, and "-" for an empty 上年完成值
    (total,) = cleaning.one("table").one("tfoot").all("tr")
    assert [squash(c.text) for c in total.all("th")] == ["分值合计"] and total.one("th")["colspan"] == "6"
    assert total.one("td", "num")["data-value"] == "90"
    priors = [squash(td.text) for td in cleaning.one("table").all("td", "prior")]
    model = korla_doc.performance[3]
    assert priors == [i.prior or "-" for i in model.indicators] and "-" in priors
    budget = next(dd for dd in cleaning.one("dl", "perf-fields").all("dd") if dd.get("data-value"))
    assert budget["data-value"] == "3.00" and squash(budget.text) == "3.00 万元"


# ---------------------------------------------------------------------------- glossary, charts
def test_glossary(tree: Element) -> None:
    glossary = tree.one("dl", "glossary")
    terms = [squash(dt.text) for dt in glossary.all("dt")]
    assert len(terms) == 8
    assert terms[0] == "财政拨款" and terms[-1] == "机关运行经费"
    assert len(glossary.all("dd")) == 8
    part = tree.one("main").child_elements("section")[-1]
    assert part["id"] == "part-glossary" and glossary in list(part.iter())


def test_charts_are_inline_svg_with_text(tree: Element, korla_doc: Document) -> None:
    if not korla_doc.charts:
        pytest.skip("the document has no charts")
    figures = tree.one("main").all("figure", "chart")
    assert len(figures) == len(korla_doc.charts)
    for number, (figure, chart) in enumerate(zip(figures, korla_doc.charts, strict=True), start=1):
        # one title per chart, numbered as in the PDF and DOCX: the caption; the picture draws none
        assert squash(figure.one("figcaption").text) == f"图{number}{chart.title}"
        svg = figure.one("svg")
        assert chart.title not in [squash(t.text) for t in svg.all("text")]
        assert svg["role"] == "img" and svg["aria-label"]
        assert svg.get("xmlns") is None
        details = figure.one("details")
        assert squash(details.one("summary").text) == "文字说明"
        assert squash(details.one("p").text) == squash(chart.alt)


def test_inline_svg() -> None:
    svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10"><rect/></svg>'
    inlined = str(inline_svg(svg, "说明 <a> & b"))
    assert inlined == '<svg role="img" aria-label="说明 &lt;a&gt; &amp; b" width="10"><rect/></svg>'
    kept = str(inline_svg('<svg role="img" aria-label="自带"><g/></svg>', "另一个"))
    assert kept == '<svg role="img" aria-label="自带"><g/></svg>'


# ---------------------------------------------------------------------------- escaping, dates
def test_text_is_escaped(korla_doc: Document) -> None:
    nasty = '<script>alert("x")</script> & “引号”'
    profile = [korla_doc.profile[0].model_copy(update={"paragraphs": [nasty]}), *korla_doc.profile[1:]]
    table = korla_doc.tables[2]
    first = table.rows[0]
    name = first.cells[3].model_copy(update={"text": nasty})
    rows = [first.model_copy(update={"cells": [*first.cells[:3], name, *first.cells[4:]]}), *table.rows[1:]]
    tables = [
        *korla_doc.tables[:2],
        table.model_copy(update={"rows": rows, "note": nasty}),
        *korla_doc.tables[3:],
    ]
    document = korla_doc.model_copy(
        update={"title": nasty, "profile": profile, "tables": tables, "issuer": nasty}
    )
    page = render_html(document)
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    tree = parse(page)
    assert squash(tree.one("h1").text) == squash(nasty)
    assert squash(tree.one("footer").one("p", "issuer").text) == squash(nasty)
    assert body_row(table_by_number(tree, "3"), squash(nasty)) is not None


def test_chinese_date() -> None:
    assert chinese_date("2024-02-08") == "2024年2月8日"
    assert chinese_date("2025-12-31") == "2025年12月31日"
    assert chinese_date("二〇二四年二月") == "二〇二四年二月"
    assert chinese_date(None) is None


def test_a_section_placed_on_its_own_is_not_repeated(korla_doc: Document) -> None:
    parts = [Part(key="section:other", heading=None), *korla_doc.parts]
    tree = parse(render_html(korla_doc.model_copy(update={"parts": parts})))
    main = tree.one("main")
    assert main.child_elements("section")[0]["id"] == "part-section-other"
    assert len([e for e in main.iter() if e.get("id") == "sec-other"]) == 1
    assert len([e for e in main.iter() if e.get("id") == "sec-procurement"]) == 1
    assert squash(main.child_elements("section")[0].one("h2").text) == "十二、其他重要事项的情况说明"
    assert [squash(h.text) for h in main.child_elements("section")[0].all("h3")][:2] == [
        "（一）单位运行经费情况",
        "（二）政府采购情况",
    ]
