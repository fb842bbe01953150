"""`yusuan build`: all four files, a summary, and no silent overwriting of edited files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from yusuan.render.output import MANIFEST, OutputError, parse_formats

from conftest import FICTIONAL, KORLA, run_cli

STEM = "库尔勒经济技术开发区管理委员会党政办公室2024年单位预算公开"


def test_parse_formats() -> None:
    assert parse_formats("pdf, DOCX,pdf") == ["pdf", "docx"]
    with pytest.raises(OutputError, match="不支持的输出格式：odt"):
        parse_formats("pdf,odt")


def test_build_writes_all_four_and_says_where(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("build", str(KORLA), "-o", str(out))
    assert code == 0, stderr
    for ext in ("docx", "pdf", "html", "xlsx"):
        path = out / f"{STEM}.{ext}"
        assert path.stat().st_size > 10_000, ext
        assert str(path) in stdout.replace("\n", "")
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    written = [f"{STEM}.{ext}" for ext in ("docx", "pdf", "html", "xlsx")]
    assert sorted(manifest["files"]) == sorted([*written, f"{STEM}-核对报告.html", f"{STEM}-核对报告.json"])
    # Building again over its own files is fine.
    code, _, stderr = run_cli("build", str(KORLA), "-o", str(out), "--format", "pdf")
    assert code == 0, stderr


def test_an_edited_file_is_not_overwritten(tmp_path: Path) -> None:
    code, _, _ = run_cli("build", str(KORLA), "-o", str(tmp_path), "--format", "html")
    assert code == 0
    page = tmp_path / f"{STEM}.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- 人工修改 -->", encoding="utf-8")
    code, _, stderr = run_cli("build", str(KORLA), "-o", str(tmp_path), "--format", "html")
    assert code == 2 and "不是 yusuan 上次生成的原样文件" in stderr and "--force" in stderr
    assert page.read_text(encoding="utf-8").endswith("<!-- 人工修改 -->")
    code, _, _ = run_cli("build", str(KORLA), "-o", str(tmp_path), "--format", "html", "--force")
    assert code == 0 and not page.read_text(encoding="utf-8").endswith("<!-- 人工修改 -->")


def test_a_foreign_file_of_the_same_name_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / f"{STEM}.xlsx").write_bytes(b"someone's own workbook")
    code, _, stderr = run_cli("build", str(KORLA), "-o", str(tmp_path), "--format", "xlsx")
    assert code == 2 and "已存在" in stderr
    assert (tmp_path / f"{STEM}.xlsx").read_bytes() == b"someone's own workbook"


@pytest.mark.parametrize("layout", ["shanghai-9", "jiangsu-12"])
def test_other_layouts_and_the_second_budget_build(tmp_path: Path, layout: str) -> None:
    for source in (KORLA, FICTIONAL):
        out = tmp_path / f"{layout}-{Path(source).stem}"
        code, stdout, stderr = run_cli("build", str(source), "-o", str(out), "--layout", layout)
        assert code == 0, stderr
        assert "已生成到" in stdout
        # four documents, the findings report (HTML, JSON), the manifest and the (empty) lock file
        assert len(list(out.glob("*.*"))) == 8 and (out / ".yusuan-build.lock").exists()


def test_build_errors_are_chinese_and_exit_2(tmp_path: Path) -> None:
    code, _, stderr = run_cli("build", str(KORLA), "-o", str(tmp_path), "--format", "odt")
    assert code == 2 and "不支持的输出格式" in stderr
    target = tmp_path / "a-file"
    target.write_text("x")
    code, _, stderr = run_cli("build", str(KORLA), "-o", str(target))
    assert code == 2 and "不是文件夹" in stderr


def test_every_format_carries_the_same_content(tmp_path: Path) -> None:
    """Each file opened with its own library: 11 tables, 12 sections, 9 performance tables, the text."""
    import re
    from html.parser import HTMLParser

    import docx
    import pdfplumber
    from openpyxl import load_workbook

    code, _, stderr = run_cli("build", str(KORLA), "-o", str(tmp_path))
    assert code == 0, stderr
    sentence = "行政单位医疗：2024年预算数为17.82万元，比上年预算减少13.18万元，下降42.52%"
    headings = [
        f"{n}、关于库尔勒" for n in ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一")
    ]

    word = docx.Document(str(tmp_path / f"{STEM}.docx"))
    paragraphs = [p.text for p in word.paragraphs]
    assert sentence in "\n".join(paragraphs)
    assert sum(any(p.startswith(h) for p in paragraphs) for h in headings) == 11
    assert any(p.startswith("十二、其他重要事项") for p in paragraphs)
    assert sum(p == "项目支出绩效目标表" for p in paragraphs) == 8

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.captions = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.captions += tag == "caption" and ("class", "visually-hidden") not in attrs

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    page = Text()
    page.feed((tmp_path / f"{STEM}.html").read_text(encoding="utf-8"))
    html_text = re.sub(r"\s+", "", "".join(page.parts))
    assert sentence in html_text and page.captions >= 11
    assert all(h in html_text for h in headings)

    book = load_workbook(tmp_path / f"{STEM}.xlsx")
    assert len([name for name in book.sheetnames if name.startswith("表")]) == 11

    with pdfplumber.open(tmp_path / f"{STEM}.pdf") as pdf:
        pdf_text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in pdf.pages))
    assert sentence in pdf_text
    assert all(h in pdf_text for h in headings)


def _korla_with_table6_off(tmp_path: Path) -> Path:
    """The example with one figure of table 6 (basic expenditure by economic class) raised by 10:
    table 6 and table 5 no longer agree."""
    import shutil

    source = tmp_path / "korla"
    shutil.copytree(KORLA, source)
    budget = source / "budget.yaml"
    text = budget.read_text(encoding="utf-8")
    line = '{code: "30101", name: 基本工资, personnel: 78.80}'
    assert text.count(line) == 1
    budget.write_text(text.replace(line, line.replace("78.80", "88.80")), encoding="utf-8")
    return source


def test_build_reports_the_findings_of_what_it_wrote(tmp_path: Path) -> None:
    source = _korla_with_table6_off(tmp_path)
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("build", str(source), "-o", str(out), "--format", "html")
    assert code == 0, stderr  # not strict: written, with a loud summary
    code_check, checked, _ = run_cli("check", str(source), "--json")
    expected = json.loads(checked)
    assert code_check == 1 and expected["counts"]["error"] == 2
    summary = stdout[stdout.index("核对：") :]
    assert summary.startswith(
        f"核对：错误 2，警告 {expected['counts']['warning']}，提示 {expected['counts']['notice']}"
    )
    assert "cross.E002" in summary and "表6 合计 1061.59万元；表5 基本支出合计 1051.59万元" in summary
    assert stdout.index("已生成到") < stdout.index("核对：")  # after the file list
    assert "文档有 2 处错误" in stdout
    # the report beside the files is the check of the same document, and the manifest knows it
    report = json.loads((out / f"{STEM}-核对报告.json").read_text(encoding="utf-8"))
    assert report["counts"] == expected["counts"]
    assert [f["rule"] for f in report["findings"]] == [f["rule"] for f in expected["findings"]]
    page = (out / f"{STEM}-核对报告.html").read_text(encoding="utf-8")
    assert "cross.E002" in page and "错误 2" in page
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(
        [f"{STEM}.html", f"{STEM}-核对报告.html", f"{STEM}-核对报告.json"]
    )


def test_strict_writes_nothing_when_there_is_an_error(tmp_path: Path) -> None:
    source = _korla_with_table6_off(tmp_path)
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("build", str(source), "-o", str(out), "--strict")
    assert code == 1 and stdout == ""
    assert "cross.E002" in stderr and "未生成任何文件" in stderr
    assert not out.exists()
    # into a folder holding an earlier build: nothing changes, no temporary is left
    code, _, stderr = run_cli("build", str(FICTIONAL), "-o", str(out), "--format", "html")
    assert code == 0, stderr
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    code, _, _ = run_cli("build", str(source), "-o", str(out), "--strict", "--format", "html")
    assert code == 1
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_strict_builds_a_document_without_errors(tmp_path: Path) -> None:
    code, stdout, stderr = run_cli(
        "build", str(FICTIONAL), "-o", str(tmp_path), "--strict", "--format", "html"
    )
    assert code == 0, stderr
    assert "核对：错误 0，警告 0，提示 0" in stdout and "注意" not in stdout
    assert len(list(tmp_path.glob("*-核对报告.*"))) == 2


def test_an_edited_findings_report_is_not_overwritten(tmp_path: Path) -> None:
    code, _, _ = run_cli("build", str(FICTIONAL), "-o", str(tmp_path), "--format", "html")
    assert code == 0
    (report,) = tmp_path.glob("*-核对报告.json")
    report.write_text("{}", encoding="utf-8")
    code, _, stderr = run_cli("build", str(FICTIONAL), "-o", str(tmp_path), "--format", "html")
    assert code == 2 and report.name in stderr and report.read_text(encoding="utf-8") == "{}"
