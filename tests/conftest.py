"""Shared fixtures: the Korla example (one fixture, many tests), an isolated data folder, yusuan's own
files of the test budgets (written once per run), and the one headless Chromium every browser test
drives (Playwright allows one sync instance per process)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
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
    from yusuan.budgetfile import load_budget

    return load_budget(KORLA)


@pytest.fixture(scope="session")
def korla_figures(korla):  # type: ignore[no-untyped-def]
    from yusuan.compute import compute

    return compute(korla)


@pytest.fixture(scope="session")
def own_file(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``own_file(source, layout, fmt)``: the budget at ``source`` built in ``layout`` and written as
    ``fmt``, once for the whole run (tests/ownfiles.py); a test that changes it copies it first."""
    from ownfiles import OwnFiles, run_folder

    return OwnFiles(run_folder(tmp_path_factory.getbasetemp()) / "own-files")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_MISSING = "Playwright 或 Chromium 未安装（pip install -e '.[dev]'，Debian 软件包 chromium；scripts/setup.sh 会安装）"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Headless Chromium (Debian's) driven by Playwright, one per test process: a second
    ``sync_playwright()`` in the same process fails, so every browser test uses this one. Skips
    with a message where Playwright or Chromium is missing, except in CI, where that fails."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None  # type: ignore[assignment]
    if sync_playwright is None or CHROMIUM is None:
        if in_ci():
            pytest.fail(f"CI 必须运行浏览器测试，但{BROWSER_MISSING}", pytrace=False)
        pytest.skip(f"{BROWSER_MISSING}：跳过浏览器测试")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


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
