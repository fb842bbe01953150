"""Lay out the disclosure document of a budget in one layout profile.

The builder drafts the document (tables, section headings) and finishes it once the narrative
(:mod:`yusuan.narrative.write`) has written the sections' text; :func:`yusuan.generate.build_document`
runs the three steps.

Every figure comes from :mod:`yusuan.compute` (the cube and the derived figures) and carries
its provenance: the budget fields it sums and how. Free text comes from the budget as entered.
"""

from __future__ import annotations

from dataclasses import dataclass

from yusuan.compute import Figures, compute
from yusuan.layout.charts import charts
from yusuan.layout.contents import build_contents
from yusuan.layout.kinds import TABLE_KINDS
from yusuan.layout.performance import performance_tables
from yusuan.layout.profile import LayoutProfile, TableSpec
from yusuan.layout.sections import build_sections, has_content, renumber_parts, without_empty
from yusuan.layout.table import TableBuilder
from yusuan.model.budget import Budget, PartState
from yusuan.model.document import Document, GlossaryEntry, Part, ProjectNote, Section, Table
from yusuan.reference.catalog import CORPUS_SOURCE


@dataclass
class Draft:
    """A document before its text: the tables, and the sections with their headings only."""

    tables: list[Table]
    profile_sections: list[Section]
    sections: list[Section]


class DocumentBuilder:
    """Maps one budget onto one layout profile."""

    def __init__(
        self,
        budget: Budget,
        profile: LayoutProfile,
        figures: Figures | None = None,
    ) -> None:
        self.budget = budget
        self.profile = profile
        self.figures = figures or compute(budget)
        self.remarks: list[str] = []
        self.unnamed: dict[str, list[str]] = {}  # code: the numbers of the tables that print it
        self.borrowed: dict[str, list[str]] = {}  # named after other documents (printed_name)

    # ---------------------------------------------------------------- helpers
    def fill(self, template: str, number: str = "") -> str:
        """Fill a layout template: {unit} {year} {prior_year} {scope} {number}."""
        b = self.budget
        return template.format(
            unit=b.unit.name, year=b.year, prior_year=b.year - 1, scope=self.profile.scope, number=number
        )

    def name_of(self, code: str, spec: TableSpec | None = None) -> str:
        """The subject's name; a missing one, and one taken from other documents' printed names,
        is remembered for the document's remarks."""
        name = self.figures.subject_name(code)
        found = self.unnamed if name is None else self.borrowed
        if name is None or self.figures.printed_name(code) is not None:
            found.setdefault(code, [])
            if spec is not None and spec.number not in found[code]:
                found[code].append(spec.number)
        return name or ""

    def name_remarks(self) -> list[str]:
        """What the preparer is told about subject names: those unknown (which code, which tables,
        where to give the name) and those taken from other documents of the year (to confirm)."""
        year = self.budget.year
        remarks = []
        for code, found_in in self.unnamed.items():
            where = f"表{'、'.join(found_in)}" if found_in else "正文"
            remarks.append(
                f"科目 {code} 没有名称（{where}中名称空缺）：预算未给出，{year} 年科目表和相近年度的公开文件中也没有；"
                f'请在预算源的 subject_names 中写明（如 subject_names: {{"{code}": 科目名称}}），'
                f"或用 yusuan reference import 导入 {year} 年科目表"
            )
        named = [
            (code, found) for code in self.borrowed if (found := self.figures.printed_name(code)) is not None
        ]
        for printed_year in sorted({found_year for _, (found_year, _) in named}):
            these = [(code, entry) for code, (found_year, entry) in named if found_year == printed_year]
            numbers = dict.fromkeys(n for code, _ in these for n in self.borrowed[code])
            where = f"表{'、'.join(numbers)}" if numbers else "正文"
            names = "、".join(f"{code}“{entry.name}”" for code, entry in these)
            files = (entry.source.removeprefix(CORPUS_SOURCE).split(" 第")[0] for _, entry in these)
            remarks.append(
                f"科目 {names}（{where}）的名称预算和 {year} 年科目表中都没有，取自 {printed_year} 年"
                f"公开文件印出的名称（{'、'.join(dict.fromkeys(files))}）：请核对，"
                "不同的请在预算源的 subject_names 中写明"
            )
        return remarks

    def empty_note(self, spec: TableSpec) -> str | None:
        if spec.part is not None:
            state = self.budget.part_state(spec.part)
            declared = self.budget.none_this_year
            note = getattr(declared, spec.part, None) if declared is not None else None
            if state is PartState.NONE and note:
                return str(note)
            if state is PartState.UNDECLARED:
                self.remarks.append(
                    f"表{spec.number}“{self.fill(spec.title)}”为空，但预算未声明本年无此项（none_this_year）"
                )
        return self.fill(spec.empty_note) if spec.empty_note else None

    # ---------------------------------------------------------------- tables
    def table(self, spec: TableSpec) -> Table:
        return TABLE_KINDS[spec.kind](TableBuilder(self, spec))

    def draft(self) -> Draft:
        """The tables and the headings of the sections, before the narrative writes their text."""
        return Draft(
            tables=[self.table(spec) for spec in self.profile.tables],
            profile_sections=build_sections(self.profile.profile_sections, self.fill),
            sections=build_sections(self.profile.sections, self.fill),
        )

    def finish(self, draft: Draft, remarks: list[str], projects: list[ProjectNote]) -> Document:
        """The document, once the narrative has written the draft's sections: ``remarks`` are what
        it told the preparer, ``projects`` the projects as the text describes them."""
        b = self.budget
        tables = draft.tables
        self.remarks += remarks
        left_out: list[Section] = []
        profile_sections, sections = (
            without_empty(draft.profile_sections, left_out),
            without_empty(draft.sections, left_out),
        )
        said = " ".join(self.remarks)
        self.remarks += [
            f"“{section.heading}”没有可写的内容（见上），这一部分未写入文件"
            for section in left_out
            if f"“{section.heading}”" not in said
        ]
        self.remarks += self.name_remarks()
        document = Document(
            layout=self.profile.id,
            year=b.year,
            scope=self.profile.scope,
            unit_name=b.unit.name,
            title=self.fill(self.profile.document_title),
            profile=profile_sections,
            tables=tables,
            sections=sections,
            performance=performance_tables(b, self.figures, self.profile.scope),
            charts=charts(b, self.figures, self.name_of),
            projects=projects,
            glossary=[GlossaryEntry(term=t.term, definition=t.definition) for t in b.glossary],
            issuer=b.issuer.name if b.issuer else None,
            date=b.issuer.date if b.issuer else None,
            parts=[
                Part(key=p.key, heading=self.fill(p.heading) if p.heading else None)
                for p in self.profile.parts
            ],
            remarks=self.remarks,
        )
        document.parts = renumber_parts([part for part in document.parts if has_content(document, part.key)])
        document.contents = build_contents(
            document,
            self.profile.contents,
            {part.key: part.listed for part in self.profile.parts},
            {spec.key: self.fill(spec.title) for spec in self.profile.tables},
        )
        return document
