"""Pages and the table of contents: blank pages, contents entries not printed, page numbers that
point elsewhere, entries out of order; and the page facts and contents the PDF reader keeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpusdir import corpus_file
from rulekit import JIANGSU, SHANGHAI, built, read
from yusuan.check.runner import check_document
from yusuan.model.document import ContentsEntry, Document, PageFacts, Provenance
from yusuan.read.contents import read_contents
from yusuan.read.reader import read_document
from yusuan.read.sections import page_number
from yusuan.read.stream import Block

PAGE = {"page.W001", "page.W002", "page.W003", "page.W004"}
FUZHOU_02 = "fuzhou/02_福州市公安局治安管理支队单位预算_2ba46bba.pdf"
FILE = "02_福州市公安局治安管理支队单位预算_2ba46bba.pdf"


def findings(document: Document, rule_id: str | None = None) -> list[str]:
    report = check_document(document, only=PAGE)
    return [f.message for f in report.findings if rule_id is None or f.rule == rule_id]


def document(pages: list[PageFacts] | None = None, contents: list[ContentsEntry] | None = None) -> Document:
    return Document(
        layout="unknown",
        year=2026,
        scope="单位",
        unit_name="福州市公安局治安管理支队",
        title="2026年度福州市公安局治安管理支队单位预算",
        pages=pages or [],
        contents=contents or [],
    )


def page(number: int, printed: int | None = None, **facts: object) -> PageFacts:
    values: dict[str, object] = {"text": True, "lines": 20}
    values.update(facts)
    return PageFacts(file=FILE, page=number, printed=printed, **values)  # type: ignore[arg-type]


def at(page: int, line: int | None = None) -> Provenance:
    return Provenance(file=FILE, page=page, line=line)


# fuzhou/02_福州市公安局治安管理支队单位预算 pp. 11-13: the table 四、财政拨款收支预算总表 (page 9),
# a page printing only its number 10, then 五、一般公共预算拨款支出预算表 (page 11)
FUZHOU_11_13 = [
    page(1, None, lines=3),  # the cover
    page(2, None),  # the contents
    page(11, 9, lines=4, drawing=True),
    page(12, 10, text=False, lines=0),
    page(13, 11, lines=3, drawing=True),
    page(14, 12, lines=2, drawing=True),
]


# ------------------------------------------------------------------ page.W001 blank pages


def test_w001_a_page_printing_only_its_number() -> None:
    [message] = findings(document(FUZHOU_11_13), "page.W001")
    assert message.startswith("第12页（页码 10）是空白页")
    assert "第11页（页码 9）" in message and "第13页（页码 11）" in message


def test_w001_not_the_back_of_a_cover_nor_the_last_page_nor_an_empty_grid() -> None:
    # js-npc-standing-cttee-office_2017_dept-budget.pdf: page 31 (the last) holds only a white box
    last = [page(29), page(30), page(31, text=False, lines=0)]
    # a cover of two lines and the blank back of it (printed on both sides)
    cover = [page(1, lines=2), page(2, text=False, lines=0), page(3)]
    # shanghai-city/18_2026_上海市数据局 page 11: the empty rows of the table of page 10, ruled, no text
    grid = [
        page(10, lines=3, drawing=True),
        page(11, text=False, lines=0, drawing=True),
        page(12, drawing=True),
    ]
    # xian/09_西安市医疗保障局 page 16: an organisation chart printed as an image
    image = [page(15), page(16, text=False, lines=0, image=True), page(17)]
    for pages in (last, cover, grid, image):
        assert findings(document(pages), "page.W001") == []


def test_w001_and_w003_on_the_corpus_document() -> None:
    read_back = read_document(corpus_file(FUZHOU_02)).document
    report = check_document(read_back, only=PAGE)
    blank = [f.provenance.page for f in report.findings if f.rule == "page.W001" and f.provenance]
    assert blank == [12, 15, 18, 22, 24]  # each prints only its page number (10, 13, 16, 20, 22)
    # 目录 (page 2): "二、单位预算单位构成 …… 2"; the heading opens page 3 (the PDF's page 5)
    [wrong] = [f.message for f in report.findings if f.rule == "page.W003"]
    assert wrong == "目录：“二、单位预算单位构成”在第 2 页；文档中该标题印在第 3 页"
    assert [f for f in report.findings if f.rule in ("page.W002", "page.W004")] == []


# ------------------------------------------------------------------ page.W002 entries not printed


def test_w002_an_entry_the_document_does_not_print() -> None:
    # xian/03_西安市人力资源和社会保障局2020年部门综合预算 page 1 lists "四、部门人员情况说明"; page 10
    # prints the staff paragraph under "四、部门预算收支情况说明"
    contents = [
        ContentsEntry(title="三、部门预算单位构成", provenance=at(1, 7), found=[at(9, 2)]),
        ContentsEntry(title="四、部门人员情况说明", provenance=at(1, 8)),
        ContentsEntry(title="第二部分 收支情况", provenance=at(1, 9), found=[at(11, 3)]),
    ]
    [message] = findings(document(contents=contents), "page.W002")
    assert message == "目录列有“四、部门人员情况说明”，文档中没有印出这一标题（正文和表格中均未找到）"


def test_w002_worded_differently_grouping_or_scanned() -> None:
    # huzhou/02_湖州市卫生健康委员会 page 2 lists "（八）关于…国有资本经营预算支出情况说明"; page 14
    # prints "（八）关于湖州市卫生健康委员会 2026 年国有资本经营预算情况说明"
    near = ContentsEntry(
        title="（八）关于湖州市卫生健康委员会2026年国有资本经营预算支出情况说明",
        provenance=at(2, 20),
        near=[at(14, 18)],
    )
    # shanghai-city/01_2026_上海市医疗保险事业管理中心 page 2: "五、单位预算表" heads 1. … 9., which
    # are printed; the heading itself is not
    group = [
        ContentsEntry(title="五、单位预算表", provenance=at(2, 6)),
        ContentsEntry(title="1. 2026年预算单位财务收支预算总表", provenance=at(2, 7), found=[at(7, 1)]),
        ContentsEntry(title="2. 2026年预算单位收入预算总表", provenance=at(2, 8), found=[at(8, 1)]),
        ContentsEntry(title="六、其他相关情况说明", provenance=at(2, 16), found=[at(20, 1)]),
    ]
    assert findings(document(contents=[near, *group]), "page.W002") == []
    # a page without text but with an image (a scan) might print the entry: nothing is said
    missing = ContentsEntry(title="四、部门人员情况说明", provenance=at(1, 8))
    scanned = [page(1), page(2, text=False, lines=0, image=True)]
    assert findings(document(scanned, [missing]), "page.W002") == []


# ------------------------------------------------------------------ page.W003 page numbers


# fuzhou/02 pages 3-6: numbered 1 to 4 (the contents, page 2, is not numbered)
FUZHOU_3_6 = [page(1, lines=3), page(2), page(3, 1, lines=2), page(4, 2), page(5, 3), page(6, 4, lines=2)]


def test_w003_a_page_number_pointing_to_the_page_before() -> None:
    contents = [
        ContentsEntry(title="一、单位主要职责", page=2, provenance=at(2, 3), found=[at(4, 1)]),
        ContentsEntry(title="二、单位预算单位构成", page=2, provenance=at(2, 4), found=[at(5, 1)]),
    ]
    [message] = findings(document(FUZHOU_3_6, contents), "page.W003")
    assert message == "目录：“二、单位预算单位构成”在第 2 页；文档中该标题印在第 3 页"


def test_w003_right_pages_and_unclear_numbering() -> None:
    right = [
        ContentsEntry(title="第一部分单位概况", page=1, provenance=at(2, 2), found=[at(3, 2)]),
        ContentsEntry(title="一、单位主要职责", page=2, provenance=at(2, 3), found=[at(4, 1)]),
        ContentsEntry(title="三、单位主要工作任务", page=3, provenance=at(2, 5), found=[at(5, 6)]),
    ]
    assert findings(document(FUZHOU_3_6, right), "page.W003") == []
    # a page whose number was not read (printed elsewhere than in the footer): the numbered pages
    # around it (2 on page 4, 4 on page 6) place number 3 on page 5
    unnumbered = [*FUZHOU_3_6]
    unnumbered[4] = page(5, None)
    assert findings(document(unnumbered, right), "page.W003") == []
    # numbering that starts again (a second part numbered from 1): which page 2 is meant is unclear
    restarted = [*FUZHOU_3_6, page(7, 1), page(8, 2)]
    wrong = [ContentsEntry(title="二、单位预算单位构成", page=2, provenance=at(2, 4), found=[at(5, 1)])]
    assert findings(document(restarted, wrong), "page.W003") == []


# ------------------------------------------------------------------ page.W004 order


# shanghai-city/01_2026_上海市医疗保险事业管理中心 page 2 lists these in this order; the document
# prints them on pages 3, 4, 5, 6 and 20
SHANGHAI_01 = [
    ("一、单位主要职能", 3),
    ("二、单位机构设置", 4),
    ("三、名词解释", 5),
    ("四、单位预算编制说明", 6),
    ("六、其他相关情况说明", 20),
]


def shanghai_contents(places: dict[str, int] | None = None) -> list[ContentsEntry]:
    return [
        ContentsEntry(title=title, provenance=at(2, line), found=[at((places or {}).get(title, printed), 1)])
        for line, (title, printed) in enumerate(SHANGHAI_01, start=2)
    ]


def test_w004_an_entry_printed_elsewhere_in_the_order() -> None:
    # the same document with its organisation chart moved to page 19 (a mutation)
    moved = shanghai_contents({"二、单位机构设置": 19})
    [message] = findings(document(contents=moved), "page.W004")
    assert message == (
        "目录中“二、单位机构设置”列在“三、名词解释”之前；文档中“二、单位机构设置”印在第19页，"
        "在“三、名词解释”（第5页）之后"
    )


def test_w004_the_listed_order_and_mostly_different_structures() -> None:
    assert findings(document(contents=shanghai_contents()), "page.W004") == []
    # most entries out of order: the contents describe another structure; nothing is said
    shuffled = shanghai_contents({"一、单位主要职能": 9, "二、单位机构设置": 8, "三、名词解释": 7})
    assert findings(document(contents=shuffled), "page.W004") == []


# ------------------------------------------------------------------ the reader


def lines(page: int, *texts: str) -> list[Block]:
    return [
        Block("paragraph", Provenance(file=FILE, page=page, line=n), text=t) for n, t in enumerate(texts, 1)
    ]


def test_reading_a_contents_with_leaders_and_page_numbers() -> None:
    # fuzhou/02 page 2 (the contents) and pages 3-5
    blocks = [
        *lines(
            2,
            "目录",
            "第一部分 单位概况......................................................................................................1",
            "一、单位主要职责........................................................................................................2",
            "二、单位预算单位构成 ................................................................................................ 2",
        ),
        *lines(3, "1", "第一部分", "单位概况"),
        *lines(4, "一、单位主要职责", "福州市公安局治安管理支队的主要职责是："),
        *lines(5, "二、单位预算单位构成", "从预算单位构成看，福州市公安局治安管理支队包括 9"),
    ]
    entries = read_contents([blocks], "福州市公安局治安管理支队")
    assert [(e.title, e.page) for e in entries] == [
        ("第一部分 单位概况", 1),
        ("一、单位主要职责", 2),
        ("二、单位预算单位构成", 2),
    ]
    # the part's title page prints 第一部分 and 单位概况 on two lines: both name the entry
    assert [[(p.page, p.line) for p in e.found] for e in entries] == [[(3, 2), (3, 3)], [(4, 1)], [(5, 1)]]


def test_reading_wrapped_entries_and_headings_worded_differently() -> None:
    # huzhou/02_湖州市卫生健康委员会2026年部门预算 page 2 (entries wrapped over two lines) and page 14
    blocks = [
        *lines(
            2,
            "目录",
            "（七）关于湖州市卫生健康委员会2026年政府性基金预算支出",
            "情况说明",
            "（八）关于湖州市卫生健康委员会2026年国有资本经营预",
            "算支出情况说明",
        ),
        *lines(
            14,
            "（七）关于湖州市卫生健康委员会 2026 年政府性基金预算支",
            "出情况说明",
            "（八）关于湖州市卫生健康委员会 2026 年国有资本经",
            "营预算情况说明",
        ),
    ]
    seventh, eighth = read_contents([blocks], "湖州市卫生健康委员会")
    assert seventh.title == "（七）关于湖州市卫生健康委员会2026年政府性基金预算支出情况说明"
    assert [(p.page, p.line) for p in seventh.found] == [(14, 1)]
    assert eighth.title == "（八）关于湖州市卫生健康委员会2026年国有资本经营预算支出情况说明"
    assert eighth.found == [] and (14, 3) in [(p.page, p.line) for p in eighth.near]


def test_the_contents_end_at_the_first_heading_printed_under_them() -> None:
    # jiangsu-province/js-procuratorate_2018_dept-budget.pdf page 2: the contents, then the first
    # part's heading at the foot of the page
    blocks = [
        *lines(
            2, "目 录", "第一部分 部门概况", "一、主要职能", "第四部分 名词解释", "第一部分 部门概况", "2"
        ),
        *lines(3, "一、主要职责", "人民检察院是国家的法律监督机关。"),
    ]
    entries = read_contents([blocks])
    assert [e.title for e in entries] == ["第一部分 部门概况", "一、主要职能", "第四部分 名词解释"]
    assert [(p.page, p.line) for p in entries[0].found] == [(2, 5)]
    assert entries[1].found == [] and [(p.page, p.line) for p in entries[1].near] == [(3, 1)]


@pytest.mark.parametrize("path", [SHANGHAI, JIANGSU], ids=["shanghai", "jiangsu"])
def test_page_facts_and_contents_of_the_samples(path: Path) -> None:
    read_back = read(path)
    assert read_back.pages and all(p.text for p in read_back.pages)
    assert len(read_back.contents) >= 15
    assert findings(read_back) == []


def test_page_numbers_read_from_the_footer() -> None:
    # jiangsu-procuratorate-2017-dept-budget.pdf numbers its pages 2 … 22 in the footer
    pages = read(JIANGSU).pages
    assert [p.printed for p in pages[1:22]] == list(range(2, 23))


def test_generated_documents_have_no_page_facts() -> None:
    """A built document has contents (its layout's, each entry naming what it lists) but no pages;
    the rules compare only contents read from a file, so they say nothing about it."""
    document = built()
    assert document.pages == [] and document.contents
    assert all(entry.key and entry.provenance is None for entry in document.contents)
    assert findings(document) == []


def test_an_entry_read_from_a_file_is_still_looked_for_beside_built_ones() -> None:
    document = built()
    read = ContentsEntry(title="七、没有这一部分", provenance=Provenance(page=2, line=9))
    document.contents = [*document.contents, read]
    assert findings(document) == [
        "目录列有“七、没有这一部分”，文档中没有印出这一标题（正文和表格中均未找到）"
    ]


def test_a_wrapped_entry_takes_the_page_number_of_its_second_line() -> None:
    # yusuan's own PDF of the Korla budget (xinjiang-2024-unit layout), contents on page 2
    blocks = [
        *lines(
            2,
            "目 录",
            "第三部分 2024 年单位预算情况说明 ........................................ 13",
            "一、关于库尔勒经济技术开发区管理委员会党政办公室 2024 年收支预算情况的总",
            "体说明 .................................................................... 13",
        ),
        *lines(
            13,
            "第三部分 2024 年单位预算情况说明",
            "一、关于库尔勒经济技术开发区管理委员会党政办公室 2024 年收支预算情况的总体说明",
        ),
    ]
    part, first = read_contents([blocks], "库尔勒经济技术开发区管理委员会党政办公室")
    assert (part.title, part.page) == ("第三部分 2024 年单位预算情况说明", 13)
    assert first.title.endswith("收支预算情况的总体说明") and first.page == 13
    assert [(p.page, p.line) for p in first.found] == [(13, 2)]


def test_a_heading_with_a_word_more_is_near() -> None:
    # shanghai-putuo/sh-putuo_2024_dept-final_BLANK-TEMPLATE.pdf: the contents (page 3) list
    # "十一、其他重要事项说明"; page 20 prints "十一、其他重要事项的情况说明"
    blocks = [
        *lines(3, "目 录", "十、预算绩效管理情况", "十一、其他重要事项说明"),
        *lines(20, "十一、其他重要事项的情况说明"),
    ]
    _, other = read_contents([blocks])
    assert other.found == [] and [(p.page, p.line) for p in other.near] == [(20, 1)]


def test_page_numbers_spaced_out() -> None:
    # fuzhou/05_福州市民政局(本级)单位预算 page 12 prints its number 10 as "1 0" (spaced digits)
    assert [page_number(t) for t in ("9", "1 0", "- 2 8 -", "第 3 页", "第 3 页 共 40 页")] == [
        9,
        10,
        28,
        3,
        3,
    ]
    assert page_number("1 0 万元") is None and page_number("一、收支预算总表") is None
