"""The long fuzz campaign: damaged inputs through every reader and the budget loader (issue 11).

    .venv/bin/python bench/fuzz.py [--cases 100000] [--seed 1] [--jobs 2] [--timeout 30]
                                   [--memory 2048] [--report bench/out/fuzz.json] [--resume]

Cases are made by tests/fuzzkit.py (the same generator as tests/test_fuzz.py, many more of them)
and run in the batch worker pool (yusuan.batch.pool): a case that raises anything but yusuan's
Chinese refusal is an internal error; one that runs past ``--timeout`` seconds, or past
``--memory`` MB of address space, or kills its worker, is counted so. Prints the counts by
outcome and by seed file, the peak resident memory of any worker, and the first cases of each
kind of failure (their ids make them again: seed-number-file). A case that timed out is run again
alone at the end: the campaign shares the machine, and only a case that times out alone too is
counted as a timeout (the others are listed as ``slowed`` with the time they took alone). The
report is written after every batch; ``--resume`` continues a campaign from its report (same seed, the cases not yet run), so a
long run can be spread over several sittings.

Speed (December 2026, 2 shared cores): ``--cases 2000 --seed 5 --jobs 2`` ran 6–9 cases/s (222 s
and 310 s, with other work on the machine); a case costs ~0.13 s of CPU on average, most of it in
the PDF seeds, which are read page by page in full (~1.7 s a case for yusuan.pdf). The 100,000
cases take ~3.5 hours of both cores (~2 hours on an idle machine at 14–16 cases/s).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from fuzzkit import cases, run_case, seeds  # noqa: E402
from yusuan.batch.pool import Pool  # noqa: E402


def _one(case: tuple[str, str, str, bytes]) -> tuple[str, str, int]:
    """(status, detail, peak resident KB of this worker so far)."""
    _, suffix, kind, data = case
    outcome = run_case(suffix, kind, data)
    return outcome.status, outcome.detail, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def retry_timeouts(
    all_seeds: list[Any],
    args: argparse.Namespace,
    counts: Counter[str],
    failures: dict[str, list[dict[str, Any]]],
) -> int:
    """Run each case that timed out again, alone: one that finishes within the limit with the
    machine to itself was slowed by other work (the campaign shares two cores), and is counted by
    how it ends alone; one that times out again stays a timeout. Returns the peak resident KB of
    the runs that finished (a case that timed out had none measured)."""
    kept = []
    peak = 0
    for item in failures.get("timeout", []):
        if item.get("retried"):
            kept.append(item)
            continue
        seed, number, _ = item["case"].split("-", 2)
        case = cases(all_seeds, int(number) + 1, seed=int(seed))[int(number)]
        pool = Pool(_one, jobs=1, timeout=args.timeout, memory_limit=args.memory)
        started = time.perf_counter()
        [outcome] = list(pool.map([case]))
        seconds = time.perf_counter() - started
        status = outcome.failure or outcome.value[0]
        if not outcome.failure:
            peak = max(peak, outcome.value[2])
        print(f"timeout {item['case']} run again alone: {status} in {seconds:.1f} s", flush=True)
        if status == "timeout":
            kept.append({**item, "retried": True})
        else:
            counts["timeout"] -= 1
            counts[status] += 1
            failures.setdefault("slowed", []).append({**item, "alone": f"{status} in {seconds:.1f} s"})
            if status not in ("read", "refused"):
                failures.setdefault(status, []).append({"case": item["case"], "detail": outcome.message})
    failures["timeout"] = kept
    if not kept:
        del failures["timeout"]
        del counts["timeout"]
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--memory", type=int, default=2048, help="MB of address space per worker")
    parser.add_argument("--batch", type=int, default=2000, help="cases made and run at a time")
    parser.add_argument("--report", type=Path, default=ROOT / "bench" / "out" / "fuzz.json")
    parser.add_argument("--resume", action="store_true", help="continue the campaign in --report")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as work:
        all_seeds = seeds(Path(work))
    counts: Counter[str] = Counter()
    by_seed: Counter[tuple[str, str]] = Counter()
    failures: dict[str, list[dict[str, Any]]] = {}
    peak = 0
    done = 0
    earlier = 0.0  # float-ok: seconds of earlier sittings
    if args.resume and args.report.exists():
        state = json.loads(args.report.read_text(encoding="utf-8"))
        if state.get("seed") != args.seed:
            sys.exit(f"{args.report} 是种子 {state.get('seed')} 的记录，与 --seed {args.seed} 不同")
        done, earlier, peak = state["cases"], state["seconds"], state["peak_mb"] * 1024
        counts.update(state["counts"])
        by_seed.update({tuple(k.split("\t")): n for k, n in state["by_seed"].items()})
        failures = state["failures"]
        print(f"resuming after {done} cases: {dict(counts)}", flush=True)
    pool = Pool(_one, jobs=args.jobs, timeout=args.timeout, memory_limit=args.memory)

    def save() -> None:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        state = {
            "seed": args.seed,
            "cases": done,
            "seconds": round(earlier + time.perf_counter() - started),
            "peak_mb": round(peak / 1024),
            "counts": counts,
            "by_seed": {"\t".join(k): n for k, n in by_seed.items()},
            "failures": failures,
        }
        temporary = args.report.with_suffix(".tmp")
        temporary.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
        temporary.replace(args.report)

    while done < args.cases:
        size = min(args.batch, args.cases - done)
        batch = cases(all_seeds, size, seed=args.seed * 1_000_000 + done)
        for outcome in pool.map(batch):
            case = batch[outcome.index]
            if outcome.failure:
                status, detail = outcome.failure, outcome.message
            else:
                status, detail, rss = outcome.value
                peak = max(peak, rss)
            counts[status] += 1
            by_seed[(case[0].split("-", 2)[2], status)] += 1
            if status not in ("read", "refused"):
                failures.setdefault(status, []).append({"case": case[0], "detail": detail[:2000]})
        done += size
        save()
        print(f"{done} cases, {dict(counts)}, {time.perf_counter() - started:.0f} s", flush=True)
    peak = max(peak, retry_timeouts(all_seeds, args, counts, failures))
    save()
    seconds = earlier + time.perf_counter() - started
    print(f"\n{done} cases in {seconds:.0f} s; peak resident memory of a worker: {peak / 1024:.0f} MB")
    for status in ("read", "refused", "internal", "timeout", "memory", "crashed"):
        print(f"  {status:9} {counts.get(status, 0)}")
    print("by seed file:")
    for name in sorted({name for name, _ in by_seed}):
        print(f"  {name:60} " + ", ".join(f"{s} {n}" for (m, s), n in sorted(by_seed.items()) if m == name))
    for status, items in failures.items():
        print(f"\nfirst {status} cases:")
        for item in items[:5]:
            print(f"  {item['case']}: {item['detail'][:300]}")
    save()


if __name__ == "__main__":
    main()
