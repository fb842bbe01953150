"""yusuan template and yusuan new on the command line; the workbook wherever a source is taken."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from yusuan.budgetfile import load_budget
from yusuan.compute import compute
from yusuan.source import SourceError
from yusuan.source.workbook import budget_to_workbook, save_workbook
from yusuan.source.yamlnodes import read_yaml

from conftest import FICTIONAL, KORLA, run_cli, show_json


@pytest.fixture(scope="module")
def korla_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("workbook") / "korla.xlsx"
    save_workbook(budget_to_workbook(load_budget(KORLA)), path)
    return path


def test_template_writes_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "budget.xlsx"
    code, out, _ = run_cli("template", "--layout", "xinjiang-2024-unit", "-o", str(target))
    assert code == 0 and "2024 年预算填报工作簿" in out
    assert openpyxl.load_workbook(target)["基本信息"]["C4"].value == 2024
    code, _, err = run_cli("template", "--layout", "xinjiang-2024-unit", "--year", "2026", "-o", str(target))
    assert code == 2 and "文件已存在" in err and "--force" in err
    assert openpyxl.load_workbook(target)["基本信息"]["C4"].value == 2024
    code, _, _ = run_cli(
        "template", "--layout", "xinjiang-2024-unit", "--year", "2026", "-o", str(target), "--force"
    )
    assert code == 0 and openpyxl.load_workbook(target)["基本信息"]["C4"].value == 2026


def test_template_refuses_unknown_layout_and_other_suffix(tmp_path: Path) -> None:
    code, _, err = run_cli("template", "--layout", "nowhere-2024", "-o", str(tmp_path / "a.xlsx"))
    assert code == 2 and "nowhere-2024" in err and not (tmp_path / "a.xlsx").exists()
    code, _, err = run_cli("template", "--layout", "xinjiang-2024-unit", "-o", str(tmp_path / "a.yaml"))
    assert code == 2 and ".xlsx" in err


def test_workbook_gives_the_same_figures_as_the_yaml(korla_xlsx: Path) -> None:
    assert show_json(korla_xlsx)["figures"] == show_json(KORLA)["figures"]


def test_build_and_check_take_the_workbook(korla_xlsx: Path, tmp_path: Path) -> None:
    code, out, err = run_cli("build", str(korla_xlsx), "-o", str(tmp_path / "out"), "--format", "html")
    assert code == 0, err
    published = [p for p in (tmp_path / "out").glob("*.html") if not p.name.endswith("-核对报告.html")]
    assert len(published) == 1
    code, out, err = run_cli("check", str(korla_xlsx))
    assert "预算源文件" not in err and "2101101" in out  # checked as a budget, its findings listed


def test_bad_workbook_exits_2_naming_sheet_and_cell(korla_xlsx: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    workbook = openpyxl.load_workbook(korla_xlsx)
    workbook["基本信息"]["C4"] = "二〇二四"
    workbook.save(path)
    code, _, err = run_cli("show", str(path))
    assert code == 2
    assert "工作表“基本信息” 单元格 C4 year（预算年度）：应为整数，实际为“二〇二四”" in err
    assert "Traceback" not in err


def yaml_data(path: Path) -> dict[str, Any]:
    data, _ = read_yaml(path)
    assert isinstance(data, dict)
    return data


def test_new_from_last_years_source_takes_current_figures_as_prior(tmp_path: Path) -> None:
    last = load_budget(KORLA)
    figures = compute(last)
    target = tmp_path / "2025.yaml"
    code, out, err = run_cli(
        "new", "--layout", "xinjiang-2024-unit", "--year", "2025", "--from", str(KORLA), "-o", str(target)
    )
    assert code == 0, err
    assert "未带入：上年 8 个项目" in out
    data = yaml_data(target)
    assert (data["year"], data["unit"]["name"]) == (2025, last.unit.name)
    assert data["profile"]["functions"]["items"] == last.profile.functions.items
    lines = {line["code"]: line for line in data["expenditure"]}
    assert lines["2010301"]["prior"] == {"basic": Decimal("939.99"), "project": 0}
    assert lines["2010399"]["prior"] == {"basic": 0, "project": Decimal("256.25")}  # the eight projects
    assert "basic" not in lines["2010301"]  # this year's amount is the preparer's to enter
    assert data["income"] == [{"source": "general", "prior": Decimal("1307.84")}]
    assert figures.total == Decimal("1307.84")
    assert data["sangong"]["vehicle_running"] == {"prior": 64}
    assert data["operating_expenses"] == {"prior": Decimal("345.45")}
    assert data["profile"]["staffing"] == {
        "authorized": 45,
        "prior": {"in_service": 34, "retired": 9, "retired_cadres": 0},
    }
    assert "projects" not in data
    # what is still to fill is what check reports
    with pytest.raises(SourceError) as caught:
        load_budget(target)
    assert {p.field for p in caught.value.problems} >= {
        "sangong.overseas.amount",
        "profile.staffing.in_service",
    }


def test_new_keeps_the_sources_amount_unit(tmp_path: Path) -> None:
    target = tmp_path / "2026.yaml"
    code, _, err = run_cli(
        "new", "--layout", "xinjiang-2024-unit", "--year", "2026", "--from", str(FICTIONAL), "-o", str(target)
    )
    assert code == 0, err
    data = yaml_data(target)
    assert data["amount_unit"] == "元"
    assert data["expenditure"][0]["prior"] == {"basic": Decimal("3200000.5"), "project": 0}  # 元, exact
    assert data["sangong"]["vehicle_running"] == {"prior": 120000}


def test_new_workbook_from_a_workbook_source(korla_xlsx: Path, tmp_path: Path) -> None:
    target = tmp_path / "2025.xlsx"
    code, _, err = run_cli(
        "new", "--layout", "xinjiang-2024-unit", "--year", "2025", "--unit", "新名称", "--from", str(korla_xlsx),
        "-o", str(target),
    )  # fmt: skip
    assert code == 0, err
    with pytest.raises(SourceError) as caught:
        load_budget(target)
    places = {(p.sheet, p.field) for p in caught.value.problems}
    assert ("三公经费", "sangong.reception.amount") in places
    workbook = openpyxl.load_workbook(target)
    form = workbook["基本信息"]
    assert "新名称" in [c.value for c in form["C"]]
    ws = workbook["支出功能分类"]
    headings = [c.value for c in ws[2]]
    prior = headings.index("上年数：上年基本支出（2024年）")
    assert ws.cell(4, prior + 1).value == 939.99  # float-ok: what openpyxl gives for the number cell


def test_new_never_overwrites_and_needs_a_unit(tmp_path: Path) -> None:
    target = tmp_path / "b.yaml"
    target.write_text("keep", encoding="utf-8")
    code, _, err = run_cli(
        "new", "--layout", "xinjiang-2024-unit", "--year", "2025", "--unit", "甲", "-o", str(target)
    )
    assert code == 2 and "文件已存在" in err and target.read_text(encoding="utf-8") == "keep"
    code, _, err = run_cli(
        "new", "--layout", "xinjiang-2024-unit", "--year", "2025", "-o", str(tmp_path / "c.yaml")
    )
    assert code == 2 and "--unit" in err
    code, _, err = run_cli(
        "new",
        "--layout",
        "xinjiang-2024-unit",
        "--year",
        "2025",
        "--unit",
        "甲单位",
        "-o",
        str(tmp_path / "c.yaml"),
    )
    assert code == 0, err
    assert yaml_data(tmp_path / "c.yaml")["unit"] == {"name": "甲单位"}


def test_new_from_a_published_document(korla_xlsx: Path, tmp_path: Path) -> None:
    last = load_budget(KORLA)
    code, _, err = run_cli("build", str(korla_xlsx), "-o", str(tmp_path / "out"), "--format", "html")
    assert code == 0, err
    [published] = [p for p in (tmp_path / "out").glob("*.html") if not p.name.endswith("-核对报告.html")]
    target = tmp_path / "2025.yaml"
    code, out, err = run_cli(
        "new", "--layout", "xinjiang-2024-unit", "--year", "2025", "--from", str(published), "-o", str(target)
    )
    assert code == 0, err
    assert "未带入：收入、人员、项目" in out
    data = yaml_data(target)
    # the reader prefixes the unit name it finds in yusuan's own HTML with the skip link's words
    assert last.unit.name in data["unit"]["name"]
    lines = {line["code"]: line["prior"] for line in data["expenditure"]}
    figures = compute(last)
    assert set(lines) == {line.code for line in last.expenditure}
    for line in last.expenditure:
        printed = lines[line.code]
        assert printed.get("basic", 0) == line.basic
        assert printed.get("project", 0) == figures.cube.total(prefix=line.code, kinds=["project"])
    assert last.sangong is not None
    assert data["sangong"]["vehicle_running"] == {"prior": last.sangong.vehicle_running.amount}


def test_batch_passes_over_a_workbook_in_a_folder(korla_xlsx: Path, tmp_path: Path) -> None:
    from yusuan.batch.inputs import expand_inputs

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "budget.xlsx").write_bytes(korla_xlsx.read_bytes())
    (folder / "published.txt").write_text("2024年单位预算", encoding="utf-8")
    other = folder / "other.xlsx"
    openpyxl.Workbook().save(other)
    found = expand_inputs([folder])
    assert found.documents == [(other,), (folder / "published.txt",)]
    assert found.skipped == [(folder / "budget.xlsx", "预算源，请单独核对")]
