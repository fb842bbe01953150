"""Text without white space, and a word shortened: how the reader and the rules compare printed
words."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=16384)
def squeeze(text: str) -> str:
    """``text`` without any white space (U+3000, the ideographic space, included).

    ``str.split()`` drops exactly what ``[\\s\\u3000]+`` matches, four times faster; the reader and
    the rules squeeze the same cell texts and sentences many times, hence the cache."""
    return "".join(text.split())


def is_subsequence(short: str, full: str) -> bool:
    """Whether ``short`` is ``full`` with characters left out, in order (市发改委 of
    市发展和改革委员会): how a shortened name is told from another name."""
    rest = iter(full)
    return all(char in rest for char in short)
