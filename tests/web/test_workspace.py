"""The budget workspace in the browser: a part edited and saved, a conflicting save that shows both
versions and keeps the input, invalid input with Chinese messages by field, restore, new and
uploaded budgets, the four built files and the preview (issue 13)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from yusuan.source import load_budget
from yusuan.source.workbook.write import budget_to_workbook, save_workbook

from .webkit import Site

ROOT = Path(__file__).resolve().parents[2]
FICTIONAL = ROOT / "tests" / "fixtures" / "fictional-dept-2025.yaml"


@pytest.fixture(scope="module")
def preparer(site: Site) -> TestClient:
    return site.client("preparer")


def _form(client: TestClient, part: str) -> tuple[str, int]:
    page = client.get(f"/budgets/1/parts/{part}")
    assert page.status_code == 200
    text = re.search(r'<textarea id="content"[^>]*>(.*?)</textarea>', page.text, re.S)
    base = re.search(r'name="base_revision" value="(\d+)"', page.text)
    assert text and base
    import html

    return html.unescape(text.group(1)), int(base.group(1))


def test_a_part_saved_from_its_page_is_a_revision(preparer: TestClient) -> None:
    text, base = _form(preparer, "income")
    data = json.loads(text)
    old_reason = data["income"][0]["reason"]
    data["income"][0]["reason"] = "网页上改的原因"
    saved = preparer.post(
        "/budgets/1/parts/income",
        data={"content": json.dumps(data, ensure_ascii=False), "base_revision": str(base)},
    )
    assert saved.status_code == 200 and f"已保存为第 {base + 1} 版" in saved.text
    revisions = preparer.get("/api/budgets/1/revisions").json()
    assert revisions[0]["summary"] == f"收入：\nincome[0].reason：{old_reason} → 网页上改的原因"
    assert revisions[0]["author"].startswith("编制人") and revisions[0]["part_title"] == "收入"
    assert "网页上改的原因" in preparer.get("/budgets/1/revisions").text


def test_a_conflicting_save_shows_both_versions_and_keeps_the_input(site: Site, preparer: TestClient) -> None:
    colleague = site.client("preparer")  # the same unit, another browser
    text, base = _form(preparer, "income")
    theirs = json.loads(text)
    theirs["income"][0]["reason"] = "同事先保存的原因"
    answer = colleague.put("/api/budgets/1/parts/income", json={"data": theirs, "base_revision": base})
    assert answer.status_code == 200
    mine = json.loads(text)
    mine["income"][0]["reason"] = "我后保存的原因"
    page = preparer.post(
        "/budgets/1/parts/income",
        data={"content": json.dumps(mine, ensure_ascii=False), "base_revision": str(base)},
    )
    assert page.status_code == 409
    assert "已被他人修改" in page.text and "同事先保存的原因" in page.text and "我后保存的原因" in page.text
    assert "income[0].reason" in page.text  # what the other person changed
    # the form now carries the newer revision: saving again, on purpose, succeeds
    kept, newer = _form_from(page.text)
    assert json.loads(kept)["income"][0]["reason"] == "我后保存的原因" and newer == base + 1
    again = preparer.post("/budgets/1/parts/income", data={"content": kept, "base_revision": str(newer)})
    assert again.status_code == 200
    # the API's conflict has both versions too, and nothing was lost: both are revisions
    stale = colleague.put("/api/budgets/1/parts/income", json={"data": theirs, "base_revision": base})
    body = stale.json()
    assert stale.status_code == 409 and body["theirs"]["income"][0]["reason"] == "我后保存的原因"
    assert body["mine"]["income"][0]["reason"] == "同事先保存的原因"
    summaries = [r["summary"] for r in preparer.get("/api/budgets/1/revisions").json()[:2]]
    assert "同事先保存的原因 → 我后保存的原因" in summaries[0] and "→ 同事先保存的原因" in summaries[1]


def _form_from(page: str) -> tuple[str, int]:
    import html

    text = re.search(r'<textarea id="content"[^>]*>(.*?)</textarea>', page, re.S)
    base = re.search(r'name="base_revision" value="(\d+)"', page)
    assert text and base
    return html.unescape(text.group(1)), int(base.group(1))


def test_invalid_input_is_refused_with_chinese_messages_by_field(preparer: TestClient) -> None:
    text, base = _form(preparer, "income")
    data = json.loads(text)
    data["income"][0]["prior"] = "一千四百"
    page = preparer.post(
        "/budgets/1/parts/income",
        data={"content": json.dumps(data, ensure_ascii=False), "base_revision": str(base)},
    )
    assert page.status_code == 422 and "income[0].prior" in page.text and "上年数" in page.text
    assert "一千四百" in page.text  # the input is kept
    broken = preparer.post(
        "/budgets/1/parts/income", data={"content": "{income: [", "base_revision": str(base)}
    )
    assert broken.status_code == 422 and "YAML" in broken.text
    api = preparer.put("/api/budgets/1/parts/income", json={"data": data, "base_revision": base})
    assert api.status_code == 422
    assert (
        api.json()["problems"][0]["path"] == "income[0].prior"
        and api.json()["problems"][0]["part"] == "income"
    )
    assert preparer.get("/api/budgets/1").json()["revision"] == base  # nothing saved


def test_restore_from_the_revisions_page(preparer: TestClient) -> None:
    before = preparer.get("/api/budgets/1/parts/income").json()
    changed = json.loads(json.dumps(before["data"]))
    changed["income"][0]["reason"] = "恢复前的原因"
    body = {"data": changed, "base_revision": before["revision"]}
    assert preparer.put("/api/budgets/1/parts/income", json=body).status_code == 200
    old_reason = before["data"]["income"][0]["reason"]
    page = preparer.get("/budgets/1/revisions")
    assert f'action="/budgets/1/revisions/{before["revision"]}/restore"' in page.text
    restored = preparer.post(f"/budgets/1/revisions/{before['revision']}/restore")
    assert restored.status_code == 200 and f"恢复到第 {before['revision']} 版" in restored.text
    latest = preparer.get("/api/budgets/1/revisions").json()[0]
    assert latest["number"] == before["revision"] + 2 and latest["part"] == ""
    assert f"income[0].reason：恢复前的原因 → {old_reason}" in latest["summary"]
    assert preparer.get("/api/budgets/1/parts/income").json()["data"] == before["data"]
    assert preparer.post("/api/budgets/1/revisions/999/restore").status_code == 404


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "xlsx"])
def test_the_four_files_are_built_and_downloaded(preparer: TestClient, fmt: str) -> None:
    got = preparer.get(f"/budgets/1/files/{fmt}")
    assert got.status_code == 200 and len(got.content) > 1000
    assert (
        f".{fmt}" in got.headers["content-disposition"] and "attachment" in got.headers["content-disposition"]
    )
    magic = {"docx": b"PK", "xlsx": b"PK", "pdf": b"%PDF", "html": b"<!"}
    assert got.content.startswith(magic[fmt]) or got.content.lower().startswith(b"<!doctype")


def test_the_preview_embeds_the_html_document(preparer: TestClient) -> None:
    page = preparer.get("/budgets/1/preview")
    assert 'src="/budgets/1/files/html?inline=true"' in page.text
    inline = preparer.get("/budgets/1/files/html?inline=true")
    assert inline.headers["content-disposition"].startswith("inline") and "<svg" in inline.text  # charts
    assert preparer.get("/budgets/1/files/exe").status_code == 404


def test_a_new_budget_rolled_forward_from_last_year(site: Site, preparer: TestClient) -> None:
    made = preparer.post(
        "/budgets",
        data={"year": "2025", "layout": "xinjiang-2024-unit", "copy_last": "true"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    budget_id = int(made.headers["location"].rsplit("/", 1)[1])
    data = preparer.get(f"/api/budgets/{budget_id}/data").json()["data"]
    last = preparer.get("/api/budgets/1/data").json()["data"]
    assert data["year"] == 2025 and data["unit"] == last["unit"]
    assert data["income"][0]["prior"] == "1307.84"  # last year's figure is this year's prior one
    again = preparer.post("/api/budgets", json={"year": 2025, "layout": "xinjiang-2024-unit"})
    assert again.status_code == 409 and "已经存在" in again.json()["detail"]
    unknown = preparer.post("/api/budgets", json={"year": 2026, "layout": "no-such-layout"})
    assert unknown.status_code == 422


def test_upload_a_yaml_source_and_a_workbook(site: Site, preparer: TestClient, tmp_path: Path) -> None:
    from yusuan.web.store import load

    # the second unit's preparer uploads a YAML source (written in 元): a new budget, amounts exact
    other = site.client("preparer2")
    fictional = load_budget(FICTIONAL)
    sent = other.post("/api/budgets/upload", files={"file": ("budget.yaml", FICTIONAL.read_bytes())})
    assert sent.status_code == 201, sent.text
    uploaded = sent.json()
    assert (uploaded["unit"]["name"], uploaded["year"], uploaded["revision"]) == ("示例第二单位", 2025, 1)
    data = other.get(f"/api/budgets/{uploaded['id']}/data").json()["data"]
    assert load(data) == fictional.model_copy(update={"amount_unit": load(data).amount_unit})
    assert (
        other.get(f"/api/budgets/{uploaded['id']}/revisions")
        .json()[0]["summary"]
        .startswith("上传 budget.yaml")
    )
    # yusuan's workbook of the Korla budget over budget 1: a new revision, equal to the example
    korla = load_budget(ROOT / "examples" / "korla-2024")
    book = tmp_path / "korla.xlsx"
    save_workbook(budget_to_workbook(korla), book)
    before = preparer.get("/api/budgets/1").json()["revision"]
    page = preparer.post("/budgets/upload", files={"file": ("korla.xlsx", book.read_bytes())})
    assert page.status_code == 200 and page.url.path == "/budgets/1"
    assert preparer.get("/api/budgets/1").json()["revision"] == before + 1
    assert load(preparer.get("/api/budgets/1/data").json()["data"]) == korla


def test_a_bad_upload_is_explained_in_chinese(preparer: TestClient) -> None:
    bad = b"yusuan: 1\nyear: 2024\nlayout: xinjiang-2024-unit\nunit:\n  name: x\n"
    page = preparer.post("/budgets/upload", files={"file": ("mine.yaml", bad)})
    assert page.status_code == 422 and "mine.yaml" in page.text and "缺少必填字段" in page.text
    assert "/tmp" not in page.text  # the server's temporary path is not shown
    api = preparer.post("/api/budgets/upload", files={"file": ("mine.txt", b"x")})
    assert api.status_code == 422 and "应为 YAML" in api.json()["problems"][0]


def test_a_finding_appears_and_disappears_with_the_figure(preparer: TestClient) -> None:
    def errors() -> list[str]:
        report = preparer.get("/api/budgets/1/findings").json()
        return [f["rule"] for f in report["findings"] if f["severity"] == "error"]

    assert errors() == ["date.E001"]  # the example's project funded in 2023 (as published)
    part = preparer.get("/api/budgets/1/parts/projects").json()
    wrong = next(p for p in part["data"]["projects"] if p.get("period", {}).get("start") == "2023-01")
    wrong["period"] = {"start": "2024-01", "end": "2024-12"}
    fixed = preparer.put(
        "/api/budgets/1/parts/projects", json={"data": part["data"], "base_revision": part["revision"]}
    )
    assert fixed.status_code == 200 and "period.start：2023-01 → 2024-01" in fixed.json()["summary"]
    assert errors() == []
    fragment = preparer.get("/budgets/1/findings", headers={"HX-Request": "true"})
    assert 'id="error-count">0<' in fragment.text and "<html" not in fragment.text
    preparer.post(f"/api/budgets/1/revisions/{part['revision']}/restore").raise_for_status()
    assert errors() == ["date.E001"]
    assert 'hx-get="/budgets/1/findings"' in preparer.get("/budgets/1").text
