"""What a rule sees: the document, its layout, helpers to find figures, and the rounding policy.

Figures are compared as printed. A difference no larger than the rounding of the printed parts
(half a unit of the last printed place per part) is a rounding difference (尾差): reported as a
notice by the ``*.N*`` rules, never as an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any, Literal

from yusuan.check.finding import Finding, Hint, Location, Severity
from yusuan.check.registry import REQUIRED_BY_LAYOUT, ROWS_BY_LAYOUT
from yusuan.layout import available_layouts
from yusuan.layout.profile import LayoutProfile
from yusuan.model.document import Cell, Claim, Document, Provenance, Row, Section, Table
from yusuan.model.money import AmountUnit
from yusuan.text.claims import normalise
from yusuan.text.spacing import squeeze

Comparison = Literal["equal", "rounding", "different"]


@lru_cache(maxsize=8192)
def normalised(text: str) -> str:
    """Text as claims are read from it (full-width digits folded, spaces tidied), cached: every
    rule that looks at sentences asks for the same paragraphs."""
    return normalise(text)[0]


_SUMMARY_ORDINAL = re.compile(r"^[一二三四五六七八九十百]+、|^\d{3}\s*")


def _plain_name(text: str) -> str:
    return squeeze(text).replace("(", "（").replace(")", "）")


def places_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def compare(printed: Decimal, expected: Decimal, parts: int = 1, places: int | None = None) -> Comparison:
    """Equal; within the rounding of ``parts`` printed figures (尾差); or different."""
    if printed == expected:
        return "equal"
    digits = places if places is not None else max(places_of(printed), places_of(expected))
    tolerance = Decimal(parts) * Decimal(5) * Decimal(10) ** (-(digits + 1))
    return "rounding" if abs(printed - expected) <= tolerance else "different"


def fmt(value: Decimal | None) -> str:
    return "（空）" if value is None else f"{value:,}" if abs(value) >= 10000 else str(value)


def grand_total(table: Table) -> Decimal | None:
    """The table's grand total as printed: of its total rows (合计, 收入总计 …), the largest first
    figure, which is 收入总计 of a two-sided summary and 合计 of a subject table; the first figure of
    a table of one row; None where no total row was read."""
    firsts = []
    rows = [row for row in table.rows if row.kind == "total"]
    if not rows and len(table.rows) == 1:
        rows = table.rows  # one row of figures and no total row (a 三公 table): that row is the total
    for row in rows:
        figures = [
            cell.value
            for column, cell in zip(table.columns, row.cells, strict=False)
            if column.kind == "figure" and cell.value is not None
        ]
        if figures:
            firsts.append(figures[0])
    return max(firsts) if firsts else None


def table_name(table: Table) -> str:
    """How a message names a table: 表3, 表十, or its title where no number is printed."""
    return f"表{table.number}" if table.number else f"“{table.title}”"


@dataclass
class CheckContext:
    document: Document
    prior: Document | None = None
    findings: list[Finding] = field(default_factory=list)
    # values derived from the document that rules ask for again and again, made once per check
    # (the document does not change while it is checked); keyed by their maker
    memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def profile(self) -> LayoutProfile | None:
        return available_layouts().get(self.document.layout)

    @property
    def year(self) -> int:
        return self.document.year

    # ------------------------------------------------------------------ tables
    def table(self, key: str) -> Table | None:
        for table in self.document.tables:
            if table.key == key:
                return table
        return None

    @staticmethod
    def column(table: Table, key: str) -> int | None:
        for index, column in enumerate(table.columns):
            if column.key == key:
                return index
        return None

    def value(self, table: Table, row: Row, key: str) -> Decimal | None:
        index = self.column(table, key)
        return None if index is None or index >= len(row.cells) else row.cells[index].value

    def cell(self, table: Table, row: Row, key: str) -> Cell | None:
        index = self.column(table, key)
        return None if index is None or index >= len(row.cells) else row.cells[index]

    @staticmethod
    def total_row(table: Table) -> Row | None:
        totals = [row for row in table.rows if row.kind == "total"]
        return totals[-1] if totals and table.key != "fiscal_expenditure" else (totals[0] if totals else None)

    @staticmethod
    def row_label(table: Table, row: Row) -> str:
        if row.code:
            name = next(
                (
                    c.text
                    for col, c in zip(table.columns, row.cells, strict=False)
                    if col.key == "name" and c.text
                ),
                "",
            )
            return f"{row.code} {name}".strip()
        return next((c.text for c in row.cells if c.text and c.value is None), "")

    @cached_property
    def class_codes_by_name(self) -> dict[str, str]:
        """Function class codes by the name the document prints beside them (a table with codes and
        names), to place a class a summary prints by its name alone or with an ordinal (一、…);
        read once per check (the document does not change while it is checked)."""
        names: dict[str, str] = {}
        for table in self.document.tables:
            if self.column(table, "name") is None:
                continue
            for row in table.rows:
                if row.code and len(row.code) == 3 and (cell := self.cell(table, row, "name")) and cell.text:
                    names.setdefault(_plain_name(cell.text), row.code)
        return names

    def summary_classes(self, table: Table) -> list[tuple[str, Row]]:
        """The class rows of a summary's expenditure side with their codes: printed with a 3-digit
        code, or by a name the document prints beside a class code elsewhere ("一般公共服务支出",
        "一、一般公共服务支出"). A name printed twice (五、其他支出 is the class 229, the 其他支出
        under it its 款 22999) places its first line, the class above its 款."""
        by_name = self.class_codes_by_name
        found: list[tuple[str, Row]] = []
        for row in table.rows:
            if row.kind == "total":
                continue
            code = row.code if row.code and len(row.code) == 3 else None
            if code is None and not row.code:
                cell = self.cell(table, row, "expenditure.label")
                label = (
                    _SUMMARY_ORDINAL.sub("", _plain_name(cell.text)) if cell is not None and cell.text else ""
                )
                code = by_name.get(label) if label else None
            if code is not None:
                found.append((code, row))
        seen: set[str] = set()
        first: list[tuple[str, Row]] = []
        for code, row in found:
            if row.code or code not in seen:
                first.append((code, row))
            seen.add(code)
        return first

    @staticmethod
    def to_wan(table: Table, value: Decimal) -> Decimal:
        return (table.unit or AmountUnit.WAN).to_wan(value)

    @staticmethod
    def row_provenance(row: Row) -> Provenance | None:
        return next((c.provenance for c in row.cells if c.provenance is not None), None)

    # ------------------------------------------------------------------ text
    def sections(self) -> Iterator[Section]:
        stack = [*self.document.profile, *self.document.sections]
        while stack:
            section = stack.pop(0)
            yield section
            stack[:0] = section.subsections

    def budget_sections(self) -> Iterator[Section]:
        """Every section but the profile's work plan (the layout's ``tasks``: 工作任务及目标), whose
        figures are the department's targets ("收缴国有资本收益增长30%"), not its budget."""
        stack = [*self.document.profile, *self.document.sections]
        while stack:
            section = stack.pop(0)
            if section.key == "tasks":
                continue  # and its subsections
            yield section
            stack[:0] = section.subsections

    def claims(self) -> Iterator[tuple[Section, Claim]]:
        for section in self.sections():
            for claim in section.claims:
                yield section, claim

    # ------------------------------------------------------------------ findings
    def record(
        self,
        rule_id: str,
        message: str,
        message_en: str,
        hint: Hint | None = None,
        location: Location | None = None,
        provenance: Provenance | None = None,
        rests_on: tuple[str, ...] = (),
    ) -> Finding:
        severity = {"E": Severity.ERROR, "W": Severity.WARNING, "N": Severity.NOTICE}[
            rule_id.split(".")[1][0]
        ]
        keys = (location.table_key if location else None, *rests_on)
        guess = next((g for g in map(self.guessed_table, keys) if g is not None), None)
        if guess is None and self.profile is None and rule_id in ROWS_BY_LAYOUT and keys[0]:
            guess = (
                "版式未能确定，表中各行按其他版式读取",
                "layout unknown, the rows read by another layout",
            )
        if guess is None and rule_id in REQUIRED_BY_LAYOUT:
            guess = self.layout_elsewhere()
        if guess and severity is not Severity.NOTICE:
            # A finding that rests on a guessed table identity is worth a look, not an alarm.
            severity = Severity.NOTICE
            message += f"（{guess[0]}，仅供核对）"
            message_en += f" ({guess[1]}; for review only)"
        finding = Finding(
            rule_id,
            severity,
            message,
            message_en,
            hint.zh if hint else "",
            hint.en if hint else "",
            location or Location(),
            provenance,
        )
        self.findings.append(finding)
        return finding

    def layout_elsewhere(self) -> tuple[str, str] | None:
        """Why a read document's layout may not require what it requires of the documents it was
        built on (the document's year or scope is not the layout's), in Chinese and English, or
        None. A document yusuan builds is in its layout by construction."""
        profile, document = self.profile, self.document
        if profile is None or not document.evidence:
            return None
        if (
            document.scope in ("部门", "单位")
            and profile.scope in ("部门", "单位")
            and document.scope != profile.scope
        ):
            return (
                f"文件为{document.scope}预算，所用版式“{profile.name}”据{profile.scope}预算制定",
                f"a {document.scope} document read in a layout of {profile.scope} documents",
            )
        if document.year and profile.years and document.year not in profile.years:
            built_on = "、".join(str(year) for year in profile.years)
            return (
                f"文件为{document.year}年，所用版式“{profile.name}”据{built_on}年的文件制定",
                f"a {document.year} document read in a layout of {built_on}",
            )
        return None

    def guessed_table(self, key: str | None) -> tuple[str, str] | None:
        """Why the identity of the table ``key`` is a guess, in Chinese and English (its title was
        lost and its shape was fitted; its title's words told it, no layout's title; or no layout
        fits and its header does not confirm its title), or None."""
        table = self.table(key) if key else None
        if table is None:
            return None
        if table.identified_by == "shape":
            return "此表没有标题，按形状推断为该表", "table identified by its shape"
        if table.identified_by.startswith("keyword"):
            if self.profile is None:
                return "没有适用的版式，此表按标题中的词语识别", "table identified by the words of its title"
            return (
                "所用版式中没有此表，此表按标题中的词语识别",
                "a table the layout does not have, identified by the words of its title",
            )
        if self.profile is None and table.identified_by != "title+header":
            return "版式未能确定，此表仅按标题识别", "layout unknown, table identified by its title alone"
        return None

    def at_cell(
        self, table: Table, row: Row, column_key: str | None = None
    ) -> tuple[Location, Provenance | None]:
        column = None
        provenance = self.row_provenance(row)
        if column_key is not None and (index := self.column(table, column_key)) is not None:
            column = table.columns[index].title
            if index < len(row.cells) and row.cells[index].provenance is not None:
                provenance = row.cells[index].provenance
        label = self.row_label(table, row)
        if column_key is not None and "." in column_key:
            # Side-by-side tables (income | expenditure): name the row by its own side's label.
            side = self.column(table, column_key.split(".", 1)[0] + ".label")
            if side is not None and side < len(row.cells) and row.cells[side].text.strip():
                label = row.cells[side].text.strip()
        return Location(table=table.title, table_key=table.key, row=label, column=column), provenance

    def at_claim(self, section: Section, claim: Claim) -> tuple[Location, Provenance | None]:
        return Location(section=section.heading, sentence=claim.sentence), claim.provenance
