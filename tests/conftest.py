"""Shared fixtures: the Korla example (one fixture, many tests) and an isolated data folder."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
KORLA = ROOT / "examples" / "korla-2024"
FICTIONAL = Path(__file__).resolve().parent / "fixtures" / "fictional-dept-2025.yaml"


@pytest.fixture(autouse=True, scope="session")
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Imported reference lists and cached check results of the person running the tests must not
    leak in."""
    os.environ["YUSUAN_DATA_DIR"] = str(tmp_path_factory.mktemp("yusuan-data"))
    os.environ["YUSUAN_CACHE_DIR"] = str(tmp_path_factory.mktemp("yusuan-cache"))


@pytest.fixture(scope="session")
def korla():  # type: ignore[no-untyped-def]
    from yusuan.source import load_budget

    return load_budget(KORLA)


@pytest.fixture(scope="session")
def korla_figures(korla):  # type: ignore[no-untyped-def]
    from yusuan.compute import compute

    return compute(korla)


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run the yusuan CLI in-process; return exit code, stdout, stderr."""
    from yusuan.cli import main

    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def show_json(source: Path, *extra: str) -> dict[str, Any]:
    code, out, err = run_cli("show", str(source), "--json", *extra)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


# Every rule has a triggering and a non-triggering test, as recorded from the rule tests' calls
# (tests/rulecoverage.py).
from rulecoverage import _record_rule_runs  # noqa: E402, F401
from rulecoverage import sessionfinish as _rule_coverage_finish  # noqa: E402
from rulecoverage import testnodedown as _rule_record_of_worker  # noqa: E402


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _rule_coverage_finish(session)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    _rule_record_of_worker(node)
