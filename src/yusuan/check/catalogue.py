"""The rule catalogue as a document: `yusuan rules` and docs/rules.md are generated from here."""

from __future__ import annotations

from yusuan.check.registry import FAMILIES, RULES
from yusuan.check.runner import load_rules


def catalogue_markdown() -> str:
    """docs/rules.md: every rule by family, with its id, severity, titles and rationale."""
    load_rules()
    lines = [
        "# 核对规则目录 / Rule catalogue",
        "",
        "Generated from the code by `yusuan rules --markdown`; do not edit by hand.",
        "",
        f"{len(RULES)} rules. Severity: **E** error (错误), **W** warning (警告), **N** notice (提示).",
        "Figures are compared as printed; a difference within the rounding of the printed parts is a",
        "notice (尾差), never an error.",
        "",
    ]
    for family, title in FAMILIES.items():
        rules = [r for r in RULES.values() if r.family == family]
        if not rules:
            continue
        lines += [f"## {family} — {title}", "", "| id | 规则 | rule | why |", "|---|---|---|---|"]
        for r in sorted(rules, key=lambda r: r.id):
            rationale = " ".join(r.rationale.split())
            lines.append(f"| `{r.id}` | {r.title} | {r.title_en} | {rationale} |")
        lines.append("")
    return "\n".join(lines)
