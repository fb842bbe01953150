"""Read the corpus once, then run rules on it in seconds: for developing and vetting a rule.

    .venv/bin/python bench/corpus_cache.py read [--jobs 2] [--only FOLDER]
    .venv/bin/python bench/corpus_cache.py check --rule text.E005 [--rule …] [--only FOLDER] [--json F]

``read`` reads every corpus publication (as ``bench/corpus.py`` does) and keeps each read document
in ``bench/out/docs/`` (pickled; remade by the next ``read``, never committed). ``check`` runs
only the rules named (ids or families) on the kept documents and prints every finding with its
document, page and message, so that each can be looked at on the page. A change to the reader
needs a new ``read``; a change to a rule does not.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import DEFAULT_CORPUS, publications  # noqa: E402

CACHE = ROOT / "bench" / "out" / "docs"


def _name(files: list[Path]) -> str:
    first = files[0]
    return f"{first.parent.name}__{first.stem.removesuffix('-text').removesuffix('-tables')}"


def _read(files: list[str]) -> tuple[str, str | None]:
    from yusuan.read.reader import read_publication

    paths = [Path(f) for f in files]
    try:
        document = read_publication(paths).document
    except Exception as exc:  # a document's failure is its result
        return _name(paths), f"{type(exc).__name__}: {exc}"
    (CACHE / f"{_name(paths)}.pkl").write_bytes(pickle.dumps((files, document)))
    return _name(paths), None


def read(corpus: Path, jobs: int, only: str | None) -> None:
    CACHE.mkdir(parents=True, exist_ok=True)
    docs = [[str(p) for p in files] for files in publications(corpus, only)]
    with ProcessPoolExecutor(jobs) as pool:
        for name, error in pool.map(_read, docs):
            print(f"{name}: {error or 'ok'}", flush=True)


def check(rules: list[str], only: str | None, json_path: Path | None) -> None:
    from yusuan.check.runner import check_document, select_rules

    wanted = select_rules(rules) if rules else None
    out = []
    for path in sorted(CACHE.glob("*.pkl")):
        if only and not path.name.startswith(f"{only}__"):
            continue
        _files, document = pickle.loads(path.read_bytes())
        report = check_document(document, only=wanted)
        for f in report.findings:
            print(f"{path.stem}  {f.rule}  {f.where()}\n    {f.message}")
            out.append({"doc": path.stem, "rule": f.rule, "where": f.where(), "message": f.message})
        for failure in report.failed_rules:
            print(f"{path.stem}  RULE FAILED  {failure}")
    print(f"{len(out)} findings")
    if json_path is not None:
        json_path.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("read", "check"))
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", help="one corpus folder")
    parser.add_argument("--rule", action="append", default=[], help="rule id or family (repeatable)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.command == "read":
        read(args.corpus, args.jobs, args.only)
    else:
        check(args.rule, args.only, args.json)


if __name__ == "__main__":
    main()
