"""Reading whole documents: the seed, the real samples, and every file yusuan builds (round trip)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ownfiles import OwnFiles
from yusuan.budgetfile import load_budget
from yusuan.compute import compute
from yusuan.generate import build_document
from yusuan.layout import load_layout
from yusuan.model.document import Claim, Document, Section, Table
from yusuan.model.money import quantize
from yusuan.read.reader import ReadResult, read_document, read_publication
from yusuan.render.output import write_outputs

from conftest import FICTIONAL, KORLA, run_cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "read"
SEED = FIXTURES / "korla-2024-unit-budget-seed.txt"
SHANGHAI = FIXTURES / "shanghai-putuo-wanli-subdistrict-2023-dept-budget.pdf"
JIANGSU = FIXTURES / "jiangsu-procuratorate-2017-dept-budget.pdf"
D = Decimal


@pytest.fixture(scope="module")
def seed() -> ReadResult:
    return read_document(SEED)


def table(document: Document, key: str) -> Table:
    return document.table(key)


def values(row_cells: list[object]) -> list[Decimal | None]:
    return [cell.value for cell in row_cells]  # type: ignore[attr-defined]


def by_code(t: Table) -> dict[str, list[Decimal | None]]:
    return {
        row.code: [c.value for c in row.cells if c.value is not None or c.text == ""]
        for row in t.rows
        if row.code
    }


def all_claims(sections: list[Section]) -> list[Claim]:
    out: list[Claim] = []
    for section in sections:
        out += section.claims + all_claims(section.subsections)
    return out


# ---------------------------------------------------------------------------------------- seed


def test_seed_layout_and_report(seed: ReadResult) -> None:
    report = seed.report
    assert report.layout == "xinjiang-2024-unit"
    assert [t["key"] for t in report.tables] == [
        "summary",
        "expenditure",
        "fiscal_summary",
        "general",
        "basic_economic",
        "projects",
    ]
    assert report.missing_tables == [
        "2 单位收入总体情况表",
        "8 政府性基金预算支出情况表",
        "9 国有资本经营预算支出情况表",
        "10 财政拨款“三公”经费支出情况表",
        "11 上年结转结余情况明细表",
    ]
    problems = "\n".join(report.problems)
    assert "“表 8”的标题缺失" in problems and "本表为空表" in problems
    assert "一个表格没有标题，按其形状读作表“一般公共预算项目支出情况表”" in problems
    assert seed.document.year == 2024 and seed.document.date == date(2024, 2, 8)
    assert seed.document.title == "库尔勒经济技术开发区管理委员会党政办公室2024年部门预算公开"


def test_seed_table_1_every_row(seed: ReadResult) -> None:
    t = table(seed.document, "summary")
    rows = [row for row in t.rows if row.kind == "item"]
    assert len(rows) == 30
    income = {row.cells[0].text: row.cells[1].value for row in rows if row.cells[1].value is not None}
    assert income == {
        "一、本年收入": D("1307.84"),
        "1. 一般公共预算拨款": D("1307.84"),
        "其中：一般财力": D("1307.84"),
    }
    classes = {row.code: row.cells[3].value for row in rows}
    assert len(classes) == 30 and classes["201"] == D("1196.24") and classes["208"] == D("51.21")
    assert classes["210"] == D("23.42") and classes["221"] == D("36.97") and classes["202"] is None
    total = t.rows[-1]
    assert total.kind == "total" and [c.value for c in total.cells] == [
        None,
        D("1307.84"),
        None,
        D("1307.84"),
    ]


@pytest.mark.parametrize("key", ["expenditure", "general"])
def test_seed_tables_3_and_5_every_row(seed: ReadResult, key: str) -> None:
    t = table(seed.document, key)
    rows = {row.code: [c.value for c in row.cells[4:]] for row in t.rows if row.code}
    assert rows == {
        "2010301": [D("939.99"), D("939.99"), None],
        "2010399": [D("256.25"), None, D("256.25")],
        "2080501": [D("7.8"), D("7.8"), None],
        "2080505": [D("28.94"), D("28.94"), None],
        "2080506": [D("14.47"), D("14.47"), None],
        "2101101": [D("17.82"), D("17.82"), None],
        "2101103": [D("5.6"), D("5.6"), None],
        "2210201": [D("36.97"), D("36.97"), None],
    }
    assert [c.value for c in t.rows[-1].cells[4:]] == [D("1307.84"), D("1051.59"), D("256.25")]
    assert (
        t.rows[0].cells[0].provenance is not None and t.rows[0].cells[0].provenance.line
    )  # where it was printed


def test_seed_table_4(seed: ReadResult) -> None:
    t = table(seed.document, "fiscal_summary")
    funded = {
        row.code: [c.value for c in row.cells[3:5]] for row in t.rows if row.code and row.cells[3].value
    }
    assert funded == {
        "201": [D("1196.24"), D("1196.24")],
        "208": [D("51.21"), D("51.21")],
        "210": [D("23.42"), D("23.42")],
        "221": [D("36.97"), D("36.97")],
    }
    assert [c.value for c in t.rows[-1].cells] == [
        None,
        D("1307.84"),
        None,
        D("1307.84"),
        D("1307.84"),
        None,
        None,
    ]
    assert t.rows[3].cells[0].text == "国有资本经营预"  # printed truncated, read as printed


def test_seed_surviving_rows_of_tables_6_and_7(seed: ReadResult) -> None:
    economic = {row.code: row.cells[3].value for row in table(seed.document, "basic_economic").rows}
    assert economic["301"] == D("692.13") and economic["302"] == D("345.45")
    assert (
        economic["30101"] == D("78.80")
        and economic["30199"] == D("209.82")
        and economic["30208"] == D("3.14")
    )
    assert economic["30114"] == D("0.00")  # a printed zero is a zero
    assert len(economic) == 19
    projects = table(seed.document, "projects")
    assert projects.unit is not None and projects.unit.value == "元"
    amounts = [(row.cells[4].text, row.cells[5].value) for row in projects.rows if row.kind == "item"]
    assert amounts == [
        ("大楼维修", D(300000)),
        ("慰问费", D(100000)),
        ("国家级开发区协会会费", D(90000)),
        ("档案馆设备采购及数字化平台建设项目", D(800000)),
        ("保洁用品", D(30000)),
        ("园区形象宣传费", D(342500)),
        ("招商引资专项经费", D(500000)),
    ]
    assert projects.rows[-1].cells[5].value == D(2562500)


def test_seed_projects_and_performance(seed: ReadResult) -> None:
    projects = seed.document.projects
    assert [p.amount for p in projects] == [D(40), D(30), D(3), D(9), D("34.25"), D(50), D(80), D(10)]
    assert projects[0].allocations == [
        ("信创替代", D("22.6")),
        ("电子屏及交换机", D("11.2")),
        ("网站维保及网媒体管理", D("6.2")),
    ]
    assert projects[3].period == "2023 年 1-12 月"  # printed so; the checker reports it
    assert projects[6].allocations == [
        ("数字化平台建设", D(25)),
        ("档案馆设备采购", D(55)),
    ]  # broken over a page
    performance = seed.document.performance
    assert len(performance) == 9
    assert [sum(i.weight or 0 for i in p.indicators) for p in performance] == [D(90)] * 9
    assert sum(len(p.indicators) for p in performance) == 86
    assert performance[0].project is None and performance[0].fields["单位联系人"].text == "吴丽芬"
    building = next(p for p in performance if p.project == "大楼维修项目")
    cost = [(i.level1, i.level2, i.name, i.target) for i in building.indicators if i.level1 == "成本指标"]
    assert cost == [
        ("成本指标", "经济成本指标", "工程质保资金数", "<=13.41万元"),
        ("成本指标", "经济成本指标", "设备维保及零星采购资金数", "<=16.59万元"),
    ]
    assert building.indicators[-1].name == "受益群体满意度"  # a name broken over two rows, joined


def test_seed_text_claims(seed: ReadResult) -> None:
    claims = all_claims(seed.document.sections)

    def find(subject: str, kind: str) -> list[Decimal]:
        return [c.value for c in claims if c.subject == subject and c.kind == kind]

    assert D("9.56") in find("行政单位医疗", "percent")  # as printed, although the figures say 42.52
    assert D("13.18") in find("行政单位医疗", "change")
    assert D("64") in find("公务用车运行费", "amount") and D("3.7") in find("公务接待费", "amount")
    assert D("332.83") in [c.value for c in claims if c.kind == "amount"]
    assert D("476.53") in [c.value for c in claims if c.kind == "amount"]
    counts = {(c.value, c.unit) for c in all_claims(seed.document.profile) if c.kind == "count"}
    assert (D(45), None) in counts or any(v == D(45) for v, _ in counts)
    assert (D(43), "人") in counts
    assert len(seed.document.glossary) == 8 and seed.document.glossary[0].term == "财政拨款"


# -------------------------------------------------------------------------------- real samples


@pytest.fixture(scope="module")
def shanghai() -> ReadResult:
    return read_document(SHANGHAI)


@pytest.fixture(scope="module")
def jiangsu() -> ReadResult:
    return read_document(JIANGSU)


def test_shanghai_every_table_and_total(shanghai: ReadResult) -> None:
    doc = shanghai.document
    assert shanghai.report.layout == "shanghai-2023-dept" and not shanghai.report.missing_tables
    assert [t.key for t in doc.tables] == [
        "summary",
        "income",
        "expenditure",
        "fiscal_summary",
        "general",
        "gov_fund",
        "state_capital",
        "basic_economic",
        "sangong",
    ]
    assert all(t.unit is not None and t.unit.value == "元" for t in doc.tables[:8])
    assert doc.tables[8].unit is not None and doc.tables[8].unit.value == "万元"
    assert [c.value for c in table(doc, "summary").rows[-1].cells] == [None, D(164978640), None, D(164978640)]
    for key in ("expenditure", "general"):
        assert [c.value for c in table(doc, key).rows[-1].cells[4:]] == [
            D(164978640),
            D(99406297),
            D(65572343),
        ]
    assert [c.value for c in table(doc, "basic_economic").rows[-1].cells[3:]] == [
        D(99406297),
        D(84024865),
        D(15381432),
    ]
    assert [c.value for c in table(doc, "sangong").rows[0].cells] == [
        D("22.91"),
        D(0),
        D("1.35"),
        D("21.56"),
        D(0),
        D("21.56"),
        D("786.09"),
    ]
    income = by_code(table(doc, "income"))
    assert income["2010506"][:2] == [D(26300), D(26300)]
    assert len([r for r in table(doc, "income").rows if r.kind != "total"]) == 66
    assert table(doc, "gov_fund").empty
    assert table(doc, "gov_fund").note == "注：本部门2023年无政府性基金预算财政拨款安排的预算，故本表为空表。"
    assert len(doc.performance) == 5


def test_jiangsu_every_table_and_total(jiangsu: ReadResult) -> None:
    doc = jiangsu.document
    assert jiangsu.report.layout == "jiangsu-2017-dept" and not jiangsu.report.missing_tables
    assert len(doc.tables) == 12
    summary = table(doc, "summary")
    assert summary.rows[0].cells[0].text == "一、财政拨款" and summary.rows[0].cells[1].value == D("17981.68")
    classes = {row.cells[2].text: row.cells[3].value for row in summary.rows if row.cells[3].value}
    assert classes["四、公共安全支出"] == D("13656.34") and classes["十八、住房保障支出"] == D("2319.16")
    uses = {row.cells[4].text: row.cells[5].value for row in summary.rows if row.cells[5].value}
    assert uses["一、基本支出"] == D("12323.48") and uses["三、单位预留机动经费"] == D("140.20")
    fiscal = table(doc, "fiscal_expenditure")
    assert fiscal.rows[0].kind == "total" and fiscal.rows[0].cells[2].value == D("17981.68")
    assert by_code(fiscal)["2040401"] == [D("7968.14")]
    assert [c.value for c in table(doc, "sangong").rows[0].cells] == [
        D("1452.35"),
        D("584.35"),
        D("110.00"),
        D("317.80"),
        D("50.00"),
        D("267.80"),
        D("156.55"),
        D("168.00"),
        D("700.00"),
    ]
    procurement = table(doc, "procurement")
    assert procurement.rows[0].cells[-1].value == D("2889.80")
    assert len(doc.glossary) == 9


# -------------------------------------------------------------------------------- round trip


def _printed(t: Table) -> list[list[Decimal]]:
    rows = [
        [quantize(c.value, t.decimals) for c in row.cells if c.value is not None and c.text] for row in t.rows
    ]
    return [row for row in rows if row]


@pytest.mark.parametrize(
    ("source", "layout", "formats"),
    [
        (KORLA, "xinjiang-2024-unit", ("docx", "pdf", "html", "xlsx")),
        (FICTIONAL, "xinjiang-2024-unit", ("docx", "pdf", "html", "xlsx")),
        (KORLA, "shanghai-2023-dept", ("docx", "html", "xlsx")),
        (KORLA, "jiangsu-2017-dept", ("pdf", "xlsx")),
    ],
    ids=["korla", "fictional", "korla-shanghai", "korla-jiangsu"],
)
def test_round_trip(own_file: OwnFiles, source: Path, layout: str, formats: tuple[str, ...]) -> None:
    budget = load_budget(source)
    built = build_document(budget, load_layout(layout), compute(budget))
    for fmt in formats:
        read = read_document(own_file(source, layout, fmt))
        assert read.report.layout == layout, fmt
        got = {t.key: t for t in read.document.tables}
        for expected in built.tables:
            assert expected.key in got, (fmt, expected.key)
            assert _printed(got[expected.key]) == _printed(expected), (fmt, expected.key)
        assert len(read.document.performance) == len(built.performance), fmt
        for before, after in zip(built.performance, read.document.performance, strict=True):
            assert [i.weight for i in after.indicators] == [i.weight for i in before.indicators]


def test_shanghai_build_reads_back_sections_and_glossary(tmp_path: Path) -> None:
    """The Shanghai layout prints its parts without 第N部分 (部门主要职能, 名词解释, 部门预算编制说明,
    部门预算表, 其他相关情况说明 …): reading its own DOCX back finds them by the layout's headings."""
    budget = load_budget(KORLA)
    profile = load_layout("shanghai-2023-dept")
    built = build_document(budget, profile, compute(budget))
    (written,) = write_outputs(built, tmp_path, ("docx",))
    doc = read_document(written.path).document

    def keys(sections: list[Section]) -> list[str]:
        return [k for s in sections for k in (s.key, *keys(s.subsections))]

    expected = [k for spec in profile.sections for k in (spec.key, *(sub.key for sub in spec.subsections))]
    assert keys(doc.sections) == expected
    assert [s.key for s in doc.profile] == [spec.key for spec in profile.profile_sections]
    assert doc.section("budget_notes").claims and doc.section("sangong").claims
    assert [g.term for g in doc.glossary] == [g.term for g in built.glossary]
    assert len(doc.projects) == len(built.projects)


def test_read_cli(tmp_path: Path) -> None:
    out = tmp_path / "seed.json"
    code, stdout, stderr = run_cli("read", str(SEED), "-o", str(out), "--show")
    assert code == 0, stderr
    assert "版式：新疆单位预算公开（11 张表）" in stdout and "识别出 6 张表" in stdout
    assert "第99行" in stdout or "第100行" in stdout
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["report"]["layout"] == "xinjiang-2024-unit"
    assert data["document"]["tables"][0]["rows"][0]["cells"][1]["value"] == "1307.84"
    code, _, stderr = run_cli("read", str(tmp_path / "missing.pdf"))
    assert code == 2 and "Traceback" not in stderr


def test_one_publication_in_two_files(tmp_path: Path, seed: ReadResult) -> None:
    """The text and the tables published as two files read as one document (yusuan read A B,
    yusuan check A B): the same tables and sections as the single file, each figure keeping the
    file it was printed in."""
    lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = next(i for i, line in enumerate(lines) if line.startswith("## 第二部分"))
    text, tables = tmp_path / "seed-text.txt", tmp_path / "seed-tables.txt"
    text.write_text("".join(lines[:cut]), encoding="utf-8")
    tables.write_text("".join(lines[cut:]), encoding="utf-8")
    both = read_publication([text, tables])
    assert [t.key for t in both.document.tables] == [t.key for t in seed.document.tables]
    assert both.document.year == 2024 and both.document.unit_name == seed.document.unit_name
    summary = both.document.tables[0]
    assert summary.rows[0].cells[1].provenance is not None
    assert summary.rows[0].cells[1].provenance.file == str(tables)
    assert both.report.file == f"{text} + {tables}"
    only_text = read_publication([text])
    assert only_text.document.tables == []
    code, stdout, stderr = run_cli("check", str(text), str(tables), "--json")
    assert code in (0, 1) and "Traceback" not in stderr
    assert '"year": 2024' in stdout


# ------------------------------------------------------------------ variants of the genre


VARIANTS = FIXTURES / "variants"


def test_markdown_department_variant() -> None:
    """Pipe tables, 元 with separators and dashes, whole codes in one column, a header repeated
    inside the table, misnumbered tables (表 3, 表 5) and titles with the year and 部门."""
    result = read_document(VARIANTS / "dept-2025-markdown.md")
    doc = result.document
    expenditure = table(doc, "expenditure")
    assert expenditure.number == "3" and expenditure.unit is not None and expenditure.unit.value == "元"
    # read with whichever layout's table names the printed columns best: compared by column
    measures = [expenditure.column_index(key) for key in ("total", "basic", "project")]
    rows = {row.code: [row.cells[i].value for i in measures] for row in expenditure.rows if row.code}
    assert rows["2130101"] == [D(3100000), D(3100000), None]  # "—" is nothing printed, not zero
    assert rows["2130199"] == [D(2200000), None, D(2200000)]
    assert rows["2210201"] == [D(250000), D(250000), None]
    assert len(rows) == 7  # the repeated header inside the table is not a row
    assert [expenditure.rows[-1].cells[i].value for i in measures] == [D(5550000), D(3350000), D(2200000)]
    economic = table(doc, "basic_economic")
    assert economic.number == "5"
    measures = [economic.column_index(key) for key in ("total", "personnel", "public")]
    assert [economic.rows[-1].cells[i].value for i in measures] == [D(3350000), D(3000000), D(350000)]
    assert any("没有找到“款”栏" in p for p in result.report.problems)  # said, not guessed


def test_html_unit_variant() -> None:
    result = read_document(VARIANTS / "unit-2024.html")
    doc = result.document
    assert result.report.layout == "xinjiang-2024-unit"
    summary = table(doc, "summary")
    assert [c.value for c in summary.rows[-1].cells] == [None, D("1024.50"), None, D("1024.50")]
    assert {row.code: row.cells[3].value for row in summary.rows if row.code} == {
        "205": D("980.00"),
        "208": D("20.00"),
        "221": D("24.50"),
    }
    expenditure = table(doc, "expenditure")
    assert {row.code: [c.value for c in row.cells[4:]] for row in expenditure.rows if row.code} == {
        "2050203": [D("980.00"), D("900.00"), D("80.00")],
        "2080505": [D("20.00"), D("20.00"), None],
        "2210201": [D("24.50"), D("24.50"), None],
    }
    assert expenditure.rows[-1].kind == "total"


def _cells(*texts: str) -> list:  # type: ignore[type-arg]
    from yusuan.model.document import Provenance
    from yusuan.read.stream import TextCell

    return [TextCell(text=t, provenance=Provenance(file="t.pdf", page=1)) for t in texts]


def test_the_units_own_line_is_the_total_only_beside_other_units() -> None:
    # suzhou/02 收入总表 and the fuzhou 收入预算总表 of a department with no other 预算单位: the
    # department's own line under 合计 is the line the total adds up, not a second total.
    from yusuan.read.tables.rows import build_rows

    spec = load_layout("shanghai-2023-dept").table("income")
    mapping: list[int | None] = list(range(len(spec.columns)))
    unit = "苏州市审计局"
    alone = [_cells("", "", "", "合计", "4,651.67"), _cells("", "", "", unit, "4,651.67")]
    rows, _ = build_rows(spec, mapping, alone, "income", unit)
    assert [r.kind for r in rows] == ["total", "item"]
    listed = [*alone, _cells("", "", "", "苏州市审计事务中心", "0.00")]
    rows, _ = build_rows(spec, mapping, listed, "income", unit)
    assert [r.kind for r in rows] == ["total", "total", "item"]


def test_a_section_printed_by_its_two_digits_and_a_table_listed_unit_by_unit() -> None:
    # xian/02 p.7 (2019 一般公共预算支出明细表, 按功能分类): "208 社会保障和就业支出" then "05
    # 行政事业单位离退休" (the 款 20805 by its own two digits); the subjects listed once per 预算单位
    # (125001 …, 125002 …), each unit's line above its classes.
    from yusuan.read.tables.rows import build_rows, unit_blocks

    spec = load_layout("xinjiang-2024-unit").table("general")  # 类 款 项 | 名称 | 合计 基本 项目
    printed = [
        ("", "合计", "3,643.37"),
        ("125001", "西安市安全生产监督管理局", "2,080.32"),
        ("208", "社会保障和就业支出", "115.11"),
        ("05", "行政事业单位离退休", "113.28"),
        ("2080505", "机关事业单位基本养老保险缴费支出", "81.23"),
        ("125002", "西安市安全生产宣传教育中心", "463.23"),
        ("208", "社会保障和就业支出", "30.10"),
    ]
    grid = [_cells(code, "", "", name, total) for code, name, total in printed]
    rows, _ = build_rows(spec, [0, 1, 2, 3, 4, None, None], grid, "general")
    assert [r.code for r in rows] == [None, None, "208", "20805", "2080505", None, "208"]
    units = [r.cells[3].text for r in unit_blocks(rows)]
    assert units == ["西安市安全生产监督管理局", "西安市安全生产宣传教育中心"]
    assert unit_blocks(rows[:5]) == []  # one unit: an ordinary list of subjects


def test_a_row_numbering_the_columns_names_no_column() -> None:
    # huzhou/01: "** | ** | 1 | 2 | 3 …" under the header; the labels are the header's words
    from yusuan.read.tables.columns import header_labels

    header = [_cells("项目", "", "合计", "基本支出", "项目支出"), _cells("**", "**", "1", "2", "3")]
    assert header_labels(header, 5) == ["项目", "", "合计", "基本支出", "项目支出"]


def _found(*blocks: tuple[int, object]) -> list:  # type: ignore[type-arg]
    """The tables find_tables opens in a stream of (page, line of text or rows of a grid)."""
    from yusuan.model.document import Provenance
    from yusuan.read.stream import Stream
    from yusuan.read.tables.grids import find_tables

    stream = Stream("t.pdf", "pdf")
    for page, block in blocks:
        if isinstance(block, str):
            stream.add_paragraph(block, Provenance(page=page))
        else:
            stream.add_grid(block, Provenance(page=page))  # type: ignore[arg-type]
    return find_tables(stream)[0]


def test_a_line_of_the_contents_takes_no_grid() -> None:
    # fuzhou/02 p.2: the last table line of the contents, "十、一般公共预算“三公”经费支出预算表……",
    # is followed (p.5) by a small grid of the unit's profile, which is not the 三公 table.
    found = _found(
        (2, "十、一般公共预算“三公”经费、会议费、培训费支出预算表.............."),
        (2, "一、预算收支总体情况............................."),
        (5, [_cells("单位名称", "单位性质"), _cells("福州市公安局治安管理支队", "行政单位")]),
    )
    contents = next(f for f in found if f.candidates)
    assert contents.contents and contents.grids == []


def test_a_title_qualified_on_the_next_line() -> None:
    # xian/05 pp.53–55: "2021年部门综合预算一般公共预算基本支出明细表" over "（按支出功能分类科目-不含上年
    # 结转）", then the same first line over "（按支出经济分类科目-…）" on the next page: two tables, not
    # one title printed again at the top of the next page
    header = _cells("序号", "功能科目编码", "功能科目名称", "合计", "人员经费支出", "公用经费支出")
    found = _found(
        (53, "2021年部门综合预算一般公共预算基本支出明细表"),
        (53, "（按支出功能分类科目-不含上年结转）"),
        (53, [header, _cells("2", "205", "教育支出", "283,214.00", "0.00", "283,214.00")]),
        (54, "2021年部门综合预算一般公共预算基本支出明细表"),
        (54, "（按支出经济分类科目-不含上年结转）"),
        (54, [header, _cells("2", "301", "工资福利支出", "136,005,851.06", "136,005,851.06", "0.00")]),
    )
    titled = [f for f in found if f.candidates]
    assert [f.title for f in titled] == [
        "2021年部门综合预算一般公共预算基本支出明细表（按支出功能分类科目-不含上年结转）",
        "2021年部门综合预算一般公共预算基本支出明细表（按支出经济分类科目-不含上年结转）",
    ]
    assert [f.candidates[0].spec.key for f in titled] == ["basic_function", "basic_economic"]
    assert all(len(f.grids) == 1 for f in titled)


def test_a_title_broken_after_a_conjunction() -> None:
    # xian/05 p.77 (表13): "2021年部门综合预算一般公共预算拨款“三公”经费及" / "会议费、培训费支出预算表
    # （不含上年结转）": one title, the 三公 table — not a 结转 table named by the second line alone
    found = _found(
        (77, "表13"),
        (77, "2021年部门综合预算一般公共预算拨款“三公”经费及"),
        (77, "会议费、培训费支出预算表（不含上年结转）"),
        (77, [_cells("合计", "因公出国（境）费用", "会议费"), _cells("995,000.00", "0.00", "310,840.00")]),
    )
    [table] = [f for f in found if f.candidates]
    assert (
        table.title
        == "2021年部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表（不含上年结转）"
    )
    assert table.candidates[0].spec.key == "sangong" and table.number == "13"


def test_a_grid_opening_with_a_title_of_its_own_is_no_continuation() -> None:
    # js-party-cttee-office_2018 tables pp.13–14: each table's title is merged across the grid's
    # first row with the caption glued on. 政府采购预算表 (p.14), a title the layouts may not know,
    # must not go on the 机关运行经费 table of p.13, whose 合计 it would replace
    def titled(title: str) -> list:  # type: ignore[type-arg]
        return _cells(*[f"{title}部门：中共江苏省委办公厅 单位：万元"] * 3)

    found = _found(
        (
            13,
            [
                titled("一般公共预算机关运行经费支出预算表"),
                _cells("科目编码", "科目名称", "机关运行经费支出"),
                _cells("", "合计", "2,094.58"),
                _cells("30201", "办公费", "489.30"),
            ],
        ),
        (
            14,
            [titled("2018年采购什物清单表"), _cells("品目", "名称", "总计"), _cells("合计", "", "1,449.50")],
        ),
    )
    assert [f.title for f in found] == [
        "一般公共预算机关运行经费支出预算表部门：中共江苏省委办公厅 单位：万元",
        "2018年采购什物清单表",
    ]
    assert [len(f.grids) for f in found] == [1, 1]


def test_the_units_own_level_line_is_its_total() -> None:
    # shenzhen/11 表7: "深圳市医疗保障局（本级）" heads the table with its total; the cover names the
    # unit without （本级）
    from yusuan.read.tables.rows import build_rows

    spec = load_layout("shanghai-2023-dept").table("income")
    mapping: list[int | None] = list(range(len(spec.columns)))
    rows = [
        _cells("", "", "", "深圳市医疗保障局（本级）", "13,754.63"),
        _cells("208", "", "", "社会保障和就业支出", "1,101.93"),
    ]
    built_rows, _ = build_rows(spec, mapping, rows, "income", "深圳市医疗保障局")
    assert [r.kind for r in built_rows] == ["total", "item"]


def test_a_title_followed_by_running_text_takes_no_later_grid() -> None:
    # shenzhen/11 p.3: the contents end with "（十一）国有资本经营预算支出表" (no leaders); the text
    # follows, and the first grid after it (a performance form, pages later) is not that table.
    found = _found(
        (3, "（十一）国有资本经营预算支出表"),
        (4, "深圳市医疗保障局的主要职责是贯彻落实党中央关于医疗保障工作的方针政策。"),
        (20, [_cells("项目名称", "绩效目标"), _cells("医保信息化", "完成系统运维")]),
    )
    titled = [f for f in found if f.candidates]
    assert titled and all(f.grids == [] for f in titled)


def test_a_table_number_under_its_title_keeps_the_title() -> None:
    # xian/16 p.160: "国有资本经营预算财政拨款支出决算表" / "公开08表" / the caption / the grid
    found = _found(
        (160, "一般公共预算支出表"),
        (160, "公开08表"),
        (160, "编制部门：西安市卫生健康委员会（汇总） 金额单位：万元"),
        (160, [_cells("科目代码", "科目名称", "合计"), _cells("", "合计", "1.00")]),
    )
    (table,) = found
    assert table.candidates and table.number == "08" and len(table.grids) == 1


def test_a_code_printed_inside_the_name_is_the_rows_code() -> None:
    # zhuhai/01 表5: "[201]一般公共服务支出" in the name column, no code column
    from yusuan.read.tables.rows import build_rows

    spec = load_layout("jiangsu-2018-dept").table("general")
    mapping: list[int | None] = [None, 0, 1]
    rows = [
        _cells("合计", "1,000.00"),
        _cells("[201]一般公共服务支出", "1,000.00"),
        _cells("[2010301]行政运行", "1,000.00"),
    ]
    built_rows, _ = build_rows(spec, mapping, rows, "general", "")
    assert [(r.kind, r.code, r.cells[1].text) for r in built_rows] == [
        ("total", None, "合计"),
        ("subtotal", "201", "一般公共服务支出"),
        ("item", "2010301", "行政运行"),
    ]


def test_a_sentence_that_refers_to_the_performance_tables_is_not_one() -> None:
    # xian/18 p.17: "…国有资本经营预算拨款0万元（详见公开报表中的绩效目标表）。" ends a sentence; the
    # heading after it ("十四、机关运行经费安排情况说明") is the text's, not a table's caption
    found = _found(
        (17, "预算拨款0万元（详见公开报表中的绩效目标表）。"), (17, "十四、机关运行经费安排情况说明")
    )
    assert not any(f.performance for f in found)


def test_a_table_printed_year_by_year_keeps_this_years_row() -> None:
    # shenzhen/11 表9: "深圳市医疗保障局（本级） | 2025 年 | 32.44 …", "| 2026 年 | 66.04 …", "| 增减变化金额 | 33.60 …"
    from yusuan.read.tables.table import _this_years_rows

    rows = [
        _cells("深圳市医疗保障局（本级）", "2025 年", "32.44"),
        _cells("", "2026 年", "66.04"),
        _cells("", "增减变化金额", "33.60"),
    ]
    assert [[c.text for c in r] for r in _this_years_rows(rows, 2026)] == [["", "2026 年", "66.04"]]
    assert [[c.text for c in r] for r in _this_years_rows(rows, 0)] == [["", "2026 年", "66.04"]]
    plain = [_cells("201", "一般公共服务支出", "2,025.00")]
    assert _this_years_rows(plain, 2026) == plain


def test_the_genre_tells_tables_by_their_title_words() -> None:
    # 决算 titles (xian/16 pp.146-153, the Putuo blank 决算 template pp.5-8) and the Xi'an 2019-2022
    # 明细表 (xian/02 pp.10, 16): the tables of a layout yusuan has no profile for
    from yusuan.layout.genre import genre_table

    def key(title: str) -> str | None:
        found = genre_table(title)
        return found.spec.key if found else None

    assert key("收入支出决算总表") == "summary"
    assert key("收入决算表") == "income"
    assert key("支出决算表") == "expenditure"
    assert key("财政拨款收入支出决算总表") == "fiscal_summary"
    assert key("政府性基金预算财政拨款收入支出决算表") == "gov_fund"
    assert key("一般公共预算支出明细表（按支出经济分类科目）") == "general_economic"
    assert key("一般公共预算基本支出明细表（按支出功能分类科目）") == "basic_function"
    found = genre_table("一般公共预算支出明细表（按支出经济分类科目）")
    assert found is not None and [c.key for c in found.spec.columns] == ["code", "name", "total"]


def test_a_final_accounts_fund_table_keeps_the_years_balance() -> None:
    # xian/16 p.159 (公开07表): 年初结转和结余 58,830.98 | 本年收入 509,220.66 | 本年支出 小计
    # 568,051.63 基本支出 项目支出 568,051.63 | 年末结转和结余: each printed column is read as itself,
    # none dropped, none read as another
    from yusuan.layout.genre import genre_table
    from yusuan.read.tables.columns import map_columns

    found = genre_table("政府性基金预算财政拨款收入支出决算表")
    assert found is not None
    keys = [c.key for c in found.spec.columns]
    assert keys[4:] == ["carry_in", "income", "total", "basic", "project", "carry_out"]
    labels = [
        "科目代码",
        "科目名称",
        "年初结转和结余",
        "本年收入",
        "小计",
        "基本支出",
        "项目支出",
        "年末结转和结余",
    ]
    rows = [_cells("229", "其他支出", "58,830.98", "509,220.66", "568,051.63", "", "568,051.63", "")]
    mapping = dict(zip(keys, map_columns(found.spec, labels, rows), strict=True))
    assert [mapping[k] for k in keys[4:]] == [2, 3, 4, 5, 6, 7]
    # the budget's form of the table is read as before
    budget = genre_table("政府性基金预算支出表")
    assert budget is not None and "carry_in" not in [c.key for c in budget.spec.columns]


def test_total_and_grand_total_printed_side_by_side() -> None:
    # zhuhai/01 p.22 (表12): 总计 58,788.54 | 财政拨款 合计 58,786.90 | 一般公共预算 …: the table's
    # total is 总计; the 合计 stands under the 财政拨款 group
    from yusuan.read.tables.columns import map_columns

    spec = load_layout("xinjiang-2024-unit").table("projects")
    labels = ["支出项目类别（资金使用单位）", "总计", "合计", "一般公共预算", "政府性基金预算"]
    rows = [_cells("合计", "58,788.54", "58,786.90", "58,689.10", "97.80")]
    mapping = map_columns(spec, labels, rows)
    assert mapping[[c.key for c in spec.columns].index("total")] == 1


def test_a_row_number_column_and_the_parts_of_basic_expenditure() -> None:
    # xian/07 p.28 (表5, 2022): 序号 | 功能科目编码 | 功能科目名称 | 合计 | 人员经费支出 | 公用经费支出 |
    # 专项业务经费支出 | 备注: the 序号 is no code, 人员经费 alone is not 基本支出, and 专项业务经费 is
    # the project expenditure
    from yusuan.read.tables.columns import map_columns
    from yusuan.read.tables.rows import build_rows

    spec = load_layout("xinjiang-2024-unit").table("general")
    keys = [c.key for c in spec.columns]
    labels = [
        "序号",
        "功能科目编码",
        "功能科目名称",
        "合计",
        "人员经费支出",
        "公用经费支出",
        "专项业务经费支出",
        "备注",
    ]
    grid = [
        _cells("1", "", "合计", "25180591.33", "13593324.02", "993767.31", "10593500.00", ""),
        _cells("2", "208", "社会保障和就业支出", "1494346.00", "1494346.00", "0.00", "0.00", ""),
        _cells(
            "5", "2080505", "机关事业单位基本养老保险缴费支出", "989034.30", "989034.30", "0.00", "0.00", ""
        ),
    ]
    mapping = map_columns(spec, labels, grid)
    assert mapping[keys.index("code.class")] == 1
    assert mapping[keys.index("total")] == 3 and mapping[keys.index("project")] == 6
    assert mapping[keys.index("basic")] is None
    rows, _ = build_rows(spec, mapping, grid, "general")
    assert [r.code for r in rows] == [None, "208", "2080505"]


def test_a_name_printed_over_into_the_figure_beside_it() -> None:
    # xian/12 p.22 (表5): "机关事业单位职业年金" | "缴费支出43608.96" — the name's last words fell into
    # the 合计 cell; a figure cell further right keeps what it holds
    from yusuan.read.tables.rows import build_rows

    spec = load_layout("xinjiang-2024-unit").table("general")
    keys = [c.key for c in spec.columns]
    mapping: list[int | None] = [None] * len(keys)
    mapping[keys.index("code.class")], mapping[keys.index("name")] = 0, 1
    mapping[keys.index("total")], mapping[keys.index("project")] = 2, 3
    grid = [
        _cells("2080506", "机关事业单位职业年金", "缴费支出43608.96", "0"),
        _cells("2089999", "其他社会保障和就业支", "出 1090.22", "备注1090.22"),
    ]
    rows, _ = build_rows(spec, mapping, grid, "general")
    name, total, project = (keys.index(k) for k in ("name", "total", "project"))
    assert [r.cells[name].text for r in rows] == ["机关事业单位职业年金缴费支出", "其他社会保障和就业支出"]
    assert [r.cells[total].value for r in rows] == [Decimal("43608.96"), Decimal("1090.22")]
    assert rows[1].cells[project].value is None  # not beside the name: not a name run over


def test_a_project_list_under_its_units_names_and_an_unlabelled_total() -> None:
    # huzhou/01 p.39 (表11 项目支出绩效表): 单位名称 | 项目名称 | 金额 | 项目总体绩效目标, then
    # "** ** ** **", then the total printed without 合计 (171,462.41), then one line per project with
    # the unit's name beside it: the own name beside a project is the project's line, not a total
    from yusuan.read.tables.columns import _numbers_the_columns
    from yusuan.read.tables.rows import build_rows, unlabelled_total

    assert _numbers_the_columns(_cells("**", "**", "**", "**"))
    spec = load_layout("xinjiang-2024-unit").table("projects")
    keys = [c.key for c in spec.columns]
    mapping: list[int | None] = [None] * len(keys)
    mapping[keys.index("project")], mapping[keys.index("total")] = 1, 2
    unit = "湖州市交通运输局"
    grid = [
        _cells("", "", "7,245.86", ""),
        _cells(unit, "综合交通建设管理", "136.80", "根据三定方案要求…"),
        _cells(unit, "综合交通运行保障", "7,108.06", "根据三定方案，协调推进…"),
        _cells("湖州市交通运输行政执法队", "交通执法信息化建设维护", "1.00", "保障基础办公设备…"),
    ]
    rows, _ = build_rows(spec, mapping, grid, "projects", unit)
    assert [r.kind for r in rows] == ["item"] * 4
    unlabelled_total(rows)
    assert [r.kind for r in rows] == ["total", "item", "item", "item"]
    rows, _ = build_rows(spec, mapping, [_cells("", "", "9.99", ""), *grid[1:]], "projects", unit)
    unlabelled_total(rows)  # not the sum of the lines under it: not taken for a total
    assert rows[0].kind == "item"


def test_columns_grouped_by_year() -> None:
    # xian/12 p.30 (2022 三公 table): "2021年 | 2022年 | 增减变化情况" over the same columns three
    # times; the profile's current.* columns are the 2022 group's, its prior.* ones the 2021 group's
    from yusuan.read.tables.columns import map_columns, year_groups

    words = ["合计", "因公出国（境）费用", "公务接待费", "小计", "公务用车购置费", "公务用车运行费"]
    header = [
        _cells("", "", *(["2021年"] * 6), *(["2022年"] * 6), *(["增减变化情况"] * 6)),
        _cells("序号", "单位名称", *words, *words, *words),
    ]
    groups = year_groups(header, 20, 2022)
    assert groups[2] == "prior" and groups[8] == "current" and groups[14] == "change"
    spec = load_layout("xinjiang-2024-unit").table("sangong")
    labels = ["序号", "单位名称", *words, *words, *words]
    mapping = map_columns(spec, labels, [], groups)
    keys = [c.key for c in spec.columns]
    assert mapping[keys.index("current.total")] == 8 and mapping[keys.index("prior.total")] == 2
    assert mapping[keys.index("current.reception")] == 10
    assert year_groups(header, 20, 2020) == {}  # a header with no group of the budget year


def test_a_final_accounts_table_of_budget_and_actual_rows() -> None:
    # xian/16 p.161 (公开09表, 2022 决算): "预算数 593.46 …" then "决算数 587.55 …"
    from yusuan.read.tables.table import _final_accounts_rows

    rows = [_cells("预算数", "593.46", "591.60"), _cells("决算数", "587.55", "587.44")]
    assert _final_accounts_rows(rows, "财政拨款“三公”经费及会议费、培训费支出决算表") == rows[1:]
    assert _final_accounts_rows(rows, "财政拨款“三公”经费支出预算表") == rows  # a budget's table
    assert _final_accounts_rows(rows[:1], "三公经费支出决算表") == rows[:1]


def test_a_performance_goal_column_is_no_fallback_name_column() -> None:
    # zhuhai/01 p.22 (表12): 支出项目类别（资金使用单位） | 总计 | … | 绩效目标: no label names the
    # profile's 科目名称 or 项目名称, and the 绩效目标 text is neither
    from yusuan.read.tables.columns import map_columns

    spec = load_layout("xinjiang-2024-unit").table("projects")
    keys = [c.key for c in spec.columns]
    labels = ["支出项目类别（资金使用单位）", "总计", "绩效目标"]
    rows = [_cells("查验配套服务费", "450.00", "为了落实……的要求")]
    mapping = map_columns(spec, labels, rows)
    assert mapping[keys.index("name")] == 0
    assert mapping[keys.index("project")] is None
    assert 2 not in mapping


def _grid(*rows: list) -> object:  # type: ignore[type-arg]
    from yusuan.model.document import Provenance
    from yusuan.read.stream import Block

    return Block(kind="grid", provenance=Provenance(file="t.pdf", page=33), rows=list(rows))


def test_projects_listed_in_a_grid_of_the_text() -> None:
    # zhuhai/01 pp.32-34 (七、重点项目预算绩效目标情况): 项目 | 预算数（单位：万元） | 绩效目标, the header
    # printed again on every page
    from yusuan.read.notes import read_project_grids

    header = _cells("项目", "预算数（单位：万元）", "绩效目标")
    notes = read_project_grids(
        [
            _grid(header, _cells("查验配套服务费", "450", "为了落实……"), _cells("", "", "（续）")),
            _grid(header, _cells("辅助人员补助经费-拱北海关", "7672.25", "通过配置辅助人员……")),
        ]
    )
    assert [(n.name, n.amount, n.form) for n in notes] == [
        ("查验配套服务费", Decimal("450"), "table"),
        ("辅助人员补助经费-拱北海关", Decimal("7672.25"), "table"),
    ]
    assert notes[1].provenance is not None and notes[1].provenance.page == 1
    # in 元, the amounts are taken to 万元; without a unit, or without a name column, nothing is read
    (in_yuan,) = read_project_grids([_grid(_cells("项目名称", "金额（元）"), _cells("大楼维修", "300,000"))])
    assert in_yuan.amount == Decimal("30")
    assert read_project_grids([_grid(_cells("项目", "预算数"), _cells("大楼维修", "30"))]) == []
    assert read_project_grids([_grid(_cells("科目", "预算数（万元）"), _cells("行政运行", "30"))]) == []


def test_projects_listed_in_numbered_paragraphs() -> None:
    # shenzhen/11 p.7 and shenzhen/27 pp.7-8: "（五）项目支出 X 万元，具体包括：" then one numbered
    # paragraph a project; "主要包括：" names the main parts only, "包括：" all of them
    from yusuan.read.notes import read_project_list

    section = Section(
        key="section_1",
        title="深圳市医疗保障局（本级）",
        paragraphs=[
            "（五）项目支出 4,468.22 万元，具体包括：",
            "1.医疗保障政策研究管理 306.07 万元，主要包括：医保宣传及调研论证 221.07 万元，用于政策解读；"
            "医保改革与试点实施 85 万元，用于开展试点工作。",
            "2. 医 药 支 付 管 理 96.2 万 元 ， 包 括 ： 专 家 工 作 经 费 90 万元，用于研究分析；",
            "2014—2017 年管理费 6.2 万元，用于支付管理费。",
            "3.预算准备金 86.4 万元，用于年度预算执行中临时增加工作所需开支。",
            "本单位无政府性基金预算支出。",
            "4.不是项目 1 万元，不在清单之中。",
        ],
    )
    notes = read_project_list([section])
    assert [(n.number, n.name, n.amount, n.form) for n in notes] == [
        (1, "医疗保障政策研究管理", Decimal("306.07"), "list"),
        (2, "医药支付管理", Decimal("96.2"), "list"),
        (3, "预算准备金", Decimal("86.4"), "list"),
    ]
    assert notes[0].allocations == []  # 主要包括
    assert notes[1].allocations == [("专家工作经费", Decimal("90")), ("2014—2017年管理费", Decimal("6.2"))]
    # without the lead ("项目支出 … 包括：") a numbered paragraph is no project
    assert read_project_list([Section(key="s", title="t", paragraphs=section.paragraphs[1:])]) == []


def test_a_listed_project_s_name_without_the_word_budget() -> None:
    # shenzhen/20 p.7: "3.文体产业管理预算 1,234 万元" is 文体产业管理 in the project table; shenzhen/06
    # p.8: "国有资本经营预算" is a fund's name
    from yusuan.read.notes import read_project_list

    paragraphs = [
        "（五）项目支出 3 万元，具体包括：",
        "1.文体产业管理预算 1 万元，用于产业管理。",
        "2.生态环境监测项目支出 1 万元，用于监测。",
        "3.国有资本经营预算 1 万元，用于国企改革。",
    ]
    notes = read_project_list([Section(key="s", title="t", paragraphs=paragraphs)])
    assert [n.name for n in notes] == ["文体产业管理", "生态环境监测项目", "国有资本经营预算"]


def test_two_columns_of_one_title_go_where_their_labels_stand() -> None:
    """The Xinjiang profile titles both the income amount and the expenditure total 合计; a
    shanghai-city fiscal summary prints 预算数 over the income and 合计 over the expenditure (read
    without the Shanghai profiles, the income took the expenditure's 合计 and swapped the two)."""
    from yusuan.layout.profile import load_layout
    from yusuan.read.tables.columns import map_columns

    spec = next(t for t in load_layout("xinjiang-2024-unit").tables if t.key == "fiscal_summary")
    labels = ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]
    assert map_columns(spec, labels, []) == [0, 1, 2, 3, 4, 5, 6]
    # both printed: the first to the first, as before
    printed = ["项目", "合计", "功能分类", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]
    assert map_columns(spec, printed, []) == [0, 1, 2, 3, 4, 5, 6]
    # a grid of two thousand alike labels: the choice looks at the best-named few (it once tried
    # every arrangement of them)
    assert map_columns(spec, ["预算数"] * 2000, [])[1] is not None
