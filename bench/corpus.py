"""Read and check every document of the development corpus; regenerate docs/corpus.md.

    .venv/bin/python bench/corpus.py [--corpus FOLDER] [--jobs 2] [--only FOLDER]
                                     [--json bench/out/corpus.json] [--no-markdown]

One publication is one document: where a department published its text and its tables as two
files (…-text.pdf and …-tables.pdf) they are read together, as ``yusuan check TEXT TABLES`` does.
Each document is read and checked in a worker process of its own, so that a crash or a limit in
one is that document's result and the others go on. The per-document results go to a JSON file
(for comparing two runs: ``--compare OLD.json``) and to docs/corpus.md, totals at the top.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "corpus"))
sys.path.insert(0, str(ROOT / "tests"))

from corpusdir import CORPUS as DEFAULT_CORPUS  # noqa: E402  (the one place the corpus is found)


def publications(corpus: Path, only: str | None = None) -> list[list[Path]]:
    """The corpus's documents, each a list of its files (text first), in folder and name order."""
    from yusuan.batch.inputs import pair_parts

    out: list[list[Path]] = []
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        if only and folder.name != only:
            continue
        out += [list(files) for files in pair_parts(sorted(folder.glob("*.pdf")))]
    return out


def _keys(corpus: Path) -> dict[tuple[str, ...], Path]:
    """The keys (tests/corpus/keys) by the corpus files they describe."""
    from keycheck import keys, load_yaml

    out = {}
    for path in keys():
        files = tuple(str((corpus / name).resolve()) for name in load_yaml(path)["files"])
        out[files] = path
    return out


def _one(files: list[str], key_path: str | None = None) -> dict[str, Any]:
    """Read and check one publication (runs in a worker); compare with its key, if any."""
    from yusuan.check.runner import check_document
    from yusuan.read.reader import read_publication

    started = time.perf_counter()
    entry: dict[str, Any] = {"files": files}
    try:
        result = read_publication([Path(f) for f in files])
        read_seconds = time.perf_counter() - started
        report = check_document(result.document)
        document = result.document
        entry.update(
            {
                "year": document.year,
                "stage": document.stage,
                "scope": document.scope,
                "coverage": document.coverage,
                "unit": document.unit_name,
                "title": document.title,
                "evidence": document.evidence,
                "layout": document.layout,
                "layout_fit": str(document.layout_fit),
                "pages": result.report.pages,
                "tables": [
                    {
                        "key": t.key,
                        "title": t.title,
                        "identified_by": t.identified_by,
                        "rows": len(t.rows),
                        "total": str(total) if (total := grand_total(t)) is not None else None,
                    }
                    for t in document.tables
                ],
                "sections": result.report.sections,
                "claims": result.report.claims,
                "counts": report.counts(),
                "findings": [
                    {"rule": f.rule, "severity": f.severity.value, "message": f.message, "where": f.where()}
                    for f in report.findings
                ],
                "failed_rules": report.failed_rules,
                "read_seconds": round(read_seconds, 2),
            }
        )
        if key_path is not None:
            from keycheck import evaluate, key_id, load_yaml, pending

            outcome = evaluate(load_yaml(Path(key_path)), document, report)
            known = pending().get(key_id(Path(key_path)), {})
            entry["key"] = {
                "id": key_id(Path(key_path)),
                "failures": outcome.failures,
                "new": [f for f in outcome.failures if f not in known],
                "fixed": [f for f in known if f not in outcome.failures],
                "sections": [outcome.sections_found, outcome.sections_keyed],
            }
    except Exception as exc:  # a document's failure is its result
        entry["error"] = f"{type(exc).__name__}: {exc}"
        entry["traceback"] = traceback.format_exc(limit=6)
    entry["seconds"] = round(time.perf_counter() - started, 2)
    return entry


def grand_total(table: Any) -> Any:
    from yusuan.check.context import grand_total as total

    return total(table)


def _one_item(item: tuple[list[str], str | None]) -> dict[str, Any]:
    return _one(*item)


def run(docs: list[list[Path]], jobs: int, keyed: dict[tuple[str, ...], Path]) -> list[dict[str, Any]]:
    from yusuan.batch.pool import Pool

    results: dict[int, dict[str, Any]] = {}
    items = []
    for files in docs:
        key = keyed.get(tuple(str(f.resolve()) for f in files))
        items.append(([str(f) for f in files], str(key) if key else None))
    # The supervisor, not ProcessPoolExecutor: a worker that dies (memory, a signal) is that
    # document's result, and the others go on.
    for done, outcome in enumerate(Pool(_one_item, jobs).map(items), 1):
        index = outcome.index
        if outcome.failure is None:
            results[index] = outcome.value
        else:
            results[index] = {"files": items[index][0], "error": f"worker: {outcome.message}"}
        entry = results[index]
        name = Path(entry["files"][0]).name
        state = entry.get("error") or " ".join(f"{k}{v}" for k, v in entry["counts"].items())
        if "key" in entry:
            state += f" key: {len(entry['key']['failures'])} off ({len(entry['key']['new'])} new)"
        print(f"[{done}/{len(docs)}] {name}: {state} ({entry.get('seconds', '?')} s)", flush=True)
    return [results[i] for i in range(len(docs))]


def _rel(path: str, corpus: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(corpus.resolve()))
    except ValueError:
        return path


def totals(entries: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [e for e in entries if "error" not in e]
    severity: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    for entry in ok:
        severity.update(entry["counts"])
        rules.update(f["rule"] for f in entry["findings"] if f["severity"] != "notice")
    return {
        "documents": len(entries),
        "failed": len(entries) - len(ok),
        "pages": sum(e.get("pages") or 0 for e in ok),
        "with_layout": sum(1 for e in ok if e["layout"] != "unknown"),
        "year_read": sum(1 for e in ok if e["year"]),
        "tables": sum(len(e["tables"]) for e in ok),
        "sections": sum(len(e["sections"]) for e in ok),
        "claims": sum(e["claims"] for e in ok),
        "severity": dict(severity),
        "rules": dict(rules.most_common()),
        "seconds": round(sum(e.get("seconds") or 0 for e in entries), 1),
    }


def markdown(entries: list[dict[str, Any]], corpus: Path) -> str:
    t = totals(entries)
    sev = t["severity"]
    lines = [
        "# The development corpus, read and checked",
        "",
        "Generated by `bench/corpus.py` (do not edit by hand): every document of the corpus",
        "read and checked with the defaults of `yusuan check`. A document published as two files",
        "(text and tables) is one row. *fit* is how sure the layout choice is (0–1; below 0.5 the",
        "document is read in the unknown-layout mode and only layout-free rules run). Tables: how",
        "each was identified — T a layout's title, H confirmed by the header, K the genre's title words",
        "(layout/genre.yaml), S shape; findings on K and S tables are at most notices.",
        "",
        "## Totals",
        "",
        f"- documents: {t['documents']} ({t['failed']} failed to read), pages: {t['pages']}",
        f"- year read: {t['year_read']}; with a layout: {t['with_layout']}",
        f"- tables: {t['tables']}, sections: {t['sections']}, claims: {t['claims']}",
        f"- findings: {sev.get('error', 0)} errors, {sev.get('warning', 0)} warnings,"
        f" {sev.get('notice', 0)} notices",
        f"- time: {t['seconds']} s in all (reading and checking, one process per document)",
        "",
        "Errors and warnings by rule: "
        + (", ".join(f"`{rule}` {count}" for rule, count in t["rules"].items()) or "none"),
        "",
        "## Documents",
        "",
        "| document | year | kind | scope | unit | layout (fit) | tables | sections | claims | E/W/N | s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for entry in entries:
        name = " + ".join(_rel(f, corpus) for f in entry["files"])
        if "error" in entry:
            lines.append(f"| {name} | | | | | | | | | {entry['error'][:80]} | {entry.get('seconds', '')} |")
            continue
        marks = Counter(
            "".join(
                sorted(
                    {"title": "T", "header": "H", "keyword": "K", "shape": "S"}.get(p, "")
                    for p in way.split("+")
                )
            )
            for way in (tb["identified_by"] for tb in entry["tables"])
        )
        tables = f"{len(entry['tables'])} (" + " ".join(f"{k}{v}" for k, v in sorted(marks.items())) + ")"
        c = entry["counts"]
        scope = entry["scope"] + (f"/{entry['coverage']}" if entry.get("coverage") else "")
        lines.append(
            f"| {name} | {entry['year'] or '?'} | {entry['stage']} | {scope or '?'} | {entry['unit'] or '?'}"
            f" | {entry['layout']} ({entry['layout_fit']}) | {tables} | {len(entry['sections'])}"
            f" | {entry['claims']} | {c.get('error', 0)}/{c.get('warning', 0)}/{c.get('notice', 0)}"
            f" | {entry['seconds']} |"
        )
    return "\n".join(lines) + "\n"


def compare(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> None:
    before, after = totals(old), totals(new)
    for key in ("documents", "failed", "with_layout", "year_read", "tables", "sections", "claims"):
        print(f"{key}: {before[key]} -> {after[key]}")
    for sev in ("error", "warning", "notice"):
        print(f"{sev}: {before['severity'].get(sev, 0)} -> {after['severity'].get(sev, 0)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", help="one folder of the corpus")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "out" / "corpus.json")
    parser.add_argument("--compare", type=Path, help="an earlier --json file: print totals before and after")
    parser.add_argument("--no-markdown", action="store_true", help="do not rewrite docs/corpus.md")
    parser.add_argument("--keyed", action="store_true", help="only the documents that have a key")
    parser.add_argument(
        "--markdown-from", type=Path, help="rewrite docs/corpus.md from an earlier --json file"
    )
    args = parser.parse_args()
    if args.markdown_from is not None:
        entries = json.loads(args.markdown_from.read_text(encoding="utf-8"))
        (ROOT / "docs" / "corpus.md").write_text(markdown(entries, args.corpus), encoding="utf-8")
        return
    if not args.corpus.is_dir():
        print(f"没有找到语料库 {args.corpus}：跳过", file=sys.stderr)
        return
    keyed = _keys(args.corpus)
    docs = publications(args.corpus, args.only)
    if args.keyed:
        docs = [d for d in docs if tuple(str(f.resolve()) for f in d) in keyed]
    entries = run(docs, args.jobs, keyed)
    for entry in entries:
        if entry.get("key", {}).get("new") or entry.get("key", {}).get("fixed"):
            print(entry["key"]["id"], "new:", entry["key"]["new"], "fixed:", entry["key"]["fixed"])
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.compare and args.compare.is_file():
        compare(json.loads(args.compare.read_text(encoding="utf-8")), entries)
    if not args.no_markdown and not args.only and not args.keyed:
        (ROOT / "docs" / "corpus.md").write_text(markdown(entries, args.corpus), encoding="utf-8")
    t = totals(entries)
    print(json.dumps({k: v for k, v in t.items() if k != "rules"}, ensure_ascii=False))


if __name__ == "__main__":
    main()
