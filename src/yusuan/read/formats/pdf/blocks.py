"""A page's grids and paragraphs, top to bottom, from its characters and ruling lines.

Works on a page view (:mod:`.views`): the characters (fake-bold copies removed), the page's height
and ``find_tables`` — pdfplumber's table finder, run on either engine's characters and edges.

* tables from ``find_tables()`` (ruling lines); on a page with no ruled table whose lines look like
  columns of figures, the text strategy is tried as well. Tables of one row or one column (boxes
  around a paragraph, chart frames) are not tables;
* merged cells expanded from the cells' boxes: a cell's text is repeated in every row and column
  it covers, the first position keeping ``cols``/``rows``; lines wrapped inside a cell are joined
  (without a space between Chinese characters);
* text lines outside the tables become paragraphs (no heading guesses from font sizes).
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from yusuan.model.document import Provenance
from yusuan.read.formats.pdf.chars import Char, Coordinate, join_wrapped, normalise_compat
from yusuan.read.sections import page_number
from yusuan.read.stream import Block, TextCell


class PageView(Protocol):
    """What the block builder needs of a page, whichever engine read it."""

    height: Coordinate
    chars: list[Char]

    def find_tables(self, settings: dict[str, Any] | None = None) -> list[Any]: ...


@cache
def _wide(text: str) -> bool:
    """A full-width character (Chinese, full-width punctuation)."""
    return bool(text) and unicodedata.east_asian_width(text[0]) in ("W", "F")


def _lines(chars: list[Char]) -> list[tuple[Coordinate, str, list[Char]]]:
    """Characters grouped into printed lines: (top, text, characters), top to bottom.

    A character joins a line when its vertical middle lies within the line's band, so that
    quotation marks and superscripts set a little higher or lower stay on their line. A space
    goes where the gap between two characters is wider than a quarter of their size."""
    # each middle computed once (the index keeps equal keys in the order given, as a stable sort)
    ordered = sorted(((ch["top"] + ch["bottom"]) / 2, ch["x0"], index, ch) for index, ch in enumerate(chars))
    groups: list[list[Char]] = []
    low = high = Coordinate(0)
    members: list[Char] = []
    for middle, _, _, ch in ordered:
        if members and low <= middle <= high:
            members.append(ch)
            low, high = min(low, ch["top"]), max(high, ch["bottom"])
        else:
            low, high, members = ch["top"], ch["bottom"], [ch]
            groups.append(members)
    lines = []
    for members in groups:
        top = min(ch["top"] for ch in members)
        members.sort(key=lambda ch: ch["x0"])
        parts: list[str] = []
        previous: Char | None = None
        for ch in members:
            text = ch["text"]
            if text.isspace():
                if parts and not parts[-1].endswith(" "):
                    parts.append(" ")
                continue
            if previous is not None and parts and not parts[-1].endswith(" "):
                size = Coordinate(ch.get("size") or 10)
                # Between Chinese characters justification leaves gaps of up to half a character;
                # next to Latin letters and figures a narrower gap is already a space.
                wide = 0.5 if _wide(previous["text"]) and _wide(text) else 0.2
                if ch["x0"] - previous["x1"] > max(wide * size, 1.0):
                    parts.append(" ")
            parts.append(text)
            previous = ch
        line = normalise_compat("".join(parts)).strip()
        if line:
            lines.append((top, line, members))
    return lines


def _grid(table: _Table, chars: list[Char], file: str, page: int, number: int) -> list[list[TextCell]]:
    """The table's rows with merged cells expanded, from the cells' boxes."""
    rows = table.rows
    column_starts = sorted({cell[0] for cell in table.cells})
    row_tops = [row.bbox[1] for row in rows]
    width = len(column_starts)
    origin: list[list[tuple[int, int] | None]] = [[None] * width for _ in rows]
    boxes: dict[tuple[int, int], tuple[Coordinate, Coordinate, Coordinate, Coordinate]] = {}
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(rows):
        for c, box in enumerate(row.cells):
            if box is None or origin[r][c] is not None:
                continue
            x0, top, x1, bottom = box
            cols = min(_spans(column_starts[c:], x0, x1), width - c)
            span_rows = min(_spans(row_tops[r:], top, bottom), len(rows) - r)
            boxes[(r, c)] = box
            spans[(r, c)] = (cols, span_rows)
            for i in range(r, r + span_rows):
                for j in range(c, c + cols):
                    if origin[i][j] is None:
                        origin[i][j] = (r, c)
    buckets: dict[tuple[int, int], list[Char]] = {key: [] for key in boxes}
    for ch in chars:
        x = (ch["x0"] + ch["x1"]) / 2
        y = (ch["top"] + ch["bottom"]) / 2
        r = bisect.bisect_right(row_tops, y) - 1
        c = bisect.bisect_right(column_starts, x) - 1
        if r < 0 or c < 0:
            continue
        key = origin[r][c]
        if key is None:
            continue
        x0, top, x1, bottom = boxes[key]
        if x0 <= x <= x1 and top <= y <= bottom:
            buckets[key].append(ch)
    texts = {
        key: join_wrapped("\n".join(text for _, text, _ in _lines(members)))
        for key, members in buckets.items()
    }
    grid: list[list[TextCell]] = []
    for r in range(len(rows)):
        cells = []
        for c in range(width):
            key = origin[r][c]
            cell = TextCell(
                text=texts[key] if key is not None else "",
                provenance=Provenance(
                    file=file,
                    page=page,
                    table=str(number),
                    row=r + 1,
                    column=c + 1,
                    bbox=points(boxes[key]) if key is not None else None,
                ),
                repeated=key is not None and key[0] < r,
            )
            if key == (r, c):
                cell.cols, cell.rows = spans[key]
            cells.append(cell)
        grid.append(cells)
    return _join_sub_rows(grid)


def _join_sub_rows(grid: list[list[TextCell]]) -> list[list[TextCell]]:
    """Rows that a tall merged cell spans but that hold no other text side by side are one printed
    line drawn as several rows ("合计" in the middle row, its figure merged over three): they are
    joined, each column keeping the text it has."""
    out: list[list[TextCell]] = []
    for row in grid:
        previous = out[-1] if out else None
        if (
            previous is not None
            and len(previous) == len(row)
            and any(cell.repeated for cell in row)
            and not any(
                cell.text.strip() and not cell.repeated and above.text.strip() and not above.repeated
                for cell, above in zip(row, previous, strict=True)
            )
        ):
            out[-1] = [
                above if above.text.strip() and not above.repeated else cell if cell.text.strip() else above
                for cell, above in zip(row, previous, strict=True)
            ]
            continue
        out.append(row)
    return out


def points(box: Box) -> tuple[int, int, int, int]:
    """A box in whole points, rounded outward (the provenance's ``bbox``)."""
    x0, top, x1, bottom = box
    return math.floor(x0), math.floor(top), math.ceil(x1), math.ceil(bottom)


def _chars_box(chars: list[Char]) -> Box:
    return (
        min(ch["x0"] for ch in chars),
        min(ch["top"] for ch in chars),
        max(ch["x1"] for ch in chars),
        max(ch["bottom"] for ch in chars),
    )


def _spans(starts: list[Coordinate], low: Coordinate, high: Coordinate) -> int:
    return max(1, sum(1 for value in starts if low - 0.5 <= value < high - 0.5))


def _big_gaps(chars: list[Char]) -> int:
    """How many wide gaps (three character sizes or more) a line's characters leave."""
    if len(chars) < 2:
        return 0
    size = statistics.median(Coordinate(ch.get("size") or 10) for ch in chars)
    return sum(1 for a, b in itertools.pairwise(chars) if b["x0"] - a["x1"] >= 3 * size)


def _looks_tabular(lines: list[tuple[Coordinate, str, list[Char]]]) -> bool:
    """Most lines split into three or more runs by wide gaps: columns without ruling lines."""
    if len(lines) < 5:
        return False
    columned = sum(1 for _, _, members in lines if _big_gaps(members) >= 2)
    return columned >= 5 and columned >= 0.6 * len(lines)


_TEXT_STRATEGY = {
    "vertical_strategy": "text",
    "horizontal_strategy": "text",
    "min_words_vertical": 3,
    "min_words_horizontal": 2,
}


Box = tuple[Coordinate, Coordinate, Coordinate, Coordinate]


@dataclass
class _Row:
    cells: list[Box | None]
    bbox: Box


@dataclass
class _Table:
    """A table the finder found, its cells and rows computed once (pdfplumber recomputes a table's
    box and rows on every access). ``found`` is the finder's table, for its text."""

    cells: list[Box]
    rows: list[_Row]
    bbox: Box
    found: Any


def _box_of(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _rows_of(cells: list[Box]) -> list[_Row]:
    """The cells by row (one row per distinct top), each row's cells by column start (None where
    no cell of the row starts at a column's start) — pdfplumber's ``Table.rows``."""
    starts = sorted({box[0] for box in cells})
    by_top: dict[Coordinate, list[Box]] = {}
    for box in sorted(cells, key=lambda b: (b[1], b[0])):
        by_top.setdefault(box[1], []).append(box)
    rows = []
    for line in by_top.values():
        by_start = {box[0]: box for box in line}
        rows.append(_Row([by_start.get(x) for x in starts], _box_of(line)))
    return rows


def _frames(cells: list[Box]) -> set[Box]:
    """The cells that hold two other cells or more: cells of a drawn grid never overlap, so a box
    around two or more of them is a border (a frame around the page, or the title and the table),
    not a cell."""
    ordered = sorted(cells)
    starts = [box[0] for box in ordered]
    frames = set()
    for outer in cells:
        low = bisect.bisect_left(starts, outer[0] - 0.5)
        high = bisect.bisect_right(starts, outer[2] + 0.5)
        inside = 0
        for inner in ordered[low:high]:
            if (
                inner != outer
                and outer[1] <= inner[1] + 0.5
                and outer[2] >= inner[2] - 0.5
                and outer[3] >= inner[3] - 0.5
            ):
                inside += 1
                if inside >= 2:
                    frames.add(outer)
                    break
    return frames


def _table(found: Any) -> _Table:
    """The finder's table without its frames (the rectangle is not a cell, and the title and
    captions inside it are not the table's)."""
    cells: list[Box] = [tuple(cell) for cell in found.cells]
    frames = _frames(cells)
    kept = [box for box in cells if box not in frames] if frames else cells
    if not kept:
        kept = cells
    return _Table(kept, _rows_of(kept), _box_of(kept), found)


def _real(tables: list[_Table]) -> list[_Table]:
    """Tables of at least two rows and two columns (a box around a paragraph is not a table), or
    one row of three cells or more with two figures (the last row of a table, alone on its page;
    a header row alone stays text, and the grid on the next page is the table). An indicator's
    value is a figure too: a performance table's last indicator "满意度指标 | 服务对象满意度指标 |
    民警满意度（%） | ≥95 | 10" alone on its page (xian/21 p.82)."""
    return [
        t
        for t in tables
        if (len(t.rows) >= 2 and max((len(r.cells) for r in t.rows), default=0) >= 2)
        or (
            len(t.rows) == 1
            and sum(1 for cell in t.rows[0].cells if cell is not None) >= 3
            and sum(1 for text in t.found.extract()[0] if text and _FIGURE.fullmatch(text.strip())) >= 2
        )
    ]


_FIGURE = re.compile(r"(?:[≥≤＞＜><=＝]=?\s*)?-?[\d,]+(?:\.\d+)?%?")


def _inside(ch: Char, box: tuple[Coordinate, Coordinate, Coordinate, Coordinate]) -> bool:
    x = (ch["x0"] + ch["x1"]) / 2
    y = (ch["top"] + ch["bottom"]) / 2
    x0, top, x1, bottom = box
    return bool(x0 <= x <= x1 and top <= y <= bottom)


def _one_cell_frame(rows: list[list[TextCell]]) -> bool:
    """A frame around a whole table with no inner rules: one text, long, holding many figures (a
    title in a box is a short text, and stays a grid)."""
    texts = {cell.text for row in rows for cell in row if cell.text}
    if len(texts) != 1:
        return False
    text = next(iter(texts))
    return len(text) > 60 and len(re.findall(r"\d[\d,]*\.\d+", text)) >= 3


@dataclass
class Margins:
    """What a page prints besides its blocks' text: the page number, and the lines in the header and
    footer bands (a running title there is no content of the page)."""

    printed: int | None = None
    margin: list[str] = field(default_factory=list)  # lines in the bands, other than the page number
    body: int = 0  # lines outside the bands
    grids: bool = False


# the bands where headers and footers are printed, as parts of the page's height
_HEADER_BAND = 0.1
_FOOTER_BAND = 0.88


def page_blocks(page: PageView, file: str, number: int) -> tuple[list[Block], Margins]:
    """The page's grids and paragraphs, top to bottom, and what its header and footer print."""
    chars: list[Char] = list(page.chars)
    margins = Margins()

    def grids(settings: dict[str, Any] | None = None) -> list[tuple[int, Any, list[list[TextCell]]]]:
        tables = _real([_table(t) for t in (page.find_tables(settings) if settings else page.find_tables())])
        return [
            (i, t, _grid(t, [ch for ch in chars if _inside(ch, t.bbox)], file, number, i))
            for i, t in enumerate(tables, start=1)
        ]

    # a frame drawn around the whole table with no inner rules is one cell holding everything:
    # not a grid; its text is read as lines (and, if they stand in columns, by the text strategy)
    found = [(i, t, rows) for i, t, rows in grids() if not _one_cell_frame(rows)]
    by_text = False
    if not found and _looks_tabular(_lines(chars)):
        found = grids(_TEXT_STRATEGY)
        by_text = True
    placed: list[tuple[Coordinate, Block]] = []
    rest = chars
    for index, table, rows in found:
        if not any(_inside(ch, table.bbox) for ch in rest):
            continue
        rest = [ch for ch in rest if not _inside(ch, table.bbox)]
        if by_text:  # the text strategy puts an empty row between the text rows: left out
            rows = [row for row in rows if any(cell.text for cell in row)]
            for row_number, row in enumerate(rows, start=1):
                for cell in row:
                    cell.provenance.row = row_number
        provenance = Provenance(file=file, page=number, table=str(index), bbox=points(table.bbox))
        placed.append((table.bbox[1], Block("grid", provenance, rows=rows)))
    margins.grids = bool(placed)
    height = Coordinate(page.height or 0)
    numbers: list[tuple[str, int]] = []
    for index, (top, text, members) in enumerate(_lines(rest), start=1):
        where = Provenance(file=file, page=number, line=index, bbox=points(_chars_box(members)))
        placed.append((top, Block("paragraph", where, text=text)))
        bottom = max(Coordinate(ch["bottom"]) for ch in members)
        if height and (bottom <= _HEADER_BAND * height or top >= _FOOTER_BAND * height):
            printed = page_number(text)
            if printed is not None:
                numbers.append((text, printed))
            else:
                margins.margin.append(text)
        else:
            margins.body += 1
    if numbers:  # the lowest number in the bands is the page's; any other is content
        margins.printed = numbers[-1][1]
        margins.margin += [text for text, _ in numbers[:-1]]
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed], margins
