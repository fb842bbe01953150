"""The DOCX as an office suite lays it out: converted to PDF by LibreOffice, read back with pdftotext.

Skipped where LibreOffice (``soffice``) or pdftotext is not installed; scripts/setup.sh installs both
(Debian: libreoffice-writer-nogui, poppler-utils), so CI runs these tests.
"""

from __future__ import annotations

import collections
import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.budgetfile import load_budget
from yusuan.generate import build_document
from yusuan.layout import load_layout
from yusuan.model.document import Document
from yusuan.render.docx import render_docx
from yusuan.render.typeset import fontconfig_aliases

from conftest import FICTIONAL, KORLA

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")

pytestmark = pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="LibreOffice (soffice) 或 pdftotext 未安装：跳过 DOCX 经 LibreOffice 转换后的版面检查"
    "（scripts/setup.sh 会安装 libreoffice-writer-nogui 和 poppler-utils）",
)


def docx_pages(document: Document, directory: Path) -> list[str]:
    """The document as DOCX, converted to PDF by LibreOffice; the text of each page (pdftotext -layout)."""
    assert SOFFICE is not None and PDFTOTEXT is not None
    directory.mkdir(parents=True, exist_ok=True)
    source = directory / "doc.docx"
    render_docx(document, source)
    fonts = directory / "fonts.conf"
    fonts.write_text(fontconfig_aliases(), encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(fonts), HOME=str(directory))
    profile = (directory / "profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(directory), str(source)],
        check=True, capture_output=True, timeout=300, env=env,
    )  # fmt: skip
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(directory / "doc.pdf"), "-"],
        check=True, capture_output=True, text=True, timeout=60,
    ).stdout  # fmt: skip
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def split_amounts(document: Document, text: str) -> dict[str, tuple[int, int]]:
    """Amounts of the document's tables that the text shows fewer times than the tables print them
    (amount: (printed, found)); an amount broken across two lines is not found whole."""
    printed = collections.Counter(
        cell.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        if cell.value is not None and cell.text
    )
    missing = {}
    for amount, count in printed.items():
        found = len(re.findall(rf"(?<![\d.,]){re.escape(amount)}(?![\d.,])", text))
        if found < count:
            missing[amount] = (count, found)
    return missing


@pytest.fixture(scope="module")
def korla() -> Document:
    return build_document(load_budget(KORLA), load_layout("xinjiang-2024-unit"))


@pytest.fixture(scope="module")
def korla_pages(korla: Document, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return docx_pages(korla, tmp_path_factory.mktemp("lo-korla"))


def test_the_split_check_finds_a_broken_amount(korla: Document) -> None:
    printed = [
        c.text for t in korla.tables for r in t.rows for c in r.cells if c.value is not None and c.text
    ]
    amount = next(text for text in printed if "." in text)
    whole, part = amount.split(".")
    others = "\n".join(text for text in printed if text != amount)
    assert split_amounts(korla, others + f"\n{amount} " * printed.count(amount)) == {}
    assert split_amounts(korla, others + f"\n{whole}.\n{part}" * printed.count(amount)) == {
        amount: (printed.count(amount), 0)
    }


def test_no_amount_split_across_lines(korla: Document, korla_pages: list[str]) -> None:
    assert split_amounts(korla, "\n".join(korla_pages)) == {}


@pytest.mark.parametrize(
    ("source", "layout"), [(KORLA, "shanghai-2023-dept"), (FICTIONAL, "xinjiang-2024-unit")]
)
def test_no_amount_split_in_other_layouts(source: Path, layout: str, tmp_path: Path) -> None:
    document = build_document(load_budget(source), load_layout(layout))
    assert split_amounts(document, "\n".join(docx_pages(document, tmp_path))) == {}


def test_cover_alone_on_the_first_page_without_a_page_number(korla_pages: list[str]) -> None:
    lines = [squash(line) for line in korla_pages[0].splitlines() if line.strip()]
    assert lines == ["库尔勒经济技术开发区管理委员会党政办公室", "2024年单位预算公开", "2024年2月8日"]
    assert squash(korla_pages[1]).startswith("目录")


def test_contents_have_the_page_numbers_of_their_headings(korla: Document, korla_pages: list[str]) -> None:
    entries: dict[str, int] = {}
    for page in korla_pages[1:4]:
        for line in page.splitlines():
            match = re.match(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$", line)
            if match:
                entries[squash(match.group(1))] = int(match.group(2))
    parts = [part.heading for part in korla.parts if part.heading]
    assert [squash(heading) in entries for heading in parts] == [True] * len(parts)
    for heading in parts:
        number = entries[squash(heading)]
        # the page LibreOffice numbered so (its footer "— N —") begins with that heading
        page = next(p for p in korla_pages if re.search(rf"—\s*{number}\s*—\s*$", p.strip()))
        assert squash(page).startswith(squash(heading)[:12]), (heading, number)
    assert "单位整体绩效目标表" in entries


def test_performance_tables_and_charts(korla: Document, korla_pages: list[str]) -> None:
    body = squash("".join(korla_pages[4:]))
    totals = [
        sum((row.weight for row in table.indicators if row.weight is not None), Decimal(0))
        for table in korla.performance
    ]
    assert body.count("分值合计") == len(totals)
    for total in set(totals):
        assert body.count(f"分值合计{total.normalize():f}") == totals.count(total)
    for number, chart in enumerate(korla.charts, start=1):
        assert body.count(f"图{number}{chart.title}") == 1
    assert body.count(f"图{len(korla.charts) + 1}") == 0
