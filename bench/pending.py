"""Write tests/corpus/pending.yaml from a keyed corpus run: the disagreements with the keys that are
known and not fixed yet, each with why.

    .venv/bin/python bench/corpus.py --keyed --json bench/out/keyed.json
    .venv/bin/python bench/pending.py bench/out/keyed.json

Refuses to list a false error (``false:…``): an error the key does not hold is fixed (or the key
corrected after reading the page), never parked. Reasons come from the kind of disagreement; a
reviewer edits them where a document needs a word of its own, and a rerun keeps that word for as
long as the gap stays open.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PENDING = ROOT / "tests" / "corpus" / "pending.yaml"

REASONS = {
    "table": "not read: the title is not one a layout or the genre list (layout/genre.yaml) knows, or its grid was not found",
    "total": "read, but the grand total differs: total row not read (continued page, vertical 三公 list, a year-by-year 三公 table) or columns mapped otherwise",
    "missed": "a real finding no rule reports yet (rule missing, claim not read, or the table it needs not read)",
    "unit": "the unit is printed in another form on the cover",
    "year": "year not read",
    "stage": "stage not read",
    "scope": "scope not read",
    "coverage": "coverage not read",
}


def _kept() -> dict[str, dict[str, str]]:
    """The reasons pending.yaml gives now: a reason a reviewer wrote for a gap that is still open
    is kept, not replaced by the generic one."""
    if not PENDING.is_file():
        return {}
    from ruamel.yaml import YAML

    loaded = YAML(typ="safe").load(PENDING.read_text(encoding="utf-8")) or {}
    return {str(k): {str(f): str(w) for f, w in (v or {}).items()} for k, v in loaded.items()}


def main() -> None:
    entries = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    kept = _kept()
    out: dict[str, dict[str, str]] = {}
    false = []
    for entry in entries:
        key = entry.get("key")
        if not key:
            continue
        for failure in key["failures"]:
            kind = failure.split(":", 1)[0]
            if kind == "false":
                false.append(f"{key['id']}: {failure}")
                continue
            out.setdefault(key["id"], {})[failure] = kept.get(key["id"], {}).get(failure, REASONS[kind])
    if false:
        print("false errors cannot be parked; fix them or correct the key:", *false, sep="\n  ")
        sys.exit(1)
    lines = [
        "# Disagreements with the keys that are known and not fixed yet, by key: failure id -> why.",
        "# Written by bench/pending.py from a keyed run; the corpus test fails on anything not listed",
        "# here and on anything listed here that no longer occurs. No false error is ever listed.",
    ]
    for key_id in sorted(out):
        lines.append(f"{key_id}:")
        for failure, why in out[key_id].items():
            lines.append(
                f"  {json.dumps(failure, ensure_ascii=False)}: {json.dumps(why, ensure_ascii=False)}"
            )
    PENDING.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{sum(len(v) for v in out.values())} pending in {len(out)} keys -> {PENDING}")


if __name__ == "__main__":
    main()
