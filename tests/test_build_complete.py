"""A built document is complete in every layout: subject names at every level (the budget's, the
catalogue's, or the name published documents print, said so), and no heading without text."""

from __future__ import annotations

import re

import pytest

from yusuan.budgetfile import load_budget
from yusuan.compute import compute
from yusuan.compute import figures as figures_module
from yusuan.generate import build_document
from yusuan.layout import available_layouts, load_layout
from yusuan.layout.sections import without_empty
from yusuan.model.document import Document, Section

from conftest import FICTIONAL, KORLA


def build(source: object, layout: str, **names: str) -> Document:
    budget = load_budget(source)  # type: ignore[arg-type]
    budget.subject_names.update(names)
    return build_document(budget, load_layout(layout), compute(budget))


def unnamed_rows(document: Document) -> list[tuple[str, str]]:
    """(table key, code) of every row (item or subtotal) that prints a code but no name."""
    out = []
    for table in document.tables:
        titles = [c.title for c in table.columns]
        names = [i for i, title in enumerate(titles) if "名称" in title]
        if not names:
            continue
        for row in table.rows:
            texts = [c.text for c in row.cells]
            code = "".join(t for i, t in enumerate(texts) if i < names[0] and re.fullmatch(r"\d+", t))
            if row.kind != "total" and code and not texts[names[0]].strip():
                out.append((table.key, code))
    return out


@pytest.mark.parametrize(
    "layout", ["shanghai-2023-dept", "shanghai-2026-unit", "jiangsu-2017-dept", "jiangsu-2018-dept"]
)
@pytest.mark.parametrize("source", [KORLA, FICTIONAL], ids=["korla", "fictional"])
def test_every_printed_code_has_a_name(source: object, layout: str) -> None:
    assert unnamed_rows(build(source, layout)) == []


def test_names_printed_by_other_documents_are_cited() -> None:
    document = build(KORLA, "shanghai-2023-dept")
    expenditure = document.table("expenditure")
    rows = {"".join(c.text for c in r.cells[:3]): r.cells[3].text for r in expenditure.rows}
    assert rows["20805"] == "行政事业单位养老支出" and rows["20103"] == "政府办公厅（室）及相关机构事务"
    same_year, other_year = (r for r in document.remarks if "名称预算和 2024 年科目表中都没有" in r)
    assert same_year.startswith(
        "科目 20805“行政事业单位养老支出”、21011“行政事业单位医疗”、22102“住房改革支出”（表2、3、5）"
    )
    assert (
        "取自 2024 年公开文件印出的名称（shanghai-putuo/sh-putuo-wanli-subdistrict_2024_dept-budget.pdf）"
        in same_year
    )
    assert other_year.startswith("科目 20103“政府办公厅（室）及相关机构事务”（表2、3、5）")
    assert "取自 2025 年公开文件" in other_year and "subject_names" in other_year


def test_the_budgets_own_name_wins_and_is_not_remarked() -> None:
    document = build(KORLA, "jiangsu-2017-dept", **{"20103": "政府办公厅（室）及相关机构事务支出"})
    fiscal = document.table("fiscal_expenditure")
    assert [c.text for c in fiscal.rows[2].cells[:2]] == ["20103", "政府办公厅（室）及相关机构事务支出"]
    assert not any("20103“" in remark for remark in document.remarks)


def test_an_unknown_name_tells_the_preparer_which_and_where(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures_module, "evidence_years", lambda kind: [])  # no document prints any
    document = build(KORLA, "jiangsu-2018-dept")
    unknown = [r for r in document.remarks if "没有名称" in r]
    assert [r.split("没有名称")[0] for r in unknown] == [
        "科目 20103 ",
        "科目 20805 ",
        "科目 21011 ",
        "科目 22102 ",
    ]
    assert unknown[0].startswith("科目 20103 没有名称（表05、07中名称空缺）")
    assert 'subject_names: {"20103": 科目名称}' in unknown[0] and "yusuan reference import" in unknown[0]


@pytest.mark.parametrize("layout", sorted(available_layouts()))
@pytest.mark.parametrize("source", [KORLA, FICTIONAL], ids=["korla", "fictional"])
def test_no_heading_without_text(source: object, layout: str) -> None:
    document = build(source, layout)
    stack = [*document.profile, *document.sections]
    while stack:
        section = stack.pop()
        assert section.paragraphs or section.subsections, (layout, section.heading)
        stack += section.subsections


def test_a_left_out_section_is_said_and_the_rest_numbered_on() -> None:
    document = build(KORLA, "jiangsu-2017-dept")
    assert [s.heading for s in document.profile] == ["一、主要职能", "二、部门机构设置和所属单位情况"]
    said = [r for r in document.remarks if "这一部分未写入文件" in r]
    assert len(said) == 2 and said[0].startswith("“二、2024年度部门主要工作任务及目标”没有可用的文字模板")
    assert "jiangsu-2017-dept/tasks.j2 或 tasks.j2" in said[0]


def test_renumbering_keeps_the_style_and_leaves_other_numbering() -> None:
    def sections(*numbers: str | None, empty: tuple[int, ...] = ()) -> list[Section]:
        return [
            Section(key=f"s{i}", number=n, title=f"标题{i}", paragraphs=[] if i in empty else ["正文。"])
            for i, n in enumerate(numbers)
        ]

    kept = without_empty(sections("（一）", "（二）", "（三）", empty=(1,)))
    assert [s.heading for s in kept] == ["（一）标题0", "（二）标题2"]
    kept = without_empty(sections("一", "二", "三", "四", empty=(0, 2)))
    assert [s.heading for s in kept] == ["一、标题1", "二、标题3"]
    kept = without_empty(sections("三", "五", "六", empty=(1,)))  # not a run from 一: left as printed
    assert [s.heading for s in kept] == ["三、标题0", "六、标题2"]
    assert without_empty(sections(None, None, empty=(0, 1))) == []


def test_parts_with_nothing_to_print_are_left_out() -> None:
    budget = load_budget(FICTIONAL)
    budget.glossary = []
    document = build_document(budget, load_layout("shanghai-2023-dept"), compute(budget))
    assert [part.key for part in document.parts][:3] == ["profile", "section:budget_notes", "tables"]
