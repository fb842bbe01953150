"""Side-by-side page images of the example: PDF, DOCX (laid out by LibreOffice), HTML at 1280 and 390 px.

    .venv/bin/python scripts/pages.py [SOURCE] [-o docs/pages]

For each subject (the cover, a wide table, a performance table, the charts) one PNG shows the page
of the PDF, the page of the DOCX converted to PDF by LibreOffice, and the HTML page in Chromium
as a desktop (1280 px) and a phone (390 px) show it, scrolled to the same place. The images are
for a person to compare the outputs; nothing here checks them.

Needs: pdftoppm and pdftotext (poppler-utils), soffice (libreoffice-writer-nogui), Chromium
(/usr/bin/chromium) and Playwright (a dev dependency; scripts/setup.sh installs both).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from yusuan.generate import build_document
from yusuan.layout import load_layout
from yusuan.model.document import Document
from yusuan.render.docx import render_docx
from yusuan.render.html import render_html
from yusuan.render.pdf import render_pdf
from yusuan.render.typeset import fontconfig_aliases
from yusuan.source import load_budget

ROOT = Path(__file__).resolve().parent.parent
HEIGHT = 640  # every panel is scaled to this height
DESKTOP = (1280, 900)
PHONE = (390, 844)
SCROLLED = {"wide-table", "performance"}  # subjects also shown on the phone scrolled sideways
LABEL_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


@dataclass(frozen=True)
class Subject:
    name: str  # the image's file name
    label: str
    marker: str  # text of the PDF/DOCX page to show (after the contents)
    selector: str  # the HTML element to scroll to


def subjects(document: Document) -> list[Subject]:
    wide = next(t for t in document.tables if t.landscape)
    return [
        Subject("cover", "封面", document.title[:8], "header.doc-header"),
        Subject(
            "wide-table", f"宽表：{wide.title}", wide.title, f'figure.table-figure:has-text("{wide.title}")'
        ),
        Subject("performance", "绩效目标表", document.performance[0].title, "article.perf"),
        Subject("charts", "图解", "图1", "figure.chart"),
    ]


def run(*args: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, env=env, timeout=600).stdout


def page_texts(pdf: Path) -> list[str]:
    return run("pdftotext", "-layout", str(pdf), "-").split("\f")


def find_page(texts: list[str], subject: Subject) -> int:
    """The page (from 1) that shows the subject: the cover is page 1; others are after the contents."""
    if subject.name == "cover":
        return 1
    squashed = [re.sub(r"\s+", "", text) for text in texts]
    start = next(i for i, text in enumerate(squashed) if "目录" in text) + 1
    while start < len(squashed) and re.search(r"\.{6,}", texts[start]):
        start += 1  # the contents go on
    return next(i for i in range(start, len(squashed)) if subject.marker in squashed[i]) + 1


def pdf_page(pdf: Path, page: int, work: Path) -> Image.Image:
    prefix = work / f"{pdf.stem}-{page}"
    run(
        "pdftoppm",
        "-r",
        "110",
        "-f",
        str(page),
        "-l",
        str(page),
        "-png",
        "-singlefile",
        str(pdf),
        str(prefix),
    )
    return Image.open(f"{prefix}.png").convert("RGB")


def docx_as_pdf(document: Document, work: Path) -> Path:
    source = work / "docx" / "document.docx"
    source.parent.mkdir()
    render_docx(document, source)
    fonts = work / "fonts.conf"
    fonts.write_text(fontconfig_aliases(), encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(fonts), HOME=str(work))
    soffice = shutil.which("soffice") or "soffice"
    profile = (work / "lo-profile").as_uri()
    run(soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
        str(source.parent), str(source), env=env)  # fmt: skip
    return source.with_suffix(".pdf")


def html_shots(html: Path, items: list[Subject]) -> dict[tuple[str, int], Image.Image]:
    from playwright.sync_api import sync_playwright

    shots: dict[tuple[str, int], Image.Image] = {}
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable)
        for width, height in (DESKTOP, PHONE):
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
            page.goto(html.as_uri())
            for subject in items:
                top = page.eval_on_selector(subject.selector, "e => e.getBoundingClientRect().top + scrollY")
                page.evaluate(f"window.scrollTo(0, {max(0, top - 8)})")
                shots[(subject.name, width)] = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
                if width == PHONE[0] and subject.name in SCROLLED:
                    # the same place with the table scrolled sideways: the naming column stays
                    page.eval_on_selector(
                        f"{subject.selector} .table-scroll", "e => { e.scrollLeft = e.scrollWidth }"
                    )
                    shots[(subject.name, 0)] = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
            page.close()
        browser.close()
    return shots


def panel(image: Image.Image, caption: str, font: ImageFont.FreeTypeFont) -> Image.Image:
    scale = HEIGHT / image.height
    image = image.resize((max(1, round(image.width * scale)), HEIGHT), Image.Resampling.LANCZOS)
    framed = Image.new("RGB", (image.width + 2, HEIGHT + 34), "white")
    ImageDraw.Draw(framed).text((4, 4), caption, fill="#333", font=font)
    framed.paste(image, (1, 33))
    ImageDraw.Draw(framed).rectangle((0, 32, image.width + 1, HEIGHT + 33), outline="#999")
    return framed


def side_by_side(panels: list[Image.Image]) -> Image.Image:
    gap = 16
    sheet = Image.new(
        "RGB", (sum(p.width for p in panels) + gap * (len(panels) + 1), panels[0].height + 2 * gap), "#e8e8e8"
    )
    x = gap
    for item in panels:
        sheet.paste(item, (x, gap))
        x += item.width + gap
    return sheet


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default=str(ROOT / "examples" / "korla-2024"))
    parser.add_argument("--layout", default=None)
    parser.add_argument("-o", "--output", default=str(ROOT / "docs" / "pages"))
    args = parser.parse_args(argv)
    budget = load_budget(args.source)
    layout = args.layout or budget.layout
    if layout is None:
        parser.error("预算未指定版式（layout），请用 --layout 指定")
    document = build_document(budget, load_layout(layout))
    items = subjects(document)
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    font = ImageFont.truetype(LABEL_FONT, 20)
    with tempfile.TemporaryDirectory(prefix="yusuan-pages-") as name:
        work = Path(name)
        pdf = work / "document.pdf"
        render_pdf(document, pdf)
        lo_pdf = docx_as_pdf(document, work)
        html = work / "document.html"
        html.write_text(render_html(document), encoding="utf-8")
        shots = html_shots(html, items)
        pdf_texts, lo_texts = page_texts(pdf), page_texts(lo_pdf)
        for subject in items:
            pdf_number, lo_number = find_page(pdf_texts, subject), find_page(lo_texts, subject)
            panels = [
                panel(pdf_page(pdf, pdf_number, work), f"PDF 第{pdf_number}页", font),
                panel(pdf_page(lo_pdf, lo_number, work), f"DOCX（LibreOffice）第{lo_number}页", font),
                panel(shots[(subject.name, DESKTOP[0])], f"HTML {DESKTOP[0]} px", font),
                panel(shots[(subject.name, PHONE[0])], f"HTML {PHONE[0]} px", font),
            ]
            if (subject.name, 0) in shots:
                panels.append(panel(shots[(subject.name, 0)], f"HTML {PHONE[0]} px，横向滑到底", font))
            target = output / f"{subject.name}.png"
            side_by_side(panels).quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(
                target, optimize=True
            )
            print(f"{target}  {target.stat().st_size // 1024} KB  {subject.label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
