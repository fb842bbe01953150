"""Compare what yusuan reads and checks in a corpus document with the key written by reading it.

Each disagreement is one short id, so that a run can be compared with the list of known gaps
(tests/corpus/pending.yaml):

- ``year``, ``stage``, ``scope``, ``coverage``, ``unit`` — read wrongly;
- ``table:<title>`` — a keyed table not found; ``total:<title>`` — found with another grand total;
- ``missed:<rule>:<figure>`` — a keyed finding not reported;
- ``false:<rule>:<first figure or page>`` — an error reported that the key does not hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from yusuan.check.context import grand_total
from yusuan.check.finding import Severity
from yusuan.check.runner import CheckReport
from yusuan.model.document import Document, Table
from yusuan.read.numbers import parse_figure
from yusuan.read.tables.titles import normalise_title
from yusuan.text.spacing import squeeze

KEYS = Path(__file__).parent / "keys"
PENDING = Path(__file__).parent / "pending.yaml"


def load_yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def keys() -> list[Path]:
    return sorted(p for p in KEYS.rglob("*.yaml"))


def key_id(path: Path) -> str:
    return str(path.relative_to(KEYS).with_suffix(""))


def pending() -> dict[str, dict[str, str]]:
    """Known gaps by key id: {failure id: why it is not fixed yet}."""
    data = load_yaml(PENDING) if PENDING.is_file() else None
    return {k: dict(v or {}) for k, v in (data or {}).items()}


def _squeeze(text: str | None) -> str:
    return squeeze(text or "")


def _digits(text: str) -> str:
    return re.sub(r"[,，\s]", "", text)


def _title_key(title: str, unit: str = "") -> str:
    return normalise_title(title, unit)


def _find_table(document: Document, title: str, unit: str) -> Table | None:
    want = _title_key(title, unit)
    return next((t for t in document.tables if _title_key(t.title, document.unit_name) == want), None)


def _total_matches(table: Table, printed: str | None) -> bool:
    total = grand_total(table)
    if printed is None:
        return table.empty or total in (None, Decimal(0))
    value = parse_figure(str(printed))
    return value is not None and total is not None and total == value


@dataclass
class Outcome:
    failures: list[str] = field(default_factory=list)
    sections_keyed: int = 0
    sections_found: int = 0


def _figure_in(figure: str, message: str) -> bool:
    return _digits(str(figure)) in _digits(message)


def evaluate(key: dict[str, Any], document: Document, report: CheckReport) -> Outcome:
    out = Outcome()
    fails = out.failures
    if int(key["year"]) != document.year:
        fails.append("year")
    if key.get("stage", "预算") != document.stage:
        fails.append("stage")
    if key.get("scope") and key["scope"] != document.scope:
        fails.append("scope")
    if (key.get("coverage") or None) != (document.coverage or None):
        fails.append("coverage")
    if _squeeze(key.get("unit")) != _squeeze(document.unit_name):
        fails.append("unit")
    for spec in key.get("tables") or []:
        title = _title_key(spec["title"], key.get("unit") or "")
        table = _find_table(document, spec["title"], key.get("unit") or "")
        if table is None:
            fails.append(f"table:{title}")
        elif not _total_matches(table, spec.get("total")):
            fails.append(f"total:{title}")
    keyed = key.get("findings") or []
    for finding in keyed:
        figures = [str(f) for f in finding.get("figures") or []]
        hit = any(
            f.rule == finding["rule"] and (not figures or any(_figure_in(x, f.message) for x in figures))
            for f in report.findings
        )
        if not hit:
            fails.append(f"missed:{finding['rule']}:{figures[0] if figures else finding.get('page')}")
    for found in report.findings:
        if found.severity is not Severity.ERROR:
            continue
        known = any(
            k["rule"] == found.rule
            and (not k.get("figures") or any(_figure_in(str(x), found.message) for x in k["figures"]))
            for k in keyed
        )
        if not known:
            page = found.provenance.page if found.provenance else None
            fails.append(f"false:{found.rule}:p{page}:{_first_figure(found.message)}")
    headings = [_squeeze(s) for s in key.get("sections") or []]
    read = {_squeeze(h) for h in _all_headings(document)}
    out.sections_keyed = len(headings)
    out.sections_found = sum(1 for h in headings if any(h in r or r in h for r in read if r))
    return out


def _first_figure(message: str) -> str:
    match = re.search(r"\d[\d,]*(?:\.\d+)?", message)
    return match.group(0) if match else ""


def _all_headings(document: Document) -> list[str]:
    out: list[str] = []
    stack = [*document.profile, *document.sections]
    while stack:
        section = stack.pop(0)
        out.append(section.title)
        stack[:0] = section.subsections
    return out
