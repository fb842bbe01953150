"""The table of contents (目录) of a read PDF: its entries as printed, and where the document prints each.

The contents start at a line that reads 目录 (目 录) alone and run over the lines that follow it on
that page, and over the next page when every line there is an entry too (a contents printed on two
pages). An entry is a line that starts with a number (第一部分, 一、, （一）, 1., 表1, 附表1 …) or
that ends in a dot leader, with or without a page number after it ("第一部分 单位概况 …… 1"). A
line without either, after an entry without a page number, continues that entry when it is short
("（一）关于…收支预算情况的总体" / "说明"). The contents end at the first other line, and at an
entry that repeats one already listed (the document's own first heading printed under the
contents). A contents printed as a grid (表1 | 2020年部门综合预算收支总表 | 否 | …) gives one entry
per row: its number and the title beside it.

Each entry is then looked for in the document, outside the contents, in every file of the
publication: a line, or two or three lines of one page joined (a title broken over lines, 第一部分 /
单位概况), or a title printed inside a grid, names it (``found``) when their keys agree
(:func:`yusuan.read.headings.heading_key`, which drops numbering, year, scope words and the unit's
name; here punctuation and brackets are dropped too), or when the line's key is the entry's and
more (a heading printed with its first sentence, or with a closing 说明). Where nothing names it,
the lines worded a little differently are kept (``near``): a word more or less (主要职能 / 主要职责,
…情况说明 / …情况), or the same words in another order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from yusuan.model.document import ContentsEntry, Provenance
from yusuan.read.headings import NUMBERING, heading_key
from yusuan.read.sections import is_page_number
from yusuan.read.stream import Block

__all__ = ["entry_key", "read_contents"]

_CONTENTS = re.compile(r"^目\s*录$")
_DOTS = ".…·．‧⋯•"
_LEADER = re.compile(rf"(?:[{_DOTS}]\s*){{2,}}$|…\s*$")
_TRAILING = re.compile(rf"[{_DOTS}\s]+$")
_PAGE = re.compile(r"([0-9]{1,4})$")
_SENTENCE = re.compile(r"[，,；;。！？!?]")
_NOT_WORD = re.compile(r"[^\w]")
_GRID_HEADER = re.compile(r"序号|报表名称|是否空表|^报表$|^内容$")
# the longest line read as an entry; an entry at least _WRAPPED_CHARS long may go on over a next
# line of at most _CONTINUATION_CHARS
_ENTRY_CHARS = 70
_WRAPPED_CHARS = 18
_CONTINUATION_CHARS = 20
# at most this many places where the document prints an entry are kept
_FOUND = 8
# how close a heading worded a little differently is to an entry (difflib's ratio of their keys)
_NEAR = 0.75
_SAME_CHARACTERS = 0.9
_CONTAINED = 0.6


def entry_key(text: str, unit: str = "") -> str:
    """What an entry or a heading names, for comparing the two: the heading key without
    punctuation or brackets. The numbering goes first ("1. 2024年…": the heading key would drop
    the point before it drops the number)."""
    text = text.strip()
    for _ in range(2):
        text = NUMBERING.sub("", text).strip()
    return _NOT_WORD.sub("", heading_key(text, unit))


@dataclass
class _Entry:
    title: str
    page: int | None
    provenance: Provenance


def _split(line: str) -> tuple[str, int | None, bool]:
    """(title, page number, whether a dot leader was printed) of a contents line."""
    text = line.strip()
    page = None
    leader = False
    if (match := _PAGE.search(text)) is not None and _LEADER.search(text[: match.start()].rstrip()):
        page = int(match.group(1))
        text = text[: match.start()]
        leader = True
    stripped = _TRAILING.sub("", text)
    if _LEADER.search(text.rstrip()):
        leader = True
    return stripped, page, leader


def _entry_like(title: str, leader: bool) -> bool:
    if not title or len(title) > _ENTRY_CHARS or _SENTENCE.search(title[:-1]):
        return False
    return leader or NUMBERING.match(title) is not None


def _grid_entries(block: Block) -> list[_Entry]:
    """A contents printed as a grid: per row, the number cell and the title beside it."""
    out = []
    for row in block.rows:
        texts = [cell.text.strip() for cell in row if not cell.repeated]
        texts = [t for t in texts if t]
        if len(texts) < 2 or any(_GRID_HEADER.search(t) for t in texts[:2]):
            continue
        number, title = texts[0], texts[1]
        if not NUMBERING.match(number + "、") and not NUMBERING.match(number):
            continue
        out.append(_Entry(f"{number} {title}", None, row[0].provenance))
    return out


def _page_entries(blocks: Sequence[Block]) -> bool:
    """Whether every line of a page (page numbers aside) is a contents entry: a contents that
    continues on the next page."""
    lines = [b for b in blocks if b.kind != "grid" and not is_page_number(b.text)]
    return len(lines) >= 3 and all(_entry_like(*_split(b.text)[::2]) for b in lines)


def _contents_at(blocks: Sequence[Block], start: int, unit: str) -> tuple[list[_Entry], set[int]]:
    """The entries that follow the 目录 line at ``start``, and the blocks they take."""
    entries: list[_Entry] = []
    taken = {id(blocks[start])}
    keys: set[str] = set()
    page = blocks[start].provenance.page
    continued = False
    index = start + 1
    while index < len(blocks):
        block = blocks[index]
        if block.provenance.page != page:
            if continued or block.provenance.page != (page or 0) + 1:
                break
            following = [b for b in blocks[index:] if b.provenance.page == block.provenance.page]
            if not _page_entries(following):
                break
            page = block.provenance.page
            continued = True
        if block.kind == "grid":
            rows = _grid_entries(block)
            if not rows:
                break
            entries += rows
            taken.add(id(block))
            index += 1
            continue
        if is_page_number(block.text):
            taken.add(id(block))
            index += 1
            continue
        title, number, leader = _split(block.text)
        if (
            entries
            and entries[-1].page is None
            and len(entries[-1].title) >= _WRAPPED_CHARS
            and title
            and len(title) <= _CONTINUATION_CHARS
            and not NUMBERING.match(title)
            and not _SENTENCE.search(title[:-1])
        ):
            last = entries[-1]  # a long entry wrapped onto the next line (with its page number)
            last.title += title
            last.page = number
        elif _entry_like(title, leader):
            key = entry_key(title, unit)
            if key and key in keys:
                break  # the document's first heading, printed under the contents
            keys.add(key)
            entries.append(_Entry(title, number, block.provenance))
        else:
            break
        taken.add(id(block))
        index += 1
    return entries, taken


def _candidates(files: Sequence[Sequence[Block]], taken: set[int]) -> list[tuple[str, Provenance]]:
    """Every line outside the contents, alone and joined with the one or two after it on its page,
    and every title printed inside a grid (a row of one merged cell), with the provenance of its
    first line, in reading order."""
    out: list[tuple[tuple[int, int, int], str, Provenance]] = []
    for number, blocks in enumerate(files):
        lines = []
        for block in blocks:
            if id(block) in taken:
                continue
            if block.kind != "grid":
                lines.append(block)
                continue
            for row in block.rows[:2]:
                texts = {cell.text.strip() for cell in row if cell.text.strip()}
                if len(texts) == 1 and row:
                    out.append(((number, row[0].provenance.page or 0, 0), texts.pop(), row[0].provenance))
        for index, block in enumerate(lines):
            where = (number, block.provenance.page or 0, block.provenance.line or 0)
            text = block.text
            out.append((where, text, block.provenance))
            for following in lines[index + 1 : index + 3]:
                if following.provenance.page != block.provenance.page:
                    break
                text += following.text
                out.append((where, text, block.provenance))
    out.sort(key=lambda item: item[0])
    return [(text, provenance) for _, text, provenance in out]


def _names(key: str, line: str) -> bool:
    """Whether a line names the entry: the same key, or the entry's key and more (a heading printed
    with its first sentence, or with a closing 说明)."""
    if not key or not line:
        return False
    return key == line or (len(key) >= 4 and line.startswith(key))


def read_contents(files: Sequence[Sequence[Block]], unit: str = "") -> list[ContentsEntry]:
    """The contents of a publication read from one file or several (each file's blocks), with where
    the document prints each entry."""
    entries: list[_Entry] = []
    taken: set[int] = set()
    for blocks in files:
        for index, block in enumerate(blocks):
            if block.kind == "grid" or id(block) in taken or not _CONTENTS.match(block.text.strip()):
                continue
            found, used = _contents_at(blocks, index, unit)
            entries += found
            taken |= used
    if not entries:
        return []
    candidates = [(entry_key(text, unit), provenance) for text, provenance in _candidates(files, taken)]
    out = []
    for entry in entries:
        key = entry_key(entry.title, unit)
        places = _places(candidates, lambda line, key=key: _names(key, line))  # type: ignore[misc]
        near = [] if places or not key else _places(candidates, _close_to(key))
        out.append(
            ContentsEntry(
                title=entry.title, page=entry.page, provenance=entry.provenance, found=places, near=near
            )
        )
    return out


def _places(candidates: list[tuple[str, Provenance]], names: Callable[[str], bool]) -> list[Provenance]:
    places: list[Provenance] = []
    for line, provenance in candidates:
        if names(line) and (not places or places[-1] is not provenance):
            places.append(provenance)
            if len(places) >= _FOUND:
                break
    return places


def _close_to(key: str) -> Callable[[str], bool]:
    """Whether a line's key is close to ``key``: most of their characters agree in order, or nearly
    all of them in another order (政府性基金财政拨款支出预算表 / 财政拨款政府性基金支出预算表)."""
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(key)

    def close(line: str) -> bool:
        if not line:
            return False
        short, long = sorted((line, key), key=len)
        if len(short) >= 4 and len(short) >= _CONTAINED * len(long) and short in long:
            return True  # a word more or less (二、2021 年年度部门工作任务 / 二、2021 年度部门工作任务)
        matcher.set_seq1(line)
        if matcher.real_quick_ratio() < _NEAR:
            return False
        quick = matcher.quick_ratio()
        return quick >= _SAME_CHARACTERS or (quick >= _NEAR and matcher.ratio() >= _NEAR)

    return close


_EMPTY_REASON = re.compile(r"空表理由|空表原因|为空表的?理由")


def empty_table_reasons(blocks: Sequence[Block]) -> list[str]:
    """The reasons a contents grid gives for the tables it marks empty (xian/02 p.2: 表9 | 2019年
    部门综合预算政府性基金收支表 | 是 | 本单位无政府性基金预算), one remark per table: "表9
    2019年…收支表：本单位无政府性基金预算（目录所列空表理由）"."""
    remarks = []
    for block in blocks:
        if block.kind != "grid":
            continue
        column = None
        for row in block.rows:
            texts = [re.sub(r"\s+", "", cell.text) for cell in row]
            if column is None:
                column = next((i for i, t in enumerate(texts) if _EMPTY_REASON.search(t)), None)
                continue
            reason = texts[column] if column < len(texts) else ""
            label = " ".join(dict.fromkeys(t for t in texts[:column] if t and t not in ("是", "否")))
            if reason and label and not _EMPTY_REASON.search(reason):
                remarks.append(f"{label}：{reason}（目录所列空表理由）")
    return remarks
