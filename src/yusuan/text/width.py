"""How wide text prints: the one measure of the renderers' column widths and the reader's lines.

A Chinese (wide or full-width) character takes two half-width cells. Characters whose width
East Asian text leaves open (“ ” — … ·) take one cell on a screen or in a cell grid, but a
full em in a Chinese typeface: a reader measuring printed lines counts them wide.
"""

from __future__ import annotations

import unicodedata


def is_wide(ch: str) -> bool:
    """A Chinese character or a full-width form: two half-width cells."""
    return unicodedata.east_asian_width(ch) in "WF"


def display_width(text: str, *, printed: bool = False) -> int:
    """Width in half-width character cells: wide characters count two. ``printed`` counts every
    character that is not ASCII two (a line as a Chinese typeface sets it)."""
    if printed:
        return sum(1 if ch.isascii() else 2 for ch in text)
    return sum(2 if is_wide(ch) else 1 for ch in text)


def em_width(text: str) -> float:  # float-ok: a length, not money
    """Rough width in em of text set in a proportional face: wide characters 1, others about 0.6."""
    return sum(1.0 if is_wide(ch) else 0.6 for ch in text)
