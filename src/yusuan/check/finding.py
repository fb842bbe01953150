"""What a rule reports: a finding with its rule, severity, both sides of the fact, and where."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from yusuan.model.document import Provenance


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "notice": "提示"}[self.value]

    @property
    def label_en(self) -> str:
        return {"error": "error", "warning": "warning", "notice": "notice"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "notice": 2}[self.value]


MAX_QUOTE = 400  # characters of a sentence a finding keeps
SHOWN = 60  # characters of it a one-line description shows


@dataclass(frozen=True)
class Location:
    """Where the finding is: a table cell (table, row, column) or a sentence of a section."""

    table: str | None = None  # table title as printed
    table_key: str | None = None
    row: str | None = None  # the row's code or label
    column: str | None = None  # the column's title
    section: str | None = None  # section heading
    sentence: str | None = None

    def __post_init__(self) -> None:
        # a quote, not a copy: a pathological sentence (a 10,000-character name) stays bounded
        if self.sentence is not None and len(self.sentence) > MAX_QUOTE:
            object.__setattr__(self, "sentence", self.sentence[:MAX_QUOTE] + "…")

    def _sentence_shown(self) -> str:
        """The sentence as a description shows it: its first 60 characters."""
        sentence = self.sentence or ""
        return sentence[:SHOWN] + ("…" if len(sentence) > SHOWN else "")

    def describe(self) -> str:
        parts = []
        if self.table:
            parts.append(f"表“{self.table}”")
        if self.row:
            parts.append(f"“{self.row}”行")
        if self.column:
            parts.append(f"“{self.column}”栏")
        if self.section:
            parts.append(f"“{self.section}”")
        if self.sentence:
            parts.append(f"句子“{self._sentence_shown()}”")
        return "，".join(parts)

    def describe_en(self) -> str:
        parts = []
        for name, value in (("table", self.table), ("row", self.row), ("column", self.column)):
            if value:
                parts.append(f"{name} “{value}”")
        if self.section:
            parts.append(f"section “{self.section}”")
        if self.sentence:
            parts.append(f"sentence “{self._sentence_shown()}”")
        return ", ".join(parts)


@dataclass(frozen=True)
class Hint:
    """A suggested fix, in Chinese and in English: a rule cannot give one without the other."""

    zh: str
    en: str

    def __post_init__(self) -> None:
        if not self.zh.strip() or not self.en.strip():
            raise ValueError(f"a hint needs both its Chinese and its English: {self!r}")


# The hint of a 尾差 notice (arith.N001, cross.N001): a difference within the rounding of the
# printed figures.
ROUNDING_HINT = Hint(
    "尾差可保留；如需一致，可调整末位",
    "The rounding difference may stay; to make them agree, adjust the last digit",
)


@dataclass(frozen=True)
class Finding:
    """One fact a rule found: the message states both sides (正文：…；按金额计算：…)."""

    rule: str
    severity: Severity
    message: str
    message_en: str
    hint: str = ""
    hint_en: str = ""
    location: Location = field(default_factory=Location)
    provenance: Provenance | None = None

    def __post_init__(self) -> None:
        if bool(self.hint) != bool(self.hint_en):
            raise ValueError(f"finding {self.rule}: a hint needs both its Chinese and its English")

    def where(self) -> str:
        return "" if self.provenance is None else self.provenance.describe()

    def where_en(self) -> str:
        return "" if self.provenance is None else self.provenance.describe_en()

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "message_en": self.message_en,
            "hint": self.hint,
            "hint_en": self.hint_en,
            "location": {k: v for k, v in asdict(self.location).items() if v is not None},
            "provenance": None if self.provenance is None else self.provenance.model_dump(exclude_none=True),
        }
