"""A whole listed as the sum of its parts, each part's change stated under its number further on
(prior.E002 and its warning prior.W002): the real sentences of shenzhen/05, as found and changed."""

from __future__ import annotations

from rulekit import findings, with_claims
from yusuan.check.listed import marker
from yusuan.model.document import Document, Section

# shenzhen/05 (深圳市人民政府口岸办公室 2026 部门预算) p.5, 第二部分
TOTAL = (
    "2026年深圳市人民政府口岸办公室部门预算收入55,884.67万元，较2025年年初预算增加2,757.53万元，增长5.2%。"
    "2026年深圳市人民政府口岸办公室部门预算支出55,884.67万元，较2025年年初预算增加2,757.53万元，增长5.2%。"
)
# pp.6–8, 第三部分 一、: the list of parts, the parts (一)–(五), the five projects of (五); the
# reader splits project 2 and 3 over unnumbered paragraphs, as here
PARTS = [
    "深圳市人民政府口岸办公室预算55,884.67万元，包括在职人员经费3,098.93万元、公用经费919.20万元、"
    "对个人和家庭的补助支出616.88万元、增人增资371.58万元、项目支出50,878.08万元。",
    "（一）在职人员经费3,098.93万元，主要是在职人员工资福利和社保缴费等相关支出。较2025年年初预算增加197.71万元，增幅6.8%。",
    "（二）公用经费919.20万元，主要包括公用综合定额经费、水电费、物业管理费、工会经费和职工福利费等公用经费。"
    "较2025年年初预算增加28.21万元，增幅3.2%。",
    "（三）对个人和家庭补助支出616.88万元，主要是离退休人员经费。较2025年年初预算增加60.01万元，增幅10.8%。",
    "（四）增人增资371.58万元，主要用于满足单位在预算执行中的增人及晋级增资、伤残及死亡抚恤金、丧葬费需求。"
    "较2025年年初预算减少28.42万元，减幅7.1%。",
    "（五）项目支出50,878.08万元，具体包括：",
    "1.安全生产和应急管理专项经费40.00万元,主要用于1200m³移动式排水设施采购40万元，用于增强口岸应急排水能力，"
    "保障口岸交通顺畅、货物快速通关及旅客生命财产安全。较2025年年初预算增加40万元，增幅100.0%。",
    "2.口岸管理业务40,000.70万元,主要包括：口岸管养工作38,297.20万元，用于开展除广深港高铁西九龙站口岸外的7个"
    "一线口岸、11个原特区管理线检查站的管理维护工作；深圳陆路口岸安检保障工作645.74万元，用于陆路口岸安检设备维护"
    "及安检人员费用；广深港高铁西九龙站内地口岸区应急联勤指挥中心运行工作140.00万元，用于保障应急联勤指挥中心正常运转；"
    "口岸管理养护绩效考核工作123.18万元，用于口岸管养绩效考核评价和口岸管养经费专项审计工作等事项；口岸发展及法务工作"
    "546.28万元，用于优化营商环境工作、法律事务、口岸发展及对港联络工作等；口岸安全应急防控工作94.56万元，用于口岸"
    "安全应急培训演练、应急物资采购等；资产清查盘点工作17.91万元，用于口岸现场资产盘点项目；海空港口岸优化提升项目"
    "19.60万元，用于海空港口岸优化咨询研究等；",
    "新皇岗口岸联检大楼管理咨询服务项目49.50万元，用于提前发现并解决新皇岗口岸联检大楼设计建设中的问题的咨询等；",
    "莲塘口岸一站式平台运营管理项目上年结转66.73万元，用于莲塘口岸一站式专业管理服务。"
    "较2025年年初预算增加569.63万元，增幅1.4%。",
    "3.上级转移支付项目10,289.74万元,主要包括：广深港高铁西九龙站内地口岸区物业管理服务2,520.00万元，"
    "上年结转122.31万元，用于广深港高铁西九龙内地口岸区运行维护工作。",
    "免除查验没有问题作业服务费7,083.34万元，上年结转564.09万元，用于开展免除查验没有问题企业吊装移位仓储工作。"
    "较2025年年初预算增加3,567.18万元，增幅53.1%。",
    "4.预算准备金180.00万元,主要用于年度预算执行中因临时增加工作确需安排资金项目的支出。无增减变动，与上年持平。",
    "5.综合管理367.65万元,主要包括：国家免除费用项目管理费21.60万元，用于海关查验配套服务审计服务、无纸化系统开发"
    "及管理等工作；行政运行85.04万元，用于年度档案整理工作、乡村振兴工作、后勤保障等；宣传报道23.18万元，用于"
    "一官两微平台管理及口岸日常宣传报道工作；广深港高铁西九龙站内地口岸区派驻人员工作补助9.42万元，用于发放广深港"
    "高铁西九龙站内地口岸区派驻人员工作补助；党建工作5.45万元，用于开展党建主题宣传及培训活动等；员额经费126.14万元，"
    "用于发放员额工作人员工资福利、管理费等；内控、审计及绩效专项96.81万元，用于开展内控建设、内部审计及绩效审核等工作。"
    "较2025年年初预算减少52.44万元，减幅12.5%。",
]


def shenzhen_05(total: str = TOTAL, parts: list[str] | None = None) -> Document:
    sections = [
        Section(key="overall", title="部门预算收支总体情况", paragraphs=[total]),
        Section(
            key="unit", title="深圳市人民政府口岸办公室", paragraphs=list(PARTS if parts is None else parts)
        ),
    ]
    return with_claims(
        Document(
            layout="unknown",
            year=2026,
            scope="部门",
            unit_name="深圳市人民政府口岸办公室",
            title="",
            sections=sections,
        )
    )


def _replaced(old: str, new: str) -> list[str]:
    assert sum(old in p for p in PARTS) == 1, old
    return [p.replace(old, new) for p in PARTS]


def test_the_parts_prior_years_fall_short_of_the_whole() -> None:
    # the parts' changes add up to +4,381.88, the total's is +2,757.53: 51,502.80 against 53,127.14
    document = shenzhen_05()
    assert findings(document, "prior.E002") == []
    [finding] = findings(document, "prior.W002")
    assert finding.message.startswith(
        "“深圳市人民政府口岸办公室部门预算支出”的上年数"
    )  # its spending, not income
    assert (
        "的上年数：正文所述为 53,127.14万元（55,884.67 − 2757.53 = 53,127.14万元）；按9个部分推算为 "
        "在职人员经费 2901.22 + 公用经费 890.99 + 对个人和家庭补助支出 556.87 + 增人增资 400.00 + "
        "安全生产和应急管理专项经费 0.00 + 口岸管理业务 39,431.07 + 上级转移支付项目 6722.56 + 预算准备金 180.00 + "
        "综合管理 420.09 = 51,502.80万元；相差 -1624.34万元"
    ) in finding.message
    assert (
        "各部分增减合计 +4381.88万元，“深圳市人民政府口岸办公室部门预算支出”增减 +2757.53万元"
        in finding.message
    )
    assert "本年不再安排的项目未作说明" in finding.message
    assert finding.location.sentence is not None and "在职人员经费3,098.93万元" in finding.location.sentence


def test_the_parts_prior_years_add_up() -> None:
    # the total's change as the parts give it (the parts add up to 55,884.68 this year: 尾差)
    agreed = TOTAL.replace("2,757.53", "4,381.87")
    assert findings(shenzhen_05(agreed), "prior.W002") == []
    assert findings(shenzhen_05(agreed), "prior.E002") == []


def test_the_parts_prior_years_exceed_the_whole() -> None:
    smaller = TOTAL.replace("增加2,757.53万元，增长5.2%", "增加5,000.00万元，增长9.8%")
    [finding] = findings(shenzhen_05(smaller), "prior.E002")
    assert "正文所述为 50,884.67万元" in finding.message and "相差 618.13万元" in finding.message
    assert findings(shenzhen_05(smaller), "prior.W002") == []


def test_a_part_without_a_change_leaves_the_whole_unread() -> None:
    # （二）公用经费 states no change, and it has no numbered items of its own
    parts = _replaced("较2025年年初预算增加28.21万元，增幅3.2%。", "")
    assert findings(shenzhen_05(parts=parts), "prior.W002") == []
    # a project of （五） states none: （五） has no change of its own, nor all of its items
    parts = _replaced("无增减变动，与上年持平。", "")
    assert findings(shenzhen_05(parts=parts), "prior.W002") == []


def test_a_change_that_is_not_the_parts_is_not_read_as_its() -> None:
    # the percent does not fit 口岸管理业务's amount: the change may be another amount's
    parts = _replaced("增加569.63万元，增幅1.4%", "增加569.63万元，增幅9.4%")
    assert findings(shenzhen_05(parts=parts), "prior.W002") == []
    # the change in the sentence of another amount is that amount's
    parts = _replaced(
        "莲塘口岸一站式平台运营管理项目上年结转66.73万元，用于莲塘口岸一站式专业管理服务。较2025年",
        "莲塘口岸一站式平台运营管理项目上年结转66.73万元，较2025年",
    )
    assert findings(shenzhen_05(parts=parts), "prior.W002") == []


def test_the_numbered_paragraphs_must_take_up_the_parts() -> None:
    # a part's amount printed otherwise under its number: not the list's part
    parts = _replaced("（四）增人增资371.58万元", "（四）增人增资317.58万元")
    assert findings(shenzhen_05(parts=parts), "prior.W002") == []
    # the projects do not add up to （五）'s amount
    parts = _replaced("4.预算准备金180.00万元", "4.预算准备金18.00万元")
    assert findings(shenzhen_05(parts=parts), "prior.W002") == []


def test_marker() -> None:
    assert marker("（十二）其他") == ("（一）", 12)
    assert marker("二、单位预算") == ("一、", 2)
    assert marker("3.上级转移支付项目") == ("1.", 3)
    assert marker("（2）项目") == ("（1）", 2)
    assert marker("2026年预算") is None and marker("1200m³") is None
