"""Check a published document in the browser (issue 13, item 6): upload, read and check in a child
process within the reader's limits, findings beside their page image with the figure's line
highlighted, refusals in Chinese, CSRF, uploads private to their link and removed after a day."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from yusuan.web import uploads
from yusuan.web.app import create_app
from yusuan.web.pages import MAX_SCALE
from yusuan.web.settings import Settings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "read"
JIANGSU = FIXTURES / "jiangsu-procuratorate-2017-dept-budget.pdf"
FRAMED = FIXTURES / "jiangsu-party-cttee-2017-general-table-framed.pdf"
HTML = FIXTURES / "variants" / "unit-2024.html"


def client_for(data_dir: Path) -> TestClient:
    return TestClient(create_app(Settings(data_dir=data_dir, secret_key="test-key")))


def token(client: TestClient) -> str:
    form = client.get("/check")
    assert form.status_code == 200
    found = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert found is not None
    return found.group(1)


def post(client: TestClient, *files: tuple[str, bytes], api: bool = False, csrf: bool = True) -> Any:
    parts = [("files", (name, content, "application/octet-stream")) for name, content in files]
    secret = token(client) if csrf else ""
    if api:
        headers = {"X-CSRF-Token": secret} if csrf else {}
        return client.post("/api/check", files=parts, headers=headers)
    return client.post(
        "/check", data={"csrf_token": secret} if csrf else {}, files=parts, follow_redirects=False
    )


def stored(data_dir: Path) -> list[Path]:
    root = data_dir / "uploads"
    return sorted(root.iterdir()) if root.is_dir() else []


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The Jiangsu procuratorate's 2017 budget (25 pages) uploaded once through the form."""
    data_dir = tmp_path_factory.mktemp("web")
    client = client_for(data_dir)
    answer = post(client, ("2017年省检察院部门预算.pdf", JIANGSU.read_bytes()))
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    upload_id = location.rsplit("/", 1)[1]
    return {"client": client, "data_dir": data_dir, "id": upload_id, "location": location}


def test_a_pdf_gives_its_facts_and_findings_by_severity(checked: dict[str, Any]) -> None:
    client: TestClient = checked["client"]
    page = client.get(checked["location"])
    assert page.status_code == 200 and page.headers["cache-control"] == "private, no-store"
    text = page.text
    assert "江苏省人民检察院" in text and "2017" in text and "部门预算" in text
    assert "江苏省省级部门预算公开" in text and "吻合程度 100%" in text
    # grouped by severity: the errors before the notice
    assert text.index("错误（5）") < text.index("提示（1）")
    assert text.count('class="finding severity-error') == 5
    assert "2017年省检察院部门预算.pdf 第 22 页" in text  # shown under the name the user gave
    data = client.get(f"/api/check/{checked['id']}").json()
    assert data["counts"] == {"error": 5, "warning": 0, "notice": 1}
    assert data["facts"]["year"] == 2017 and data["facts"]["unit"] == "江苏省人民检察院"
    assert data["files"] == [
        {
            "index": 0,
            "format": "pdf",
            "pages": 25,
            "geometry": data["files"][0]["geometry"],
            "name": "2017年省检察院部门预算.pdf",
        }
    ]
    assert "识别出 12 张表：" in data["report"]["lines"]


def test_each_finding_is_highlighted_on_its_rendered_page(checked: dict[str, Any]) -> None:
    """share.E001 quotes "因公出国（境）费支出110万元，占“三公”经费的18.85%": its box is the printed line
    that holds 18.85 on page 22, and on the rendered page that box holds ink."""
    client: TestClient = checked["client"]
    data = client.get(f"/api/check/{checked['id']}").json()
    share = next(f for f in data["findings"] if f["rule"] == "share.E001" and "18.85" in f["message"])
    assert share["page"] == 22 and share["file_index"] == 0
    assert share["provenance"]["file"] == "2017年省检察院部门预算.pdf"
    x0, top, x1, bottom = share["provenance"]["bbox"]
    size = data["files"][0]["geometry"]["22"]
    assert 0 < x0 < x1 <= size["width"] and 0 < top < bottom <= size["height"]
    assert 8 <= bottom - top <= 30  # one printed line
    image = client.get(share["image"])
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    picture = Image.open(io.BytesIO(image.content)).convert("L")
    scale = picture.width / size["width"]
    assert picture.width == round(size["width"] * MAX_SCALE)
    inside = picture.crop((int(x0 * scale), int(top * scale), int(x1 * scale), int(bottom * scale)))
    dark = sum(inside.histogram()[:128])
    assert dark > 0.03 * inside.width * inside.height  # text under the box
    assert picture.crop((0, 0, picture.width, 10)).getextrema()[0] > 200  # the top margin is blank
    # the result page places the box on the image, in percentages of the page
    left = (x0 - size["dx"] - 2) / size["width"] * 100
    html = client.get(checked["location"]).text
    assert f'class="box" style="left:{left:.2f}%' in html
    # the image is drawn once and kept with the upload
    assert (checked["data_dir"] / "uploads" / checked["id"] / "pages" / "1-22.png").is_file()


def test_the_page_view_lists_the_findings_on_its_page(checked: dict[str, Any]) -> None:
    client: TestClient = checked["client"]
    data = client.get(f"/api/check/{checked['id']}").json()
    on_22 = sorted(f["id"] for f in data["findings"] if f["page"] == 22)
    assert len(on_22) == 4
    view = client.get(f"/check/{checked['id']}/page/0/22")
    assert view.status_code == 200
    assert "本页的问题（4）" in view.text
    assert (
        sorted(int(i) for i in re.findall(r'<article class="finding[^"]*" id="finding-(\d+)"', view.text))
        == on_22
    )
    assert len(re.findall(r'<a class="box box-error"', view.text)) == 4
    assert client.get(f"/check/{checked['id']}/page/0/26").status_code == 404  # 25 pages
    assert client.get(f"/check/{checked['id']}/image/1/1.png").status_code == 404  # one file


def test_uploads_are_stored_under_a_random_id_not_the_users_name(checked: dict[str, Any]) -> None:
    folder = checked["data_dir"] / "uploads" / checked["id"]
    assert len(checked["id"]) >= 32
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["1.pdf", "pages", "result.json", "upload.json"]
    assert (folder / "1.pdf").read_bytes() == JIANGSU.read_bytes()
    assert json.loads((folder / "upload.json").read_text(encoding="utf-8"))["files"] == [
        "2017年省检察院部门预算.pdf"
    ]


def test_a_result_is_not_listed_to_anyone_else(checked: dict[str, Any]) -> None:
    owner: TestClient = checked["client"]
    assert f"/check/{checked['id']}" in owner.get("/check").text  # the session's own recent checks
    stranger = client_for(checked["data_dir"])
    assert checked["id"] not in stranger.get("/check").text
    assert checked["id"] not in stranger.get("/").text
    assert stranger.get("/check/" + "A" * 32).status_code == 404
    assert stranger.get("/api/check/..%2F..%2Fsecret.key").status_code == 404


def test_several_files_are_read_as_one_publication(tmp_path: Path) -> None:
    client = client_for(tmp_path)
    answer = post(client, ("说明.pdf", JIANGSU.read_bytes()), ("表格.pdf", FRAMED.read_bytes()), api=True)
    assert answer.status_code == 201, answer.text
    data = answer.json()
    assert [(f["name"], f["pages"]) for f in data["files"]] == [("说明.pdf", 25), ("表格.pdf", 1)]
    assert data["facts"]["unit"] == "江苏省人民检察院"
    assert {f["provenance"]["file"] for f in data["findings"] if f["provenance"]} <= {"说明.pdf", "表格.pdf"}
    assert data["url"] == f"/check/{data['id']}"
    assert [p.name for p in (tmp_path / "uploads" / data["id"]).iterdir() if p.suffix == ".pdf"] in (
        ["1.pdf", "2.pdf"],
        ["2.pdf", "1.pdf"],
    )


def test_a_file_without_pages_shows_its_quote_and_cell(tmp_path: Path) -> None:
    """An HTML table whose row does not add up: the finding names the table, row and column, and
    the cell's place in the file; there is no page image."""
    broken = HTML.read_text(encoding="utf-8").replace("<td>900.00</td>", "<td>910.00</td>")
    client = client_for(tmp_path)
    answer = post(client, ("unit.html", broken.encode("utf-8")))
    assert answer.status_code == 303
    page = client.get(answer.headers["location"]).text
    assert "<img" not in page and "HTML 文件没有页面图片" in page
    assert "表“单位支出总体情况表”，“2050203 初中教育”行，“合计”栏" in page
    assert "表中第 4 行第 5 列" in page


def test_a_wrong_type_is_refused_in_chinese_and_nothing_is_kept(tmp_path: Path) -> None:
    client = client_for(tmp_path)
    picture = io.BytesIO()
    Image.new("RGB", (8, 8)).save(picture, format="PNG")
    answer = post(client, ("预算.pdf", picture.getvalue()))
    assert answer.status_code == 400
    assert "无法识别的文件格式（不是文本、HTML、DOCX、XLSX 或 PDF）：预算.pdf" in answer.text
    assert 'role="alert"' in answer.text
    assert "Traceback" not in answer.text and "/uploads/" not in answer.text  # no server path
    api = post(client, ("a.zip", _zip({"a.txt": b"hello"})), api=True)
    assert api.status_code == 400
    assert api.json() == {"detail": "这是一个 ZIP 压缩包，但不是 DOCX 或 XLSX 文件：a.zip"}
    assert post(client, api=True).status_code == 400  # no file at all
    assert stored(tmp_path) == []


def test_a_file_over_the_readers_size_limit_is_refused_before_it_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("yusuan.read.limits.DEFAULT_MAX_BYTES", 10 * 1024)
    client = client_for(tmp_path)
    answer = post(client, ("framed.pdf", FRAMED.read_bytes()))
    assert answer.status_code == 413
    assert "文件过大（" in answer.text and "上限 10.0 KB），未读取：framed.pdf" in answer.text
    assert stored(tmp_path) == []


def test_a_zip_bomb_is_refused_by_the_readers_unpacked_limit(tmp_path: Path) -> None:
    """A DOCX of 150 KB whose text unpacks to 129 MB: refused in the child, 413, nothing kept."""
    from yusuan.read.limits import MAX_XML_UNPACKED

    body = b"<w:document/>" + b" " * (MAX_XML_UNPACKED + 1024 * 1024)
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": body})
    assert len(bomb) < 1024 * 1024
    client = client_for(tmp_path)
    answer = post(client, ("bomb.docx", bomb), api=True)
    assert answer.status_code == 413
    assert re.fullmatch(
        r"DOCX 文件的正文解压后过大（.*，上限 128.0 MB），未读取：bomb.docx", answer.json()["detail"]
    )
    assert stored(tmp_path) == []


def test_without_the_csrf_token_nothing_is_checked(tmp_path: Path) -> None:
    client = client_for(tmp_path)
    client.get("/check")  # a session, but no token sent
    form = post(client, ("a.pdf", FRAMED.read_bytes()), csrf=False)
    api = post(client, ("a.pdf", FRAMED.read_bytes()), api=True, csrf=False)
    assert form.status_code == 403 and api.status_code == 403
    assert "CSRF" in form.json()["detail"]
    assert stored(tmp_path) == []


def test_uploads_older_than_a_day_are_removed_on_the_next_upload(tmp_path: Path) -> None:
    old = tmp_path / "uploads" / ("o" * 32)
    young = tmp_path / "uploads" / ("y" * 32)
    for folder, age in ((old, 25 * 3600), (young, 3600)):
        folder.mkdir(parents=True)
        (folder / uploads.META).write_text(json.dumps({"created": time.time() - age, "files": []}))
    client = client_for(tmp_path)
    assert post(client, ("x.bin", b"\x00\x01\x02" * 100)).status_code == 400
    assert not old.exists() and young.exists()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()
