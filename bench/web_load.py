"""Load test of yusuan web on the loopback interface: many preparers editing their own units' budgets
and reviewers reading the bureau page, at the same time, for a while.

    .venv/bin/python bench/web_load.py [--preparers 20] [--reviewers 2] [--seconds 120] [--database URL]

A fresh data folder gets a bureau with one unit per preparer (each with the Korla budget) and the
demo accounts; ``yusuan serve`` runs in a child process. Each preparer loops: read a part, change
one text in it, save it (a conflict is retried from the fresh revision), now and then open the
workspace page; each reviewer loops over the bureau page and a budget page. At the end it reports
every status seen (a 5xx fails the run), the response times (median, p95, max) per kind of request,
and checks that no accepted save was lost: each budget's revisions are exactly its accepted saves,
and its data holds the last one.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx2 as httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from yusuan.source import load_budget  # noqa: E402
from yusuan.web import models, store  # noqa: E402
from yusuan.web.db import engine_for, migrate, sessions  # noqa: E402
from yusuan.web.passwords import hash_password  # noqa: E402

PASSWORD = "load-test-password"


def prepare(url: str, preparers: int, reviewers: int) -> None:
    engine = engine_for(url)
    migrate(engine)
    korla = load_budget(ROOT / "examples" / "korla-2024")
    data = store.values(korla)
    secret = hash_password(PASSWORD)
    with sessions(engine)() as db:
        bureau = models.Bureau(name="压力测试财政局")
        db.add(bureau)
        for n in range(reviewers):
            db.add(
                models.User(
                    username=f"r{n}",
                    display_name=f"审核人{n}",
                    password_hash=secret,
                    role="reviewer",
                    bureau=bureau,
                )
            )
        for n in range(preparers):
            unit = models.Unit(name=f"单位{n:02}", bureau=bureau)
            user = models.User(
                username=f"p{n}", display_name=f"编制人{n}", password_hash=secret, role="preparer", unit=unit
            )
            db.add_all([unit, user])
            db.flush()
            store.create(db, unit, 2024, "xinjiang-2024-unit", data, user, "压力测试")
        db.commit()
    engine.dispose()


class Log:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)  # float-ok: seconds
        self.statuses: Counter[int] = Counter()
        self.accepted: dict[str, list[str]] = defaultdict(list)
        self.conflicts = 0

    def record(self, kind: str, response: httpx.Response, seconds: float) -> None:  # float-ok: seconds
        with self.lock:
            self.times[kind].append(seconds)
            self.statuses[response.status_code] += 1


def timed(log: Log, kind: str, call, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    response = call(*args, **kwargs)
    log.record(kind, response, time.perf_counter() - start)
    return response


def signed_in(base: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=120)
    token = client.get("/api/csrf").json()["csrf_token"]
    client.post(
        "/api/login", json={"username": username, "password": PASSWORD}, headers={"X-CSRF-Token": token}
    ).raise_for_status()
    client.headers["X-CSRF-Token"] = client.get("/api/csrf").json()["csrf_token"]
    return client


def preparer(base: str, n: int, until: float, log: Log) -> None:
    client = signed_in(base, f"p{n}")
    budget_id = client.get("/api/budgets").json()[0]["id"]
    count = 0
    while time.monotonic() < until:
        part = timed(log, "read part", client.get, f"/api/budgets/{budget_id}/parts/income").json()
        count += 1
        marker = f"p{n} 第{count}次修改"
        data = part["data"]
        data["income"][0]["reason"] = marker
        body = {"data": data, "base_revision": part["revision"]}
        answer = timed(log, "save part", client.put, f"/api/budgets/{budget_id}/parts/income", json=body)
        if answer.status_code == 200:
            with log.lock:
                log.accepted[budget_id].append(marker)
        elif answer.status_code == 409:
            with log.lock:
                log.conflicts += 1
        if count % 5 == 0:
            timed(log, "workspace page", client.get, f"/budgets/{budget_id}")
            timed(
                log,
                "findings fragment",
                client.get,
                f"/budgets/{budget_id}/findings",
                headers={"HX-Request": "true"},
            )
    client.close()


def reviewer(base: str, n: int, until: float, log: Log) -> None:
    client = signed_in(base, f"r{n}")
    while time.monotonic() < until:
        timed(log, "bureau page", client.get, "/bureau")
        overview = timed(log, "bureau api", client.get, "/api/bureau")
        ids = (
            [line["budget_id"] for line in overview.json() if line["budget_id"]]
            if overview.is_success
            else []
        )
        if ids:
            timed(log, "review budget page", client.get, f"/budgets/{ids[n % len(ids)]}")
    client.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preparers", type=int, default=20)
    parser.add_argument("--reviewers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--database", default="")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="yusuan-load-"))
    url = args.database or f"sqlite:///{folder / 'yusuan.db'}"
    prepare(url, args.preparers, args.reviewers)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "yusuan",
            "serve",
            "--data",
            str(folder),
            "--database",
            url,
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        log = Log()
        until = time.monotonic() + args.seconds
        workers = [
            threading.Thread(target=preparer, args=(base, n, until, log)) for n in range(args.preparers)
        ]
        workers += [
            threading.Thread(target=reviewer, args=(base, n, until, log)) for n in range(args.reviewers)
        ]
        started = time.monotonic()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    lost = check_nothing_lost(url, log)
    total = sum(log.statuses.values())
    print(
        f"{args.preparers} preparers, {args.reviewers} reviewers, {elapsed:.0f} s, {total} requests, "
        f"statuses {dict(sorted(log.statuses.items()))}, conflicts {log.conflicts}"
    )
    print(f"{'request':20} {'n':>6} {'median s':>9} {'p95 s':>8} {'max s':>8}")
    for kind, times in sorted(log.times.items()):
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        print(f"{kind:20} {len(times):6} {statistics.median(times):9.3f} {p95:8.3f} {max(times):8.3f}")
    everything = sorted(t for times in log.times.values() for t in times)
    print(f"all requests p95 {everything[int(len(everything) * 0.95)]:.3f} s")
    server_errors = sum(count for status, count in log.statuses.items() if status >= 500)
    print(f"5xx: {server_errors}; lost updates: {lost}")
    return 1 if server_errors or lost else 0


def check_nothing_lost(url: str, log: Log) -> int:
    """Accepted saves missing from a budget's revisions, or a budget whose data is not its last save."""
    engine = engine_for(url)
    lost = 0
    with sessions(engine)() as db:
        for budget_id, markers in log.accepted.items():
            row = db.get(models.Budget, budget_id)
            assert row is not None
            saved = [
                r.data["income"][0]["reason"]
                for r in sorted(store.revisions(db, row), key=lambda r: r.number)
            ][1:]
            lost += len(set(markers) - set(saved)) + (row.data["income"][0]["reason"] != markers[-1])
            lost += abs(row.revision - 1 - len(markers))
    engine.dispose()
    return lost


if __name__ == "__main__":
    sys.exit(main())
