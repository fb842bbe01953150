"""The disclosure document as a Word file (DOCX), typeset as Chinese government documents are.

A4 with the GB/T 9704 margins; a cover page with the title (broken after the unit's name) and the
date, without a page number; page numbers "— N —" centred in the footer of every other page.
Faces, sizes and heading styles are those of the PDF (``yusuan.render.typeset``): body text 仿宋,
headings by their numbering (一、 黑体, （一） 楷体, 1. bold 仿宋), each face named by its office
name (仿宋_GB2312, 黑体 …) through ``w:eastAsia`` (python-docx's ``font.name`` alone does not reach
Chinese text), its other names and the Noto stand-in listed as alternates in the font table.

Headings use Word's own Heading 1-4 styles (restyled), so the navigation pane works. The 目录 is a
list of entries, each linked to its heading's bookmark, with the page number as a PAGEREF field:
LibreOffice and WPS lay those out live, Word updates them on opening (``w:updateFields``). (A TOC
field would keep the result yusuan wrote in LibreOffice, which cannot know the page numbers.)

Budget tables are built as WordprocessingML directly: header rows with their merged cells laid out
as HTML lays out colspan/rowspan, repeated on each page (``w:tblHeader``), rows that do not split
across pages (``w:cantSplit``), fixed column widths fitted to the page. Tables with more than
seven columns get a landscape section of their own.

The output is deterministic: the same document gives the same bytes (fixed core-property dates
taken from the document, fixed ZIP timestamps).

The WordprocessingML helpers and the table grid are in :mod:`yusuan.render.wordxml`, the style sheet
in :mod:`yusuan.render.docx_styles`. This module is longer than most (~680 lines) because the
renderer is one walk through the document in print order whose steps share the state of the page
being written (orientation, a fresh page, a pending page break, the bookmarks the contents link to);
splitting it would pass that state between modules.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.section import Section as WordSection
from docx.shared import Cm, Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from yusuan.layout.contents import contents_of
from yusuan.model.document import (
    INDICATOR_COLUMNS,
    Chart,
    Document,
    HeaderCell,
    PerformanceTable,
    Row,
    Section,
    Table,
    chinese_date,
    place_header,
)
from yusuan.render.charts import chart_png  # typst itself is loaded only when a chart is drawn
from yusuan.render.docx_styles import WordStyles
from yusuan.render.typeset import (
    LEVEL1_HEADING,
    LEVEL2_HEADING,
    LEVEL3_HEADING,
    NO_PRIOR,
    PART_HEADING,
    SIHAO,
    WEIGHT_TOTAL_LABEL,
    WUHAO,
    XIAOWU,
    HeadingStyle,
    chart_label,
    heading_style,
    title_lines,
    title_size,
    weight_text,
    weight_total,
)
from yusuan.render.wordxml import (
    CELL_MARGIN,
    LANDSCAPE,
    PORTRAIT,
    Grid,
    GridCell,
    Page,
    el,
    field,
    fit,
    set_indent,
    text_element,
)
from yusuan.text.numerals import chinese_number
from yusuan.text.width import em_width

_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_FIELD_AMOUNT_SUFFIX = "（万元）"
# The Word heading level of each heading style (Heading 1 … Heading 4).
_WORD_LEVEL: dict[HeadingStyle, int] = {
    PART_HEADING: 1,
    LEVEL1_HEADING: 2,
    LEVEL2_HEADING: 3,
    LEVEL3_HEADING: 4,
}


def _indent(table: Table, row: Row, index: int) -> int:
    """Names of 款/项 rows are indented one/two characters when no split code columns show the level."""
    if not row.level or row.kind == "total" or index >= len(table.columns):
        return 0
    if table.columns[index].key != "name" or any(c.key.startswith("code.") for c in table.columns):
        return 0
    return row.level - 1


def _place(header: list[list[HeaderCell]]) -> tuple[dict[tuple[int, int], tuple[int, int, HeaderCell]], int]:
    """Lay out header cells as HTML lays out colspan/rowspan.

    Returns, for every grid slot a header cell covers, (origin row, origin column, cell), and the
    width of the header in columns.
    """
    cover: dict[tuple[int, int], tuple[int, int, HeaderCell]] = {}
    width = 0
    for r, c, cell in place_header(header):
        for dr in range(min(cell.rows, len(header) - r)):
            for dc in range(cell.cols):
                cover[(r + dr, c + dc)] = (r, c, cell)
        width = max(width, c + cell.cols)
    return cover, width


# ---------------------------------------------------------------------------------- renderer


class _Renderer:
    def __init__(self, document: Document) -> None:
        self.source = document
        self.doc: WordDocument = docx.Document()
        self.landscape = False
        self.fresh_page = True  # at the top of a page that a section break began
        self.pending_break = False  # the next paragraph begins a page (a new part)
        self.bookmarks: dict[str, str] = {}  # a contents entry's key: the bookmark of what it lists
        self.styles = WordStyles(self.doc)
        self._setup_page(self.doc.sections[0], PORTRAIT)
        self._footer(self.doc.sections[0])
        # the cover has no page number: the first page of the first section gets an empty footer
        self.doc.sections[0].different_first_page_header_footer = True

    # ------------------------------------------------------------------------------- pages
    @staticmethod
    def _setup_page(section: WordSection, page: Page) -> None:
        section.orientation = WD_ORIENT.LANDSCAPE if page.width > page.height else WD_ORIENT.PORTRAIT
        section.page_width = Cm(page.width)
        section.page_height = Cm(page.height)
        section.top_margin = Cm(page.top)
        section.bottom_margin = Cm(page.bottom)
        section.left_margin = Cm(page.left)
        section.right_margin = Cm(page.right)
        section.header_distance = Cm(page.header)
        section.footer_distance = Cm(page.footer)
        section.gutter = Cm(0)

    def _footer(self, section: WordSection) -> None:
        paragraph = section.footer.paragraphs[0]
        paragraph.style = self.styles.style("Footer")
        paragraph.add_run("— ")
        field(paragraph._p, "PAGE", "1")
        paragraph.add_run(" —")

    def _orient(self, landscape: bool) -> None:
        """Begin a new section when the orientation changes (on a new page)."""
        if landscape == self.landscape:
            return
        body = self.doc.element.body
        sentinel = body.get_or_add_sectPr()
        last = sentinel.getprevious()
        if last is None or last.tag != qn("w:p") or last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            last = body.add_p()
            sentinel = body.get_or_add_sectPr()
        last.set_sectPr(sentinel.clone())  # the section that ends here keeps the current page setup
        for reference in sentinel.xpath("w:headerReference|w:footerReference"):
            sentinel.remove(reference)
        section = self.doc.sections[-1]
        self._setup_page(section, LANDSCAPE if landscape else PORTRAIT)
        self.landscape = landscape
        self.fresh_page = True

    @property
    def _text_width(self) -> int:
        return (LANDSCAPE if self.landscape else PORTRAIT).text_width

    # -------------------------------------------------------------------------- paragraphs
    def _para(
        self,
        text: str = "",
        style: ParagraphStyle | None = None,
        *,
        new_page: bool = False,
        align: WD_ALIGN_PARAGRAPH | None = None,
    ) -> Paragraph:
        paragraph = self.doc.add_paragraph(text)
        # Set w:pStyle directly: python-docx's style setter scans every style on each call.
        paragraph._p.style = (style or self.styles.body).style_id
        if (new_page or self.pending_break) and not self.fresh_page:
            paragraph.paragraph_format.page_break_before = True
        if align is not None:
            paragraph.alignment = align
        self.fresh_page = False
        self.pending_break = False
        return paragraph

    def _heading(
        self,
        level: int,
        text: str,
        *,
        key: str | None = None,
        new_page: bool = False,
        centred: bool = False,
        section: bool = True,
    ) -> Paragraph:
        """A heading: ``level`` 1 is a part, 2 a table title or a section; a section's heading takes
        the Word level of its numbering (一、 2, （一） 3, 1. 4)."""
        if level > 1 and section:
            level = max(2, _WORD_LEVEL[heading_style(text, level)])
        paragraph = self._para(text, self.styles.headings[level], new_page=new_page)
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_indent(paragraph._p.get_or_add_pPr(), 0, SIHAO)
        if key is not None:
            self._bookmark(key, paragraph)
        return paragraph

    def _bookmark(self, key: str, paragraph: Paragraph) -> None:
        """A bookmark around ``paragraph``, which the contents entry ``key`` links to and its
        PAGEREF names."""
        if key in self.bookmarks:
            return
        name = f"_Toc{len(self.bookmarks) + 1:06d}"
        mark = str(len(self.bookmarks) + 1)
        p = paragraph._p
        start = el("w:bookmarkStart", id=mark, name=name)
        ppr = p.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        p.append(el("w:bookmarkEnd", id=mark))
        self.bookmarks[key] = name

    # ------------------------------------------------------------------------------ render
    def render(self) -> bytes:
        d = self.source
        self._cover()
        self._para("目  录", self.styles.toc_heading, new_page=True)
        toc_anchor = self._para("", self.styles.body)
        parts = d.parts or []
        keys = [part.key for part in parts]
        if not keys:
            keys = ["profile", "tables", "sections", "performance", "charts", "glossary"]
            headings: list[str | None] = [None] * len(keys)
        else:
            headings = [part.heading for part in parts]
        for key, heading in zip(keys, headings, strict=True):
            self._part(key, heading)
        self._closing()
        self._toc(toc_anchor)
        self._properties()
        return self._bytes()

    def _cover(self) -> None:
        """The cover page: the title, broken after the unit's name, and the date, a third down."""
        d = self.source
        lines = title_lines(d.title, d.unit_name)
        size = title_size(lines, self._text_width / 20 - 2)
        title = self._para("", self.styles.title)
        title.paragraph_format.space_before = Cm(7)
        for index, line in enumerate(lines):
            run = title.add_run(line)
            run.font.size = Pt(size)
            if index:
                run._r.insert(len(run._r) - 1, el("w:br"))
        if d.date:
            self._para(chinese_date(d.date), self.styles.cover_date)

    def _has(self, key: str) -> bool:
        d = self.source
        if key.startswith("section:"):
            try:
                d.section(key.partition(":")[2])
            except KeyError:
                return False
            return True
        content: dict[str, Sequence[object]] = {
            "profile": d.profile,
            "tables": d.tables,
            "sections": d.sections,
            "performance": d.performance,
            "charts": d.charts,
            "glossary": d.glossary,
        }
        return bool(content.get(key))

    def _part(self, key: str, heading: str | None) -> None:
        if not self._has(key):
            return  # an empty part (no charts, no glossary entries) prints no heading either
        self.pending_break = True
        if heading:
            self._orient(False)
            self._heading(1, heading, key=f"part:{key}")
        d = self.source
        if key == "profile":
            for section in d.profile:
                self._section(section, 2)
        elif key == "tables":
            for index, table in enumerate(d.tables):
                self._table(table, new_page=index > 0)
        elif key == "sections":
            for section in d.sections:
                self._section(section, 2)
        elif key.startswith("section:"):
            self._section(d.section(key.partition(":")[2]), 2)
        elif key == "performance":
            for index, performance in enumerate(d.performance):
                self._performance(performance, new_page=index > 0)
        elif key == "charts":
            self._charts(d.charts)
        elif key == "glossary":
            self._glossary()

    def _section(self, section: Section, level: int) -> None:
        self._orient(False)
        self._heading(level, section.heading, key=f"section:{section.key}")
        for text in section.paragraphs:
            self._para(text)
        for sub in section.subsections:
            self._section(sub, level + 1)

    def _glossary(self) -> None:
        self._orient(False)
        for index, entry in enumerate(self.source.glossary, start=1):
            paragraph = self._para("")
            term = paragraph.add_run(f"{chinese_number(index)}、{entry.term}：")
            term.bold = True
            paragraph.add_run(entry.definition)

    def _closing(self) -> None:
        d = self.source
        if not d.issuer and not d.date:
            return
        self._orient(False)
        first = True
        for text in (d.issuer, chinese_date(d.date) if d.date else None):
            if not text:
                continue
            paragraph = self._para(text, self.styles.signature)
            if first:
                paragraph.paragraph_format.space_before = Pt(SIHAO * 3)
                paragraph.paragraph_format.keep_with_next = True
                first = False

    # ------------------------------------------------------------------------------ tables
    def _table(self, table: Table, *, new_page: bool) -> None:
        ncols = max(len(table.columns), _place(table.header)[1])
        wide = table.landscape
        self._orient(wide)
        if table.number_label:
            self._para(table.number_label, self.styles.table_number, new_page=new_page)
            title = self._heading(
                2,
                table.title,
                key=f"table:{table.key}",
                centred=table.title_align == "center",
                section=False,
            )
        else:
            title = self._heading(
                2,
                table.title,
                key=f"table:{table.key}",
                new_page=new_page,
                centred=table.title_align == "center",
                section=False,
            )
        for run in title.runs:  # a table's title is bold, as in the PDF
            run.bold = True
        self._issuer_line(table)
        aligns = self._column_aligns(table, ncols)
        widths, size = self._table_widths(table, ncols, aligns, small=wide)
        grid = Grid(
            widths, (self.styles.table_text if size == WUHAO else self.styles.table_small).style_id, size
        )
        self._header_rows(grid, table.header, ncols)
        for row in table.rows:
            strong = row.kind in ("total", "subtotal")
            cells = []
            for index, cell in enumerate(row.cells[:ncols]):
                align = aligns[index]
                if row.kind == "total" and cell.value is None and align == "left":
                    align = "center"
                indent = _indent(table, row, index)
                if cell.rows != 1:  # a merged cell down, and the cells it covers
                    vmerge = "restart" if cell.rows > 1 else "continue"
                    cells.append(
                        GridCell(cell.text, vmerge=vmerge, bold=strong, align="center", balance=True)
                    )
                    continue
                cells.append(GridCell(cell.text, bold=strong, align=align, indent_chars=indent))
            grid.add(cells)
        self._append(grid.element())
        if table.note:
            self._para(table.note, self.styles.note)
        else:
            self._para("", self.styles.note)  # keeps the next table apart; carries a section break if needed

    def _issuer_line(self, table: Table) -> None:
        left = f"{table.issuer_label}：{table.issuer}" if table.issuer else ""
        right = f"单位：{table.unit.value}" if table.unit else ""
        paragraph = self._para(left, self.styles.table_info)
        if right:
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                Pt(self._text_width / 20), WD_TAB_ALIGNMENT.RIGHT
            )
            paragraph.add_run("\t" + right)

    def _header_rows(self, grid: Grid, header: list[list[HeaderCell]], ncols: int) -> None:
        cover, _ = _place(header)
        for r in range(len(header)):
            cells: list[GridCell] = []
            c = 0
            while c < ncols:
                slot = cover.get((r, c))
                if slot is None:
                    cells.append(GridCell(bold=True, align="center"))
                    c += 1
                    continue
                origin_row, origin_col, cell = slot
                span = max(1, min(cell.cols - (c - origin_col), ncols - c))
                vmerge = None
                if cell.rows > 1:
                    vmerge = "restart" if origin_row == r else "continue"
                cells.append(
                    GridCell(cell.text, span=span, vmerge=vmerge, bold=True, align="center", balance=True)
                )
                c += span
            grid.add(cells, header=True)

    @staticmethod
    def _column_aligns(table: Table, ncols: int) -> list[str]:
        aligns = []
        for index in range(ncols):
            column = table.columns[index] if index < len(table.columns) else None
            if column is not None and column.is_code:
                aligns.append("center")
            elif any(index < len(row.cells) and row.cells[index].value is not None for row in table.rows):
                aligns.append("right")
            else:
                aligns.append("left")
        return aligns

    def _table_widths(
        self, table: Table, ncols: int, aligns: Sequence[str], *, small: bool
    ) -> tuple[list[int], float]:
        """Column widths (twips) and the type size: 五号 when the table fits the page, else 小五."""
        header = [0.0] * ncols
        cover, _ = _place(table.header)
        for (_r, c), (_or, origin_col, head) in cover.items():
            if head.cols == 1 and c == origin_col and c < ncols:
                width = em_width(head.text.replace(" ", ""))
                header[c] = max(header[c], width if width <= 4 else max(4.0, math.ceil(width / 2)))
        body = [0.0] * ncols
        for row in table.rows:
            for index, cell in enumerate(row.cells[:ncols]):
                body[index] = max(body[index], em_width(cell.text) + _indent(table, row, index))
        for size in (WUHAO, XIAOWU):
            if small and size == WUHAO:
                continue
            pad = 2 * CELL_MARGIN / (size * 20) + 0.4
            needs, lows = [], []
            for index in range(ncols):
                if aligns[index] == "left":  # text: wraps down to 5 characters
                    needs.append(max(min(body[index], 16.0), header[index], 1.5) + pad)
                    lows.append(max(min(body[index], 5.0), min(header[index], 4.0), 1.5) + pad)
                else:  # figures and codes never wrap
                    needs.append(max(body[index], header[index], 1.5) + pad)
                    lows.append(needs[-1])
            if size == XIAOWU or sum(needs) * size * 20 <= self._text_width:
                break
        return fit(needs, size, self._text_width, lows), size

    def _append(self, element: Any) -> None:
        self.doc.element.body.get_or_add_sectPr().addprevious(element)
        self.fresh_page = False

    # ------------------------------------------------------------------------- performance
    _PERF_COLUMNS = tuple(  # title, width in em (小五)
        zip(
            (title for _, title in INDICATOR_COLUMNS),
            (5.0, 5.0, 9.0, 5.0, 4.5, 3.5, 3.0, 5.5, 4.5),
            strict=True,
        )
    )

    def _performance(self, table: PerformanceTable, *, new_page: bool) -> None:
        self._orient(False)
        title = self._para(table.title, self.styles.table_title, new_page=new_page)
        self._bookmark(f"performance:{table.key}", title)
        year = self._para(f"（{self.source.year}年）", self.styles.table_info)
        year.alignment = WD_ALIGN_PARAGRAPH.CENTER
        widths = fit([w for _, w in self._PERF_COLUMNS], XIAOWU, self._text_width)
        grid = Grid(widths, self.styles.table_small.style_id, XIAOWU)
        fields = list(table.fields.items())
        for start in range(0, len(fields), 2):
            cells: list[GridCell] = []
            pair = fields[start : start + 2]
            # Two pairs fill the 9 columns as 2 + 3 + 2 + 2; a pair alone as 2 + 7.
            spans = (7,) if len(pair) == 1 else (3, 2)
            for (label, cell), span in zip(pair, spans, strict=True):
                if cell.value is not None and "元" not in label:
                    label += _FIELD_AMOUNT_SUFFIX
                cells.append(GridCell(label, span=2, bold=True, align="center", balance=True))
                cells.append(
                    GridCell(cell.text, span=span, align="right" if cell.value is not None else "left")
                )
            grid.add(cells)
        goal_label = "年度绩效目标" if table.project is None else "项目总体目标"
        grid.add(
            [
                GridCell(goal_label, span=2, bold=True, align="center", balance=True),
                GridCell(table.goal, span=7),
            ]
        )
        grid.add(
            [GridCell(title, bold=True, align="center", balance=True) for title, _ in self._PERF_COLUMNS]
        )
        previous: tuple[str, str] | None = None
        for indicator in table.indicators:
            same1 = previous is not None and previous[0] == indicator.level1
            same2 = same1 and previous is not None and previous[1] == indicator.level2
            grid.add(
                [
                    GridCell(
                        indicator.level1,
                        vmerge="continue" if same1 else "restart",
                        align="center",
                        balance=True,
                    ),
                    GridCell(
                        indicator.level2,
                        vmerge="continue" if same2 else "restart",
                        align="center",
                        balance=True,
                    ),
                    GridCell(indicator.name),
                    GridCell(indicator.target, align="center"),
                    GridCell(indicator.basis or "", align="center"),
                    GridCell(indicator.prior or NO_PRIOR, align="center"),
                    GridCell(weight_text(indicator.weight), align="center"),
                    GridCell(indicator.scoring or ""),
                    GridCell(indicator.evidence or ""),
                ]
            )
            previous = (indicator.level1, indicator.level2)
        grid.add(
            [
                GridCell(WEIGHT_TOTAL_LABEL, span=6, bold=True, align="center"),
                GridCell(weight_total(table), align="center"),
                GridCell(),
                GridCell(),
            ]
        )
        self._append(grid.element())
        self._para("", self.styles.note)

    # ------------------------------------------------------------------------------ charts
    def _charts(self, charts: Sequence[Chart]) -> None:
        self._orient(False)
        for index, chart in enumerate(charts, start=1):
            picture = self._para("", self.styles.figure)
            run = picture.add_run()
            # one title per chart: the numbered caption under it (the picture draws none)
            run.add_picture(io.BytesIO(chart_png(chart, titled=False)), width=Cm(15))
            for doc_pr in run._r.xpath(".//wp:docPr"):
                doc_pr.set("name", f"图 {chart.key}")
                doc_pr.set("title", chart.title)
                doc_pr.set("descr", chart.alt)
            caption = self._para(f"{chart_label(index)}　{chart.title}", self.styles.caption)
            self._bookmark(f"chart:{chart.key}", caption)
            self._para(chart.alt, self.styles.figure_text)

    # --------------------------------------------------------------------------------- TOC
    def _toc(self, anchor: Paragraph) -> None:
        """The contents in place of ``anchor``: an entry per line of the document's contents (as its
        layout lists them, yusuan.layout.contents), linked to the heading, table or caption it lists,
        with its page number as a PAGEREF field to that bookmark.

        Not a TOC field: LibreOffice keeps a TOC field's result as it was written, so the page
        numbers would be whatever yusuan guessed; a PAGEREF outside a TOC is laid out live by
        LibreOffice and WPS, and Word updates it on opening (``w:updateFields`` in the settings).
        """
        for entry in contents_of(self.source):
            bookmark = self.bookmarks.get(entry.key or "")
            if bookmark is None:
                continue  # nothing printed to link to
            level, text = min(entry.level, 2), entry.title
            paragraph = anchor.insert_paragraph_before("")
            p = paragraph._p
            p.style = self.styles.toc_styles[level].style_id
            link = el("w:hyperlink", anchor=bookmark, history="1")
            run = el("w:r")
            run.append(text_element(text))
            link.append(run)
            p.append(link)
            tab = el("w:r")
            tab.append(el("w:tab"))
            p.append(tab)
            field(p, f"PAGEREF {bookmark} \\h", "")
        anchor._p.getparent().remove(anchor._p)

    # ------------------------------------------------------------------------------ output
    def _properties(self) -> None:
        d = self.source
        day = d.date or dt.date(d.year, 1, 1)
        moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        props = self.doc.core_properties
        props.title = d.title
        props.subject = f"{d.unit_name}{d.year}年{d.scope}预算公开"
        props.author = d.issuer or d.unit_name
        props.last_modified_by = d.issuer or d.unit_name
        props.language = "zh-CN"
        props.keywords = "预算公开"
        props.comments = f"yusuan: {d.layout}"
        props.created = moment
        props.modified = moment
        props.last_printed = moment
        props.revision = 1
        package = self.doc.part.package
        for rid, rel in list(package.rels.items()):
            if rel.reltype == RT.THUMBNAIL:  # the template's picture of an empty page
                package.rels.pop(rid)
        for rid, rel in list(self.doc.part.rels.items()):
            # Word 2010 would read the template's unstyled copy of the styles from this part.
            if rel.reltype == _STYLES_WITH_EFFECTS:
                self.doc.part.rels.pop(rid)

    def _bytes(self) -> bytes:
        """The DOCX with fixed ZIP timestamps, so that equal documents give equal files."""
        raw = io.BytesIO()
        self.doc.save(raw)
        out = io.BytesIO()
        with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
                fixed.compress_type = zipfile.ZIP_DEFLATED
                fixed.external_attr = 0o644 << 16
                target.writestr(fixed, source.read(info.filename))
        return out.getvalue()


def render_docx_bytes(document: Document) -> bytes:
    """The document as DOCX bytes."""
    return _Renderer(document).render()


def render_docx(document: Document, path: Path) -> None:
    """Write the document as a DOCX file at ``path``."""
    Path(path).write_bytes(render_docx_bytes(document))
