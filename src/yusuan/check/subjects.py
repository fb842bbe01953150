"""The subject codes a document prints and what it calls them, and the names of codes across the
years: what the code rules (``check.rules.code``) and the rules on the text's subject names
(``check.rules.text_names``) both ask."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from yusuan.check.context import CheckContext
from yusuan.check.match import norm_name
from yusuan.model.codes import CodeKind
from yusuan.model.document import Row, Table
from yusuan.reference.catalog import (
    Catalog,
    Entry,
    available_years,
    cited_document,
    evidence_years,
    load_catalog,
)
from yusuan.text.spacing import is_subsequence


def is_summary(table: Table) -> bool:
    return any(c.key.startswith(("income.", "expenditure.")) for c in table.columns)


@dataclass
class Printed:
    """A code as one table prints it, with the name beside it."""

    table: Table
    row: Row
    code: str
    kind: CodeKind
    name: str
    column: str  # the column holding the name


# ---------------------------------------------------------------------------- names by year
# The names of a code in other years come from the catalogues of those years: the official name
# (imported Ministry list, shipped fragments) and the names budget documents of that year print
# (``<kind>_<year>_corpus.csv``, each row citing file and page). A printed name is evidence that
# the name was in use that year, not proof that it was the official one; the official name wins.

# years around the budget year whose documents tell its name where its own are too few
_NEIGHBOURS = 2
_DOCUMENTS_FOR_A_NAME = 2  # documents (other than the one checked) that must print a year's name


def code_as_printed(table: Table, index: int) -> bool:
    """Whether the reader's code for row ``index`` is printed: in its code cell, in 类/款/项 cells,
    with the name ("[2011301]行政运行": no code cell), or as a 款/项 number under the code above
    ("10" under 201); not a 序号 taken for such a number (a run "25", "26", … of consecutive
    numbers, xian/11 p.33, which the reader joined to the class above as 21125, 21126 …)."""
    row = table.rows[index]
    code = row.code or ""
    texts = _code_texts(table, row)
    joined = "".join(t.zfill(2) if len(t) < 3 else t for t in texts)
    if not texts or code in texts or joined == code:
        return True
    number = _short_number(texts)
    if number is None or not code.endswith(texts[0].zfill(2)):
        return False
    around = [table.rows[i] for i in (index - 1, index + 1) if 0 <= i < len(table.rows)]
    return not any(
        (other := _short_number(_code_texts(table, r))) is not None and abs(other - number) == 1
        for r in around
    )


def _code_texts(table: Table, row: Row) -> list[str]:
    return [
        cell.text.strip()
        for column, cell in zip(table.columns, row.cells, strict=False)
        if column.is_code and cell.text.strip()
    ]


def _short_number(texts: list[str]) -> int | None:
    return int(texts[0]) if len(texts) == 1 and texts[0].isdigit() and len(texts[0]) <= 2 else None


_NOT_SUBJECT_TABLES = ("projects", "procurement")  # their codes sit beside project or unit names


def kind_of_code(code: str) -> CodeKind | None:
    """The classification a well-formed code belongs to: 2xx function (3/5/7 digits), 3xx economic
    (3/5 digits); None for anything else (unit and project numbers, 5xx government economic)."""
    if not code.isascii() or not code.isdigit():
        return None
    if code[0] == "2" and len(code) in (3, 5, 7):
        return CodeKind.FUNCTION
    if code[0] == "3" and len(code) in (3, 5):
        return CodeKind.ECONOMIC
    return None


def _code_cell(table: Table, row: Row) -> str:
    """The code of a row the reader left without one (a table of no known layout, its columns
    shifted by a 序号 column): the one code-column cell holding a well-formed code."""
    found = [text for text in _code_texts(table, row) if kind_of_code(text) is not None]
    return found[0] if len(found) == 1 else ""


def printed_subjects(ctx: CheckContext) -> Iterator[Printed]:
    """Every code a subject table prints with the name beside it, as printed: the kind by the code
    itself; codes the reader pieced together from a 序号 left out (:func:`code_as_printed`); rows the
    reader left without a code taken from their code cell; remainder lines (a code again below its
    children) and project or purchase tables left out. Unlike :func:`printed_codes` (the rows the
    layout's tables hold, for comparing tables), this is what a document says a code is called."""
    for table in ctx.document.tables:
        if is_summary(table) or table.key.startswith(_NOT_SUBJECT_TABLES):
            continue
        codes = [
            ((row.code if code_as_printed(table, index) else "") if row.code else _code_cell(table, row))
            if row.kind not in ("total", "label")
            else ""
            for index, row in enumerate(table.rows)
        ]
        for index, (row, code) in enumerate(zip(table.rows, codes, strict=True)):
            kind = kind_of_code(code)
            if kind is None or any(
                c and (c == code or (c != code and c.startswith(code))) for c in codes[:index]
            ):
                continue
            for key in ("name", "label"):
                cell = ctx.cell(table, row, key)
                if cell is not None and cell.text.strip():
                    # the code printed in the name cell, "[30201]办公费" (zhuhai p.17)
                    name = re.sub(rf"^\[{code}\]\s*", "", cell.text.strip())
                    yield Printed(table, row, code, kind, name, key)
                    break


def same_or_shortened(a: str, b: str) -> bool:
    """Two names that do not contradict: equal (as compared), one inside the other (a name cut
    short, a qualifier added, words before it), one an abbreviation of the other (its characters
    in order: "政府办公厅事务" of "政府办公厅（室）及相关机构事务"), or the same characters in another
    order (a slip of word order, "一般行政事务管理" for 一般行政管理事务, not another subject)."""
    a, b = norm_name(a), norm_name(b)
    return (
        a == b or a in b or b in a or is_subsequence(a, b) or is_subsequence(b, a) or sorted(a) == sorted(b)
    )


def _own_files(ctx: CheckContext) -> set[str]:
    """The file names the checked document was read from (its own rows in the corpus catalogues
    are not evidence about other documents)."""
    files = set()
    for table in ctx.document.tables:
        for row in table.rows:
            provenance = ctx.row_provenance(row)
            if provenance is not None and provenance.file:
                files.add(Path(provenance.file).name)
                break
    return files


@dataclass(frozen=True)
class YearName:
    """What a code is called in a year, and on what evidence."""

    year: int
    name: str
    official: bool  # from the year's catalogue (imported list or shipped fragment)
    sources: tuple[str, ...]  # the citation(s): the catalogue source, or the documents
    code: str | None = None  # where the name was another code's

    def cited(self) -> str:
        subject = f"科目 {self.code} " if self.code else ""
        if self.official:
            return f"{self.year} 年科目表中{subject}为“{self.name}”（{self.sources[0]}）"
        more = f"等 {len(self.sources)} 份文件" if len(self.sources) > 1 else ""
        return f"{self.year} 年的预算公开文件{subject}印作“{self.name}”（{self.sources[0]}{more}）"

    def cited_en(self) -> str:
        where = "catalogue" if self.official else f"{len(self.sources)} published document(s)"
        subject = f" for {self.code}" if self.code else ""
        return f"'{self.name}'{subject} in {self.year} ({where}: {self.sources[0]})"


class YearNames:
    """The names of codes across the years with data, for one document (its own rows left out)."""

    def __init__(self, ctx: CheckContext) -> None:
        self.own = _own_files(ctx)
        self._catalogs: dict[tuple[CodeKind, int], Catalog] = {}

    def catalog(self, kind: CodeKind, year: int) -> Catalog:
        key = (kind, year)
        if key not in self._catalogs:
            self._catalogs[key] = load_catalog(year, kind)
        return self._catalogs[key]

    def _printed(self, kind: CodeKind, year: int, code: str) -> list[Entry]:
        return [
            entry
            for entry in self.catalog(kind, year).printed(code)
            if Path(cited_document(entry) or "").name not in self.own
        ]

    def in_use(self, kind: CodeKind, year: int, code: str, name: str) -> YearName | None:
        """The evidence that ``code`` was called ``name`` in ``year`` (official or printed)."""
        wanted = norm_name(name)
        entry = self.catalog(kind, year).lookup(code)
        if entry is not None and norm_name(entry.name) == wanted:
            return YearName(year, entry.name, True, (entry.source,))
        printed = [e for e in self._printed(kind, year, code) if norm_name(e.name) == wanted]
        if printed:
            return YearName(year, printed[0].name, False, tuple(e.source for e in printed))
        return None

    def current(self, kind: CodeKind, year: int, code: str) -> YearName | None:
        """The name of ``code`` in ``year``: the official one, else the one name other documents of
        the year print (at least two documents, and no other name); None when unknown or disputed."""
        entry = self.catalog(kind, year).lookup(code)
        if entry is not None:
            return YearName(year, entry.name, True, (entry.source,))
        # the year's own documents; where they are too few, those of the years around it, as long
        # as all of them print one name (a rename in between shows as two names: nothing is said)
        for span in (0, _NEIGHBOURS):
            years = [y for y in evidence_years(kind) if abs(y - year) <= span]
            printed = [e for y in years for e in self._printed(kind, y, code)]
            names = {norm_name(e.name) for e in printed}
            documents = {cited_document(e) for e in printed}
            if len(names) == 1 and len(documents) >= _DOCUMENTS_FOR_A_NAME:
                shown = year if span == 0 else min(years, key=lambda y: (abs(y - year), y))
                return YearName(shown, printed[0].name, False, tuple(e.source for e in printed))
            if len(names) > 1:
                return None
        return None

    def years_before(self, kind: CodeKind, year: int) -> list[int]:
        return sorted((y for y in {*available_years(kind), *evidence_years(kind)} if y < year), reverse=True)

    def former(self, kind: CodeKind, year: int, code: str, name: str) -> tuple[YearName, YearName] | None:
        """(the earlier year's name, the budget year's name) when ``name`` is what ``code`` was
        called in an earlier year while the budget year calls it otherwise; else None."""
        if not norm_name(name) or self.in_use(kind, year, code, name) is not None:
            return None
        now = self.current(kind, year, code)
        if now is None or same_or_shortened(now.name, name):
            return None
        for earlier in self.years_before(kind, year):
            then = self.in_use(kind, earlier, code, name)
            if then is not None:
                return then, now
        # An earlier year's name of another code: only a complete list of the budget year (an
        # imported Ministry list) shows that no code is called so any more.
        catalog = self.catalog(kind, year)
        wanted = norm_name(name)
        if not catalog.is_complete or any(norm_name(entry.name) == wanted for entry in catalog):
            return None
        for earlier in self.years_before(kind, year):
            then = self._named(kind, earlier, wanted, code)
            if then is not None:
                return then, now
        return None

    def _named(self, kind: CodeKind, year: int, wanted: str, besides: str) -> YearName | None:
        """The evidence that a code other than ``besides`` was called ``wanted`` in ``year``."""
        catalog = self.catalog(kind, year)
        for entry in catalog:
            if entry.code != besides and entry.level != "类" and norm_name(entry.name) == wanted:
                return YearName(year, entry.name, True, (entry.source,), entry.code)
        printed = [
            e
            for e in catalog.all_printed()
            if e.code != besides
            and norm_name(e.name) == wanted
            and Path(cited_document(e) or "").name not in self.own
        ]
        codes = {e.code for e in printed}
        if len(codes) == 1:
            return YearName(year, printed[0].name, False, tuple(e.source for e in printed), printed[0].code)
        return None
