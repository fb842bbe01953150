"""Benchmark: checking documents, against reading alone in the same run.

    .venv/bin/python bench/check_bench.py [--variants 1000]

- one document: checking the Korla example as generated, and the seed as read, vs reading the seed;
- throughput: N variants of the generated document (one figure changed in each, so every variant
  differs and several rules fire) checked one after another, vs reading the generated HTML N times.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from yusuan.budgetfile import load_budget  # noqa: E402
from yusuan.check.runner import check_document  # noqa: E402
from yusuan.compute import compute  # noqa: E402
from yusuan.generate import build_document  # noqa: E402
from yusuan.layout import load_layout  # noqa: E402
from yusuan.read.reader import read_document  # noqa: E402
from yusuan.render.output import write_outputs  # noqa: E402

SEED = ROOT / "tests" / "fixtures" / "read" / "korla-2024-unit-budget-seed.txt"


def timed(run, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--variants", type=int, default=1000)
    count = parser.parse_args().variants
    budget = load_budget(ROOT / "examples" / "korla-2024")
    document = build_document(budget, load_layout("xinjiang-2024-unit"), compute(budget))
    seed = read_document(SEED).document
    read_seed = timed(lambda: read_document(SEED))
    check_generated = timed(lambda: check_document(document.model_copy(deep=True)))
    check_seed = timed(lambda: check_document(seed.model_copy(deep=True)))
    print(f"read the seed:                {read_seed:.3f} s")
    print(f"check the seed (as read):     {check_seed:.3f} s  ({check_seed / read_seed:.2f} x reading it)")
    print(
        f"check the generated example:  {check_generated:.3f} s  ({check_generated / read_seed:.2f} x reading the seed)"
    )

    rng = random.Random(2024)
    figures = [
        (t, r, c)
        for t, table in enumerate(document.tables)
        for r, row in enumerate(table.rows)
        for c, cell in enumerate(row.cells)
        if cell.value is not None and cell.text
    ]
    variants = []
    for _ in range(count):
        variant = document.model_copy(deep=True)
        t, r, c = rng.choice(figures)
        cell = variant.tables[t].rows[r].cells[c]
        cell.value = (cell.value or Decimal(0)) + Decimal(rng.randint(1, 500))
        cell.text = str(cell.value)
        variants.append(variant)
    html = {w.format: w.path for w in write_outputs(document, Path(tempfile.mkdtemp()), ["html"])}["html"]
    started = time.perf_counter()
    findings = sum(len(check_document(v).findings) for v in variants)
    checking = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(count):
        read_document(html)
    reading = time.perf_counter() - started
    print(
        f"{count} variants checked in {checking:.1f} s ({count / checking:.0f} per second, {findings} findings);"
    )
    print(
        f"reading the generated HTML {count} times took {reading:.1f} s: checking / reading = {checking / reading:.2f}"
    )


if __name__ == "__main__":
    main()
