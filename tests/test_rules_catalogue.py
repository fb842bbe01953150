"""The catalogue: stable ids, texts in both languages, a test for every rule, docs generated from code."""

from __future__ import annotations

import re
from pathlib import Path

import rulecoverage
from rulekit import built, findings
from yusuan.check.catalogue import catalogue_markdown
from yusuan.check.registry import FAMILIES, RULES
from yusuan.check.runner import load_rules

from conftest import FICTIONAL, run_cli

ROOT = Path(__file__).resolve().parent.parent


def test_every_rule_is_complete() -> None:
    load_rules()
    assert len(RULES) >= 60
    for rule_id, rule in RULES.items():
        assert re.fullmatch(r"[a-z]+\.[EWN]\d{3}", rule_id)
        assert rule.title and rule.title_en and rule.rationale, rule_id
    assert {r.family for r in RULES.values()} == set(FAMILIES)  # every family has rules


def test_every_rule_has_tests_counts_what_the_rule_tests_ran() -> None:
    """Each rule needs a test run that reports it and one that could have but did not (family-wide
    clean-document tests count for the second). The rule tests' runs are recorded
    (tests/rulecoverage.py) and checked at the end of a session that ran them all; here, that the
    record and the verdict follow the runs, not the text of the tests."""
    load_rules()
    assert rulecoverage._runs is not None  # this module is a rule test: its runs are recorded
    before = len(rulecoverage._runs)
    document = built()
    assert findings(document, "date.W002") == []  # dated 2024-02-08: quiet
    document.date = "2022-02-08"  # date.W002 — a mention in a comment or a string records nothing
    assert findings(document, "date.W002")
    runs = [run for run in rulecoverage._runs[before:] if run.rule_id == "date.W002"]
    assert [run.reported for run in runs] == [set(), {"date.W002"}]
    record = rulecoverage.Record()
    rulecoverage.fold(runs[:1], record)
    assert record.quiet == {"date.W002"} and record.triggered == set()
    assert rulecoverage.missing(record, ["date.W002"]) == ["date.W002：没有触发的测试"]
    rulecoverage.fold(runs[1:], record)
    assert rulecoverage.missing(record, ["date.W002"]) == []
    assert rulecoverage.missing(rulecoverage.Record(), ["date.W002"]) == ["date.W002：没有触发、不触发的测试"]


def test_a_notice_given_in_a_rules_place_is_quiet_where_that_rule_ran_without_it() -> None:
    load_rules()
    notice = next(r for r in RULES.values() if r.emitted_by)
    emitter = next(r for r in RULES if r != notice.id and notice.emitted_by in (r, r.split(".")[0]))
    record = rulecoverage.Record()
    rulecoverage.fold([rulecoverage._Run(emitter, {emitter})], record)
    assert notice.id in record.quiet and record.triggered == {emitter}
    rulecoverage.fold([rulecoverage._Run(emitter, {notice.id})], record)
    assert notice.id in record.triggered and emitter in record.quiet


def test_docs_are_generated_from_the_code() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == catalogue_markdown() + "\n"


def test_rules_command_and_exit_codes(tmp_path: Path) -> None:
    code, out, _ = run_cli("rules")
    assert code == 0 and "arith.E001" in out and f"共 {len(RULES)} 条规则" in out
    # A budget with no conflicts: no finding at all, exit 0.
    code, out, _ = run_cli("check", str(FICTIONAL), "--json", "--html", str(tmp_path / "r.html"))
    assert code == 0, out
    assert '"findings": []' in out
    assert '"schema": "yusuan/check-report@1"' in out
    assert "核对报告" in (tmp_path / "r.html").read_text(encoding="utf-8")
    seed = ROOT / "tests" / "fixtures" / "read" / "korla-2024-unit-budget-seed.txt"
    code, out, _ = run_cli("check", str(seed))
    assert code == 1 and "错误" in out


def test_a_rule_reports_only_through_its_own_id() -> None:
    """A reporter is bound to its rule; a notice may be given in its place only where the notice is
    registered as emitted by that rule (or its family)."""
    import pytest

    from yusuan.check.context import CheckContext
    from yusuan.check.reporter import Reporter
    from yusuan.model.document import Document

    load_rules()
    ctx = CheckContext(Document(layout="", year=2024, scope="单位", unit_name="u", title="t"))
    report = Reporter(ctx, "text.E002")
    report("正文", "text")
    report.companion("text.N001")("提示", "notice")
    Reporter(ctx, "arith.E004").companion("arith.N001")("尾差", "rounding")
    assert [f.rule for f in ctx.findings] == ["text.E002", "text.N001", "arith.N001"]
    with pytest.raises(ValueError):
        report.companion("text.E001")
    with pytest.raises(ValueError):
        report.companion("arith.N001")
    with pytest.raises(ValueError):
        Reporter(ctx, "text.E999")


def test_rule_option_runs_exactly_one_rule() -> None:
    """`yusuan check --rule ID` reports that rule only; a notice emitted by another rule runs it;
    an unknown name is a message in Chinese and exit code 2."""
    jiangsu = ROOT / "tests" / "fixtures" / "read" / "jiangsu-procuratorate-2017-dept-budget.pdf"
    code, out, _ = run_cli("check", str(jiangsu), "--json", "--rule", "text.N001")
    rules = set(re.findall(r'"rule": "([a-z]+\.[EWN]\d{3})"', out))
    assert rules == {"text.N001"}, out  # p.19: 增加309.03万元，增长2.31% (309.03 / 13347.31 = 2.3153%)
    code, out, _ = run_cli("check", str(jiangsu), "--json", "--rule", "share")
    assert set(re.findall(r'"rule": "([a-z]+)\.', out)) == {"share"}
    code, _, err = run_cli("check", str(jiangsu), "--rule", "nosuch.E001")
    assert code == 2 and "没有规则“nosuch.E001”" in err
