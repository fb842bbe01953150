"""HTML (web pages, exported documents) into a block stream, with the standard library's parser.

* ``h1``–``h6``: headings of that level; a table's ``caption``: a heading without level;
* text in ``p``, ``li``, ``dt``, ``dd``, ``div`` and the other block elements: paragraphs, one per
  block (a ``<br>`` starts a new one);
* tables: grids in document order (a table's place is where it starts, so a nested table comes
  after the text of its outer table's earlier cells), ``colspan``/``rowspan`` expanded as HTML lays
  them out — a merged cell's text repeated in every row and column it covers, the first position
  keeping ``cols``/``rows``; block elements inside a cell become line breaks in the cell's text;
* ``script``, ``style``, ``template``, ``svg``, ``math``, the ``head`` and anything ``hidden`` or
  ``display:none``: not read.

White space collapses as a browser collapses it (except in ``pre``); entities are decoded.
Provenance: file, and in ``line`` a running index of the elements (1-based, in source order) — the
block's element; grids add the table's number (``table``), row and column (1-based).
The encoding comes from a BOM, then from ``<meta charset>``, then UTF-8 or GB18030.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from yusuan.model.document import Provenance
from yusuan.read.detect import decode_text
from yusuan.read.formats.pdf import normalise_compat
from yusuan.read.limits import MAX_CELLS, Deadline, OverLimit, begin, check_cells, read_bytes
from yusuan.read.stream import Block, Stream, TextCell

_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p",
    "pre", "section", "summary", "ul", "caption",
}  # fmt: skip
_TABLE_PARTS = {"table", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "col"}
_SKIP = {"script", "style", "template", "svg", "math", "head", "noscript", "select", "object", "iframe"}
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "basefont", "frame", "isindex", "keygen",
}  # fmt: skip
_HEAD_CONTENT = {"title", "meta", "link", "style", "script", "base", "noscript", "template"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SPACE = re.compile(r"[ \t\n\r\f\xa0]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def _span(value: str | None, default: int, limit: int) -> int:
    try:
        number = int((value or "").strip().rstrip(";"))
    except ValueError:
        return default
    return max(1, min(number, limit)) if number > 0 else default


@dataclass
class _Table:
    number: int
    element: int
    rows: list[list[tuple[str, int, int]]] = field(default_factory=list)
    row_open: bool = False
    cell: list[str] | None = None
    spans: tuple[int, int] = (1, 1)
    slot: int | None = None


class _Reader(HTMLParser):
    def __init__(self, file: str, deadline: Deadline) -> None:
        super().__init__(convert_charrefs=True)
        self.file = file
        self.deadline = deadline
        self.stream = Stream(file=file, format="html")
        self.elements = 0
        self.blocks: list[tuple[str, int]] = []  # open block elements: (tag, element index)
        self.buffer: list[str] = []
        self.tables: list[_Table] = []
        self.table_count = 0
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.pre = 0

    # --- where text goes ---------------------------------------------------------------------

    def _cell(self) -> list[str] | None:
        return self.tables[-1].cell if self.tables else None

    def _flush(self) -> None:
        """End the current run of text: a paragraph or heading, or a line break in a cell."""
        cell = self._cell()
        if cell is not None:
            cell.append("\n")
            return
        text = normalise_compat(_SPACE.sub(" ", "".join(self.buffer))).strip()
        self.buffer = []
        if not text:
            return
        tag, index = self.blocks[-1] if self.blocks else ("", self.elements)
        here = Provenance(file=self.file, line=index or None)
        if tag in _HEADINGS:
            self.stream.add_heading(text, here, level=_HEADINGS[tag])
        elif tag == "caption":
            self.stream.add_heading(text, here, level=None)
        else:
            self.stream.add_paragraph(text, here)

    def _in_heading(self) -> bool:
        return bool(self.blocks) and self.blocks[-1][0] in _HEADINGS and self._cell() is None

    # --- tables ------------------------------------------------------------------------------

    def _close_cell(self) -> None:
        table = self.tables[-1]
        if table.cell is None:
            return
        lines = [normalise_compat(_SPACE.sub(" ", line)).strip() for line in "".join(table.cell).split("\n")]
        text = "\n".join(line for line in lines if line)
        if not table.row_open:
            table.rows.append([])
            table.row_open = True
        table.rows[-1].append((text, *table.spans))
        table.cell = None

    def _open_row(self) -> None:
        table = self.tables[-1]
        self._close_cell()
        if table.slot is None:
            table.slot = len(self.stream.blocks)
            self.stream.blocks.append(
                Block("grid", Provenance(file=self.file, line=table.element, table=str(table.number)))
            )
        table.rows.append([])
        table.row_open = True

    def _end_table(self) -> None:
        table = self.tables.pop()
        if table.cell is not None:
            self.tables.append(table)
            self._close_cell()
            self.tables.pop()
        if table.slot is None:
            return
        occupied: dict[tuple[int, int], tuple[int, int]] = {}
        origins: dict[tuple[int, int], tuple[str, int, int]] = {}
        height = len(table.rows)
        width = 0
        for r, row in enumerate(table.rows):
            c = 0
            for text, cols, rows in row:
                while (r, c) in occupied:
                    c += 1
                rows = min(rows, height - r)
                if len(occupied) + cols * rows > MAX_CELLS:
                    raise OverLimit(f"第 {table.number} 个表格过大，无法读取：{self.file}", self.file)
                origins[(r, c)] = (text, cols, rows)
                for i in range(r, r + rows):
                    for j in range(c, c + cols):
                        occupied.setdefault((i, j), (r, c))
                c += cols
                width = max(width, c)
        for _, c in occupied:
            width = max(width, c + 1)
        # the grid is height × width, whatever the cells occupy: one wide cell widens every row
        self.stream.cells += height * width
        check_cells(self.stream.cells, self.file)
        grid: list[list[TextCell]] = []
        for r in range(height):
            line = []
            for c in range(width):
                key = occupied.get((r, c))
                cell = TextCell(
                    text=origins[key][0] if key else "",
                    provenance=Provenance(
                        file=self.file, line=table.element, table=str(table.number), row=r + 1, column=c + 1
                    ),
                )
                if key == (r, c):
                    cell.cols, cell.rows = origins[key][1], origins[key][2]
                line.append(cell)
            grid.append(line)
        self.stream.blocks[table.slot].rows = grid

    # --- parser events -----------------------------------------------------------------------

    def _hidden(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        attributes = dict(attrs)
        return (
            tag in _SKIP
            or "hidden" in attributes
            or bool(_HIDDEN_STYLE.search(attributes.get("style") or ""))
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag == "head" and tag not in _HEAD_CONTENT and tag != "head":
            self.skip_tag, self.skip_depth = None, 0  # </head> left out: the body has begun
        if self.skip_tag is not None:
            if tag == self.skip_tag and tag not in _VOID:
                self.skip_depth += 1
            return
        if self._hidden(tag, attrs):
            if tag not in _VOID:
                self.skip_tag, self.skip_depth = tag, 1
            return
        attributes = dict(attrs)
        self.elements += 1
        if self.elements % 1024 == 0:
            self.deadline.check(f"第 {self.elements} 个元素")
        if tag == "br":
            if self._in_heading():
                self.buffer.append(" ")
            else:
                self._flush()
            return
        if tag in _TABLE_PARTS:
            self._table_start(tag, attributes)
            return
        if tag in _BLOCKS:
            if self.blocks and self.blocks[-1][0] == "p" and tag != "p":
                self._flush()
                self.blocks.pop()
            if tag in ("p", "li", "dt", "dd", "option") and self.blocks and self.blocks[-1][0] == tag:
                self._flush()
                self.blocks.pop()
            self._flush()
            if tag not in _VOID:
                self.blocks.append((tag, self.elements))
            if tag == "pre":
                self.pre += 1

    def _table_start(self, tag: str, attributes: dict[str, str | None]) -> None:
        if tag == "table":
            if self._cell() is None:
                self._flush()
            self.table_count += 1
            self.tables.append(_Table(number=self.table_count, element=self.elements))
            return
        if not self.tables:
            if tag in ("td", "th", "tr"):
                self._flush()
            return
        table = self.tables[-1]
        if tag == "tr":
            self._open_row()
        elif tag in ("td", "th"):
            self._close_cell()
            if not table.row_open:
                self._open_row()
            table.cell = []
            table.spans = (
                _span(attributes.get("colspan"), 1, 1000),
                _span(attributes.get("rowspan"), 1, 65534),
            )
        elif tag in ("thead", "tbody", "tfoot"):
            self._close_cell()
            table.row_open = False

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # As in HTML5, the slash of <div/> is ignored: the element is opened (void ones close).
        if self.skip_tag is not None and self.skip_tag != "head":
            return
        if self._hidden(tag, attrs):
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth <= 0:
                    self.skip_tag = None
            return
        if tag in _TABLE_PARTS:
            if not self.tables:
                return
            table = self.tables[-1]
            if tag in ("td", "th"):
                self._close_cell()
            elif tag == "tr":
                self._close_cell()
                table.row_open = False
            elif tag == "table":
                self._end_table()
            return
        if tag in _BLOCKS and any(open_tag == tag for open_tag, _ in self.blocks):
            self._flush()
            while self.blocks:
                open_tag, _ = self.blocks.pop()
                if open_tag == "pre":
                    self.pre = max(0, self.pre - 1)
                if open_tag == tag:
                    break
        elif tag == "p":  # a stray </p>: an empty paragraph in browsers
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip_tag is not None or not data:
            return
        cell = self._cell()
        in_caption = bool(self.blocks) and self.blocks[-1][0] == "caption"
        if cell is None and self.tables and not data.strip() and not in_caption:
            return  # white space between rows and cells
        if self.pre and "\n" in data:
            for index, line in enumerate(data.split("\n")):
                if index:
                    self._flush()
                cell = self._cell()
                (cell if cell is not None else self.buffer).append(line)
            return
        (cell if cell is not None else self.buffer).append(data)

    def finish(self) -> Stream:
        self.close()
        while self.tables:
            self._end_table()
        self._flush()
        self.stream.blocks = [
            block
            for block in self.stream.blocks
            if block.kind != "grid" or any(cell.text for row in block.rows for cell in row)
        ]
        return self.stream


def _decode(data: bytes, name: str) -> tuple[str, str]:
    declared = _META_CHARSET.search(data[:8192])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        encoding = declared.group(1).decode("ascii", "replace").lower()
        if encoding in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn"):
            encoding = "gb18030"
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, name)


def read_html(path: str | Path, deadline: Deadline | None = None) -> Stream:
    """Read an HTML file into a stream of headings, paragraphs and grids."""
    path, name, deadline = begin(path, deadline)
    data = read_bytes(path, name)
    text, encoding = _decode(data, name)
    reader = _Reader(name, deadline)
    if encoding == "utf-8-replace":
        reader.stream.problems.append(f"文件有 {text.count(chr(0xFFFD))} 处字节无法解码，已用 � 代替：{name}")
    chunk = 64 * 1024
    for start in range(0, len(text), chunk):
        deadline.check(f"第 {reader.elements} 个元素")
        reader.feed(text[start : start + chunk])
    return reader.finish()


__all__ = ["read_html"]
