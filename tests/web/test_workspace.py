"""The budget workspace in the browser: a part edited and saved, a conflicting save that shows both
versions and keeps the input, invalid input with Chinese messages by field, restore, new and
uploaded budgets, the four built files and the preview (issue 13)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from yusuan.budgetfile import load_budget
from yusuan.source.workbook.write import budget_to_workbook, save_workbook
from yusuan.web import models

from .formkit import posted
from .webkit import Site

ROOT = Path(__file__).resolve().parents[2]
FICTIONAL = ROOT / "tests" / "fixtures" / "fictional-dept-2025.yaml"


@pytest.fixture(scope="module")
def preparer(site: Site) -> TestClient:
    return site.client("preparer")


def _form(client: TestClient, part: str) -> tuple[dict[str, str], int]:
    """What the browser posts for the part's form as the page shows it, and its revision."""
    page = client.get(f"/budgets/1/parts/{part}")
    assert page.status_code == 200
    return _form_from(page.text)


def _form_from(page: str) -> tuple[dict[str, str], int]:
    data = posted(page)
    return data, int(data["base_revision"])


def test_a_part_saved_from_its_form_is_a_revision(preparer: TestClient) -> None:
    data, base = _form(preparer, "income")
    old_reason = data["income[0].reason"]
    assert data["income[0].prior"] == "1459.00"  # as the source wrote it, in 万元
    data["income[0].reason"] = "网页上改的原因"
    saved = preparer.post("/budgets/1/parts/income", data=data)  # no JavaScript: a new page
    assert saved.status_code == 200 and f"已保存为第 {base + 1} 版" in saved.text
    assert 'value="网页上改的原因"' in saved.text
    revisions = preparer.get("/api/budgets/1/revisions").json()
    assert revisions[0]["summary"] == f"收入：\nincome[0].reason：{old_reason} → 网页上改的原因"
    assert revisions[0]["author"].startswith("编制人") and revisions[0]["part_title"] == "收入"
    assert "网页上改的原因" in preparer.get("/budgets/1/revisions").text


def test_with_htmx_a_save_swaps_the_form_and_the_findings(preparer: TestClient) -> None:
    data, base = _form(preparer, "income")
    data["income[0].reason"] = "局部刷新保存的原因"
    saved = preparer.post("/budgets/1/parts/income", data=data, headers={"HX-Request": "true"})
    assert saved.status_code == 200 and "<html" not in saved.text
    assert f"已保存为第 {base + 1} 版" in saved.text
    assert f'name="base_revision" value="{base + 1}"' in saved.text  # the next save builds on it
    findings = re.search(r'<section id="findings"[^>]*hx-swap-oob="true"', saved.text)
    assert findings and 'id="error-count">1<' in saved.text  # date.E001, as the example publishes
    assert '<div id="conflict" hx-swap-oob="true"></div>' in saved.text  # an old conflict cleared
    # the counts of that revision are kept for the bureau page
    with preparer.app.state.sessions() as db:  # type: ignore[attr-defined]
        kept = db.scalar(
            select(models.Revision).where(models.Revision.budget_id == 1, models.Revision.number == base + 1)
        )
        assert kept is not None and (kept.errors, kept.warnings) == (1, 3)


def test_a_row_is_added_and_removed_without_saving(preparer: TestClient) -> None:
    data, base = _form(preparer, "income")
    rows = len({k.split(".")[0] for k in data if k.startswith("income[")})
    more = preparer.post("/budgets/1/parts/income", data={**data, "@add": "income"})
    assert more.status_code == 200 and f'id="f-income-{rows}"' in more.text
    fewer = preparer.post("/budgets/1/parts/income", data={**data, "@remove": "income[0]"})
    left = posted(fewer.text)
    assert (
        fewer.status_code == 200
        and len({k.split(".")[0] for k in left if k.startswith("income[")}) == rows - 1
    )
    assert data["income[0].reason"] not in left.values()
    assert preparer.get("/api/budgets/1").json()["revision"] == base  # nothing saved


def test_a_conflicting_save_shows_both_versions_and_keeps_the_input(site: Site, preparer: TestClient) -> None:
    colleague = site.client("preparer")  # the same unit, another browser
    data, base = _form(preparer, "income")
    theirs = colleague.get("/api/budgets/1/parts/income").json()["data"]
    theirs["income"][0]["reason"] = "同事先保存的原因"
    answer = colleague.put("/api/budgets/1/parts/income", json={"data": theirs, "base_revision": base})
    assert answer.status_code == 200
    data["income[0].reason"] = "我后保存的原因"
    page = preparer.post("/budgets/1/parts/income", data=data)
    assert page.status_code == 409
    assert "已被他人修改" in page.text and "没有丢失" in page.text
    their_changes = re.search(r'<pre class="diff" id="their-changes">(.*?)</pre>', page.text, re.S)
    assert their_changes and "income[0].reason" in their_changes.group(1)
    assert "同事先保存的原因" in their_changes.group(1)
    differences = re.search(r'<pre class="diff" id="differences">(.*?)</pre>', page.text, re.S)
    assert differences and "同事先保存的原因 → 我后保存的原因" in differences.group(1)
    # the form keeps my input and now carries the newer revision: saving again, on purpose, succeeds
    kept, newer = _form_from(page.text)
    assert kept["income[0].reason"] == "我后保存的原因" and newer == base + 1
    again = preparer.post("/budgets/1/parts/income", data=kept)
    assert again.status_code == 200 and f"已保存为第 {base + 2} 版" in again.text
    # with htmx the conflict is answered 200 (htmx swaps only 2xx), the box out of band
    stale_form = preparer.post(
        "/budgets/1/parts/income", data={**kept, "base_revision": str(base)}, headers={"HX-Request": "true"}
    )
    assert stale_form.status_code == 200 and '<div id="conflict" hx-swap-oob="true">' in stale_form.text
    assert "已被他人修改" in stale_form.text
    # the API's conflict has both versions too, and nothing was lost: both are revisions
    stale = colleague.put("/api/budgets/1/parts/income", json={"data": theirs, "base_revision": base})
    body = stale.json()
    assert stale.status_code == 409 and body["theirs"]["income"][0]["reason"] == "我后保存的原因"
    assert body["mine"]["income"][0]["reason"] == "同事先保存的原因"
    summaries = [r["summary"] for r in preparer.get("/api/budgets/1/revisions").json()[:2]]
    assert "同事先保存的原因 → 我后保存的原因" in summaries[0] and "→ 同事先保存的原因" in summaries[1]


def test_invalid_input_is_refused_with_chinese_messages_by_field(preparer: TestClient) -> None:
    data, base = _form(preparer, "income")
    data["income[0].prior"] = "一千四百"
    page = preparer.post("/budgets/1/parts/income", data=data)
    assert page.status_code == 422
    field = re.search(r'<input [^>]*id="(f-income-0-prior)"[^>]*>', page.text)
    assert field and 'value="一千四百"' in field.group(0) and 'aria-invalid="true"' in field.group(0)
    message = re.search(r'id="f-income-0-prior-error" class="field-error">([^<]*)<', page.text)
    assert message and message.group(1).startswith("金额格式不正确：“一千四百”")
    assert 'href="#f-income-0-prior"' in page.text  # the summary above the form links to it
    fragment = preparer.post("/budgets/1/parts/income", data=data, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and 'aria-invalid="true"' in fragment.text
    without = {k: v for k, v in data.items() if k != "base_revision"}
    assert preparer.post("/budgets/1/parts/income", data=without).status_code == 422
    api = preparer.put(
        "/api/budgets/1/parts/income",
        json={
            "data": {"income": [{"source": "general", "amount": "1", "prior": "一千四百"}]},
            "base_revision": base,
        },
    )
    assert api.status_code == 422
    assert (
        api.json()["problems"][0]["path"] == "income[0].prior"
        and api.json()["problems"][0]["part"] == "income"
    )
    assert preparer.get("/api/budgets/1").json()["revision"] == base  # nothing saved


def test_a_budget_that_may_not_be_edited_shows_its_part_read_only(site: Site) -> None:
    reviewer = site.client("reviewer")
    page = reviewer.get("/budgets/1/parts/income")
    assert page.status_code == 200 and "只读" in page.text
    assert '<fieldset class="readonly-values" disabled>' in page.text and "hx-post" not in page.text
    assert "保存收入" not in page.text
    rows = reviewer.get("/budgets/1/parts/projects").text  # a part with rows: no row buttons either
    assert "只读" in rows and "<button" not in rows.split('class="part-form')[1].split("</form>")[0]
    assert "添加一项" not in rows and "删除项目" not in rows


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


def test_the_web_keeps_amounts_in_wan_and_says_so_beside_the_unit(preparer: TestClient) -> None:
    data, base = _form(preparer, "settings")
    assert data["amount_unit"] == "万元"
    page = preparer.post("/budgets/1/parts/settings", data={**data, "amount_unit": "元"})
    message = re.search(r'id="f-amount_unit-error" class="field-error">([^<]*)<', page.text)
    assert page.status_code == 422 and message and "一律以万元" in message.group(1)
    assert preparer.get("/api/budgets/1").json()["revision"] == base  # nothing saved
