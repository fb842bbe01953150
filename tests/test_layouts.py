"""Layout profiles: every shipped profile builds both budgets, with the same figures in every layout."""

from __future__ import annotations

from decimal import Decimal

import pytest

from yusuan.budgetfile import load_budget
from yusuan.compute import compute
from yusuan.generate import build_document
from yusuan.layout import available_layouts, load_layout
from yusuan.layout.profile import LayoutError, without_year
from yusuan.model.document import Document, Table

from conftest import FICTIONAL, KORLA, run_cli

LAYOUTS = sorted(available_layouts())


def build(source: object, layout: str) -> Document:
    budget = load_budget(source)  # type: ignore[arg-type]
    return build_document(budget, load_layout(layout), compute(budget))


def total_of(table: Table, column: str) -> Decimal | None:
    index = table.column_index(column)
    totals = [row for row in table.rows if row.kind == "total"]
    return totals[-1].cells[index].value if totals else None


def test_shipped_profiles() -> None:
    counts = {key: len(profile.tables) for key, profile in available_layouts().items()}
    assert counts == {
        "fuzhou-2026-dept": 10,
        "huzhou-2026-dept": 8,
        "jiangsu-2017-dept": 12,
        "jiangsu-2018-dept": 12,
        "shanghai-2023-dept": 9,
        "shanghai-2026-unit": 9,
        "shenzhen-2026-dept": 10,
        "suzhou-2026-dept": 12,
        "suzhou-2026-unit": 12,
        "xian-2019-dept": 7,
        "xian-2025-dept": 7,
        "xinjiang-2024-unit": 11,
        "zhuhai-2026-dept": 11,
    }
    assert load_layout("shanghai-unit").id == "shanghai-2026-unit"
    assert load_layout("jiangsu-2018").id == "jiangsu-2018-dept"
    assert load_layout("shanghai-9").id == "shanghai-2023-dept"
    assert load_layout("jiangsu-12").id == "jiangsu-2017-dept"
    with pytest.raises(LayoutError, match="没有名为"):
        load_layout("nowhere")


def test_every_profile_has_unique_table_keys_and_consistent_headers() -> None:
    for profile in available_layouts().values():
        keys = [t.key for t in profile.tables]
        assert len(keys) == len(set(keys)), profile.id
        for spec in profile.tables:
            if spec.header:
                # The last header row plus the cells spanning down to it cover every column.
                width = sum(cell.cols for cell in spec.headers()[0])
                assert width == len(spec.columns), (profile.id, spec.key)
                # no header cell spans down into the rows of figures
                rows = spec.headers()
                for index, row in enumerate(rows):
                    assert all(cell.rows <= len(rows) - index for cell in row), (profile.id, spec.key)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("source", [KORLA, FICTIONAL], ids=["korla", "fictional"])
def test_builds_in_every_layout(source: object, layout: str) -> None:
    document = build(source, layout)
    assert len(document.tables) == len(load_layout(layout).tables)
    for table in document.tables:
        for row in table.rows:
            assert len(row.cells) == len(table.columns), (table.key, row)


def test_xinjiang_tables_of_the_example() -> None:
    doc = build(KORLA, "xinjiang-2024-unit")
    assert [t.title for t in doc.tables][:3] == [
        "单位收支总体情况表",
        "单位收入总体情况表",
        "单位支出总体情况表",
    ]
    summary = doc.table("summary")
    assert (
        summary.rows[0].cells[0].text == "一、本年收入"
        and summary.rows[0].cells[2].text == "201 一般公共服务支出"
    )
    assert len(summary.rows) == 31  # 30 function classes of 2024 and the total row
    assert [c.text for c in summary.rows[-1].cells] == ["收 入 总 计", "1307.84", "支 出 总 计", "1307.84"]
    expenditure = doc.table("expenditure")
    assert [c.text for c in expenditure.rows[0].cells] == [
        "201",
        "3",
        "1",
        "行政运行",
        "939.99",
        "939.99",
        "",
    ]
    assert [c.text for c in expenditure.rows[-1].cells][3:] == ["合 计", "1307.84", "1051.59", "256.25"]
    economic = doc.table("basic_economic")
    assert total_of(economic, "personnel") == Decimal("706.14")
    assert total_of(economic, "public") == Decimal("345.45")
    remainder = [r for r in economic.rows if r.cells[2].text == "商品和服务支出（未列明到款）"]
    assert remainder and remainder[0].cells[3].text == "142.08"
    projects = doc.table("projects")
    assert projects.unit is not None and projects.unit.value == "元"
    assert [r.cells[5].text for r in projects.rows] == [
        "400000",
        "300000",
        "30000",
        "90000",
        "342500",
        "500000",
        "800000",
        "100000",
        "2562500",
    ]
    for key in ("gov_fund", "state_capital", "carry_over"):
        assert doc.table(key).empty
    assert doc.table("carry_over").note == "本单位 2024 年度无上年结转结余情况支出，本表为空表。"
    assert doc.table("gov_fund").note == "本单位2024年度无政府性基金预算支出，本表为空表。"
    sangong = doc.table("sangong")
    assert sangong.header[0][0].text == "2023年预算数"
    assert [c.text for c in sangong.rows[0].cells] == ["67.70", "0.00", "64.00", "0.00", "64.00", "3.70"] * 2


def test_shanghai_layout_of_the_example() -> None:
    doc = build(KORLA, "shanghai-9")
    assert doc.title == "库尔勒经济技术开发区管理委员会党政办公室2024年部门预算"
    assert doc.tables[0].number_label is None  # Shanghai numbers tables only in the contents
    assert all(t.landscape for t in doc.tables)  # each table on an A4 landscape page, as published
    assert doc.tables[0].title == "2024年部门财务收支预算总表"
    assert doc.tables[0].issuer_label == "编制部门"
    summary = doc.table("summary")
    labels = [r.cells[2].text for r in summary.rows if r.kind == "item" and r.cells[2].text]
    assert labels == [
        "一、一般公共服务支出",
        "二、社会保障和就业支出",
        "三、卫生健康支出",
        "四、住房保障支出",
    ]
    assert [c.text for c in summary.rows[-1].cells] == ["收入总计", "13,078,400", "支出总计", "13,078,400"]
    expenditure = doc.table("expenditure")
    codes = [(r.cells[0].text, r.cells[1].text, r.cells[2].text) for r in expenditure.rows[:4]]
    assert codes == [("201", "", ""), ("201", "03", ""), ("201", "03", "01"), ("201", "03", "99")]
    assert [c.text for c in expenditure.rows[0].cells][4:] == ["11,962,400", "9,399,900", "2,562,500"]
    assert [c.text for c in expenditure.rows[6].cells][4:] == ["78,000", "78,000", "0"]  # zero printed as 0
    sangong = doc.table("sangong")
    assert [c.text for c in sangong.rows[0].cells] == ["67.70", "0", "3.70", "64.00", "0", "64.00", "345.45"]
    assert doc.table("gov_fund").note == "注：本部门2024年无政府性基金预算财政拨款安排的预算，故本表为空表。"
    assert [p.key for p in doc.parts][:3] == ["profile", "glossary", "section:budget_notes"]
    assert any("20103" in remark for remark in doc.remarks)  # 款 names are not known: said so


def test_jiangsu_layout_of_the_example() -> None:
    doc = build(KORLA, "jiangsu-12")
    assert [t.title for t in doc.tables][:2] == ["一、收支预算总表", "二、收入预算总表"]
    summary = doc.table("summary")
    uses = [(r.cells[4].text, r.cells[5].text) for r in summary.rows[:2]]
    assert uses == [("一、基本支出", "1,051.59"), ("二、项目支出", "256.25")]
    closing = [[c.text for c in r.cells] for r in summary.rows if r.kind == "total"]
    assert closing == [
        ["当年收入小计", "1,307.84", "当年支出小计", "", "", "1,307.84"],
        ["上年结转资金", "", "结转下年资金", "", "", ""],
        ["收入合计", "1,307.84", "支出合计", "", "", "1,307.84"],
    ]
    fiscal = doc.table("fiscal_expenditure")
    assert [c.text for c in fiscal.rows[0].cells] == ["", "合计", "1,307.84"]  # total on top
    assert [c.text for c in fiscal.rows[1].cells] == ["201", "一般公共服务支出", "1,196.24"]
    sangong = doc.table("sangong")
    assert sangong.rows[0].cells[0].text == "67.70"
    procurement = doc.table("procurement")
    assert [r.cells[0].text for r in procurement.rows] == ["合计", "一、货物 A", "二、工程 B", "三、服务 C"]


def test_fictional_budget_fills_gov_fund_and_carry_over() -> None:
    doc = build(FICTIONAL, "xinjiang-2024-unit")
    gov_fund = doc.table("gov_fund")
    assert not gov_fund.empty and gov_fund.rows[0].cells[3].text == "用于社会福利的彩票公益金支出"
    assert total_of(doc.table("carry_over"), "total") == Decimal(25)
    assert doc.table("state_capital").empty
    summary = doc.table("summary")
    income = {r.cells[0].text: r.cells[1].text for r in summary.rows}
    assert income["一、本年收入"] == "1065.00" and income["二、上年结转结余"] == "25.00"
    assert income["其中：事业收入"] == "50.00"
    assert any("2025 年的科目表" in r for r in doc.remarks)  # no class list for 2025: said so


def test_show_prints_the_layout(tmp_path: object) -> None:
    code, out, _ = run_cli("show", str(KORLA), "--layout", "shanghai-9")
    assert code == 0
    assert "2024年部门一般公共预算基本支出部门预算经济分类预算表" in out
    assert "13,078,400" in out


def test_performance_spans_merge_runs_of_levels(korla) -> None:  # type: ignore[no-untyped-def]
    doc = build(KORLA, "xinjiang-2024-unit")
    building = next(p for p in doc.performance if p.project == "大楼维修项目")
    spans = building.spans()
    # 产出指标 over 9 rows (数量 3, 质量 4, 时效 2), 成本 2, 效益 1, 满意度 1.
    assert [s[0] for s in spans] == [9, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1, 1]
    assert [s[1] for s in spans] == [3, 0, 0, 4, 0, 0, 0, 2, 0, 2, 0, 1, 1]


def test_a_title_without_its_year() -> None:
    assert without_year("{year}年部门收支总表") == "部门收支总表"
    assert without_year("“三公”经费支出表") == "“三公”经费支出表"
