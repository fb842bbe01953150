"""Submit, return with a comment, approve, publish; the public pages (the document, downloads,
tables as CSV and JSON) and the bureau's overview (issue 13)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from yusuan.web import documents

from .webkit import Site


@pytest.fixture(scope="module")
def people(site: Site) -> dict[str, TestClient]:
    return {role: site.client(role) for role in ("admin", "reviewer", "preparer")}


def _status(client: TestClient) -> str:
    return str(client.get("/api/budgets/1").json()["status"])


@pytest.fixture(scope="module")
def published(site: Site, people: dict[str, TestClient]) -> int:
    """Budget 1 taken through the whole loop to publication (the test of the loop; the public
    pages' tests start from its end): the revision published."""
    preparer, reviewer, admin = people["preparer"], people["reviewer"], people["admin"]
    assert preparer.post("/api/budgets/1/actions/submit", json={}).status_code == 200
    assert _status(reviewer) == "submitted"
    # submitted: the preparer can no longer edit
    part = preparer.get("/api/budgets/1/parts/glossary").json()
    saved = preparer.put(
        "/api/budgets/1/parts/glossary", json={"data": part["data"], "base_revision": part["revision"]}
    )
    assert saved.status_code == 403
    # a return needs a reason, which becomes a comment
    assert reviewer.post("/api/budgets/1/actions/return", json={"comment": " "}).status_code == 422
    back = reviewer.post("/api/budgets/1/actions/return", json={"comment": "项目资金执行时间有误"})
    assert back.json()["status"] == "returned"
    comments = preparer.get("/api/budgets/1/comments").json()
    assert comments[-1]["text"] == "退回修改：项目资金执行时间有误" and comments[-1]["author"].startswith(
        "审核人"
    )
    # the budget page shows the return comment by the status, where the preparer looks first
    shown = preparer.get("/budgets/1").text
    top = shown[shown.index('id="status"') : shown.index("<h2")]
    assert "已退回" in top and "退回修改：项目资金执行时间有误" in top
    # returned: editable again, then resubmitted and approved
    assert (
        preparer.put(
            "/api/budgets/1/parts/glossary", json={"data": part["data"], "base_revision": part["revision"]}
        ).status_code
        == 200
    )
    assert preparer.post("/api/budgets/1/actions/submit", json={}).status_code == 200
    assert preparer.post("/api/budgets/1/actions/approve", json={}).status_code == 403  # not the preparer's
    assert reviewer.post("/api/budgets/1/actions/approve", json={}).json()["status"] == "approved"
    assert site.client().get("/public/1/2024/").status_code == 404  # approved is not yet public
    published = admin.post("/api/budgets/1/actions/publish", json={}).json()
    assert published["status"] == "published" and published["published_revision"] == part["revision"] + 1
    assert reviewer.post("/api/budgets/1/actions/publish", json={}).status_code == 403  # already published
    return int(published["published_revision"])


def test_the_review_loop_to_publication(people: dict[str, TestClient], published: int) -> None:
    budget = people["preparer"].get("/api/budgets/1").json()
    assert (budget["status"], budget["published_revision"], budget["actions"]) == ("published", published, [])
    assert budget["may_edit"] is False
    texts = [c["text"] for c in people["reviewer"].get("/api/budgets/1/comments").json()]
    assert "退回修改：项目资金执行时间有误" in texts


def test_comments_on_a_part_or_a_finding(people: dict[str, TestClient]) -> None:
    reviewer = people["reviewer"]
    made = reviewer.post(
        "/api/budgets/1/comments", json={"text": "请核对", "part": "projects", "finding": "date.E001"}
    )
    assert made.status_code == 201 and (made.json()["part"], made.json()["finding"]) == (
        "projects",
        "date.E001",
    )
    assert reviewer.post("/api/budgets/1/comments", json={"text": "x", "part": "nothing"}).status_code == 422
    assert reviewer.post("/api/budgets/1/comments", json={"text": "   "}).status_code == 422
    page = reviewer.get("/budgets/1")
    assert "请核对" in page.text and "核对结果 date.E001" in page.text


def test_the_public_pages_of_a_published_budget(site: Site, published: int) -> None:
    public = site.client()
    listed = public.get("/api/public").json()
    assert [(e["unit_id"], e["year"], e["url"]) for e in listed] == [(1, 2024, "/public/1/2024/")]
    assert "库尔勒经济技术开发区管理委员会党政办公室" in public.get("/public/").text
    about = public.get("/api/public/1/2024").json()
    page = public.get("/public/1/2024/")
    assert page.status_code == 200 and about["title"] in page.text
    html = public.get("/public/1/2024/document.html")
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "inline" in html.headers["content-disposition"]
    xlsx = public.get("/public/1/2024/document.xlsx")
    assert xlsx.content[:2] == b"PK"
    # every table of the document, as CSV and JSON, with the figures as built
    with site.app.state.sessions() as db:
        from yusuan.web import models

        row = db.get(models.Budget, 1)
        assert row is not None
        document = documents.document_of(row.data)
    assert [t["key"] for t in about["tables"]] == [t.key for t in document.tables]
    first = document.tables[0]
    rows = list(
        csv.reader(io.StringIO(public.get(f"/public/1/2024/tables/{first.key}.csv").text.lstrip("\ufeff")))
    )
    assert rows[0] == [c.title for c in first.columns]
    assert rows[1:] == [[cell.text for cell in r.cells] for r in first.rows]
    data = public.get(f"/public/1/2024/tables/{first.key}.json").json()
    assert data["title"] == first.title
    figures = [c["value"] for r in data["rows"] for c in r["cells"] if "value" in c]
    assert figures and all(isinstance(v, str) for v in figures)  # decimals as strings, never floats
    assert figures == [str(c.value) for r in first.rows for c in r.cells if c.value is not None]
    assert public.get("/public/1/2024/tables/no-such.json").status_code == 404
    assert public.get("/public/1/2023/").status_code == 404


def test_the_published_document_stays_while_the_budget_moves_on(
    site: Site, people: dict[str, TestClient], published: int
) -> None:
    public = site.client()
    before = public.get("/public/1/2024/document.html").content
    reviewer = people["reviewer"]
    assert (
        reviewer.post("/api/budgets/1/actions/return", json={"comment": "再改"}).status_code == 403
    )  # published
    assert public.get("/public/1/2024/document.html").content == before


def test_the_bureau_overview_and_its_csv(people: dict[str, TestClient], site: Site, published: int) -> None:
    reviewer = people["reviewer"]
    lines = reviewer.get("/api/bureau").json()
    korla = next(line for line in lines if line["budget_id"] == 1)
    with site.app.state.sessions() as db:
        from yusuan.web import models

        row = db.get(models.Budget, 1)
        assert row is not None
        expected_errors = documents.check(row.data).errors
    assert (korla["status"], korla["status_title"], korla["errors"]) == (
        "published",
        "已公开",
        expected_errors,
    )
    second = next(line for line in lines if line["unit"] == "示例第二单位")
    assert (second["budget_id"], second["status_title"]) == (None, "未建立")
    table = list(csv.reader(io.StringIO(reviewer.get("/bureau.csv").text.lstrip("\ufeff"))))
    assert table[0] == ["主管财政局", "单位", "年度", "状态", "错误数", "最近修改"]
    assert ["示例财政局", korla["unit"], "2024", "已公开", str(expected_errors)] == table[1][:5]
    assert "示例第二单位" in reviewer.get("/bureau").text
    assert json.dumps(lines, ensure_ascii=False)  # the API's twin of the page
