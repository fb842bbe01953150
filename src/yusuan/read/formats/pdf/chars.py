"""Characters as both PDF engines give them: plain dicts with the page position in points
(``x0``, ``x1``, ``top``, ``bottom`` measured from the page's top left), ``text``, ``size``,
``fontname``, ``upright`` and ``doctop`` — pdfplumber's names, so that its table finder works on
either engine's characters.

Text is kept as printed, except that the Kangxi radicals (U+2F00–2FDF), the CJK radicals
supplement and the CJK compatibility ideographs, which some producers (Chromium's Type 3 fonts,
some WPS exports) write instead of the unified ideographs, are mapped to them (⼀ → 一). Only those
characters are normalised (and U+FFFE, a noncharacter, becomes the hyphen it stands for): NFKC on
the whole text would also fold full-width punctuation.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache
from operator import itemgetter
from typing import Any

# coordinate: positions and sizes on the page in points; not money
Coordinate = float  # float-ok

Char = dict[str, Any]

_COMPAT_RANGES = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
_COMPAT_CHARS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\ufffe\U0002f800-\U0002fa1f]")


@cache
def _compat_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for start, end in _COMPAT_RANGES:
        for code in range(start, end + 1):
            char = chr(code)
            normal = unicodedata.normalize("NFKC", char)
            if normal != char:
                table[code] = normal
    # U+FFFE is no character: PDFium writes it for a hyphen that ends a line, and some producers'
    # ToUnicode maps give it for one; either way a hyphen was printed
    table[0xFFFE] = "-"
    return table


def normalise_compat(text: str) -> str:
    """Map Kangxi radicals and CJK compatibility ideographs to the unified ideographs, and the
    noncharacter U+FFFE to a hyphen; nothing else."""
    if _COMPAT_CHARS.search(text) is None:
        return text
    return text.translate(_compat_table())


def _ascii_word(char: str) -> bool:
    return char.isascii() and char.isalpha()


def join_wrapped(text: str) -> str:
    """Lines wrapped inside a cell, joined: no space between Chinese characters or within figures,
    one space between two Latin words."""
    parts = [part.strip() for part in text.split("\n")]
    parts = [part for part in parts if part]
    if not parts:
        return ""
    joined = parts[0]
    for part in parts[1:]:
        if _ascii_word(joined[-1]) and _ascii_word(part[0]):
            joined += " " + part
        else:
            joined += part
    return joined


def _clusters(items: list[tuple[Coordinate, int]], tolerance: Coordinate) -> list[list[int]]:
    """Indices grouped by value: sorted values closer than ``tolerance`` to their neighbour chain
    into one group (pdfplumber's ``cluster_objects``)."""
    groups: list[list[int]] = []
    last: Coordinate | None = None
    for value, index in sorted(items):
        if last is None or value - last > tolerance:
            groups.append([])
        groups[-1].append(index)
        last = value
    return groups


def _near_pair(values: list[Coordinate], tolerance: Coordinate) -> bool:
    """Whether two of the sorted values lie within the tolerance of each other."""
    return any(b - a <= tolerance for a, b in itertools.pairwise(values))


def dedupe(chars: list[Char], tolerance: Coordinate = 1) -> list[Char]:
    """The characters without the copies some producers print to fake bold (the same character, in
    the same font and size, offset by less than ``tolerance``): the first of each group is kept, in
    the order given.

    The same result as pdfplumber's ``dedupe_chars``, whose last step (``sorted(…, key=chars.index)``)
    is quadratic: a page of 6,000 small figures took minutes."""
    key = itemgetter("upright", "text", "fontname", "size")
    groups: dict[tuple[Any, ...], list[int]] = {}
    for index, char in enumerate(chars):
        groups.setdefault(key(char), []).append(index)
    kept: list[int] = []
    for members in groups.values():
        if (
            len(members) == 1
            or not _near_pair(sorted(chars[i]["x0"] for i in members), tolerance)
            or not _near_pair(sorted(chars[i]["doctop"] for i in members), tolerance)
        ):
            kept += members  # no two within the tolerance across, or down: nothing to remove
            continue
        for row in _clusters([(chars[i]["doctop"], i) for i in members], tolerance):
            for column in _clusters([(chars[i]["x0"], i) for i in row], tolerance):
                kept.append(min(column, key=lambda i: (chars[i]["doctop"], chars[i]["x0"])))
    return [chars[i] for i in sorted(kept)]
