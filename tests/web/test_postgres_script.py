"""scripts/postgres.sh: a throwaway PostgreSQL server that answers at the URL it prints, on the
loopback interface only, and is gone after ``stop``. Skipped where Debian's server (package
postgresql) is missing, except in CI."""

from __future__ import annotations

import glob
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from conftest import in_ci

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "postgres.sh"
SERVER = glob.glob("/usr/lib/postgresql/*/bin/initdb") or shutil.which("initdb")


def script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def folder() -> Iterator[Path]:
    # not pytest's tmp_path: as root the cluster belongs to the user postgres, who cannot enter
    # /tmp/pytest-of-root; a folder of its own in /tmp is handed over by the script
    if not SERVER:
        message = "PostgreSQL 服务器（Debian 软件包 postgresql）未安装"
        if in_ci():
            pytest.fail(f"CI 必须测试 scripts/postgres.sh，但{message}", pytrace=False)
        pytest.skip(f"{message}：跳过 scripts/postgres.sh 的测试")
    path = Path(tempfile.mkdtemp(prefix="yusuan-pg-"))
    yield path
    if (path / "data").exists():
        script("stop", str(path))
    shutil.rmtree(path, ignore_errors=True)


def test_start_prints_a_url_that_answers_and_stop_removes_the_cluster(folder: Path) -> None:
    started = script("start", str(folder))
    assert started.returncode == 0, started.stderr
    url = started.stdout.strip()
    parsed = make_url(url)
    assert parsed.drivername == "postgresql+psycopg" and parsed.host == "127.0.0.1" and parsed.port
    engine = sa.create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SHOW listen_addresses")).scalar() == "127.0.0.1"
        assert connection.execute(sa.text("SELECT current_user")).scalar() == "postgres"
    engine.dispose()

    again = script("start", str(folder))  # one cluster per folder
    assert again.returncode == 1 and "已有 PostgreSQL 集群" in again.stderr

    stopped = script("stop", str(folder))
    assert stopped.returncode == 0, stopped.stderr
    assert not (folder / "data").exists()
    engine = sa.create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 5})
    with pytest.raises(sa.exc.OperationalError):
        engine.connect()
    engine.dispose()


def test_wrong_use_is_told_in_chinese(folder: Path) -> None:
    nothing = script("stop", str(folder))
    assert nothing.returncode == 1 and "没有 PostgreSQL 集群" in nothing.stderr
    usage = script("restart", str(folder))
    assert usage.returncode == 2 and "用法" in usage.stderr
