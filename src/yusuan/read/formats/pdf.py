"""PDF (with a text layer) into a block stream: ruled tables as grids, other text lines as paragraphs.

Library: pdfplumber (MIT). On the project's measurements (the shared STACK.md dependency notes: a 70-row
Chinese table with a two-level merged header from four producers) it got 70/70 rows right on all
four at 100–166 ms a page, as PyMuPDF's table finder did — but PyMuPDF is AGPL, which a network
service cannot use without publishing its source or buying a licence; camelot was as exact but
pulls in OpenCV and pandas (~330 MB); pypdfium2 is fast but gives only characters, leaving table
structure to us (52/70 rows on LibreOffice output). pdfplumber also exposes every cell's box, which
is what expanding merged cells needs.

Per page, top to bottom:

* ``page.dedupe_chars()`` first: producers fake bold by printing each character twice, slightly
  offset, which would otherwise read as "收收入入";
* tables from ``page.find_tables()`` (ruling lines); on a page with no ruled table whose lines
  look like columns of figures, the text strategy is tried as well. Tables of one row or one
  column (boxes around a paragraph, chart frames) are not tables;
* merged cells expanded from the cells' boxes: a cell's text is repeated in every row and column
  it covers, the first position keeping ``cols``/``rows``; lines wrapped inside a cell are joined
  (without a space between Chinese characters);
* text lines outside the tables become paragraphs (no heading guesses from font sizes).

Text is kept as printed, except that the Kangxi radicals (U+2F00–2FDF), the CJK radicals
supplement and the CJK compatibility ideographs, which some producers (Chromium's Type 3 fonts,
some WPS exports) write instead of the unified ideographs, are mapped to them (⼀ → 一). Only those
characters are normalised: NFKC on the whole text would also fold full-width punctuation.

Refused, with a ReadError: PDFs that need a password to open ("PDF 已加密"), and PDFs without a
text layer on any page (scans). PDFs with only an owner password (printing/copying restrictions)
open without one and are read, with a note in ``problems``.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
import statistics
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from yusuan.model.document import PageFacts, Provenance
from yusuan.read.limits import DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT, Deadline, ReadError
from yusuan.read.sections import page_number
from yusuan.read.stream import Block, Stream, TextCell

# coordinate: positions and sizes on the page in points, as pdfplumber gives them; not money
Coordinate = float  # float-ok


_COMPAT_RANGES = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


@cache
def _compat_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for start, end in _COMPAT_RANGES:
        for code in range(start, end + 1):
            char = chr(code)
            normal = unicodedata.normalize("NFKC", char)
            if normal != char:
                table[code] = normal
    return table


_COMPAT_CHARS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


def normalize_compat(text: str) -> str:
    """Map Kangxi radicals and CJK compatibility ideographs to the unified ideographs; nothing else."""
    if _COMPAT_CHARS.search(text) is None:
        return text
    return text.translate(_compat_table())


def _wide(text: str) -> bool:
    """A full-width character (Chinese, full-width punctuation)."""
    return bool(text) and unicodedata.east_asian_width(text[0]) in ("W", "F")


def _ascii_word(char: str) -> bool:
    return char.isascii() and char.isalpha()


def join_wrapped(text: str) -> str:
    """Lines wrapped inside a cell, joined: no space between Chinese characters or within figures,
    one space between two Latin words."""
    parts = [part.strip() for part in text.split("\n")]
    parts = [part for part in parts if part]
    if not parts:
        return ""
    joined = parts[0]
    for part in parts[1:]:
        if _ascii_word(joined[-1]) and _ascii_word(part[0]):
            joined += " " + part
        else:
            joined += part
    return joined


def _lines(chars: list[dict[str, Any]]) -> list[tuple[Coordinate, str, list[dict[str, Any]]]]:
    """Characters grouped into printed lines: (top, text, characters), top to bottom.

    A character joins a line when its vertical middle lies within the line's band, so that
    quotation marks and superscripts set a little higher or lower stay on their line. A space
    goes where the gap between two characters is wider than a quarter of their size."""
    ordered = sorted(chars, key=lambda ch: ((ch["top"] + ch["bottom"]) / 2, ch["x0"]))
    groups: list[tuple[Coordinate, Coordinate, list[dict[str, Any]]]] = []
    for ch in ordered:
        middle = (ch["top"] + ch["bottom"]) / 2
        if groups and groups[-1][0] <= middle <= groups[-1][1]:
            top, bottom, members = groups[-1]
            members.append(ch)
            groups[-1] = (min(top, ch["top"]), max(bottom, ch["bottom"]), members)
        else:
            groups.append((ch["top"], ch["bottom"], [ch]))
    lines = []
    for top, _, members in groups:
        members.sort(key=lambda ch: ch["x0"])
        parts: list[str] = []
        previous: dict[str, Any] | None = None
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
        line = normalize_compat("".join(parts)).strip()
        if line:
            lines.append((top, line, members))
    return lines


def _grid(table: Any, chars: list[dict[str, Any]], file: str, page: int, number: int) -> list[list[TextCell]]:
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
    buckets: dict[tuple[int, int], list[dict[str, Any]]] = {key: [] for key in boxes}
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
                provenance=Provenance(file=file, page=page, table=str(number), row=r + 1, column=c + 1),
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


def _spans(starts: list[Coordinate], low: Coordinate, high: Coordinate) -> int:
    return max(1, sum(1 for value in starts if low - 0.5 <= value < high - 0.5))


def _big_gaps(chars: list[dict[str, Any]]) -> int:
    """How many wide gaps (three character sizes or more) a line's characters leave."""
    if len(chars) < 2:
        return 0
    size = statistics.median(Coordinate(ch.get("size") or 10) for ch in chars)
    return sum(1 for a, b in itertools.pairwise(chars) if b["x0"] - a["x1"] >= 3 * size)


def _looks_tabular(lines: list[tuple[Coordinate, str, list[dict[str, Any]]]]) -> bool:
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
class _Framed:
    """A table found inside a rectangle drawn around the page (or the title and the table): the
    rectangle is not a cell, and the title and captions inside it are not the table's."""

    cells: list[Box]
    rows: list[_Row]
    bbox: Box


def _contains(outer: Box, inner: Box) -> bool:
    return (
        outer != inner
        and outer[0] <= inner[0] + 0.5
        and outer[1] <= inner[1] + 0.5
        and outer[2] >= inner[2] - 0.5
        and outer[3] >= inner[3] - 0.5
    )


def _without_frame(table: Any) -> Any:
    """The table without the cells that hold other cells (a frame): cells of a drawn grid never
    overlap, so a box around two or more of them is a border, not a cell."""
    cells: list[Box] = [tuple(cell) for cell in table.cells]
    frames = {box for box in cells if sum(1 for other in cells if _contains(box, other)) >= 2}
    if not frames:
        return table
    kept = [box for box in cells if box not in frames]
    if not kept:
        return table
    starts = sorted({box[0] for box in kept})
    rows = []
    for top in sorted({box[1] for box in kept}):
        line = [box for box in kept if box[1] == top]
        by_start = {box[0]: box for box in line}
        bbox = (min(b[0] for b in line), top, max(b[2] for b in line), max(b[3] for b in line))
        rows.append(_Row([by_start.get(x) for x in starts], bbox))
    bbox = (
        min(b[0] for b in kept),
        min(b[1] for b in kept),
        max(b[2] for b in kept),
        max(b[3] for b in kept),
    )
    return _Framed(kept, rows, bbox)


def _real(tables: list[Any]) -> list[Any]:
    """Tables of at least two rows and two columns (a box around a paragraph is not a table), or
    one row of three cells or more with two figures (the last row of a table, alone on its page;
    a header row alone stays text, and the grid on the next page is the table)."""
    return [
        t
        for t in tables
        if (len(t.rows) >= 2 and max((len(r.cells) for r in t.rows), default=0) >= 2)
        or (
            len(t.rows) == 1
            and sum(1 for cell in t.rows[0].cells if cell is not None) >= 3
            and sum(1 for text in t.extract()[0] if text and _FIGURE.fullmatch(text.strip())) >= 2
        )
    ]


_FIGURE = re.compile(r"-?[\d,]+(?:\.\d+)?")


def _inside(ch: dict[str, Any], box: tuple[Coordinate, Coordinate, Coordinate, Coordinate]) -> bool:
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
class _Margins:
    """What a page prints besides its blocks' text: the page number, and the lines in the header and
    footer bands (a running title there is no content of the page)."""

    printed: int | None = None
    margin: list[str] = field(default_factory=list)  # lines in the bands, other than the page number
    body: int = 0  # lines outside the bands
    grids: bool = False


# the bands where headers and footers are printed, as parts of the page's height
_HEADER_BAND = 0.1
_FOOTER_BAND = 0.88


def _page_blocks(page: Any, file: str, number: int) -> tuple[list[Block], _Margins]:
    """The page's grids and paragraphs, top to bottom, and what its header and footer print."""
    chars: list[dict[str, Any]] = list(page.chars)
    margins = _Margins()

    def grids(settings: dict[str, Any] | None = None) -> list[tuple[int, Any, list[list[TextCell]]]]:
        tables = _real(
            [_without_frame(t) for t in (page.find_tables(settings) if settings else page.find_tables())]
        )
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
        provenance = Provenance(file=file, page=number, table=str(index))
        placed.append((table.bbox[1], Block("grid", provenance, rows=rows)))
    margins.grids = bool(placed)
    height = Coordinate(page.height or 0)
    numbers: list[tuple[str, int]] = []
    for index, (top, text, members) in enumerate(_lines(rest), start=1):
        placed.append((top, Block("paragraph", Provenance(file=file, page=number, line=index), text=text)))
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


def _white(color: Any) -> bool:
    """Whether a PDF colour is white: gray 1, RGB (1, 1, 1) or CMYK (0, 0, 0, 0)."""
    if isinstance(color, int | float):
        return color == 1
    if isinstance(color, tuple | list):
        if len(color) in (1, 3):
            return all(isinstance(c, int | float) and c == 1 for c in color)
        if len(color) == 4:
            return all(isinstance(c, int | float) and c == 0 for c in color)
    return False


def _drawn(page: Any) -> bool:
    """Whether the page draws anything visible: a line, box or shape stroked or filled in a colour
    other than white (a white box under the whole page is no content)."""
    for item in itertools.chain(page.rects, page.lines, page.curves):
        if item.get("stroke") and not _white(item.get("stroking_color")):
            return True
        if item.get("fill") and not _white(item.get("non_stroking_color")):
            return True
    return False


def _page_facts(stream: Stream, sheets: list[tuple[int, bool, bool, _Margins | None]]) -> None:
    """The stream's page facts: a line printed in the header or footer bands of at least three pages
    and a third of them is a running title, not content."""
    seen: dict[str, int] = {}
    for _, _, _, margins in sheets:
        for text in {_squeeze(t) for t in (margins.margin if margins else [])}:
            seen[text] = seen.get(text, 0) + 1
    running = {text for text, times in seen.items() if times >= 3 and times * 3 >= len(sheets)}
    for number, image, drawing, margins in sheets:
        lines = 0
        if margins is not None:
            lines = margins.body + sum(1 for t in margins.margin if _squeeze(t) not in running)
        stream.page_facts.append(
            PageFacts(
                file=stream.file,
                page=number,
                printed=margins.printed if margins else None,
                text=lines > 0 or (margins is not None and margins.grids),
                lines=lines,
                image=image,
                drawing=drawing,
            )
        )


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


class _Counter(logging.Handler):
    """Counts the warnings pdfminer logs about damaged content (instead of printing them)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@contextmanager
def _library_warnings() -> Iterator[_Counter]:
    counter = _Counter()
    loggers = [logging.getLogger("pdfminer"), logging.getLogger("pdfplumber")]
    saved = [logger.propagate for logger in loggers]
    for logger in loggers:
        logger.addHandler(counter)
        logger.propagate = False
    try:
        yield counter
    finally:
        for logger, propagate in zip(loggers, saved, strict=True):
            logger.removeHandler(counter)
            logger.propagate = propagate


def _encrypted(error: BaseException) -> bool:
    chain: BaseException | None = error
    seen = 0
    while chain is not None and seen < 10:
        kind = type(chain).__name__
        if "Password" in kind or "Encryption" in kind or "Encrypt" in str(chain)[:200]:
            return True
        for arg in getattr(chain, "args", ()):
            if isinstance(arg, BaseException) and _encrypted(arg):
                return True
        chain = chain.__cause__ or chain.__context__
        seen += 1
    return False


def read_pdf(
    path: str | Path, deadline: Deadline | None = None, *, max_pages: int = DEFAULT_MAX_PAGES
) -> Stream:
    """Read a PDF's text layer into a stream (page numbers 1-based)."""
    path = Path(path)
    with _library_warnings() as warnings:
        stream = _read_pdf(path, deadline or Deadline(DEFAULT_TIMEOUT, str(path)), max_pages)
    if warnings.count:
        stream.problems.append(
            f"PDF 有 {warnings.count} 处内容无法解析（文件可能有损坏），已尽量读取：{path}"
        )
    return stream


def _read_pdf(path: Path, deadline: Deadline, max_pages: int) -> Stream:
    import pdfplumber

    name = str(path)
    deadline.check("开头")
    try:
        pdf = pdfplumber.open(path, raise_unicode_errors=False)
    except ReadError:
        raise
    except Exception as error:
        if _encrypted(error):
            raise ReadError(f"PDF 已加密（需要打开密码），无法读取：{name}", name) from None
        raise ReadError(f"PDF 文件已损坏或不完整，无法打开：{name}", name) from None
    stream = Stream(file=name, format="pdf")
    with pdf:
        try:
            pages = pdf.pages
        except Exception:
            raise ReadError(f"PDF 文件已损坏或不完整（页面目录无法读取）：{name}", name) from None
        count = len(pages)
        if count == 0:
            raise ReadError(f"PDF 没有页面（文件可能已损坏或不完整）：{name}", name)
        if count > max_pages:
            raise ReadError(f"PDF 共 {count} 页，超过上限 {max_pages} 页，未读取：{name}", name)
        stream.pages = count
        if getattr(pdf.doc, "encryption", None):
            stream.problems.append(f"PDF 设有权限密码（无需打开密码），已照常读取文字：{name}")
        with_text = 0
        failed = 0
        sheets: list[tuple[int, bool, bool, _Margins | None]] = []
        for number, page in enumerate(pages, start=1):
            deadline.check(f"第 {number} 页")
            try:
                deduped = page.dedupe_chars()
                image, drawing = bool(page.images), _drawn(page)
                if not deduped.chars:
                    sheets.append((number, image, drawing, None))
                    if page.images:
                        stream.problems.append(f"第 {number} 页没有文字层（可能是扫描页），未读取：{name}")
                    continue
                with_text += 1
                blocks, margins = _page_blocks(deduped, name, number)
                stream.blocks.extend(blocks)
                sheets.append((number, image, drawing, margins))
            except ReadError:
                raise
            except Exception as error:
                failed += 1
                stream.problems.append(f"第 {number} 页无法读取（{type(error).__name__}），已跳过：{name}")
            finally:
                page.close()
        if failed == count:
            raise ReadError(f"PDF 文件已损坏或不完整，没有一页能读取：{name}", name)
        if with_text == 0:
            raise ReadError(f"PDF 没有文字层（可能是扫描件），需要先做文字识别：{name}", name)
        _page_facts(stream, sheets)
    return stream


__all__ = ["join_wrapped", "normalize_compat", "read_pdf"]
