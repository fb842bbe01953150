"""Tests for yusuan.reference: shipped cited fragments, catalogs and the Ministry list importer."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path

import openpyxl
import pytest

from yusuan.model.codes import CodeKind
from yusuan.reference import (
    ReferenceImportError,
    available_years,
    function_classes,
    import_reference,
    imported_path,
    load_catalog,
    nearest_years,
)
from yusuan.reference.catalog import (
    CSV_COLUMNS,
    cited_document,
    corpus_files,
    evidence_years,
    parse_rows,
    shipped_files,
)
from yusuan.reference.importer import SKIP_GOVERNMENT_ECONOMIC

FUNCTION, ECONOMIC = CodeKind.FUNCTION, CodeKind.ECONOMIC


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "userdata"
    monkeypatch.setenv("YUSUAN_DATA_DIR", str(folder))
    return folder


def make_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


# A Ministry-style sheet: title rows, header on row 3, split 类/款/项 columns, one bad row (row 8).
MINISTRY_ROWS: list[list[object]] = [
    ["2024年政府收支分类科目"],
    ["一般公共预算支出功能分类科目"],
    ["类", "款", "项", "科目名称", "说明"],
    [201, None, None, "一般公共服务支出（导入）", "反映……"],
    [201, 3, None, "  政府办公厅（室）及相关机构事务", None],
    [201, 3, 1, "    行政运行", None],
    [201, 3, 99.0, "    其他政府办公厅（室）及相关机构事务支出", None],
    [201, "X3", 2, "    一般行政管理事务", None],
    [208, None, None, "社会保障和就业支出", None],
    [208, 5, None, "行政事业单位养老支出", None],
    [208, 5, 5, "机关事业单位基本养老保险缴费支出", None],
]


# --- shipped data -------------------------------------------------------------------------------------


def test_2024_shipped_function_data() -> None:
    catalog = load_catalog(2024, FUNCTION)
    assert not catalog.is_complete
    entry = catalog.lookup("2010301")
    assert entry is not None and entry.name == "行政运行" and entry.level == "项" and entry.parent == "20103"
    assert "2024-02-08" in entry.source and "表3" in entry.source
    assert catalog.name_of(201) == "一般公共服务支出"
    assert "234" in catalog and "20103" not in catalog  # the seed prints no 款 names
    assert catalog.name_of("207") == "文化旅游体育与传媒支出"  # table 1's full name, not table 4's
    classes = [e.code for e in function_classes(2024)]
    assert classes[0] == "201" and "234" in classes and classes == sorted(classes)
    assert [e.name for e in function_classes(2024)][-1] == "抗疫特别国债安排的支出"


def test_2024_shipped_economic_data() -> None:
    catalog = load_catalog(2024, ECONOMIC)
    assert catalog.name_of("30101") == "基本工资"
    assert catalog.name_of("30208") == "取暖费"
    assert catalog.lookup("30101").parent == "301"  # type: ignore[union-attr]


def test_2023_shanghai_data() -> None:
    catalog = load_catalog(2023, FUNCTION)
    entry = catalog.lookup(2010506)
    assert entry is not None and entry.name == "统计管理"
    assert "1770007475548-818404804.pdf" in entry.source and "PDF第" in entry.source
    # printed across two lines in one table: joined, not truncated
    assert catalog.name_of("2080505") == "机关事业单位基本养老保险缴费支出"
    assert catalog.name_of("2080901") == "退役士兵安置"  # from the shared 2023 fragment
    assert load_catalog(2023, ECONOMIC).name_of("30227") == "委托业务费"


def test_no_silent_fallback_to_other_years() -> None:
    catalog = load_catalog(2022, FUNCTION)
    assert len(catalog) == 0 and "2010301" not in catalog and function_classes(2022) == []
    assert nearest_years(FUNCTION, 2022)[0] == 2023
    assert nearest_years(FUNCTION) == available_years(FUNCTION) == sorted(available_years(FUNCTION))
    # names are year-specific: 20805 was renamed between 2017 and 2023
    assert load_catalog(2017, FUNCTION).name_of("20805") == "行政事业单位离退休"
    assert load_catalog(2023, FUNCTION).name_of("20805") == "行政事业单位养老支出"


def test_lookup_of_malformed_codes_returns_none() -> None:
    catalog = load_catalog(2024, FUNCTION)
    assert catalog.lookup("abc") is None and catalog.lookup(None) is None and "30101" not in catalog


def _shipped_names() -> list[str]:
    return sorted(p.name for p in resources.files("yusuan.reference").joinpath("data").iterdir())


def test_every_shipped_file_is_well_formed_and_cited() -> None:
    names = _shipped_names()
    assert "SOURCES.md" in names and "partial_provenance.csv" in names
    data = resources.files("yusuan.reference").joinpath("data")
    for name in names:
        if not name.endswith(".csv") or name == "partial_provenance.csv":
            continue
        kind = ECONOMIC if "economic" in name and not name.startswith("government") else FUNCTION
        text = data.joinpath(name).read_text(encoding="utf-8")
        if name.startswith("government"):
            rows = list(csv.DictReader(io.StringIO(text)))
            assert rows and all(r["code"].startswith("5") and r["source"] for r in rows)
            continue
        entries = parse_rows(text, kind, name)
        assert entries, name
        assert all(e.source and e.name and not any(c.isspace() for c in e.name) for e in entries), name
        if name.endswith("_corpus.csv"):
            # names printed in corpus documents: one row per code, name and document, citing the
            # corpus file and its pages (documents may print one code with different names)
            assert len({(e.code, e.name, cited_document(e)) for e in entries}) == len(entries), name
            assert all(re.fullmatch(r"语料 [^/ ]+/\S+\.pdf 第[\d、]+页", e.source) for e in entries), name
        else:
            assert len({e.code for e in entries}) == len(entries), name
        assert name in sources_md(), f"{name} is not described in SOURCES.md"


def test_corpus_names_are_evidence_not_reference() -> None:
    # 20805 is printed as 行政事业单位离退休 in 2017/2018 documents (jiangsu-province/js-cppcc-office
    # _2018_dept-budget-tables.pdf p.5) and as 行政事业单位养老支出 in 2022 (xian/06 … p.35)
    catalog = load_catalog(2022, FUNCTION)
    assert not catalog.is_complete and "20805" not in catalog and catalog.name_of("20805") is None
    printed = catalog.printed("20805")
    assert {e.name for e in printed} == {"行政事业单位养老支出"} and len(printed) >= 10
    assert all(cited_document(e) and cited_document(e).startswith("xian/") for e in printed)  # type: ignore[union-attr]
    assert {e.name for e in load_catalog(2018, FUNCTION).printed("20805")} == {"行政事业单位离退休"}
    # the official name wins: 2023 has a shipped fragment and no corpus document
    assert load_catalog(2023, FUNCTION).name_of("20805") == "行政事业单位养老支出"
    assert load_catalog(2023, FUNCTION).printed("20805") == []
    # the 2017 fragment and the 2017 corpus documents agree; the corpus rows stay separate
    catalog = load_catalog(2017, ECONOMIC)
    assert catalog.name_of("30307") == "医疗费" and catalog.lookup("30307").source.startswith(
        "江苏省人民检察院"
    )  # type: ignore[union-attr]
    assert {e.name for e in catalog.printed("30307")} == {"医疗费"}
    assert {e.name for e in load_catalog(2026, ECONOMIC).printed("30307")} == {"医疗费补助"}
    # corpus years are not reference years: no catalogue year is claimed for them
    catalog = load_catalog(2026, FUNCTION)
    assert len(catalog) == 0 and not catalog.is_complete and len(list(catalog.all_printed())) > 1000
    assert 2026 in evidence_years(FUNCTION) and 2026 not in available_years(FUNCTION)
    assert all(not f.endswith("_corpus.csv") for f in shipped_files(FUNCTION, 2022))
    assert corpus_files(FUNCTION, 2022) == ("function_2022_corpus.csv",)


def sources_md() -> str:
    return resources.files("yusuan.reference").joinpath("data", "SOURCES.md").read_text(encoding="utf-8")


def test_shipped_sources_agree_within_a_year() -> None:
    for kind in CodeKind:
        for year in available_years(kind):
            seen: dict[str, set[str]] = defaultdict(set)
            data = resources.files("yusuan.reference").joinpath("data")
            for name in shipped_files(kind, year):
                for entry in parse_rows(data.joinpath(name).read_text(encoding="utf-8"), kind, name):
                    seen[entry.code].add(entry.name)
            assert {c: n for c, n in seen.items() if len(n) > 1} == {}, (kind, year)


# --- importer -------------------------------------------------------------------------------------------


def test_import_xlsx_with_split_columns(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "2024年政府收支分类科目.xlsx", {"支出功能分类": MINISTRY_ROWS})
    result = import_reference(path, 2024)
    assert result.counts[FUNCTION] == {"类": 2, "款": 2, "项": 3}
    assert result.total(FUNCTION) == 7 and ECONOMIC not in result.written
    assert [(p.sheet, p.row) for p in result.problems] == [("支出功能分类", 8)]
    assert "款列“X3”" in str(result.problems[0]) and "第8行" in str(result.problems[0])
    assert result.written[FUNCTION] == imported_path(FUNCTION, 2024)
    assert "已导入 2024 年支出功能分类科目 7 条" in result.summary()

    catalog = load_catalog(2024, FUNCTION)
    assert catalog.is_complete
    assert catalog.name_of("201") == "一般公共服务支出（导入）"  # imported name wins over shipped
    assert catalog.name_of("2010399") == "其他政府办公厅（室）及相关机构事务支出"  # 99.0 -> 99
    assert catalog.lookup("20103").source.startswith("2024年政府收支分类科目.xlsx（导入于")  # type: ignore[union-attr]
    assert "220" in catalog  # shipped entries absent from the import stay available
    assert [e.code for e in function_classes(2024)] == ["201", "208"]  # the imported list decides
    assert load_catalog(2023, FUNCTION).name_of("201") == "一般公共服务支出"  # other years untouched
    assert 2024 in available_years(FUNCTION)


def test_import_twice_requires_replace(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "list.xlsx", {"Sheet1": MINISTRY_ROWS})
    import_reference(path, 2024)
    before = imported_path(FUNCTION, 2024).read_text(encoding="utf-8")
    with pytest.raises(ReferenceImportError) as info:
        import_reference(path, 2024)
    assert "已导入过" in info.value.message and "replace=True" in info.value.message
    assert imported_path(FUNCTION, 2024).read_text(encoding="utf-8") == before
    rows = [row[:] for row in MINISTRY_ROWS]
    rows[5] = [201, 3, 1, "行政运行（新）", None]
    result = import_reference(make_xlsx(tmp_path / "list2.xlsx", {"Sheet1": rows}), 2024, replace=True)
    assert result.written and load_catalog(2024).name_of("2010301") == "行政运行（新）"


def test_import_single_column_sheets_and_kinds(tmp_path: Path) -> None:
    function_rows: list[list[object]] = [
        ["说明：本表为测试"],
        [None, "科目编码", "科目名称"],
        [None, 205, "教育支出"],
        [None, "20501", "  —教育管理事务"],
        [None, 2050101.0, "　　2050101 行政运行"],
        [None, 2050102.5, "一般行政管理事务"],
        [None, "合计", None],
        [None, "2059", "错误长度"],
        [None, "20502", None],
    ]
    economic_rows: list[list[object]] = [
        ["编码", "名称"],
        [301, "工资福利支出"],
        ["301 01", "基本工资"],
        [30102, "其中：津贴补贴"],
        [501, "机关工资福利支出"],
        [50101, "工资奖金津补贴"],
    ]
    path = make_xlsx(
        tmp_path / "mof.xlsx",
        {"功能": function_rows, "经济": economic_rows, "封面": [["2024年政府收支分类科目"]]},
    )
    result = import_reference(path, 2025)
    assert result.counts[FUNCTION] == {"类": 1, "款": 1, "项": 1}
    assert result.counts[ECONOMIC] == {"类": 1, "款": 2}
    assert result.skipped == {SKIP_GOVERNMENT_ECONOMIC: 2}
    assert result.sheets_without_header == ["封面"]
    assert [(p.sheet, p.row) for p in result.problems] == [("功能", 6), ("功能", 8), ("功能", 9)]
    assert "不是整数" in result.problems[0].message
    assert "长度为 4 位" in result.problems[1].message
    assert "缺少科目名称" in result.problems[2].message
    function = load_catalog(2025, FUNCTION)
    assert function.name_of("20501") == "教育管理事务" and function.name_of("2050101") == "行政运行"
    assert load_catalog(2025, ECONOMIC).name_of("30102") == "津贴补贴"
    assert load_catalog(2025, ECONOMIC).is_complete


def test_import_only_requested_kind(tmp_path: Path) -> None:
    rows: list[list[object]] = [["编码", "名称"], [301, "工资福利支出"], [201, "一般公共服务支出"]]
    path = make_xlsx(tmp_path / "mof.xlsx", {"s": rows})
    result = import_reference(path, 2026, ECONOMIC)
    assert list(result.written) == [ECONOMIC] and not imported_path(FUNCTION, 2026).exists()
    assert sum(result.skipped.values()) == 1


def test_import_inherits_blank_split_cells_and_checks_parents(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["科目编码", None, None, "科目名称"],
        ["类", "款", "项", None],
        ["201", None, None, "一般公共服务支出"],
        [None, "01", None, "人大事务"],
        [None, None, "01", "行政运行"],
        [None, None, "02", "一般行政管理事务"],
        [None, "02", None, "政协事务"],
        [None, None, "01", "行政运行"],
        ["202", "01", "01", "孤儿项"],  # 202 and 20201 are not in the file
        ["203", "01", None, "甲"],
        ["203", "01", None, "乙"],  # same code, different name: both rows reported, code dropped
    ]
    path = tmp_path / "split.csv"
    with path.open("w", encoding="gb18030", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = import_reference(path, 2024)
    catalog = load_catalog(2024)
    assert catalog.name_of("2010102") == "一般行政管理事务" and catalog.name_of("2010201") == "行政运行"
    assert result.counts[FUNCTION] == {"类": 1, "款": 2, "项": 3}
    assert [p.row for p in result.problems] == [9, 10, 11]
    assert {p.sheet for p in result.problems} == {"split.csv"}
    assert "20301" not in catalog


def test_import_refuses_when_nothing_valid(tmp_path: Path, data_dir: Path) -> None:
    rows: list[list[object]] = [["编码", "名称"], ["2O1", "一般公共服务支出"], [501, "x"]]
    path = make_xlsx(tmp_path / "bad.xlsx", {"s": rows})
    with pytest.raises(ReferenceImportError) as info:
        import_reference(path, 2024)
    assert "未写入任何文件" in info.value.message and "第2行" in info.value.message
    assert len(info.value.problems) == 1
    assert not data_dir.exists()
    with pytest.raises(ReferenceImportError, match="未找到"):
        import_reference(make_xlsx(tmp_path / "empty.xlsx", {"s": [["无表头"]]}), 2024)
    old = tmp_path / "old.xls"
    old.write_bytes(b"x")
    with pytest.raises(ReferenceImportError, match="xlsx"):
        import_reference(old, 2024)
    with pytest.raises(ReferenceImportError, match="找不到文件"):
        import_reference(tmp_path / "missing.xlsx", 2024)
    with pytest.raises(ReferenceImportError, match="年度"):
        import_reference(path, 24)


def test_imported_file_format(tmp_path: Path) -> None:
    import_reference(make_xlsx(tmp_path / "l.xlsx", {"s": MINISTRY_ROWS}), 2024)
    lines = imported_path(FUNCTION, 2024).read_text(encoding="utf-8").splitlines()
    assert tuple(lines[0].split(",")) == CSV_COLUMNS
    assert lines[1].startswith("201,一般公共服务支出（导入）,1,,l.xlsx（导入于 ")
    assert any(line.startswith("2010301,行政运行,3,20103,") for line in lines)
