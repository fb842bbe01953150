"""Checking a disclosure document: the rule catalogue and the findings it produces.

Rules run on the disclosure-document layer, so one catalogue serves a budget built by yusuan and
anyone's published PDF read by :mod:`yusuan.read`.
"""

from yusuan.check.finding import Finding, Location, Severity
from yusuan.check.registry import RULES, Rule, rule

__all__ = ["RULES", "Finding", "Location", "Rule", "Severity", "rule"]
