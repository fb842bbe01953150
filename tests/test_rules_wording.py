"""Wording: 部门/单位, placeholders, years, doubled characters, 元 among 万元."""

from __future__ import annotations

import pytest

from rulekit import FICTIONAL, JIANGSU, KORLA, LAYOUTS, SEED, SHANGHAI, built, findings, read, set_claim
from yusuan.check.runner import check_document
from yusuan.model.document import Document

WORDING = ("wording.W001", "wording.W002", "wording.W003", "wording.W004", "wording.N001")


def family(document: Document) -> list[str]:
    return [f"{f.rule} {f.message}" for f in check_document(document, only=set(WORDING)).findings]


# True findings on generated documents, each verified by hand:
KNOWN = {
    # the 慰问费 performance table's goal, verbatim from the seed (performance.yaml): "节日问候。 ,凝心聚力"
    KORLA: ["wording.N001 “。,”重复"],
    # a defect of the Shanghai narrative template ("主要用于{{ s.note or s.name }}") with a 项 whose
    # name starts with 用于: "主要用于用于社会福利的彩票公益金支出" (fictional, shanghai layout only)
    FICTIONAL: ["wording.N001 “用于用于”重复"],
}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("source", [KORLA, FICTIONAL], ids=["korla", "fictional"])
def test_generated_documents_are_clean(source: object, layout: str) -> None:
    found = family(built(source, layout))  # type: ignore[arg-type]
    unexpected = [f for f in found if not any(f.startswith(k) for k in KNOWN[source])]  # type: ignore[index]
    assert unexpected == []


@pytest.mark.parametrize("path", [SHANGHAI, JIANGSU], ids=["shanghai", "jiangsu"])
def test_real_samples_are_clean(path: object) -> None:
    assert family(read(path)) == []  # type: ignore[arg-type]


def test_the_seed() -> None:
    found = family(read(SEED))
    assert [f.split(" ")[0] for f in found] == [
        "wording.W001",  # 部门预算 in the title, 单位…表 in the tables (README 7)
        "wording.W004",  # 因公出国（境）费 0 元 among 万元 (README 9)
        "wording.N001",  # 行政运行及及相关机构事务支出 (README 11)
        "wording.N001",  # "占 2.21%，；"
        "wording.N001",  # "节日问候。 ,凝心聚力" in the 慰问 performance goal
    ]


def test_w001_dept_or_unit() -> None:
    [finding] = findings(read(SEED), "wording.W001")
    assert (
        "标题称“部门预算”（部门），而表名称单位" in finding.message
        and "“单位收支总体情况表”" in finding.message
    )
    assert findings(built(), "wording.W001") == []  # 单位预算公开, 单位…表
    assert findings(built(layout="shanghai-2023-dept"), "wording.W001") == []  # 部门预算, 部门…表


def test_w002_placeholders() -> None:
    document = built()
    document.section("functions").paragraphs.append("（五）承办XX交办的其他事项。")
    document.table("general").title = "{单位}一般公共预算支出情况表"
    found = findings(document, "wording.W002")
    assert [f.message.split("：")[0] for f in found] == ["留有占位符“XX”", "留有占位符“{单位}”"]
    assert found[0].location.sentence == "（五）承办XX交办的其他事项。"


def test_w002_not_in_ordinary_text() -> None:
    document = built()
    document.section("functions").paragraphs.append("依据《XML格式规范》和〔2023〕12号文件，（一）项已完成。")
    assert findings(document, "wording.W002") == []


def test_w002_the_templates_note_to_the_drafter() -> None:
    # shenzhen/08 p.11 and js-cppcc-office 2018 p.12: the template's instructions printed as text
    document = built()
    document.section("functions").paragraphs += [
        "（请核实单位是否有涉密项目，若无涉密项目，则备注写“备注：无” ）",
        "基本支出主要用于（按“部门预算公开06表 财政拨款基本支出预算表”中实际发生经济分类支出事项填写）。",
        "（如需了解更多信息，请登录本局网站。）",  # a note to the reader: no instruction
    ]
    found = findings(document, "wording.W002")
    assert [f.message[:18] for f in found] == [
        "留有模板中写给填报人的说明“（请核实",
        "留有模板中写给填报人的说明“（按“部",
    ]


def test_w003_stray_year() -> None:
    document = set_claim(built(), "operating", "2024年机关运行经费", "2019年机关运行经费")
    [finding] = findings(document, "wording.W003")
    assert finding.message.startswith("“2019年”既不是预算年度 2024 年，也不是上年 2023 年")


def test_w003_citations_dates_and_ranges() -> None:
    document = built()
    document.section("functions").paragraphs.append(
        "根据《2019年机构改革方案》（新党编办〔2019〕12号）和“十四五”（2021-2025年）规划，"
        "截至2019年12月31日已完成整合，自2020年1月1日起施行。"
    )
    assert findings(document, "wording.W003") == []
    assert findings(read(SEED), "wording.W003") == []  # 〔2013〕124号, 〔2014〕5号 are document numbers


def test_n001_doubled() -> None:
    messages = [f.message for f in findings(read(SEED), "wording.N001")]
    assert any(m.startswith("“及及”重复") and "行政运行及及相关机构" in m for m in messages)
    assert any(m.startswith("“，；”重复") for m in messages)


def test_n001_ordinary_repetitions_pass() -> None:
    document = built(FICTIONAL)
    document.section("functions").paragraphs.append(
        "本单位位于开发大道，协会会费以及及时支付的款项，紧紧围绕充分分析，学习习近平新时代思想。"
    )
    assert findings(document, "wording.N001") == []
    document.section("functions").paragraphs.append("预算预算编制。。")
    assert [f.message.split("：")[0] for f in findings(document, "wording.N001")] == [
        "“预算预算”重复",
        "“。。”重复",
    ]


def test_w004_yuan_among_wan() -> None:
    [finding] = findings(read(SEED), "wording.W004")
    assert finding.message.startswith("“因公出国（境）费0元”以元表述") and "67.7万元" in finding.message
    assert findings(built(), "wording.W004") == []


def test_w004_per_unit_standards_pass() -> None:
    document = set_claim(
        built(), "operating", "预算345.45万元", "预算345.45万元，按每人每天100元标准测算，共计12.00万元"
    )
    assert findings(document, "wording.W004") == []


def test_w002_the_templates_example_wording() -> None:
    # the Shanghai blank templates (shanghai-putuo-2026-dept-budget-blank-template.xlsx, 部门编制说明 and
    # 其他相关情况说明; shanghai-putuo/sh-putuo_2024_dept-final_BLANK-TEMPLATE p.17): the ellipsis
    # where a reason or a purpose goes, lower-case x for figures, and the notes to the drafter
    document = built()
    document.section("functions").paragraphs += [
        "（一）因公出国（境）费10万元，比2025年预算增加2万元，主要原因是……。",
        "1. “一般公共服务支出”科目x,xxx万元，主要用于……",
        "2026年本部门无机关运行经费。（若无，则写“本部门无机关运行经费。”）",
        "财政拨款收入支出增加12万元。（如持平作持平表述）",
    ]
    messages = [f.message for f in findings(document, "wording.W002")]
    assert [m.split("：")[0] for m in messages[:3]] == [
        "留有占位符“主要原因是……”",
        "留有占位符“xxx”",
        "留有占位符“主要用于……”",
    ]
    assert messages[3:] == [
        "留有模板中写给填报人的说明“（若无，则写“本部门无机关运行经费。”）”",
        "留有模板中写给填报人的说明“（如持平作持平表述）”",
    ]


def test_w002_ellipses_and_notes_that_are_no_placeholders() -> None:
    document = built()
    document.section("functions").paragraphs += [
        "一、部门主要职能 ……………………………… 3",  # a table of contents: dot leaders, a page number
        "（说明：本表无数据，按规定公开空表。）",  # a note to the reader
        "主要包括基本工资、津贴补贴、奖金……其他对个人和家庭的补助。",  # an ellipsis in a list
    ]
    assert findings(document, "wording.W002") == []


def _with_cell_text(text: str) -> Document:
    """The Korla document (2024) with a sentence written into a table cell, as a project's 简介."""
    document = built()
    table = next(t for t in document.tables if t.key == "projects")
    index = next(i for i, c in enumerate(table.columns) if c.kind != "figure")
    table.rows[0].cells[index].text = text
    return document


def test_w003_a_plan_for_an_old_year_in_a_table_cell() -> None:
    # xian/02 p.27, 项目简介 of 安全生产执法监察业务经费 in the 2019 budget
    [finding] = findings(
        _with_cell_text(
            "2016年计划对全市的各类生产经营企业开展安全生产执法监察，对市各类生产经营单位进行安全生产普查摸底。"
        ),
        "wording.W003",
    )
    assert "“2016年”既不是预算年度 2024 年" in finding.message
    # a project's history in a cell is a fact (xian/05 p.64)
    assert (
        findings(
            _with_cell_text("1.康宁精神病医院项目2015年5月22日开工建设，2017年12月建设完成。"), "wording.W003"
        )
        == []
    )


def test_w003_past_years_rightly_named_in_the_text() -> None:
    document = built()
    document.sections[0].paragraphs += [
        # xian/10 p.30: an event's date
        "西安市国际电子商务发展中心于2015年7月实施建设肉菜流通追溯体系建设，至2021年底经过了三年的试点期。",
        # shenzhen/23 p.23: a plan's version
        "用于铁岗、石岩、西丽、长岭皮水库2018年版一级水源保护区调整新增围网工程。",
        # shenzhen/24: work on that year's report
        "完成2022年度排放源统计年报和2023年季报调查。",
    ]
    assert findings(document, "wording.W003") == []
    document.sections[0].paragraphs.append("2021年计划完成全部建设任务。")
    assert [f.message[:9] for f in findings(document, "wording.W003")] == ["“2021年”既不"]


def test_n005_an_unfilled_template_is_said_once() -> None:
    # shanghai-putuo 2024 official blank template (sh-putuo_2024_dept-final_BLANK-TEMPLATE.pdf) p.15:
    # the unit is "上海市XX局", and every figure, reason and choice is still the template's
    from test_rules_sentence import text_document

    paragraphs = (
        "2024年度上海市XX局收入总计XXX万元。与2023年度相比，收入支出总计增加（减少）XXX万元，增长（下降）XX%。",
        "主要原因：XXXXXXXX。（如持平作持平表述）",
    )
    document = text_document(2024, *paragraphs)
    document.unit_name = "上海市XX局"
    found = check_document(document, only={"wording.N005", "wording.W002", "wording.W005"}).findings
    assert [f.rule for f in found] == ["wording.N005"]
    assert found[0].message.startswith("单位名称为“上海市XX局”：文件是未填写的模板")
    # a named unit with the same leftovers gets them place by place
    document.unit_name = "上海市普陀区人民政府万里街道办事处"
    found = check_document(document, only={"wording.N005", "wording.W002", "wording.W005"}).findings
    assert {f.rule for f in found} == {"wording.W002", "wording.W005"}
