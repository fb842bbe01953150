"""PDF output: the document laid out by typst, with embedded CJK fonts.

The layout lives in ``templates/pdf/document.typ``; this module only prepares the document as
JSON for it (column widths, which tables turn landscape, the row spans of performance tables)
and compiles. typst was chosen over HTML-to-PDF engines for speed (a whole disclosure in a
fraction of a second), repeated table headers and exact font control (see docs/architecture.md).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from yusuan.layout.contents import contents_of
from yusuan.model.document import INDICATOR_COLUMNS, Document, PerformanceTable, Section, Table, chinese_date
from yusuan.render.charts import chart_svg
from yusuan.render.typeset import (
    FACES,
    LONGEST_UNBROKEN,
    NO_PRIOR,
    SIZES,
    WEIGHT_TOTAL_LABEL,
    chart_label,
    heading_segments,
    heading_style,
    title_lines,
    title_size,
    weight_text,
    weight_total,
)
from yusuan.render.typst_fonts import compile_typst
from yusuan.text.numerals import chinese_number
from yusuan.text.width import display_width

# The text width of the page (A4 less the template's margins), in points.
TEXT_WIDTH_PT = (21.0 - 2.6 - 2.4) / 2.54 * 72  # float-ok: a length, not money


def _widths(table: Table, figures: set[int]) -> list[int]:
    """Relative column widths from the longest text of each column (names wrap beyond 24 cells).

    A figure column is never narrower than its widest figure, so amounts never wrap.
    """
    widths = []
    for index, column in enumerate(table.columns):
        texts = [row.cells[index].text for row in table.rows]
        widest = max((display_width(text) for text in texts), default=0)
        if index in figures:
            widths.append(max(widest + 2, 8, min(display_width(column.title), 10)))
        else:
            widths.append(max(4, min(max(widest, display_width(column.title)), 24)))
    return widths


def _table(table: Table, anchors: dict[str, str]) -> dict[str, Any]:
    figure_columns = {
        index
        for index in range(len(table.columns))
        if any(row.cells[index].value is not None for row in table.rows)
    }
    landscape = table.landscape
    return {
        "anchor": anchors.get(f"table:{table.key}"),
        "number_label": table.number_label,
        "title": table.title,
        "title_align": table.title_align,
        "issuer_label": table.issuer_label,
        "issuer": table.issuer,
        "unit": table.unit.value if table.unit else "",
        "header": [[{"text": c.text, "cols": c.cols, "rows": c.rows} for c in row] for row in table.header],
        "columns": [
            {"figure": index in figure_columns, "code": column.is_code}
            for index, column in enumerate(table.columns)
        ],
        "widths": _widths(table, figure_columns),
        "rows": [
            {
                # a merged cell spans down (rows); the cells it covers are left out
                "cells": [{"text": c.text, "rows": c.rows} for c in row.cells if c.rows > 0],
                "strong": row.kind in ("total", "subtotal"),
            }
            for row in table.rows
        ],
        "note": table.note,
        "landscape": landscape,
        # Few columns on a landscape page read best at 五号-ish; very wide tables need 8pt.
        "font_size": 8 if len(table.columns) > 9 else 10 if landscape else 9,
        "inset": 5 if landscape and len(table.columns) <= 9 else 3,
    }


def _performance(table: PerformanceTable, year: int, anchors: dict[str, str]) -> dict[str, Any]:
    rows = table.indicators
    return {
        "anchor": anchors.get(f"performance:{table.key}"),
        "title": table.title,
        "toc_title": f"{table.title}（{table.project}）" if table.project else table.title,
        "year_label": f"（{year}年）",
        "fields": [{"label": label, "value": cell.text} for label, cell in table.fields.items()],
        "goal_label": "项目总体目标" if table.project else "年度绩效目标",
        "goal": table.goal,
        "rows": [
            {
                "level1": row.level1,
                "level1_span": span1,
                "level2": row.level2,
                "level2_span": span2,
                "name": row.name,
                "target": row.target,
                "basis": row.basis or "",
                "prior": row.prior or NO_PRIOR,
                "weight": weight_text(row.weight),
                "scoring": row.scoring or "",
                "evidence": row.evidence or "",
            }
            for row, (span1, span2) in zip(rows, table.spans(), strict=True)
        ],
        "weight_total_label": WEIGHT_TOTAL_LABEL,
        "weight_total": weight_total(table),
    }


def _style(heading: str, depth: int) -> dict[str, Any]:
    style = heading_style(heading, depth)
    return {"face": style.face, "size": style.size, "bold": style.bold, "centred": style.centred}


def _section(section: Section, unit_name: str, anchors: dict[str, str], depth: int = 2) -> dict[str, Any]:
    return {
        "key": section.key,
        "anchor": anchors.get(f"section:{section.key}"),
        "heading": heading_segments(section.heading, unit_name),
        "style": _style(section.heading, depth),
        "paragraphs": section.paragraphs,
        "subsections": [_section(sub, unit_name, anchors, depth + 1) for sub in section.subsections],
    }


def pdf_data(document: Document) -> dict[str, Any]:
    """The document as the typst template reads it."""
    lines = title_lines(document.title, document.unit_name)
    contents = contents_of(document)
    # each thing the contents list gets a typst label (its key may hold any character)
    anchors = {entry.key: f"contents-{index}" for index, entry in enumerate(contents) if entry.key}
    return {
        "indicator_columns": [title for _, title in INDICATOR_COLUMNS],
        "faces": {face: list(names) for face, names in FACES.items()},
        "sizes": SIZES,
        "longest_unbroken": LONGEST_UNBROKEN,
        "unit_name": document.unit_name,
        "title": document.title,
        "title_lines": lines,
        "title_size": title_size(lines, TEXT_WIDTH_PT),
        "issuer_name": document.issuer,
        # the PDF's author: the issuer, or the unit where the source names no issuer (as in DOCX)
        "author": document.issuer or document.unit_name,
        "date_label": chinese_date(document.date),
        "contents": [
            {
                "title": heading_segments(entry.title, document.unit_name),
                "level": entry.level,
                "anchor": anchors[entry.key],
            }
            for entry in contents
            if entry.key
        ],
        "parts": [
            {
                "key": part.key,
                "anchor": anchors.get(f"part:{part.key}"),
                "heading": heading_segments(part.heading, document.unit_name) if part.heading else None,
                "style": _style(part.heading, 1) if part.heading else None,
            }
            for part in document.parts
        ],
        "profile": [_section(s, document.unit_name, anchors) for s in document.profile],
        "sections": [_section(s, document.unit_name, anchors) for s in document.sections],
        "tables": [_table(t, anchors) for t in document.tables],
        "performance": [_performance(p, document.year, anchors) for p in document.performance],
        "charts": [
            {
                "anchor": anchors.get(f"chart:{c.key}"),
                "label": chart_label(i),
                "title": c.title,
                "alt": c.alt,
                "svg": chart_svg(c, titled=False),
            }
            for i, c in enumerate(document.charts, start=1)
        ],
        "glossary": [
            {"number": chinese_number(i), "term": g.term, "definition": g.definition}
            for i, g in enumerate(document.glossary, start=1)
        ],
    }


def template_source() -> str:
    return (resources.files("yusuan.render") / "templates" / "pdf" / "document.typ").read_text(
        encoding="utf-8"
    )


def render_pdf_bytes(document: Document) -> bytes:
    data = json.dumps(pdf_data(document), ensure_ascii=False)
    return compile_typst(template_source(), "pdf", inputs={"doc": data})


def render_pdf(document: Document, path: Path) -> None:
    """Write the document as PDF to ``path``."""
    path.write_bytes(render_pdf_bytes(document))
