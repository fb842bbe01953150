"""Load test of yusuan web on the loopback interface: preparers saving their budgets, reviewers reading.

    .venv/bin/python bench/web_load.py [--preparers 20] [--reviewers 2] [--duration 120]
                                       [--think 1.0] [--database URL]

The script starts the server in a child process (uvicorn, one process, on a free 127.0.0.1 port)
with a fresh database — an SQLite file in a new temporary folder, or ``--database``: an empty
PostgreSQL database, such as the one ``scripts/postgres.sh start DIR`` prints for a new cluster —
and makes a bureau, one unit per simulated preparer with the Korla example's budget, and the
accounts (``seed``). Then, for ``--duration`` seconds, every simulated person works at once,
pausing ``--think`` seconds on average between actions (0: as fast as the server answers):

- a preparer (signed in with the login form) reads one part of their budget and saves it changed,
  with the revision they read (``base_revision``), then loads the findings panel as the part's
  page does after a save (the new revision's document built and checked), and every fifth time
  reads the revision list; a conflict (409) makes them read again and save again;
- a reviewer reads the bureau's list of units, one of its budgets and that budget's findings.

At the end it prints the requests, the answers by status, the latency (p50/p95/p99 overall and
per request kind), and checks for lost updates: every save answered 200 must be in the budget's
revision list under a number no other save was given, and the last one's change must be in the
budget. Exit status 1 if any answer was a 5xx or an unexpected 4xx (anything but a 409), any
request failed (connection, timeout), or any save was lost.

``API`` below is the one place the routes are named; the functions after it are the one place
that knows the shape of their JSON. ``tests/web/test_load_kit.py`` runs this script against a stub
app (``--app``, ``--seed``), so the counting is tested.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import httpx2  # noqa: E402

# --- the server's API: routes by request kind (the names in the report) --------------------------
API: dict[str, tuple[str, str]] = {
    "login_page": ("GET", "/login"),  # the form, with the session's csrf_token
    "login": ("POST", "/login"),  # form: username, password, csrf_token -> 303 (or 200)
    "csrf": ("GET", "/api/csrf"),  # {"csrf_token": ...}: signing in starts a new session
    "my_budgets": ("GET", "/api/budgets"),  # [{"id": ...}, ...]
    "budget": ("GET", "/api/budgets/{id}"),  # status, revision, part versions
    "part": ("GET", "/api/budgets/{id}/parts/{part}"),  # {"revision", "data": the part's values}
    "save_part": ("PUT", "/api/budgets/{id}/parts/{part}"),  # {"base_revision", "data"} -> 200 / 409
    "revisions": ("GET", "/api/budgets/{id}/revisions"),  # [{"number": ...}, ...]
    "findings": ("GET", "/api/budgets/{id}/findings"),  # the checker on the document it builds
    # the findings panel beside the form (HTML, asked by htmx): what the part's page loads after
    # a save; it builds and checks the new revision's document and keeps its counts
    "findings_panel": ("GET", "/budgets/{id}/findings"),
    "bureau_units": ("GET", "/api/bureau"),  # [{"unit_id", "budget_id", ...}, ...]
}
APP = "yusuan.web.app:create_app"  # (Settings) -> the ASGI app, its database migrated
SEED = "__main__:seed"  # (app, preparers, reviewers) -> accounts: this script's own, below
PART = "glossary"  # the part the preparers save (yusuan.web.parts)
CSRF_HEADER = "X-CSRF-Token"
HTMX = {"HX-Request": "true"}  # what htmx sends: the server answers with a fragment
CONFLICT = 409  # the one error status that is part of the work (optimistic locking), not a failure
CSRF_FIELD = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
EXAMPLE = ROOT / "examples" / "korla-2024"  # every simulated unit's budget, at the start


def budget_ids(listing: Any) -> list[int]:
    """The budgets in ``GET /api/budgets`` (a list of budgets, or {"budgets": [...]})."""
    items = listing["budgets"] if isinstance(listing, dict) else listing
    return [int(item["id"]) for item in items]


def bureau_budget_ids(listing: Any) -> list[int]:
    """The budgets in the bureau's list: each unit's ``budget_id`` (None: no budget yet)."""
    items = listing["units"] if isinstance(listing, dict) else listing
    return [int(unit["budget_id"]) for unit in items if unit.get("budget_id") is not None]


def part_state(answer: Any) -> tuple[int, dict[str, Any]]:
    """The revision the budget is at and the part's values (``GET .../parts/{part}``)."""
    return int(answer["revision"]), dict(answer["data"])


MARK = "负载测试"  # the glossary term a save changes


def edited(values: dict[str, Any], who: str, count: int) -> dict[str, Any]:
    """The part's values with one visible change (a glossary term that says who saved, how often)."""
    terms = [term for term in values.get("glossary") or [] if term.get("term") != MARK]
    return {**values, "glossary": [*terms, {"term": MARK, "definition": f"{who} 第 {count} 次保存"}]}


def mark(values: dict[str, Any]) -> str | None:
    """The change ``edited`` made, as the part's values show it (None: no such change)."""
    terms = [term for term in values.get("glossary") or [] if term.get("term") == MARK]
    return str(terms[-1].get("definition")) if terms else None


def saved_revision(answer: Any) -> int:
    """The revision a save made (the answer of ``PUT .../parts/{part}``)."""
    return int(answer.get("number", answer.get("revision")))


def revision_numbers(listing: Any) -> set[int]:
    """The revision numbers in ``GET /api/budgets/{id}/revisions``."""
    items = listing["revisions"] if isinstance(listing, dict) else listing
    return {int(item.get("number", item.get("revision"))) for item in items}


def seed(app: Any, preparers: int, reviewers: int) -> list[dict[str, str]]:
    """A bureau; per preparer a unit with the example's budget and its preparer; the bureau's
    reviewers. Random passwords; the accounts with them."""
    from yusuan.budgetfile import load_budget
    from yusuan.web import models, store
    from yusuan.web.models import Role
    from yusuan.web.passwords import hash_password, new_password

    budget = load_budget(EXAMPLE)
    assert budget.layout is not None
    accounts = []
    with app.state.sessions() as db:
        bureau = models.Bureau(name="负载测试财政局")
        db.add(bureau)
        db.flush()

        def person(username: str, role: Role, **where: Any) -> Any:
            password = new_password()
            user = models.User(
                username=username, display_name=username, password_hash=hash_password(password),
                role=role.value, **where,
            )  # fmt: skip
            db.add(user)
            accounts.append({"username": username, "password": password, "role": role.value})
            return user

        for n in range(1, preparers + 1):
            unit = models.Unit(name=f"负载测试单位{n}", bureau=bureau)
            db.add(unit)
            db.flush()
            user = person(f"load-preparer{n}", Role.PREPARER, unit_id=unit.id)
            db.flush()
            store.create(db, unit, budget.year, budget.layout, store.values(budget), user, "负载测试")
        for n in range(1, reviewers + 1):
            person(f"load-reviewer{n}", Role.REVIEWER, bureau_id=bureau.id)
        db.commit()
    return accounts


# --- counting --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    role: str  # "preparer" or "reviewer"


def account(raw: Any) -> Account:
    get = raw.get if isinstance(raw, dict) else lambda name: getattr(raw, name)
    return Account(str(get("username")), str(get("password")), str(get("role")))


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile by nearest rank (no interpolation): a latency someone actually waited."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class Report:
    duration: float = 0.0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)  # no answer (by exception), or no work done
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    saves: int = 0  # answered 200
    conflicts: int = 0
    lost: list[str] = field(default_factory=list)  # saves answered 200 that did not last, and why
    checks: Counter[int | str] = field(default_factory=Counter)  # answers read after the run, to check
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values())  # answered or not

    def errors(self) -> dict[int, int]:
        """Answers that are failures, by status: every 4xx but a conflict, every 5xx."""
        return {s: n for s, n in sorted(self.statuses.items()) if s >= 400 and s != CONFLICT}

    @property
    def ok(self) -> bool:
        return not self.errors() and not self.failures and not self.lost

    def record(
        self, kind: str, seconds: float, status: int | None, failure: str = "", check: bool = False
    ) -> None:
        with self.lock:
            if check:  # not load: neither in the latencies nor in the counts
                self.checks[status if status is not None else f"no answer ({failure})"] += 1
                return
            self.latencies[kind].append(seconds)
            if status is None:
                self.failures[f"no answer ({failure})"] += 1
            else:
                self.statuses[status] += 1

    def lines(self) -> Iterator[str]:
        every = [s for values in self.latencies.values() for s in values]
        rate = self.requests / self.duration if self.duration else 0.0
        yield f"requests: {self.requests} in {self.duration:.1f} s ({rate:.1f}/s)"
        yield "answers by status: " + ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items()))
        errors = self.errors()
        yield "errors by status: " + (", ".join(f"{s}: {n}" for s, n in errors.items()) or "none")
        if self.failures:
            yield "failures: " + ", ".join(f"{k}: {n}" for k, n in sorted(self.failures.items()))
        yield f"saves: {self.saves} answered 200, {self.conflicts} conflicts (409)"
        yield f"lost updates: {len(self.lost)}"
        yield from (f"  {line}" for line in self.lost[:10])
        yield f"{'latency (ms)':16} {'n':>7} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}"
        for kind, values in [("all", every), *sorted(self.latencies.items())]:
            cells = [percentile(values, p) * 1000 for p in (50, 95, 99, 100)]
            yield f"{kind:16} {len(values):7d} " + " ".join(f"{c:8.1f}" for c in cells)
        yield "result: " + ("OK" if self.ok else "FAILED")


# --- the simulated people --------------------------------------------------------------------------


class Person:
    """One simulated person: their own HTTP client (cookies), every request timed into the report."""

    def __init__(self, base_url: str, who: Account, report: Report, think: float, number: int) -> None:
        self.client = httpx2.Client(base_url=base_url, timeout=120.0, follow_redirects=False)
        self.who = who
        self.report = report
        self.think = think
        self.random = random.Random(number)  # the same pauses and choices on every run
        self.token = ""

    def request(self, kind: str, *, check: bool = False, **params: Any) -> httpx2.Response | None:
        method, template = API[kind]
        path = template.format(**params.pop("path", {}))
        headers = {CSRF_HEADER: self.token} if method not in {"GET", "HEAD"} and self.token else {}
        headers.update(params.pop("headers", {}))
        started = time.perf_counter()
        try:
            answer = self.client.request(method, path, headers=headers, **params)
        except httpx2.HTTPError as exc:
            self.report.record(kind, time.perf_counter() - started, None, type(exc).__name__, check)
            return None
        self.report.record(kind, time.perf_counter() - started, answer.status_code, check=check)
        return answer

    def read(self, kind: str, **params: Any) -> Any:
        """The JSON of a GET made to check the run (tried three times), or None."""
        for _ in range(3):
            answer = self.request(kind, check=True, **params)
            if answer is not None and answer.status_code == 200:
                return answer.json()
        return None

    def log_in(self) -> bool:
        form = self.request("login_page")
        found = CSRF_FIELD.search(form.text) if form is not None else None
        if found is None:
            return False
        data = {"username": self.who.username, "password": self.who.password, "csrf_token": found.group(1)}
        answer = self.request("login", data=data)
        if answer is None or answer.status_code not in {200, 302, 303}:
            return False
        token = self.request("csrf")
        if token is None or token.status_code != 200:
            return False
        self.token = str(token.json()["csrf_token"])
        return True

    def work(self, deadline: float) -> None:
        """What the person does until ``deadline`` (time.monotonic)."""
        raise NotImplementedError

    def pause(self) -> None:
        if self.think > 0:
            time.sleep(self.random.uniform(0.5, 1.5) * self.think)


class Preparer(Person):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.saved: dict[int, list[int]] = defaultdict(list)  # budget -> revisions answered 200
        self.count = 0  # the preparer's saves tried (the n-th says so in its change)
        self.last: dict[int, str | None] = {}  # budget -> the change of its last save answered 200

    def work(self, deadline: float) -> None:
        listing = self.request("my_budgets")
        if listing is None or listing.status_code != 200 or not budget_ids(listing.json()):
            with self.report.lock:
                self.report.failures["preparer without a budget"] += 1
            return
        budget = budget_ids(listing.json())[0]
        where = {"id": budget, "part": PART}
        while time.monotonic() < deadline:
            read = self.request("part", path=where)
            if read is None or read.status_code != 200:
                self.pause()
                continue
            revision, values = part_state(read.json())
            self.count += 1
            change = edited(values, self.who.username, self.count)
            answer = self.request("save_part", path=where, json={"base_revision": revision, "data": change})
            if answer is not None and answer.status_code == 200:
                self.saved[budget].append(saved_revision(answer.json()))
                self.last[budget] = mark(change)
                with self.report.lock:
                    self.report.saves += 1
                self.request("findings_panel", path={"id": budget}, headers=HTMX)
            elif answer is not None and answer.status_code == CONFLICT:
                with self.report.lock:
                    self.report.conflicts += 1
                continue  # read again and save again at once, as a person shown the conflict would
            if self.count % 5 == 0:
                self.request("revisions", path={"id": budget})
            self.pause()

    def lost(self) -> list[str]:
        """The saves answered 200 that did not last, read after the run: a revision number the
        budget's revision list lacks, one number answered to two saves (one overwrote the other),
        and a last save whose change the budget does not show."""
        lost = []
        for budget, numbers in self.saved.items():
            listing = self.read("revisions", path={"id": budget})
            known = revision_numbers(listing) if listing is not None else set()
            for number, times in sorted(Counter(numbers).items()):
                missing = times if number not in known else times - 1
                lost += [
                    f"budget {budget} revision {number}: "
                    + ("missing" if number not in known else f"answered to {times} saves")
                ] * missing
            if any(line.startswith(f"budget {budget} revision {numbers[-1]}:") for line in lost):
                continue
            read = self.read("part", path={"id": budget, "part": PART})
            values = part_state(read)[1] if read is not None else {}
            if mark(values) != self.last[budget]:
                lost.append(f"budget {budget} revision {numbers[-1]}: its change is not in the budget")
        return lost


class Reviewer(Person):
    def work(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            units = self.request("bureau_units")
            if units is not None and units.status_code == 200:
                budgets = bureau_budget_ids(units.json())
                if budgets:
                    budget = {"id": self.random.choice(budgets)}
                    self.request("budget", path=budget)
                    self.request("findings", path=budget)
            self.pause()


@contextmanager
def guarded(report: Report) -> Iterator[None]:
    """A simulated person stops at an error of this script (an answer of a shape it does not
    know, say), which is counted as a failure; the first one's traceback is shown."""
    try:
        yield
    except Exception as exc:
        with report.lock:
            first = not any(key.startswith("script error") for key in report.failures)
            report.failures[f"script error {type(exc).__name__}"] += 1
        if first:
            traceback.print_exc()


def run_load(base_url: str, accounts: list[Account], duration: float, think: float = 1.0) -> Report:
    """Every account works at once for ``duration`` seconds (after all have logged in); the report,
    lost updates included."""
    report = Report()
    kinds: dict[str, type[Person]] = {"preparer": Preparer, "reviewer": Reviewer}
    people = [kinds[who.role](base_url, who, report, think, number=n) for n, who in enumerate(accounts)]
    logged_in = [False] * len(people)
    ready = threading.Barrier(len(people) + 1)
    deadline = [0.0]

    def life(n: int, person: Person) -> None:
        with guarded(report):
            logged_in[n] = person.log_in()
        ready.wait()  # the clock starts when everyone has logged in
        ready.wait()
        if logged_in[n]:
            with guarded(report):
                person.work(deadline[0])

    threads = [threading.Thread(target=life, args=(n, p), daemon=True) for n, p in enumerate(people)]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.monotonic()
    deadline[0] = started + duration
    ready.wait()
    for thread in threads:
        thread.join()
    report.duration = time.monotonic() - started
    for person in people:
        if isinstance(person, Preparer):
            with guarded(report):
                report.lost += person.lost()
        person.client.close()
    report.failures.update({"login refused": logged_in.count(False)} if not all(logged_in) else {})
    return report


# --- the server --------------------------------------------------------------------------------------


def load_object(dotted: str) -> Any:
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


def serve(fd: int, data_dir: Path, database: str, app_path: str, seed_path: str, people: list[int]) -> None:
    """The child process: make the app, seed the accounts (written to data_dir/accounts.json), serve."""
    import uvicorn

    from yusuan.web.settings import Settings

    app = load_object(app_path)(Settings(data_dir=data_dir, database_url=database))
    accounts = [account(raw) for raw in load_object(seed_path)(app, *people)]
    (data_dir / "accounts.json").write_text(json.dumps([a.__dict__ for a in accounts]), encoding="utf-8")
    sock = socket.socket(fileno=fd)  # the port the parent bound: no race for it
    uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False)).run(sockets=[sock])


@contextmanager
def server(args: argparse.Namespace, data_dir: Path) -> Iterator[tuple[str, list[Account]]]:
    """The server in a child process on a free loopback port; its URL and the seeded accounts."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(512)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    command = [
        sys.executable, __file__, "--serve-fd", str(sock.fileno()), "--data-dir", str(data_dir),
        "--database", args.database, "--app", args.app, "--seed", args.seed,
        "--preparers", str(args.preparers), "--reviewers", str(args.reviewers),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen(command, pass_fds=[sock.fileno()], env=env)
    sock.close()
    try:
        accounts_file = data_dir / "accounts.json"
        deadline = time.monotonic() + 120
        while not accounts_file.exists():
            if child.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not start (exit status {child.poll()})")
            time.sleep(0.1)
        with httpx2.Client(base_url=url, timeout=5.0) as probe:
            while True:
                try:
                    probe.get(API["login_page"][1])
                    break
                except httpx2.HTTPError:
                    if child.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit("the server does not answer") from None
                    time.sleep(0.1)
        raw = json.loads(accounts_file.read_text(encoding="utf-8"))
        yield url, [account(item) for item in raw]
    finally:
        child.terminate()
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def main(argv: list[str] | None = None, say: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--preparers", type=int, default=20)
    parser.add_argument("--reviewers", type=int, default=2)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of load")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a person's actions")
    parser.add_argument(
        "--database", default="", help="SQLAlchemy URL of an empty database (default: SQLite)"
    )
    parser.add_argument("--app", default=APP, help="module:factory of the app, called with Settings")
    parser.add_argument("--seed", default=SEED, help="module:function(app, preparers, reviewers) -> accounts")
    parser.add_argument("--serve-fd", type=int, help=argparse.SUPPRESS)  # the child process
    parser.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_fd is not None:
        serve(
            args.serve_fd, args.data_dir, args.database, args.app, args.seed, [args.preparers, args.reviewers]
        )
        return 0
    with (
        tempfile.TemporaryDirectory(prefix="yusuan-load-") as folder,
        server(args, Path(folder)) as (url, who),
    ):
        database = args.database or "SQLite in a temporary folder"
        say(f"{len(who)} people ({args.preparers} preparers, {args.reviewers} reviewers) for "
            f"{args.duration:g} s, think time {args.think:g} s, against {url} ({database})")  # fmt: skip
        report = run_load(url, who, args.duration, args.think)
    for line in report.lines():
        say(line)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
