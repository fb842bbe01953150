"""yusuan import: official Shanghai templates filled from a budget, read back, built and compared."""

from __future__ import annotations

import json
import tempfile
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from openpyxl import load_workbook

from templatekit import BLANK, built, fill_template
from yusuan.budgetfile import is_budget_source, load_budget
from yusuan.importer import import_workbook, template_layout
from yusuan.model.budget import Budget, Project
from yusuan.model.document import Document
from yusuan.render.xlsx import render_xlsx
from yusuan.source import SourceError

from conftest import FICTIONAL, KORLA, run_cli

DEPT, UNIT = "shanghai-2023-dept", "shanghai-2026-unit"
FUNCTIONS = ["负责本系统的预算编制。", "承办上级交办的其他事项。"]


def _dept_budget() -> Budget:
    """The fictional department without its carry-over (the Shanghai tables have no column for it),
    with a project funded by 事业收入 so that a non-fiscal source has basic and project expenditure."""
    budget = load_budget(FICTIONAL)
    lines = [line for line in budget.expenditure if not line.source.startswith("carry")]
    economic = [line for line in budget.basic_economic if not line.source.startswith("carry")]
    project = Project(name="示例校舍维修项目", subject="2050202", source="business", amount=Decimal("20"))
    return budget.model_copy(update={"expenditure": lines, "basic_economic": economic, "projects": [project]})


CASES = {
    "部门": (_dept_budget, DEPT),
    "单位": (lambda: load_budget(KORLA), UNIT),
}


@cache
def _filled_once(scope: str) -> tuple[Budget, Document, bytes]:
    """The template of ``scope`` filled from its budget, once per test process (filling is slow)."""
    make, layout = CASES[scope]
    budget = make()
    document = built(budget, layout)
    with tempfile.TemporaryDirectory() as folder:
        path = fill_template(
            BLANK[scope],
            document,
            layout,
            Path(folder) / f"{scope}.xlsx",
            unit=budget.unit.name,
            functions=FUNCTIONS,
        )
        return budget, document, path.read_bytes()


def _filled(scope: str, tmp_path: Path) -> tuple[Budget, Document, Path]:
    """The budget, the document built from it, and a copy of the filled template in ``tmp_path``
    (the test's own: it may change it)."""
    budget, document, data = _filled_once(scope)
    path = tmp_path / f"{scope}.xlsx"
    path.write_bytes(data)
    return budget.model_copy(deep=True), document.model_copy(deep=True), path


def _figures(document: Document) -> dict[str, list[tuple[str, str | None, list[str]]]]:
    """Every table's rows: kind, code, and every cell's text (names, codes and figures)."""
    return {t.key: [(r.kind, r.code, [c.text for c in r.cells]) for r in t.rows] for t in document.tables}


@pytest.mark.parametrize("scope", ["部门", "单位"])
def test_filled_template_builds_the_same_tables(scope: str, tmp_path: Path) -> None:
    _, original, path = _filled(scope, tmp_path)
    assert template_layout(path) is not None and is_budget_source(path)
    budget = load_budget(path)  # the workbook, imported on the fly
    assert budget.layout == CASES[scope][1] and budget.unit.scope == scope
    again = built(budget, CASES[scope][1])
    expected, got = _figures(original), _figures(again)
    assert list(got) == list(expected)
    for key in expected:
        assert got[key] == expected[key], key
    # not a vacuous comparison: the tables hold figures
    assert (
        sum(1 for rows in expected.values() for _, _, cells in rows for text in cells if text[:1].isdigit())
        > 40
    )


def test_non_fiscal_split_and_project_totals(tmp_path: Path) -> None:
    _, _, path = _filled("部门", tmp_path)
    budget = load_budget(path)
    business = [line for line in budget.expenditure if line.source == "business"]
    assert [(line.code, line.basic, line.project) for line in business] == [
        ("2050202", Decimal(50), Decimal(20))
    ]
    assert budget.projects == []  # project totals are not invented projects


def test_import_writes_an_editable_yaml_equal_to_the_workbook(tmp_path: Path) -> None:
    _, _, path = _filled("单位", tmp_path)
    target = tmp_path / "budget.yaml"
    code, out, err = run_cli("import", str(path), "-o", str(target))
    assert code == 0, err
    assert "读入" in out and "上年数" in out
    text = target.read_text(encoding="utf-8")
    assert "工作表“单位一般公共预算拨款表” 项目支出 G12" in text  # 2010399's project total, by cell
    assert load_budget(target) == load_budget(path)
    # an existing file is kept unless --force
    code, _, err = run_cli("import", str(path), "-o", str(target))
    assert code == 2 and "--force" in err
    target.write_text("# mine\n", encoding="utf-8")
    assert run_cli("import", str(path), "-o", str(target), "--force")[0] == 0
    assert target.read_text(encoding="utf-8") == text


def test_wrong_figure_is_named_by_sheet_and_cell(tmp_path: Path) -> None:
    _, _, path = _filled("单位", tmp_path)
    book = load_workbook(path)
    sheet = book["单位支出总表"]
    row = next(
        r
        for r in range(1, sheet.max_row + 1)
        if sheet.cell(r, 3).value == "01" and sheet.cell(r, 1).value == "201"
    )
    sheet.cell(row, 6).value = 9399999  # 2010301 基本支出: 9,399,900 elsewhere
    book.save(path)
    with pytest.raises(SourceError) as caught:
        load_budget(path)
    messages = [str(p) for p in caught.value.problems]
    assert any(f"工作表“单位支出总表”单元格 F{row}" in m and "9,399,999" in m for m in messages), messages
    target = tmp_path / "budget.yaml"
    code, out, err = run_cli("import", str(path), "-o", str(target))
    assert code == 2 and not target.exists()
    assert f"单元格 F{row}" in out and "不一致" in err
    code, _, err = run_cli("check", str(path))  # checked as a budget source: the same message
    assert code == 2 and f"工作表“单位支出总表”单元格 F{row}" in err


def test_blank_template_reports_what_is_missing(tmp_path: Path) -> None:
    target = tmp_path / "budget.yaml"
    code, out, err = run_cli("import", str(BLANK["部门"]), "-o", str(target))
    assert code == 1, err
    for missing in ("单位名称（封面）", "主要职能", "支出数字", "单元格 A9", "没有填写数字"):
        assert missing in out
    assert target.exists()  # a skeleton to complete by hand
    code, out, _ = run_cli("import", str(BLANK["部门"]), "-o", str(target), "--force", "--json")
    report = json.loads(out)
    assert code == 1 and report["schema"] == "yusuan/import-report@1" and not report["complete"]
    assert report["layout"] == DEPT and "单位名称（封面）" in report["required"]
    with pytest.raises(SourceError) as caught:
        load_budget(BLANK["单位"])
    assert any("单位名称" in str(p) for p in caught.value.problems)


def test_other_workbooks_are_not_templates(tmp_path: Path) -> None:
    # a disclosure yusuan rendered as XLSX is a published document, read by yusuan check
    published = tmp_path / "published.xlsx"
    render_xlsx(built(load_budget(KORLA), UNIT), published)
    assert template_layout(published) is None and import_workbook(published) is None
    assert not is_budget_source(published)
    with pytest.raises(SourceError, match="不是可导入的官方预算模板"):
        load_budget(published)
    code, _, err = run_cli("import", str(published), "-o", str(tmp_path / "b.yaml"))
    assert code == 2 and "不是可导入的官方预算模板" in err
    not_a_workbook = tmp_path / "x.xlsx"
    not_a_workbook.write_bytes(b"not a zip")
    assert template_layout(not_a_workbook) is None


def test_build_and_check_accept_the_workbook(tmp_path: Path) -> None:
    _, _, path = _filled("单位", tmp_path)
    code, out, err = run_cli("build", str(path), "-o", str(tmp_path / "out"), "--format", "html")
    assert code == 0, err
    assert (tmp_path / "out").is_dir() and "9 张表" in out
    code, out, err = run_cli("check", str(path), "--json")
    assert code in (0, 1), err
    assert '"schema"' in out


def test_a_sheet_in_wan_yuan_is_converted_exactly(tmp_path: Path) -> None:
    _, _, path = _filled("单位", tmp_path)
    before = load_budget(path)
    book = load_workbook(path)
    sheet = book["单位一般公共预算拨款表"]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "单位：元":
                cell.value = "单位：万元"
            elif isinstance(cell.value, int) and cell.row > 8:
                cell.value = Decimal(cell.value) / 10000
    book.save(path)
    after = load_budget(path)
    assert after.expenditure == before.expenditure
    assert after.expenditure[0].basic == Decimal("939.99")


def test_every_derived_figure_is_checked(tmp_path: Path) -> None:
    """Totals of the summary and 三公 tables, typed wrong, are named cell by cell."""
    _, _, path = _filled("部门", tmp_path)
    book = load_workbook(path)
    summary = book["部门收支总表"]
    total_row = next(r for r in range(1, summary.max_row + 1) if summary.cell(r, 3).value == "支出总计")
    summary.cell(total_row, 4).value += 1
    sangong = book["部门“三公”经费和机关运行费预算表"]
    sangong["A7"].value = Decimal("15.01")  # 合计: 15.00 from its items
    book.save(path)
    with pytest.raises(SourceError) as caught:
        load_budget(path)
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 2, messages
    assert any(f"工作表“部门收支总表”单元格 D{total_row}" in m for m in messages), messages
    assert any("单元格 A7" in m and "15.01" in m and "15.00" in m for m in messages), messages
