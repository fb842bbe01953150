"""Rules of the code family (codes well formed, one name per code, names and codes as in the year's
catalogue, 类/款 rows above 项): each fires on one planted error and stays quiet on clean documents."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from rulekit import FICTIONAL, JIANGSU, KORLA, LAYOUTS, SEED, SHANGHAI, built, find_row, findings, read
from yusuan.check.context import CheckContext
from yusuan.check.registry import RULES
from yusuan.check.rules.code import normalise_name
from yusuan.check.rules.text_names import _cited
from yusuan.check.runner import check_document, load_rules
from yusuan.check.subjects import YearNames, same_or_shortened
from yusuan.model.codes import CodeKind, level_of, parent_of
from yusuan.model.document import Cell, Column, Document, Row, Section, Table
from yusuan.model.money import AmountUnit
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
    assert {
        "code.E001",
        "code.E002",
        "code.E003",
        "code.W001",
        "code.W002",
        "code.W003",
        "code.W004",
    } <= family()
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


# ---------------------------------------------------------------------------- W003
def _renamed(year: int, code: str, name: str) -> Document:
    """The Shanghai-layout document of the Korla budget, as of ``year``, printing ``name`` for
    ``code`` in every table."""
    doc = built(KORLA, SHANGHAI_LAYOUT)
    doc.year = year
    for table in doc.tables:
        for row in table.rows:
            if row.code == code:
                row.cells[table.column_index("name")].text = name
    return doc


def test_w003_a_name_of_an_earlier_year() -> None:
    # 20805 is printed "行政事业单位离退休" by the 2017 and 2018 Jiangsu documents
    # (jiangsu-province/js-cppcc-office_2018_dept-budget-tables.pdf p.5) and "行政事业单位养老支出"
    # by the eleven 2022 Xi'an documents (xian/06_西安市交通运输局2022年部门综合预算_ff80a8a2.pdf p.35 …).
    doc = _renamed(2022, "20805", "行政事业单位离退休")
    [finding] = findings(doc, "code.W003")
    assert finding.message.startswith("表2科目 20805 名为“行政事业单位离退休”，是往年的科目名称")
    assert (
        "2018 年的预算公开文件印作“行政事业单位离退休”（语料 jiangsu-province/js-cppcc-office_2018"
        in finding.message
    )
    assert "2022 年的预算公开文件印作“行政事业单位养老支出”（语料 xian/06_" in finding.message
    assert "等 11 份文件" in finding.message


def test_w003_the_official_name_of_the_year_and_w002_quiet() -> None:
    # 2023 has an official fragment (Shanghai Wanli 2023, pp.11-23): 20805 行政事业单位养老支出. The
    # earlier name is W003's; W002 (name differs from the catalogue) leaves it to W003.
    doc = _renamed(2023, "20805", "行政事业单位离退休")
    [finding] = findings(doc, "code.W003")
    assert "2023 年科目表中为“行政事业单位养老支出”（上海市普陀区2023年区级部门预算" in finding.message
    assert findings(doc, "code.W002") == []


def test_w003_quiet() -> None:
    # the year's own name, an earlier year's name in that year, and a name only cut short
    assert findings(_renamed(2022, "20805", "行政事业单位养老支出"), "code.W003") == []
    assert findings(_renamed(2018, "20805", "行政事业单位离退休"), "code.W003") == []
    assert findings(_renamed(2022, "20805", "行政事业单位养老"), "code.W003") == []
    # 2024 has only one other document printing 20805, but the years around it tell its name
    # (test_w003_the_years_around_tell_the_name_where_the_budget_year_has_few_documents)
    # printed with this year's name elsewhere in the document: code.E002 reports it
    doc = _renamed(2022, "20805", "行政事业单位养老支出")
    rename(doc, "general", "20805", "行政事业单位离退休")
    assert findings(doc, "code.W003") == [] and [f.rule for f in findings(doc, "code.E002")] == ["code.E002"]


def test_year_names_leave_out_the_document_itself() -> None:
    # The 2022 rows of xian/06 do not count as other documents when xian/06 itself is checked.
    doc = _renamed(2022, "20805", "行政事业单位离退休")
    names = YearNames(CheckContext(doc))
    assert len(names.current(CodeKind.FUNCTION, 2022, "20805").sources) == 11  # type: ignore[union-attr]
    names.own = {"06_西安市交通运输局2022年部门综合预算_ff80a8a2.pdf"}
    assert len(names.current(CodeKind.FUNCTION, 2022, "20805").sources) == 10  # type: ignore[union-attr]


# ---------------------------------------------------------------------------- W004
def _document(
    year: int, unit: AmountUnit, rows: list[tuple[str, str, str]], paragraphs: list[str]
) -> Document:
    """A document of one function table (code, name, amount as printed) and one section."""
    table = Table(
        key="general",
        title="一般公共预算支出功能分类预算表",
        unit=unit,
        columns=[
            Column(key="code", title="功能分类科目编码", kind="code"),
            Column(key="name", title="功能分类科目名称"),
            Column(key="total", title="合计", kind="figure"),
        ],
        rows=[
            Row(
                code=code,
                level={3: 1, 5: 2, 7: 3}[len(code)],
                cells=[
                    Cell(text=code),
                    Cell(text=name),
                    Cell(text=amount, value=Decimal(amount.replace(",", ""))),
                ],
            )
            for code, name, amount in rows
        ],
    )
    section = Section(key="explain", title="部门预算编制说明", paragraphs=paragraphs)
    return Document(
        layout="unknown",
        year=year,
        scope="部门",
        unit_name="单位",
        title="部门预算",
        tables=[table],
        sections=[section],
    )


# shanghai-putuo/sh-putuo-wanli-subdistrict_2025_dept-budget.pdf pp.22-23, 一般公共预算支出功能分类预算表 (元)
WANLI_210 = [
    ("210", "卫生健康支出", "3,216,973"),
    ("21007", "计划生育事务", "200,000"),
    ("2100717", "计划生育服务", "200,000"),
    ("21011", "行政事业单位医疗", "3,016,973"),
    ("2101101", "行政单位医疗", "1,468,940"),
    ("2101102", "事业单位医疗", "1,548,033"),
]


def test_w004_a_subject_path_the_tables_name_otherwise() -> None:
    # shanghai-putuo/sh-putuo-wanli-subdistrict_2025_dept-budget.pdf p.7, items 21 and 22: item 21
    # names 款 卫生健康支出 and 项 计划生育事务; the tables print 20.00万元 (200,000元) under
    # 21007 计划生育事务 / 2100717 计划生育服务. Item 22 names its subject as the tables do.
    doc = _document(
        2025,
        AmountUnit.YUAN,
        WANLI_210,
        [
            "21. “卫生健康支出（类）卫生健康支出（款）计划生育事务（项）”科目20.00万元，主要用于计划生育事务。",
            "22. “卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）”科目146.89万元，主要用于行政单位医疗。",
        ],
    )
    [finding] = findings(doc, "code.W004")
    assert finding.message == (
        "正文“卫生健康支出（类）卫生健康支出（款）计划生育事务（项）”20.00万元，表中金额为 20.00万元 的科目是 "
        "21007 计划生育事务（款）/ 2100717 计划生育服务（项）：正文的款、项名称与表中不同"
    )
    assert finding.location.sentence is not None and finding.location.sentence.startswith("21.“卫生健康支出")


def test_w004_quiet_on_a_word_order_slip() -> None:
    # jiangsu-province/js-high-court_2017_dept-budget.pdf p.21 "2．法院（款）一般行政事务管理（项）支出
    # 6432.89 万元"; p.15 (八、一般公共预算支出预算表, 万元) prints 2040502 一般行政管理事务 6,432.89. The
    # corpus key lists it as not an error: the same subject, its words in another order.
    rows = [
        ("204", "公共安全支出", "23,513.11"),
        ("20405", "法院", "23,513.11"),
        ("2040501", "行政运行", "11,786.92"),
        ("2040502", "一般行政管理事务", "6,432.89"),
        ("2040503", "机关服务", "1,600.00"),
    ]
    text = [
        "1．法院（款）行政运行（项）支出 11786.92 万元，与上年相比增加 10.44 万元，增长 0.09%。"
        "2．法院（款）一般行政事务管理（项）支出 6432.89 万元，与上年相比增加 450 万元，增长 7.52%。"
        "3．法院（款）机关服务（项）支出 1600 万元，与上年一致。"
    ]
    assert findings(_document(2017, AmountUnit.WAN, rows, text), "code.W004") == []
    # huzhou/02_湖州市卫生健康委员会2026年部门预算_8369e431.pdf p.9 item (3): 科技成果转换与扩散 for the
    # 2060404 科技成果转化与扩散 of the tables (pp.29, 36, 275.06万元): another word, reported
    rows = [
        ("206", "科学技术支出", "1140.61"),
        ("20604", "技术研究与开发", "809.10"),
        ("2060404", "科技成果转化与扩散", "275.06"),
        ("2060499", "其他技术研究与开发支出", "534.04"),
    ]
    text = [
        "（3）科学技术支出（类）技术研究与开发（款）科技成果转换与扩散（项）275.06 万元，主要用于市疾病预防控"
        "制中心、市中心医院、市一院、市三院、市中医院、市妇保院的支出。"
    ]
    [finding] = findings(_document(2026, AmountUnit.WAN, rows, text), "code.W004")
    assert "2060404 科技成果转化与扩散（项）：正文的项名称与表中不同" in finding.message


def test_w004_quiet_where_the_text_names_the_subject_as_the_tables() -> None:
    # shanghai-putuo/sh-putuo-wanli-subdistrict_2024_dept-budget.pdf, item 21 of the same subject
    text = ["21. “卫生健康支出（类）计划生育事务（款）计划生育服务（项）”20.00万元，主要用于计划生育服务。"]
    assert findings(_document(2025, AmountUnit.YUAN, WANLI_210, text), "code.W004") == []
    # a path whose names lead nowhere and whose amount is in no row of the class: nothing to compare
    text = ["21. “卫生健康支出（类）卫生健康支出（款）计划生育事务（项）”科目30.00万元。"]
    assert findings(_document(2025, AmountUnit.YUAN, WANLI_210, text), "code.W004") == []


# xian/07_西安市人民政府国有资产监督管理委员会2022年部门综合预算_9b85e0bb.pdf p.28 (元)
XIAN07_208 = [
    ("208", "社会保障和就业支出", "1494346.00"),
    ("20805", "行政事业单位养老支出", "1483551.48"),
    ("2080505", "机关事业单位基本养老保险缴费支出", "989034.30"),
    ("2080506", "机关事业单位职业年金缴费支出", "494517.18"),
]
# p.15, as printed
XIAN07_TEXT = (
    "（1）机关事业单位基本养老保险缴费支出(2080505)98.90 万元，较上年减少 0.73 万元，主要原因是增加两名退休人员，"
    "养老金减少；（2）机关事业单位职业年金缴费支出(2080506)49.45 万元，较上年减少 0.36 万元"
)


def test_w004_a_code_the_text_names_otherwise() -> None:
    # the text of xian/07 p.15 with the name of (1) changed to the name the table gives 2080506
    text = XIAN07_TEXT.replace("（1）机关事业单位基本养老保险缴费支出", "（1）机关事业单位职业年金缴费支出")
    [finding] = findings(_document(2022, AmountUnit.YUAN, XIAN07_208, [text]), "code.W004")
    assert finding.message.startswith(
        "正文“机关事业单位职业年金缴费支出(2080505)”称科目 2080505 为“机关事业单位职业年金缴费支出”；"
        "表中 2080505 为“机关事业单位基本养老保险缴费支出”（表中“机关事业单位职业年金缴费支出”是科目 2080506）"
    )


def test_w004_quiet_where_the_text_cites_code_and_name_as_the_tables() -> None:
    doc = _document(2022, AmountUnit.YUAN, XIAN07_208, [XIAN07_TEXT])
    assert [(c.code, c.name) for c in _cited(CheckContext(doc))] == [
        ("2080505", "机关事业单位基本养老保险缴费支出"),
        ("2080506", "机关事业单位职业年金缴费支出"),
    ]
    assert findings(doc, "code.W004") == []
    # fuzhou/03_福州市医疗保障局部门预算_3eeafd20.pdf p.24, as the text layer gives it (spaces in the name)
    text = [
        "（三）2080505- 机关事业单位基本养 老 保 险缴 费 支出 553.54 万元。主要用于在编人员基本养老保险缴费支出。"
    ]
    assert findings(_document(2026, AmountUnit.YUAN, XIAN07_208, text), "code.W004") == []
    # the text shortens the name: nothing to say
    text = ["（1）基本养老保险缴费支出(2080505)98.90 万元。"]
    assert findings(_document(2022, AmountUnit.YUAN, XIAN07_208, text), "code.W004") == []


def test_same_or_shortened() -> None:
    assert same_or_shortened("政府办公厅事务", "政府办公厅（室）及相关机构事务")  # abbreviated
    assert same_or_shortened("行政运行（人力资源和社会保障管理事务）", "行政运行")  # xian/03 p.33, qualified
    assert same_or_shortened("机关事业单位基本养老保险缴费", "机关事业单位基本养老保险缴费支出")  # cut short
    assert not same_or_shortened("计划生育事务", "计划生育服务")
    assert same_or_shortened("一般行政事务管理", "一般行政管理事务")  # word order: js-high-court_2017 p.21
    assert not same_or_shortened("科技成果转换与扩散", "科技成果转化与扩散")  # huzhou/02 p.9


def test_w003_the_name_of_another_code_with_a_complete_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "未归口管理的行政单位离退休" is 2080504 in the 2017/2018 Jiangsu documents
    # (jiangsu-province/js-cppcc-office_2018_dept-budget-tables.pdf p.5). Printed for 2080505 in 2022,
    # it is an earlier year's name only where a complete 2022 list shows no code is called so.
    doc = _renamed(2022, "2080505", "未归口管理的行政单位离退休")
    assert findings(doc, "code.W003") == []  # the 2022 corpus names 2080505, but cannot rule the name out
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    path = imported_path(CodeKind.FUNCTION, 2022)
    path.parent.mkdir(parents=True, exist_ok=True)
    names = {
        "208": "社会保障和就业支出",
        "20805": "行政事业单位养老支出",
        "2080505": "机关事业单位基本养老保险缴费支出",
    }
    path.write_text(
        format_rows(
            Entry(c, n, level_of(c), parent_of(c), "2022年政府收支分类科目.xlsx") for c, n in names.items()
        ),
        encoding="utf-8",
    )
    [finding] = findings(doc, "code.W003")
    assert (
        "2018 年的预算公开文件科目 2080504 印作“未归口管理的行政单位离退休”（语料 jiangsu-province/"
        in finding.message
    )
    assert (
        "2022 年科目表中为“机关事业单位基本养老保险缴费支出”（2022年政府收支分类科目.xlsx）"
        in finding.message
    )


def test_w003_the_years_around_tell_the_name_where_the_budget_year_has_few_documents() -> None:
    """2024 has one corpus document printing 20805 (wanli-2024), too few to tell its name alone; the
    documents of 2022–2026 all print 行政事业单位养老支出, those of 2017–2018 行政事业单位离退休
    (js-high-court_2018 p.19): a 2024 table printing the old name is reported."""
    document = built(layout="shanghai-2023-dept")
    for table in document.tables:  # every table printing the 款 (the builder names it as printed in 2024)
        for row in (r for r in table.rows if r.code == "20805"):
            name = next(i for i, c in enumerate(table.columns) if c.key == "name")
            row.cells[name].text = "行政事业单位离退休"
    [finding] = [f for f in check_document(document, only={"code.W003"}).findings if "20805" in f.message]
    assert "名为“行政事业单位离退休”，是往年的科目名称" in finding.message
    assert "印作“行政事业单位养老支出”" in finding.message
    assert check_document(built(layout="shanghai-2023-dept"), only={"code.W003"}).findings == []


def test_e001_a_part_that_lost_its_zero() -> None:
    # shanghai-putuo/wanli-2024 p.29: 301 | 01 基本工资, 301 | 2 津贴补贴, 301 | 7 绩效工资, 301 | 08 …
    doc = built()
    table = doc.table("basic_economic")
    assert findings(doc, "code.E001") == []  # this layout prints every 款 as one digit: its style
    column = table.column_index("code.section")
    for row in table.rows:
        text = row.cells[column].text.strip()
        if len(text) == 1 and row.code not in ("30102", "30103"):
            row.cells[column].text = "0" + text
    found = findings(doc, "code.E001")
    assert sorted(f.message.split("“")[1].split("”")[0] for f in found) == ["301 2", "301 3"]
    assert "款、项各为 2 位数字" in found[0].message
