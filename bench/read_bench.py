"""Benchmark: reading documents, against the underlying library's raw extraction in the same run.

    .venv/bin/python bench/read_bench.py [--repeat 3]
    .venv/bin/python bench/read_bench.py --corpus [--plumber-pages N] [--only FOLDER]

``--corpus``: every PDF of the development corpus, per folder and in all: yusuan's reading per
page (``read_pdf``: pypdfium2 with pdfplumber's table finder) as a ratio to pypdfium2's raw text
extraction (open, load each page, ``get_text_range``) and to pdfplumber's raw extraction
(``extract_text`` per page; on the first N pages of each file with ``--plumber-pages N``, as it
takes minutes), all measured in the same run, one process, one run each.

- PDF: yusuan's reading per page vs pdfplumber's raw ``extract_text`` per page, on the two real
  samples (Shanghai 2023, 35 pages; Jiangsu 2017, 25 pages) and on yusuan's own PDF.
- DOCX / XLSX / HTML / text: a whole document vs the library's raw pass (python-docx paragraphs and
  tables, openpyxl cell values, html.parser, reading the text file), on yusuan's own outputs and
  on the seed.
Each figure is the best of N runs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import pdfplumber  # noqa: E402

from yusuan.budgetfile import load_budget  # noqa: E402
from yusuan.compute import compute  # noqa: E402
from yusuan.generate import build_document  # noqa: E402
from yusuan.layout import load_layout  # noqa: E402
from yusuan.read.reader import read_document  # noqa: E402
from yusuan.render.output import write_outputs  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "read"


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def raw_pdf(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def raw_docx(path: Path) -> None:
    import docx

    document = docx.Document(str(path))
    _ = [p.text for p in document.paragraphs]
    _ = [cell.text for table in document.tables for row in table.rows for cell in row.cells]


def raw_xlsx(path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path, data_only=True)
    _ = [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def raw_html(path: Path) -> None:
    HTMLParser().feed(path.read_text(encoding="utf-8"))


def raw_text(path: Path) -> None:
    path.read_text(encoding="utf-8").splitlines()


RAW = {".pdf": raw_pdf, ".docx": raw_docx, ".xlsx": raw_xlsx, ".html": raw_html, ".txt": raw_text}


def raw_pdfium(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    count = len(pdf)
    for index in range(count):
        page = pdf[index]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()
    return count


def raw_plumber(path: Path, limit: int | None) -> int:
    with pdfplumber.open(path) as pdf:
        pages = pdf.pages[:limit] if limit else pdf.pages
        for page in pages:
            page.extract_text()
            page.close()
        return len(pages)


def timed(run: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = run()
    return time.perf_counter() - started, value


def corpus(limit: int | None, only: str | None) -> None:
    from yusuan.read.formats.pdf import read_pdf

    root = ROOT.parent / "shared" / "corpus"
    folders = sorted(p for p in root.iterdir() if p.is_dir() and (not only or p.name == only))
    print("seconds per page; ratio = yusuan / raw, same files, same run")
    header = f"{'folder':18} {'files':>5} {'pages':>5} {'yusuan':>8} {'pdfium':>8} {'×pdfium':>8} {'plumber':>8} {'×plumber':>8}"
    print(header)
    totals = [0, 0, 0.0, 0.0, 0.0, 0]

    def line(
        name: str, files: int, pages: int, ours: float, fast: float, slow: float, slow_pages: int
    ) -> None:
        plumber = slow / slow_pages if slow_pages else float("nan")
        print(
            f"{name:18} {files:5} {pages:5} {ours / pages:8.4f} {fast / pages:8.4f} {ours / fast:8.1f}"
            f" {plumber:8.4f} {ours / pages / plumber:8.2f}"
        )

    for folder in folders:
        files = sorted(folder.glob("*.pdf"))
        pages = 0
        ours = fast = slow = 0.0
        slow_pages = 0
        for path in files:
            seconds, count = timed(lambda path=path: raw_pdfium(path))
            fast += seconds
            pages += int(count)  # type: ignore[call-overload]
            ours += timed(lambda path=path: read_pdf(path))[0]
            seconds, count = timed(lambda path=path: raw_plumber(path, limit))
            slow += seconds
            slow_pages += int(count)  # type: ignore[call-overload]
        line(folder.name, len(files), pages, ours, fast, slow, slow_pages)
        for i, value in enumerate((len(files), pages, ours, fast, slow, slow_pages)):
            totals[i] += value
    line("all", *totals)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", action="store_true")
    parser.add_argument("--plumber-pages", type=int, default=None)
    parser.add_argument("--only")
    args = parser.parse_args()
    if args.corpus:
        corpus(args.plumber_pages, args.only)
        return
    repeat = args.repeat
    work = Path(tempfile.mkdtemp(prefix="yusuan-read-bench-"))
    budget = load_budget(ROOT / "examples" / "korla-2024")
    document = build_document(budget, load_layout("xinjiang-2024-unit"), compute(budget))
    own = {w.format: w.path for w in write_outputs(document, work, ["pdf", "docx", "xlsx", "html"])}
    inputs = [
        ("Shanghai 2023 PDF", FIXTURES / "shanghai-putuo-wanli-subdistrict-2023-dept-budget.pdf"),
        ("Jiangsu 2017 PDF", FIXTURES / "jiangsu-procuratorate-2017-dept-budget.pdf"),
        ("yusuan PDF", own["pdf"]),
        ("yusuan DOCX", own["docx"]),
        ("yusuan XLSX", own["xlsx"]),
        ("yusuan HTML", own["html"]),
        ("seed text", FIXTURES / "korla-2024-unit-budget-seed.txt"),
    ]
    print(f"best of {repeat} runs; ratio = yusuan read / raw library extraction, same file, same run")
    print(f"{'document':20} {'pages':>5} {'yusuan s':>9} {'raw s':>8} {'per page':>9} {'ratio':>6}")
    for label, path in inputs:
        pages = None
        if path.suffix == ".pdf":
            with pdfplumber.open(path) as pdf:
                pages = len(pdf.pages)
        ours = best(lambda path=path: read_document(path), repeat)
        raw = best(lambda path=path: RAW[path.suffix](path), repeat)
        per_page = f"{ours / pages:8.3f}s" if pages else "        -"
        print(f"{label:20} {pages or '-':>5} {ours:9.3f} {raw:8.3f} {per_page} {ours / raw:6.2f}")


if __name__ == "__main__":
    main()
