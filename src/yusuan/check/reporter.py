"""How a rule reports: through a reporter bound to the rule's own id.

A rule never writes a rule id. It calls ``report(message, message_en, hint, location,
provenance)``, ``hint`` a ``Hint(zh, en)`` (a suggested fix is given in both languages or not at
all); a notice it is allowed to give instead (a difference within rounding) goes through
``report.companion("arith.N001")``, which is refused unless that notice is registered as emitted
by the rule or its family. So every finding's rule id is registered, and running one rule
(``yusuan check --rule ID``) runs exactly the code that can report it.
"""

from __future__ import annotations

from yusuan.check.context import CheckContext
from yusuan.check.finding import Finding, Hint, Location
from yusuan.check.registry import RULES
from yusuan.model.document import Provenance


class Reporter:
    def __init__(self, ctx: CheckContext, rule_id: str) -> None:
        if rule_id not in RULES:
            raise ValueError(f"rule {rule_id} is not registered")
        self.ctx = ctx
        self.rule_id = rule_id

    def __call__(
        self,
        message: str,
        message_en: str,
        hint: Hint | None = None,
        location: Location | None = None,
        provenance: Provenance | None = None,
    ) -> Finding:
        return self.ctx.record(self.rule_id, message, message_en, hint, location, provenance)

    def companion(self, rule_id: str) -> Reporter:
        """The reporter of a notice this rule emits in its place (see ``Rule.emitted_by``)."""
        companion = RULES.get(rule_id)
        if companion is None or companion.emitted_by not in (self.rule_id, self.rule_id.split(".")[0]):
            raise ValueError(f"rule {self.rule_id} may not report {rule_id}")
        return Reporter(self.ctx, rule_id)
