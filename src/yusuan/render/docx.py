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
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
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
from yusuan.render.typeset import (
    BODY,
    ERHAO,
    FACES,
    FAMILIES,
    LEVEL1_HEADING,
    LEVEL2_HEADING,
    LEVEL3_HEADING,
    NO_PRIOR,
    PART_HEADING,
    SIHAO,
    SIZES,
    WEIGHT_TOTAL_LABEL,
    WUHAO,
    XIAOSI,
    XIAOWU,
    HeadingStyle,
    chart_label,
    heading_style,
    title_lines,
    title_size,
    weight_text,
    weight_total,
)
from yusuan.text.numerals import chinese_number
from yusuan.text.width import em_width

# measure: lengths and sizes of the page and its type (cm, pt): not money
Measure = float  # float-ok


# The 公文 faces by the name Word and WPS know them; the font table names the other names of each
# face (仿宋_GB2312 / 仿宋 / FangSong …, ending with the Noto face) as alternates.
SONG, FANGSONG, HEI, KAI = (FACES[face][0] for face in ("song", "fangsong", "hei", "kai"))

TWIPS_PER_CM = 1440 / 2.54


@dataclass(frozen=True)
class _Page:
    width: Measure
    height: Measure
    top: Measure
    bottom: Measure
    left: Measure
    right: Measure
    header: Measure
    footer: Measure

    @property
    def text_width(self) -> int:
        """The width between the margins, in twips."""
        return int((self.width - self.left - self.right) * TWIPS_PER_CM)


# GB/T 9704: top 37 mm, bottom 35 mm, binding side 28 mm, the other 26 mm. A landscape page is the
# portrait page turned, so its margins are the portrait margins turned too.
PORTRAIT = _Page(21.0, 29.7, 3.7, 3.5, 2.8, 2.6, 1.5, 2.2)
LANDSCAPE = _Page(29.7, 21.0, 2.8, 2.6, 3.7, 3.5, 1.5, 1.4)

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_CODE_KEYS = re.compile(r"^code(\.|$)")
_FIELD_AMOUNT_SUFFIX = "（万元）"
# The Word heading level of each heading style (Heading 1 … Heading 4).
_WORD_LEVEL: dict[HeadingStyle, int] = {
    PART_HEADING: 1,
    LEVEL1_HEADING: 2,
    LEVEL2_HEADING: 3,
    LEVEL3_HEADING: 4,
}


# ----------------------------------------------------------------------------------------- XML


def _el(tag: str, **attrs: str) -> Any:
    """A WordprocessingML element; ``attrs`` are ``w:`` attributes."""
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _set_fonts(rpr: Any, face: str) -> None:
    """Name ``face`` for Latin, East Asian and complex script text, replacing theme fonts."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _el("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), face)


def _set_indent(ppr: Any, first_chars: int, size: Measure, *, left_chars: int = 0) -> None:
    """First-line (and left) indent in characters, with the twips Word falls back to."""
    for old in ppr.findall(qn("w:ind")):
        ppr.remove(old)
    ind = _el(
        "w:ind",
        firstLine=str(round(first_chars * size * 20)),
        firstLineChars=str(first_chars * 100),
    )
    if left_chars:
        ind.set(qn("w:left"), str(round(left_chars * size * 20)))
        ind.set(qn("w:leftChars"), str(left_chars * 100))
    _insert_ppr(ppr, ind)


# Children of w:pPr in schema order (those this module writes).
_PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "widowControl",
    "pBdr",
    "tabs",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "jc",
    "outlineLvl",
    "rPr",
    "sectPr",
]


def _insert_ppr(ppr: Any, child: Any) -> None:
    """Insert ``child`` into ``w:pPr`` in schema order."""
    name = child.tag.rpartition("}")[2]
    rank = _PPR_ORDER.index(name)
    for index, existing in enumerate(ppr):
        other = existing.tag.rpartition("}")[2]
        if other in _PPR_ORDER and _PPR_ORDER.index(other) > rank:
            ppr.insert(index, child)
            return
    ppr.append(child)


def _fld_char(kind: str) -> Any:
    """A run holding a field character: begin, separate or end."""
    run = _el("w:r")
    run.append(_el("w:fldChar", fldCharType=kind))
    return run


def _instruction(text: str) -> Any:
    """A run holding a field instruction."""
    run = _el("w:r")
    instr = _el("w:instrText")
    instr.set(_XML_SPACE, "preserve")
    instr.text = f" {text} "
    run.append(instr)
    return run


def _field(paragraph_element: Any, instruction: str, cached: str) -> None:
    """Append a complex field (begin, instruction, separate, cached result, end) to a ``w:p``."""
    result = _el("w:r")
    result.append(_text(cached))
    for run in (
        _fld_char("begin"),
        _instruction(instruction),
        _fld_char("separate"),
        result,
        _fld_char("end"),
    ):
        paragraph_element.append(run)


def _text(text: str) -> Any:
    t = _el("w:t")
    t.set(_XML_SPACE, "preserve")
    t.text = text
    return t


def _balanced_inset(text: str, room: Measure) -> Measure:
    """The indent (em, each side) that makes ``text`` wrap into lines of even width in ``room`` em.

    Word breaks a header such as 一般公共预算 in a narrow column as 一般公共预/算; published
    tables show 一般公/共预算. Narrowing the paragraph evens the lines and leaves the text as it is.
    """
    width = em_width(text)
    if room <= 0 or width <= room:
        return 0.0
    lines = math.ceil(width / (room * 0.95))
    limit = width / lines
    while _line_count(text, limit) > lines and limit < room:
        limit += 0.1
    return max(0.0, (room - limit - 0.3) / 2)


def _line_count(text: str, limit: Measure) -> int:
    """How many lines ``text`` takes when characters fill lines of ``limit`` em in turn."""
    count, used = 1, 0.0
    for ch in text:
        width = em_width(ch)
        if used + width > limit + 1e-9 and used > 0:
            count, used = count + 1, 0.0
        used += width
    return count


def _indent(table: Table, row: Row, index: int) -> int:
    """Names of 款/项 rows are indented one/two characters when no split code columns show the level."""
    if not row.level or row.kind == "total" or index >= len(table.columns):
        return 0
    if table.columns[index].key != "name" or any(c.key.startswith("code.") for c in table.columns):
        return 0
    return row.level - 1


# ------------------------------------------------------------------------------------- cells


@dataclass
class _Cell:
    """One ``w:tc`` to write: text and how it is set."""

    text: str = ""
    span: int = 1
    vmerge: str | None = None  # "restart" | "continue"
    bold: bool = False
    align: str = "left"  # left | center | right | both
    indent_chars: int = 0
    balance: bool = False  # break a long text into even lines (headers, labels)


_CELL_MARGIN = 68  # twips, left and right


class _Grid:
    """A table as rows of cells, widths in twips; becomes one ``w:tbl``."""

    def __init__(self, widths: Sequence[int], style_id: str, size: Measure) -> None:
        self.widths = list(widths)
        self.style_id = style_id
        self.size = size
        self.rows: list[tuple[list[_Cell], bool]] = []  # cells, is a repeated header row

    def add(self, cells: list[_Cell], header: bool = False) -> None:
        self.rows.append((cells, header))

    def element(self) -> Any:
        tbl = _el("w:tbl")
        pr = _el("w:tblPr")
        pr.append(_el("w:tblW", w=str(sum(self.widths)), type="dxa"))
        pr.append(_el("w:jc", val="center"))
        borders = _el("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(_el(f"w:{side}", val="single", sz="4", space="0", color="000000"))
        pr.append(borders)
        pr.append(_el("w:tblLayout", type="fixed"))
        margins = _el("w:tblCellMar")
        for side, margin in (("top", 0), ("left", _CELL_MARGIN), ("bottom", 0), ("right", _CELL_MARGIN)):
            margins.append(_el(f"w:{side}", w=str(margin), type="dxa"))
        pr.append(margins)
        pr.append(_el("w:tblLook", val="0000"))
        tbl.append(pr)
        grid = _el("w:tblGrid")
        for width in self.widths:
            grid.append(_el("w:gridCol", w=str(width)))
        tbl.append(grid)
        row_height = str(round(self.size * 20 * 1.9))
        for cells, header in self.rows:
            tr = _el("w:tr")
            trpr = _el("w:trPr")
            trpr.append(_el("w:cantSplit"))
            trpr.append(_el("w:trHeight", val=row_height))
            if header:
                trpr.append(_el("w:tblHeader"))
            tr.append(trpr)
            column = 0
            for cell in cells:
                width = sum(self.widths[column : column + cell.span])
                column += cell.span
                tr.append(self._tc(cell, width))
            while column < len(self.widths):  # a short row is filled with empty cells
                tr.append(self._tc(_Cell(), self.widths[column]))
                column += 1
            tbl.append(tr)
        return tbl

    def _tc(self, cell: _Cell, width: int) -> Any:
        tc = _el("w:tc")
        pr = _el("w:tcPr")
        pr.append(_el("w:tcW", w=str(width), type="dxa"))
        if cell.span > 1:
            pr.append(_el("w:gridSpan", val=str(cell.span)))
        if cell.vmerge == "restart":
            pr.append(_el("w:vMerge", val="restart"))
        elif cell.vmerge == "continue":
            pr.append(_el("w:vMerge"))
        pr.append(_el("w:vAlign", val="center"))
        tc.append(pr)
        p = _el("w:p")
        ppr = _el("w:pPr")
        ppr.append(_el("w:pStyle", val=self.style_id))
        if cell.indent_chars:
            _set_indent(ppr, 0, self.size, left_chars=cell.indent_chars)
        ppr.append(_el("w:jc", val=cell.align))
        p.append(ppr)
        text = cell.text
        if cell.balance and text:
            inset = _balanced_inset(text, (width - 2 * _CELL_MARGIN) / (self.size * 20))
            if inset >= 0.1:
                side = str(round(inset * self.size * 20))
                _insert_ppr(ppr, _el("w:ind", left=side, right=side))
        if text and cell.vmerge != "continue":
            for index, line in enumerate(text.split("\n")):
                run = _el("w:r")
                if cell.bold:
                    rpr = _el("w:rPr")
                    rpr.append(_el("w:b"))
                    rpr.append(_el("w:bCs"))
                    run.append(rpr)
                if index:
                    run.append(_el("w:br"))
                run.append(_text(line))
                p.append(run)
        tc.append(p)
        return tc


def _fit(
    needs: Sequence[float], size: Measure, text_width: int, minimums: Sequence[float] | None = None
) -> list[int]:
    """Column widths in twips filling ``text_width``.

    ``needs`` are the natural widths in em; ``minimums`` (default: the needs) what a column may
    shrink to when the natural widths do not fit: figures and codes keep their width, text wraps.
    """
    em = size * 20
    room = text_width / em
    lows = list(minimums) if minimums is not None else list(needs)
    if sum(needs) <= room:
        ems = [need * room / sum(needs) for need in needs]
    elif sum(lows) <= room:
        slack = sum(needs) - sum(lows)
        share = (room - sum(lows)) / slack if slack else 0.0
        ems = [low + (need - low) * share for need, low in zip(needs, lows, strict=True)]
    else:
        ems = [low * room / sum(lows) for low in lows]
    widths = [int(value * em) for value in ems]
    widths[-1] += text_width - sum(widths)
    return widths


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
        self._styles()
        self._setup_page(self.doc.sections[0], PORTRAIT)
        self._footer(self.doc.sections[0])
        # the cover has no page number: the first page of the first section gets an empty footer
        self.doc.sections[0].different_first_page_header_footer = True

    # ------------------------------------------------------------------------------ styles
    def _style(self, name: str, base: str | None = "Normal") -> ParagraphStyle:
        styles = self.doc.styles
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.quick_style = True
        assert isinstance(style, ParagraphStyle)
        if base is not None and style.name != "Normal":
            style.base_style = styles[base]
        return style

    def _restyle(
        self,
        style: ParagraphStyle,
        *,
        face: str,
        size: Measure,
        bold: bool = False,
        align: str | None = None,
        indent_chars: int = 0,
        line: int = 240,
        before: Measure = 0,
        after: Measure = 0,
        keep_next: bool = False,
        outline: int | None = None,
    ) -> None:
        """Replace a style's paragraph and run properties by these."""
        element = style.element
        for tag in ("w:pPr", "w:rPr"):
            for old in element.findall(qn(tag)):
                element.remove(old)
        ppr = _el("w:pPr")
        if keep_next:
            ppr.append(_el("w:keepNext"))
            ppr.append(_el("w:keepLines"))
        ppr.append(
            _el(
                "w:spacing",
                before=str(round(before * 20)),
                after=str(round(after * 20)),
                line=str(line),
                lineRule="auto",
            )
        )
        _set_indent(ppr, indent_chars, size)
        if align is not None:
            ppr.append(_el("w:jc", val=align))
        if outline is not None:
            ppr.append(_el("w:outlineLvl", val=str(outline)))
        rpr = _el("w:rPr")
        _set_fonts(rpr, face)
        if bold:
            rpr.append(_el("w:b"))
            rpr.append(_el("w:bCs"))
        rpr.append(_el("w:color", val="000000"))
        rpr.append(_el("w:sz", val=str(round(size * 2))))
        rpr.append(_el("w:szCs", val=str(round(size * 2))))
        # w:pPr and w:rPr come after the style's name/basedOn/next/link/… elements.
        element.append(ppr)
        element.append(rpr)

    def _styles(self) -> None:
        styles_element = self.doc.styles.element
        defaults = styles_element.find(qn("w:docDefaults"))
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        _set_fonts(rpr, FANGSONG)
        for old in rpr.findall(qn("w:lang")):
            rpr.remove(old)
        rpr.append(_el("w:lang", val="zh-CN", eastAsia="zh-CN", bidi="ar-SA"))
        for tag in ("w:sz", "w:szCs"):
            node = rpr.find(qn(tag))
            if node is not None:
                node.set(qn("w:val"), str(round(BODY.size * 2)))
        ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
        for old in list(ppr):
            ppr.remove(old)
        ppr.append(_el("w:spacing", after="0", line="240", lineRule="auto"))

        body = self._style("Normal", None)
        self._restyle(body, face=FANGSONG, size=BODY.size, align="both", indent_chars=2, line=360)
        self.body = body
        self.title = self._style("Title")
        self._restyle(self.title, face=SONG, size=ERHAO, bold=True, align="center", line=300, after=24)
        self.cover_date = self._style("封面日期")
        self._restyle(self.cover_date, face=FANGSONG, size=SIZES["cover_date"], align="center", before=48)
        # Heading N is the style of a heading numbered as GB/T 9704's level N-1 (see _WORD_LEVEL).
        self.headings: dict[int, ParagraphStyle] = {}
        for level, heading in enumerate(
            (PART_HEADING, LEVEL1_HEADING, LEVEL2_HEADING, LEVEL3_HEADING), start=1
        ):
            style = self._style(f"Heading {level}")
            self._restyle(
                style,
                face=FACES[heading.face][0],
                size=heading.size,
                bold=heading.bold,
                align="center" if heading.centred else None,
                indent_chars=0 if heading.centred else 2,
                line=300 if level == 1 else 360,
                before=12 if level == 1 else 6,
                after=12 if level == 1 else 0,
                keep_next=True,
                outline=level - 1,
            )
            self.headings[level] = style
        self.toc_heading = self._style("TOC Heading")
        self._restyle(self.toc_heading, face=HEI, size=SIZES["part"], bold=True, align="center", after=12)
        self.toc_styles: dict[int, ParagraphStyle] = {}
        for level in (1, 2):
            style = self._style(f"toc {level}")
            self._restyle(style, face=FANGSONG, size=XIAOSI, indent_chars=0, line=300)
            ppr = style.element.find(qn("w:pPr"))
            ind = ppr.find(qn("w:ind"))
            ind.set(qn("w:left"), str(round((level - 1) * 2 * XIAOSI * 20)))
            ind.set(qn("w:leftChars"), str((level - 1) * 200))
            # the page number right-aligned behind a dotted leader; a long entry wraps before it
            ind.set(qn("w:right"), str(round(3 * XIAOSI * 20)))
            tabs = _el("w:tabs")
            tabs.append(_el("w:tab", val="right", leader="dot", pos=str(PORTRAIT.text_width)))
            _insert_ppr(ppr, tabs)
            self.toc_styles[level] = style
        self.table_number = self._style("表号")
        self._restyle(self.table_number, face=FANGSONG, size=XIAOSI, align="left")
        self.table_title = self._style("表题")
        self._restyle(
            self.table_title,
            face=HEI,
            size=SIZES["table_title"],
            bold=True,
            align="center",
            after=6,
            keep_next=True,
        )
        self.table_info = self._style("表头信息")
        self._restyle(self.table_info, face=FANGSONG, size=WUHAO, after=3, keep_next=True)
        self.table_text = self._style("表格文字")
        self._restyle(self.table_text, face=FANGSONG, size=WUHAO)
        self.table_small = self._style("表格小字")
        self._restyle(self.table_small, face=FANGSONG, size=XIAOWU)
        self.note = self._style("表注")
        self._restyle(self.note, face=FANGSONG, size=WUHAO, before=3, line=300)
        self.figure = self._style("图")
        self._restyle(self.figure, face=FANGSONG, size=WUHAO, align="center", before=6, keep_next=True)
        self.caption = self._style("Caption")
        self._restyle(self.caption, face=HEI, size=SIZES["caption"], align="center", after=3)
        self.figure_text = self._style("图注")
        self._restyle(self.figure_text, face=FANGSONG, size=XIAOWU, align="left", line=276, after=12)
        self.signature = self._style("落款")
        self._restyle(self.signature, face=FANGSONG, size=BODY.size, align="right", line=360)
        footer = self._style("Footer")
        self._restyle(footer, face=SONG, size=SIZES["footer"], align="center")

        settings = self.doc.settings.element
        lang = settings.find(qn("w:themeFontLang"))
        if lang is not None:
            lang.set(qn("w:eastAsia"), "zh-CN")
        # Word fills in the contents' page numbers on opening (it asks first)
        update = _el("w:updateFields", val="true")
        anchor = settings.find(qn("w:defaultTabStop"))
        if anchor is not None:
            anchor.addprevious(update)
        else:
            settings.append(update)
        self._font_table()

    def _font_table(self) -> None:
        """Name each 公文 face with its other names (FangSong …, the Noto face last) as alternates,
        for a Word or WPS that lacks the name the styles use."""
        part = self.doc.part.part_related_by(RT.FONT_TABLE)
        xml = part.blob.decode("utf-8")
        entries = "".join(
            f'<w:font w:name="{names[0]}"><w:altName w:val="{",".join(names[1:])}"/>'
            f'<w:charset w:val="86"/><w:family w:val="{FAMILIES[face]}"/><w:pitch w:val="variable"/>'
            "</w:font>"
            for face, names in FACES.items()
        )
        part._blob = xml.replace("</w:fonts>", entries + "</w:fonts>").encode("utf-8")

    # ------------------------------------------------------------------------------- pages
    @staticmethod
    def _setup_page(section: WordSection, page: _Page) -> None:
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
        paragraph.style = self._style("Footer")
        paragraph.add_run("— ")
        _field(paragraph._p, "PAGE", "1")
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
        paragraph._p.style = (style or self.body).style_id
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
        paragraph = self._para(text, self.headings[level], new_page=new_page)
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_indent(paragraph._p.get_or_add_pPr(), 0, SIHAO)
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
        start = _el("w:bookmarkStart", id=mark, name=name)
        ppr = p.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        p.append(_el("w:bookmarkEnd", id=mark))
        self.bookmarks[key] = name

    # ------------------------------------------------------------------------------ render
    def render(self) -> bytes:
        d = self.source
        self._cover()
        self._para("目  录", self.toc_heading, new_page=True)
        toc_anchor = self._para("", self.body)
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
        title = self._para("", self.title)
        title.paragraph_format.space_before = Cm(7)
        for index, line in enumerate(lines):
            run = title.add_run(line)
            run.font.size = Pt(size)
            if index:
                run._r.insert(len(run._r) - 1, _el("w:br"))
        if d.date:
            self._para(chinese_date(d.date), self.cover_date)

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
            paragraph = self._para(text, self.signature)
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
            self._para(table.number_label, self.table_number, new_page=new_page)
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
        grid = _Grid(widths, (self.table_text if size == WUHAO else self.table_small).style_id, size)
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
                    cells.append(_Cell(cell.text, vmerge=vmerge, bold=strong, align="center", balance=True))
                    continue
                cells.append(_Cell(cell.text, bold=strong, align=align, indent_chars=indent))
            grid.add(cells)
        self._append(grid.element())
        if table.note:
            self._para(table.note, self.note)
        else:
            self._para("", self.note)  # keeps the next table apart; carries a section break if needed

    def _issuer_line(self, table: Table) -> None:
        left = f"{table.issuer_label}：{table.issuer}" if table.issuer else ""
        right = f"单位：{table.unit.value}" if table.unit else ""
        paragraph = self._para(left, self.table_info)
        if right:
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                Pt(self._text_width / 20), WD_TAB_ALIGNMENT.RIGHT
            )
            paragraph.add_run("\t" + right)

    def _header_rows(self, grid: _Grid, header: list[list[HeaderCell]], ncols: int) -> None:
        cover, _ = _place(header)
        for r in range(len(header)):
            cells: list[_Cell] = []
            c = 0
            while c < ncols:
                slot = cover.get((r, c))
                if slot is None:
                    cells.append(_Cell(bold=True, align="center"))
                    c += 1
                    continue
                origin_row, origin_col, cell = slot
                span = max(1, min(cell.cols - (c - origin_col), ncols - c))
                vmerge = None
                if cell.rows > 1:
                    vmerge = "restart" if origin_row == r else "continue"
                cells.append(
                    _Cell(cell.text, span=span, vmerge=vmerge, bold=True, align="center", balance=True)
                )
                c += span
            grid.add(cells, header=True)

    @staticmethod
    def _column_aligns(table: Table, ncols: int) -> list[str]:
        aligns = []
        for index in range(ncols):
            column = table.columns[index] if index < len(table.columns) else None
            if column is not None and _CODE_KEYS.match(column.key):
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
            pad = 2 * _CELL_MARGIN / (size * 20) + 0.4
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
        return _fit(needs, size, self._text_width, lows), size

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
        title = self._para(table.title, self.table_title, new_page=new_page)
        self._bookmark(f"performance:{table.key}", title)
        year = self._para(f"（{self.source.year}年）", self.table_info)
        year.alignment = WD_ALIGN_PARAGRAPH.CENTER
        widths = _fit([w for _, w in self._PERF_COLUMNS], XIAOWU, self._text_width)
        grid = _Grid(widths, self.table_small.style_id, XIAOWU)
        fields = list(table.fields.items())
        for start in range(0, len(fields), 2):
            cells: list[_Cell] = []
            pair = fields[start : start + 2]
            # Two pairs fill the 9 columns as 2 + 3 + 2 + 2; a pair alone as 2 + 7.
            spans = (7,) if len(pair) == 1 else (3, 2)
            for (label, cell), span in zip(pair, spans, strict=True):
                if cell.value is not None and "元" not in label:
                    label += _FIELD_AMOUNT_SUFFIX
                cells.append(_Cell(label, span=2, bold=True, align="center", balance=True))
                cells.append(_Cell(cell.text, span=span, align="right" if cell.value is not None else "left"))
            grid.add(cells)
        goal_label = "年度绩效目标" if table.project is None else "项目总体目标"
        grid.add(
            [
                _Cell(goal_label, span=2, bold=True, align="center", balance=True),
                _Cell(table.goal, span=7),
            ]
        )
        grid.add([_Cell(title, bold=True, align="center", balance=True) for title, _ in self._PERF_COLUMNS])
        previous: tuple[str, str] | None = None
        for indicator in table.indicators:
            same1 = previous is not None and previous[0] == indicator.level1
            same2 = same1 and previous is not None and previous[1] == indicator.level2
            grid.add(
                [
                    _Cell(
                        indicator.level1,
                        vmerge="continue" if same1 else "restart",
                        align="center",
                        balance=True,
                    ),
                    _Cell(
                        indicator.level2,
                        vmerge="continue" if same2 else "restart",
                        align="center",
                        balance=True,
                    ),
                    _Cell(indicator.name),
                    _Cell(indicator.target, align="center"),
                    _Cell(indicator.basis or "", align="center"),
                    _Cell(indicator.prior or NO_PRIOR, align="center"),
                    _Cell(weight_text(indicator.weight), align="center"),
                    _Cell(indicator.scoring or ""),
                    _Cell(indicator.evidence or ""),
                ]
            )
            previous = (indicator.level1, indicator.level2)
        grid.add(
            [
                _Cell(WEIGHT_TOTAL_LABEL, span=6, bold=True, align="center"),
                _Cell(weight_total(table), align="center"),
                _Cell(),
                _Cell(),
            ]
        )
        self._append(grid.element())
        self._para("", self.note)

    # ------------------------------------------------------------------------------ charts
    def _charts(self, charts: Sequence[Chart]) -> None:
        self._orient(False)
        from yusuan.render.charts import chart_png  # typst is loaded only for documents with charts

        for index, chart in enumerate(charts, start=1):
            picture = self._para("", self.figure)
            run = picture.add_run()
            # one title per chart: the numbered caption under it (the picture draws none)
            run.add_picture(io.BytesIO(chart_png(chart, titled=False)), width=Cm(15))
            for doc_pr in run._r.xpath(".//wp:docPr"):
                doc_pr.set("name", f"图 {chart.key}")
                doc_pr.set("title", chart.title)
                doc_pr.set("descr", chart.alt)
            caption = self._para(f"{chart_label(index)}　{chart.title}", self.caption)
            self._bookmark(f"chart:{chart.key}", caption)
            self._para(chart.alt, self.figure_text)

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
            p.style = self.toc_styles[level].style_id
            link = _el("w:hyperlink", anchor=bookmark, history="1")
            run = _el("w:r")
            run.append(_text(text))
            link.append(run)
            p.append(link)
            tab = _el("w:r")
            tab.append(_el("w:tab"))
            p.append(tab)
            _field(p, f"PAGEREF {bookmark} \\h", "")
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
