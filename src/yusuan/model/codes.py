"""Classification codes: function subjects (类/款/项) and economic subjects (类/款).

A code is stored as its full digit string: 201 (类), 20103 (款), 2010301 (项) for function
subjects; 301 (类), 30101 (款) for economic subjects. Documents often print the parts in
separate columns (201 | 3 | 1); :func:`join_code_parts` turns them back into one code.
"""

from __future__ import annotations

from enum import StrEnum


class CodeKind(StrEnum):
    """Which classification a code belongs to."""

    FUNCTION = "function"
    ECONOMIC = "economic"

    @property
    def label(self) -> str:
        return "支出功能分类科目" if self is CodeKind.FUNCTION else "部门预算支出经济分类科目"

    @property
    def lengths(self) -> tuple[int, ...]:
        return (3, 5, 7) if self is CodeKind.FUNCTION else (3, 5)

    @classmethod
    def of(cls, code: str) -> CodeKind:
        """The classification a code is of: function codes start with 2 (201 一般公共服务支出),
        economic codes with 3 or 5 (301 工资福利支出, 501 机关工资福利支出)."""
        return cls.FUNCTION if code.startswith("2") else cls.ECONOMIC


LEVEL_NAMES = {3: "类", 5: "款", 7: "项"}


class CodeError(ValueError):
    """A code that is not well formed; the message is in Chinese."""


def normalise_code(value: object, kind: CodeKind, lengths: tuple[int, ...] | None = None) -> str:
    """Return the code as a digit string, or raise :class:`CodeError` saying what is wrong.

    ``lengths`` narrows the levels accepted (a field that wants a 项 passes (7,)).
    """
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise CodeError(f"{kind.label}编码应为数字串，实际为 {type(value).__name__}")
    text = str(value).strip()
    if not text.isascii() or not text.isdigit():
        raise CodeError(f"{kind.label}编码只能由数字组成：“{text}”")
    if len(text) not in (lengths or kind.lengths):
        allowed = "/".join(str(n) for n in (lengths or kind.lengths))
        raise CodeError(f"{kind.label}编码“{text}”长度为 {len(text)} 位，应为 {allowed} 位")
    expected_first = "2" if kind is CodeKind.FUNCTION else "3"
    if not text.startswith(expected_first):
        raise CodeError(f"{kind.label}编码“{text}”应以 {expected_first} 开头")
    return text


def level_of(code: str) -> str:
    """The level name (类/款/项) of a normalised code."""
    return LEVEL_NAMES[len(code)]


def parent_of(code: str) -> str | None:
    """The code one level up (2010301 -> 20103 -> 201 -> None)."""
    return code[:-2] if len(code) > 3 else None


def ancestors(code: str) -> list[str]:
    """All codes above ``code``, nearest last (2010301 -> [201, 20103])."""
    return [code[:n] for n in (3, 5) if n < len(code)]


def join_code_parts(*parts: str | int | None) -> str:
    """Join 类/款/项 printed in separate columns (201, 3, 1 -> 2010301), padding 款/项 to two digits."""
    pieces = [str(p).strip() for p in parts if p is not None and str(p).strip() != ""]
    if not pieces:
        raise CodeError("科目编码为空")
    head, *rest = pieces
    return head + "".join(piece.zfill(2) for piece in rest)
