"""Plain text and markdown-ish text (conversions of PDFs and web pages) into a block stream.

What conversions of published budgets look like, and what becomes of each:

* ``# 标题`` … ``###### 标题``: a heading, level = the number of ``#`` (``**`` marks dropped);
* lines holding tabs: rows of a grid, one cell per tab-separated field, column positions kept
  (``201\\t3\\t1\\t行政运行\\t939.99\\t939.99\\t`` is seven cells, the last empty). Consecutive such
  lines form one grid; one blank line between two tab lines does not end it (conversions put a
  blank line at page breaks inside tables), two or more blank lines do;
* markdown pipe tables (``| a | b |``): grids too, separator rows (``|---|:---:|``) dropped;
* HTML fragments the converter left (``<b>收 入 总 计</b>``, ``<br>``): tags dropped, text kept;
* lines of only ``----`` / ``***`` / ``====`` (rules, separator rows): dropped;
* every other non-empty line: a paragraph (a leading ``- `` / ``* `` bullet dropped).

Provenance is the file and the 1-based line (and, where the text has form feeds, as pdftotext
writes between pages, the page). Cells keep their text as printed: nothing is interpreted.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from yusuan.model.document import Provenance
from yusuan.read.detect import decode_text
from yusuan.read.formats.pdf import normalise_compat
from yusuan.read.limits import DEFAULT_TIMEOUT, Deadline, begin, check_cells, read_bytes
from yusuan.read.stream import Stream, TextCell

_TAGS = (
    "a|abbr|b|big|blockquote|body|br|caption|center|code|col|colgroup|dd|del|div|dl|dt|em|font|"
    "h[1-6]|head|hr|html|i|img|ins|li|mark|nobr|ol|p|pre|s|small|span|strike|strong|sub|sup|"
    "table|tbody|td|tfoot|th|thead|tr|tt|u|ul"
)
_TAG = re.compile(rf"</?(?:{_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_RULE = re.compile(r"^[ \t]*([-*_=~])(?:[ \t]*\1){2,}[ \t]*$")
_SEPARATOR_CELL = re.compile(r"^:?[-—=]{2,}:?$")
_BULLET = re.compile(r"^[ \t]*(?:[-*+•][ \t]+|>[ \t]?)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")


def clean(text: str) -> str:
    """Text without HTML tags and markdown bold marks, compatibility ideographs mapped, trimmed."""
    if "<" in text:
        text = _TAG.sub("", text)
    if "**" in text:
        text = text.replace("**", "")
    return normalise_compat(text).strip()


def _pipe_cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [cell.replace("\\|", "|") for cell in _PIPE_SPLIT.split(body)]


def _is_pipe_row(line: str) -> bool:
    body = line.strip()
    return body.startswith("|") and body.count("|") >= 2


def _separator(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and all(_SEPARATOR_CELL.match(c.replace(" ", "")) for c in filled)


class _Grid:
    def __init__(self, kind: Literal["tab", "pipe"], provenance: Provenance) -> None:
        self.kind = kind
        self.provenance = provenance
        self.rows: list[list[TextCell]] = []


def read_text_string(text: str, file: str, deadline: Deadline | None = None) -> Stream:
    """The stream of already-decoded text (``file`` goes into the provenance)."""
    deadline = deadline or Deadline(DEFAULT_TIMEOUT, file)
    deadline.check("开头")
    stream = Stream(file=file, format="text")
    paged = "\f" in text
    page = 1
    grid: _Grid | None = None
    blanks = 0
    cells = 0

    def close() -> None:
        nonlocal grid
        if grid is not None:
            stream.add_grid(grid.rows, grid.provenance)
            grid = None

    for index, raw in enumerate(_LINE_BREAK.split(text)):
        number = index + 1
        if number % 512 == 0:
            deadline.check(f"第 {number} 行")
        line_page = page
        if "\f" in raw:
            leading = len(raw) - len(raw.lstrip("\f"))
            line_page = page + leading
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        here = Provenance(file=file, line=number, page=line_page if paged else None)
        if not raw.strip():
            blanks += 1
            if blanks >= 2:
                close()
            continue
        kind: Literal["tab", "pipe"] | None = None
        if "\t" in raw.strip(" \t").strip() or ("\t" in raw and grid is not None and grid.kind == "tab"):
            kind = "tab"
        elif _is_pipe_row(raw):
            kind = "pipe"
        if kind is not None:
            fields = raw.split("\t") if kind == "tab" else _pipe_cells(raw)
            texts = [clean(field) for field in fields]
            if grid is not None and (grid.kind != kind or blanks >= 2):
                close()
            blanks = 0
            if grid is None:
                grid = _Grid(kind, here)
            if not any(texts) or _separator(texts):
                continue
            row_number = len(grid.rows) + 1
            cells += len(texts)
            check_cells(cells, file)
            grid.rows.append(
                [
                    TextCell(
                        text=cell,
                        provenance=here.model_copy(update={"row": row_number, "column": column}),
                    )
                    for column, cell in enumerate(texts, start=1)
                ]
            )
            continue
        close()
        blanks = 0
        if _RULE.match(raw):
            continue
        heading = _HEADING.match(raw)
        if heading:
            stream.add_heading(clean(heading.group(2) or ""), here, level=len(heading.group(1)))
            continue
        stream.add_paragraph(clean(_BULLET.sub("", raw, count=1)), here)
    close()
    if paged:
        stream.pages = page
    return stream


def read_text(path: str | Path, deadline: Deadline | None = None) -> Stream:
    """Read a text file (UTF-8, UTF-8 with BOM, UTF-16 with BOM or GB18030) into a stream."""
    path, name, deadline = begin(path, deadline)
    data = read_bytes(path, name)
    text, encoding = decode_text(data, name)
    stream = read_text_string(text, name, deadline)
    if encoding == "gb18030":
        stream.problems.append(f"文件不是 UTF-8 编码，已按 GB18030（GBK）读取：{name}")
    elif encoding == "utf-8-replace":
        stream.problems.append(
            f"文件有 {text.count(chr(0xFFFD))} 处字节无法解码（文件可能已损坏），已用 � 代替：{name}"
        )
    return stream


__all__ = ["clean", "read_text", "read_text_string"]
