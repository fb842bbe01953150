"""Run the rule catalogue on a document and collect the findings."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any

from yusuan.check.context import CheckContext
from yusuan.check.finding import Finding, Severity
from yusuan.check.registry import RULES
from yusuan.model.document import Document


def load_rules() -> None:
    """Import every module of ``yusuan.check.rules`` so that its rules register."""
    import yusuan.check.rules as package

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
    from yusuan.read.claims import extract_claims

    stack = [*document.profile, *document.sections]
    while stack:
        section = stack.pop(0)
        if section.paragraphs and not section.claims:
            section.claims = [
                claim for paragraph in section.paragraphs for claim in extract_claims(paragraph)
            ]
        stack[:0] = section.subsections


def check_document(
    document: Document, prior: Document | None = None, only: set[str] | None = None
) -> CheckReport:
    """Every rule (or those in ``only``) on ``document``; findings sorted by severity and rule."""
    load_rules()
    _extract_claims(document)
    if prior is not None:
        _extract_claims(prior)
    context = CheckContext(document, prior)
    failed = []
    for rule_id in sorted(RULES):
        if only is not None and rule_id not in only:
            continue
        rule = RULES[rule_id]
        try:
            for _ in rule.check(context) or ():
                pass
        except Exception as exc:  # a rule's bug must not hide the other findings
            failed.append(f"{rule_id}: {type(exc).__name__}: {exc}")
    findings = sorted(context.findings, key=lambda f: (f.severity.rank, f.rule))
    return CheckReport(document, findings, failed)
