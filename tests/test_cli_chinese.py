"""The command line speaks Chinese: click's own texts, --english throughout, progress, checking a
saved reading, and a warning when the prior-year document is another unit's."""

from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path

import pytest
from rich.console import Console

from yusuan.check.registry import FAMILIES, FAMILIES_EN
from yusuan.cli.console import working

from conftest import FICTIONAL, KORLA, ROOT, run_cli

READ_FIXTURE = ROOT / "tests" / "fixtures" / "read" / "variants" / "unit-2024.html"
ENGLISH_WORDS = re.compile(
    r"\b(Usage|Options|Commands|Error|Missing|Show this|Try '|No such|Invalid|Got unexpected)\b"
)


@pytest.mark.parametrize(
    "args",
    [("--help",), ("build", "--help"), ("check", "-h"), ("reference", "--help"), ("reference", "show", "-h")],
)
def test_help_is_chinese(args: tuple[str, ...]) -> None:
    code, out, _ = run_cli(*args)
    assert code == 0
    assert out.startswith("用法：") and "[选项]" in out and "选项：" in out
    assert "显示此帮助并退出。" in out
    assert ENGLISH_WORDS.search(out) is None, out


def test_option_value_names_and_marks_are_chinese() -> None:
    _, out, _ = run_cli("build", "--help")
    assert "-o, --output 路径" in out and "--format 文本" in out and "[必填]" in out
    assert "[默认：docx,pdf,html,xlsx]" in out
    _, out, _ = run_cli("reference", "show", "--help")
    assert "--year 整数" in out and "[2000<=x<=2100; 必填]" in out


def test_help_columns_are_aligned_in_terminal_cells() -> None:
    """A Chinese value name (--templates 文件夹) takes two cells a character: the help texts still
    start in one column."""
    from rich.cells import cell_len

    _, out, _ = run_cli("build", "--help")
    columns = set()
    for line in out[out.index("选项：") :].splitlines()[1:]:
        match = re.match(r"^(  -\S.*?\S {2,})\S", line)
        if match:
            columns.add(cell_len(match.group(1)))
    assert len(columns) == 1, out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("build",), "错误：缺少参数 'SOURCE'"),
        (("build", str(KORLA)), "错误：缺少选项 '-o' / '--output'"),
        (("check", "--nope", "x"), "错误：没有选项“--nope”"),
        (("check", "-j", "abc", "x"), "错误：'-j' / '--jobs' 的值无效：“abc”不是有效的数。"),
        (("check", "-j", "0", "x"), "的值无效：0 不在范围 x>=1 内。"),
        (("frobnicate",), "错误：没有命令“frobnicate”。"),
        (("reference", "import", "/no/such/file.xlsx", "--year", "2024"), "文件“/no/such/file.xlsx”不存在。"),
        (("show", str(KORLA), "extra"), "错误：多余的参数（extra）"),
    ],
)
def test_click_errors_are_chinese(args: tuple[str, ...], said: str) -> None:
    code, _, stderr = run_cli(*args)
    assert code == 2
    assert said in stderr, stderr
    assert "查看帮助" in stderr and ENGLISH_WORDS.search(stderr) is None, stderr


def test_version_is_chinese() -> None:
    code, out, _ = run_cli("--version")
    assert code == 0 and re.fullmatch(r"yusuan，版本 \S+\n", out)


def test_show_document_without_json_is_explained() -> None:
    code, out, stderr = run_cli("show", str(KORLA), "--document")
    assert code == 2 and out == ""
    assert "--document 只与 --json 同用" in stderr and "--summary" in stderr
    code, out, _ = run_cli("show", str(KORLA), "--json", "--document")
    assert code == 0 and "document" in json.loads(out)


def test_english_report_is_english(tmp_path: Path) -> None:
    code, out, _ = run_cli("check", str(KORLA), "--english")
    _, chinese, _ = run_cli("check", str(KORLA))
    assert code == 1
    first, second = out.splitlines()[:2]
    assert "(year 2024, layout xinjiang-2024-unit)" in first
    assert re.fullmatch(r"errors 1, warnings \d+, notices \d+", second)
    assert "Dates and periods (date)" in out and "  error date.E001 A project's period" in out
    for marker in ("错误 ", "警告 ", "提示 ", "位置：", "建议：", "日期与期间"):
        assert marker not in out, marker
    # every finding keeps its place and its fix, in English (tests/test_check_hints.py)
    assert out.count("Where: ") == chinese.count("位置：") > 0
    assert out.count("    Fix: ") == chinese.count("建议：") > 0


def test_every_family_has_an_english_title() -> None:
    assert list(FAMILIES_EN) == list(FAMILIES)
    assert all(title and not re.search(r"[\u4e00-\u9fff]{3}", title) for title in FAMILIES_EN.values())


def test_check_reads_what_read_saved(tmp_path: Path) -> None:
    saved = tmp_path / "读取结果.json"
    code, _, stderr = run_cli("read", str(READ_FIXTURE), "-o", str(saved))
    assert code == 0, stderr
    code_saved, from_saved, _ = run_cli("check", str(saved), "--json")
    code_file, from_file, _ = run_cli("check", str(READ_FIXTURE), "--json")
    assert code_saved == code_file
    saved_report, file_report = json.loads(from_saved), json.loads(from_file)
    assert saved_report["document"] == file_report["document"]
    assert saved_report["document"]["layout"] not in (None, "unknown")
    assert saved_report["findings"] == file_report["findings"]


def test_a_json_that_is_not_a_saved_reading_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"a": 1}', encoding="utf-8")
    code, _, stderr = run_cli("check", str(other))
    assert code == 2 and "不是 yusuan read -o 写出的读取结果" in stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    code, _, stderr = run_cli("check", str(broken))
    assert code == 2 and "不是有效的 JSON" in stderr and "Traceback" not in stderr


def test_prior_of_another_unit_is_warned_about() -> None:
    code, _, stderr = run_cli("check", str(FICTIONAL), "--prior", str(KORLA), "--json")
    assert code in (0, 1)
    assert "上年文件" in stderr and "不是同一单位" in stderr
    assert "库尔勒经济技术开发区管理委员会党政办公室" in stderr
    # the same unit: no word about the unit (the year is said to be wrong, though)
    _, _, stderr = run_cli("check", str(KORLA), "--prior", str(KORLA), "--json")
    assert "不是同一单位" not in stderr
    assert "是 2024 年的，不是本年文件（2024 年）的上一年 2023 年" in stderr


def test_progress_shows_only_when_the_work_takes_long() -> None:
    def run(after: float, seconds: float) -> str:  # float-ok: seconds
        buffer = io.StringIO()
        console = Console(file=buffer, force_terminal=True, width=80)
        with working(console, "核对 某文件.pdf", after=after):
            time.sleep(seconds)
        return buffer.getvalue()

    assert "核对 某文件.pdf" in run(after=0.05, seconds=0.5)
    assert run(after=5, seconds=0.05) == ""
