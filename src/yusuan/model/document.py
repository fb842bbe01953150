"""The disclosure document: tables and sections as a published document shows them.

Generation fills it from a budget (every figure points back to the budget field or the
computation it came from); reading (a later stage) fills it from a published file (every figure
points to file, page, line or cell). Checking runs on this layer, so one rule catalogue serves
both.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal, overload

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from yusuan.model.money import AmountUnit


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Provenance(_Doc):
    """Where a figure or text came from."""

    file: str | None = None
    page: int | None = None
    line: int | None = None
    table: str | None = None
    row: int | None = None
    column: int | None = None
    path: str | None = Field(default=None, description="budget field, e.g. projects[3].amount")
    derivation: str | None = Field(default=None, description="how it was computed, e.g. sum of rows")
    bbox: tuple[int, int, int, int] | None = Field(
        default=None,
        description="read PDFs: the box on the page in whole points from the displayed page's top left "
        "(x0, top, x1, bottom), rounded outward — a printed line, or a table cell",
    )

    def describe(self, *, file: bool = True, sep: str = " ", table: bool = False) -> str:
        """Where this is, as a Chinese message names it: ``budget.pdf 第3页 第12行``.

        ``file=False`` leaves the file out (a report about one file); ``table=True`` names the
        table (a sheet, a Word table) where there is neither page nor line."""
        parts = [self.file or ""] if file else []
        if self.page:
            parts.append(f"第{self.page}页")
        if self.line:
            parts.append(f"第{self.line}行")
        if table and self.table and not self.page and not self.line:
            parts.append(self.table)
        return sep.join(part for part in parts if part)

    def describe_en(self) -> str:
        """Where this is, in English: ``budget.pdf, page 3, line 12``."""
        parts = [
            self.file or "",
            f"page {self.page}" if self.page else "",
            f"line {self.line}" if self.line else "",
        ]
        return ", ".join(part for part in parts if part)


class Cell(_Doc):
    """A printed cell: its text, and its value when it is a figure."""

    text: str = ""
    value: Decimal | None = None
    provenance: Provenance | None = None
    rows: int = Field(
        default=1,
        description="the rows a merged cell spans down (a category over its items, Jiangsu's 收入预算总表); "
        "0 where the cell above covers it",
    )


class HeaderCell(_Doc):
    text: str
    cols: int = 1
    rows: int = 1


def place_header(header: list[list[HeaderCell]]) -> list[tuple[int, int, HeaderCell]]:
    """(row, column, cell) of each header cell, laid out as HTML lays out colspan and rowspan:
    every cell takes the next column of its row that no cell above still covers."""
    occupied: set[tuple[int, int]] = set()
    placed = []
    for r, cells in enumerate(header):
        c = 0
        for cell in cells:
            while (r, c) in occupied:
                c += 1
            placed.append((r, c, cell))
            occupied |= {(r + i, c + j) for i in range(cell.rows) for j in range(cell.cols)}
            c += cell.cols
    return placed


# The keys of the columns that print classification codes: whole, or split into 类/款/项.
CODE_KEYS = frozenset({"code", "code.class", "code.section", "code.item"})


class Column(_Doc):
    key: str
    title: str
    kind: Literal["code", "text", "figure"] = Field(
        default="text", description="what the column holds: codes (kept as text), words, or figures"
    )

    @property
    def is_code(self) -> bool:
        """Whether the column prints classification codes (text, never a figure)."""
        return self.kind == "code" or self.key in CODE_KEYS


RowKind = Literal["item", "subtotal", "total", "label"]


class Row(_Doc):
    """One table row. ``level`` is 1/2/3 for 类/款/项 rows of subject tables."""

    kind: RowKind = "item"
    level: int | None = None
    code: str | None = None
    cells: list[Cell]


class Table(_Doc):
    key: str
    number: str | None = None
    title: str
    issuer_label: str = "编制单位"
    issuer: str = ""
    unit: AmountUnit | None = None
    decimals: int = Field(default=2, description="decimals the figures are printed with")
    thousands: bool = Field(default=False, description="figures printed with thousands separators")
    header: list[list[HeaderCell]] = Field(default_factory=list)
    columns: list[Column]
    rows: list[Row] = Field(default_factory=list)
    empty: bool = False
    note: str | None = None
    number_label: str | None = Field(
        default=None,
        description="the label printed above the title (表3), or none where the layout prints none",
    )
    landscape: bool = Field(default=False, description="printed on a landscape page")
    identified_by: str = Field(
        default="layout",
        description="how a read table was identified: title, title+header (a layout's title), "
        "keyword, keyword+header (the genre's words, layout/genre.yaml), shape (layout: built by yusuan)",
    )
    title_align: Literal["center", "left"] = Field(default="center", description="how the title is set")
    units: list[Table] = Field(
        default_factory=list,
        description="read documents: a table that lists its subjects unit by unit (预算单位), one "
        "table per unit — the unit's line as its total, then its subjects; the table's own rows are "
        "its total and the units' lines",
    )

    def column_index(self, key: str) -> int:
        for index, column in enumerate(self.columns):
            if column.key == key:
                return index
        raise KeyError(key)


ClaimKind = Literal["amount", "share", "change", "percent", "count", "area"]


class Claim(_Doc):
    """A number stated in the text, with what it is about: the input of the text-vs-table rules.

    "行政单位医疗…比上年预算减少13.18万元，下降9.56%" gives two claims about 行政单位医疗: a change
    of 13.18 万元 (direction 减少) and a percent of 9.56 (direction 下降).
    """

    subject: str | None = Field(default=None, description="what the figure is about, as the text names it")
    code: str | None = Field(default=None, description="a classification code the sentence gives, if any")
    parent: str | None = Field(
        default=None,
        description="the class or section the text names the subject under: 林业和草原 in "
        "林业和草原（款）一般行政管理事务（项）",
    )
    kind: ClaimKind
    value: Decimal
    unit: str | None = Field(default=None, description="万元, 元, %, 人, 辆, 个, 平方米 …")
    direction: str | None = Field(default=None, description="增加/减少/上涨/下降/增长/持平 as written")
    basis: str | None = Field(default=None, description="what a change is measured against: 上年预算 …")
    text: str = Field(description="the number as printed, e.g. 13.18万元")
    sentence: str
    provenance: Provenance | None = None


class Section(_Doc):
    key: str
    number: str | None = None
    title: str
    paragraphs: list[str] = Field(default_factory=list)
    subsections: list[Section] = Field(default_factory=list)
    claims: list[Claim] = Field(
        default_factory=list, description="numbers stated in the paragraphs (read documents)"
    )
    lines: list[list[tuple[int, Provenance]]] = Field(
        default_factory=list,
        description="read documents: per paragraph, where each printed line of it starts (its offset "
        "in the paragraph) and where that line was printed",
    )

    @property
    def heading(self) -> str:
        """The heading as printed: 一、title / （一）title / 1. title / the title alone."""
        number = self.number
        if not number:
            return self.title
        if number[-1] in "）)、.．":
            return number + self.title
        if number.isascii() and number.isdigit():
            return f"{number}. {self.title}"
        return f"{number}、{self.title}"


class IndicatorRow(_Doc):
    level1: str
    level2: str
    name: str
    target: str
    basis: str | None = None
    prior: str | None = None
    weight: Decimal | None = Field(default=None, description="分值权重; some published forms have none")
    scoring: str | None = None
    evidence: str | None = None


# The columns of a performance target table, as published: (IndicatorRow field, heading).
INDICATOR_COLUMNS: tuple[tuple[str, str], ...] = (
    ("level1", "一级指标"),
    ("level2", "二级指标"),
    ("name", "三级指标"),
    ("target", "指标值"),
    ("basis", "指标值设定依据"),
    ("prior", "上年完成值"),
    ("weight", "分值权重"),
    ("scoring", "指标赋分规则"),
    ("evidence", "佐证资料"),
)


def is_whole_department(title: str) -> bool:
    """Whether a performance table's title names the department's (unit's) whole expenditure:
    部门整体支出绩效目标表, 单位整体支出绩效目标表 (not 专项资金整体绩效目标表)."""
    return re.search(r"(?:部门|单位)整体", re.sub(r"\s+", "", title)) is not None


class PerformanceTable(_Doc):
    key: str
    title: str
    project: str | None = None
    fields: dict[str, Cell] = Field(
        default_factory=dict, description="header fields: 项目名称, 年度预算总额 …"
    )
    goal: str
    indicators: list[IndicatorRow]

    @property
    def whole_department(self) -> bool:
        """A 部门（单位）整体支出绩效目标表, not a project's or a special fund's table."""
        return is_whole_department(self.title)

    def spans(self) -> list[tuple[int, int]]:
        """Row spans of the merged 一级 and 二级 cells: a run's length on its first row, else 0."""
        rows = self.indicators
        spans = []
        for index, row in enumerate(rows):
            starts1 = index == 0 or rows[index - 1].level1 != row.level1
            starts2 = starts1 or rows[index - 1].level2 != row.level2
            span1 = span2 = 0
            if starts1:
                span1 = next(
                    (n for n, r in enumerate(rows[index:]) if r.level1 != row.level1), len(rows) - index
                )
            if starts2:
                span2 = next(
                    (
                        n
                        for n, r in enumerate(rows[index:])
                        if (r.level1, r.level2) != (row.level1, row.level2)
                    ),
                    len(rows) - index,
                )
            spans.append((span1, span2))
        return spans


class ChartSeries(_Doc):
    label: str
    values: list[Decimal]


class Chart(_Doc):
    """A chart (图解) of the budget: categories, one or more series, and a text alternative."""

    key: str
    title: str
    kind: Literal["bar", "share", "compare"] = Field(
        description="bar: horizontal bars; share: parts of one whole; compare: series side by side"
    )
    unit: str = "万元"
    categories: list[str]
    series: list[ChartSeries]
    alt: str = Field(description="the chart in words, for screen readers and text-only output")


class Part(_Doc):
    """One part of the document in reading order (profile, tables, sections, …) and its heading."""

    key: str
    heading: str | None = None


class ProjectNote(_Doc):
    """A project as the explanatory text describes it (section 七 of the Xinjiang layout)."""

    number: int | None = None
    name: str
    basis: str | None = None
    amount: Decimal | None = Field(default=None, description="预算安排规模 in 万元, as printed")
    owner: str | None = None
    allocations: list[tuple[str, Decimal]] = Field(
        default_factory=list, description="(item, 万元) as printed"
    )
    allocations_text: str | None = None
    period: str | None = Field(default=None, description="资金执行时间 as printed, e.g. 2024 年 1-12 月")
    form: Literal["description", "list", "table"] = Field(
        default="description",
        description="how the text gives the project: a 项目说明 with its labelled fields, a numbered "
        "paragraph of a list (1.NAME X 万元，主要包括：…), or a row of a table of the text (重点项目)",
    )
    provenance: Provenance | None = None


class GlossaryEntry(_Doc):
    term: str
    definition: str


class PageFacts(_Doc):
    """One page of a read file as printed (read PDFs): its number, and whether anything is on it."""

    file: str | None = None
    page: int = Field(description="the page's place in its file, from 1")
    printed: int | None = Field(
        default=None, description="the page number printed in the page's header or footer, if any"
    )
    text: bool = Field(
        default=False, description="text other than the page number and the running header or footer"
    )
    lines: int = Field(default=0, description="lines of such text outside tables")
    image: bool = False
    drawing: bool = Field(
        default=False, description="visible lines, boxes or shapes (a table's rules, a chart)"
    )


class ContentsEntry(_Doc):
    """One line of the table of contents (目录) as printed, and where the document prints it.

    A built document's contents are decided once by the layout (:mod:`yusuan.layout.contents`):
    each entry names what it lists (``key``) and how deep it sits (``level``); every renderer
    prints them as they are. A read PDF's contents keep where each entry was printed and found.
    """

    title: str = Field(
        description="the entry as printed, with its number (一、部门主要职能; 1. 2024年…表), "
        "without the dot leader and the page number"
    )
    level: int = Field(default=1, description="1 an entry of the first level, 2 one listed under it")
    key: str | None = Field(
        default=None,
        description="built documents: what the entry lists: part:KEY (a part's heading), section:KEY, "
        "table:KEY, performance:KEY or chart:KEY",
    )
    page: int | None = Field(default=None, description="the page number the contents give, if any")
    provenance: Provenance | None = Field(default=None, description="where the contents print the entry")
    found: list[Provenance] = Field(
        default_factory=list,
        description="where the document prints a heading or title that names the entry, in reading order "
        "(outside the contents); empty when nowhere",
    )
    near: list[Provenance] = Field(
        default_factory=list,
        description="where nothing names the entry: where the document prints a heading or title worded "
        "a little differently",
    )


# A date as a disclosure prints it: 2024年2月8日, 2024.2.8, 2024/02/08.
_PRINTED_DATE = re.compile(r"([0-9]{4})\s*[-年./]\s*([0-9]{1,2})\s*[-月./]\s*([0-9]{1,2})\s*日?")


def _printed_date(value: object) -> object:
    """A date given as printed is that date; ISO text and dates are left to pydantic."""
    if isinstance(value, str) and (match := _PRINTED_DATE.fullmatch(value.strip())):
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return value


@overload
def chinese_date(day: dt.date | str) -> str: ...
@overload
def chinese_date(day: None) -> None: ...
@overload
def chinese_date(day: dt.date | str | None) -> str | None: ...
def chinese_date(day: dt.date | str | None) -> str | None:
    """A date as a disclosure prints it: ``2024年2月8日``. ISO text is read as its date; other
    text is printed as it is, nothing as nothing. The one format of the three renderers."""
    if isinstance(day, str):
        try:
            parsed = dt.date.fromisoformat(day)
        except ValueError:
            return day
        return chinese_date(parsed)
    return None if day is None else f"{day.year}年{day.month}月{day.day}日"


class Document(_Doc):
    """One disclosure in one layout."""

    # a date assigned later (a read document, a test) is read as a date too
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    layout: str
    year: int
    scope: str
    unit_name: str
    title: str
    stage: Literal["预算", "决算"] = "预算"
    coverage: str | None = Field(default=None, description="本级 or 汇总, where the document says")
    evidence: dict[str, str] = Field(
        default_factory=dict, description="read documents: where year, stage, scope and unit were read"
    )
    named_tables: list[str] = Field(
        default_factory=list,
        description="read documents: keys of the layout's tables whose titles the document prints "
        "with a grid or a note under them, whether or not a table could be read there",
    )
    layout_fit: Decimal = Field(
        default=Decimal(1), description="how sure the layout is (0-1); below 0.5 the layout is unknown"
    )
    profile: list[Section] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    text_tables: list[Table] = Field(
        default_factory=list,
        description="read documents: grids printed inside the explanatory text that compare the "
        "budget year with the year before; what they state is checked as text",
    )
    performance: list[PerformanceTable] = Field(default_factory=list)
    charts: list[Chart] = Field(default_factory=list)
    projects: list[ProjectNote] = Field(
        default_factory=list, description="read documents: projects as described"
    )
    glossary: list[GlossaryEntry] = Field(default_factory=list)
    issuer: str | None = None
    date: Annotated[dt.date | None, BeforeValidator(_printed_date)] = Field(
        default=None, description="the date the document is signed (落款), ISO or as printed"
    )
    parts: list[Part] = Field(default_factory=list, description="the parts in reading order, from the layout")
    pages: list[PageFacts] = Field(
        default_factory=list, description="read PDFs: every page of every file, in reading order"
    )
    contents: list[ContentsEntry] = Field(
        default_factory=list,
        description="the table of contents (目录), entry by entry: as the layout lists the document "
        "(built documents) or as a read PDF prints it",
    )
    remarks: list[str] = Field(default_factory=list, description="what could not be filled, and why")

    def section(self, key: str) -> Section:
        """A section or subsection by key, anywhere in the document."""
        stack = [*self.profile, *self.sections]
        while stack:
            section = stack.pop(0)
            if section.key == key:
                return section
            stack[:0] = section.subsections
        raise KeyError(key)

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)
