"""Documents of a layout nobody has seen: each corpus document read and checked with its own
region's layout profiles removed (leave-one-region-out), to see what yusuan does with a layout it
was not built on.

    .venv/bin/python bench/holdout.py [--jobs 2] [--json bench/out/holdout.json] [--compare bench/out/sNN.json]

With ``--sibling`` (needs ``--compare``), only the profile the document was read in is hidden
(with the profiles that extend it): the document is read as next year's document of a known region,
or a 单位 budget of a region whose 部门 profile alone is known, would be — in a sibling profile.

Per document: the layout it falls back to (another region's, or the unknown-layout mode) and how
sure, and its errors and warnings. With ``--compare`` (a ``bench/corpus.py --json`` run with every
profile), each error that appears only when the region's profiles are hidden is listed: a finding
the reader makes because it guessed the layout — the kind a new region's documents would get.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import DEFAULT_CORPUS, publications  # noqa: E402

# the profiles each corpus folder was built on (a family: a profile and those that extend it)
REGION = {
    "fuzhou": "fuzhou-",
    "quanzhou": "fuzhou-",
    "huzhou": "huzhou-",
    "jiangsu-province": "jiangsu-",
    "shanghai-city": "shanghai-",
    "shanghai-putuo": "shanghai-",
    "shenzhen": "shenzhen-",
    "suzhou": "suzhou-",
    "xian": "xian-",
    "zhuhai": "zhuhai-",
}


def _one(task: tuple[list[str], str | None]) -> dict[str, Any]:
    import yusuan.layout.genre as genre
    import yusuan.layout.profile as profile
    from yusuan.check.runner import check_document
    from yusuan.read.reader import read_publication

    files, sibling_of = task
    folder = Path(files[0]).parent.name
    # the genre's table words (unknown-layout mode) borrow column specs from some profiles: they
    # stay; only the choice of a layout, and the titles known from layouts, lose the region's
    everything = dict(profile.available_layouts())
    if sibling_of is not None:
        # the profile the document was read in, and those that extend it (they need it)
        extends = re.compile(rf"^extends:\s*{re.escape(sibling_of)}\s*$", re.MULTILINE)
        gone = {sibling_of} | {k for k, text in profile._profile_files().items() if extends.search(text)}
        hidden = sibling_of

        def keep(name: str) -> bool:
            return name not in gone
    else:
        hidden = REGION.get(folder, "\0")

        def keep(name: str) -> bool:
            return not name.startswith(hidden)

    genre.available_layouts = lambda: everything  # type: ignore[attr-defined]
    original = profile._profile_files
    profile._profile_files = lambda: {k: v for k, v in original().items() if keep(k)}
    profile.available_layouts.cache_clear()
    try:
        document = read_publication([Path(f) for f in files]).document
        report = check_document(document)
    except Exception as exc:  # a document's failure is its result
        return {"files": files, "failed": f"{type(exc).__name__}: {exc}"}
    finally:
        profile._profile_files = original
        profile.available_layouts.cache_clear()
    return {
        "files": files,
        "hidden": hidden,
        "layout": document.layout,
        "layout_fit": str(getattr(document, "layout_fit", "")),
        "findings": [
            {"rule": f.rule, "severity": f.severity.value, "message": f.message} for f in report.findings
        ],
    }


def _entries(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else data.get("documents") or data.get("entries") or []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "out" / "holdout.json")
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--only")
    parser.add_argument(
        "--sibling", action="store_true", help="hide only the profile each document was read in (--compare)"
    )
    args = parser.parse_args()
    if args.sibling and not args.compare:
        parser.error("--sibling needs --compare (the run that says which profile each document was read in)")
    read_in: dict[str, str] = {}
    if args.compare:
        for entry in _entries(args.compare):
            read_in[Path(entry["files"][0]).name] = entry.get("layout") or "unknown"
    docs = [[str(p) for p in files] for files in publications(DEFAULT_CORPUS, args.only)]
    tasks: list[tuple[list[str], str | None]] = []
    for files in docs:
        layout = read_in.get(Path(files[0]).name, "unknown")
        if args.sibling and layout == "unknown":
            continue  # read in no profile: nothing to hide
        tasks.append((files, layout if args.sibling else None))
    # a fresh process per document: the layouts are looked up through caches made on first use
    with ProcessPoolExecutor(args.jobs, max_tasks_per_child=1) as pool:
        results = list(pool.map(_one, tasks))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    known: set[tuple[str, str, str]] = set()
    if args.compare:
        for entry in _entries(args.compare):
            for f in entry["findings"]:
                known.add((Path(entry["files"][0]).name, f["rule"], f["message"]))
    totals = {"error": 0, "warning": 0, "new_error": 0, "new_warning": 0}
    for result in results:
        name = Path(result["files"][0]).name
        if "failed" in result:
            print(f"{name}: FAILED {result['failed']}")
            continue
        counts = {"error": 0, "warning": 0}
        new = []
        for f in result["findings"]:
            if f["severity"] in counts:
                counts[f["severity"]] += 1
                totals[f["severity"]] += 1
                if args.compare and (name, f["rule"], f["message"]) not in known:
                    totals["new_" + f["severity"]] += 1
                    new.append(f)
        print(
            f"{name[:40]}: layout {result['layout']} ({result['layout_fit']}), errors {counts['error']}, warnings {counts['warning']}"
        )
        for f in new:
            print(f"    new {f['severity']} {f['rule']}: {f['message'][:160]}")
    print(json.dumps(totals, ensure_ascii=False))


if __name__ == "__main__":
    main()
