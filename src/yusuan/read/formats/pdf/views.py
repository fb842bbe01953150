"""One page as the block builder sees it, whichever engine read it: characters (fake-bold copies
removed), ruling edges, the page's size, whether it carries an image or a drawing, and
``find_tables`` — pdfplumber's table finder (MIT, :mod:`.finder`) run on those characters and edges, so that both
engines find tables by the same rules."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from pdfplumber.utils.text import extract_words

from yusuan.read.formats.pdf import pdfminer_fix  # noqa: F401 - installs the linear decompress
from yusuan.read.formats.pdf.chars import Char, Coordinate, dedupe
from yusuan.read.formats.pdf.finder import Finder

Edge = dict[str, Any]


@dataclass
class PageView:
    """A page read by one engine (``engine``: "pdfium" or "pdfplumber")."""

    engine: str
    width: Coordinate
    height: Coordinate
    chars: list[Char] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    images: int = 0
    drawn: bool = False  # a line, box or shape in a colour other than white

    @property
    def bbox(self) -> tuple[Coordinate, Coordinate, Coordinate, Coordinate]:
        return (0, 0, self.width, self.height)

    def extract_words(self, **settings: Any) -> list[dict[str, Any]]:
        return list(extract_words(self.chars, **settings))

    def find_tables(self, settings: dict[str, Any] | None = None) -> list[Any]:
        return list(Finder(self, settings).tables)


def _white(color: Any) -> bool:
    """Whether a pdfminer colour is white: gray 1, RGB (1, 1, 1) or CMYK (0, 0, 0, 0)."""
    if isinstance(color, int | float):
        return color == 1
    if isinstance(color, tuple | list):
        if len(color) in (1, 3):
            return all(isinstance(c, int | float) and c == 1 for c in color)
        if len(color) == 4:
            return all(isinstance(c, int | float) and c == 0 for c in color)
    return False


def _drawn(page: Any) -> bool:
    for item in itertools.chain(page.rects, page.lines, page.curves):
        if item.get("stroke") and not _white(item.get("stroking_color")):
            return True
        if item.get("fill") and not _white(item.get("non_stroking_color")):
            return True
    return False


def plumber_view(page: Any) -> PageView:
    """A pdfplumber page as a view (pdfminer's layout analysis: slow, kept as the fallback)."""
    return PageView(
        engine="pdfplumber",
        width=Coordinate(page.width),
        height=Coordinate(page.height),
        chars=dedupe(list(page.chars)),
        edges=list(page.edges),
        images=len(page.images),
        drawn=_drawn(page),
    )
