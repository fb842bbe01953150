"""Performance target tables continued over pages, as Xi'an 2026 prints them (read_performance)."""

from __future__ import annotations

from yusuan.model.document import Provenance
from yusuan.read.performance import read_performance
from yusuan.read.stream import Block, TextCell
from yusuan.read.tables.grids import Found

_AT = Provenance(file="x.pdf", page=73)


def _grid(*rows: tuple[str, ...]) -> Block:
    return Block("grid", _AT, rows=[[TextCell(text, _AT) for text in row] for row in rows])


def _found(*grids: Block) -> Found:
    return Found(
        title="部门专项业务经费绩效目标表", candidates=(), provenance=_AT, performance=True, grids=list(grids)
    )


_HEADER = ("", "一级指标", "二级指标", "三级指标", "指标值", "分值权重（90分）")


def _levels(found: Found) -> list[tuple[str, str, str]]:
    table, problems = read_performance(found)
    assert table is not None and problems == []
    return [(row.level1, row.level2, row.name) for row in table.indicators]


def test_a_blank_level1_cut_at_the_page_edge_is_the_one_its_level2_belongs_to() -> None:
    # xian/21 (西安市司法局2026) p.73, 法律援助业务经费: the merged 产出指标 cell runs over the page
    # break and its text is read into no row; the 数量指标 rows are not 成本指标's
    found = _found(
        _grid(
            _HEADER,
            ("", "成本指标", "经济成本", "法律援助案件补贴(元/件)", "≤6000", "4"),
            ("", "", "数量指标", "法律援助结案数(件)", "≥900", "5"),
            ("", "", "质量指标", "法律援助案件合格率", "≥98%", "5"),
            ("", "", "", "法律援助补贴发放时间(月)", "≤12", "5"),
        )
    )
    assert [level1 for level1, _, _ in _levels(found)] == ["成本指标", "产出指标", "产出指标", "产出指标"]
    # a 二级 outside the framework leaves the 一级 above it: nothing is guessed
    found = _found(
        _grid(
            _HEADER,
            ("", "成本指标", "经济成本", "法律援助案件补贴(元/件)", "≤6000", "4"),
            ("", "", "补贴标准", "值班补贴(元/天)", "≤500", "4"),
        )
    )
    assert [level1 for level1, _, _ in _levels(found)] == ["成本指标", "成本指标"]


def test_a_narrower_grid_on_the_next_page_is_fitted_from_the_right() -> None:
    # xian/21 p.74: the continuation has no cell for the merged 年度绩效指标 column
    first = _grid(_HEADER, ("", "成本指标", "经济成本", "法律援助案件补贴(元/件)", "≤6000", "4"))
    found = _found(
        first,
        _grid(
            ("", "", "及时发放", "≤100%", "5"),
            ("满意度指标", "服务对象满意度指标", "受援人满意度", "≥95%", "10"),
        ),
    )
    table, _ = read_performance(found)
    assert table is not None
    assert [(r.level1, r.level2, r.name, r.target) for r in table.indicators][1:] == [
        ("成本指标", "经济成本", "及时发放", "≤100%"),
        ("满意度指标", "服务对象满意度指标", "受援人满意度", "≥95%"),
    ]
    # xian/21 p.81–82, 办公设备购置: the header's 三级指标 is merged over two columns
    header = ("", "一级指标", "二级指标", "三级指标", "三级指标", "指标值", "分值权重（90分）")
    found = _found(
        _grid(
            header, ("", "效益指标", "社会效益指标", "提高工作效率（%）", "提高工作效率（%）", "≥95", "30")
        ),
        _grid(("满意度指标", "服务对象满意度指标", "民警满意度（%）", "≥95", "10")),
    )
    assert _levels(found)[-1] == ("满意度指标", "服务对象满意度指标", "民警满意度（%）")
    # a grid as wide as the header is read as it is
    found = _found(first, _grid(("", "满意度指标", "服务对象满意度指标", "受援人满意度", "≥95%", "10")))
    assert _levels(found)[-1] == ("满意度指标", "服务对象满意度指标", "受援人满意度")
