"""An amount of money as prose prints it, with its unit: the one pattern the rules look for where
a sentence states an amount ("3468.65万元", "40,000.70 万元", "1，200元")."""

from __future__ import annotations

import re

# Digits (separated by commas, the full-width ， too), decimals, a space perhaps, and 亿元, 万元 or
# 元. Two patterns differ from it on purpose: text.claims' _TITLE_END (a ， ends an item's title,
# even between digits) and check.rules.leftovers' _FIGURE_WITH_UNIT (any figure with a unit,
# 千元 and % too, its digits grouped by threes and no space before the unit).
MONEY_FIGURE = re.compile(r"[0-9][0-9,，]*(?:\.[0-9]+)?\s*(?:亿元|万元|元)")
