"""The table of contents (目录) of a built document: its entries, numbered as the layout numbers them.

Decided here once, from the document's parts and the layout's ``contents`` settings; the PDF, DOCX
and HTML renderers print the entries as they are (each links an entry to what its ``key`` names).

A part with a heading is an entry, and what it holds (its sections, tables, performance tables,
charts) is listed under it; a part without one lists what it holds as entries of the first level,
each section with its subsections under it. A part the layout marks ``listed: false`` gives its
heading alone (Jiangsu's 第三部分), or its sections without their subsections (Shanghai's
其他相关情况说明). Shanghai numbers the entries of the first level 一、二、… in the contents only
(its headings are printed without numbers) and lists the tables as "1. 2024年部门财务收支预算总表";
Jiangsu lists them as "一、收支预算总表" under 第二部分.
"""

from __future__ import annotations

from collections.abc import Mapping

from yusuan.layout.profile import ContentsSpec
from yusuan.model.document import ContentsEntry, Document, Part, Section, Table
from yusuan.text.numerals import chinese_number

# the parts of a document that names none, in the renderers' order
DEFAULT_PARTS = ("profile", "tables", "sections", "performance", "charts", "glossary")
_Item = tuple[str, str, list[Section]]  # key, title, the subsections under it


def _table_title(table: Table, place: int, spec: ContentsSpec, names: Mapping[str, str]) -> str:
    if spec.table is None:
        return f"{table.number_label} {table.title}" if table.number_label else table.title
    return spec.table.format(
        number=table.number or "", ordinal=chinese_number(place), title=names.get(table.key, table.title)
    )


def _items(
    document: Document, kind: str, key: str, claimed: set[str], spec: ContentsSpec, names: Mapping[str, str]
) -> list[_Item]:
    """What a part holds, as contents entries."""
    if kind == "profile":
        return [(f"section:{s.key}", s.heading, s.subsections) for s in document.profile]
    if kind == "sections":
        return [
            (f"section:{s.key}", s.heading, s.subsections) for s in document.sections if s.key not in claimed
        ]
    if kind == "section":
        found = [s for s in document.sections if s.key == key]
        return [(f"section:{s.key}", s.heading, s.subsections) for s in found]
    if kind == "tables":
        return [
            (f"table:{t.key}", _table_title(t, place, spec, names), [])
            for place, t in enumerate(document.tables, start=1)
        ]
    if kind == "performance":
        return [
            (f"performance:{p.key}", f"{p.title}（{p.project}）" if p.project else p.title, [])
            for p in document.performance
        ]
    if kind == "charts":
        return [(f"chart:{c.key}", c.title, []) for c in document.charts]
    return []


def build_contents(
    document: Document,
    spec: ContentsSpec | None = None,
    listed: Mapping[str, bool] | None = None,
    table_names: Mapping[str, str] | None = None,
) -> list[ContentsEntry]:
    """The contents of ``document``: ``spec`` says how they are numbered, ``listed`` which parts list
    what they hold (by part key; all where not given), ``table_names`` the tables' titles as the
    layout names them (by table key), for ``spec.table``'s {title}."""
    spec = spec or ContentsSpec()
    listed = listed or {}
    names = table_names or {}
    claimed = {p.key.partition(":")[2] for p in document.parts if p.key.startswith("section:")}
    entries: list[ContentsEntry] = []
    for part in document.parts or [Part(key=key) for key in DEFAULT_PARTS]:
        kind, _, key = part.key.partition(":")
        items = _items(document, kind, key, claimed, spec, names)
        lists = listed.get(part.key, True)
        if part.heading:
            entries.append(ContentsEntry(title=part.heading, level=1, key=f"part:{part.key}"))
            if lists:
                entries += [ContentsEntry(title=title, level=2, key=k) for k, title, _ in items]
            continue
        for k, title, subsections in items:
            entries.append(ContentsEntry(title=title, level=1, key=k))
            if lists:
                entries += [
                    ContentsEntry(title=sub.heading, level=2, key=f"section:{sub.key}") for sub in subsections
                ]
    if spec.numbers == "chinese":
        first = [entry for entry in entries if entry.level == 1]
        for number, entry in enumerate(first, start=1):
            entry.title = f"{chinese_number(number)}、{entry.title}"
    return entries


def contents_of(document: Document) -> list[ContentsEntry]:
    """The contents a renderer prints: the document's own (built by its layout), or, for a document
    that has none to link (read from a file, or made by hand), every part listed as it is headed."""
    if document.contents and all(entry.key for entry in document.contents):
        return document.contents
    return build_contents(document)
