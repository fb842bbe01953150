"""Grids printed inside the explanatory text that compare the budget with the year before
(xian/12 p.10, under 一般公共预算当年拨款规模变化情况):

    年度 | 总收入支出 | 专项业务费 | 基本支出
    2021 | 1493.51    | 1290.47    | 203.04
    2022 | 1899.9     | 1535.82    | 183.93
    变化 | +406.39    | +425.5     | -19.11

Such a grid is text, not one of the standard tables: what it states is checked as the text is
(text.E001 against the tables, text.E005 for its changes). It is read only where it is plainly
one: a row for the budget year and one for the year before (or such columns), each other row or
column named by a total the genre knows (合计, 基本支出, 项目支出 and their printed names) or a
change (变化, 增减); and only in 万元 where it says so, or where the text around it states one of
its budget-year figures in 万元. Anything else is left as it is.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from yusuan.lexicon import GRID_CHANGE, GRID_YEAR
from yusuan.model.document import Cell, Column, Row, Section, Table
from yusuan.model.money import AmountUnit
from yusuan.read.numbers import parse_figure
from yusuan.read.sections import all_sections
from yusuan.read.stream import Block, TextCell
from yusuan.read.tables.columns import label_rank
from yusuan.read.tables.titles import UNIT
from yusuan.text.spacing import squeeze

KEY = "text_comparison"
TITLE = "正文中的年度对比表"
# the totals a comparison grid may name, by the profile's column titles (their printed names —
# 总收入支出, 专项业务费 — are the column matcher's synonyms)
MEASURES = (
    ("total", "合计"),
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("personnel", "人员经费"),
    ("public", "公用经费"),
)
_CORNER = re.compile(r"^(?:年度|年份|项目|年度项目|项目年度|)$")


def read_text_grids(blocks: list[Block], year: int, sections: list[Section]) -> list[Table]:
    """The year comparison grids among the blocks of the explanatory text, each a table of key
    ``text_comparison`` whose rows are the year before, the budget year and the change."""
    out = []
    for index, block in enumerate(blocks):
        if block.kind != "grid" or not year:
            continue
        table = _comparison(block.rows, year)
        if table is None:
            continue
        unit = _unit_near(blocks, index)
        if unit is None and _states_in_wan(table, _section_before(blocks, index, sections), year):
            unit = AmountUnit.WAN
        if unit is not None:
            out.append(table.model_copy(update={"unit": unit}))
    return out


def _text(cell: TextCell) -> str:
    return squeeze(unicodedata.normalize("NFKC", cell.text))


def _value(cell: TextCell) -> Decimal | None:
    text = _text(cell)
    return parse_figure(text[1:] if text.startswith("+") else text)


def _comparison(rows: list[list[TextCell]], year: int) -> Table | None:
    if len(rows) < 3 or len({len(r) for r in rows}) != 1 or len(rows[0]) < 3:
        return None
    header = [_text(c) for c in rows[0]]
    side = [_text(r[0]) for r in rows]
    if _CORNER.match(header[0]) and _years(side[1:], year):
        return _table(rows)
    if _CORNER.match(side[0]) and _years(header[1:], year):
        return _table([list(column) for column in zip(*rows, strict=True)])  # years across
    return None


def _years(labels: list[str], year: int) -> bool:
    """The labels are years and changes, the budget year and the year before among them."""
    years = [int(m.group(1)) for label in labels if (m := GRID_YEAR.match(label))]
    changes = [label for label in labels if GRID_CHANGE.match(label)]
    return len(years) + len(changes) == len(labels) and {year - 1, year} <= set(years) and len(years) == 2


def _table(rows: list[list[TextCell]]) -> Table | None:
    """Rows of years (and a change), columns of totals: the grid as a table, or None where a column
    names no total the genre knows, or two as well as each other (人员经费合计), or a cell holds
    no figure."""
    labels = [_text(c) for c in rows[0][1:]]
    keys = []
    for label in labels:
        ranks = sorted(
            (rank, key) for key, title in MEASURES if (rank := label_rank(title, label)) is not None
        )
        if not ranks or (len(ranks) > 1 and ranks[0][0] == ranks[1][0]) or ranks[0][1] in keys:
            return None
        keys.append(ranks[0][1])
    body = []
    for printed in rows[1:]:
        values = [_value(c) for c in printed[1:]]
        if any(v is None and _text(c) for v, c in zip(values, printed[1:], strict=True)):
            return None  # words where a figure should be: not a comparison of amounts
        body.append(
            Row(
                kind="item",
                cells=[
                    Cell(text=printed[0].text.strip(), provenance=printed[0].provenance),
                    *(
                        Cell(text=c.text.strip(), value=v, provenance=c.provenance)
                        for c, v in zip(printed[1:], values, strict=True)
                    ),
                ],
            )
        )
    columns = [
        Column(key="label", title=_text(rows[0][0]) or "年度", kind="text"),
        *(Column(key=k, title=label, kind="figure") for k, label in zip(keys, labels, strict=True)),
    ]
    return Table(key=KEY, title=TITLE, columns=columns, rows=body, identified_by="header")


def _unit_near(blocks: list[Block], index: int) -> AmountUnit | None:
    """The unit printed in the two lines above the grid ("单位：万元")."""
    texts = [b.text for b in blocks[max(0, index - 2) : index] if b.kind != "grid"]
    for text in reversed(texts):
        if match := UNIT.search(text):
            return AmountUnit(match.group(1))  # as a table's unit line is read (grids.Found.take_unit)
    return None


def _section_before(blocks: list[Block], index: int, sections: list[Section]) -> Section | None:
    """The section whose paragraphs the grid follows (by where its last line before it was printed)."""
    before = next((b for b in reversed(blocks[:index]) if b.kind != "grid" and b.text.strip()), None)
    if before is None:
        return None
    for section in all_sections(sections):
        if any(place == before.provenance for lines in section.lines for _, place in lines):
            return section
    return None


def _states_in_wan(table: Table, section: Section | None, year: int) -> bool:
    """The text around the grid states one of the grid's budget-year figures in 万元."""
    if section is None:
        return False
    stated = {c.value for c in section.claims if c.unit == "万元" and c.kind == "amount"}
    return any(
        cell.value in stated
        for row in table.rows
        if (m := GRID_YEAR.match(squeeze(unicodedata.normalize("NFKC", row.cells[0].text))))
        and int(m.group(1)) == year
        for cell in row.cells[1:]
        if cell.value
    )
