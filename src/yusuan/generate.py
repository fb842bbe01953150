"""Generating a budget's disclosure document: the layout drafts it, the narrative writes its text,
the layout finishes it.

The layout (:mod:`yusuan.layout`) never imports the narrative (:mod:`yusuan.narrative`); this module
sits above both and runs them in turn.
"""

from __future__ import annotations

from pathlib import Path

from yusuan.compute import Figures
from yusuan.layout.build import DocumentBuilder
from yusuan.layout.profile import LayoutProfile
from yusuan.model.budget import Budget
from yusuan.model.document import Document
from yusuan.narrative.write import project_notes, write_sections


def build_document(
    budget: Budget,
    profile: LayoutProfile,
    figures: Figures | None = None,
    templates_dir: Path | None = None,
) -> Document:
    """The disclosure document of ``budget`` laid out as ``profile`` prescribes.

    ``templates_dir`` holds the user's own narrative templates, found before the shipped ones.
    """
    builder = DocumentBuilder(budget, profile, figures)
    draft = builder.draft()
    remarks = write_sections(
        draft.tables,
        [*draft.profile_sections, *draft.sections],
        builder.figures,
        profile,
        builder.name_of,
        templates_dir,
    )
    return builder.finish(draft, remarks, project_notes(budget, profile))
