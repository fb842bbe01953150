"""Every rule has a triggering and a non-triggering test: seen in the rule tests' calls, not in
their text.

While a test of ``tests/test_rules_*.py`` runs, every rule the checker runs is recorded with the
ids it reported (its own, and the notices it may report in its place). A rule is *triggered* where
a run reported it, *quiet* where a run that could have reported it did not (a family-wide test on a
clean document counts). At the end of a session that ran every rule test module unselected (no
``-k``, ``-m``, ``--deselect``, ``--lf``), a rule missing either fails the session and is named.
With pytest-xdist the workers send their records to the controller, which decides.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import yusuan.check.runner as runner
from yusuan.check.context import CheckContext
from yusuan.check.registry import RULES
from yusuan.check.reporter import Reporter

TESTS = Path(__file__).resolve().parent
RULE_TESTS = {p.stem for p in TESTS.glob("test_rules_*.py")}


@dataclass
class Record:
    triggered: set[str] = field(default_factory=set)
    quiet: set[str] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)

    def merge(self, data: dict[str, list[str]]) -> None:
        self.triggered |= set(data["triggered"])
        self.quiet |= set(data["quiet"])
        self.modules |= set(data["modules"])

    def to_json(self) -> str:
        return json.dumps({k: sorted(v) for k, v in vars(self).items()})


RECORD = Record()


@dataclass
class _Run:
    rule_id: str
    reported: set[str] = field(default_factory=set)


_runs: list[_Run] | None = None  # None: not in a rule test


class RecordingReporter(Reporter):
    """The checker's reporter, noting which rule ran and what it reported."""

    def __init__(self, ctx: CheckContext, rule_id: str, run: _Run | None = None) -> None:
        super().__init__(ctx, rule_id)
        self.run = run or _Run(rule_id)
        if run is None and _runs is not None:
            _runs.append(self.run)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.run.reported.add(self.rule_id)
        return super().__call__(*args, **kwargs)

    def companion(self, rule_id: str) -> Reporter:
        super().companion(rule_id)  # refuses a notice the rule may not give
        return RecordingReporter(self.ctx, rule_id, self.run)


runner.Reporter = RecordingReporter  # type: ignore[misc]  # the runner builds one per rule run


def fold(runs: list[_Run], record: Record) -> None:
    """Each run: the ids it reported are triggered; the rule, and each notice it may give in its
    place, that it did not report are quiet."""
    for run in runs:
        record.triggered |= run.reported
        family = run.rule_id.split(".")[0]
        could = {run.rule_id} | {r.id for r in RULES.values() if r.emitted_by in (run.rule_id, family)}
        record.quiet |= could - run.reported


def missing(record: Record, rule_ids: list[str]) -> list[str]:
    """The rules without a triggering or without a non-triggering test, each saying which."""
    out = []
    for rule_id in sorted(rule_ids):
        lacks = [
            word
            for word, seen in (("触发", record.triggered), ("不触发", record.quiet))
            if rule_id not in seen
        ]
        if lacks:
            out.append(f"{rule_id}：没有{'、'.join(lacks)}的测试")
    return out


@pytest.fixture(autouse=True)
def _record_rule_runs(request: pytest.FixtureRequest) -> Any:
    global _runs
    module = request.node.module.__name__.rsplit(".", 1)[-1] if request.node.module else ""
    if module not in RULE_TESTS:
        yield
        return
    RECORD.modules.add(module)
    _runs = []
    try:
        yield
    finally:
        fold(_runs, RECORD)
        _runs = None


def _selected_all(config: pytest.Config) -> bool:
    option = config.option
    narrowed = (
        getattr(option, "keyword", "")
        or getattr(option, "markexpr", "")
        or getattr(option, "deselect", None)
        or getattr(option, "lf", False)
    )
    return not narrowed and RECORD.modules >= RULE_TESTS


def sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if hasattr(config, "workeroutput"):  # an xdist worker: the controller decides
        config.workeroutput["rule_record"] = RECORD.to_json()
        return
    if not _selected_all(config):
        return
    runner.load_rules()
    problems = missing(RECORD, list(RULES))
    if problems:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        text = "每条规则都应有触发与不触发的测试（按规则测试中的实际调用）：\n" + "\n".join(problems)
        if reporter is not None:
            reporter.write_line(text, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def testnodedown(node: Any) -> None:
    data = getattr(node, "workeroutput", {}).get("rule_record")
    if data:
        RECORD.merge(json.loads(data))
