"""Pages and the table of contents: no blank page inside the document; the contents list what the
document holds, in the order it prints them, with page numbers that point to the right page.

These rules read the page facts and the contents the reader keeps for PDFs (``Document.pages``,
``Document.contents``); for other formats both are empty and the rules say nothing. A publication
printed in several files (the text in one PDF, the tables in another) keeps each page's file: a
page is inside its own file or not, an entry's page number and order are checked in the file that
prints the contents, and an entry printed in another file is held by the publication.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from yusuan.check.context import CheckContext
from yusuan.check.finding import Hint, Location
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.model.document import ContentsEntry, PageFacts, Provenance

_PART = re.compile(r"^\s*第[一二三四五六七八九十]+部分")
_ONE = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")
_TWO = re.compile(r"^\s*[（(][一二三四五六七八九十]+[)）]")
_THREE = re.compile(r"^\s*[0-9]+\s*[、.．]")
_TABLE = re.compile(
    r"^\s*(?:公开\s*[0-9]+\s*表|附表\s*[0-9一二三四五六七八九十]+|表\s*[0-9一二三四五六七八九十]+)"
)
# a cover: a page of at most this many lines of text (title, unit, date)
_COVER_LINES = 4
# entries out of order are reported only while they are at most one in this many of those placed,
# and only where at least _ANCHORED entries are placed
_ASTRAY = 4
_ANCHORED = 4


def _files(ctx: CheckContext) -> list[tuple[str | None, list[PageFacts]]]:
    """The pages by file, in reading order."""
    out: list[tuple[str | None, list[PageFacts]]] = []
    for page in ctx.document.pages:
        if not out or out[-1][0] != page.file:
            out.append((page.file, []))
        out[-1][1].append(page)
    return out


def _blank(page: PageFacts) -> bool:
    return not (page.text or page.image or page.drawing)


def _page_name(page: PageFacts) -> str:
    return f"第{page.page}页" + (f"（页码 {page.printed}）" if page.printed is not None else "")


@rule(
    "page.W001",
    "文档中间不应有空白页",
    "No blank page inside the document",
    "公开文本中间出现的空白页（没有文字、图片或表格线，至多印有页码或页眉）多为排版时多出的分页，"
    "审核时作为版式问题指出。封面前后、文末的空白页，紧跟在封面或分部分扉页之后的空白页（双面印刷的"
    "背面），以及印有“此页无正文”等字样的页不报。只核对 PDF；分文件公开的，每个文件分别核对。",
)
def blank_page(ctx: CheckContext, report: Reporter) -> None:
    for _, pages in _files(ctx):
        content = [index for index, page in enumerate(pages) if not _blank(page)]
        if not content:
            continue
        for index in range(content[0] + 1, content[-1]):
            page = pages[index]
            if not _blank(page):
                continue
            before = pages[index - 1]
            if (
                not _blank(before)
                and not before.image
                and not before.drawing
                and before.lines <= _COVER_LINES
            ):
                continue  # the back of a cover or a part's title page, left blank for two-sided printing
            after = next(p for p in pages[index + 1 :] if not _blank(p))
            previous = next(p for p in reversed(pages[:index]) if not _blank(p))
            report(
                f"{_page_name(page)}是空白页（除页码、页眉外没有任何内容），前一页{_page_name(previous)}、"
                f"后一页{_page_name(after)}都有内容",
                f"page {page.page}"
                + (f" (numbered {page.printed})" if page.printed is not None else "")
                + f" is blank between pages {previous.page} and {after.page}, which have content",
                Hint(
                    "删去空白页；确需留空的，注明“此页无正文”",
                    "Remove the blank page; if it must stay, mark it “此页无正文” (no text on this page)",
                ),
                Location(section="版面"),
                Provenance(file=page.file, page=page.page),
            )


def _level(title: str) -> int | None:
    """The numbering level of an entry: 第一部分 0, 一、1, （一）2, 1. 3, a table number 4."""
    for level, pattern in enumerate((_PART, _ONE, _TWO, _THREE, _TABLE)):
        if pattern.match(title):
            return level
    return None


def _grouping(entries: list[ContentsEntry], index: int) -> bool:
    """Whether an entry heads a group of two or more entries numbered alike at another level, up to
    the next entry numbered like it (五、部门预算表 over 1. … 9.; 一、文字部分 over 第一部分 …
    第九部分): a heading of the contents, which the document need not print, as long as an entry of
    its group is printed."""
    level = _level(entries[index].title)
    if level is None:
        return False
    group = []
    for entry in entries[index + 1 :]:
        if _level(entry.title) == level:
            break
        group.append(entry)
    levels = {_level(entry.title) for entry in group}
    return (
        len(group) >= 2 and len(levels) == 1 and None not in levels and any(e.found or e.near for e in group)
    )


def _scanned(ctx: CheckContext) -> bool:
    """Whether some page is an image without text (a scan): what it prints cannot be looked for."""
    return any(page.image and not page.text for page in ctx.document.pages)


def _contents(ctx: CheckContext) -> Iterator[list[ContentsEntry]]:
    """The tables of contents, one by one (a document may print one for its text and one for its
    tables): entries printed on the same or the next page of the same file belong together. Only
    entries read from a file: a built document's contents list its own headings by construction."""
    group: list[ContentsEntry] = []
    for entry in ctx.document.contents:
        if entry.provenance is None:
            continue
        here = entry.provenance
        last = group[-1].provenance if group else None
        if (
            group
            and here is not None
            and last is not None
            and (here.file != last.file or (here.page or 0) - (last.page or 0) > 1)
        ):
            yield group
            group = []
        group.append(entry)
    if group:
        yield group


@rule(
    "page.W002",
    "目录所列内容应在文档中",
    "What the contents list is in the document",
    "目录列出的每一部分、每一节和每张表都应在文档中印出。比较时不计空格、标点、编号、年度、"
    "单位名称和“部门/单位”等字样，措辞略有出入（如“主要职能”与“主要职责”）的算作印出；目录中的"
    "分组标题（如“一、文字部分”“五、部门预算表”，其下各项已印出）不要求单独印出。文档含扫描页时不报。"
    "只核对 PDF；分文件公开的，在各文件中查找。",
)
def contents_held(ctx: CheckContext, report: Reporter) -> None:
    if _scanned(ctx):
        return
    for entries in _contents(ctx):
        for index, entry in enumerate(entries):
            if entry.found or entry.near or _grouping(entries, index):
                continue
            report(
                f"目录列有“{entry.title}”，文档中没有印出这一标题（正文和表格中均未找到）",
                f"the contents list “{entry.title}”, which the document does not print",
                Hint(
                    "补上目录所列的部分或表；确实没有的，从目录中删去",
                    "Add the part or table the contents list; if there is none, remove it from the contents",
                ),
                Location(section="目录", sentence=entry.title),
                entry.provenance,
            )


def _printed_pages(pages: list[PageFacts]) -> dict[int, PageFacts] | None:
    """The file's pages by their printed numbers, where the numbers run one way (each numbered page
    a higher number than the one before it) and at least three pages are numbered; None where the
    numbering restarts or is too sparse to tell."""
    numbered = {page.printed: page for page in pages if page.printed is not None}
    numbers = list(numbered)
    if len(numbers) < 3 or len(numbers) != sum(1 for page in pages if page.printed is not None):
        return None
    if any(b <= a for a, b in itertools.pairwise(numbers)):
        return None
    return numbered


def _page_for(number: int, pages: list[PageFacts], printed: dict[int, PageFacts]) -> PageFacts | None:
    """The page that prints ``number``, or, where that page prints no number (a part's title page),
    the page between two numbered pages whose numbers and places agree (page 5 printed 3 and page 7
    printed 5 put number 4 on page 6)."""
    if number in printed:
        return printed[number]
    lower = max((n for n in printed if n < number), default=None)
    upper = min((n for n in printed if n > number), default=None)
    if lower is None or upper is None:
        return None
    low, high = printed[lower], printed[upper]
    if high.page - low.page != upper - lower:
        return None
    place = low.page + (number - lower)
    return next((page for page in pages if page.page == place and page.printed is None), None)


@rule(
    "page.W003",
    "目录页码应指向所列标题所在页",
    "The contents' page numbers point to the page of the heading",
    "目录给出页码的，页码应是该标题（部分、节或表的标题）所印那一页的页码。页码按页脚、页眉印出的"
    "页码对应到实际页；页码中途重新编排或对应关系不清时不报，标题在文档中印出于不同的几页而无一页"
    "是目录所给的页时也不报。标题在文档中找不到的，由 page.W002 报告。只核对 PDF，并且只在印有目录的"
    "文件内核对。",
)
def contents_pages(ctx: CheckContext, report: Reporter) -> None:
    files = dict(_files(ctx))
    for entry in ctx.document.contents:
        if entry.page is None or entry.provenance is None or not entry.found:
            continue
        file = entry.provenance.file
        pages = files.get(file)
        if not pages:
            continue
        printed = _printed_pages(pages)
        if printed is None:
            continue
        target = _page_for(entry.page, pages, printed)
        if target is None:
            continue
        here = [p for p in entry.found if p.file == file and (p.page or 0) > (entry.provenance.page or 0)]
        if not here or any(p.page == target.page for p in here):
            continue
        if len({p.page for p in here}) > 1:
            continue  # printed on several pages, none the one given: which is meant is unclear
        where = next(page for page in pages if page.page == here[0].page)
        shown = f"第 {where.printed} 页" if where.printed is not None else f"第{where.page}页（未印页码）"
        report(
            f"目录：“{entry.title}”在第 {entry.page} 页；文档中该标题印在{shown}",
            f"the contents put “{entry.title}” on page {entry.page}; the document prints it on "
            + (f"page {where.printed}" if where.printed is not None else f"page {where.page} (unnumbered)"),
            Hint(
                "按标题实际所在页更正目录页码（更新目录域）",
                "Correct the page number in the contents to where the heading is printed (update the contents field)",
            ),
            Location(section="目录", sentence=entry.title),
            entry.provenance,
        )


Place = tuple[int, int]  # (page, line)


def _in_order(places: list[Place]) -> set[int]:
    """The indexes of one longest run of places in reading order (not necessarily adjacent)."""
    length = [1] * len(places)
    back: list[int | None] = [None] * len(places)
    for i, place in enumerate(places):
        for j in range(i):
            if places[j] <= place and length[j] + 1 > length[i]:
                length[i], back[i] = length[j] + 1, j
    chain: set[int] = set()
    at = max(range(len(places)), key=lambda i: length[i]) if places else None
    while at is not None:
        chain.add(at)
        at = back[at]
    return chain


@rule(
    "page.W004",
    "目录顺序应与文档一致",
    "The contents list the document in its order",
    "目录各项的先后应与文档中印出的先后一致。只比较在文档中只印出一处、并且印在目录之后的标题"
    "（说明部分以表名作小标题的，表名印出两处，不作比较）；个别项顺序不符时逐项报告，多数项顺序"
    "不符（目录与文档的结构不同）时不报。分文件公开的（文字与表格各一个文件）不核对顺序。只核对 PDF。",
)
def contents_order(ctx: CheckContext, report: Reporter) -> None:
    if len(_files(ctx)) > 1:
        return
    for entries in _contents(ctx):
        end = entries[-1].provenance
        if end is None:
            continue
        after = (end.page or 0, end.line or 0)
        anchored = [
            (index, (entry.found[0].page or 0, entry.found[0].line or 0))
            for index, entry in enumerate(entries)
            if len(entry.found) == 1 and (entry.found[0].page or 0, entry.found[0].line or 0) > after
        ]
        if len(anchored) < _ANCHORED:
            continue
        chain = _in_order([place for _, place in anchored])
        astray = [k for k in range(len(anchored)) if k not in chain]
        if not astray or len(astray) * _ASTRAY > len(anchored):
            continue
        for k in astray:
            index, (page, _) = anchored[k]
            entry = entries[index]
            before = max((c for c in chain if c < k), default=None)
            following = min((c for c in chain if c > k), default=None)
            if before is not None and anchored[k][1] < anchored[before][1]:
                other, other_page = entries[anchored[before][0]], anchored[before][1][0]
                listed, printed, listed_en, printed_en = "之后", "之前", "after", "before"
            elif following is not None and anchored[k][1] > anchored[following][1]:
                other, other_page = entries[anchored[following][0]], anchored[following][1][0]
                listed, printed, listed_en, printed_en = "之前", "之后", "before", "after"
            else:
                continue
            report(
                f"目录中“{entry.title}”列在“{other.title}”{listed}；文档中“{entry.title}”印在第{page}页，"
                f"在“{other.title}”（第{other_page}页）{printed}",
                f"the contents list “{entry.title}” {listed_en} “{other.title}”; the document prints it on "
                f"page {page}, {printed_en} “{other.title}” (page {other_page})",
                Hint(
                    "按文档中的实际顺序调整目录（或调整文档各部分的顺序）",
                    "Order the contents as the document is ordered (or reorder the document's parts)",
                ),
                Location(section="目录", sentence=entry.title),
                entry.provenance,
            )
