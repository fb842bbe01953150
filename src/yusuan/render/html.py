"""The disclosure document as one self-contained HTML page.

The page needs nothing from outside: the style sheet is inlined, charts are inline SVG and no web
font is fetched (the font stacks name the CJK fonts a reader's system already has). It reads on a
phone (wide tables scroll inside their own region) and prints on A4 (headers repeat on each page,
each part starts a new page).

Everything the template shows is prepared here as plain view objects — captions, header cells with
their spans and scopes, body cells with their exact values, the merged cells of performance
tables — so the template only lays them out, with Jinja2's autoescaping on every text.

One module (~560 lines) for the one template: the view objects and the functions that fill them
share the anchors the contents link to and the column kinds, and are read with the template.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib.resources import files

import jinja2
from markupsafe import Markup

from yusuan.layout.contents import contents_of
from yusuan.model.document import (
    INDICATOR_COLUMNS,
    Cell,
    Chart,
    ContentsEntry,
    Document,
    IndicatorRow,
    Part,
    PerformanceTable,
    Section,
    Table,
    chinese_date,
)
from yusuan.render.charts import chart_svg
from yusuan.render.typeset import NO_PRIOR, WEIGHT_TOTAL_LABEL, chart_label, title_lines, weight_total

TEMPLATES = "templates/html"

# A phone's table text (document.css: .8125rem) and the room a table has on a 390 px screen.
_PHONE_FONT_PX = 13
_PHONE_ROOM_PX = 390 - 24
_DIGIT_EM = 0.56  # the width of a digit of the sans-serif CJK fonts, in em

# Tables with at least this many columns print in a smaller size, to fit A4 portrait.
WIDE_TABLE_COLUMNS = 8


# ---------------------------------------------------------------------------- view objects
@dataclass
class HeadCell:
    text: str
    colspan: int
    rowspan: int
    scope: str
    kind: str = ""


@dataclass
class BodyCell:
    text: str
    tag: str = "td"
    scope: str | None = None
    classes: str = ""
    value: str | None = None
    rowspan: int = 1


@dataclass
class BodyRow:
    classes: str
    cells: list[BodyCell]


@dataclass
class TableView:
    anchor: str
    label: str
    title: str
    issuer: str
    unit: str
    colgroups: list[int]
    head: list[list[HeadCell]]
    body: list[BodyRow]
    columns: int
    note: str | None
    empty: bool
    wide: bool

    @property
    def scrolls(self) -> bool:
        """Whether a phone (390 px) scrolls the table sideways, estimated from the minimum widths
        document.css gives its columns on a small screen: figures and codes do not wrap (4.5em /
        2.25em at least), row names wrap at 6.5em, other text at 4em; each cell has 1.25em of padding."""
        widths = [0.0] * self.columns  # float-ok: widths in em, not money
        for row in self.body:
            for index, cell in enumerate(row.cells[: self.columns]):
                if "num" in cell.classes or "code" in cell.classes:
                    low = 4.5 if "num" in cell.classes else 2.25
                    need = max(low, _DIGIT_EM * len(cell.text))
                else:
                    need = 6.5 if "label" in cell.classes else min(4.0, len(cell.text))
                widths[index] = max(widths[index], need)
        return (sum(widths) + 1.25 * self.columns) * _PHONE_FONT_PX > _PHONE_ROOM_PX

    @property
    def name(self) -> str:
        """The table's name for the table of contents and its scroll region."""
        return f"{self.label} {self.title}" if self.label else self.title


@dataclass
class FieldView:
    label: str
    text: str
    value: str | None
    unit: str


@dataclass
class PerformanceView:
    anchor: str
    title: str
    project: str | None
    fields: list[FieldView]
    goal_label: str
    goal: list[str]
    columns: list[tuple[str, bool]]
    groups: list[list[BodyRow]]
    weight_total: str = ""
    weight_column: int | None = None  # the 分值权重 column: the 分值合计 row spans those before it

    @property
    def name(self) -> str:
        return f"{self.title}（{self.project}）" if self.project else self.title


@dataclass
class ChartView:
    anchor: str
    label: str  # 图1 …
    title: str
    svg: Markup | None
    alt: str


@dataclass
class SectionView:
    anchor: str
    heading: str
    level: int
    paragraphs: list[str]
    subsections: list[SectionView]


@dataclass
class GlossaryView:
    term: str
    definition: str


@dataclass
class PartView:
    key: str
    kind: str
    anchor: str
    heading: str | None
    level: int
    sections: list[SectionView] = field(default_factory=list)
    tables: list[TableView] = field(default_factory=list)
    performance: list[PerformanceView] = field(default_factory=list)
    charts: list[ChartView] = field(default_factory=list)
    glossary: list[GlossaryView] = field(default_factory=list)


@dataclass
class TocEntry:
    label: str
    href: str
    children: list[TocEntry] = field(default_factory=list)


# ---------------------------------------------------------------------------- helpers
def _value(value: Decimal | None) -> str | None:
    """The exact value as plain decimal text (never an exponent)."""
    return None if value is None else format(value, "f")


class _Anchors:
    """Unique ASCII fragment ids."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.given: dict[tuple[str, str], str] = {}  # (prefix, key): the first anchor given

    def __call__(self, prefix: str, key: str, fallback: int | None = None) -> str:
        slug = re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-")
        if not slug or (fallback is not None and slug != key):
            slug = str(fallback) if fallback is not None else "x"
        anchor = f"{prefix}-{slug}"
        candidate, n = anchor, 2
        while candidate in self.used:
            candidate, n = f"{anchor}-{n}", n + 1
        self.used.add(candidate)
        self.given.setdefault((prefix, key), candidate)
        return candidate


def _cell(row_cells: list[Cell], index: int) -> Cell:
    return row_cells[index] if index < len(row_cells) else Cell()


# ---------------------------------------------------------------------------- tables
def _numeric_columns(table: Table) -> set[int]:
    """Columns that hold figures in some row."""
    return {
        i for i in range(len(table.columns)) if any(_cell(r.cells, i).value is not None for r in table.rows)
    }


def _column_kinds(table: Table, numeric: set[int]) -> list[str]:
    return ["num" if i in numeric else "code" if c.is_code else "text" for i, c in enumerate(table.columns)]


def _head(table: Table, kinds: list[str]) -> list[list[HeadCell]]:
    """The header rows; each cell knows the kind of the columns below it (for its minimum width)."""
    if not table.header:
        return [[HeadCell(c.title, 1, 1, "col", kinds[i]) for i, c in enumerate(table.columns)]]
    taken: set[tuple[int, int]] = set()
    rows = []
    for r, row in enumerate(table.header):
        column = 0
        cells = []
        for c in row:
            while (r, column) in taken:
                column += 1
            taken |= {(r + dr, column + dc) for dr in range(c.rows) for dc in range(c.cols)}
            below = set(kinds[column : column + c.cols])
            kind = below.pop() if len(below) == 1 and c.cols == 1 else ""
            cells.append(HeadCell(c.text, c.cols, c.rows, "colgroup" if c.cols > 1 else "col", kind))
            column += c.cols
        rows.append(cells)
    return rows


def _colgroups(table: Table) -> list[int]:
    """Column groups from the first header row, when it groups columns (for scope="colgroup")."""
    if len(table.header) < 2 or not any(c.cols > 1 for c in table.header[0]):
        return []
    spans = [c.cols for c in table.header[0]]
    return spans if sum(spans) == len(table.columns) else []


def _row_header_columns(table: Table, numeric: set[int]) -> list[int]:
    """Which text columns name a row, in order of preference."""
    text = [i for i, c in enumerate(table.columns) if not c.is_code and i not in numeric]
    labels = [i for i in text if table.columns[i].key.endswith(".label")]
    if labels:  # a two-sided table: each side's label heads its half of the row
        return labels
    preferred = [i for i in text if table.columns[i].key == "project"]
    return preferred + [i for i in text if i not in preferred]


def _body(table: Table, numeric: set[int]) -> list[BodyRow]:
    header_columns = _row_header_columns(table, numeric)
    # the column that names the rows stays in view while a phone scrolls the table sideways
    sticky = header_columns[0] if header_columns else None
    two_sided = any(table.columns[i].key.endswith(".label") for i in header_columns)
    levels = [r.level for r in table.rows if r.level is not None and r.kind != "total"]
    top = min(levels, default=1)
    nested = len(set(levels)) > 1
    rows = []
    for row in table.rows:
        heads: set[int] = set()
        if two_sided:
            heads = {i for i in header_columns if _cell(row.cells, i).text.strip()}
        else:
            for i in header_columns:
                if _cell(row.cells, i).text.strip():
                    heads = {i}
                    break
        cells = []
        for index, column in enumerate(table.columns):
            cell = _cell(row.cells, index)
            if cell.rows == 0:
                continue  # covered by a merged cell above
            classes = []
            if index in numeric:
                classes.append("num")
            elif column.is_code:
                classes.append("code")
            if index == sticky:
                classes.append("sticky")
            if index in heads:
                cells.append(
                    BodyCell(cell.text, "th", "row", " ".join([*classes, "label"]), rowspan=cell.rows)
                )
            else:
                cells.append(
                    BodyCell(
                        cell.text, classes=" ".join(classes), value=_value(cell.value), rowspan=cell.rows
                    )
                )
        row_classes = [f"row-{row.kind}"]
        if nested and row.level is not None and row.kind != "total":
            row_classes.append(f"indent-{min(row.level - top, 3)}")
        rows.append(BodyRow(" ".join(row_classes), cells))
    return rows


def table_view(table: Table, anchor: str) -> TableView:
    numeric = _numeric_columns(table)
    label = table.number_label or ""
    return TableView(
        anchor=anchor,
        label=label,
        title=table.title,
        issuer=f"{table.issuer_label}：{table.issuer}" if table.issuer else "",
        unit=f"单位：{table.unit}" if table.unit else "",
        colgroups=_colgroups(table),
        head=_head(table, _column_kinds(table, numeric)),
        body=_body(table, numeric),
        columns=len(table.columns),
        note=table.note,
        empty=table.empty,
        wide=len(table.columns) >= WIDE_TABLE_COLUMNS,
    )


# ---------------------------------------------------------------------------- performance
# Columns a short-form table (a unit's overall targets) leaves out when none of its rows fills them.
_OPTIONAL_INDICATOR_COLUMNS = {"prior", "scoring", "evidence"}
_NUMBER = re.compile(r"-?[\d,]+(\.\d+)?")


def _runs(items: list[IndicatorRow], key: Callable[[IndicatorRow], str]) -> Iterator[list[IndicatorRow]]:
    """Consecutive items with the same key."""
    run: list[IndicatorRow] = []
    for item in items:
        if run and key(item) != key(run[0]):
            yield run
            run = []
        run.append(item)
    if run:
        yield run


def performance_view(table: PerformanceTable, anchor: str) -> PerformanceView:
    # The short form (a unit's overall targets) has no 上年完成值, 赋分规则 or 佐证资料 at all:
    # print those columns only when some indicator has one, as the published tables do.
    long_form = any(i.prior or i.scoring or i.evidence for i in table.indicators)
    columns = [
        (key, title)
        for key, title in INDICATOR_COLUMNS
        if long_form or key not in _OPTIONAL_INDICATOR_COLUMNS
    ]
    groups = []
    for level1 in _runs(table.indicators, lambda i: i.level1):
        rows = []
        first1 = True
        for level2 in _runs(level1, lambda i: i.level2):
            first2 = True
            for indicator in level2:
                cells = []
                for key, _ in columns:
                    if key == "level1":
                        if first1:
                            cells.append(
                                BodyCell(indicator.level1, "th", "rowgroup", "l1", rowspan=len(level1))
                            )
                    elif key == "level2":
                        if first2:
                            cells.append(
                                BodyCell(indicator.level2, "th", "rowgroup", "l2", rowspan=len(level2))
                            )
                    elif key == "name":
                        cells.append(BodyCell(indicator.name, "th", "row", "l3"))
                    elif key == "weight":
                        cells.append(
                            BodyCell(
                                _value(indicator.weight) or "", classes="num", value=_value(indicator.weight)
                            )
                        )
                    elif key == "prior":  # an empty 上年完成值 prints "-", as in the PDF and DOCX
                        cells.append(BodyCell(indicator.prior or NO_PRIOR, classes=key))
                    else:
                        text = getattr(indicator, key)
                        cells.append(BodyCell(text or "", classes=key))
                first1 = first2 = False
                rows.append(BodyRow("row-item", cells))
        groups.append(rows)
    fields = []
    for label, cell in table.fields.items():
        unit = "万元" if cell.value is not None and _NUMBER.fullmatch(cell.text.strip()) else ""
        fields.append(FieldView(label, cell.text, _value(cell.value), unit))
    return PerformanceView(
        anchor=anchor,
        title=table.title,
        project=table.project,
        fields=fields,
        goal_label="项目总体目标" if table.project else "年度绩效目标",
        goal=[line.strip() for line in table.goal.splitlines() if line.strip()],
        columns=[(title, key == "weight") for key, title in columns],
        groups=groups,
        weight_total=weight_total(table),
        weight_column=next((i for i, (key, _) in enumerate(columns) if key == "weight"), None),
    )


# ---------------------------------------------------------------------------- charts
_SVG_OPEN = re.compile(r"<svg\b[^>]*>", re.IGNORECASE)
_XMLNS = re.compile(r'\s+xmlns(:\w+)?\s*=\s*("[^"]*"|\'[^\']*\')')


def inline_svg(svg: str, label: str) -> Markup:
    """An SVG document made fit for inline HTML: no namespace URLs (HTML needs none, and the page
    must name no outside address), ``role="img"`` and an ``aria-label`` on the root."""
    svg = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", svg)
    match = _SVG_OPEN.search(svg)
    if match is None:
        return Markup(svg)
    tag = _XMLNS.sub("", match.group(0))
    extra = ""
    if not re.search(r"\srole\s*=", tag):
        extra += ' role="img"'
    if not re.search(r"\saria-label\s*=", tag):
        extra += f' aria-label="{Markup.escape(label)}"'
    tag = tag[:4] + extra + tag[4:]
    return Markup(svg[: match.start()] + tag + svg[match.end() :])


def chart_view(chart: Chart, anchor: str, number: int) -> ChartView:
    """A chart with one title: the numbered caption (图1 …), as in the PDF and DOCX; the picture
    draws none."""
    svg = inline_svg(chart_svg(chart, titled=False), chart.alt or chart.title)
    return ChartView(anchor=anchor, label=chart_label(number), title=chart.title, svg=svg, alt=chart.alt)


# ---------------------------------------------------------------------------- parts
def _section_view(section: Section, level: int, anchors: _Anchors) -> SectionView:
    return SectionView(
        anchor=anchors("sec", section.key),
        heading=section.heading,
        level=min(level, 6),
        paragraphs=section.paragraphs,
        subsections=[_section_view(s, level + 1, anchors) for s in section.subsections],
    )


def _section_by_key(document: Document, key: str) -> Section | None:
    try:
        return document.section(key)
    except KeyError:
        return None


def _part_view(document: Document, part: Part, anchors: _Anchors, claimed: set[str]) -> PartView | None:
    kind, _, key = part.key.partition(":")
    level = 3 if part.heading else 2
    view = PartView(part.key, kind, anchors("part", part.key), part.heading, level)
    if kind == "profile":
        view.sections = [_section_view(s, level, anchors) for s in document.profile]
    elif kind == "sections":
        view.sections = [_section_view(s, level, anchors) for s in document.sections if s.key not in claimed]
    elif kind == "section":
        section = _section_by_key(document, key)
        if section is None:
            return None
        view.sections = [_section_view(section, level, anchors)]
    elif kind == "tables":
        view.tables = [table_view(t, anchors("table", t.key)) for t in document.tables]
    elif kind == "performance":
        view.performance = [
            performance_view(p, anchors("perf", p.key, index))
            for index, p in enumerate(document.performance, start=1)
        ]
    elif kind == "charts":
        view.charts = [
            chart_view(c, anchors("chart", c.key), number)
            for number, c in enumerate(document.charts, start=1)
        ]
    elif kind == "glossary":
        view.glossary = [GlossaryView(g.term, g.definition) for g in document.glossary]
    else:
        return None
    if not (view.sections or view.tables or view.performance or view.charts or view.glossary):
        return None
    return view


# The anchor prefix of each kind of thing a contents entry lists (ContentsEntry.key).
_ANCHOR_PREFIX = {"part": "part", "section": "sec", "table": "table", "performance": "perf", "chart": "chart"}


def _toc(entries: list[ContentsEntry], anchors: _Anchors) -> list[TocEntry]:
    """The contents as the layout lists them (yusuan.layout.contents), each entry linked to what it
    lists; an entry of the second level goes under the entry before it."""
    toc: list[TocEntry] = []
    for entry in entries:
        kind, _, key = (entry.key or "").partition(":")
        anchor = anchors.given.get((_ANCHOR_PREFIX.get(kind, ""), key))
        if anchor is None:
            continue  # nothing printed to link to
        item = TocEntry(entry.title, f"#{anchor}")
        if entry.level > 1 and toc:
            toc[-1].children.append(item)
        else:
            toc.append(item)
    return toc


# ---------------------------------------------------------------------------- rendering
@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("yusuan.render", TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def _style() -> Markup:
    """The style sheet, inlined into the page (our own file, so it is not escaped)."""
    css = files("yusuan.render").joinpath(TEMPLATES, "document.css").read_text(encoding="utf-8")
    return Markup(css.strip())


def render_html(document: Document) -> str:
    """The document as one self-contained HTML page."""
    anchors = _Anchors()
    claimed = {p.key.partition(":")[2] for p in document.parts if p.key.startswith("section:")}
    parts = [
        view for part in document.parts if (view := _part_view(document, part, anchors, claimed)) is not None
    ]
    template = _environment().get_template("document.html.j2")
    lines = title_lines(document.title, document.unit_name)
    return template.render(
        document=document,
        parts=parts,
        toc=_toc(contents_of(document), anchors),
        style=_style(),
        date=chinese_date(document.date),
        date_iso=document.date.isoformat() if document.date else None,
        issuer=document.issuer or document.unit_name,
        weight_total_label=WEIGHT_TOTAL_LABEL,
        title_lines=lines,
        title_chars=max(len(line) for line in lines),
    )
