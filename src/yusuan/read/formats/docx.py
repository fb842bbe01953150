"""DOCX (python-docx to open, its XML walked directly) into a block stream.

The body is read in order — paragraphs and tables interleaved, content controls (``w:sdt``, where
Word keeps a table of contents) opened up — because a table's title is the paragraph before it.

* Headings: a paragraph whose style (or a style it is based on) is named Heading N / 标题 N, or
  carries an outline level, is a heading of that level; Title / 标题 is a heading without level.
* Text is what Word shows: runs, hyperlinks, inserted text and field results; not deleted text,
  field codes or hidden (``w:vanish``) runs. Line breaks split a paragraph into several
  paragraphs; tabs read as spaces. Text boxes give paragraphs of their own, after their anchor.
* Tables: grids on Word's layout grid, merged cells expanded — a horizontally (``gridSpan``) or
  vertically (``vMerge``) merged cell's text repeated in every position it covers, the first
  keeping ``cols``/``rows``; the paragraphs of a cell joined with line breaks.

Automatic list numbering (numbers Word draws from ``numbering.xml``, not in the text) is not
reproduced. Provenance: file, paragraph index (``line``, 1-based, counting body paragraphs) or
table index (``table``) with row and column (1-based).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yusuan.model.document import Provenance
from yusuan.read.limits import MAX_CELLS, Deadline, OverLimit, ReadError, begin, check_zip
from yusuan.read.stream import Stream, TextCell

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_NAMES = {"title", "标题"}
# the styles of a table of contents' entries (Word: toc 1 …; WPS: 目录 1 …)
_CONTENTS_NAME = re.compile(r"^(?:toc|目录)\s*[1-9]$", re.IGNORECASE)
_SKIP = {W + "del", W + "moveFrom", W + "instrText", W + "delText", W + "rPr", W + "pPr", MC_FALLBACK}


@dataclass
class _Style:
    name: str
    based_on: str | None
    outline: int | None


def _styles(root: Any) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    if root is None:
        return styles
    for style in root.iter(W + "style"):
        style_id = style.get(W + "styleId")
        if not style_id:
            continue
        name_el = style.find(W + "name")
        based = style.find(W + "basedOn")
        outline_el = style.find(f"{W}pPr/{W}outlineLvl")
        styles[style_id] = _Style(
            name=(name_el.get(W + "val") if name_el is not None else "") or "",
            based_on=based.get(W + "val") if based is not None else None,
            outline=_int(outline_el.get(W + "val")) if outline_el is not None else None,
        )
    return styles


def _int(text: str | None, default: int | None = None) -> int | None:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _heading(paragraph: Any, styles: dict[str, _Style]) -> tuple[bool, int | None]:
    """(is a heading, level) of a paragraph, from its outline level or its style chain."""
    ppr = paragraph.find(W + "pPr")
    if ppr is not None:
        outline = ppr.find(W + "outlineLvl")
        if outline is not None:
            level = _int(outline.get(W + "val"))
            if level is not None and 0 <= level < 9:
                return True, level + 1
            return False, None
        style_el = ppr.find(W + "pStyle")
        style_id = style_el.get(W + "val") if style_el is not None else None
    else:
        style_id = None
    seen: set[str] = set()
    while style_id and style_id not in seen and style_id in styles:
        seen.add(style_id)
        style = styles[style_id]
        match = _HEADING_NAME.match(style.name.strip())
        if match:
            return True, int(match.group(1))
        if style.name.strip().lower() in _TITLE_NAMES:
            return True, None
        if style.outline is not None and 0 <= style.outline < 9:
            return True, style.outline + 1
        style_id = style.based_on
    return False, None


def _contents_entry(paragraph: Any, styles: dict[str, _Style]) -> bool:
    """Whether a paragraph is an entry of the table of contents (styled toc N): not the text."""
    style_el = paragraph.find(f"{W}pPr/{W}pStyle")
    style = styles.get(style_el.get(W + "val")) if style_el is not None else None
    return style is not None and _CONTENTS_NAME.match(style.name.strip()) is not None


def _hidden(run: Any) -> bool:
    vanish = run.find(f"{W}rPr/{W}vanish")
    return vanish is not None and vanish.get(W + "val") not in ("0", "false", "off")


def _collect(element: Any, out: list[str], boxes: list[Any]) -> None:
    """The text Word shows inside ``element``; text-box contents go to ``boxes``."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag == W + "tab" or tag == W + "ptab":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            if child.get(W + "type") not in ("page", "column"):
                out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "txbxContent":
            boxes.append(child)
        elif tag == W + "r" and _hidden(child):
            continue
        else:
            _collect(child, out, boxes)


def _paragraph_text(paragraph: Any) -> tuple[str, list[Any]]:
    out: list[str] = []
    boxes: list[Any] = []
    _collect(paragraph, out, boxes)
    return "".join(out), boxes


def _blocks(container: Any) -> list[Any]:
    """Paragraphs and tables of a body or cell, in order, content controls opened."""
    found: list[Any] = []
    for child in container:
        tag = child.tag
        if tag in (W + "p", W + "tbl"):
            found.append(child)
        elif tag in (W + "sdt", W + "customXml", W + "ins", W + "moveTo"):
            content = child.find(W + "sdtContent") if tag == W + "sdt" else child
            if content is not None:
                found.extend(_blocks(content))
    return found


def _cell_text(cell: Any) -> str:
    lines: list[str] = []
    for block in _blocks(cell):
        if block.tag == W + "p":
            text, boxes = _paragraph_text(block)
            lines.append(text.replace("\t", " "))
            for box in boxes:
                lines.append(_cell_text(box))
        else:  # a table inside the cell: its rows, cells separated by spaces
            for row in block.iter(W + "tr"):
                lines.append(" ".join(_cell_text(tc) for tc in row.iter(W + "tc")))
    return "\n".join(line.strip() for line in lines if line.strip())


def _children(element: Any, tag: str) -> list[Any]:
    """The ``tag`` children of a table or row (``w:tr`` or ``w:tc``), also those wrapped in a
    content control (``w:sdt``) or custom XML."""
    found: list[Any] = []
    for child in element:
        if child.tag == W + tag:
            found.append(child)
        elif child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                found.extend(_children(content, tag))
    return found


def _grid(table: Any, file: str, number: int, deadline: Deadline) -> list[list[TextCell]]:
    """The table on Word's layout grid, merged cells expanded."""
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    text: dict[tuple[int, int], str] = {}
    spans: dict[tuple[int, int], list[int]] = {}
    rows = _children(table, "tr")
    width = 0
    for r, row in enumerate(rows):
        if r % 64 == 0:
            deadline.check(f"第 {number} 个表格第 {r + 1} 行")
        before = row.find(f"{W}trPr/{W}gridBefore")
        c = _int(before.get(W + "val"), 0) if before is not None else 0
        c = max(0, c or 0)
        for tc in _children(row, "tc"):
            tcpr = tc.find(W + "tcPr")
            span = 1
            merge: str | None = None
            if tcpr is not None:
                grid_span = tcpr.find(W + "gridSpan")
                if grid_span is not None:
                    span = max(1, min(_int(grid_span.get(W + "val"), 1) or 1, 1000))
                v_merge = tcpr.find(W + "vMerge")
                if v_merge is not None:
                    merge = v_merge.get(W + "val") or "continue"
            above = owner.get((r - 1, c)) if merge == "continue" else None
            if above is not None:
                origin = above
                spans[above][1] = max(spans[above][1], r - above[0] + 1)
            else:
                origin = (r, c)
                text[origin] = _cell_text(tc)
                spans[origin] = [span, 1]
            for j in range(c, c + span):
                owner[(r, j)] = origin
            c += span
        width = max(width, c)
    if len(rows) * width > MAX_CELLS:
        raise OverLimit(f"第 {number} 个表格过大（{len(rows)} 行 × {width} 列），无法读取：{file}", file)
    grid: list[list[TextCell]] = []
    for r in range(len(rows)):
        line = []
        for c in range(width):
            origin_key = owner.get((r, c))
            cell = TextCell(
                text=text[origin_key] if origin_key is not None else "",
                provenance=Provenance(file=file, table=str(number), row=r + 1, column=c + 1),
            )
            if origin_key == (r, c):
                cell.cols, cell.rows = spans[origin_key]
            line.append(cell)
        grid.append(line)
    return grid


def _parts(path: Path, name: str) -> tuple[Any, dict[str, _Style]]:
    """The body and the styles, read from the ZIP without python-docx's content-type checks."""
    from docx.oxml.parser import parse_xml

    try:
        with zipfile.ZipFile(path) as archive:
            root = parse_xml(archive.read("word/document.xml"))
            names = set(archive.namelist())
            styles_root = parse_xml(archive.read("word/styles.xml")) if "word/styles.xml" in names else None
        body = root.find(W + "body")
    except Exception:
        raise ReadError(f"DOCX 文件已损坏或不完整，无法打开：{name}", name) from None
    if body is None:
        raise ReadError(f"DOCX 文件不完整（正文为空或缺失）：{name}", name)
    try:
        styles = _styles(styles_root)
    except Exception:
        styles = {}
    return body, styles


def read_docx(path: str | Path, deadline: Deadline | None = None) -> Stream:
    """Read a DOCX body into a stream: headings, paragraphs and grids in document order."""
    import docx

    path, name, deadline = begin(path, deadline)
    check_zip(path, name, "DOCX", "word/document.xml")
    try:
        document = docx.Document(str(path))
        body = document.element.body
        styles = _styles(document.styles.element)
    except Exception:
        # python-docx refuses some content types (macro-enabled .docm, templates, odd WPS
        # exports): the parts themselves are read directly.
        body, styles = _parts(path, name)
    stream = Stream(file=name, format="docx")
    paragraphs = 0
    tables = 0

    def paragraph(element: Any) -> None:
        nonlocal paragraphs
        paragraphs += 1
        if paragraphs % 256 == 0:
            deadline.check(f"第 {paragraphs} 段")
        if _contents_entry(element, styles):
            # the contents list the headings again, numbered their own way (Shanghai's 一、部门主要职能
            # over the page's 部门主要职能): read as text they would be headings twice
            return
        text, boxes = _paragraph_text(element)
        here = Provenance(file=name, line=paragraphs)
        is_heading, level = _heading(element, styles)
        if is_heading:
            stream.add_heading(re.sub(r"\s*\n\s*", " ", text.replace("\t", " ")), here, level=level)
        else:
            for line in text.split("\n"):
                stream.add_paragraph(line.replace("\t", " "), here)
        for box in boxes:
            for inner in _blocks(box):
                walk(inner)

    def walk(element: Any) -> None:
        nonlocal tables
        if element.tag == W + "p":
            paragraph(element)
        else:
            tables += 1
            grid = _grid(element, name, tables, deadline)
            stream.add_grid(grid, Provenance(file=name, table=str(tables)))

    for element in _blocks(body):
        walk(element)
    return stream


__all__ = ["read_docx"]
