"""Rules of the complete family (tables, sections, glossary, performance tables, 三公 and
procurement items): each fires on one planted gap and stays quiet on clean documents."""

from __future__ import annotations

import pytest

from rulekit import FICTIONAL, JIANGSU, KORLA, LAYOUTS, SEED, SHANGHAI, built, findings, read
from yusuan.check.registry import RULES
from yusuan.check.rules.complete import project_key
from yusuan.check.runner import check_document, load_rules
from yusuan.model.document import Document, Section

XINJIANG, SHANGHAI_LAYOUT, JIANGSU_LAYOUT = LAYOUTS


def family() -> set[str]:
    load_rules()
    return {r for r in RULES if r.startswith("complete.")}


def section(doc: Document, key: str) -> Section:
    return doc.section(key)


def test_every_rule_has_texts() -> None:
    assert {"complete.E001", "complete.E002", "complete.W005"} <= family()
    for rule_id in family():
        assert RULES[rule_id].title and RULES[rule_id].title_en and RULES[rule_id].rationale


# ---------------------------------------------------------------------------- no false alarms
@pytest.mark.parametrize("source", [KORLA, FICTIONAL], ids=["korla", "fictional"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_generated_documents_are_clean(source: object, layout: str) -> None:
    report = check_document(built(source, layout), only=family())  # type: ignore[arg-type]
    assert report.failed_rules == []
    rules = [f.rule for f in report.findings]
    assert rules == []


@pytest.mark.parametrize("path", [SHANGHAI, JIANGSU], ids=["shanghai", "jiangsu"])
def test_samples_are_clean(path: object) -> None:
    # Jiangsu prints table 七 empty without a note, but its section 七 says 本部门无政府性基金预算;
    # Shanghai writes 公务车用车运行费 (sic), which still names the running costs.
    report = check_document(read(path), only=family())  # type: ignore[arg-type]
    assert report.failed_rules == []
    assert [f.message for f in report.findings] == []


def test_seed_findings_are_true() -> None:
    # The seed's text lost tables 2 and 8-11 (only table 11's empty-table note survives).
    report = check_document(read(SEED), only=family())
    assert [f.rule for f in report.findings] == ["complete.E001"] * 5
    assert [f.location.table_key for f in report.findings] == [
        "income",
        "gov_fund",
        "state_capital",
        "sangong",
        "carry_over",
    ]
    assert "缺少表2“单位收入总体情况表”" in report.findings[0].message


# ---------------------------------------------------------------------------- E001
def test_e001_missing_table() -> None:
    doc = built(KORLA, SHANGHAI_LAYOUT)
    doc.tables = [t for t in doc.tables if t.key != "basic_economic"]
    [finding] = findings(doc, "complete.E001")
    assert "缺少表8“2024年部门一般公共预算基本支出部门预算经济分类预算表”" in finding.message
    assert finding.location.table_key == "basic_economic"
    assert finding.message_en and finding.hint


def test_n001_title_printed_but_table_not_read() -> None:
    """A table whose title the reader saw with a grid under it, but could not read, is not said to
    be missing (complete.E001): complete.N001 asks the reviewer to look."""
    doc = built(KORLA, SHANGHAI_LAYOUT)
    doc.tables = [t for t in doc.tables if t.key != "basic_economic"]
    doc.named_tables = ["basic_economic"]
    assert findings(doc, "complete.E001") == []
    [finding] = findings(doc, "complete.N001")
    assert "印有表8“2024年部门一般公共预算基本支出部门预算经济分类预算表”的标题" in finding.message
    assert finding.severity.value == "notice" and finding.location.table_key == "basic_economic"


def test_n001_clean() -> None:
    assert findings(built(KORLA, SHANGHAI_LAYOUT), "complete.N001") == []


def test_e001_clean() -> None:
    assert findings(built(KORLA, JIANGSU_LAYOUT), "complete.E001") == []


# ---------------------------------------------------------------------------- W001
def test_w001_empty_table_without_note() -> None:
    doc = built(KORLA, JIANGSU_LAYOUT)
    assert findings(doc, "complete.W001") == []  # 表七 has no note, but section 七 says 无
    section(doc, "gov_fund").paragraphs = ["本部门政府性基金预算支出情况如下。"]
    assert findings(doc, "complete.W001") == []  # the summary section says 政府性基金 … 0 万元
    for part in [*doc.profile, *doc.sections]:
        for sub in [part, *part.subsections]:
            sub.paragraphs = [p for p in sub.paragraphs if "政府性基金" not in p or sub.key == "gov_fund"]
    [finding] = findings(doc, "complete.W001")
    assert "表七“七、政府性基金支出预算表”为空表" in finding.message


def test_w001_note_or_remark_explains() -> None:
    doc = built()
    section(doc, "carry_over").paragraphs = []
    assert findings(doc, "complete.W001") == []  # the table's own note says 本表为空表
    doc.table("carry_over").note = None
    assert len(findings(doc, "complete.W001")) == 1
    number = doc.table("carry_over").number
    assert number == "11"
    doc.remarks.append("表110“另一张表”：预算中没有")  # another table's number beginning alike
    assert len(findings(doc, "complete.W001")) == 1
    doc.remarks.append("表11“上年结转结余情况明细表”：预算中没有上年结转结余")
    assert findings(doc, "complete.W001") == []


def test_w001_a_zero_general_budget_explains_its_empty_tables() -> None:
    # shanghai-city/24 (福利彩票发行中心, all 政府性基金): "一般公共预算拨款支出预算为0" explains the
    # empty 一般公共预算 tables
    doc = built(KORLA, JIANGSU_LAYOUT)
    for key in ("general", "basic_economic"):
        table = doc.table(key)
        table.rows = [row for row in table.rows if row.kind == "total"]
        table.empty, table.note = True, None
    notes = doc.section("general")
    notes.paragraphs = ["本部门一般公共预算支出情况如下。"]
    doc.section("basic").paragraphs = ["本部门一般公共预算基本支出情况如下。"]
    assert len(findings(doc, "complete.W001")) == 2
    notes.paragraphs = ["财政拨款支出预算中，一般公共预算拨款支出预算为0。"]
    assert findings(doc, "complete.W001") == []


def test_w001_a_budget_of_projects_only_explains_its_empty_basic_table() -> None:
    # shanghai-city/04 and /15 (2026): 支出预算总表 合计 is all 项目支出, so the 基本支出 economic
    # table is empty for the reason the tables print (the keys rule it legitimately empty)
    from decimal import Decimal

    doc = built(KORLA, JIANGSU_LAYOUT)
    table = doc.table("basic_economic")
    table.rows = [row for row in table.rows if row.kind == "total"]
    table.empty, table.note = True, None
    doc.section("basic").paragraphs = ["本部门一般公共预算基本支出情况如下。"]
    [finding] = findings(doc, "complete.W001")
    assert "九、一般公共预算基本支出预算表" in finding.message
    spending = doc.table("expenditure")
    project = next(i for i, column in enumerate(spending.columns) if column.key == "project")
    for row in spending.rows:
        if row.cells[project].value == Decimal("256.25"):
            row.cells[project].text, row.cells[project].value = "1307.84", Decimal("1307.84")
    assert findings(doc, "complete.W001") == []


# ---------------------------------------------------------------------------- E002
def test_e002_missing_section_xinjiang() -> None:
    doc = built()
    doc.sections = [s for s in doc.sections if s.key != "sangong"]
    [finding] = findings(doc, "complete.E002")
    assert (
        "十、关于库尔勒经济技术开发区管理委员会党政办公室2024年财政拨款“三公”经费预算情况说明"
        in finding.message
    )


def test_e002_missing_subsection_shanghai() -> None:
    doc = built(KORLA, SHANGHAI_LAYOUT)
    other = section(doc, "other")
    other.subsections = [s for s in other.subsections if s.key != "procurement"]
    [finding] = findings(doc, "complete.E002")
    assert "三、政府采购情况" in finding.message


def test_e002_clean() -> None:
    assert findings(read(SHANGHAI), "complete.E002") == []


# ---------------------------------------------------------------------------- W002
def test_w002_no_glossary() -> None:
    doc = built()
    doc.glossary = []
    [finding] = findings(doc, "complete.W002")
    assert "名词解释 0 条" in finding.message


def test_w002_glossary_as_a_section_or_declared() -> None:
    assert findings(built(), "complete.W002") == []
    assert findings(read(SHANGHAI), "complete.W002") == []  # 三、名词解释 is a section there
    doc = built(FICTIONAL, XINJIANG)
    doc.glossary = []
    doc.remarks.append("预算中没有名词解释，第四部分未写")
    assert findings(doc, "complete.W002") == []


# ---------------------------------------------------------------------------- W003
def test_project_key_is_loose() -> None:
    assert project_key("招商引资专项经费") == project_key("招商引资项目") == "招商引资"
    assert project_key("慰问费") == project_key("慰问项目")


def test_w003_project_without_performance_table() -> None:
    doc = built()
    doc.performance = [p for p in doc.performance if p.project != "大楼维修项目"]
    [finding] = findings(doc, "complete.W003")
    assert "项目“大楼维修项目”没有绩效目标表" in finding.message
    assert finding.location.table_key == "projects" or "项目支出情况说明" in (finding.location.section or "")


def test_w003_names_differ_but_counts_agree() -> None:
    # The seed's performance tables name the projects differently (协会会费及法律服务项目 …), one
    # table each: project.W001 compares the names; this rule stays quiet.
    assert findings(read(SEED), "complete.W003") == []
    assert findings(built(), "complete.W003") == []


# ---------------------------------------------------------------------------- W004
def test_w004_sangong_item_not_mentioned() -> None:
    doc = built()
    sangong = section(doc, "sangong")
    sangong.paragraphs = [p.replace("公务接待", "接待") for p in sangong.paragraphs]
    [finding] = findings(doc, "complete.W004")
    assert "没有说明公务接待费" in finding.message


def test_w004_combined_vehicle_phrase_is_not_enough() -> None:
    doc = built(KORLA, SHANGHAI_LAYOUT)
    section(doc, "sangong").paragraphs = [
        "2024年“三公”经费预算数为67.70万元，其中：因公出国（境）费0.00万元，"
        "公务用车购置及运行费64.00万元，公务接待费3.70万元。"
    ]
    [finding] = findings(doc, "complete.W004")
    assert "公务用车购置费、公务用车运行（维护）费" in finding.message


def test_w004_a_combined_vehicle_item_of_nothing_covers_both_parts() -> None:
    # shanghai-city/15 (文印中心 2026) p.11: "（二）公务用车购置及运行费为0，与2025年预算持平。"
    doc = built(KORLA, SHANGHAI_LAYOUT)
    section(doc, "sangong").paragraphs = [
        "2026年“三公”经费预算数为0，与2025年预算持平。其中：（一）因公出国（境）费为0，与2025年预算持平。"
        "（二）公务用车购置及运行费为0，与2025年预算持平。（三）公务接待费为0，与2025年预算持平。"
    ]
    assert findings(doc, "complete.W004") == []


def test_w004_items_named_in_subsection_headings() -> None:
    # fuzhou/02 六、一般公共预算“三公”经费支出情况: "（一）因公出国（境）经费" … as headings, the
    # figures in the paragraphs under them
    doc = built(KORLA, SHANGHAI_LAYOUT)
    titles = ["因公出国（境）经费", "公务用车购置费", "公务用车运行维护费", "公务接待费"]
    sangong = section(doc, "sangong")
    sangong.paragraphs = ["2024年“三公”经费预算数为67.70万元。"]
    sangong.subsections = [
        Section(key=f"sangong_{i}", number=f"（{n}）", title=title, paragraphs=["预算数为0.00万元。"])
        for i, (n, title) in enumerate(zip("一二三四", titles, strict=True), start=1)
    ]
    assert findings(doc, "complete.W004") == []


def test_w004_clean() -> None:
    assert findings(built(KORLA, JIANGSU_LAYOUT), "complete.W004") == []


# ---------------------------------------------------------------------------- W005
def test_w005_procurement_without_works() -> None:
    doc = built()
    procurement = section(doc, "procurement")
    procurement.paragraphs = [p.replace("，政府采购工程预算0.00万元", "") for p in procurement.paragraphs]
    [finding] = findings(doc, "complete.W005")
    assert "没有说明工程" in finding.message


def test_w005_empty_section() -> None:
    doc = built(KORLA, SHANGHAI_LAYOUT)
    section(doc, "procurement").paragraphs = []
    [finding] = findings(doc, "complete.W005")
    assert "说明为空" in finding.message
    section(doc, "procurement").paragraphs = ["本部门2024年无政府采购预算。"]
    assert findings(doc, "complete.W005") == []


def test_a_section_left_out_of_a_generated_document() -> None:
    """The fictional budget has no procurement: its built document leaves the section out and its
    remarks say so, which the check accepts; a document without those remarks does not pass."""
    doc = built(FICTIONAL, JIANGSU_LAYOUT)
    with pytest.raises(KeyError):
        doc.section("procurement")
    assert findings(doc, "complete.E002") == [] and findings(doc, "complete.W005") == []
    doc.remarks = []
    operating, procurement = findings(doc, "complete.E002")
    assert operating.message.startswith("缺少说明“十、一般公共预算机关运行经费支出预算表情况说明”")
    assert procurement.message.startswith(f"缺少说明“十二、{doc.year}年部门政府采购预算表情况说明”")


def test_w005_clean() -> None:
    assert findings(read(JIANGSU), "complete.W005") == []


def test_e002_no_explanation_at_all() -> None:
    doc = built()
    doc.sections = []
    [finding] = findings(doc, "complete.E002")
    assert "版式要求的 12 个说明部分" in finding.message


def test_w003_a_list_of_key_projects_is_no_project_description() -> None:
    # zhuhai/01, shenzhen: the text lists its (key) projects with their goals; the layout prints no
    # performance table per project
    doc = built()
    doc.performance = []
    # no performance table at all: said once for the document (huzhou/02: 17 projects, 0 tables)
    [finding] = findings(doc, "complete.W003")
    assert finding.message.startswith(
        f"文件中没有项目绩效目标表：项目支出列出项目 {len(doc.projects)} 个（“信息化基础设施建设和设备维护项目”"
    )
    assert finding.message.endswith("等），项目绩效目标表 0 张")
    for note in doc.projects:
        note.form = "list"
    table = doc.tables[[t.key for t in doc.tables].index("projects")]
    doc.tables.remove(table)
    assert findings(doc, "complete.W003") == []
