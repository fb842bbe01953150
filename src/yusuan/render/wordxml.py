"""WordprocessingML written directly, for what python-docx does not expose: elements and their
schema order, East Asian fonts, indents in characters, complex fields, the A4 page of GB/T 9704, and
tables as a grid of cells with fixed widths fitted to the page (:class:`Grid`).

:mod:`yusuan.render.docx` is the renderer that uses them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from yusuan.text.width import em_width

# measure: lengths and sizes of the page and its type (cm, pt): not money
Measure = float  # float-ok

TWIPS_PER_CM = 1440 / 2.54


@dataclass(frozen=True)
class Page:
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
PORTRAIT = Page(21.0, 29.7, 3.7, 3.5, 2.8, 2.6, 1.5, 2.2)
LANDSCAPE = Page(29.7, 21.0, 2.8, 2.6, 3.7, 3.5, 1.5, 1.4)

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def el(tag: str, **attrs: str) -> Any:
    """A WordprocessingML element; ``attrs`` are ``w:`` attributes."""
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def set_fonts(rpr: Any, face: str) -> None:
    """Name ``face`` for Latin, East Asian and complex script text, replacing theme fonts."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = el("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), face)


def set_indent(ppr: Any, first_chars: int, size: Measure, *, left_chars: int = 0) -> None:
    """First-line (and left) indent in characters, with the twips Word falls back to."""
    for old in ppr.findall(qn("w:ind")):
        ppr.remove(old)
    ind = el(
        "w:ind",
        firstLine=str(round(first_chars * size * 20)),
        firstLineChars=str(first_chars * 100),
    )
    if left_chars:
        ind.set(qn("w:left"), str(round(left_chars * size * 20)))
        ind.set(qn("w:leftChars"), str(left_chars * 100))
    insert_ppr(ppr, ind)


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


def insert_ppr(ppr: Any, child: Any) -> None:
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
    run = el("w:r")
    run.append(el("w:fldChar", fldCharType=kind))
    return run


def _instruction(text: str) -> Any:
    """A run holding a field instruction."""
    run = el("w:r")
    instr = el("w:instrText")
    instr.set(_XML_SPACE, "preserve")
    instr.text = f" {text} "
    run.append(instr)
    return run


def field(paragraph_element: Any, instruction: str, cached: str) -> None:
    """Append a complex field (begin, instruction, separate, cached result, end) to a ``w:p``."""
    result = el("w:r")
    result.append(text_element(cached))
    for run in (
        _fld_char("begin"),
        _instruction(instruction),
        _fld_char("separate"),
        result,
        _fld_char("end"),
    ):
        paragraph_element.append(run)


def text_element(text: str) -> Any:
    t = el("w:t")
    t.set(_XML_SPACE, "preserve")
    t.text = text
    return t


def balanced_inset(text: str, room: Measure) -> Measure:
    """The indent (em, each side) that makes ``text`` wrap into lines of even width in ``room`` em.

    Word breaks a header such as 一般公共预算 in a narrow column as 一般公共预/算; published
    tables show 一般公/共预算. Narrowing the paragraph evens the lines and leaves the text as it is.
    """
    width = em_width(text)
    if room <= 0 or width <= room:
        return 0.0
    lines = math.ceil(width / (room * 0.95))
    limit = width / lines
    while line_count(text, limit) > lines and limit < room:
        limit += 0.1
    return max(0.0, (room - limit - 0.3) / 2)


def line_count(text: str, limit: Measure) -> int:
    """How many lines ``text`` takes when characters fill lines of ``limit`` em in turn."""
    count, used = 1, 0.0
    for ch in text:
        width = em_width(ch)
        if used + width > limit + 1e-9 and used > 0:
            count, used = count + 1, 0.0
        used += width
    return count


@dataclass
class GridCell:
    """One ``w:tc`` to write: text and how it is set."""

    text: str = ""
    span: int = 1
    vmerge: str | None = None  # "restart" | "continue"
    bold: bool = False
    align: str = "left"  # left | center | right | both
    indent_chars: int = 0
    balance: bool = False  # break a long text into even lines (headers, labels)


CELL_MARGIN = 68  # twips, left and right


class Grid:
    """A table as rows of cells, widths in twips; becomes one ``w:tbl``."""

    def __init__(self, widths: Sequence[int], style_id: str, size: Measure) -> None:
        self.widths = list(widths)
        self.style_id = style_id
        self.size = size
        self.rows: list[tuple[list[GridCell], bool]] = []  # cells, is a repeated header row

    def add(self, cells: list[GridCell], header: bool = False) -> None:
        self.rows.append((cells, header))

    def element(self) -> Any:
        tbl = el("w:tbl")
        pr = el("w:tblPr")
        pr.append(el("w:tblW", w=str(sum(self.widths)), type="dxa"))
        pr.append(el("w:jc", val="center"))
        borders = el("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(el(f"w:{side}", val="single", sz="4", space="0", color="000000"))
        pr.append(borders)
        pr.append(el("w:tblLayout", type="fixed"))
        margins = el("w:tblCellMar")
        for side, margin in (("top", 0), ("left", CELL_MARGIN), ("bottom", 0), ("right", CELL_MARGIN)):
            margins.append(el(f"w:{side}", w=str(margin), type="dxa"))
        pr.append(margins)
        pr.append(el("w:tblLook", val="0000"))
        tbl.append(pr)
        grid = el("w:tblGrid")
        for width in self.widths:
            grid.append(el("w:gridCol", w=str(width)))
        tbl.append(grid)
        row_height = str(round(self.size * 20 * 1.9))
        for cells, header in self.rows:
            tr = el("w:tr")
            trpr = el("w:trPr")
            trpr.append(el("w:cantSplit"))
            trpr.append(el("w:trHeight", val=row_height))
            if header:
                trpr.append(el("w:tblHeader"))
            tr.append(trpr)
            column = 0
            for cell in cells:
                width = sum(self.widths[column : column + cell.span])
                column += cell.span
                tr.append(self._tc(cell, width))
            while column < len(self.widths):  # a short row is filled with empty cells
                tr.append(self._tc(GridCell(), self.widths[column]))
                column += 1
            tbl.append(tr)
        return tbl

    def _tc(self, cell: GridCell, width: int) -> Any:
        tc = el("w:tc")
        pr = el("w:tcPr")
        pr.append(el("w:tcW", w=str(width), type="dxa"))
        if cell.span > 1:
            pr.append(el("w:gridSpan", val=str(cell.span)))
        if cell.vmerge == "restart":
            pr.append(el("w:vMerge", val="restart"))
        elif cell.vmerge == "continue":
            pr.append(el("w:vMerge"))
        pr.append(el("w:vAlign", val="center"))
        tc.append(pr)
        p = el("w:p")
        ppr = el("w:pPr")
        ppr.append(el("w:pStyle", val=self.style_id))
        if cell.indent_chars:
            set_indent(ppr, 0, self.size, left_chars=cell.indent_chars)
        ppr.append(el("w:jc", val=cell.align))
        p.append(ppr)
        text = cell.text
        if cell.balance and text:
            inset = balanced_inset(text, (width - 2 * CELL_MARGIN) / (self.size * 20))
            if inset >= 0.1:
                side = str(round(inset * self.size * 20))
                insert_ppr(ppr, el("w:ind", left=side, right=side))
        if text and cell.vmerge != "continue":
            for index, line in enumerate(text.split("\n")):
                run = el("w:r")
                if cell.bold:
                    rpr = el("w:rPr")
                    rpr.append(el("w:b"))
                    rpr.append(el("w:bCs"))
                    run.append(rpr)
                if index:
                    run.append(el("w:br"))
                run.append(text_element(line))
                p.append(run)
        tc.append(p)
        return tc


def fit(
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
