"""The walk over a stream: each table title, and the grids that follow it up to the next."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from yusuan.model.document import Provenance
from yusuan.model.money import AmountUnit
from yusuan.read.numbers import is_amount
from yusuan.read.stream import Block, Stream, TextCell
from yusuan.read.tables.columns import figure_tail, is_data_row, split_header
from yusuan.read.tables.titles import (
    FOREIGN_UNIT,
    LEADER,
    PERFORMANCE_TITLE,
    UNIT,
    Known,
    identify_title,
    looks_like_title,
    match_title,
    normalise_title,
)
from yusuan.text.spacing import squeeze


@dataclass
class Found:
    """A table title and the grids that follow it."""

    title: str
    candidates: tuple[Known, ...]
    provenance: Provenance
    number: str | None = None
    performance: bool = False
    unit: AmountUnit | None = None
    grids: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    figures_below: bool = False  # lines of figures under the title where no grid was drawn
    contents: bool = False  # a line of the contents (dot leaders, page number): no grid is its own
    foreign_unit: str | None = None  # "单位：千元" printed with it: a unit yusuan does not compare in

    def take_unit(self, text: str) -> bool:
        """The unit a line printed with the table names ("单位：万元", or one yusuan does not compare
        in, "单位：千元"), kept; whether the line named one."""
        if unit := UNIT.search(text):
            self.unit = AmountUnit(unit.group(1))
        elif foreign := FOREIGN_UNIT.search(text):
            self.foreign_unit = foreign.group(1)
        return bool(unit or foreign)

    def printed_unit_elsewhere(self) -> str | None:
        """A unit yusuan does not compare in, printed with the table: above it, or in the title and
        caption rows of its grid ("…预算表部门：… 单位：千元")."""
        if self.foreign_unit:
            return self.foreign_unit
        for grid in self.grids[:1]:
            for row in grid.rows[:3]:
                for cell in row:
                    if match := FOREIGN_UNIT.search(cell.text):
                        return match.group(1)
        return None


def _number_from(previous: str | None, title: str) -> str | None:
    for text in (title, previous or ""):
        match = (
            re.match(r"^\s*公开\s*([0-9]+)\s*表", text)
            or re.match(r"^\s*表\s*([0-9一二三四五六七八九十]+)", text)
        ) or re.match(r"^\s*([一二三四五六七八九十]+|\d+)\s*[、.．]", text)
        if match:
            return match.group(1)
    return None


_CAPTION = re.compile(r"^(.*?表)\s+((编制单位|编制部门|部门)\s*[:：].*)$")
_GOES_ON = re.compile(r"[及和与、]$")
_QUALIFIER = re.compile(r"[（(][^（）()]{1,30}[)）]")
_NUMBER_LABEL = re.compile(r"^\s*表\s*([0-9一二三四五六七八九十]+)\s*$")
# a table's number on a line of its own under the title: "公开08表", "附表3", "表 8"
_LABEL_UNDER = re.compile(
    r"^\s*(?:公开|附)?\s*(?:表\s*(?P<a>[0-9一二三四五六七八九十]+)|(?P<b>[0-9]{1,2})\s*表)\s*$"
)


def find_tables(stream: Stream, unit_name: str = "") -> tuple[list[Found], list[tuple[str, Provenance]]]:
    """Walk the stream: each known title opens a table, the grids after it are its rows.

    A grid much wider or narrower than the table's first grid is not its continuation (the seed's
    text lost table 7's title, and its rows must not join table 6). A "表 N" line without a known
    title opens a table whose title is missing, so that what follows it is reported, not misfiled.
    """
    found: list[Found] = []
    unknown: list[tuple[str, Provenance]] = []
    current: Found | None = None
    pending_number: str | None = None
    pending_unknown: tuple[str, Provenance] | None = None
    blocks = stream.blocks
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "grid" and (pieces := _split_on_title_rows(block, unit_name)) is not None:
            blocks = [*blocks[:index], *pieces, *blocks[index + 1 :]]
            block = blocks[index]
        if block.kind == "grid":
            title_row = _title_in_grid(block, unit_name)
            # a grid that opens with a title of its own starts a table, though no layout knows the
            # title (政府采购预算表 under 机关运行经费 over a page break)
            lost = (
                _unknown_title_in_grid(block)
                if title_row is None and current is not None and current.grids
                else None
            )
            if title_row is not None:
                text, candidates = title_row
                current = Found(text, candidates, block.provenance, _number_from(None, text))
                current.performance = not candidates
                found.append(current)
            elif (
                current is None
                or current.contents
                or (current.grids and not _continues(current.grids[0], block))
                or lost is not None
            ):
                if lost is not None:
                    pending_unknown = (lost, block.provenance)
                if pending_unknown is not None:
                    unknown.append(pending_unknown)
                current = Found(
                    pending_unknown[0] if pending_unknown else "（无标题的表格）", (), block.provenance
                )
                found.append(current)
            pending_unknown = None
            current.grids.append(block)
            index += 1
            continue
        text = block.text
        caption = _CAPTION.match(text)
        if caption:  # a caption that carries the 编制单位 and unit lines as well (HTML, some DOCX)
            text = caption.group(1)
        candidates = identify_title(text, unit_name)
        consumed = 1
        if not candidates and index + 1 < len(blocks) and blocks[index + 1].kind != "grid":
            joined = text + blocks[index + 1].text  # a title wrapped over two lines
            if (candidates := match_title(joined, unit_name)) or (
                # a line ending in 及 or 、 goes on ("…“三公”经费及" / "会议费、培训费支出预算表（不含上年
                # 结转）", xian/05 表13): the two lines are the title the genre's words tell
                _GOES_ON.search(squeeze(text)) and (candidates := identify_title(joined, unit_name))
            ):
                label = _NUMBER_LABEL.match(text)
                if label:  # "表 1" above the title: the number, not part of the title
                    pending_number = label.group(1)
                    text = blocks[index + 1].text
                else:
                    text = joined
                consumed = 2
        number_label = _NUMBER_LABEL.match(text)
        if candidates:
            number = pending_number or _number_from(None, text)
            current = Found(text, candidates, block.provenance, number)
            current.contents = bool(LEADER.search(squeeze(text)))
            if caption:
                current.take_unit(caption.group(2))
            found.append(current)
            pending_number = pending_unknown = None
        elif (
            (under := _LABEL_UNDER.match(text))
            and current is not None
            and current.candidates
            and not current.grids
            and not current.contents
        ):
            current.number = current.number or under.group("a") or under.group("b")
        elif (
            current is not None
            and current.candidates
            and not current.grids
            and not current.contents
            and _QUALIFIER.fullmatch(squeeze(text))
            and (qualified := identify_title(current.title.strip() + text.strip(), unit_name))
        ):
            # the title's qualifier on a line of its own ("…基本支出明细表" / "（按支出功能分类科目-不含
            # 上年结转）", xian/05 表7 and 表8): part of the title, which it may tell apart from the next
            current.title = current.title.strip() + text.strip()
            current.candidates = qualified
        elif number_label:
            # "表 8" on its own line: the title follows, or was lost.
            pending_number = number_label.group(1)
            current = Found(text.strip(), (), block.provenance, pending_number)
            found.append(current)
        elif current is not None and current.take_unit(text):
            pass
        elif current is not None and is_note(text):
            current.notes.append(text.strip())
        elif (
            PERFORMANCE_TITLE.search(squeeze(text))
            and len(squeeze(text)) <= 40
            and not re.search(r"[。；;]$|详见|见附", squeeze(text))  # "…（详见公开报表中的绩效目标表）。"
        ):
            current = Found(text.strip(), (), block.provenance, performance=True)
            found.append(current)
            pending_number = pending_unknown = None
        elif current is not None and current.performance and not current.grids:
            current.notes.append(text.strip())  # （2024年） and the like, between title and grid
        elif looks_like_title(text) or block.kind == "heading":
            pending_unknown = (text.strip(), block.provenance) if looks_like_title(text) else None
            current = None
            pending_number = None
        elif current is not None and current.grids and len(squeeze(text)) > 60:
            current = None  # running text: the table is over
        elif (
            current is not None
            and not current.grids
            and sum(1 for word in text.split() if is_amount(word)) >= 2
        ):
            current.figures_below = True  # the table printed as lines of text, not a grid
        elif (
            current is not None
            and not current.grids
            and not current.performance
            and ("。" in text or len(squeeze(text)) > 60)
        ):
            current = None  # running text: the title was a heading or a line of the contents
        index += consumed
    # A known title right after "表 N": the number belongs to it, the bare label goes. A performance
    # title followed by another (a caption of its indicator grid) is one table.
    merged: list[Found] = []
    for item in found:
        if item.performance and merged and merged[-1].performance and not merged[-1].grids:
            item.title, item.notes = merged[-1].title, merged[-1].notes + item.notes
            item.provenance = merged[-1].provenance
            merged.pop()
        if (
            item.candidates
            and merged
            and not merged[-1].candidates
            and not merged[-1].grids
            and not merged[-1].notes
        ):
            item.number = item.number or merged[-1].number
            merged.pop()
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and item.candidates
            and previous.grids
            and item.grids
            and not item.performance
            and normalise_title(item.title, unit_name) == normalise_title(previous.title, unit_name)
            and item.grids[0].page is not None
            and previous.grids[-1].page is not None
            and item.grids[0].page == previous.grids[-1].page + 1
        ):
            # the title printed again at the top of the next page: the same table goes on
            previous.grids += item.grids
            previous.notes += item.notes
            continue
        merged.append(item)
    return merged, unknown


def _continues(first: Block, grid: Block) -> bool:
    """Whether a grid goes on with a table: about as many columns (±2, as page breaks lose some),
    counting the columns that hold something in the rows with figures (a grid drawn with empty
    padding columns on one page and without them on the next is the same table)."""

    def span(block: Block) -> int:
        return max((len(row) for row in block.rows), default=0)

    def used(block: Block) -> int:
        # distinct texts of a data row: a cell merged across columns counts once
        rows = [row for row in block.rows if is_data_row(row)]
        return max((len({c.text.strip() for c in row if c.text.strip()}) for row in rows), default=0)

    def figures(block: Block) -> int:
        # the columns right of the last label of a data row: the table's figure columns
        rows = [row for row in block.rows if is_data_row(row)]
        return max((figure_tail(row) for row in rows), default=0)

    if abs(span(first) - span(grid)) <= 2:
        return True
    # over a page break only: the next page's grid, drawn without the padding columns, or its
    # last row alone with its label merged over the code columns (合计 | 156,211,123 | …)
    page_break = first.page is not None and grid.page is not None and grid.page > first.page
    if not page_break:
        return False
    if used(first) > 0 and abs(used(first) - used(grid)) <= 1:
        return True
    return figures(first) >= 2 and figures(first) == figures(grid)


def _title_text(row: list[TextCell], unit: str = "") -> str | None:
    """The text of a row that holds only a title (merged across the row, or in one cell)."""
    texts = {cell.text.strip() for cell in row if cell.text.strip()}
    if len(texts) != 1:
        return None
    text = texts.pop()
    return text if match_title(text, unit) or PERFORMANCE_TITLE.search(squeeze(text)) else None


def _split_on_title_rows(block: Block, unit: str = "") -> list[Block] | None:
    """A sheet with several tables stacked: one grid per title row, the title as a paragraph."""
    starts = [i for i, row in enumerate(block.rows) if i > 0 and _title_text(row, unit)]
    if not starts:
        return None
    pieces: list[Block] = []
    bounds = [0, *starts, len(block.rows)]
    for begin, end in itertools.pairwise(bounds):
        rows = block.rows[begin:end]
        title = _title_text(rows[0], unit) if rows else None
        if title is not None:
            pieces.append(Block("paragraph", rows[0][0].provenance, text=title))
            rows = rows[1:]
        if rows:
            pieces.append(Block("grid", rows[0][0].provenance, rows=rows))
    return pieces


def is_note(text: str) -> bool:
    """The note under a table: 注：…, 备注：…, or the empty-table sentence on its own."""
    compact = squeeze(text)
    return compact.startswith(("注", "备注")) or "本表为空表" in compact or "故本表为空" in compact


_CAPTION_TAIL = re.compile(r"(编制单位|编制部门|部门|单位)\s*[:：].*$")


def _unknown_title_in_grid(block: Block) -> str | None:
    """A title no layout knows, merged across one of the grid's first rows (with the caption's
    编制单位 and unit glued on): "2018年政府采购预算表部门：中共江苏省委办公厅 单位：万元"."""
    for row in block.rows[:2]:
        texts = {cell.text.strip() for cell in row if cell.text.strip()}
        if len(texts) == 1 and looks_like_title(title := _CAPTION_TAIL.sub("", texts.pop()).strip()):
            return title
    return None


def _title_in_grid(block: Block, unit: str = "") -> tuple[str, tuple[Known, ...]] | None:
    """Spreadsheets put the title in the first rows of the sheet."""
    for row in block.rows[:3]:
        texts = [cell.text for cell in row if cell.text.strip()]
        if texts and (candidates := identify_title(texts[0], unit)):
            return texts[0], candidates
        if (
            texts
            and (bare := _CAPTION_TAIL.sub("", texts[0]).strip()) != texts[0].strip()
            and (candidates := identify_title(bare, unit))
        ):
            return bare, candidates  # the caption's 部门 and unit glued to the title
        if texts and PERFORMANCE_TITLE.search(squeeze(texts[0])) and len(set(texts)) == 1:
            return texts[0], ()
    return None


def join_grids(grids: list[Block]) -> tuple[list[list[TextCell]], list[list[TextCell]]]:
    """Header and data rows of a table printed over several grids (pages)."""
    header, data = split_header(grids[0].rows) if grids else ([], [])
    signature = [tuple(squeeze(c.text) for c in row) for row in header]
    for grid in grids[1:]:
        rows = grid.rows
        # A continuation repeats the header (PDF, DOCX) or does not (text conversions).
        while rows and tuple(squeeze(c.text) for c in rows[0]) in signature:
            rows = rows[1:]
        more_header, more_data = split_header(rows)
        if not header:
            header = more_header
        data += more_data if header else rows
    # A header printed again inside the grid (a page break in a text conversion) is not data.
    return header, [row for row in data if tuple(squeeze(c.text) for c in row) not in signature]
