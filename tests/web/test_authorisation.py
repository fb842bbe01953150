"""Every route against every role: who may see and do what, and that a refused request changes
nothing — including a preparer who tries another unit's budget by URL and by API (issue 13).

Budget 1 is the example unit's (preparer's), budget 2 the second unit's (preparer2's); both units
belong to the reviewer's bureau. A budget someone may not see is "not found" (404), an action on
one they may see but not do is refused (403); without sign-in a page redirects to the login page
(303) and the API answers 401."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from yusuan.web import models, store

from .formkit import form_data
from .webkit import ROLES, Site, csrf

PUBLIC = "public"
WHO = (PUBLIC, *ROLES)


def _expect(page: bool, admin: int, reviewer: int, preparer: int, preparer2: int) -> dict[str, int]:
    return {
        PUBLIC: 303 if page else 401,
        "admin": admin,
        "reviewer": reviewer,
        "preparer": preparer,
        "preparer2": preparer2,
    }


SEE_OWN = (200, 200, 200, 404)  # budget 1: seen by admin, reviewer, its preparer; not preparer2
# (method, path, body, expected by role); "{rev}" is budget 1's current revision
CASES: list[tuple[str, str, dict[str, Any] | None, dict[str, int]]] = [
    ("GET", "/budgets", None, _expect(True, 200, 200, 200, 200)),
    ("GET", "/api/budgets", None, _expect(False, 200, 200, 200, 200)),
    ("GET", "/api/me", None, _expect(False, 200, 200, 200, 200)),
    ("GET", "/budgets/1", None, _expect(True, *SEE_OWN)),
    ("GET", "/api/budgets/1", None, _expect(False, *SEE_OWN)),
    ("GET", "/api/budgets/1/data", None, _expect(False, *SEE_OWN)),
    ("GET", "/budgets/1/parts/income", None, _expect(True, *SEE_OWN)),
    ("GET", "/api/budgets/1/parts/income", None, _expect(False, *SEE_OWN)),
    ("GET", "/budgets/1/revisions", None, _expect(True, *SEE_OWN)),
    ("GET", "/api/budgets/1/revisions", None, _expect(False, *SEE_OWN)),
    ("GET", "/api/budgets/1/findings", None, _expect(False, *SEE_OWN)),
    ("GET", "/budgets/1/findings", None, _expect(True, *SEE_OWN)),
    ("GET", "/api/budgets/1/comments", None, _expect(False, *SEE_OWN)),
    ("GET", "/budgets/1/preview", None, _expect(True, *SEE_OWN)),
    ("GET", "/budgets/1/files/xlsx", None, _expect(True, *SEE_OWN)),
    ("GET", "/api/budgets/1/files/html", None, _expect(False, *SEE_OWN)),
    ("GET", "/budgets/999", None, _expect(True, 404, 404, 404, 404)),
    ("GET", "/api/budgets/999", None, _expect(False, 404, 404, 404, 404)),
    ("GET", "/bureau", None, _expect(True, 200, 200, 403, 403)),
    ("GET", "/bureau.csv", None, _expect(True, 200, 200, 403, 403)),
    ("GET", "/api/bureau", None, _expect(False, 200, 200, 403, 403)),
    # writes: only the unit's preparer edits, nobody else learns more than "not found"
    ("PUT", "/api/budgets/1/parts/glossary", {"json": "part"}, _expect(False, 403, 403, 200, 404)),
    ("POST", "/budgets/1/parts/glossary", {"form": "part"}, _expect(True, 403, 403, 303, 404)),
    ("POST", "/api/budgets/1/revisions/1/restore", {"json": {}}, _expect(False, 403, 403, 200, 404)),
    ("POST", "/budgets/1/revisions/1/restore", {"form": {}}, _expect(True, 403, 403, 303, 404)),
    ("POST", "/api/budgets/1/comments", {"json": {"text": "意见"}}, _expect(False, 201, 201, 201, 404)),
    ("POST", "/budgets/1/comments", {"form": {"text": "意见"}}, _expect(True, 303, 303, 303, 404)),
    # a draft: the reviewer cannot approve or return it yet, nobody publishes it
    ("POST", "/api/budgets/1/actions/approve", {"json": {}}, _expect(False, 403, 403, 403, 404)),
    (
        "POST",
        "/api/budgets/1/actions/return",
        {"json": {"comment": "改"}},
        _expect(False, 403, 403, 403, 404),
    ),
    ("POST", "/api/budgets/1/actions/publish", {"json": {}}, _expect(False, 403, 403, 403, 404)),
    ("POST", "/budgets/1/actions/publish", {"form": {}}, _expect(True, 403, 403, 403, 404)),
    (
        "POST",
        "/api/budgets",
        {"json": {"year": 2030, "layout": "xinjiang-2024-unit"}},
        _expect(False, 403, 403, 201, 201),
    ),
    (
        "POST",
        "/budgets",
        {"form": {"year": "2031", "layout": "xinjiang-2024-unit"}},
        _expect(True, 403, 403, 303, 303),
    ),
    # the public pages need nobody; so does checking a published document (a check's result is
    # seen only by the session that made it: an unknown or another's id is not found)
    ("GET", "/check", None, {who: 200 for who in WHO}),
    ("GET", "/api/check/0123456789abcdef", None, {who: 404 for who in WHO}),
    ("GET", "/public/", None, {who: 200 for who in WHO}),
    ("GET", "/api/public", None, {who: 200 for who in WHO}),
    ("GET", "/public/1/2024/", None, {who: 404 for who in WHO}),  # not published
    ("GET", "/api/public/1/2024", None, {who: 404 for who in WHO}),
    ("GET", "/public/1/2024/tables/t01.csv", None, {who: 404 for who in WHO}),
    (
        "POST",
        "/api/budgets/1/actions/submit",
        {"json": {}},
        _expect(False, 403, 403, 200, 404),
    ),  # last: submits
]


@pytest.fixture(scope="module")
def clients(site: Site) -> dict[str, TestClient]:
    out = {role: site.client(role) for role in ROLES}
    public = site.client()
    public.headers.update(csrf(public))  # past CSRF: what is refused here is the missing sign-in
    out[PUBLIC] = public
    # budget 2: the second unit's
    assert (
        out["preparer2"].post("/api/budgets", json={"year": 2024, "layout": "xinjiang-2024-unit"}).status_code
        == 201
    )
    return out


def _snapshot(site: Site) -> tuple[Any, ...]:
    with site.app.state.sessions() as db:
        budgets = [
            (b.id, b.status, b.revision, b.data, b.part_versions) for b in db.scalars(select(models.Budget))
        ]
        counts = [db.scalar(select(func.count()).select_from(t)) for t in (models.Revision, models.Comment)]
    return (budgets, counts)


def _send(site: Site, client: TestClient, method: str, path: str, body: dict[str, Any] | None) -> int:
    kwargs: dict[str, Any] = {"follow_redirects": False}
    if body is not None:
        with site.app.state.sessions() as db:
            budget = db.get(models.Budget, 1)
            assert budget is not None
            part = {"glossary": budget.data.get("glossary", [])}
            revision = budget.revision
            form_values = form_data(store.load(budget.data), "glossary")
        if "json" in body:
            kwargs["json"] = (
                {"data": part, "base_revision": revision} if body["json"] == "part" else body["json"]
            )
        else:
            form = body["form"]
            kwargs["data"] = {**form_values, "base_revision": str(revision)} if form == "part" else form
    return client.request(method, path, **kwargs).status_code


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("method", "path", "body", "expected"), CASES, ids=[f"{c[0]} {c[1]}" for c in CASES])
def test_route_answers_each_role(
    site: Site,
    clients: dict[str, TestClient],
    who: str,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    expected: dict[str, int],
) -> None:
    want = expected[who]
    before = _snapshot(site)
    status = _send(site, clients[who], method, path, body)
    assert status == want
    if status >= 300 and not (status == 303 and who != PUBLIC):
        assert _snapshot(site) == before  # refused: nothing changed


def test_preparer_cannot_reach_another_units_budget_by_url_or_api(
    site: Site, clients: dict[str, TestClient]
) -> None:
    intruder = clients["preparer2"]
    before = _snapshot(site)
    assert intruder.get("/budgets/1").status_code == 404
    assert intruder.get("/api/budgets/1/parts/income").status_code == 404
    answer = intruder.put("/api/budgets/1/parts/income", json={"data": {"income": []}, "base_revision": 99})
    assert answer.status_code == 404 and "预算" in answer.json()["detail"]
    assert intruder.post("/api/budgets/1/actions/submit", json={}).status_code == 404
    assert intruder.post("/budgets/1/revisions/1/restore", follow_redirects=False).status_code == 404
    # "not found" whether or not the budget exists: nothing learnt about other units
    assert intruder.get("/api/budgets/1").json() == intruder.get("/api/budgets/12345").json()
    assert {b["unit"]["id"] for b in intruder.get("/api/budgets").json()} == {2}
    assert _snapshot(site) == before


def test_every_api_route_is_in_the_table() -> None:
    from fastapi.routing import APIRoute

    from yusuan.web.app import create_app  # noqa: F401  (routes are registered by create_app)
    from yusuan.web.routes import auth, bureau, inspect, parts, public, review, workspace

    tested = {path.split("/")[2] for _, path, _, _ in CASES if path.startswith("/api/")}
    for module in (auth, bureau, inspect, parts, public, review, workspace):
        for route in module.router.routes:
            assert isinstance(route, APIRoute)
            if route.path.startswith("/api/") and route.path not in (
                "/api/login",
                "/api/logout",
                "/api/csrf",
            ):
                assert route.path.split("/")[2] in tested, route.path
