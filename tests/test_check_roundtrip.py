"""No false alarms on the files yusuan builds: reading a built DOCX, PDF, HTML or XLSX back and
checking it finds what checking the budget finds, and nothing else.

The Korla example's findings are true statements about the published budget (see
examples/korla-2024/README.md). What a file adds is listed here with the reason it is true of the
printed file: the builder's remarks (shown by ``yusuan build``, not printed) explain some gaps to
the preparer, and a reader of the file cannot see them.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from ownfiles import OwnFiles
from rulekit import ALL_LAYOUTS, FICTIONAL, KORLA, built
from yusuan.check.runner import check_document
from yusuan.model.document import Document
from yusuan.read.reader import read_document

# Findings the printed file has beyond the budget's, by (budget, layout): each is true of the file.
EXTRA: dict[tuple[str, str], Counter[str]] = {
    # The Korla budget gives the operating expenses but not their economic breakdown: the Jiangsu
    # 表十 is printed empty, without a note (the builder tells the preparer so).
    ("korla", "jiangsu-2017-dept"): Counter({"complete.W001": 1}),
    ("korla", "jiangsu-2018-dept"): Counter({"complete.W001": 1}),
    # The fictional budget has no operating expenses and no procurement: the Jiangsu 表十 and 表十二
    # are printed empty without a note. (Their sections, with nothing to say, are left out.)
    ("fictional", "jiangsu-2017-dept"): Counter({"complete.W001": 2}),
    ("fictional", "jiangsu-2018-dept"): Counter({"complete.W001": 2}),
    # Suzhou 公开12表 (机关运行经费 by economic subject) is empty for the same reason as Jiangsu's 表十
    ("korla", "suzhou-2026-dept"): Counter({"complete.W001": 1}),
    ("korla", "suzhou-2026-unit"): Counter({"complete.W001": 1}),
    ("fictional", "suzhou-2026-dept"): Counter({"complete.W001": 1}),
    ("fictional", "suzhou-2026-unit"): Counter({"complete.W001": 1}),
    # (The fictional budget is of 2025: built in the 2019–2022 Xi'an form, it was read back in the
    # 2025 one, the same tables and a tie going to the layout of the document's year, and two of
    # that layout's sections were "missing". Its text prints none of the 2025 headings, so the
    # reader now keeps to the 2019 form, and the file checks like the budget.)
}


def rules(document: object) -> Counter[str]:
    return Counter(f.rule for f in check_document(document).findings)  # type: ignore[arg-type]


def left_out(document: Document) -> Counter[str]:
    """The required sections the builder left out for want of anything to say (its remarks say
    so, and the check of the built document accepts them): the printed file lacks them."""
    bare = document.model_copy(deep=True)
    bare.remarks = [remark for remark in bare.remarks if "这一部分未写入文件" not in remark]
    only = {"complete.E002"}
    return Counter(f.rule for f in check_document(bare, only=only).findings) - Counter(
        f.rule for f in check_document(document, only=only).findings
    )


SOURCES = {"korla": KORLA, "fictional": FICTIONAL}


@cache
def _expected(name: str, layout: str) -> Counter[str]:
    """What checking the file should find: what checking the built document finds, and the extras."""
    document = built(SOURCES[name], layout)
    return rules(document) + EXTRA.get((name, layout), Counter()) + left_out(document)


def expected(name: str, layout: str) -> Counter[str]:
    return _expected(name, layout).copy()


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
@pytest.mark.parametrize("layout", ALL_LAYOUTS)
@pytest.mark.parametrize("name", ["korla", "fictional"])
def test_built_files_check_like_the_budget(own_file: OwnFiles, name: str, layout: str, fmt: str) -> None:
    found = rules(read_document(own_file(SOURCES[name], layout, fmt)).document)
    assert found == expected(name, layout)


@pytest.mark.parametrize("layout", ALL_LAYOUTS)
@pytest.mark.parametrize("name", ["korla", "fictional"])
def test_built_workbooks_add_nothing(own_file: OwnFiles, name: str, layout: str) -> None:
    """A workbook holds the tables alone: the findings about the text cannot show, and nothing may
    be added (its empty tables carry their notes in the sheet)."""
    found = rules(read_document(own_file(SOURCES[name], layout, "xlsx")).document)
    assert found - expected(name, layout) == Counter()
