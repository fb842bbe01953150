"""Bad source files: every problem named with file, line and field, in Chinese; exit 2; no traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from yusuan.budgetfile import load_budget
from yusuan.source import SourceError

from conftest import KORLA, run_cli

MINIMAL = """\
yusuan: 1
year: 2024
unit:
  name: 测试单位
  scope: 单位
profile:
  functions:
    items: [职能一]
expenditure:
  - code: "2010301"
    name: 行政运行
    basic: 100.00
"""


def write(tmp_path: Path, text: str, name: str = "budget.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(SourceError) as caught:
        load_budget(path)
    return [str(p) for p in caught.value.problems]


def test_minimal_file_loads(tmp_path: Path) -> None:
    budget = load_budget(write(tmp_path, MINIMAL))
    assert str(budget.expenditure[0].basic) == "100.00"


def test_wrong_type_names_file_line_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("year: 2024", "year: 二〇二四"))
    [message] = problems_of(path)
    assert message.startswith(f"{path}:2 year（预算年度）：")
    assert "应为整数" in message


def test_unknown_field(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("    basic: 100.00", "    basic: 100.00\n    basci_note: 多余"))
    [message] = problems_of(path)
    assert f"{path}:13 expenditure[0].basci_note" in message
    assert "未知字段" in message


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ('"12,3.4"', "金额格式不正确：“12,3.4”"),
        ('"一百"', "金额格式不正确"),
        ("-5", "金额不能为负数"),
        ("1.1234567", "金额小数位过多"),
        ("true", "金额不能是真假值"),
    ],
)
def test_malformed_amount(tmp_path: Path, amount: str, expected: str) -> None:
    path = write(tmp_path, MINIMAL.replace("basic: 100.00", f"basic: {amount}"))
    [message] = problems_of(path)
    assert f"{path}:12 expenditure[0].basic（支出功能分类（项）及基本支出 → 基本支出）：" in message
    assert expected in message


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ('"20103011"', "长度为 8 位，应为 7 位"),
        ('"20103"', "应为 7 位"),
        ('"3010301"', "应以 2 开头"),
        ('"201O301"', "只能由数字组成"),
    ],
)
def test_bad_subject_code(tmp_path: Path, code: str, expected: str) -> None:
    path = write(tmp_path, MINIMAL.replace('code: "2010301"', f"code: {code}"))
    [message] = problems_of(path)
    assert f"{path}:10 expenditure[0].code" in message
    assert expected in message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = MINIMAL.replace("year: 2024", "year: abc").replace("basic: 100.00", 'basic: "x"') + "colour: red\n"
    messages = problems_of(write(tmp_path, text))
    assert len(messages) == 3
    assert [int(re.search(r":(\d+) ", m).group(1)) for m in messages] == [2, 12, 13]  # type: ignore[union-attr]


def test_missing_field_and_reference_problems(tmp_path: Path) -> None:
    text = MINIMAL.replace("    name: 行政运行\n", "") + (
        'projects:\n  - name: 项目甲\n    subject: "2010399"\n    amount: 5\n'
        "project_performance:\n  项目乙:\n    goal: 目标\n    indicators: {}\n"
    )
    messages = problems_of(write(tmp_path, text))
    assert any("expenditure[0].name" in m and "缺少必填字段" in m for m in messages)


def test_reference_problems_after_validation(tmp_path: Path) -> None:
    text = MINIMAL + (
        'projects:\n  - name: 项目甲\n    subject: "2010399"\n    amount: 5\n'
        "project_performance:\n  项目乙:\n    goal: 目标\n    indicators: {}\n"
        "none_this_year:\n  carry_over:\n"
    )
    path = write(tmp_path, text)
    messages = problems_of(path)
    assert any(f"{path}:15 projects[0].subject" in m and "未在 expenditure 中列出" in m for m in messages)
    assert any("project_performance.项目乙" in m and "不在 projects 中" in m for m in messages)


def test_yaml_syntax_error_and_duplicate_key(tmp_path: Path) -> None:
    path = write(tmp_path, "yusuan: 1\nyear: [2024\nunit: x\n")
    [message] = problems_of(path)
    assert message.startswith(f"{path}:3：YAML 语法错误：方括号 [ ] 没有闭合")
    path = write(tmp_path, "yusuan: 1\n\tyear: 2024\n", "tab.yaml")
    [message] = problems_of(path)
    assert f"{path}:2：" in message and "制表符" in message
    [message] = problems_of(write(tmp_path, MINIMAL + "year: 2025\n", "dup.yaml"))
    assert ":13" in message and "“year”在同一处出现了两次" in message


def test_folder_merges_files_and_refuses_duplicate_keys(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL)
    write(
        tmp_path, "glossary:\n  - {term: 基本支出, definition: 包括人员经费、公用经费。}\n", "glossary.yaml"
    )
    assert load_budget(tmp_path).glossary[0].term == "基本支出"
    write(tmp_path, "year: 2025\n", "other.yaml")
    [message] = problems_of(tmp_path)
    assert "other.yaml:1 year" in message and "不能重复" in message


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("empty.yaml", "", "文件为空"),
        ("list.yaml", "- a\n- b\n", "顶层应为映射"),
        ("notes.txt", "x", "应为 .yaml 文件"),
    ],
)
def test_unusable_files(tmp_path: Path, name: str, text: str, expected: str) -> None:
    [message] = problems_of(write(tmp_path, text, name))
    assert expected in message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes(MINIMAL.encode("gbk"))
    [message] = problems_of(path)
    assert "不是 UTF-8 编码" in message


def test_negative_amount_is_shown_as_typed(tmp_path: Path) -> None:
    text = MINIMAL.replace("year: 2024", "year: 2024\namount_unit: 元").replace(
        "basic: 100.00", "basic: -50000"
    )
    [message] = problems_of(write(tmp_path, text))
    assert "金额不能为负数：-50000" in message


def test_subject_names_keys(tmp_path: Path) -> None:
    text = MINIMAL + 'subject_names:\n  "201": 一般公共服务支出\n  "302": 商品和服务支出\n  "2011": 错\n'
    [message] = problems_of(write(tmp_path, text))
    assert "subject_names.2011" in message and "长度为 4 位" in message


def test_income_source_explained_twice(tmp_path: Path) -> None:
    text = MINIMAL + "income:\n  - {source: general, prior: 90}\n  - {source: general, prior: 80}\n"
    path = write(tmp_path, text)
    [message] = problems_of(path)
    assert f"{path}:15 income[1].source" in message and "不应重复" in message


def test_scientific_notation_is_not_an_amount(tmp_path: Path) -> None:
    [message] = problems_of(write(tmp_path, MINIMAL.replace("basic: 100.00", "basic: 1.0e2")))
    assert "金额格式不正确" in message


def test_amounts_in_yuan_are_exact(tmp_path: Path) -> None:
    text = MINIMAL.replace("year: 2024", "year: 2024\namount_unit: 元").replace(
        "basic: 100.00", 'basic: "2,562,501.37"'
    )
    budget = load_budget(write(tmp_path, text))
    assert str(budget.expenditure[0].basic) == "256.250137"


def test_cli_exit_code_and_no_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("basic: 100.00", 'basic: "12,3.4"'))
    code, out, err = run_cli("show", str(path))
    assert code == 2
    assert "Traceback" not in out + err
    assert "预算源文件有 1 处问题" in err
    assert "金额格式不正确" in err
    code, _, err = run_cli("show", str(tmp_path / "missing.yaml"))
    assert code == 2 and "不存在" in err


def test_cli_unknown_layout(tmp_path: Path) -> None:
    code, _, err = run_cli("show", str(KORLA), "--layout", "beijing-99")
    assert code == 2
    assert "没有名为“beijing-99”的版式" in err


# ------------------------------------------------------------------ bombs and bytes (issue 11)

_BOMB = 'b0: &a0 ["x","x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"b{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)
)


@pytest.mark.parametrize(
    ("extra", "line", "expected"),
    [
        (_BOMB, 13, "别名（&/*）展开后超过 500,000 项，文件可能是“别名炸弹”"),  # 10^10 values unexpanded
        ("loop: &l [*l]\n", 13, "别名（*）引用了包含它自身的内容"),
        ("deep: " + "[" * 5000 + "]" * 5000 + "\n", 13, "方括号或花括号嵌套超过 64 层"),
        (
            "nested:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 70)) + "  " * 70 + "v: 1\n",
            13,
            "嵌套超过 64 层",
        ),
        ("note: 有\x00空字符\n", 13, "含有不可见的控制字符（U+0000），请删去"),
        ("note: 响铃\x07\n", 13, "含有不可见的控制字符（U+0007），请删去"),
    ],
)
def test_yaml_that_would_exhaust_memory_or_stack(
    tmp_path: Path, extra: str, line: int, expected: str
) -> None:
    path = write(tmp_path, MINIMAL + extra)
    [message] = problems_of(path)
    assert message.startswith(f"{path}:") and expected in message
    if "嵌套超过 64 层" not in message and "别名" not in message:
        assert message.startswith(f"{path}:{line}")


def test_amount_with_too_many_digits(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("basic: 100.00", "basic: " + "1" * 30 + ".00"))
    [message] = problems_of(path)
    assert "金额位数过多" in message and "整数部分最多 15 位" in message
    assert "basic" in message


def test_cli_on_an_alias_bomb_exits_2(tmp_path: Path) -> None:
    code, out, err = run_cli("check", str(write(tmp_path, MINIMAL + _BOMB)))
    assert code == 2 and "别名炸弹" in err and "Traceback" not in out + err
