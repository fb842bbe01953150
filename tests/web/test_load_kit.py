"""bench/web_load.py counts what happened: run against a stub app that fails on purpose (lost saves,
500s, conflicts) and counts on its side, the load test reports the same numbers."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from yusuan.web.settings import Settings

from .liveserver import serving
from .loadstub import Faults, Stub, create_app, seed

ROOT = Path(__file__).resolve().parents[2]


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("web_load", ROOT / "bench" / "web_load.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["web_load"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


web_load = load_script()


def run_against_stub(tmp_path: Path, faults: Faults, preparers: int = 3, reviewers: int = 1):  # type: ignore[no-untyped-def]
    app = create_app(Settings(data_dir=tmp_path, secret_key="x"), faults)
    accounts = [web_load.account(raw) for raw in seed(app, preparers, reviewers)]
    with serving(app) as url:
        report = web_load.run_load(url, accounts, duration=1.0, think=0.0)
    return report, app.state.stub


def test_counts_match_what_the_server_did(tmp_path: Path) -> None:
    report, stub = run_against_stub(tmp_path, Faults(lose_every=3, fail_every=5, conflict_every=4))
    stub: Stub
    # the faults happened, so the numbers below are about something
    assert stub.lost > 0 and stub.failed > 0 and stub.conflicts > 0
    # every answer the server gave was counted: as load, or as read after the run to check it
    assert report.statuses + report.checks == stub.statuses
    assert report.checks[200] >= len(stub.saved_budgets)  # each budget's revision list at least
    assert report.requests == stub.statuses.total() - report.checks.total() and not report.failures
    assert report.errors() == {500: stub.failed - report.checks[500]}  # some checks were answered 500 too
    assert report.saves == stub.saves and report.conflicts == stub.conflicts
    assert len(report.lost) == stub.lost
    assert report.ok is False
    lines = list(report.lines())
    assert f"errors by status: 500: {report.errors()[500]}" in lines
    assert f"lost updates: {stub.lost}" in "\n".join(lines) and lines[-1] == "result: FAILED"


def test_a_sound_server_passes(tmp_path: Path) -> None:
    report, stub = run_against_stub(tmp_path, Faults())
    assert stub.saves > 0 and report.saves == stub.saves
    assert report.lost == [] and report.errors() == {} and not report.failures
    assert report.conflicts == stub.conflicts == 0  # each preparer edits only their own unit
    assert report.ok and list(report.lines())[-1] == "result: OK"
    # each save came after a read of the part; the reviewers read the bureau page, budgets, findings
    assert len(report.latencies["part"]) >= stub.saves
    assert len(report.latencies["findings_panel"]) == stub.saves  # after each save, as the page does
    assert len(report.latencies["bureau_units"]) > 0
    assert len(report.latencies["budget"]) == len(report.latencies["findings"]) > 0


def test_percentiles_are_latencies_someone_waited() -> None:
    values = [float(n) for n in range(1, 101)]  # 1 .. 100
    assert [web_load.percentile(values, p) for p in (50, 95, 99, 100)] == [50.0, 95.0, 99.0, 100.0]
    assert web_load.percentile([3.0, 1.0, 2.0], 50) == 2.0


@pytest.mark.parametrize(("factory", "status"), [("create_app", 0), ("create_faulty_app", 1)])
def test_the_command_starts_its_server_and_says_how_it_went(factory: str, status: int) -> None:
    lines: list[str] = []
    argv = [
        "--app",
        f"web.loadstub:{factory}",
        "--seed",
        "web.loadstub:seed",
        "--preparers",
        "2",
        "--reviewers",
        "1",
    ]
    code = web_load.main([*argv, "--duration", "1", "--think", "0.02"], say=lines.append)
    assert code == status
    assert lines[0].startswith("3 people (2 preparers, 1 reviewers) for 1 s")
    assert lines[-1] == ("result: OK" if status == 0 else "result: FAILED")
    lost = next(line for line in lines if line.startswith("lost updates:"))
    assert (lost == "lost updates: 0") == (status == 0)


def test_an_answer_of_another_shape_stops_that_person_and_is_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the routes' JSON changed at a merge and part_state no longer fits: counted, not hidden
    def unknown_shape(answer: object) -> None:
        raise KeyError("data")

    monkeypatch.setattr(web_load, "part_state", unknown_shape)
    report, stub = run_against_stub(tmp_path, Faults(), preparers=2, reviewers=0)
    assert report.failures == {"script error KeyError": 2} and stub.save_attempts == 0
    assert not report.ok
