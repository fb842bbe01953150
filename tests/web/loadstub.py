"""A stub of yusuan web's budget API for testing bench/web_load.py: budgets in memory, the real
session cookies and CSRF check, and faults on purpose (lost saves, 500s, conflicts) counted on the
server's side, so a test can compare what the load test counted with what happened."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Form, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.middleware.sessions import SessionMiddleware

from yusuan.web.security import csrf_field, csrf_protect, csrf_token
from yusuan.web.settings import Settings


@dataclass(frozen=True)
class Faults:
    lose_every: int = 0  # every n-th save is answered 200 but kept nowhere (a lost update)
    fail_every: int = 0  # every n-th read of a budget (or its part, or findings) is answered 500
    conflict_every: int = 0  # every n-th save is answered 409 (as if someone else saved first)


@dataclass
class Stub:
    faults: Faults
    users: dict[str, tuple[str, str, int | None]] = field(default_factory=dict)  # password, role, budget
    budgets: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> {"revision", "data"}
    revisions: dict[int, list[int]] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)  # every answer the server gave
    saves: int = 0  # saves answered 200, kept or not
    lost: int = 0
    failed: int = 0
    conflicts: int = 0
    reads: int = 0
    save_attempts: int = 0
    saved_budgets: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def every(self, n: int, count: int) -> bool:
        return n > 0 and count % n == 0


def create_app(settings: Settings, faults: Faults | None = None) -> FastAPI:
    app = FastAPI()
    stub = app.state.stub = Stub(faults or Faults())
    app.add_middleware(SessionMiddleware, secret_key="stub", session_cookie="stub_session")

    @app.middleware("http")
    async def count(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        with stub.lock:
            stub.statuses[response.status_code] += 1
        return response

    def user(request: Request) -> tuple[str, str, int | None]:
        name = request.session.get("user")
        if name not in stub.users:
            raise HTTPException(401)
        return stub.users[name]

    def own_budget(request: Request, id: int) -> int:
        _, role, budget = user(request)
        if id not in stub.budgets or (role == "preparer" and budget != id):
            raise HTTPException(404)
        return id

    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request) -> str:
        return f'<form method="post">{csrf_field(request)}<input name="username"></form>'

    @app.post("/login", dependencies=[Depends(csrf_protect)])
    def login(
        request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()]
    ) -> Response:
        if stub.users.get(username, ("",))[0] != password:
            return HTMLResponse("登录失败", status_code=401)
        request.session.clear()
        request.session["user"] = username
        return RedirectResponse("/", status_code=303)

    @app.get("/api/csrf")
    def csrf(request: Request) -> dict[str, str]:
        return {"csrf_token": csrf_token(request)}

    @app.get("/api/budgets")
    def my_budgets(request: Request) -> list[dict[str, int]]:
        _, role, budget = user(request)
        return [{"id": budget}] if role == "preparer" and budget is not None else []

    def read(request: Request, id: int, answer: Callable[[dict[str, Any]], dict[str, Any]]) -> Response:
        own_budget(request, id)
        with stub.lock:
            stub.reads += 1
            if stub.every(stub.faults.fail_every, stub.reads):
                stub.failed += 1
                return JSONResponse({"detail": "故障"}, status_code=500)
            return JSONResponse(answer(stub.budgets[id]))

    @app.get("/api/budgets/{id}")
    def budget(request: Request, id: int) -> Response:
        return read(request, id, lambda row: {"id": id, "status": "draft", "revision": row["revision"]})

    @app.get("/api/budgets/{id}/parts/{part}")
    def part(request: Request, id: int, part: str) -> Response:
        return read(request, id, lambda row: {"part": part, "revision": row["revision"], "data": row["data"]})

    @app.get("/api/budgets/{id}/findings")
    def findings(request: Request, id: int) -> Response:
        return read(request, id, lambda row: {"findings": []})

    @app.get("/budgets/{id}/findings")
    def findings_panel(request: Request, id: int) -> Response:
        own_budget(request, id)
        return HTMLResponse('<section id="findings"></section>')

    @app.put("/api/budgets/{id}/parts/{part}", dependencies=[Depends(csrf_protect)])
    def save(request: Request, id: int, part: str, body: dict[str, Any]) -> Response:
        own_budget(request, id)
        with stub.lock:
            row = stub.budgets[id]
            stub.save_attempts += 1
            if body["base_revision"] != row["revision"] or stub.every(
                stub.faults.conflict_every, stub.save_attempts
            ):
                stub.conflicts += 1
                return JSONResponse({"detail": "冲突"}, status_code=409)
            number = row["revision"] + 1
            stub.saves += 1
            stub.saved_budgets.add(id)
            if stub.every(stub.faults.lose_every, stub.saves):
                stub.lost += 1  # answered as saved, kept nowhere
            else:
                row["revision"] = number
                row["data"] = {**row["data"], **body["data"]}
                stub.revisions[id].append(number)
            return JSONResponse({"number": number, "part": part})

    @app.get("/api/budgets/{id}/revisions")
    def revisions(request: Request, id: int) -> list[dict[str, int]]:
        own_budget(request, id)
        with stub.lock:
            return [{"number": n} for n in stub.revisions[id]]

    @app.get("/api/bureau")
    def bureau_units(request: Request) -> list[dict[str, Any]]:
        if user(request)[1] != "reviewer":
            raise HTTPException(403)
        return [{"unit_id": n, "budget_id": n} for n in sorted(stub.budgets)] + [
            {"unit_id": 0, "budget_id": None}
        ]

    return app


def create_faulty_app(settings: Settings) -> FastAPI:
    return create_app(settings, Faults(lose_every=4, fail_every=7, conflict_every=5))


def seed(app: FastAPI, preparers: int, reviewers: int) -> list[dict[str, str]]:
    """A budget and a preparer per unit, and the reviewers (as bench/web_load.py's seed)."""
    stub: Stub = app.state.stub
    accounts = []
    for n in range(1, preparers + 1):
        stub.budgets[n] = {"revision": 1, "data": {"glossary": [{"term": "财政拨款", "definition": "示例"}]}}
        stub.revisions[n] = [1]
        stub.users[f"preparer{n}"] = (f"secret{n}", "preparer", n)
        accounts.append({"username": f"preparer{n}", "password": f"secret{n}", "role": "preparer"})
    for n in range(1, reviewers + 1):
        stub.users[f"reviewer{n}"] = (f"review{n}", "reviewer", None)
        accounts.append({"username": f"reviewer{n}", "password": f"review{n}", "role": "reviewer"})
    return accounts
