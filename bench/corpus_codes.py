"""Collect every classification code the corpus documents print in their tables, with the name
printed beside it, the document and the page; write one reference fragment per classification and
budget year (``src/yusuan/reference/data/<kind>_<year>_corpus.csv``).

    .venv/bin/python bench/corpus_cache.py read           # read the corpus once (bench/out/docs)
    .venv/bin/python bench/corpus_codes.py [--report]     # write the fragments (--report: list only)

A row is a name a document printed for a code in a budget year: evidence that the name was in use
that year, not proof that it is the official one (see ``yusuan.reference.catalog``). One row per
code, name and document, citing the corpus file and every page the name is printed on.

What is collected: the subject tables yusuan reads (their code column and the name beside it),
function codes (2xx, 3/5/7 digits) and department economic codes (3xx, 3/5 digits). What is left
out, and why:

* tables of projects and purchases (their code columns hold project or unit numbers, and the name
  beside a function code is a project's name);
* a code printed again below its own children (the remainder line, "…（未列明）");
* a 3-digit function code whose name does not end in 支出 (every 类 name does: a unit's code and
  name in a table by unit, "201 中共西安市委宣传部", is not a subject);
* names with digits (a project, not a subject) and empty names;
* a name that is the start of a longer name printed for the same code in the same year (a name cut
  short by its cell: "机关事业单位基本养老保" for 30108, xian/12 p.23, where other 2022 documents
  print "机关事业单位基本养老保险缴费"); a name followed by a bracketed qualifier is kept;
* a name that is another name of the code that year with one character glued to its front (the
  end of a name wrapped in the row above: "费职业年金缴费", xian/07 p.31);
* a code the reader composed from a 序号 it took for a 款/项 number (xian/11 p.33).

Names are stored as compared (``yusuan.check.match.norm_name``: no spaces, full-width brackets, no
trailing （类）/（款）/（项）). Where documents of one year print one code with different names,
each name is kept with its citation; ``--report`` lists them (the differences between years, and
the codes printed with more than one name in a year) for checking on the page.
"""

from __future__ import annotations

import argparse
import csv
import io
import pickle
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import DEFAULT_CORPUS, publications  # noqa: E402
from yusuan.check.context import CheckContext  # noqa: E402
from yusuan.check.match import norm_name  # noqa: E402
from yusuan.check.rules.code import printed_subjects  # noqa: E402
from yusuan.model.codes import CodeKind, parent_of  # noqa: E402
from yusuan.model.document import Document  # noqa: E402
from yusuan.reference.catalog import CORPUS_SOURCE, CSV_COLUMNS, level_number  # noqa: E402

CACHE = ROOT / "bench" / "out" / "docs"
DATA = ROOT / "src" / "yusuan" / "reference" / "data"
CORPUS_TAG = "corpus"


@dataclass(frozen=True)
class Printed:
    year: int
    kind: CodeKind
    code: str
    name: str  # as compared (norm_name)
    document: str  # folder/file, relative to the corpus
    page: int | None


def _relative(file: str | None, fallback: str, corpus: Path) -> str:
    if not file:
        return fallback
    path = Path(file)
    try:
        return str(path.resolve().relative_to(corpus.resolve()))
    except ValueError:
        return f"{path.parent.name}/{path.name}"


def printed_in(document: Document, files: list[str], corpus: Path) -> list[Printed]:
    """Every (code, name) a document prints in its subject tables, with the page."""
    ctx = CheckContext(document)
    fallback = _relative(files[-1], files[-1], corpus)
    out: list[Printed] = []
    for printed in printed_subjects(ctx):
        name = norm_name(printed.name)
        if not name or any(ch.isdigit() for ch in name):
            continue
        if printed.kind is CodeKind.FUNCTION and len(printed.code) == 3 and not name.endswith("支出"):
            continue
        _, provenance = ctx.at_cell(printed.table, printed.row, printed.column)
        file = provenance.file if provenance else None
        page = provenance.page if provenance else None
        out.append(
            Printed(document.year, printed.kind, printed.code, name, _relative(file, fallback, corpus), page)
        )
    return out


def cut_short(name: str, other: str) -> bool:
    """``name`` is ``other`` cut short by its cell ("机关事业单位基本养老保" of "机关事业单位基本养老保险
    缴费"); not a name followed by a qualifier ("行政运行" of "行政运行（人力资源和社会保障管理事务）")."""
    return other != name and other.startswith(name) and not other[len(name)].startswith("（")


def glued(name: str, other: str) -> bool:
    """``name`` is ``other`` with the last character of the cell above glued to its front: the
    reader's join of a name wrapped in the row above ("费职业年金缴费" for 30109, xian/07 p.31, where
    the row above prints "机关事业单位基本养老保险缴" + "费")."""
    return len(name) == len(other) + 1 and name[1:] == other


def without_cut_names(printed: list[Printed]) -> list[Printed]:
    """Leave out the names that are the start of a longer name printed for the same code that year,
    and the names that are another such name with a character of the row above glued to it."""
    names: dict[tuple[CodeKind, int, str], set[str]] = defaultdict(set)
    for p in printed:
        names[(p.kind, p.year, p.code)].add(p.name)
    return [
        p
        for p in printed
        if not any(cut_short(p.name, o) or glued(p.name, o) for o in names[(p.kind, p.year, p.code)])
    ]


def load_documents(corpus: Path) -> list[tuple[list[str], Document]]:
    """The read documents kept by ``bench/corpus_cache.py read``, in corpus order; every corpus
    publication must be there."""
    documents = []
    missing = []
    for files in publications(corpus):
        first = files[0]
        stem = f"{first.parent.name}__{first.stem.removesuffix('-text').removesuffix('-tables')}"
        path = CACHE / f"{stem}.pkl"
        if not path.is_file():
            missing.append(stem)
            continue
        kept_files, document = pickle.loads(path.read_bytes())
        documents.append((kept_files, document))
    if missing:
        raise SystemExit(f"not read yet (run bench/corpus_cache.py read): {', '.join(missing)}")
    return documents


def collect(corpus: Path) -> list[Printed]:
    out: list[Printed] = []
    for files, document in load_documents(corpus):
        out.extend(printed_in(document, files, corpus))
    return without_cut_names(out)


def _pages(pages: set[int | None]) -> str:
    known = sorted(p for p in pages if p is not None)
    return f"第{'、'.join(str(p) for p in known)}页" if known else "页码未读出"


def fragments(printed: list[Printed]) -> dict[tuple[CodeKind, int], str]:
    """The CSV text of each (kind, year) fragment: one row per code, name and document."""
    grouped: dict[tuple[CodeKind, int], dict[tuple[str, str, str], set[int | None]]] = defaultdict(
        lambda: defaultdict(set)
    )
    for p in printed:
        grouped[(p.kind, p.year)][(p.code, p.name, p.document)].add(p.page)
    out = {}
    for key, rows in grouped.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for (code, name, document), pages in sorted(rows.items()):
            source = f"{CORPUS_SOURCE}{document} {_pages(pages)}"
            writer.writerow([code, name, level_number(code), parent_of(code) or "", source])
        out[key] = buffer.getvalue()
    return out


def report(printed: list[Printed]) -> None:
    """Codes printed with more than one name: within a year, and between years."""
    names: dict[tuple[CodeKind, str], dict[str, dict[int, set[str]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(set))
    )
    for p in printed:
        names[(p.kind, p.code)][p.name][p.year].add(f"{p.document} p{p.page}")
    for (kind, code), by_name in sorted(names.items(), key=lambda item: (item[0][0].value, item[0][1])):
        if len(by_name) < 2:
            continue
        print(f"{kind.value} {code}")
        for name, years in sorted(by_name.items(), key=lambda item: min(item[1])):
            for year, where in sorted(years.items()):
                shown = "; ".join(sorted(where)[:3]) + (f" (+{len(where) - 3})" if len(where) > 3 else "")
                print(f"    {year} {name}  [{len(where)}] {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--report", action="store_true", help="list the differences, write nothing")
    args = parser.parse_args()
    printed = collect(args.corpus)
    if args.report:
        report(printed)
        return
    for old in DATA.glob(f"*_{CORPUS_TAG}.csv"):
        old.unlink()
    for (kind, year), text in sorted(
        fragments(printed).items(), key=lambda item: (item[0][0].value, item[0][1])
    ):
        path = DATA / f"{kind.value}_{year}_{CORPUS_TAG}.csv"
        path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {text.count(chr(10)) - 1} rows")


if __name__ == "__main__":
    main()
