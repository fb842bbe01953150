"""Run the rule catalogue on a document and collect the findings."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field, replace
from typing import Any

import yusuan.check.rules
from yusuan.check.context import CheckContext
from yusuan.check.finding import Finding, Severity
from yusuan.check.registry import RULES, UnknownRuleError, applies, to_run
from yusuan.check.reporter import Reporter
from yusuan.model.document import Document, Table
from yusuan.text.claims import extract_claims


def load_rules() -> None:
    """Import every module of ``yusuan.check.rules`` so that its rules register."""
    package = yusuan.check.rules
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")


@dataclass
class CheckReport:
    document: Document
    findings: list[Finding] = field(default_factory=list)
    failed_rules: list[str] = field(default_factory=list)  # a rule that raised: a bug, said plainly

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    def counts(self) -> dict[str, int]:
        return {s.value: sum(1 for f in self.findings if f.severity is s) for s in Severity}

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": "yusuan/check-report@1",
            "document": {
                "title": self.document.title,
                "unit": self.document.unit_name,
                "year": self.document.year,
                "layout": self.document.layout,
            },
            "counts": self.counts(),
            "findings": [f.to_json() for f in self.findings],
            "failed_rules": self.failed_rules,
        }


def _extract_claims(document: Document) -> None:
    """Give every section the claims of its text, as reading does: a generated document and a read
    one are checked the same way."""
    stack = [*document.profile, *document.sections]
    while stack:
        section = stack.pop(0)
        if section.paragraphs and not section.claims:
            section.claims = [
                claim
                for paragraph in section.paragraphs
                for claim in extract_claims(paragraph, unit=document.unit_name)
            ]
        stack[:0] = section.subsections


# A table read from a file that fails its own arithmetic in this many places was more likely misread
# (a shifted column, rows split or lost at a page break) than printed so wrong.
MISREAD_AT = 2


def _read_from_file(table: Table) -> bool:
    return any(c.provenance is not None and c.provenance.file for r in table.rows for c in r.cells)


def doubt_misread_tables(document: Document, findings: list[Finding]) -> list[Finding]:
    """Findings on a read table that fails its own arithmetic in several places become notices:
    the reader, not the document, is the likelier culprit. So do the findings that compare the
    text or another table with it (they quote its title). Of each rule, one notice per such table
    is kept, with the count."""
    failures: dict[str, int] = {}
    for finding in findings:
        key = finding.location.table_key
        if finding.rule.startswith("arith.E") and key:
            failures[key] = failures.get(key, 0) + 1
    doubtful = [t for t in document.tables if failures.get(t.key, 0) >= MISREAD_AT and _read_from_file(t)]
    if not doubtful:
        return findings
    out = []
    kept: set[tuple[str, str]] = set()
    for finding in findings:
        table = next(
            (
                t
                for t in doubtful
                if finding.location.table_key == t.key or (t.title and f"“{t.title}”" in finding.message)
            ),
            None,
        )
        if table is None:
            out.append(finding)
            continue
        if (table.key, finding.rule) in kept:
            continue
        kept.add((table.key, finding.rule))
        note = f"（“{table.title}”有 {failures[table.key]} 处运算不符，可能是读取有误，请对照原表核对）"
        out.append(
            replace(
                finding,
                severity=Severity.NOTICE,
                message=finding.message + note,
                message_en=finding.message_en
                + f" (table '{table.title}' fails its own arithmetic {failures[table.key]} times:"
                " probably misread; check against the page)",
            )
        )
    return out


def select_rules(names: tuple[str, ...] | list[str]) -> set[str]:
    """The rule ids that ``--rule`` names: an id, or a family for all its rules. An unknown name
    is an ``UnknownRuleError`` saying which."""
    load_rules()
    out: set[str] = set()
    for name in names:
        members = {r for r in RULES if r == name or r.split(".")[0] == name}
        if not members:
            raise UnknownRuleError(f"没有规则“{name}”：yusuan rules 列出全部规则及其编号")
        out |= members
    return out


def check_document(
    document: Document, prior: Document | None = None, only: set[str] | None = None
) -> CheckReport:
    """Every rule (or exactly the rules in ``only``) on ``document``; findings sorted by severity and
    rule."""
    load_rules()
    _extract_claims(document)
    if prior is not None:
        _extract_claims(prior)
    context = CheckContext(document, prior)
    failed = []
    layout_known = context.profile is not None
    for rule_id in sorted(to_run(only)):
        if not applies(rule_id, layout_known=layout_known, year_known=bool(document.year)):
            continue
        try:
            for _ in RULES[rule_id].check(context, Reporter(context, rule_id)) or ():
                pass
        except Exception as exc:  # a rule's bug must not hide the other findings
            failed.append(f"{rule_id}: {type(exc).__name__}: {exc}")
    if only is not None:
        context.findings = [f for f in context.findings if f.rule in only]
    findings = sorted(
        doubt_misread_tables(document, context.findings), key=lambda f: (f.severity.rank, f.rule)
    )
    return CheckReport(document, findings, failed)
