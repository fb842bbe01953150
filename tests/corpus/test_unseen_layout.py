"""A document of a layout yusuan has no profile for, as a new region's would be: corpus documents
read with their own region's profiles hidden (what bench/holdout.py does for the whole corpus).

Before the reader weighed the text against the tables, shanghai-city documents read without the
Shanghai profiles were taken for the Xinjiang layout (fit 0.50-0.70 on tables with common titles)
and got three false completeness errors each; Quanzhou's got "支出总计与各类支出之和不符" from
rows taken for its classes by another layout's table (now a notice). The corpus is found by tests/corpusdir.py; where it is absent the tests skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

import yusuan.layout.genre as genre
import yusuan.layout.profile as profile
from corpusdir import CORPUS, need_corpus
from yusuan.check.finding import Severity
from yusuan.check.runner import check_document
from yusuan.read.reader import read_publication
from yusuan.read.tables.titles import title_index


@pytest.fixture
def without(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Hide the profiles whose ids start with a prefix (the genre keeps its column specs)."""
    everything = dict(profile.available_layouts())
    original = profile._profile_files

    def hide(prefix: str) -> None:
        monkeypatch.setattr(genre, "available_layouts", lambda: everything)
        monkeypatch.setattr(
            profile,
            "_profile_files",
            lambda: {k: v for k, v in original().items() if not k.startswith(prefix)},
        )
        _forget()

    yield hide
    monkeypatch.undo()
    _forget()


def _forget() -> None:
    """The caches made from the layouts on first use."""
    profile.available_layouts.cache_clear()
    title_index.cache_clear()


def _read(pattern: str) -> Path:
    need_corpus()
    found = sorted(CORPUS.glob(pattern))
    if not found:
        pytest.skip(f"语料库中没有 {pattern}")
    return found[0]


def test_a_shanghai_unit_budget_is_not_forced_into_the_xinjiang_layout(without) -> None:  # type: ignore[no-untyped-def]
    path = _read("shanghai-city/16_*.pdf")
    without("shanghai-")
    document = read_publication([path]).document
    assert document.layout == "unknown"
    report = check_document(document)
    assert [
        f for f in report.findings if f.rule.startswith("complete.") and f.severity is Severity.ERROR
    ] == []
    # the fiscal summary's two 合计 columns (the Xinjiang profile's) went to the printed 预算数 and 合计
    fiscal = document.table("fiscal_summary")
    total = next(row for row in fiscal.rows if row.kind == "total")
    assert [c.text for c in total.cells[:4]] == ["收入总计", "866,296", "支出总计", "866,296"]


def test_class_rows_read_as_nothing_are_not_a_total_mismatch(without) -> None:  # type: ignore[no-untyped-def]
    path = _read("quanzhou/01_*.pdf")
    without("fuzhou-")
    report = check_document(read_publication([path]).document)
    assert [
        f.message for f in report.findings if f.rule == "arith.E006" and f.severity is Severity.ERROR
    ] == []


def test_a_table_whose_title_no_layout_knows_does_not_go_on_the_one_before(without) -> None:  # type: ignore[no-untyped-def]
    # js-party-cttee-office_2018 tables pp.13-14: "2018年政府采购预算表部门：… 单位：万元" merged across
    # the first row of p.14's grid. Read as the 机关运行经费 table's continuation, its 合计 1,449.50
    # replaced that table's 2,094.58 and gave a false arith.E003
    need_corpus()
    files = sorted(CORPUS.glob("jiangsu-province/js-party-cttee-office_2018_dept-budget-t*.pdf"))
    if len(files) != 2:
        pytest.skip("语料库中没有 js-party-cttee-office_2018")
    without("jiangsu-")
    document = read_publication(files).document  # text first, then tables (sorted: -tables, -text)
    operating = next(t for t in document.tables if "机关运行经费" in t.title)
    total = next(row for row in operating.rows if row.kind == "total")
    assert [c.value for c in total.cells if c.value is not None] == [Decimal("2094.58")]
    report = check_document(document)
    assert [f.message for f in report.findings if f.severity is Severity.ERROR] == []


def test_the_units_part_headings_leave_no_template_gloss(without) -> None:  # type: ignore[no-untyped-def]
    # shanghai-city/01 p.3: "上海市医疗保险事业管理中心（单位）主要职能" is the part's heading, not a
    # "XX（单位）" gloss left in a sentence (wording.W005, twice per document before)
    path = _read("shanghai-city/01_*.pdf")
    without("shanghai-")
    report = check_document(read_publication([path]).document)
    assert [f.message for f in report.findings if f.rule == "wording.W005"] == []


def test_a_projects_amount_against_the_project_list_needs_no_layout(without) -> None:  # type: ignore[no-untyped-def]
    # zhuhai/01 pp.33-34 (keyed): 拱北口岸和青茂口岸设施设备维保费 175 in the text, 234.48 in the list
    path = _read("zhuhai/01_*.pdf")
    without("zhuhai-")
    document = read_publication([path]).document
    assert document.layout == "unknown"
    report = check_document(document, only={"project.E001"})
    assert sorted(f.message.split("：")[0] for f in report.findings) == [
        "项目“拱北口岸和青茂口岸设施设备维保费”",
        "项目“辅助人员补助经费-拱北海关”",
    ]


@pytest.mark.parametrize(
    ("pattern", "hidden", "read_in"),
    [
        # Jiangsu 2018, read in the 2017 profile: "一、收支预算总表情况说明" is the 2017 heading
        ("jiangsu-province/js-high-court_2018_dept-budget.pdf", "jiangsu-2018", "jiangsu-2017-dept"),
        # a Shanghai 单位 budget read in the 部门 profile: 项目经费情况说明 is a 部门 section
        ("shanghai-city/09_*.pdf", "shanghai-2026-unit", "shanghai-2023-dept"),
    ],
    ids=["another-year", "another-scope"],
)
def test_a_sibling_layout_asks_for_its_sections_as_notices(without, pattern, hidden, read_in) -> None:  # type: ignore[no-untyped-def]
    path = _read(pattern)
    without(hidden)
    document = read_publication([path]).document
    assert document.layout == read_in
    report = check_document(document, only={"complete.E001", "complete.E002"})
    assert report.findings, "the sibling layout still names what it would require"
    assert {f.severity for f in report.findings} == {Severity.NOTICE}
    assert all("所用版式" in f.message for f in report.findings)
