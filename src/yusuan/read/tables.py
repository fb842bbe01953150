"""Recognise the standard tables in a stream by their titles and headers, in any known layout.

A table is found by its title (normalised: year, 部门/单位, numbering, quotes and spaces removed)
against the titles and accepted variants of every layout profile; the grids that follow it up to
the next title are its rows (a table split over pages is joined, repeated headers dropped). Its
columns are matched to the profile's columns by the header labels printed above them, not by
position; only what no label identifies falls back to position. Cells keep their printed text;
a figure's value is what is printed, or nothing.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache

from yusuan.layout import available_layouts
from yusuan.layout.genre import genre_table
from yusuan.layout.profile import ColumnSpec, LayoutProfile, TableSpec
from yusuan.model.codes import join_code_parts
from yusuan.model.document import CODE_KEYS, Cell, Column, HeaderCell, Provenance, Row, RowKind, Table
from yusuan.model.money import AmountUnit
from yusuan.read.headings import NUMBERING
from yusuan.read.numbers import looks_numeric, parse_figure
from yusuan.read.stream import Block, Stream, TextCell
from yusuan.text.spacing import squeeze

_TEXT_KEYS = {
    "code",
    "code.class",
    "code.section",
    "code.item",
    "name",
    "project",
    "label",
    "group",
    "economic",
    "method",
}
_NOT_A_NAME = re.compile(r"绩效目标|备注")
# a column numbering the rows (序号 1, 2, 3 …, Xi'an 2021–2022 function tables): it holds no figure
# and no code, and is not read for any column of a profile
_ROW_NUMBER_LABELS = {"序号"}
# a column printing 人员经费 or 公用经费 is a part of basic expenditure, never a whole: where no
# column of the profile names it (Xi'an 表5: 合计 | 人员经费支出 | 公用经费支出 | 专项业务经费支出),
# it is not taken by position for 基本支出 or 项目支出
_PART_LABELS = ("人员经费", "公用经费")
_QUOTES = str.maketrans("", "", "“”\"‘’'「」")
_YEAR = re.compile(r"^(?:\d{4}\s*年度?|(?:19|20)\d\d(?=部门|单位))")
_SCOPE = re.compile(r"^(预算单位|部门|单位|市级部门|市级单位|市级)+")
_UNIT = re.compile(r"单位\s*[:：]\s*(万元|元)")
_TOTAL = re.compile(r"(合\s*计|总\s*计|小\s*计)")
# a line of the contents: the title, dot leaders, the page number
_LEADER = re.compile(r"[.．。…·-]{3,}\d*$|…+\d*$")
# the caption a title cell may carry after the title: 部门：…  单位：…  单位：万元
_TRAILING_CAPTION = re.compile(
    r"((编制单位|编制部门|部门名称|单位名称|预算单位|部门|单位)\s*[:：].*|(金额)?单位\s*[:：]\s*(万元|元))$"
)


@lru_cache(maxsize=16384)  # pure; asked for every line that may be a title, many times
def normalise_title(text: str, unit: str = "") -> str:
    """收支总体情况表 for "表1 2024年单位收支总体情况表", "一、收支预算总表" -> 收支预算总表,
    "公开01表：收支预算总表", "江苏省高级人民法院部门收支预算总表" (with that unit) -> 收支预算总表,
    "收支预算总表部门：江苏省政协办公厅 单位：万元" -> 收支预算总表 …"""
    title = NUMBERING.sub("", text.strip())
    title = squeeze(title).translate(_QUOTES)
    title = _LEADER.sub("", title)
    title = _TRAILING_CAPTION.sub("", title)
    title = NUMBERING.sub("", title)
    title = _YEAR.sub("", title)
    if unit and title.startswith(squeeze(unit)):
        title = title[len(squeeze(unit)) :]
        title = _YEAR.sub("", title)
    title = re.sub(r"[（(]续表?[)）]$", "", title)
    return _SCOPE.sub("", title)


@dataclass(frozen=True)
class Known:
    profile: LayoutProfile
    spec: TableSpec
    exact: bool  # matched the layout's own title, not one of the accepted variants
    keyword: bool = False  # told by the words of the title alone (layout/genre.yaml): no layout's title


@cache
def title_index() -> dict[str, tuple[Known, ...]]:
    """Normalised title -> the (profile, table) pairs that print a table under it."""
    index: dict[str, list[Known]] = {}
    for profile in available_layouts().values():
        for spec in profile.tables:
            for position, title in enumerate((spec.title, *spec.variants)):
                key = normalise_title(title.replace("{year}年", ""))
                index.setdefault(key, []).append(Known(profile, spec, exact=position == 0))
    return {key: tuple(value) for key, value in index.items()}


def unread_titles(profile: LayoutProfile) -> frozenset[str]:
    """The normalised titles of the tables a layout prints but leaves unread."""
    return _normalised_titles(tuple(profile.unread_tables))


@cache
def _normalised_titles(titles: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalise_title(title.replace("{year}年", "")) for title in titles)


def match_title(text: str, unit: str = "") -> tuple[Known, ...]:
    if len(squeeze(text)) > 80:
        return ()
    return title_index().get(normalise_title(text, unit), ())


def identify_title(text: str, unit: str = "") -> tuple[Known, ...]:
    """The tables printed under this title: in a layout that knows the title, or else, for a line
    that looks like a table title, the genre's table its words tell (layout/genre.yaml)."""
    known = match_title(text, unit)
    if known or not looks_like_title(text):
        return known
    table = genre_table(normalise_title(text, unit))
    return (Known(table.profile, table.spec, exact=False, keyword=True),) if table else ()


def looks_like_title(text: str) -> bool:
    """A short line ending in 表 (or in 表 and a qualifier: "…支出表（按功能分类）"): a table title
    even when no layout knows it."""
    compact = re.sub(r"[（(][^（）()]{1,20}[)）]$", "", squeeze(text))
    return 4 <= len(compact) <= 40 and compact.endswith("表") and not compact.startswith(("注", "备注"))


PERFORMANCE_TITLE = re.compile(r"绩效目标(填报)?表")


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


@dataclass
class Recognised:
    profile: LayoutProfile | None
    tables: list[Table]
    unknown_titles: list[tuple[str, Provenance]]
    problems: list[str]
    performance: list[Found] = field(default_factory=list)
    fit: Decimal = Decimal(0)  # how well the layout explains the tables printed (0-1)
    named: list[str] = field(default_factory=list)  # the layout's tables whose titles are printed


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
            if title_row is not None:
                text, candidates = title_row
                current = Found(text, candidates, block.provenance, _number_from(None, text))
                current.performance = not candidates
                found.append(current)
            elif (
                current is None
                or current.contents
                or (current.grids and not _continues(current.grids[0], block))
            ):
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
            current.contents = bool(_LEADER.search(squeeze(text)))
            if caption and (unit := _UNIT.search(caption.group(2))):
                current.unit = AmountUnit(unit.group(1))
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
        elif current is not None and (unit := _UNIT.search(text)):
            current.unit = AmountUnit(unit.group(1))
        elif current is not None and _is_note(text):
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
            and sum(1 for word in text.split() if _is_amount(word)) >= 2
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
        rows = [row for row in block.rows if _is_data_row(row)]
        return max((len({c.text.strip() for c in row if c.text.strip()}) for row in rows), default=0)

    def figures(block: Block) -> int:
        # the columns right of the last label of a data row: the table's figure columns
        rows = [row for row in block.rows if _is_data_row(row)]
        return max((_figure_tail(row) for row in rows), default=0)

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


def _figure_tail(row: list[TextCell]) -> int:
    """How many cells follow the row's last cell holding words (empty cells count as figures)."""
    for index in range(len(row) - 1, -1, -1):
        text = squeeze(row[index].text)
        if text and not looks_numeric(text):
            return len(row) - 1 - index
    return 0


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


def _is_note(text: str) -> bool:
    """The note under a table: 注：…, 备注：…, or the empty-table sentence on its own."""
    compact = squeeze(text)
    return compact.startswith(("注", "备注")) or "本表为空表" in compact or "故本表为空" in compact


def _title_in_grid(block: Block, unit: str = "") -> tuple[str, tuple[Known, ...]] | None:
    """Spreadsheets put the title in the first rows of the sheet."""
    for row in block.rows[:3]:
        texts = [cell.text for cell in row if cell.text.strip()]
        if texts and (candidates := identify_title(texts[0], unit)):
            return texts[0], candidates
        if texts and PERFORMANCE_TITLE.search(squeeze(texts[0])) and len(set(texts)) == 1:
            return texts[0], ()
    return None


# ---------------------------------------------------------------------------- columns


def _is_data_row(row: list[TextCell]) -> bool:
    """A row with a printed figure or code; header rows hold words only (合计 is a header label too),
    or number the columns (栏次 / ** : 1 2 3 …)."""
    if not any(looks_numeric(squeeze(cell.text)) for cell in row):
        return False
    return not _numbers_the_columns(row)


def _numbers_the_columns(row: list[TextCell]) -> bool:
    """A row that numbers the columns (栏次 1 2 3 …, ** ** 1 2 3 …, ** ** **): under the header, it
    names no column."""
    texts = [squeeze(cell.text) for cell in row if squeeze(cell.text)]
    if len(texts) >= 2 and all(re.fullmatch(r"\*+", text) for text in texts):
        return True  # "** ** ** **" under a header of words only (湖州 表11)
    numbers = [text for text in texts if looks_numeric(text)]
    distinct = list(dict.fromkeys(numbers))
    return len(distinct) >= 2 and distinct == [str(i) for i in range(1, len(distinct) + 1)]


def _split_header(rows: list[list[TextCell]]) -> tuple[list[list[TextCell]], list[list[TextCell]]]:
    for index, row in enumerate(rows):
        if _is_data_row(row) and not _is_title_or_unit_row(row):
            return rows[:index], rows[index:]
    return rows, []


def _is_title_or_unit_row(row: list[TextCell]) -> bool:
    texts = [cell.text for cell in row if cell.text.strip()]
    return len(texts) <= 2 and any(match_title(t) or _UNIT.search(t) or "编制" in t for t in texts)


_YEAR_GROUP = re.compile(r"^((?:19|20)\d{2})年")
_CHANGE_GROUP = re.compile(r"^(?:增减|增减变化|变化|比上年增减)")


def _year_groups(header: list[list[TextCell]], width: int, year: int) -> dict[int, str]:
    """The columns of a header that groups them by year ("2021年 | 2022年 | 增减变化情况", Xi'an
    三公 table): "current" for the budget year's, "prior" for the year before, "change" for the
    changes and other years; {} for a header without such groups."""
    for row in header:
        texts = [squeeze(cell.text) for cell in row[:width]]
        years = {i: int(m.group(1)) for i, text in enumerate(texts) if (m := _YEAR_GROUP.match(text))}
        if not (year and year in years.values() and len(set(years.values())) >= 2):
            continue
        groups = {
            i: "current" if y == year else "prior" if y == year - 1 else "change" for i, y in years.items()
        }
        groups |= {
            i: "change" for i, text in enumerate(texts) if i not in years and _CHANGE_GROUP.match(text)
        }
        return groups
    return {}


def _labels(header: list[list[TextCell]], width: int) -> list[str]:
    """Per grid column, the lowest header text printed in it (merged cells are expanded)."""
    labels = [""] * width
    for row in header:
        if _is_title_or_unit_row(row) or _numbers_the_columns(row):
            continue
        for column, cell in enumerate(row[:width]):
            if cell.text.strip():
                labels[column] = squeeze(cell.text)
    return labels


# in order of preference: a bare 小计 is the weakest (it is also the subtotal of a column group,
# such as 政府采购项目 | 小计, printed beside the table's own total)
_TOTAL_LABELS = (
    "合计",
    "总计",
    "支出总计",
    "收入总计",
    "本年预算",
    "预算数",
    "金额",
    "项目金额",
    "预算金额",
    "支出预算",
    "小计",
)
_SYNONYMS = {
    "合计": _TOTAL_LABELS,
    "总计": _TOTAL_LABELS,
    "类": ("类",),
    "款": ("款",),
    "项": ("项",),
    # Xi'an names project expenditure 专项业务经费 (基本支出 + 专项业务经费 = 合计)
    "项目支出": ("专项业务经费支出", "专项业务经费"),
}


def _title_matches(spec_title: str, label: str) -> bool:
    return _match_rank(spec_title, label) is not None


@lru_cache(maxsize=16384)  # pure; asked for every header label against every column
def _match_rank(spec_title: str, label: str) -> int | None:
    """How well a printed header label names a column: 0 (the title itself, or containing it),
    1 + the synonym's rank, or None."""
    want = squeeze(spec_title).translate(_QUOTES)
    have = label.translate(_QUOTES)
    if not have:
        return None
    if want == have or (len(want) > 1 and (want in have or have in want)):
        return 0
    synonyms = _SYNONYMS.get(want, ())
    return 1 + synonyms.index(have) if have in synonyms else None


def map_columns(
    spec: TableSpec, labels: list[str], rows: list[list[TextCell]], groups: dict[int, str] | None = None
) -> list[int | None]:
    """For each of the profile's columns, the grid column that holds it (by header label first:
    the best-named grid column, leftmost among equals). ``groups``: where the header groups the
    columns by year, "current", "prior" or "change" per grid column: a profile's current.* and
    prior.* columns are looked for in their year's group, the others outside the change."""
    width = len(labels)
    taken: set[int] = set()
    mapping: list[int | None] = [None] * len(spec.columns)
    # a header printing both 总计 and 合计 (总计 | 财政拨款: 合计 一般公共预算 …, Zhuhai 表12) has its
    # 合计 under a group: 总计 is the table's total
    grand = "总计" in labels and not any(squeeze(c.title) == "总计" for c in spec.columns)

    def allowed(column: ColumnSpec, index: int) -> bool:
        if not groups:
            return True
        group = groups.get(index)
        wanted = column.key.split(".")[0] if column.key.startswith(("current.", "prior.")) else "current"
        return group is None or group == wanted

    for position, column in enumerate(spec.columns):
        ranked = [
            (rank, index)
            for index in range(width)
            if index not in taken
            and allowed(column, index)
            and (rank := _match_rank(column.title, labels[index])) is not None
        ]
        if grand and squeeze(column.title) == "合计":
            ranked = [(-1 if labels[index] == "总计" else rank, index) for rank, index in ranked]
        if ranked:
            index = min(ranked)[1]
            mapping[position] = index
            taken.add(index)

    # What no label names, by what the column holds: codes (digits, 1-7 long, no decimals),
    # figures, or words; each taken in order from the left.
    def values(i: int) -> list[str]:
        return [squeeze(r[i].text) for r in rows if i < len(r) and r[i].text.strip()]

    free = [
        i
        for i in range(width)
        if i not in taken
        and labels[i] not in _ROW_NUMBER_LABELS
        and not any(part in labels[i] for part in _PART_LABELS)
        # a column headed as what is no name nor label (绩效目标, 备注) is no fallback for one
        and not _NOT_A_NAME.search(labels[i])
    ]
    code_columns = [i for i in free if values(i) and all(re.fullmatch(r"\d{1,7}", v) for v in values(i))]
    figure_columns = [i for i in free if i not in code_columns and any(looks_numeric(v) for v in values(i))]
    text_columns = [i for i in free if i not in code_columns and i not in figure_columns]
    for position, column in enumerate(spec.columns):
        if mapping[position] is not None:
            continue
        if column.key in CODE_KEYS:
            pools = [code_columns]
        elif _is_text_column(column):
            pools = [text_columns]
        else:
            pools = [figure_columns, code_columns]  # whole-yuan amounts look like long codes
        for pool in pools:
            candidates = [i for i in pool if i not in taken and allowed(column, i)]
            if candidates:
                mapping[position] = candidates[0]
                taken.add(candidates[0])
                break
    return mapping


# ---------------------------------------------------------------------------- rows


def _code_of(cells: dict[str, str]) -> str | None:
    if cells.get("code"):
        match = re.fullmatch(r"\d{3}(\d{2}){0,2}", squeeze(cells["code"]))
        return match.group(0) if match else None
    whole = squeeze(cells.get("code.class", ""))
    parts_beside = [squeeze(cells.get(k, "")) for k in ("code.section", "code.item")]
    if re.fullmatch(r"\d{5}|\d{7}", whole) and not any(re.fullmatch(r"\d{1,2}", p) for p in parts_beside):
        # a layout that prints the whole code in one column (what stands beside it is no 款/项
        # part: Xi'an prints the government economic code 50101 beside the department's 30101)
        return whole
    parts = [squeeze(cells.get(key, "")) for key in ("code.class", "code.section", "code.item")]
    if parts[0] and re.fullmatch(r"\d{3}", parts[0]) and all(re.fullmatch(r"\d{0,2}", p) for p in parts[1:]):
        try:
            return join_code_parts(*(p for p in parts if p))
        except ValueError:
            return None
    return None


def _relative_code(cells: dict[str, str], above: list[Row]) -> str | None:
    """A 款 printed by its own two digits under its class ("208 社会保障和就业支出" then "05
    行政事业单位离退休", Xi'an 2019–2022): the class of the nearest coded row above, and the two."""
    digits = squeeze(cells.get("code", "") or cells.get("code.class", ""))
    if not re.fullmatch(r"\d{2}", digits) or cells.get("code.section") or cells.get("code.item"):
        return None
    parent = next((row.code for row in reversed(above) if row.code), None)
    return parent[:3] + digits if parent else None


def _label_code(text: str) -> str | None:
    """The code a label starts with: "2010301 行政运行", "[201]一般公共服务支出" (Zhuhai)."""
    match = re.match(r"^\s*(?:(\d{3}(?:\d{2}){0,2})\s|[\[【](\d{3}(?:\d{2}){0,2})[\]】])", text)
    return (match.group(1) or match.group(2)) if match else None


def build_rows(
    spec: TableSpec,
    mapping: list[int | None],
    rows: list[list[TextCell]],
    table_key: str,
    unit_name: str = "",
    before: list[Row] | None = None,
) -> tuple[list[Row], list[str]]:
    """The table's rows; a row without a code labelled 合计/总计/小计, or with the unit's own name
    (a table listing 预算单位 puts the department's own line, its total, first), is a total — unless
    the unit's own line is the only line beside the totals (a department with no other 预算单位):
    then it is the line the total adds up. ``before``: the rows read so far (earlier pages), whose
    last class completes a 款 printed by its own two digits."""
    built: list[Row] = []
    problems: list[str] = []
    own_rows: list[Row] = []
    for row in rows:
        cells: list[Cell] = []
        texts: dict[str, str] = {}
        for column, grid_index in zip(spec.columns, mapping, strict=True):
            source = row[grid_index] if grid_index is not None and grid_index < len(row) else None
            text = source.text.strip() if source else ""
            texts[column.key] = text
            provenance = source.provenance.model_copy(update={"table": table_key}) if source else None
            value = None
            if not _is_text_column(column) and text and not (source and source.repeated):
                # a figure merged down over several rows belongs to its first row only
                value = parse_figure(text)
                if value is None and looks_numeric(text):
                    where = _where(provenance)
                    problems.append(f"{where}表“{spec.title}”的“{column.title}”栏无法读作数字：“{text}”")
            cells.append(Cell(text=text, value=value, provenance=provenance))
        if not any(cell.text for cell in cells):
            continue
        _name_run_over(spec, mapping, cells, texts)
        joined = "".join(texts.values())
        code = (
            _code_of(texts)
            or _relative_code(texts, [*(before or []), *built])
            or next(
                (_label_code(t) for k, t in texts.items() if k.endswith("label") and _label_code(t)), None
            )
        )
        if code is None and not texts.get("code") and (code := _label_code(texts.get("name", ""))):
            # "[201]一般公共服务支出": the code printed inside the name is the row's code, not its name
            index = [c.key for c in spec.columns].index("name")
            name = re.sub(r"^\s*[\[【]?\d{3,7}[\]】]?\s*", "", cells[index].text)
            cells[index] = cells[index].model_copy(update={"text": name})
        # the unit's own line: its name, and no other words read (湖州 表11 prints the unit's name
        # beside each of its projects: those are the projects' lines)
        words = [
            c.text for c, col in zip(cells, spec.columns, strict=True) if c.text and _is_text_column(col)
        ]
        own = (
            bool(unit_name)
            and any(_is_own_name(c.text, unit_name) for c in row)
            and all(_is_own_name(w, unit_name) or looks_numeric(w) for w in words)
        )
        # the profile's own word for the total ("“三公”经费" heading Zhuhai's vertical 三公 list)
        labelled = bool(first := next((c.text for c in cells if c.text), "")) and (
            squeeze(first).translate(_QUOTES) == squeeze(spec.total_label).translate(_QUOTES)
        )
        total = _TOTAL.search(squeeze(joined)) or own or labelled
        kind: RowKind = "total" if total and not code else "item"
        level = {3: 1, 5: 2, 7: 3}.get(len(code)) if code else None
        previous = built[-1] if built else None
        if previous is not None and _same_line_again(previous, code, cells):
            if any(c.value is not None for c in cells):
                built[-1] = Row(kind=kind, level=level, code=code, cells=cells)
            continue
        built.append(Row(kind=kind, level=level, code=code, cells=cells))
        if own and not code and not _TOTAL.search(squeeze(joined)):
            own_rows.append(built[-1])
    if own_rows and all(line.kind == "total" for line in built) and len(built) > len(own_rows):
        for line in own_rows:
            line.kind = "item"
    _mark_subtotals(built, spec)
    return built, problems


_RUN_OVER = re.compile(r"([\u4e00-\u9fff]+)\s*([-−]?[\d,]+(?:\.\d+)?)")


def _name_run_over(
    spec: TableSpec, mapping: list[int | None], cells: list[Cell], texts: dict[str, str]
) -> None:
    """A long name printed over into the figure cell beside it ("机关事业单位职业年金" | "缴费支出43608.96",
    xian/12 表5): the words go back to the name, the figure stays."""
    keys = [c.key for c in spec.columns]
    if "name" not in keys or mapping[keys.index("name")] is None:
        return
    name = keys.index("name")
    grid_name = mapping[name]
    assert grid_name is not None
    for position, column in enumerate(spec.columns):
        cell = cells[position]
        if (
            mapping[position] != grid_name + 1
            or _is_text_column(column)
            or cell.value is not None
            or not (match := _RUN_OVER.fullmatch(cell.text))
            or (value := parse_figure(match.group(2))) is None
        ):
            continue
        cells[name] = cells[name].model_copy(update={"text": cells[name].text + match.group(1)})
        cells[position] = cell.model_copy(update={"text": match.group(2), "value": value})
        texts["name"] += match.group(1)
        texts[column.key] = match.group(2)


def _unlabelled_total(rows: list[Row]) -> None:
    """A first line of figures with no words, in a table with no total line whose other lines all
    have words, is the total with its 合计 not printed when its figure is the sum of the lines under
    it (湖州 表11: "171,462.41" above the projects)."""
    if not rows or any(row.kind == "total" for row in rows):
        return
    top = rows[0]
    if top.code or any(cell.text and cell.value is None for cell in top.cells):
        return
    index = next((i for i, cell in enumerate(top.cells) if cell.value is not None), None)
    if index is None or len(rows) < 3:
        return
    if not all(any(cell.text and cell.value is None for cell in row.cells) for row in rows[1:]):
        return  # the lines under it are not all labelled: the table's words were not read
    below = [v for row in rows[1:] if index < len(row.cells) and (v := row.cells[index].value) is not None]
    total = top.cells[index].value
    assert total is not None
    exponent = total.as_tuple().exponent
    half = Decimal(5).scaleb((exponent if isinstance(exponent, int) else 0) - 1)
    if abs(total - sum(below, Decimal(0))) <= half * len(below):  # the parts' rounding (尾差) allowed
        top.kind = "total"


def _unit_blocks(rows: list[Row]) -> list[Row]:
    """The lines of the 预算单位 of a table that lists its subjects unit by unit ("125001
    西安市安全生产监督管理局 2,080.32 …", then its classes, 款 and 项; then the next unit): lines
    with figures but no subject code and no 合计, each followed by subject rows, where a code
    comes back under a later unit. Its subject rows are per unit, which no rule can add up by code:
    the reader keeps the units' lines and the totals. [] for a table of one list of subjects."""
    heads = [
        index
        for index, row in enumerate(rows)
        if row.code is None
        and not _TOTAL.search(squeeze("".join(c.text for c in row.cells)))
        and any(c.value is not None for c in row.cells)
        and index + 1 < len(rows)
        and rows[index + 1].code is not None
    ]
    if len(heads) < 2:
        return []
    blocks = [
        [row.code for row in rows[start:end] if row.code]
        for start, end in zip(heads, [*heads[1:], len(rows)], strict=True)
    ]
    seen: set[str] = set()
    for codes in blocks:
        if seen & set(codes):
            return [rows[index] for index in heads]
        seen |= set(codes)
    return []


def _is_own_name(text: str, unit_name: str) -> bool:
    """The unit's own name, or its own level ("深圳市医疗保障局（本级）" of 深圳市医疗保障局)."""
    name, own = squeeze(unit_name), squeeze(text).replace("(", "（").replace(")", "）")
    return own in (name, f"{name}（本级）", f"{name}本级")


def _same_line_again(previous: Row, code: str | None, cells: list[Cell]) -> bool:
    """A row printed once and read as several lines (a tall cell): the same code and words, and
    figures in at most one of them."""
    if code is None or previous.code != code:
        return False
    words = [c.text for c in cells if c.value is None]
    before = [c.text for c in previous.cells if c.value is None]
    figures_now = any(c.value is not None for c in cells)
    figures_before = any(c.value is not None for c in previous.cells)
    return [w for w in words if w] == [w for w in before if w] and not (figures_now and figures_before)


def _is_text_column(column: ColumnSpec) -> bool:
    """Codes and words; a column with a measure holds figures whatever its key (项目支出 is "project")."""
    return column.measure is None and (column.key in _TEXT_KEYS or column.key.endswith(".label"))


def _mark_subtotals(rows: list[Row], spec: TableSpec) -> None:
    """A 类 or 款 row with deeper rows under it is a subtotal, as the builder marks it."""
    parents = {row.code[:end] for row in rows if row.code for end in range(1, len(row.code))}
    for row in rows:
        if row.code and row.kind == "item" and row.code in parents:
            row.kind = "subtotal"


def _where(provenance: Provenance | None) -> str:
    """The place a problem message opens with: ``budget.pdf 第3页：``."""
    return "" if provenance is None else provenance.describe() + "："


def _join_grids(grids: list[Block]) -> tuple[list[list[TextCell]], list[list[TextCell]]]:
    """Header and data rows of a table printed over several grids (pages)."""
    header, data = _split_header(grids[0].rows) if grids else ([], [])
    signature = [tuple(squeeze(c.text) for c in row) for row in header]
    for grid in grids[1:]:
        rows = grid.rows
        # A continuation repeats the header (PDF, DOCX) or does not (text conversions).
        while rows and tuple(squeeze(c.text) for c in rows[0]) in signature:
            rows = rows[1:]
        more_header, more_data = _split_header(rows)
        if not header:
            header = more_header
        data += more_data if header else rows
    # A header printed again inside the grid (a page break in a text conversion) is not data.
    return header, [row for row in data if tuple(squeeze(c.text) for c in row) not in signature]


def _without_notes(rows: list[list[TextCell]], notes: list[str]) -> list[list[TextCell]]:
    """The rows that are not a note; the notes' texts go to ``notes``."""
    kept = []
    for row in rows:
        texts = list(dict.fromkeys(c.text.strip() for c in row if c.text.strip()))
        if len(texts) == 1 and _is_note(texts[0]):
            notes.append(texts[0])
        else:
            kept.append(row)
    return kept


def _table(
    found: Found, known: Known, shape: bool = False, unit_name: str = "", year: int = 0
) -> tuple[Table, list[str]]:
    spec = known.spec
    header, data = _join_grids(found.grids)
    notes = [n for n in found.notes]
    # a spreadsheet keeps the note under the table in the sheet's grid: a row of one text (merged
    # across the row, so repeated in each cell)
    # (of an empty table, the header takes in every row)
    header, data = _without_notes(header, notes), _without_notes(data, notes)
    staged = _final_accounts_rows(data, found.title)
    budget_rows, data = len(data) - len(staged), staged
    printed_rows = len(data)
    data = _this_years_rows(data, year)
    width = max((len(row) for row in header + data), default=0)
    labels = _labels(header, width)
    # rows of a continuation page drawn with another number of columns are mapped by what their
    # columns hold (codes, figures, words), since the header's columns are not theirs
    main_width = len(header[-1]) if header else width
    same = [row for row in data if len(row) == main_width or not header]
    mapping = map_columns(spec, labels, same or data, _year_groups(header, width, year))
    tail = max((_figure_tail(row) for row in same if _is_data_row(row)), default=0)
    rows: list[Row] = []
    problems: list[str] = []
    if budget_rows:
        problems.append(
            f"{_where(found.provenance)}表“{found.title.strip()}”分行印出预算数和决算数，只读入决算数"
            f"（预算数的 {budget_rows} 行未读入）"
        )
    if len(data) < printed_rows:
        problems.append(
            f"{_where(found.provenance)}表“{found.title.strip()}”按年度分行印出，只读入本年的行"
            f"（上年和增减的 {printed_rows - len(data)} 行未读入）"
        )
    for group_width, group in itertools.groupby(data, key=len):
        group_rows = list(group)
        if group_width < main_width and header and _label_then_figures(group_rows, tail):
            # "合计 | 156,211,123 | …" alone on a page: its label merged over the code columns;
            # its figures are the table's figure columns, its label the last label column
            group_rows = [_padded(row, main_width) for row in group_rows]
            group_width = main_width
        group_mapping = (
            mapping
            if group_width == main_width or not header
            else map_columns(spec, [""] * group_width, group_rows)
        )
        built, built_problems = build_rows(spec, group_mapping, group_rows, spec.key, unit_name, rows)
        rows += built
        problems += built_problems
    _unlabelled_total(rows)
    if known.keyword and (blocks := _unit_blocks(rows)):
        # told by its title's words alone, a table listed unit by unit is read as its units' lines:
        # no rule knows how its per-unit subject rows add up (a layout that reads such a table,
        # Shenzhen's, says so in its profile and keeps them)
        first = rows.index(blocks[0])
        for row in rows[:first]:
            if row.code is None and any(c.value is not None for c in row.cells):
                row.kind = "total"  # above the first unit: the table's total, its 合计 in an unread column
        rows = [row for row in rows if row.kind == "total" or any(row is block for block in blocks)]
        # the unit's own line is the department's total (Shenzhen) unless a 合计 stands above it
        # (Xi'an: 合计, then 125001 the department's own 本级 unit, then its other units)
        summed = any(row.kind == "total" for row in rows[: rows.index(blocks[0])])
        for row in blocks:
            if summed or row.kind != "total":
                row.kind = "item"
        problems.append(
            f"{_where(found.provenance)}表“{found.title.strip()}”按预算单位分别列出科目（{len(blocks)} 个单位），"
            "只读入合计和各单位的合计行，各单位的科目行未读入"
        )
    _mark_subtotals(rows, spec)
    header_cells = [
        [
            HeaderCell(text=cell.text.strip(), cols=cell.cols, rows=cell.rows)
            for cell in row
            if cell.text.strip()
        ]
        for row in header
        if not _is_title_or_unit_row(row)
    ]
    empty = not any(row.kind != "total" for row in rows)
    table = Table(
        key=spec.key,
        number=found.number,
        title=found.title.strip(),
        unit=found.unit or spec.unit,
        header=[row for row in header_cells if row],
        columns=[
            Column(
                key=c.key,
                title=c.title,
                kind="code" if c.key in CODE_KEYS else "text" if _is_text_column(c) else "figure",
            )
            for c in spec.columns
        ],
        rows=rows,
        empty=empty,
        note=" ".join(notes) or None,
        number_label=f"表{found.number}" if found.number and found.number.isdigit() else None,
        identified_by=("shape" if shape else "keyword" if known.keyword else "title")
        + ("+header" if not shape and header_fit(spec, labels) >= HEADER_FIT else ""),
    )
    for column, grid_index in zip(spec.columns, mapping, strict=True):
        if grid_index is None and data:
            problems.append(f"{_where(found.provenance)}表“{found.title.strip()}”没有找到“{column.title}”栏")
    return table, problems


_YEAR_LABEL = re.compile(r"^((?:19|20)\d\d)年度?$")
_CHANGE_LABEL = re.compile(r"^(?:增减|增减变化|变化)(?:金额|额|数|情况)?$")


def _this_years_rows(rows: list[list[TextCell]], year: int) -> list[list[TextCell]]:
    """A table printed year by year (深圳 表9: "2025年" / "2026年" / "增减变化金额" under one unit):
    the rows of the document's year (or of the latest year printed); last year's and the change
    rows are the text's comparison, not this year's figures."""

    def label(row: list[TextCell]) -> tuple[int | None, bool]:
        for cell in row:
            text = squeeze(cell.text)
            if match := _YEAR_LABEL.match(text):
                return int(match.group(1)), False
            if _CHANGE_LABEL.match(text):
                return None, True
        return None, False

    labels = [label(row) for row in rows]
    years = {found for found, _ in labels if found is not None}
    if len(years) < 2:
        return rows
    keep = year if year in years else max(years)
    return [
        row
        for row, (found, change) in zip(rows, labels, strict=True)
        if found == keep or (found is None and not change)
    ]


def _final_accounts_rows(rows: list[list[TextCell]], title: str) -> list[list[TextCell]]:
    """A 决算 table that prints its figures as a 预算数 row and a 决算数 row (xian/16 公开09表, 三公):
    the 决算数 row is the table's; the 预算数 row is the budget it is compared with."""
    if "决算" not in title:
        return rows

    def label(row: list[TextCell]) -> str:
        return next((squeeze(cell.text) for cell in row if squeeze(cell.text)), "")

    labels = [label(row) for row in rows]
    if "决算数" not in labels or "预算数" not in labels:
        return rows
    return [row for row, text in zip(rows, labels, strict=True) if text != "预算数"]


def _label_then_figures(rows: list[list[TextCell]], tail: int) -> bool:
    """Rows of one label cell followed by as many figure cells as the table has figure columns."""
    return tail >= 2 and all(len(row) == tail + 1 and _figure_tail(row) == tail for row in rows)


def _padded(row: list[TextCell], width: int) -> list[TextCell]:
    """The row with empty cells on the left, up to ``width``."""
    blank = [TextCell(text="", provenance=row[0].provenance) for _ in range(width - len(row))]
    return [*blank, *row]


def _best_fitting(item: Found) -> Known:
    """Of the tables printed under this title in any layout, the one whose columns the printed
    header names best (the layout's own title first among equals)."""
    header, _ = _join_grids(item.grids)
    labels = _labels(header, max((len(r) for g in item.grids for r in g.rows), default=0))
    return max(item.candidates, key=lambda k: (header_fit(k.spec, labels), k.exact))


def header_fit(spec: TableSpec, labels: list[str]) -> float:  # float-ok: a share of columns
    """How well a printed header fits a table's columns, both ways: the share of the table's columns
    the header names, times the share of the printed labels that name one of its columns. A grid
    with columns the table does not have (a 2018 table printed under a 2017 title) fits less."""
    printed = [label for label in labels if label]
    if not printed:
        return 0.0
    named = sum(1 for label in printed if any(_title_matches(c.title, label) for c in spec.columns))
    return _label_fit(spec, labels) * named / len(printed)


def _label_fit(spec: TableSpec, labels: list[str]) -> float:  # float-ok: a share of columns
    """The share of a table's columns whose title is printed over some column of the grid."""
    if not spec.columns:
        return 0.0
    matched = sum(
        1 for column in spec.columns if any(_title_matches(column.title, label) for label in labels)
    )
    return matched / len(spec.columns)


def recognise(stream: Stream, scope: str = "", unit: str = "", year: int = 0) -> Recognised:
    """Every standard table of the stream, read in the layout that knows the most of them (of
    layouts that know them equally well, the one of the document's scope, 部门 or 单位, then of its
    year, then the one whose table numbers are printed)."""
    found, unknown = find_tables(stream, unit)
    votes: Counter[str] = Counter()  # profile id -> score
    for item in found:
        if not item.grids:
            continue  # a line of the contents, not a table
        header, _ = _join_grids(item.grids)
        labels = _labels(header, max((len(r) for g in item.grids for r in g.rows), default=0))
        best: dict[str, float] = {}  # float-ok: a score, not money
        for known in item.candidates:
            if known.keyword:
                continue  # the genre's words tell a table, not a layout
            # A layout's own title counts more than an accepted variant; a table whose printed
            # header matches the layout's columns counts more than one that does not.
            score = (2 if known.exact else 1) + 2 * header_fit(known.spec, labels)
            best[known.profile.id] = max(best.get(known.profile.id, 0), score)
        votes.update(best)
    layouts = available_layouts()
    profile = None
    if votes:
        top = max(votes.values())
        tied = [layouts[name] for name, score in votes.items() if score >= top - 0.01]
        numbered: Counter[str] = Counter(
            k.profile.id
            for item in found
            if item.grids
            for k in item.candidates
            if item.number == k.spec.number
        )
        profile = max(tied, key=lambda p: (p.scope == scope, year in p.years, numbered[p.id]))
    fit = layout_fit(found, profile, votes, unit)
    if profile is not None and fit < MIN_FIT:
        profile = None
    tables: list[Table] = []
    problems: list[str] = []
    seen: set[str] = set()
    for item in found:
        if item.performance:
            continue  # performance target tables are read by yusuan.read.performance
        if not item.candidates:
            if item.grids or item.notes:
                problems.append(
                    f"{_where(item.provenance)}“{item.title.strip()}”的标题缺失或无法识别，其内容未读入"
                    + (f"（其下注释：{'；'.join(item.notes)}）" if item.notes else "")
                )
            continue
        known = next(
            (k for k in item.candidates if profile and k.profile.id == profile.id), None
        ) or _best_fitting(item)
        if (
            not item.grids
            and not item.notes
            and any(
                other is not item and other.candidates and other.candidates[0].spec.key == known.spec.key
                for other in found[found.index(item) + 1 :]
            )
        ):
            continue  # a line of the contents: the table itself comes later
        if (
            not item.grids
            and not item.notes
            and any(
                other is not item
                and other.grids
                and any(k.spec.key == known.spec.key for k in other.candidates)
                for other in found
            )
        ):
            continue
        if not item.grids and not item.notes and item.unit is None:
            continue  # a title alone (a line of the contents): no table printed under it
        table, table_problems = _table(item, known, unit_name=unit, year=year)
        if not item.grids:
            table_problems.append(f"{_where(item.provenance)}表“{table.title}”有标题，但没有读到表格内容")
        if table.key in seen:
            problems.append(f"{_where(item.provenance)}表“{table.title}”出现了不止一次")
        seen.add(table.key)
        tables.append(table)
        problems += table_problems
    if profile is not None:
        untitled = [f for f in found if not f.candidates and not f.performance and f.grids]
        # A grid without a title and without a single figure is layout (a cover sheet, a list of
        # contents): not worth a word in the report.
        for item in untitled:
            if not any(_is_amount(c.text) for g in item.grids for r in g.rows for c in r):
                problems = [
                    p
                    for p in problems
                    if not p.startswith(f"{_where(item.provenance)}“{item.title.strip()}”")
                ]
        for item in untitled:
            fitted = _fit_by_shape(item, profile, seen)
            if fitted is None:
                continue
            table, table_problems = fitted
            seen.add(table.key)
            tables.append(table)
            problems = [
                p for p in problems if not p.startswith(f"{_where(item.provenance)}“{item.title.strip()}”")
            ]
            problems.append(
                f"{_where(item.provenance)}一个表格没有标题，按其形状读作表“{table.title}”（请核对）"
            )
            problems += table_problems
        order = {spec.key: index for index, spec in enumerate(profile.tables)}
        tables.sort(key=lambda t: order.get(t.key, len(order)))
    # the layout's tables whose title is printed with something under it (a grid, a note) — not a
    # line of the contents alone, which names a table the body may lack
    named = sorted(
        {
            k.spec.key
            for item in found
            if item.grids or item.notes or item.figures_below
            for k in item.candidates
            if profile and k.profile.id == profile.id and not k.keyword
        }
    )
    return Recognised(profile, tables, unknown, problems, [f for f in found if f.performance], fit, named)


HEADER_FIT = 0.4  # float-ok: header_fit from which a title is confirmed by the header
MIN_FIT = Decimal("0.5")  # below this, no layout: the unknown-layout mode


def layout_fit(
    found: list[Found], profile: LayoutProfile | None, votes: Counter[str], unit: str = ""
) -> Decimal:
    """How well a layout explains the tables the document prints: the score its titles and
    headers earned (each table at most 1: the layout's own title and a header naming every column),
    over the tables printed (at least 3). A document most of whose tables the layout does not know,
    or knows only under a generic title with another header, is not in that layout; a document that
    lost some of the layout's tables still is (their absence is a finding, not a doubt). A table
    the layout names among the tables it prints but leaves unread (``unread_tables``) is not
    counted: the layout knows it is there."""
    if profile is None:
        return Decimal(0)
    unread = unread_titles(profile)
    printed = sum(
        1
        for item in found
        if item.grids
        and not item.performance
        and (item.candidates or looks_like_title(item.title))
        and normalise_title(item.title, unit) not in unread
        and any(_is_amount(c.text) for g in item.grids for r in g.rows for c in r)
    )
    earned = Decimal(str(votes[profile.id])) / 4
    return min(Decimal(1), earned / max(printed, 3)).quantize(Decimal("0.01"))


def _is_amount(text: str) -> bool:
    """A figure that is an amount, not a list number or a year: decimals, separators, or ≥ 100."""
    value = parse_figure(text)
    if value is None:
        return False
    compact = squeeze(text)
    if re.fullmatch(r"(19|20)\d\d", compact):
        return False
    return "." in compact or "," in compact or abs(value) >= 100


def _fit_by_shape(item: Found, profile: LayoutProfile, seen: set[str]) -> tuple[Table, list[str]] | None:
    """A grid whose title was lost: the missing table of the layout its rows fit best, if any fits well.

    Rows fit a table when its code columns hold codes and its figure columns hold figures; a fit
    below 80 % of the rows is no fit, and the grid stays unread (and reported).
    """
    _, data = _join_grids(item.grids)
    rows = [row for row in data if any(c.text.strip() for c in row)]
    if not rows:
        return None
    best: tuple[float, TableSpec] | None = None
    for spec in profile.tables:
        if spec.key in seen or spec.kind not in ("by_function", "by_economic", "projects"):
            continue
        width = max(len(row) for row in rows)
        mapping = map_columns(spec, [""] * width, rows)
        good = 0
        for row in rows:
            cells = {
                c.key: row[i].text.strip() if i is not None and i < len(row) else ""
                for c, i in zip(spec.columns, mapping, strict=True)
            }
            figures = [cells[c.key] for c in spec.columns if not _is_text_column(c)]
            code_ok = _code_of(cells) is not None or bool(_TOTAL.search("".join(cells.values())))
            figures_ok = any(parse_figure(f) is not None for f in figures)
            good += code_ok and figures_ok
        score = good / len(rows)
        if best is None or score > best[0]:
            best = (score, spec)
    if best is None or best[0] < 0.8:
        return None
    spec = best[1]
    known = Known(profile, spec, exact=False)
    titled = Found(
        spec.title.replace("{year}年", ""),
        (known,),
        item.provenance,
        item.number,
        grids=item.grids,
        notes=item.notes,
    )
    return _table(titled, known, shape=True)
