"""Benchmark: building the Korla example in each format, against baselines run in the same process.

    .venv/bin/python bench/build_bench.py [--repeat 5]

Each figure is the best of N warm runs (wall clock) and is printed with a ratio against a
baseline measured in the same run, so the ratios travel between machines while the seconds do not.
Every run renders a document it has not seen before (the unit name and one amount differ), so
typst's memoisation across runs cannot make a repeat look faster than a new unit would be:

- model   : load + compute + build the document   vs  parsing the YAML alone (ruamel)
- docx    : yusuan's DOCX                          vs  python-docx saving a blank document
- xlsx    : yusuan's XLSX                          vs  openpyxl saving a blank workbook
- html    : yusuan's HTML                          vs  serialising the document to JSON
- pdf     : yusuan's PDF (typst)                   vs  typst compiling one page of Chinese text,
                                                     and LibreOffice converting our DOCX (if installed)
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from yusuan.budgetfile import load_budget  # noqa: E402
from yusuan.compute import compute  # noqa: E402
from yusuan.generate import build_document  # noqa: E402
from yusuan.layout import load_layout  # noqa: E402
from yusuan.model.document import Document  # noqa: E402
from yusuan.render.docx import render_docx  # noqa: E402
from yusuan.render.html import render_html  # noqa: E402
from yusuan.render.pdf import render_pdf  # noqa: E402
from yusuan.render.typst_fonts import compile_typst  # noqa: E402
from yusuan.render.xlsx import render_xlsx  # noqa: E402
from yusuan.source.yamlnodes import read_yaml  # noqa: E402

EXAMPLE = ROOT / "examples" / "korla-2024"


def best(run: Callable[[int], object], repeat: int) -> tuple[float, float]:
    """Best wall-clock and CPU seconds over ``repeat`` runs, after one warm-up run."""
    run(0)
    walls, cpus = [], []
    for variant in range(1, repeat + 1):
        wall, cpu = time.perf_counter(), time.process_time()
        run(variant)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def build(variant: int = 0) -> Document:
    """The example's document; variant N renames the unit and adds N × 0.01 万元 to one subject."""
    budget = load_budget(EXAMPLE)
    if variant:
        budget.unit.name = f"{budget.unit.name}（测试{variant}）"
        budget.expenditure[0].basic += Decimal(variant) / 100
    return build_document(budget, load_layout(budget.layout or "xinjiang-2024-unit"), compute(budget))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    work = Path(tempfile.mkdtemp(prefix="yusuan-bench-"))
    documents = {variant: build(variant) for variant in range(repeat + 1)}

    def blank_docx(_: int) -> None:
        import docx

        docx.Document().save(io.BytesIO())

    def blank_xlsx(_: int) -> None:
        from openpyxl import Workbook

        Workbook().save(io.BytesIO())

    one_page = '#set text(font: "Noto Serif CJK SC", lang: "zh")\n= 预算公开\n一般公共预算拨款1307.84万元。'
    rows: list[tuple[str, tuple[float, float], str, tuple[float, float]]] = [
        (
            "model",
            best(build, repeat),
            "YAML parse",
            best(lambda _: [read_yaml(p) for p in EXAMPLE.glob("*.yaml")], repeat),
        ),
        (
            "docx",
            best(lambda v: render_docx(documents[v], work / "k.docx"), repeat),
            "blank python-docx",
            best(blank_docx, repeat),
        ),
        (
            "xlsx",
            best(lambda v: render_xlsx(documents[v], work / "k.xlsx"), repeat),
            "blank openpyxl",
            best(blank_xlsx, repeat),
        ),
        (
            "html",
            best(lambda v: render_html(documents[v]), repeat),
            "document JSON",
            best(lambda v: documents[v].model_dump_json(), repeat),
        ),
        (
            "pdf",
            best(lambda v: render_pdf(documents[v], work / "k.pdf"), repeat),
            "typst one page",
            best(lambda v: compile_typst(one_page + str(v)), repeat),
        ),
    ]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:

        def libreoffice(_: int) -> None:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{work}/lo",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(work / "lo-out"),
                    str(work / "k.docx"),
                ],
                check=True,
                capture_output=True,
            )

        rows.append(("pdf", rows[-1][1], "LibreOffice docx->pdf", best(libreoffice, max(1, repeat // 2))))
    print(f"Korla example, best of {repeat} warm runs (wall / CPU seconds); ratio = yusuan / baseline (wall)")
    print(f"{'step':6} {'yusuan':>16}   {'baseline':24} {'baseline time':>16}  {'ratio':>7}")
    for step, (wall, cpu), base, (bwall, bcpu) in rows:
        print(
            f"{step:6} {wall:7.3f} / {cpu:6.3f}   {base:24} {bwall:7.3f} / {bcpu:6.3f}  {wall / bwall:7.2f}"
        )
    total_wall = sum(r[1][0] for r in rows[:5])
    total_cpu = sum(r[1][1] for r in rows[:5])
    print(f"all four formats plus the model: {total_wall:.3f} s wall, {total_cpu:.3f} s CPU")
    print(json.dumps({"work_dir": str(work)}))


if __name__ == "__main__":
    main()
