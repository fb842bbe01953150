"""What every format reader produces: the document's blocks in reading order, with provenance.

A reader for one format (text, HTML, DOCX, XLSX, PDF) turns a file into a :class:`Stream` of
headings, paragraphs and grids. Everything after that — finding tables by title and header,
splitting sections, extracting claims — works on the stream and never looks at the format again.
Readers never interpret figures: a cell keeps the text as printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from yusuan.model.document import PageFacts, Provenance
from yusuan.read.limits import check_cells


@dataclass
class TextCell:
    """One cell as printed. ``span`` > 1 marks a merged cell (repeated in the columns it covers)."""

    text: str
    provenance: Provenance
    cols: int = 1
    rows: int = 1
    repeated: bool = False  # a copy of a cell merged down from a row above (its figure is that row's)


@dataclass
class Block:
    """A heading, a paragraph (one logical line of text), or a grid (a table as printed)."""

    kind: Literal["heading", "paragraph", "grid"]
    provenance: Provenance
    text: str = ""
    level: int | None = None  # headings: 1 = top level, when the format says so
    rows: list[list[TextCell]] = field(default_factory=list)  # grids: rows of cells, merged cells expanded

    @property
    def page(self) -> int | None:
        return self.provenance.page


@dataclass
class Stream:
    """A file read into blocks, plus what the reader could not read."""

    file: str
    format: Literal["text", "html", "docx", "xlsx", "pdf"]
    blocks: list[Block] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # Chinese: what could not be read, and where
    pages: int | None = None
    page_facts: list[PageFacts] = field(default_factory=list)  # PDFs: what each page carries
    # PDFs: pages read by the fallback engine (pdfplumber), with the reason (page 0: the whole file)
    fallback: list[tuple[int, str]] = field(default_factory=list)
    cells: int = 0  # table cells added so far (bounded: limits.MAX_CELLS)

    def add_heading(self, text: str, provenance: Provenance, level: int | None = None) -> None:
        if text.strip():
            self.blocks.append(Block("heading", provenance, text=text.strip(), level=level))

    def add_paragraph(self, text: str, provenance: Provenance) -> None:
        if text.strip():
            self.blocks.append(Block("paragraph", provenance, text=text.strip()))

    def add_grid(self, rows: list[list[TextCell]], provenance: Provenance) -> None:
        if any(cell.text.strip() for row in rows for cell in row):
            self.blocks.append(Block("grid", provenance, rows=rows))
            self.cells += sum(len(row) for row in rows)
            check_cells(self.cells, self.file)
