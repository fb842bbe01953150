"""Rules of the code family (codes well formed, one name per code, names and codes as in the year's
catalogue, 类/款 rows above 项): each fires on one planted error and stays quiet on clean documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from rulekit import FICTIONAL, JIANGSU, KORLA, LAYOUTS, SEED, SHANGHAI, built, find_row, findings, read
from yusuan.check.registry import RULES
from yusuan.check.rules.code import normalise_name
from yusuan.check.runner import check_document, load_rules
from yusuan.model.codes import CodeKind, level_of, parent_of
from yusuan.model.document import Document
from yusuan.reference.catalog import DATA_DIR_ENV, Entry, format_rows, imported_path, load_catalog

XINJIANG, SHANGHAI_LAYOUT, JIANGSU_LAYOUT = LAYOUTS


def family() -> set[str]:
    load_rules()
    return {r for r in RULES if r.startswith("code.")}


def rename(doc: Document, table_key: str, code: str, name: str) -> Document:
    table = doc.table(table_key)
    row = find_row(table, code)
    row.cells[table.column_index("name")].text = name
    return doc


def test_every_rule_has_texts() -> None:
    assert {"code.E001", "code.E002", "code.E003", "code.W001", "code.W002"} <= family()
    for rule_id in family():
        assert RULES[rule_id].title and RULES[rule_id].title_en and RULES[rule_id].rationale


def test_normalise_name() -> None:
    assert normalise_name("其他政府办公厅(室)及 相关机构事务支出") == "其他政府办公厅（室）及相关机构事务支出"
    assert normalise_name("行政运行（项）") == "行政运行"


# ---------------------------------------------------------------------------- no false alarms
@pytest.mark.parametrize("source", [KORLA, FICTIONAL], ids=["korla", "fictional"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_generated_documents_are_clean(source: object, layout: str) -> None:
    report = check_document(built(source, layout), only=family())  # type: ignore[arg-type]
    assert report.failed_rules == []
    assert [f.message for f in report.findings] == []


@pytest.mark.parametrize("path", [SHANGHAI, JIANGSU], ids=["shanghai", "jiangsu"])
def test_samples_are_clean(path: object) -> None:
    report = check_document(read(path), only=family())  # type: ignore[arg-type]
    assert report.failed_rules == []
    assert [f.message for f in report.findings] == []


def test_seed_findings_are_true() -> None:
    # True: the seed's table 4 prints five class names cut short (207 文化旅游体育与传媒支 …) where
    # table 1 prints them whole. code.W002 stays quiet: the document prints the reference name too.
    report = check_document(read(SEED), only=family())
    assert [f.rule for f in report.findings] == ["code.E002"] * 5
    assert [f.location.row for f in report.findings] == [
        "207 文化旅游体育与传媒支",
        "215 资源勘探工业信息等支",
        "220 自然资源海洋气象等支",
        "224 灾害防治及应急管理支",
        "234 抗疫特别国债安排的支",
    ]
    first = report.findings[0].message
    assert "表1为“文化旅游体育与传媒支出”" in first and "表4为“文化旅游体育与传媒支”" in first
    assert "截断" in first


# ---------------------------------------------------------------------------- E001
def test_e001_malformed_code() -> None:
    doc = built()
    find_row(doc.table("general"), "2010301").code = "201031"
    [finding] = findings(doc, "code.E001")
    assert "科目编码“201031”格式错误" in finding.message and "3/5/7 位" in finding.message


def test_e001_economic_code_of_seven_digits() -> None:
    doc = built()
    find_row(doc.table("basic_economic"), "30101").code = "3010101"
    [finding] = findings(doc, "code.E001")
    assert "3/5 位" in finding.message


def test_e001_code_that_could_not_be_read() -> None:
    doc = built()
    table = doc.table("expenditure")
    row = find_row(table, "2080501")
    row.code = None
    row.cells[table.column_index("code.class")].text = "2O8"
    [finding] = findings(doc, "code.E001")
    assert "“2O851”" in finding.message


def test_e001_clean() -> None:
    assert findings(read(JIANGSU), "code.E001") == []


# ---------------------------------------------------------------------------- E002
def test_e002_two_names_for_one_code() -> None:
    doc = rename(built(), "general", "2010301", "行政运行费")
    [finding] = findings(doc, "code.E002")
    assert "表2、表3为“行政运行”" in finding.message and "表5为“行政运行费”" in finding.message
    assert finding.location.table_key == "general"


def test_e002_spaces_and_brackets_do_not_count() -> None:
    doc = rename(built(), "general", "2010399", "其他政府办公厅(室)及 相关机构事务支出")
    assert findings(doc, "code.E002") == []


# ---------------------------------------------------------------------------- W001
def _import(folder: Path, year: int, kind: CodeKind, codes: list[str]) -> None:
    path = imported_path(kind, year)
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = [Entry(c, f"科目{c}", level_of(c), parent_of(c), "test") for c in codes]
    path.write_text(format_rows(entries), encoding="utf-8")


def test_w001_code_not_in_complete_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    doc = built()
    codes = sorted({r.code for t in doc.tables for r in t.rows if r.code and r.code.startswith("2")})
    _import(tmp_path, 2024, CodeKind.FUNCTION, codes)
    assert load_catalog(2024, CodeKind.FUNCTION).is_complete
    assert findings(doc, "code.W001") == []
    find_row(doc.table("general"), "2010301").code = "2010398"  # in neither the import nor the fragments
    [finding] = findings(doc, "code.W001")
    assert "表5科目 2010398“行政运行”不在 2024 年支出功能分类科目中" in finding.message


def test_w001_only_with_a_complete_catalogue() -> None:
    doc = built()
    find_row(doc.table("general"), "2010301").code = "2010398"
    assert not load_catalog(2024, CodeKind.FUNCTION).is_complete
    assert findings(doc, "code.W001") == []  # shipped fragments never prove a code wrong


# ---------------------------------------------------------------------------- W002
def test_w002_name_differs_from_catalogue() -> None:
    doc = rename(built(), "basic_economic", "30201", "办公经费")
    [finding] = findings(doc, "code.W002")
    assert "科目 30201 名为“办公经费”；2024 年科目表中为“办公费”" in finding.message
    assert findings(doc, "code.E002") == []  # printed once only


def test_w002_unknown_codes_are_skipped() -> None:
    # The fictional department's 2025 function codes are in no shipped 2025 list.
    doc = rename(built(FICTIONAL, XINJIANG), "general", "2050101", "行政运行支出")
    assert findings(doc, "code.W002") == []


# ---------------------------------------------------------------------------- E003
def test_e003_item_without_its_class_row() -> None:
    doc = built()
    table = doc.table("basic_economic")
    table.rows = [r for r in table.rows if not (r.code == "301" and r.kind == "subtotal")]
    [finding] = findings(doc, "code.E003")
    assert "类“301”没有列出" in finding.message


def test_e003_item_without_its_section_row() -> None:
    doc = built(KORLA, SHANGHAI_LAYOUT)
    table = doc.table("expenditure")
    table.rows = [r for r in table.rows if r.code != "20805"]
    [finding] = findings(doc, "code.E003")
    assert "款“20805”没有列出" in finding.message


def test_e003_clean() -> None:
    assert findings(read(SHANGHAI), "code.E003") == []
    assert findings(built(), "code.E003") == []  # table 3 lists 项 only: no class rows expected


def test_e001_a_malformed_code_cited_in_the_text() -> None:
    # xian/07 p.16: "…(2080505)98.90万元…行政单位医疗(210101)44.93万元" — 6 digits
    document = built()
    section = document.sections[0]
    section.paragraphs = [
        "其中：（1）机关事业单位基本养老保险缴费支出(2080505)98.90万元；（2）行政单位医疗(210101)44.93万元。"
    ]
    [finding] = findings(document, "code.E001")
    assert "“210101”" in finding.message and finding.location.sentence.startswith("（2）行政单位医疗")
    section.paragraphs = ["2022年(2022)预算数为98.90万元，编号(123456)。"]  # no code cited: nothing said
    assert findings(document, "code.E001") == []
