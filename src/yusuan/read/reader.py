"""Read a published disclosure into the disclosure document, with a report of what was read.

result = read_document(Path("某单位2024年部门预算.pdf"))
result.document   # tables, sections with claims, performance tables, projects, glossary
result.report     # what was found, what is missing, what could not be read (in Chinese)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yusuan.compute.weights import weight_total
from yusuan.layout.profile import LayoutProfile, SectionSpec, project_fields, without_year
from yusuan.model.document import Document, PerformanceTable, Provenance, Section, Table
from yusuan.read.contents import empty_table_reasons, read_contents
from yusuan.read.formats import read_stream
from yusuan.read.headings import HeadingPattern
from yusuan.read.meta import read_meta
from yusuan.read.notes import read_glossary, read_project_grids, read_project_list, read_projects
from yusuan.read.performance import read_performance
from yusuan.read.sections import (
    all_sections,
    is_page_number,
    layout_headings_in,
    numbered_headings_in,
    split_sections,
)
from yusuan.read.stream import Block, Stream
from yusuan.read.tables.grids import Found
from yusuan.read.tables.recognise import recognise
from yusuan.read.tables.titles import match_title
from yusuan.read.text_grids import read_text_grids
from yusuan.text.spacing import squeeze

_PART = re.compile(r"^\s*第([一二三四五六七八九十]+)部分")
_CHARTS = re.compile(r"^(?:第[一二三四五六七八九十]+部分)?(?:图解|附图|图表)$")
_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_ISSUER = re.compile(
    r"(编制单位|编制部门|预算主管部门|预算单位|部门)\s*[:：]\s*([^\s单]+[^\s]*?)(?:\s|单位[:：]|$)"
)


@dataclass
class ReadReport:
    """What reading found, what it missed, and what it could not read — for people and for JSON."""

    file: str
    format: str
    layout: str | None
    layout_name: str | None
    tables: list[dict[str, Any]] = field(default_factory=list)
    missing_tables: list[str] = field(default_factory=list)
    unknown_titles: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    claims: int = 0
    performance: list[dict[str, Any]] = field(default_factory=list)
    projects: int = 0
    glossary: int = 0
    problems: list[str] = field(default_factory=list)
    pages: int | None = None
    # PDF pages read by the fallback engine (pdfplumber) instead of PDFium, with why
    fallback: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def lines(self) -> list[str]:
        """The report in Chinese, one line per fact."""
        out = [f"文件：{self.file}（{self.format}）", f"版式：{self.layout_name or '未能确定'}"]
        out.append(f"识别出 {len(self.tables)} 张表：")
        out += [
            f"  {t['number'] or '-'} {t['title']}：{t['rows']} 行（{t['where']}）"
            + ("，空表" if t["empty"] else "")
            for t in self.tables
        ]
        if self.missing_tables:
            out.append("版式中有、文件中未找到的表：" + "、".join(self.missing_tables))
        if self.unknown_titles:
            out.append("未能识别的表：" + "、".join(self.unknown_titles))
        out.append(f"说明部分 {len(self.sections)} 节，提取数字陈述 {self.claims} 处")
        out.append(
            f"绩效目标表 {len(self.performance)} 张，项目说明 {self.projects} 个，名词解释 {self.glossary} 条"
        )
        if self.fallback:
            out.append(f"由备用引擎 pdfplumber 读取（{len(self.fallback)} 处）：")
            out += [f"  • {line}" for line in self.fallback]
        if self.problems:
            out.append(f"未能读取或需要核对的内容（{len(self.problems)} 处）：")
            out += [f"  • {problem}" for problem in self.problems]
        return out


@dataclass
class ReadResult:
    document: Document
    report: ReadReport


def where(provenance: Provenance | None) -> str:
    """Where a table was read, in the read report (its file is the report's)."""
    return "" if provenance is None else provenance.describe(file=False, sep="，", table=True)


def _text_blocks(blocks: list[Block], skip: set[int] | None = None) -> list[tuple[str, Provenance]]:
    return [(b.text, b.provenance) for b in blocks if b.kind != "grid" and id(b) not in (skip or set())]


def _text_grids(blocks: list[Block], forms: set[int], tables: list[Table]) -> list[Block]:
    """The blocks of the explanatory text with its grids, less the performance forms and the grids
    on the pages of the tables read (a document of one part holds its tables too)."""
    pages = {
        cell.provenance.page
        for table in tables
        for row in table.rows
        for cell in row.cells
        if cell.provenance
    }
    return [b for b in blocks if id(b) not in forms and not (b.kind == "grid" and b.provenance.page in pages)]


def _form_blocks(stream: Stream, forms: list[Found]) -> set[int]:
    """The blocks of the performance forms (title, year, header fields, goal, grid captions): the
    form reads them, the sections do not (a web page prints the fields as a list, not a grid, and
    the sections would join its lines into one sentence)."""
    position = {id(block): index for index, block in enumerate(stream.blocks)}
    taken: set[int] = set()
    for found in forms:
        if not found.grids:
            continue
        start = next((i for i, b in enumerate(stream.blocks) if b.provenance is found.provenance), None)
        end = position.get(id(found.grids[-1]))
        if start is not None and end is not None and start <= end:
            taken.update(id(block) for block in stream.blocks[start : end + 1])
    return taken


def _layout_headings(profile: LayoutProfile | None, unit: str = "") -> list[tuple[HeadingPattern, str]]:
    """The unnumbered headings the layout prints at the top of its parts, each with the part's kind:
    the parts' own headings (名词解释, 部门预算表, 绩效目标 …), and, for a part without one, the
    titles of the sections it holds (部门主要职能 for the profile, 部门预算编制说明 for
    section:budget_notes)."""
    if profile is None:
        return []
    out: list[tuple[HeadingPattern, str]] = []
    for part in profile.parts:
        kind = "sections" if part.key.startswith("section:") else part.key
        if part.heading:
            out.append((HeadingPattern.of(part.heading, unit), kind))
        elif part.key == "profile":
            out += [
                (HeadingPattern.of(spec.title, unit), kind)
                for spec in profile.profile_sections
                if not spec.number
            ]
        elif part.key.startswith("section:"):
            key = part.key.partition(":")[2]
            out += [
                (HeadingPattern.of(s.title, unit), kind)
                for s in profile.sections
                if s.key == key and not s.number
            ]
    return out


def _section_headings(
    profile: LayoutProfile | None, *, profile_part: bool, unit: str = ""
) -> list[tuple[HeadingPattern, str]]:
    """The layout's section titles with their keys, so that a read section gets the layout's key."""
    if profile is None:
        return []
    specs = profile.profile_sections if profile_part else profile.sections
    out: list[tuple[HeadingPattern, str]] = []

    def walk(specs: list[SectionSpec]) -> None:
        for spec in specs:
            out.append((HeadingPattern.of(spec.title, unit), spec.key))
            walk(spec.subsections)

    walk(specs)
    return out


# numbered section headings the text must print of its own before they can speak against a layout
_TEXT_EVIDENCE = 3


def _text_fits(stream: Stream, profile: LayoutProfile, unit: str) -> bool:
    """Whether the document's text can be in ``profile``: it prints at least one of the layout's
    explanatory section headings, or too few numbered headings of its own to tell (the tables
    published alone: xian/02 prints table titles only). Headings are looked for in the whole text
    (the parts are the layout's too, and a wrong layout puts the text in the wrong part). A layout
    chosen for tables with common titles ("收支预算总表") whose text prints none of its headings is
    another region's: shanghai-city documents read with the Xinjiang profile alone fit its tables
    at 0.50-0.70, print 11 headings of their own and none of its 19, and got 3 false
    completeness errors each."""
    headings = _section_headings(profile, profile_part=False, unit=unit)
    if not headings:
        return True
    lines = [(t, p) for t, p in _text_blocks(stream.blocks) if not is_page_number(t)]
    if layout_headings_in(lines, headings):
        return True
    own = numbered_headings_in([(t, p) for t, p in lines if not match_title(t)])
    return own < _TEXT_EVIDENCE


def _parts(stream: Stream, profile: LayoutProfile | None = None, unit: str = "") -> dict[str, list[Block]]:
    """The document's parts by their headings: 第一部分 …, or, where the layout prints its parts
    without numbers (Shanghai: 部门主要职能, 名词解释, 部门预算编制说明, 部门预算表 …), the layout's
    own part headings printed alone on a line. The last heading of each number or text wins, since
    the contents list the same headings first. Parts of the same kind are joined in order; the
    explanatory parts that start at a section title keep that title as their first line. A part
    that is not the profile (概况), the tables (…表) or the glossary is explanatory text, whatever
    its name (Shenzhen: 第二部分 部门预算收支总体情况 … 第八部分 其他需要说明情况)."""
    layout_headings = _layout_headings(profile, unit)
    starts: dict[str, tuple[int, str | None]] = {}
    for index, block in enumerate(stream.blocks):
        if block.kind == "grid":
            continue
        text = squeeze(block.text)
        if _CHARTS.match(text):  # 图解, 第六部分 图解
            starts["charts"] = (index, "charts")  # the charts' captions and descriptions are not a section
        elif match := _PART.match(block.text):
            starts[match.group(1)] = (index, None)
        else:
            kind = next((k for pattern, k in layout_headings if pattern.match(text)), None)
            if kind is not None:
                starts[text] = (index, kind)
    if not starts:
        return {"all": stream.blocks}
    ordered = sorted(starts.values())
    if all(kind == "charts" for _, kind in ordered):
        # no part headings, only the charts: everything before them is read as one part
        return {"all": stream.blocks[: ordered[0][0]], "charts": stream.blocks[ordered[0][0] + 1 :]}
    parts: dict[str, list[Block]] = {"front": stream.blocks[: ordered[0][0]]}
    for position, (start, kind) in enumerate(ordered):
        end = ordered[position + 1][0] if position + 1 < len(ordered) else len(stream.blocks)
        heading = squeeze(stream.blocks[start].text)
        body = start + 1
        if kind is not None:
            if kind in ("sections", "profile") and not _layout_part_heading(heading, profile, unit):
                body = start  # a section title that opens the part: the section's own heading
            parts.setdefault(kind, []).extend(stream.blocks[body:end])
            continue
        following = stream.blocks[body] if body < end else None
        if (
            following is not None
            and following.kind == stream.blocks[start].kind  # a heading broken over two lines
            and len(squeeze(following.text)) <= 20
            and not re.match(r"^[一二三四五六七八九十]+[、.．]", following.text.strip())
        ):
            heading += squeeze(following.text)  # a part heading broken over two lines
            body += 1
        kind = (
            "profile"
            if "概况" in heading
            else "tables"
            if "表" in heading and "说明" not in heading
            else "glossary"
            if "名词解释" in heading
            else "sections"
        )
        if kind == "sections" and "说明" not in heading:
            # a part of the text under its own name ("第五部分 财政拨款“三公”经费预算情况"): its
            # heading titles the paragraphs that follow it
            body = start
        parts.setdefault(kind, []).extend(stream.blocks[body:end])
    return parts


def _layout_part_heading(heading: str, profile: LayoutProfile | None, unit: str = "") -> bool:
    """Whether ``heading`` is a part's own heading in the layout (not the title of a section)."""
    return profile is not None and any(
        part.heading and HeadingPattern.of(part.heading, unit).match(heading) for part in profile.parts
    )


def _title(stream: Stream) -> str:
    """The title: the first line naming a year's budget, with the line above it when the title
    was broken over two lines (a unit name without a year)."""
    blocks = [b for b in stream.blocks[:12] if b.kind != "grid"]
    for index, block in enumerate(blocks):
        text = squeeze(block.text)
        if re.search(r"\d{4}年.*(预算|公开)", text) and not text.startswith("第"):
            previous = squeeze(blocks[index - 1].text) if index else ""
            if previous and len(previous) <= 30 and not re.search(r"\d|目录|：", previous):
                return previous + text
            return block.text.strip()
    first = next((b.text for b in stream.blocks if b.kind != "grid"), "")
    return first.strip()


def _issuer_and_date(blocks: list[Block]) -> tuple[str | None, dt.date | None]:
    texts = [b.text.strip() for b in blocks if b.kind != "grid" and b.text.strip()]
    for index in range(len(texts) - 1, max(len(texts) - 6, -1), -1):
        match = _DATE.match(texts[index])
        if match:
            year, month, day = (int(g) for g in match.groups())
            issuer = "".join(t for t in texts[max(0, index - 2) : index] if len(t) <= 30 and "：" not in t)
            try:
                dated: dt.date | None = dt.date(year, month, day)
            except ValueError:  # a misprint such as 2月30日: no date rather than a wrong one
                dated = None
            return issuer or None, dated
    return None, None


def read_document(path: Path, **limits: Any) -> ReadResult:
    """Read one file; raises ReadError (Chinese message) when it cannot be read at all."""
    return read_publication([path], **limits)


def read_publication(paths: list[Path], **limits: Any) -> ReadResult:
    """Read one publication printed in one file or several (the text in one PDF, the tables in
    another): the files' blocks are read as one stream in the order given, each figure keeping
    its own file in its provenance."""
    streams = [read_stream(path, **limits) for path in paths]
    stream = streams[0]
    if len(streams) > 1:
        stream = Stream(
            file=" + ".join(s.file for s in streams),
            format=stream.format,
            blocks=[b for s in streams for b in s.blocks],
            problems=[p for s in streams for p in s.problems],
            pages=sum(s.pages or 0 for s in streams) or None,
            page_facts=[f for s in streams for f in s.page_facts],
            fallback=[f for s in streams for f in s.fallback],
        )
    meta = read_meta(stream.blocks)
    excluded: set[str] = set()
    while True:
        recognised = recognise(stream, meta.scope, meta.unit, meta.year, frozenset(excluded))
        profile = recognised.profile
        if profile is None or _text_fits(stream, profile, meta.unit):
            break
        excluded.add(profile.id)  # its tables looked alike, its text is another layout's
    parts = _parts(stream, profile, meta.unit)
    problems = list(stream.problems) + recognised.problems

    profile_sections: list[Section] = []
    if "profile" in parts:
        profile_sections = split_sections(
            _text_blocks(parts["profile"]),
            headings=_section_headings(profile, profile_part=True, unit=meta.unit),
            unit=meta.unit,
        )
    explanatory = parts.get("sections", parts.get("all", []))
    forms = _form_blocks(stream, recognised.performance)
    sections = split_sections(
        _text_blocks(explanatory, forms),
        headings=_section_headings(profile, profile_part=False, unit=meta.unit),
        unit=meta.unit,
    )
    glossary_blocks = parts.get("glossary", [])
    if not glossary_blocks:
        glossary_sections = [s for s in sections if "名词解释" in s.title]
        glossary_texts = [p for s in glossary_sections for p in s.paragraphs]
    else:
        glossary_texts = [b.text for b in glossary_blocks if b.kind != "grid"]
    projects = (
        read_projects(
            [(t, p) for t, p in _text_blocks(explanatory) if not is_page_number(t)], project_fields(profile)
        )
        or read_project_list(sections)
        or read_project_grids(explanatory)
    )

    performance: list[PerformanceTable] = []
    performance_report: list[dict[str, Any]] = []
    for found in recognised.performance:
        if not found.grids:
            continue  # a heading or a line of the contents
        table, table_problems = read_performance(found)
        problems += table_problems
        if table is not None:
            performance.append(table)
            performance_report.append(
                {
                    "title": table.title,
                    "project": table.project,
                    "indicators": len(table.indicators),
                    "weight_total": str(weight_total(table.indicators)),
                    "where": where(found.provenance),
                }
            )

    title = meta.title if meta.year else _title(stream)
    issuer, date = _issuer_and_date(stream.blocks)
    unit_name = meta.unit or next(
        (m.group(2) for b in stream.blocks if b.kind != "grid" and (m := _ISSUER.search(b.text))),
        issuer or "",
    )
    document = Document(
        layout=profile.id if profile else "unknown",
        year=meta.year,
        scope=meta.scope or (profile.scope if profile else ""),
        stage=meta.stage,
        coverage=meta.coverage,
        evidence=meta.evidence,
        layout_fit=recognised.fit,
        named_tables=recognised.named,
        unit_name=unit_name,
        title=title,
        profile=profile_sections,
        tables=recognised.tables,
        sections=sections,
        text_tables=read_text_grids(_text_grids(explanatory, forms, recognised.tables), meta.year, sections),
        performance=performance,
        projects=projects,
        glossary=read_glossary(glossary_texts),
        issuer=issuer,
        date=date,
        pages=stream.page_facts,
        contents=read_contents([s.blocks for s in streams if s.format == "pdf"], meta.unit),
    )
    document.remarks += empty_table_reasons(stream.blocks)
    if (
        stream.format in ("xlsx", "xls")
        and not document.glossary
        and all(not s.heading or match_title(s.heading) for s in sections)
    ):
        # A workbook of the tables alone (as yusuan and most finance systems export them): its
        # text is published elsewhere, so its absence here is no gap of the disclosure.
        # What looked like sections are the sheets' titles.
        document.remarks.append("工作簿只含公开表，不含情况说明和名词解释：未核对说明部分的完整性")
        document.sections = []
    found_keys = {t.key for t in recognised.tables}
    report = ReadReport(
        file=stream.file,
        format=stream.format,
        layout=profile.id if profile else None,
        layout_name=profile.name if profile else None,
        tables=[
            {
                "key": t.key,
                "number": t.number,
                "title": t.title,
                "rows": sum(1 for r in t.rows if r.kind != "total"),
                "empty": t.empty,
                "where": where(next((c.provenance for r in t.rows for c in r.cells if c.provenance), None)),
            }
            for t in recognised.tables
        ],
        missing_tables=[
            f"{spec.number} {without_year(spec.title)}"
            for spec in (profile.tables if profile else [])
            if spec.key not in found_keys
        ],
        unknown_titles=[f"{text}（{where(prov)}）" for text, prov in recognised.unknown_titles],
        sections=[s.heading for s in sections],
        claims=sum(len(s.claims) for s in all_sections(sections)),
        performance=performance_report,
        projects=len(projects),
        glossary=len(document.glossary),
        problems=problems,
        pages=stream.pages,
        fallback=[f"第 {page} 页：{why}" if page else f"整个文件：{why}" for page, why in stream.fallback],
    )
    return ReadResult(document, report)
