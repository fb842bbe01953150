"""Header labels, and the grid column that holds each of a profile's columns."""

from __future__ import annotations

import itertools
import re
from fractions import Fraction
from functools import lru_cache

from yusuan.layout.profile import ColumnSpec, TableSpec
from yusuan.model.document import CODE_KEYS
from yusuan.read.numbers import looks_numeric
from yusuan.read.stream import TextCell
from yusuan.read.tables.titles import QUOTES, UNIT, match_title
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


def figure_tail(row: list[TextCell]) -> int:
    """How many cells follow the row's last cell holding words (empty cells count as figures)."""
    for index in range(len(row) - 1, -1, -1):
        text = squeeze(row[index].text)
        if text and not looks_numeric(text):
            return len(row) - 1 - index
    return 0


def is_data_row(row: list[TextCell]) -> bool:
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


def split_header(rows: list[list[TextCell]]) -> tuple[list[list[TextCell]], list[list[TextCell]]]:
    for index, row in enumerate(rows):
        if is_data_row(row) and not is_title_or_unit_row(row):
            return rows[:index], rows[index:]
    return rows, []


def is_title_or_unit_row(row: list[TextCell]) -> bool:
    texts = [cell.text for cell in row if cell.text.strip()]
    return len(texts) <= 2 and any(match_title(t) or UNIT.search(t) or "编制" in t for t in texts)


_YEAR_GROUP = re.compile(r"^((?:19|20)\d{2})年")
_CHANGE_GROUP = re.compile(r"^(?:增减|增减变化|变化|比上年增减)")


def year_groups(header: list[list[TextCell]], width: int, year: int) -> dict[int, str]:
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


def header_labels(header: list[list[TextCell]], width: int) -> list[str]:
    """Per grid column, the lowest header text printed in it (merged cells are expanded)."""
    labels = [""] * width
    for row in header:
        if is_title_or_unit_row(row) or _numbers_the_columns(row):
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
    # Xi'an's comparison grid in the text (xian/12 p.10: 总收入支出 | 专项业务费 | 基本支出)
    "总收入支出",
    "小计",
)
_SYNONYMS = {
    "合计": _TOTAL_LABELS,
    "总计": _TOTAL_LABELS,
    "类": ("类",),
    "款": ("款",),
    "项": ("项",),
    # Xi'an names project expenditure 专项业务经费 (基本支出 + 专项业务经费 = 合计)
    "项目支出": ("专项业务经费支出", "专项业务经费", "专项业务费"),
}


def names_column(spec_title: str, label: str) -> bool:
    """Whether a printed header label names the column of this title (the title, or a synonym)."""
    return _match_rank(spec_title, label) is not None


def label_rank(spec_title: str, label: str) -> int | None:
    """How well a printed header label names the column of this title: 0 for the title itself (or
    a label holding it), 1 + the synonym's rank, None for another column."""
    return _match_rank(spec_title, label)


@lru_cache(maxsize=16384)  # pure; asked for every header label against every column
def _match_rank(spec_title: str, label: str) -> int | None:
    """How well a printed header label names a column: 0 (the title itself, or containing it),
    1 + the synonym's rank, or None."""
    want = squeeze(spec_title).translate(QUOTES)
    have = label.translate(QUOTES)
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

    # Two of the profile's columns with one title (合计 over the income and over the expenditure)
    # and a header that prints it fewer times: the labels go to the columns so that the best names
    # are used and each column stands where its label stands (relative to the width), not to the
    # first column with the title (shanghai-city prints 预算数 over the income, 合计 over the
    # expenditure; the Xinjiang profile titles both 合计).
    settled: set[int] = set()
    titles: dict[str, list[int]] = {}
    for position, column in enumerate(spec.columns):
        titles.setdefault(squeeze(column.title), []).append(position)
    for positions in titles.values():
        column = spec.columns[positions[0]]
        ranks = {
            i: rank
            for i in range(width)
            if allowed(column, i) and (rank := _match_rank(column.title, labels[i])) is not None
        }
        if (
            len(positions) < 2
            or groups
            or any(spec.columns[p].key.startswith(("current.", "prior.", "change.")) for p in positions)
            or sum(1 for rank in ranks.values() if rank == 0) >= len(positions)
        ):
            continue  # a year's columns are told apart by their year, printed or not
        # the best-named few only: a wide grid of alike labels must not make the choice explode
        candidates = sorted(ranks, key=lambda i: (ranks[i], i))[: 2 * len(positions) + 2]
        chosen = min(
            itertools.permutations([*candidates, *([None] * len(positions))], len(positions)),
            key=lambda picks: (
                -sum(1 for i in picks if i is not None),
                sum(ranks[i] for i in picks if i is not None),
                sum(
                    abs(Fraction(p, len(spec.columns)) - Fraction(i, max(width, 1)))
                    for p, i in zip(positions, picks, strict=True)
                    if i is not None
                ),
            ),
        )
        for position, index in zip(positions, chosen, strict=True):
            if index is not None:
                mapping[position] = index
                taken.add(index)
        settled.update(positions)

    for position, column in enumerate(spec.columns):
        if position in settled:
            continue
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
        elif is_text_column(column):
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


def is_text_column(column: ColumnSpec) -> bool:
    """Codes and words; a column with a measure holds figures whatever its key (项目支出 is "project")."""
    return column.measure is None and (column.key in _TEXT_KEYS or column.key.endswith(".label"))


def header_fit(spec: TableSpec, labels: list[str]) -> float:  # float-ok: a share of columns
    """How well a printed header fits a table's columns, both ways: the share of the table's columns
    the header names, times the share of the printed labels that name one of its columns. A grid
    with columns the table does not have (a 2018 table printed under a 2017 title) fits less."""
    printed = [label for label in labels if label]
    if not printed:
        return 0.0
    named = sum(1 for label in printed if any(names_column(c.title, label) for c in spec.columns))
    return _label_fit(spec, labels) * named / len(printed)


def _label_fit(spec: TableSpec, labels: list[str]) -> float:  # float-ok: a share of columns
    """The share of a table's columns whose title is printed over some column of the grid."""
    if not spec.columns:
        return 0.0
    matched = sum(1 for column in spec.columns if any(names_column(column.title, label) for label in labels))
    return matched / len(spec.columns)


HEADER_FIT = 0.4  # float-ok: header_fit from which a title is confirmed by the header
