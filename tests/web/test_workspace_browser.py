"""The budget workspace in Chromium against the real app (the demo site ``yusuan serve`` makes on
first start) on the loopback interface: each role signs in through the login page; a figure edited
in a part's form makes a finding appear beside it and go again; a wrong amount is told beside its
field; rows are added with and without JavaScript; two people save the same part (a conflict, then
a deliberate overwrite) and an old revision is restored; the four files are built and downloaded
by real clicks, and the preview shows the document with its charts; the form at phone width.

Each test is a whole flow and leaves the budget as it found it (tests of a module may share the
module's server, or not, under pytest-xdist). Skipped where Playwright or Chromium is missing,
except in CI (tests/conftest.py)."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from yusuan.web.documents import FORMAT_TITLES

from .browser import (  # noqa: F401 - fixtures
    DESKTOP,
    PHONE,
    People,
    demo_site,
    follow,
    horizontal_overflow,
    live_server,
    new_context,
    people,
    phone_overflow,
    screenshots,
    sign_in,
)
from .webkit import Site

PROJECTS = "/budgets/1/parts/projects"
SANGONG = "/budgets/1/parts/sangong"


# whether every element the selector finds is one line high (its text not broken into lines)
ONE_LINE_EACH = """(selector) => [...document.querySelectorAll(selector)].every(e => {
  const style = getComputedStyle(e);
  return e.getBoundingClientRect().height < 1.5 * parseFloat(style.lineHeight) + parseFloat(style.paddingTop)
    + parseFloat(style.paddingBottom) + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
})"""


# whether every element the selector finds lies within the window's width
WITHIN_SCREEN = """(selector) => [...document.querySelectorAll(selector)].every(e => {
  const box = e.getBoundingClientRect();
  return box.left >= 0 && box.right <= window.innerWidth;
})"""


@pytest.fixture(scope="module")
def live_app(demo_site: Site) -> Any:  # noqa: F811
    return demo_site.app


def api(page: Any, path: str) -> Any:
    """What the API answers this person (the page's cookies) for ``path``."""
    response = page.request.get(path)
    assert response.ok, f"{path}: {response.status} {response.text()}"
    return response.json()


def findings_loaded(page: Any) -> Any:
    """The findings panel once htmx has swapped in the checked document's findings."""
    panel = page.locator("#findings")
    panel.locator("#error-count").wait_for()
    return panel


def error_count(page: Any) -> int:
    return int(findings_loaded(page).locator("#error-count").inner_text())


def nav(page: Any, name: str) -> Any:
    """A link of the site's navigation bar."""
    return page.get_by_role("navigation", name="主导航").get_by_role("link", name=name)


def save(page: Any, javascript: bool = True) -> Any:
    """Click the part form's save button; with JavaScript wait until htmx has swapped in the answer,
    without it until the answer (a page) has loaded. The response to the post."""
    with page.expect_response(lambda r: r.request.method == "POST" and "/parts/" in r.url) as answer:
        page.locator("form.part-form .actions").get_by_role("button").click()
    if javascript:
        page.wait_for_function("() => !document.querySelector('.htmx-request')")
    else:
        page.wait_for_load_state()
    return answer.value


def test_each_role_signs_in_and_sees_their_pages(
    chromium: Any,
    live_server: str,  # noqa: F811
    demo_site: Site,  # noqa: F811
    people: People,  # noqa: F811
) -> None:
    # the public: the published documents without signing in; anything else asks them to sign in
    public = new_context(chromium, live_server).new_page()
    assert public.goto("/public/").status == 200
    assert public.get_by_role("heading", level=1).inner_text() == "已公开的预算文件"
    public.goto("/budgets")
    assert re.search(r"/login\?next=/budgets$", public.url)
    # a wrong password is refused in Chinese, the name kept; the right one signs in and goes on
    refused = sign_in(public, "preparer", "not-the-password", "/budgets")
    assert refused.status == 401
    assert public.get_by_role("alert").inner_text() == "用户名或密码不正确"
    assert public.get_by_label("用户名").input_value() == "preparer"
    assert public.get_by_label("密码").input_value() == ""
    assert phone_overflow(public) == 0
    public.context.close()

    korla = api(people["admin"], "/api/budgets/1")["unit"]["name"]
    errors = api(people["admin"], "/api/budgets/1/findings")["counts"]["error"]

    # the preparer: my budgets, their unit's budget only, and a form to make or upload another
    preparer = people["preparer"]
    follow(preparer, nav(preparer, "我的预算"))
    assert preparer.get_by_role("heading", level=1).inner_text() == "我的预算"
    rows = preparer.locator("main table tbody tr")
    assert rows.count() == 1
    assert rows.first.locator("td").all_inner_texts()[:4] == [korla, "2024", "xinjiang-2024-unit", "草稿"]
    assert preparer.get_by_role("heading", name="新建预算").is_visible()
    assert "编制人" in preparer.locator(".who").inner_text()
    assert phone_overflow(preparer) == 0

    # the second unit's preparer: none of theirs yet, and the Korla budget is not found by URL
    other = people["preparer2"]
    other.goto("/budgets")
    assert other.get_by_text("暂无预算。").is_visible()
    assert other.goto("/budgets/1").status == 404
    assert other.get_by_role("heading", level=1).is_visible() and korla not in other.content()

    # the reviewer: the bureau page, its units with status and error counts, the CSV export
    reviewer = people["reviewer"]
    follow(reviewer, nav(reviewer, "财政局"))
    assert reviewer.get_by_role("heading", level=1).inner_text() == "所辖单位的预算"
    lines = {
        cells[1]: cells
        for cells in (r.locator("td").all_inner_texts() for r in reviewer.locator("main tbody tr").all())
    }
    assert lines[korla][3:] == ["草稿", str(errors)]
    assert lines["示例第二单位"][2:] == ["", "未建立", ""]
    assert reviewer.get_by_role("link", name="导出 CSV").is_visible()
    assert not reviewer.get_by_role("heading", name="新建预算").is_visible()
    assert phone_overflow(reviewer) == 0
    reviewer.set_viewport_size(PHONE)  # each status on one line, not broken a character a line
    assert reviewer.evaluate(ONE_LINE_EACH, ".status")
    screenshots(reviewer, "bureau")
    reviewer.set_viewport_size(DESKTOP)

    # the admin: every bureau's units, and every budget
    admin = people["admin"]
    admin.goto("/bureau")
    assert {r.locator("td").nth(1).inner_text() for r in admin.locator("main tbody tr").all()} == {
        korla,
        "示例第二单位",
    }
    follow(admin, nav(admin, "我的预算"))
    assert admin.get_by_role("link", name=korla).is_visible()


def test_a_figure_edited_makes_a_finding_appear_and_go(people: People) -> None:  # noqa: F811
    page = people["preparer"]
    page.goto("/budgets/1")
    page.get_by_role("link", name="项目", exact=True).click()
    page.wait_for_url(f"**{PROJECTS}")
    before = error_count(page)
    assert "project.E002" not in findings_loaded(page).inner_text()
    page.evaluate("window.sameDocument = true")  # lost on a page load, kept through htmx swaps

    # a project's amount no longer the sum of its allocations: the checker's project.E002
    row, amount_id = "f-projects-0", "f-projects-0-amount"  # the first project and its amount
    amount = page.locator(f"#{amount_id}")
    original = amount.input_value()
    wrong = str(Decimal(original) + 10)
    amount.fill(wrong)
    save(page)
    page.get_by_role("status").filter(has_text="已保存为第").wait_for()
    panel = findings_loaded(page)
    finding = panel.locator("li", has_text="project.E002")
    finding.wait_for()
    assert f"预算安排规模 {wrong} 万元" in finding.inner_text()
    assert error_count(page) == before + 1
    assert page.evaluate("window.sameDocument") is True  # htmx swapped the form: no page load

    # the finding links to the project's row in the form
    link = finding.get_by_role("link")
    assert link.get_attribute("href") == f"{PROJECTS}#{row}"
    link.click()
    page.wait_for_function(f"() => location.hash === '#{row}'")
    assert page.evaluate("document.querySelector(':target').id") == row
    assert page.locator(f"#{row}").is_visible()
    box = page.locator(f"#{row}").bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]  # scrolled into view
    assert page.evaluate("window.sameDocument") is True

    # the value put back: saved, the finding gone
    page.locator(f"#{amount_id}").fill(original)
    save(page)
    panel = findings_loaded(page)
    page.wait_for_function("() => !document.querySelector('#findings').innerText.includes('project.E002')")
    assert error_count(page) == before

    # a wrong amount: told beside its field, the input kept, nothing saved
    revision = api(page, "/api/budgets/1")["revision"]
    page.locator(f"#{amount_id}").fill("约30万")
    save(page)
    message = page.locator(f"#{amount_id}-error")
    message.wait_for()
    assert message.inner_text().startswith("金额格式不正确")
    assert page.locator(f"#{amount_id}").input_value() == "约30万"
    assert page.locator(f"#{amount_id}").get_attribute("aria-invalid") == "true"
    assert page.locator(f"#{amount_id}").get_attribute("aria-describedby").endswith(f"{amount_id}-error")
    assert api(page, "/api/budgets/1")["revision"] == revision
    assert page.evaluate("window.sameDocument") is True


@pytest.mark.parametrize("javascript", [False, True], ids=["plain", "htmx"])
def test_rows_added_and_a_wrong_amount_told_with_and_without_javascript(
    chromium: Any,
    live_server: str,  # noqa: F811
    demo_site: Site,  # noqa: F811
    javascript: bool,
) -> None:
    # without JavaScript the buttons post the form and the answer is a page; with it htmx swaps
    # the form in place. The CSRF token goes as the form's field or as htmx's header.
    page = new_context(chromium, live_server, java_script_enabled=javascript).new_page()
    sign_in(page, "preparer", demo_site.passwords["preparer"], PROJECTS)
    page.wait_for_url(f"**{PROJECTS}")
    count = len(api(page, f"/api{PROJECTS}")["data"]["projects"])
    subject = api(page, "/api/budgets/1/data")["data"]["expenditure"][0]["code"]
    if javascript:
        page.evaluate("window.sameDocument = true")

    page.get_by_role("button", name="添加一项：项目").click()
    row = f"f-projects-{count}"
    page.locator(f"#{row}").wait_for()
    page.fill(f"#{row}-name", "新增测试项目")
    page.fill(f"#{row}-subject", subject)
    page.fill(f"#{row}-amount", "约30万")
    with page.expect_request(lambda r: r.method == "POST") as sent:
        answer = save(page, javascript)
    if javascript:
        assert sent.value.headers["x-csrf-token"]  # the header (the form's field goes along too)
    else:
        assert "csrf_token=" in (sent.value.post_data or "") and "x-csrf-token" not in sent.value.headers
    assert answer.status == (200 if javascript else 422)  # htmx swaps only 2xx answers
    error = page.locator(f"#{row}-amount-error")
    error.wait_for()
    assert error.inner_text().startswith("金额格式不正确")
    assert page.input_value(f"#{row}-amount") == "约30万"  # kept as typed
    assert page.get_attribute(f"#{row}-amount", "aria-invalid") == "true"
    assert len(api(page, f"/api{PROJECTS}")["data"]["projects"]) == count  # nothing saved

    # a post without this session's token is refused, and changes nothing
    token = page.locator("input[name=csrf_token]").first.input_value()
    revision = api(page, "/api/budgets/1")["revision"]
    refused = page.request.post(PROJECTS, form={"base_revision": str(revision), "@save": "1"})
    assert refused.status == 403 and "安全令牌" in refused.text()
    forged = page.request.post(
        PROJECTS, form={"base_revision": str(revision), "@save": "1", "csrf_token": token[::-1]}
    )
    assert forged.status == 403 and api(page, "/api/budgets/1")["revision"] == revision

    page.fill(f"#{row}-amount", "30")
    answer = save(page, javascript)
    assert answer.status == (200 if javascript else 303)  # a plain post is sent on to the part's page
    page.get_by_role("status").filter(has_text="已保存为第").wait_for()
    assert page.input_value(f"#{row}-amount") == "30"
    saved = api(page, f"/api{PROJECTS}")["data"]["projects"]
    assert len(saved) == count + 1 and saved[-1]["name"] == "新增测试项目"

    # the row removed again (the form without it, nothing saved), then saved: as it was
    page.locator(f"#{row} > button.remove").click()
    page.locator(f"#{row}").wait_for(state="detached")
    assert len(api(page, f"/api{PROJECTS}")["data"]["projects"]) == count + 1
    save(page, javascript)
    page.get_by_role("status").filter(has_text="已保存为第").wait_for()
    assert len(api(page, f"/api{PROJECTS}")["data"]["projects"]) == count
    if javascript:
        assert page.evaluate("window.sameDocument") is True
    page.context.close()


def test_a_conflicting_save_then_an_old_revision_restored(
    chromium: Any,
    live_server: str,  # noqa: F811
    demo_site: Site,  # noqa: F811
    people: People,  # noqa: F811
) -> None:
    # the preparer at two computers, the same part open in both
    first = people["preparer"]
    second = new_context(chromium, live_server).new_page()
    sign_in(second, "preparer", demo_site.passwords["preparer"])
    for page in (first, second):
        page.goto(SANGONG)
    start = int(first.locator("input[name=base_revision]").input_value())
    field = "#f-sangong-reception-reason"
    original = first.locator(field).input_value()
    theirs, mine = "公务接待费预算与上年持平（甲）", "公务接待费按接待标准压减（乙）"

    first.locator(field).fill(theirs)
    save(first)
    first.get_by_role("status").filter(has_text=f"已保存为第 {start + 1} 版").wait_for()

    second.locator(field).fill(mine)
    save(second)
    box = second.locator("#conflict")
    box.get_by_role("alert").wait_for()
    assert box.get_by_text("未保存").is_visible()
    path = "sangong.reception.reason"
    assert f"{path}：{original} → {theirs}" in box.locator("#their-changes").inner_text()
    assert f"{path}：{theirs} → {mine}" in box.locator("#differences").inner_text()
    assert second.locator(field).input_value() == mine  # the input kept
    screenshots(second, "conflict")
    assert api(second, f"/api{SANGONG}")["data"]["sangong"]["reception"]["reason"] == theirs

    save(second)  # again, knowing: now at the newer revision, it is saved
    second.get_by_role("status").filter(has_text=f"已保存为第 {start + 2} 版").wait_for()
    assert box.inner_text().strip() == ""
    assert api(second, f"/api{SANGONG}")["data"]["sangong"]["reception"]["reason"] == mine

    # both saves in the revisions; the one before them restored
    second.get_by_role("link", name="修订记录").click()
    second.wait_for_url("**/budgets/1/revisions")
    rows = {r.locator("td").first.inner_text(): r for r in second.locator("main tbody tr").all()}
    for number, text in ((start + 1, theirs), (start + 2, mine)):
        cells = rows[str(number)].locator("td").all_inner_texts()
        assert cells[1].startswith("编制人") and cells[3] == "“三公”经费与机关运行经费"
        assert f"{path}：" in cells[4] and f"→ {text}" in cells[4]
    assert phone_overflow(second) == 0
    second.set_viewport_size(PHONE)  # on a phone every cell and the restore button lie on the screen
    assert second.evaluate(WITHIN_SCREEN, "main tbody td, main tbody button")
    screenshots(second, "revisions")
    second.set_viewport_size(DESKTOP)
    follow(second, rows[str(start)].get_by_role("button", name="恢复此版"))  # back to the revisions
    newest = second.locator("main tbody tr").filter(has=second.locator("td", has_text=f"{start + 3}")).first
    assert f"{path}：{mine} → {original}" in newest.inner_text()
    second.goto(SANGONG)
    assert second.locator(field).input_value() == original
    second.context.close()


MAGIC = {"docx": b"PK\x03\x04", "xlsx": b"PK\x03\x04", "pdf": b"%PDF-", "html": b"<!DOCTYPE html"}
INSIDE = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}  # what the ZIP of each must hold


def test_the_four_files_built_downloaded_and_previewed(people: People) -> None:  # noqa: F811
    page = people["preparer"]
    page.goto("/budgets/1")
    korla = api(page, "/api/budgets/1")["unit"]["name"]
    assert set(MAGIC) == set(FORMAT_TITLES)
    for fmt, title in FORMAT_TITLES.items():
        with page.expect_download() as started:
            page.get_by_role("link", name=f"下载 {title}").click()
        download = started.value
        assert download.failure() is None
        assert download.suggested_filename.endswith(f".{fmt}") and korla in download.suggested_filename
        data = Path(download.path()).read_bytes()
        assert data[: len(MAGIC[fmt])].upper() == MAGIC[fmt].upper(), (fmt, data[:16])
        assert len(data) > 10_000, (fmt, len(data))
        if fmt in INSIDE:
            assert INSIDE[fmt] in zipfile.ZipFile(io.BytesIO(data)).namelist()
        if fmt == "pdf":
            assert data.rstrip().endswith(b"%%EOF")
        if fmt == "html":
            assert korla in data.decode("utf-8")

    page.get_by_role("link", name="预览网页版").click()
    page.wait_for_url("**/budgets/1/preview")
    document = page.frame_locator("iframe.preview")
    assert korla in document.locator("h1").first.inner_text()
    document.locator("svg").first.wait_for()
    assert document.locator("svg").count() >= 1  # the charts
    assert phone_overflow(page) == 0


def test_the_form_with_a_problem_at_phone_width(people: People) -> None:  # noqa: F811
    page = people["preparer"]
    page.goto(SANGONG)
    findings_loaded(page)
    field = "#f-sangong-reception-amount"
    page.set_viewport_size(PHONE)
    page.locator(field).fill("约30万")
    save(page)
    message = page.locator(f"{field}-error")
    message.wait_for()
    assert message.inner_text().startswith("金额格式不正确")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.part-form fieldset')).borderTopStyle")
        == "solid"
    )  # forms.css is applied

    for size in (PHONE, {"width": 1280, "height": 800}):
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        box = page.locator(field).bounding_box()
        told = message.bounding_box()
        assert box is not None and told is not None
        assert 0 <= told["y"] - (box["y"] + box["height"]) < 40  # the message right under its input
    shots = screenshots(page, "form-sangong")
    assert all(path.stat().st_size > 10_000 for path in shots.values())

    # the keyboard, from the page's heading on: the summary's link to the problem (nothing hidden
    # takes the focus before it), then the form's first field
    page.set_viewport_size(PHONE)
    page.get_by_role("heading", level=1).click()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == field
    page.keyboard.press("Tab")
    first_field = page.locator("form.part-form input:not([type=hidden]):not([tabindex='-1'])").first
    assert page.evaluate("document.activeElement.id") == first_field.get_attribute("id")
    page.set_viewport_size({"width": 1280, "height": 800})
