"""Every suggested fix in both languages: a rule cannot give a hint in one only (``Hint``), the
English report prints the English fix, and the JSON carries both."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from rulekit import JIANGSU, built, english_hint_problem
from yusuan.check.finding import Finding, Hint, Severity
from yusuan.check.report import print_report

from conftest import KORLA, run_cli

FIX = "    Fix: "


def test_a_hint_needs_both_languages() -> None:
    assert Hint("核对合计", "Check the total") == Hint(zh="核对合计", en="Check the total")
    for zh, en in (("核对合计", ""), ("", "Check the total"), ("核对合计", "  ")):
        with pytest.raises(ValueError, match="both"):
            Hint(zh, en)
    with pytest.raises(ValueError, match=r"text\.E001"):
        Finding("text.E001", Severity.ERROR, "正文", "text", hint="核对合计")
    assert Finding("text.E001", Severity.ERROR, "正文", "text").to_json()["hint_en"] == ""


@pytest.mark.parametrize("source", [KORLA, JIANGSU], ids=["korla", "jiangsu"])
def test_json_carries_both_hints(source: Path) -> None:
    code, out, _ = run_cli("check", str(source), "--json")
    assert code == 1  # both have errors: the findings are real ones
    found = json.loads(out)["findings"]
    hinted = [f for f in found if f["hint"]]
    assert hinted
    assert all(f["hint_en"] for f in hinted)
    assert [p for p in map(english_hint_problem, found) if p] == []


@pytest.mark.parametrize("source", [KORLA, JIANGSU], ids=["korla", "jiangsu"])
def test_english_report_gives_every_fix_in_english(source: Path) -> None:
    code, out, _ = run_cli("check", str(source), "--english")
    _, chinese, _ = run_cli("check", str(source), "--json")
    assert code == 1
    hints = [line.removeprefix(FIX) for line in out.splitlines() if line.startswith(FIX)]
    expected = [f["hint_en"] for f in json.loads(chinese)["findings"] if f["hint"]]
    # grouped by family in the report; every hinted finding's English fix is printed, in English
    assert hints and sorted(hints) == sorted(expected)
    assert "in Chinese" not in out and "建议：" not in out
    for hint in hints:
        assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"“[^”]*”|[0-9][0-9,.]*万元", "", hint)), hint


def test_chinese_report_keeps_the_chinese_fix() -> None:
    from rich.console import Console

    from yusuan.check.runner import CheckReport

    report = CheckReport(
        built(),
        [Finding("text.E001", Severity.ERROR, "正文与表不符", "text differs", "核对正文", "Check the text")],
    )
    zh, en = io.StringIO(), io.StringIO()
    print_report(Console(file=zh, width=200), report)
    print_report(Console(file=en, width=200), report, english=True)
    assert "    建议：核对正文\n" in zh.getvalue() and "Check the text" not in zh.getvalue()
    assert f"{FIX}Check the text\n" in en.getvalue() and "核对正文" not in en.getvalue()


def test_many_notices_of_one_rule_are_counted_after_the_first_few() -> None:
    """huzhou/02 has 31 rounding notices (arith.N001): the text report shows errors first, three
    notices of a kind in full and counts the rest; the JSON and HTML reports keep them all."""
    import io

    from rich.console import Console

    from yusuan.check.runner import CheckReport

    notices = [
        Finding("arith.N001", Severity.NOTICE, f"尾差 {n}", f"rounding {n}", "尾差可保留", "Keep it")
        for n in range(1, 8)
    ]
    error = Finding("arith.E001", Severity.ERROR, "合计不符", "total differs", "核对合计", "Check the total")
    report = CheckReport(built(), [*notices, error])
    zh, en = io.StringIO(), io.StringIO()
    print_report(Console(file=zh, width=200), report)
    print_report(Console(file=en, width=200), report, english=True)
    text = zh.getvalue()
    assert text.index("合计不符") < text.index("尾差 1")
    assert "尾差 3" in text and "尾差 4" not in text
    assert "… arith.N001 同类提示另有 4 处（--json 或 --html 列出全部）" in text
    assert "arith.N001: 4 more notices of this kind" in en.getvalue()
    assert len(report.to_json()["findings"]) == 8


def _english_hints() -> list[tuple[str, str, str]]:
    """Every ``Hint(zh, en)`` the rules write: (place, Chinese, English), an interpolation as «…»."""
    import ast

    from rulekit import ROOT

    def text(node: ast.expr) -> str:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return "".join(text(v) if isinstance(v, ast.Constant) else "«…»" for v in node.values)
        raise AssertionError(f"a hint that is not written out: {ast.dump(node)}")

    hints = []
    for path in sorted((ROOT / "src" / "yusuan" / "check" / "rules").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Hint":
                zh, en = (text(a) for a in [*node.args, *(k.value for k in node.keywords)])
                hints.append((f"{path.name}:{node.lineno}", zh, en))
    return hints


def test_every_hint_the_rules_write_is_english() -> None:
    """Statically, so that a rule no test makes fire still gives a real English fix."""
    hints = _english_hints()
    assert len(hints) >= 100
    families = {place.split(".py")[0] for place, _, _ in hints}
    assert {"arith", "code", "complete", "cross", "text", "wording", "perf", "prior"} <= families
    for place, zh, en in hints:
        finding = {"rule": place, "hint": zh, "hint_en": en}
        assert english_hint_problem(finding) is None, english_hint_problem(finding)
        assert re.match(r"[A-Z]", en), (place, en)  # imperative, a sentence of its own


def test_a_location_quotes_a_long_sentence_cut_at_sixty_characters() -> None:
    from yusuan.check.finding import Location

    sentence = "本部门2024年收入预算1307.84万元，" * 5  # 21 characters each, 105 in all
    at = Location(section="二、收入预算情况说明", sentence=sentence)
    assert at.describe() == f"“二、收入预算情况说明”，句子“{sentence[:60]}…”"
    assert at.describe_en() == f"section “二、收入预算情况说明”, sentence “{sentence[:60]}…”"
    short = Location(table="收支总表", row="合计", column="本年数", sentence="全句。")
    assert short.describe() == "表“收支总表”，“合计”行，“本年数”栏，句子“全句。”"
