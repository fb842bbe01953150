"""Figures as printed: parse an amount cell without guessing."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from yusuan.text.spacing import squeeze

_AMOUNT = re.compile(r"^[-−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_DASHES = {"-", "—", "–", "－", "——", "/", "／"}


def parse_figure(text: str) -> Decimal | None:
    """The value of a printed amount cell: "1,307.84" -> 1307.84, "0.00" -> 0, "" or "—" -> None.

    A dash or an empty cell is "nothing printed" (None), which the checker treats differently
    from a printed zero. Anything that is not plainly a number is None too; the caller reports it.
    Full-width digits and signs, as a document typed in a Chinese input method prints them
    ("１，２３４．５０", "－３．２"), read as their ASCII forms (NFKC).
    """
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "").replace("，", ",")
    if not cleaned or cleaned in _DASHES:
        return None
    negative = cleaned.startswith(("(", "（")) and cleaned.endswith((")", "）"))
    if negative:
        cleaned = cleaned[1:-1]
    if not _AMOUNT.match(cleaned):
        return None
    try:
        value = Decimal(cleaned.replace(",", "").replace("−", "-"))
    except InvalidOperation:
        return None
    return -value if negative else value


def looks_numeric(text: str) -> bool:
    """A cell that holds a figure (even one that fails to parse cleanly, like "1,30 7.84")."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    return (
        bool(cleaned)
        and bool(re.fullmatch(r"[-−(（]?[\d,.\s]+[)）]?", cleaned))
        and any(ch.isdigit() for ch in cleaned)
    )


def is_amount(text: str) -> bool:
    """A figure that is an amount, not a list number or a year: decimals, separators, or ≥ 100."""
    value = parse_figure(text)
    if value is None:
        return False
    compact = squeeze(unicodedata.normalize("NFKC", text))
    if re.fullmatch(r"(19|20)\d\d", compact):
        return False
    return "." in compact or "," in compact or abs(value) >= 100
