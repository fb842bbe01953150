"""Chinese numerals both ways, as documents number their parts and items: 一、… 十一、… 九十九、

``chinese_number`` writes them (the builder, the contents, the glossary); ``parse_chinese_number``
reads them back (the reader's headings, the rules that count listed items)."""

from __future__ import annotations

from typing import Final

_DIGITS: Final = "零一二三四五六七八九"
# The characters an ordinal up to 九十九 is written with (百 only so that a reader can refuse it).
NUMERAL_CHARS: Final = "一二三四五六七八九十百"
_VALUES: Final = {digit: value for value, digit in enumerate(_DIGITS) if value}


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 99 -> 九十九 (1..99)."""
    if not 1 <= n <= 99:
        raise ValueError(f"chinese_number supports 1..99, got {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def parse_chinese_number(numeral: str) -> int | None:
    """一 … 九十九 as an int; None for anything else."""
    if not numeral or any(c not in NUMERAL_CHARS for c in numeral) or "百" in numeral:
        return None
    if "十" not in numeral:
        return _VALUES.get(numeral) if len(numeral) == 1 else None
    tens, _, ones = numeral.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    value = (_VALUES.get(tens, 0) if tens else 1) * 10
    if ones:
        value += _VALUES.get(ones, 0)
    return value
