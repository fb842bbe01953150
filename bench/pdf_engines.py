"""Read every PDF both ways (pypdfium2 and pdfplumber) and compare what the reader builds.

    .venv/bin/python bench/pdf_engines.py dump --engine pdfium|pdfplumber --out DIR [--jobs 2] [--only TEXT]
    .venv/bin/python bench/pdf_engines.py compare DIR_A DIR_B [--show N] [--exact]
    .venv/bin/python bench/pdf_engines.py digest DIR      # DIR: a pdfplumber dump

``dump`` writes, per PDF of the corpus and of tests/fixtures, the reader's stream in the plain form
of tests/corpus/engines.py (about 12 minutes with pdfplumber on two cores, 25 seconds with
pdfium). ``compare`` lists the documents and pages where two dumps differ (white space aside,
unless ``--exact``), with the first differing blocks. ``digest`` turns a pdfplumber dump into
tests/corpus/pdf_engines.json, which tests/corpus/test_pdf_engines.py holds the pdfium reading to.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "corpus"))
sys.path.insert(0, str(ROOT / "tests"))

from engines import DIGESTS, digest, name_of, reading, squeezed  # noqa: E402

from corpusdir import CORPUS  # noqa: E402


def pdfs() -> list[Path]:
    found = sorted((ROOT / "tests" / "fixtures").rglob("*.pdf"))
    if CORPUS.is_dir():
        found += sorted(CORPUS.glob("*/*.pdf"))
    return found


def _dump_one(args: tuple[str, str, str]) -> str:
    path, engine, out = args
    data = reading(Path(path), engine, CORPUS)
    target = Path(out) / (name_of(Path(path), CORPUS).replace("/", "__") + ".json")
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _first_difference(blocks_a: list[Any], blocks_b: list[Any]) -> str:
    for x, y in zip(blocks_a, blocks_b, strict=False):
        if squeezed([x]) != squeezed([y]):
            a, b = json.dumps(x, ensure_ascii=False), json.dumps(y, ensure_ascii=False)
            return f"\n     A {a[:400]}\n     B {b[:400]}"
    return f" {len(blocks_a)} vs {len(blocks_b)} blocks"


def compare(dir_a: Path, dir_b: Path, show: int, exact: bool) -> None:
    same = differ = 0
    for path_a in sorted(dir_a.glob("*.json")):
        path_b = dir_b / path_a.name
        if not path_b.exists():
            continue
        a = json.loads(path_a.read_text(encoding="utf-8"))
        b = json.loads(path_b.read_text(encoding="utf-8"))
        key = (lambda blocks: json.dumps(blocks, ensure_ascii=False)) if exact else squeezed
        pages = sorted(set(a["pages"]) | set(b["pages"]), key=lambda p: int(p))
        bad = [p for p in pages if key(a["pages"].get(p, [])) != key(b["pages"].get(p, []))]
        facts = [
            p
            for p in sorted(set(a["facts"]) | set(b["facts"]), key=int)
            if a["facts"].get(p) != b["facts"].get(p)
        ]
        if not bad and not facts and a.get("error") == b.get("error"):
            same += 1
            continue
        differ += 1
        print(f"== {path_a.stem}: blocks differ on pages {bad[:12]}, facts on pages {facts[:12]}")
        if a.get("error") != b.get("error"):
            print("   error:", a.get("error"), "|", b.get("error"))
        for p in bad[:show]:
            print(f"   p{p}:" + _first_difference(a["pages"].get(p, []), b["pages"].get(p, [])))
        for p in facts[:show]:
            print(f"   p{p} facts: {a['facts'].get(p)} | {b['facts'].get(p)}")
    print(f"same {same}, differ {differ}")


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    dump = sub.add_parser("dump")
    dump.add_argument("--engine", required=True, choices=("pdfium", "pdfplumber"))
    dump.add_argument("--out", required=True, type=Path)
    dump.add_argument("--jobs", type=int, default=2)
    dump.add_argument("--only", default="")
    cmp = sub.add_parser("compare")
    cmp.add_argument("a", type=Path)
    cmp.add_argument("b", type=Path)
    cmp.add_argument("--show", type=int, default=2)
    cmp.add_argument("--exact", action="store_true")
    dig = sub.add_parser("digest")
    dig.add_argument("dump", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        args.out.mkdir(parents=True, exist_ok=True)
        todo = [(str(p), args.engine, str(args.out)) for p in pdfs() if args.only in str(p)]
        with ProcessPoolExecutor(args.jobs) as pool:
            for done in pool.map(_dump_one, todo):
                print(name_of(Path(done), CORPUS), flush=True)
    elif args.command == "compare":
        compare(args.a, args.b, args.show, args.exact)
    else:
        out = {}
        for path in sorted(args.dump.glob("*.json")):
            name = path.stem.replace("__", "/")
            if name.startswith("tests/"):
                continue  # the fixtures are read both ways by the test itself
            out[name] = digest(json.loads(path.read_text(encoding="utf-8")))
        DIGESTS.write_text(
            json.dumps(out, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8"
        )
        print(f"{len(out)} documents → {DIGESTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
