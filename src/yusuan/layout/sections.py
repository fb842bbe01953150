"""The sections and parts of a document: the headings the layout declares, and what is left of
them once the text is written (empty sections and parts left out, the rest numbered on)."""

from __future__ import annotations

import re
from collections.abc import Callable

from yusuan.layout.profile import SectionSpec
from yusuan.model.document import Document, Part, Section
from yusuan.text.numerals import chinese_number


def build_sections(specs: list[SectionSpec], fill: Callable[[str], str]) -> list[Section]:
    """The sections the layout declares, headings filled, without text yet."""
    return [
        Section(
            key=s.key,
            number=s.number,
            title=fill(s.title),
            subsections=build_sections(s.subsections, fill),
        )
        for s in specs
    ]


def without_empty(sections: list[Section], left_out: list[Section] | None = None) -> list[Section]:
    """The sections that have something to say: a heading with neither text nor subsections under
    it is left out (added to ``left_out``, numbered as the layout numbers it, for the remarks), and
    the rest of its siblings numbered on without a gap."""
    kept = []
    for section in sections:
        section.subsections = without_empty(section.subsections, left_out)
        if section.paragraphs or section.subsections:
            kept.append(section)
        elif left_out is not None:
            left_out.append(section.model_copy())
    if len(kept) < len(sections):
        _renumber(kept, [s.number for s in sections])
    return kept


def _renumber(kept: list[Section], numbers: list[str | None]) -> None:
    """Number ``kept`` 一、二、… (or （一）…, 1. …) where the layout numbered all the siblings
    in one such run; other numbering is left as it is."""
    for wrap in ("{}", "（{}）"):
        if numbers == [wrap.format(chinese_number(i)) for i in range(1, len(numbers) + 1)]:
            for index, section in enumerate(kept, start=1):
                section.number = wrap.format(chinese_number(index))
            return
    if numbers == [str(i) for i in range(1, len(numbers) + 1)]:
        for index, section in enumerate(kept, start=1):
            section.number = str(index)


_PART_NUMBER = re.compile(r"^第([一二三四五六七八九十]+)部分")


def renumber_parts(parts: list[Part]) -> list[Part]:
    """Number the parts 第一部分, 第二部分, … without a gap where one is left out for want of content
    (a budget without performance targets prints no 第五部分 绩效目标, and 图解 follows as 第五部分)."""
    number = 0
    for part in parts:
        if part.heading and _PART_NUMBER.match(part.heading):
            number += 1
            part.heading = _PART_NUMBER.sub(f"第{chinese_number(number)}部分", part.heading, count=1)
    return parts


def has_content(document: Document, key: str) -> bool:
    """Whether the part ``key`` has anything to print (a part without is left out, heading and all)."""
    if key.startswith("section:"):
        return any(section.key == key.partition(":")[2] for section in document.sections)
    content: dict[str, object] = {
        "profile": document.profile,
        "tables": document.tables,
        "sections": document.sections,
        "performance": document.performance,
        "charts": document.charts,
        "glossary": document.glossary,
    }
    return bool(content.get(key, True))
