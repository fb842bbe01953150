"""Projects: the same project in the text, the project table and its performance table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rulekit import FICTIONAL, JIANGSU, KORLA, LAYOUTS, SEED, SHANGHAI, built, findings, read, set_claim
from yusuan.check.runner import check_document
from yusuan.model.document import Cell, Document

PROJECT = ("project.E001", "project.E002", "project.E003", "project.E004", "project.W001")


def family(document: Document) -> list[str]:
    return [f.rule for f in check_document(document, only=set(PROJECT)).findings]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("source", [KORLA, FICTIONAL], ids=["korla", "fictional"])
def test_generated_documents_are_clean(source: object, layout: str) -> None:
    assert family(built(source, layout)) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("path", [SHANGHAI, JIANGSU], ids=["shanghai", "jiangsu"])
def test_real_samples_are_clean(path: object) -> None:
    assert family(read(path)) == []  # type: ignore[arg-type]


def test_e001_text_amount_against_the_table() -> None:
    assert findings(read(SEED), "project.E001") == []  # every surviving row agrees with the text
    document = read(SEED)
    document.projects[1].amount = Decimal("31")  # 大楼维修项目: 30 in table 7 (300000 元)
    [finding] = findings(document, "project.E001")
    assert (
        "正文预算安排规模 31 万元" in finding.message
        and "“大楼维修”为 300,000 元（30 万元）" in finding.message
    )
    assert finding.location.sentence == "预算安排规模：30 万元"  # the line of the description


def test_e001_matches_a_renamed_project_by_its_amount() -> None:
    # "开发区协会会费、法律顾问项目" is "国家级开发区协会会费" in table 7: matched by name, then checked
    document = read(SEED)
    document.projects[3].amount = Decimal("19")
    [finding] = findings(document, "project.E001")
    assert "开发区协会会费、法律顾问项目" in finding.message and "国家级开发区协会会费" in finding.message


def test_e002_allocations_add_up() -> None:
    assert findings(read(SEED), "project.E002") == []
    document = read(SEED)
    document.projects[0].allocations[0] = ("信创替代", Decimal("21.6"))
    [finding] = findings(document, "project.E002")
    assert "预算安排规模 40 万元" in finding.message and "合计 39.0 万元" in finding.message
    assert finding.location.sentence and finding.location.sentence.startswith("资金分配情况")


def test_w001_names_differ_on_the_seed() -> None:
    found = findings(read(SEED), "project.W001")
    assert len(found) == 8  # README 5: every project is named differently somewhere
    messages = [f.message for f in found]
    assert any(
        "正文为“开发区协会会费、法律顾问项目”" in m
        and "项目支出表为“国家级开发区协会会费”" in m
        and "绩效目标表为“协会会费及法律服务项目”" in m
        for m in messages
    )
    assert any("绩效目标表为“数字化平台建设和档案馆设备采购项目”" in m for m in messages)


def test_w001_same_names_are_not_reported() -> None:
    assert findings(built(), "project.W001") == []


def test_e003_performance_total() -> None:
    assert findings(built(), "project.E003") == []
    document = built()
    table = next(t for t in document.performance if t.project == "大楼维修项目")
    table.fields["年度预算总额"] = Cell(text="31.00", value=Decimal("31.00"))
    [finding] = findings(document, "project.E003")
    assert "“年度预算总额”为 31.00" in finding.message and "该项目为 30" in finding.message
    assert finding.location.row == "年度预算总额"


def test_e003_reads_a_total_in_yuan() -> None:
    document = built()
    table = next(t for t in document.performance if t.project == "大楼维修项目")
    table.fields["年度预算总额"] = Cell(text="300000.00", value=Decimal("300000.00"))
    assert findings(document, "project.E003") == []


def test_e004_count_and_amount_of_projects() -> None:
    assert findings(built(), "project.E004") == []
    document = set_claim(built(), "performance", "当年财政拨款项目8个", "当年财政拨款项目9个")
    [finding] = findings(document, "project.E004")
    assert "正文称项目 9 个" in finding.message and "列出 8 个项目" in finding.message
    document = set_claim(built(), "performance", "涉及预算金额256.25万元", "涉及预算金额266.25万元")
    [finding] = findings(document, "project.E004")
    assert "266.25 万元" in finding.message and "合计 256.25 万元" in finding.message


def test_e004_does_not_count_a_table_that_lost_a_row() -> None:
    # The seed's table 7 lost a row (arith.E008): its 7 rows are not the 8 projects the text states.
    assert findings(read(SEED), "project.E004") == []


def _listed(document: Document) -> Document:
    """The built document with its projects as a list of the text gives them (深圳, 珠海)."""
    for note in document.projects:
        note.form = "list"
    return document


def test_a_listed_project_is_compared_only_under_its_own_name_printed_once() -> None:
    # zhuhai/01 p.33: 辅助人员补助经费-拱北海关 7672.25 in the 重点项目 list, 7,672.50 in 表12
    document = _listed(built())
    document.projects[1].amount = Decimal("31")  # 大楼维修项目: 30 in the table
    [finding] = findings(document, "project.E001")
    assert "大楼维修项目" in finding.message and "31" in finding.message
    # a name printed twice (a 汇总 document lists each unit's projects): which row is meant is a guess
    document.projects[0].name = "大楼维修项目"
    assert findings(document, "project.E001") == []
    # a name that is only alike: another project as likely as the same one
    document = _listed(built())
    document.projects[1].amount = Decimal("31")
    document.projects[1].name = "大楼维修工程"
    assert findings(document, "project.E001") == []


def test_a_listed_project_named_otherwise_is_the_row_only_where_the_amounts_agree() -> None:
    # shenzhen/11 p.7: 医药支付管理 96.2 万元 in the text, 医药支付和管理 96.20 in the project table
    document = _listed(built())
    document.performance = []
    document.projects[1].name = "大楼维修和保养"
    [finding] = findings(document, "project.W001")
    assert "正文为“大楼维修和保养”；项目支出表为“大楼维修项目”" in finding.message
    document.projects[1].amount = Decimal("31")
    assert findings(document, "project.W001") == []


def test_w001_a_name_without_its_qualifier_is_the_same_name() -> None:
    # shenzhen/11 p.8: 中央财政转移支付 in the text, 中央财政转移支付——医疗服务与保障能力提升补助资金
    document = built()
    document.performance = []
    document.projects[1].name = "大楼维修项目——一期"
    document.projects[2].name = "保洁用品"  # 保洁用品项目 in the table: another name, not a qualifier
    [finding] = findings(document, "project.W001")
    assert "保洁用品" in finding.message


def test_a_listed_project_keeps_its_name_when_the_list_adds_a_generic_word() -> None:
    # shenzhen/24: "生态环境管理项目" in the list, 生态环境管理 in the project table
    document = _listed(built())
    document.performance = []
    document.projects[1].name = "大楼维修经费"  # 大楼维修项目 in the table
    assert findings(document, "project.W001") == []
