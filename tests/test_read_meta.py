"""Year, stage, scope, coverage and unit read from real covers (lines as the text layer gives them;
the source document and page beside each)."""

from __future__ import annotations

import pytest

from yusuan.model.document import Provenance
from yusuan.read.headings import heading_key
from yusuan.read.meta import read_meta
from yusuan.read.stream import Block


def blocks(*lines: str) -> list[Block]:
    return [
        Block("paragraph", Provenance(file="x.pdf", page=1, line=i), text=t) for i, t in enumerate(lines, 1)
    ]


@pytest.mark.parametrize(
    ("lines", "year", "stage", "scope", "coverage", "unit"),
    [
        # shanghai-city/09_2026_上海市审计局 p.1: the unit on a labelled line
        (
            ("上海市2026年市级单位预算", "预算单位：上海市审计局", "目 录", "一、单位主要职能"),
            2026,
            "预算",
            "单位",
            None,
            "上海市审计局",
        ),
        # fuzhou/02 p.1: the title broken over four lines
        (
            ("2026 年度", "福州市公安局治安管理", "支队", "单位预算", "目录"),
            2026,
            "预算",
            "单位",
            None,
            "福州市公安局治安管理支队",
        ),
        # jiangsu-province/js-cppcc-office_2018 text p.1: a page number after the title
        (
            ("江苏省政协办公厅 2018 年度", "部门预算公开", "- 1 -", "目 录"),
            2018,
            "预算",
            "部门",
            None,
            "江苏省政协办公厅",
        ),
        # jiangsu-province/js-high-court_2018 p.1: a date under the title, no 部门/单位 in it
        (
            (
                "2018 年度江苏省高级",
                "人民法院预算公开",
                "2018 年 2 月 24 日",
                "目",
                "录",
                "第一部分 部门概况",
            ),
            2018,
            "预算",
            "部门",
            None,
            "江苏省高级人民法院",
        ),
        # xian/16 p.1: a 决算, 汇总, with review stamps
        (
            ("西安市卫生健康委员会（汇总）", "2022年度部门决算", "保密审查情况：", "已审查", "目 录"),
            2022,
            "决算",
            "部门",
            "汇总",
            "西安市卫生健康委员会",
        ),
        # xian/02 p.1: an attachment of tables, the unit on a labelled line
        (
            ("附件2", "2019年部门综合预算公开报表", "部门名称：西安市安全生产监督管理局", "目录"),
            2019,
            "预算",
            "部门",
            None,
            "西安市安全生产监督管理局",
        ),
        # suzhou/06 p.1: the title printed twice in two orders
        (
            ("2026 年度苏州市生态环境局单位预算公开", "苏州市生态环境局 2026 年度单位预算公开", "目", "录"),
            2026,
            "预算",
            "单位",
            None,
            "苏州市生态环境局",
        ),
        # shenzhen/11 p.1: （本级）
        (
            ("2026 年深圳市医疗保障局（本级）部门预算", "目", "录"),
            2026,
            "预算",
            "部门",
            "本级",
            "深圳市医疗保障局",
        ),
    ],
)
def test_cover(
    lines: tuple[str, ...], year: int, stage: str, scope: str, coverage: str | None, unit: str
) -> None:
    meta = read_meta(blocks(*lines))
    assert (meta.year, meta.stage, meta.scope, meta.coverage, meta.unit) == (
        year,
        stage,
        scope,
        coverage,
        unit,
    )
    assert "year" in meta.evidence and "第1页" in meta.evidence["year"]


def test_no_year_is_no_year() -> None:
    """A cover without a year and no year in the first lines: the year stays 0, and says nothing."""
    meta = read_meta(blocks("部门预算公开", "目录", "一、部门概况"))
    assert meta.year == 0 and "year" not in meta.evidence


def test_headings_by_what_they_name() -> None:
    """shanghai-city/09 p.5 "四、2026年单位预算编制说明" is the layout's "部门预算编制说明";
    a unit's own name and （单位） are dress too (shanghai-city/16 p.3)."""
    assert heading_key("四、2026年单位预算编制说明") == heading_key("部门预算编制说明") == "预算编制说明"
    assert heading_key("上海水产老干部活动室（单位）主要职能", "上海水产老干部活动室") == "主要职能"
    assert heading_key("第三部分 2018 年度部门预算情况说明") == "预算情况说明"
    assert heading_key("（一）公开01表：收支预算总表") == "收支预算总表"


def test_a_year_printed_in_chinese_digits() -> None:
    # fuzhou/02 p.1's cover as a unit that sets the year in Chinese digits would print it (公文 covers
    # do: "二〇二六年"): the year is read, and not left in the unit's name
    meta = read_meta(blocks("二〇二六年度", "福州市公安局治安管理", "支队", "单位预算", "目录"))
    assert (meta.year, meta.stage, meta.scope, meta.unit) == (
        2026,
        "预算",
        "单位",
        "福州市公安局治安管理支队",
    )
