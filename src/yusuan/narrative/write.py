"""The narrative's step in building a document: the drafted sections' text written from the
templates, and the projects as that text describes them.

It runs after the layout has drafted the document (:meth:`yusuan.layout.build.DocumentBuilder.draft`)
and before the layout finishes it; :func:`yusuan.generate.build_document` runs the steps.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from yusuan.compute import Figures
from yusuan.layout.profile import LayoutProfile
from yusuan.model.budget import Budget
from yusuan.model.document import ProjectNote, Provenance, Section, Table
from yusuan.model.money import format_amount
from yusuan.narrative.context import NarrativeContext, period_text
from yusuan.narrative.render import NarrativeWriter


def write_sections(
    tables: list[Table],
    sections: list[Section],
    figures: Figures,
    profile: LayoutProfile,
    name_of: Callable[[str], str],
    templates_dir: Path | None = None,
) -> list[str]:
    """Fill the sections' paragraphs from the narrative templates; the remarks for the preparer
    (what a template could not say, the sections no template writes)."""
    titles = {table.key: table.title for table in tables}
    context = NarrativeContext(figures, profile.scope, name_of, titles)
    writer = NarrativeWriter(profile.templates or profile.id, context, templates_dir)
    writer.fill(sections)
    remarks = list(context.remarks)
    remarks += [
        f"“{section.heading}”没有可用的文字模板，这一部分未写入文件；要写它，请在 --templates 文件夹中"
        f"放 {profile.templates or profile.id}/{section.key}.j2 或 {section.key}.j2（见 docs/templates.md）"
        for section in writer.missing
    ]
    return remarks


def project_notes(budget: Budget, profile: LayoutProfile) -> list[ProjectNote]:
    """The projects as the text describes them, so the checker sees them as in a read document
    (none where the layout has no section that describes them)."""
    stack = list(profile.sections)
    keys: set[str] = set()
    while stack:
        spec = stack.pop()
        keys.add(spec.key)
        stack += spec.subsections
    if not keys & {"projects", "project_notes"}:
        return []

    return [
        ProjectNote(
            number=index,
            name=project.name,
            basis=project.basis,
            amount=project.amount,
            owner=project.owner,
            allocations=[(a.item, a.amount) for a in project.allocations],
            allocations_text="、".join(f"{a.item}{format_amount(a.amount)}万元" for a in project.allocations)
            or None,
            period=period_text(project.period) or None,
            provenance=Provenance(path=f"projects[{index - 1}]"),
        )
        for index, project in enumerate(budget.projects, start=1)
    ]
