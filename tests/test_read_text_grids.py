"""Grids inside the explanatory text that compare the budget with the year before
(``read.text_grids``), and what the checker makes of them (text.E001, text.E005). The grid is
xian/12's (西安市气象局2022年部门综合预算) p.10, under 一般公共预算当年拨款规模变化情况; its
2022 专项业务费 1535.82 is a misprint of the 1715.97 that p.9 and the tables give."""

from __future__ import annotations

from decimal import Decimal

from rulekit import KORLA, built, findings
from yusuan.check.context import CheckContext
from yusuan.check.match import total_figures
from yusuan.model.document import Document, Provenance
from yusuan.read.sections import split_sections
from yusuan.read.stream import Block, TextCell
from yusuan.read.text_grids import read_text_grids

XIAN_12 = [
    ["年度", "总收入支出", "专项业务费", "基本支出"],
    ["2021", "1493.51", "1290.47", "203.04"],
    ["2022", "1899.9", "1535.82", "183.93"],
    ["变化", "+406.39", "+425.5", "-19.11"],
]
# the paragraph before it (p.9), which states two of its 2022 figures in 万元
XIAN_12_P9 = (
    "2022 年本部门一般公共财政拨款支出 1899.9 万元，其中基本支出 183.93 万元，专项业务经费支出 1715.97 万元。"
)


def _grid(rows: list[list[str]], page: int = 10) -> Block:
    where = Provenance(file="xian-12.pdf", page=page)
    return Block(kind="grid", provenance=where, rows=[[TextCell(t, where) for t in row] for row in rows])


def _read(rows: list[list[str]], *before: str, year: int = 2022) -> list[list[list[str]]]:
    lines = [(text, Provenance(file="xian-12.pdf", page=9, line=i + 1)) for i, text in enumerate(before)]
    blocks = [Block(kind="paragraph", provenance=p, text=t) for t, p in lines] + [_grid(rows)]
    sections = split_sections(lines, year=year)
    return [[[c.text for c in row.cells] for row in t.rows] for t in read_text_grids(blocks, year, sections)]


def test_a_comparison_grid_is_read_as_printed() -> None:
    assert _read(XIAN_12, XIAN_12_P9) == [XIAN_12[1:]]
    # years across the top, totals down the side: the same grid
    across = [list(column) for column in zip(*XIAN_12, strict=True)]
    assert _read(across, XIAN_12_P9) == [XIAN_12[1:]]
    # "单位：万元" printed above it says the unit where the text states none of its figures; so
    # does "单位：元"
    assert _read(XIAN_12, "单位：万元") == [XIAN_12[1:]]
    assert _read(XIAN_12, "单位：元") == [XIAN_12[1:]]


def test_what_is_no_comparison_grid() -> None:
    # no unit: neither printed nor shown by the text's figures
    assert _read(XIAN_12, "2022年本部门预算支出情况如下表。") == []
    # another year's budget
    assert _read(XIAN_12, XIAN_12_P9, year=2023) == []
    # a column the genre's totals do not name (人数), one two of them name alike (人员经费合计), or
    # words among the figures
    assert _read([[*XIAN_12[0][:3], "人员经费合计"], *XIAN_12[1:]], XIAN_12_P9) == []
    assert _read([[*XIAN_12[0][:3], "人数"], *XIAN_12[1:]], XIAN_12_P9) == []
    assert _read([XIAN_12[0], XIAN_12[1], ["2022", "1899.9", "见附表", "183.93"]], XIAN_12_P9) == []
    # a list of the units (fuzhou/04 p.9), and one year alone
    assert (
        _read([["序号", "单位名称"], ["（一）", "福州市商务局(本级)"], ["（二）", "福州市口岸服务中心"]])
        == []
    )
    assert _read(XIAN_12[:1] + XIAN_12[2:], XIAN_12_P9) == []


def _with_grid(document: Document, project: str, change: str) -> Document:
    """Korla's budget with a grid of its own totals in the text, its 项目支出 printed as given."""
    ctx = CheckContext(document)
    overall, basic, real = (total_figures(ctx, kind)[0].value for kind in ("overall", "basic", "project"))
    rows = [
        ["年度", "合计", "项目支出", "基本支出"],
        ["2023", "1000.00", "400.00", "600.00"],
        ["2024", f"{overall:.2f}", project or f"{real:.2f}", f"{basic:.2f}"],
        ["变化", f"{overall - 1000:+.2f}", change, f"{basic - 600:+.2f}"],
    ]
    blocks = [Block(kind="paragraph", provenance=Provenance(page=1), text="单位：万元"), _grid(rows)]
    return document.model_copy(update={"text_tables": read_text_grids(blocks, 2024, [])})


def test_the_grid_against_the_tables_and_its_own_years() -> None:
    document = built(KORLA)
    real = total_figures(CheckContext(document), "project")[0].value
    right = _with_grid(document, "", f"{real - 400:+.2f}")
    assert findings(right, "text.E001") == [] and findings(right, "text.E005") == []
    wrong = _with_grid(document, f"{real - 100:.2f}", f"{real - 400:+.2f}")
    [finding] = findings(wrong, "text.E001")
    assert finding.message.startswith(f"“项目支出”：正文中的年度对比表：2024年 {real - 100:.2f}万元")
    assert finding.provenance is not None and finding.provenance.page == 10
    [finding] = findings(wrong, "text.E005")
    assert f"按两数计算：{real - 100:.2f} − 400.00 = {real - 500:.2f}" in finding.message
    # a difference within the rounding of the printed figures is none
    cent = Decimal("0.01")
    rounded = _with_grid(document, "", f"{real - 400 + cent:+.2f}")
    assert findings(rounded, "text.E005") == []
