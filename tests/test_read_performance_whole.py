"""The 部门整体支出绩效目标表 of Xi'an 2019–2022 (read_performance, performance_tasks): its tasks'
金额合计 read as fields, its indicator grid (一级 | 二级 | 指标内容 | 指标值) read as indicators."""

from __future__ import annotations

from decimal import Decimal

from yusuan.model.document import Provenance
from yusuan.read.performance import read_performance
from yusuan.read.stream import Block, TextCell
from yusuan.read.tables.grids import Found

_AT = Provenance(file="xian/12.pdf", page=32)

# xian/12 (西安市气象局2022年部门综合预算) p.32, as the PDF reader gives the grid (goals shortened)
XIAN_12_P32 = (
    ("年度 主要 任务", "任务名称", "主要内容", "主要内容", "预算金额（万元）", ""),
    ("年度 主要 任务", "任务名称", "主要内容", "主要内容", "总额", "财政拨款 其他资金"),
    ("年度 主要 任务", "基本履职", "人员地方津补贴…", "人员地方津补贴…", "508.61", "508.61"),
    ("年度 主要 任务", "气象防灾减灾", "气象灾害…业务运行", "气象灾害…业务运行", "120", "120"),
    ("年度 主要 任务", "人工影响天气", "李家河水库…", "李家河水库…", "740.65", "740.65"),
    ("年度 主要 任务", "国突预警发布及十四运气象", "国家突发事件…", "国家突发事件…", "94.25", "94.25"),
    (
        "年度 主要 任务",
        "气象防雷执法",
        "防雷安全监管及气象执法业务",
        "防雷安全监管及气象执法业务",
        "30",
        "30",
    ),
    ("年度 主要 任务", "金额合计", "金额合计", "金额合计", "1493.51", "1493.51"),
    (
        "年度 总体 目标",
        "目标 3：依法行政。",
        "目标 3：依法行政。",
        "目标 3：依法行政。",
        "目标 3：依法行政。",
        "目标 3：依法行政。",
    ),
    ("", "一级指标", "二级指标", "指标内容", "指标值", "指标值"),
    (
        "年度绩效指标",
        "产出指标",
        "",
        "指标 1：区域自动气象站运行正常",
        "每月站点正常运行率≥95%",
        "每月站点正常运行率≥95%",
    ),
    ("年度绩效指标", "产出指标", "", "指标 2：作业次数", "飞机增雨 10 次/年", "飞机增雨 10 次/年"),
    ("年度绩效指标", "产出指标", "数量指标", "指标 3：预警信息发布", ">3 万条/年", ">3 万条/年"),
    (
        "年度绩效指标",
        "满意度 指标",
        "服务对象 满意度指标",
        "指标 1：公共气象服务满意度",
        "满意度≥92%",
        "满意度≥92%",
    ),
)

# xian/08 (西安市住房和城乡建设局2022年部门综合预算) p.67: 总额, 财政拨款 and 其他资金 each a column
XIAN_08_P67 = (
    (
        "年度主要任务",
        "任务名称",
        "任务名称",
        "主要内容",
        "主要内容",
        "预算金额（万元）",
        "预算金额（万元）",
        "预算金额（万元）",
    ),
    ("年度主要任务", "任务名称", "任务名称", "主要内容", "主要内容", "总额", "财政拨款", "其他资金"),
    (
        "年度主要任务",
        "任务1",
        "任务1",
        "人员经费及单位运转经费",
        "人员经费及单位运转经费",
        "11639.05",
        "11639.05",
        "",
    ),
    ("年度主要任务", "任务2", "任务2", "紧紧围绕…", "紧紧围绕…", "215484.33", "215484.33", ""),
    ("年度主要任务", "金额合计", "金额合计", "金额合计", "金额合计", "227123.37", "227123.37", ""),
    ("", "一级指标", "二级指标", "二级指标", "指标内容", "指标内容", "指标值", "指标值"),
    ("", "产出指标", "数量指标", "数量指标", "指标1：保障人数", "指标1：保障人数", "100%", "100%"),
)


def found(title: str, rows: tuple[tuple[str, ...], ...]) -> Found:
    grid = Block("grid", _AT, rows=[[TextCell(text, _AT) for text in row] for row in rows])
    return Found(title=title, candidates=(), provenance=_AT, performance=True, grids=[grid])


def test_the_tasks_total_is_read_under_its_column() -> None:
    table, problems = read_performance(found("2022 年部门整体支出绩效目标表", XIAN_12_P32))
    assert table is not None and problems == []
    assert table.whole_department
    total = table.fields["金额合计"]
    assert total.value == Decimal("1493.51") and total.provenance.page == 32
    # "财政拨款 其他资金" run together in one heading cell: its figure is not guessed to be either
    assert "金额合计：财政拨款" not in table.fields and "金额合计：其他资金" not in table.fields
    table, _ = read_performance(found("2022年部门整体支出绩效目标表", XIAN_08_P67))
    assert table is not None
    assert table.fields["金额合计"].value == Decimal("227123.37")
    assert table.fields["金额合计：财政拨款"].value == Decimal("227123.37")
    assert "金额合计：其他资金" not in table.fields  # printed blank


def test_indicator_content_is_the_level3_column_of_a_whole_department_table() -> None:
    table, _ = read_performance(found("2022 年部门整体支出绩效目标表", XIAN_12_P32))
    assert table is not None
    assert [(r.level1, r.level2, r.name) for r in table.indicators] == [
        # 数量指标 is a merged cell printed on its third row: the two above belong to it
        ("产出指标", "数量指标", "指标 1：区域自动气象站运行正常"),
        ("产出指标", "数量指标", "指标 2：作业次数"),
        ("产出指标", "数量指标", "指标 3：预警信息发布"),
        ("满意度 指标", "服务对象 满意度指标", "指标 1：公共气象服务满意度"),
    ]
    assert table.indicators[0].target == "每月站点正常运行率≥95%" and table.indicators[0].weight is None


def test_a_project_form_with_indicator_content_stays_unread() -> None:
    # xian/12 p.31, 2022年部门预算专项业务经费绩效目标表: the same header in a project form, which
    # names no 项目名称 to pair it with a project by
    rows = (
        ("专项（项目）名称", "专项（项目）名称", "专项（项目）名称", "其他履职经费", "其他履职经费"),
        ("绩 效 指 标", "一级指标", "二级指标", "指标内容", "指标值"),
        (
            "绩 效 指 标",
            "产 出 指 标",
            "数量指标",
            "指标 2：作业次数",
            "飞机增雨 10 次/年；火箭增雨 12 次/年",
        ),
    )
    table, problems = read_performance(found("2022 年部门预算专项业务经费绩效目标表", rows))
    assert table is None and "没有找到指标表头" in problems[0]
