"""The command line: help, schema, layouts, reference import and lookup."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
from openpyxl import Workbook

from yusuan.source.loader import read_source

from conftest import KORLA, run_cli


def test_help_lists_commands() -> None:
    code, out, _ = run_cli("--help")
    assert code == 0
    for command in ("show", "schema", "layouts", "reference"):
        assert command in out
    assert "预算源" in out


def _plain(value: Any) -> Any:
    """YAML values as JSON would carry them (decimal text for amounts)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def test_schema_is_json_schema_and_accepts_the_example() -> None:
    code, out, _ = run_cli("schema")
    assert code == 0
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["year"]["title"] == "预算年度"
    data, _ = read_source(KORLA)
    # Weights are plain numbers in the schema: give them as numbers, amounts as decimal text.
    plain = _plain(data)
    for perf in [plain["performance"], *plain["project_performance"].values()]:
        for level2 in perf["indicators"].values():
            for items in level2.values():
                for item in items:
                    item["weight"] = int(item["weight"])
    jsonschema.validate(plain, schema)
    bad = dict(plain, colour="red")
    try:
        jsonschema.validate(bad, schema)
    except jsonschema.ValidationError as exc:
        assert "colour" in exc.message
    else:  # pragma: no cover
        raise AssertionError("the schema should refuse unknown fields")


def test_layouts_command() -> None:
    code, out, _ = run_cli("layouts")
    assert code == 0
    for layout in ("xinjiang-2024-unit", "shanghai-2023-dept", "jiangsu-2017-dept"):
        assert layout[:10] in out


def test_show_summary_text() -> None:
    code, out, _ = run_cli("show", str(KORLA), "--summary")
    assert code == 0
    assert "1,307.84" in out and "编制 45，实有 43（在职 34，退休 9，离休 0）" in out
    assert "22 辆，价值 476.53 万元" in out


def test_reference_import_and_show(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("YUSUAN_DATA_DIR", str(tmp_path / "data"))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2030年政府收支分类科目"])
    sheet.append([])
    sheet.append(["科目编码", "科目名称"])
    sheet.append(["201", "一般公共服务支出"])
    sheet.append(["20103", "政府办公厅（室）及相关机构事务"])
    sheet.append(["2010301", "行政运行"])
    path = tmp_path / "list.xlsx"
    book.save(path)
    code, out, err = run_cli("reference", "import", str(path), "--year", "2030")
    assert code == 0, err
    assert "已导入 2030 年支出功能分类科目 3 条" in out
    code, out, _ = run_cli("reference", "show", "20103", "--year", "2030")
    assert code == 0 and "政府办公厅（室）及相关机构事务" in out
    code, _, err = run_cli("reference", "import", str(path), "--year", "2030")
    assert code == 2 and "--replace" in err
    code, out, _ = run_cli("reference", "show", "2010301", "--year", "2024")
    assert code == 0 and "行政运行" in out
    code, out, _ = run_cli("reference", "show", "2999999", "--year", "2024")
    assert code == 1 and "没有 2999999" in out
    # no official 2022 name; the names 2022 corpus documents print are shown as evidence
    code, out, _ = run_cli("reference", "show", "20805", "--year", "2022")
    assert code == 1 and "没有 20805" in out
    assert "印出的名称" in out and "行政事业单位养老支出：语料 xian/" in out


def test_os_errors_are_said_in_chinese(tmp_path: Path) -> None:
    """An OS error names the file and says what happened in Chinese, not Python's English text."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    code, out, err = run_cli("build", str(KORLA), "-o", str(blocker / "out"))
    assert code == 2
    assert "路径中有一部分不是文件夹" in err and str(blocker / "out") in err
    assert "Errno" not in err and "Not a directory" not in err and "Traceback" not in out + err
