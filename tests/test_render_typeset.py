"""Typesetting shared by the PDF and DOCX: heading styles, title and heading breaks, chart numbers."""

from __future__ import annotations

from decimal import Decimal

from yusuan.model.document import IndicatorRow, PerformanceTable
from yusuan.render.typeset import (
    ERHAO,
    LEVEL1_HEADING,
    LEVEL2_HEADING,
    LEVEL3_HEADING,
    PART_HEADING,
    chart_label,
    fontconfig_aliases,
    heading_segments,
    heading_style,
    title_lines,
    title_size,
    weight_total,
)

UNIT = "某某市某某区财政局"


def test_heading_style_follows_the_numbering() -> None:
    assert heading_style("第三部分 2024年单位预算情况说明", 1) == PART_HEADING
    assert heading_style("一、主要职能", 1) == LEVEL1_HEADING  # the numbering wins over the depth
    assert heading_style("（二）政府采购情况", 2) == LEVEL2_HEADING
    assert heading_style("3. 国有资产占用情况", 2) == LEVEL3_HEADING
    assert heading_style("图解", 1) == PART_HEADING and heading_style("说明", 2) == LEVEL1_HEADING
    assert (LEVEL1_HEADING.face, LEVEL2_HEADING.face, LEVEL3_HEADING.face) == ("hei", "kai", "fangsong")
    assert LEVEL3_HEADING.bold and not LEVEL1_HEADING.bold


def test_title_lines_and_size() -> None:
    assert title_lines(f"{UNIT}2025年部门预算公开", UNIT) == [UNIT, "2025年部门预算公开"]
    assert title_lines("2025年部门预算", UNIT) == ["2025年部门预算"]
    assert title_size([UNIT], 440) == ERHAO
    assert title_size(["一" * 30], 440) == 14.5  # shrunk so that 30 characters fit 440 pt


def test_heading_segments_break_between_words() -> None:
    heading = f"五、关于{UNIT}2024年一般公共预算当年拨款情况的说明"
    segments = heading_segments(heading, UNIT)
    assert segments == ["五、关于", UNIT, "2024年", "一般公共预算当年拨款", "情况的", "说明"]
    assert "".join(segments) == heading
    assert heading_segments("2024年度部门预算", "") == ["2024年度", "部门预算"]
    assert heading_segments("一、主要职能", UNIT) == ["一、主要职能"]


def test_chart_label_and_weight_total() -> None:
    assert [chart_label(n) for n in (1, 4)] == ["图1", "图4"]
    rows = [
        IndicatorRow(level1="产出指标", level2="数量指标", name=f"指标{n}", target="1", weight=weight)
        for n, weight in enumerate((Decimal("2.50"), Decimal("30"), None, Decimal("7.5")))
    ]
    table = PerformanceTable(key="unit", title="单位整体绩效目标表", goal="目标", indicators=rows)
    assert weight_total(table) == "40"


def test_fontconfig_aliases_map_office_faces_to_stand_ins() -> None:
    config = fontconfig_aliases()
    assert "<family>仿宋_GB2312</family><prefer><family>Noto Serif CJK SC</family></prefer>" in config
    assert (
        "<family>KaiTi</family><prefer><family>AR PL UKai CN</family><family>Noto Serif CJK SC</family>"
        in config
    )
    assert config.count("<alias ") == 14  # every office name of the four faces
