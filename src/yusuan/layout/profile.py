"""Layout profiles as data: which tables a disclosure has, with what titles, columns and rows.

A profile is a YAML file in ``yusuan/layout/profiles/``. Adding a region is adding a file.
Source selectors (which funding sources a table or column covers):

- ``all`` — every source;
- ``current`` — every source but the carry-over from last year (本年收入);
- ``fiscal`` — this year's 财政拨款 (一般公共, 政府性基金, 国有资本经营);
- ``fiscal+carry`` — the same plus their carry-over;
- ``fund:general`` / ``fund:gov_fund`` / ``fund:state_capital`` — one 本账 this year;
- ``fund+carry:<fund>`` — one 本账 with its carry-over;
- ``group:special_account`` / ``group:unit`` / ``group:carry_over`` — a block of sources;
- a source key such as ``business``, or several joined by commas — those sources.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field
from ruamel.yaml import YAML

from yusuan.atomic import write_atomic
from yusuan.model.fields import Model
from yusuan.model.money import AmountUnit
from yusuan.model.sources import Fund, Source, SourceGroup
from yusuan.userdirs import cache_folder


def select_sources(selector: str) -> frozenset[Source]:
    """The sources a selector stands for (see the module docstring)."""
    if selector == "all":
        return frozenset(Source)
    if selector == "current":
        return frozenset(s for s in Source if s.group is not SourceGroup.CARRY_OVER)
    if selector == "fiscal":
        return frozenset(s for s in Source if s.group is SourceGroup.FISCAL)
    if selector == "fiscal+carry":
        return frozenset(s for s in Source if s.is_fiscal)
    kind, _, value = selector.partition(":")
    if kind == "fund":
        return frozenset(s for s in Source if s.fund is Fund(value) and s.group is SourceGroup.FISCAL)
    if kind == "fund+carry":
        return frozenset(s for s in Source if s.fund is Fund(value))
    if kind == "group":
        return frozenset(s for s in Source if s.group is SourceGroup(value))
    return frozenset(Source(key.strip()) for key in selector.split(","))


def without_year(title: str) -> str:
    """A title template without its year ("{year}年部门收支总表" -> 部门收支总表): the title a reader
    compares with what a document prints, or a list of a layout's tables shows."""
    return title.replace("{year}年", "")


def _check_selector(value: str) -> str:
    try:
        select_sources(value)
    except ValueError:
        raise ValueError(f"资金来源选择“{value}”无效") from None
    return value


SourceSelector = Annotated[str, AfterValidator(_check_selector)]


class HeaderCellSpec(Model):
    text: str
    cols: int = 1
    rows: int = 1


class ColumnSpec(Model):
    """One data column: what it shows and, for figures, which measure over which sources."""

    key: str = Field(
        description="code / code.class / code.section / code.item / name / project / label / a measure"
    )
    title: str
    measure: Literal["total", "basic", "project", "personnel", "public"] | None = None
    sources: SourceSelector | None = None


class IncomeItem(Model):
    """A row on the income side of a two-sided summary table, or of an income list."""

    group: str | None = Field(default=None, description="income_list: the group label in the first column")
    label: str
    sources: SourceSelector | None = Field(
        default=None, description="selector; empty for a heading without a figure"
    )
    of_which: str | None = Field(default=None, description="key of an income 其中 figure of the source")


class TotalRowSpec(Model):
    """A closing row of a two-sided summary table (收入总计 | 支出总计 and the like)."""

    income: str
    expenditure: str
    sources: SourceSelector | None = Field(
        default="all", description="income side: selector; empty prints no figure"
    )
    expenditure_sources: SourceSelector | Literal["same"] | None = Field(
        default="same", description="expenditure side, when it differs from the income side"
    )

    @property
    def expenditure_selector(self) -> str | None:
        return self.sources if self.expenditure_sources == "same" else self.expenditure_sources


TableKind = Literal[
    "summary",  # two-sided: income items | expenditure by function class (| uses)
    "income_list",  # a fixed list of income items (group | item | amount)
    "totals",  # one row of measures over the whole budget
    "by_function",  # function subjects x measures
    "by_economic",  # basic expenditure by economic subject
    "projects",  # one row per project
    "sangong",  # "三公" fixed items (with 机关运行经费 / 会议费 / 培训费 where the layout has them)
    "operating",  # 机关运行经费 by economic subject
    "procurement",  # 政府采购 items
]


class TableSpec(Model):
    key: str = Field(description="stable id of the table across layouts, e.g. summary, general, sangong")
    number: str
    title: str
    variants: list[str] = Field(
        default_factory=list,
        description="other titles the same table is published under",
    )
    kind: TableKind
    unit: AmountUnit = AmountUnit.WAN
    sources: SourceSelector = "all"
    rows: Literal["items", "hierarchy", "classes"] = "items"
    header: list[list[str | HeaderCellSpec]] = Field(default_factory=list)
    columns: list[ColumnSpec]
    income: list[IncomeItem] = Field(default_factory=list)
    classes: Literal["all", "used", "none"] = "used"
    class_label: Literal["code", "ordinal"] = "code"
    uses: bool = Field(default=False, description="summary: a third block by use (基本支出/项目支出)")
    total_label: str = "合计"
    totals: list[TotalRowSpec] = Field(
        default_factory=lambda: [TotalRowSpec(income="收入总计", expenditure="支出总计")],
        description="summary: closing rows",
    )
    total_position: Literal["top", "bottom"] = "bottom"
    part: Literal["gov_fund", "state_capital", "carry_over"] | None = Field(
        default=None, description="the budget part whose absence makes this table empty"
    )
    empty_note: str | None = Field(
        default=None,
        description="note under the table when empty; {unit} {year} {scope}",
    )
    thousands: bool = Field(default=False, description="print amounts with thousands separators")
    decimals: int = Field(default=2, ge=0, le=6, description="decimals printed (rounded half-up)")
    zero: Literal["blank", "0", "number"] = Field(
        default="blank", description="how a zero amount is printed: empty, a bare 0, or with decimals"
    )
    pad_codes: bool = Field(
        default=True,
        description="split codes: print 款/项 as two digits (03) or not (3)",
    )
    orientation: Literal["auto", "portrait", "landscape"] = Field(
        default="auto", description="page orientation; auto turns tables of 8 or more columns landscape"
    )
    remark: str | None = Field(
        default=None, description="for developers: what in this layout is reconstructed"
    )

    def headers(self) -> list[list[HeaderCellSpec]]:
        return [
            [cell if isinstance(cell, HeaderCellSpec) else HeaderCellSpec(text=cell) for cell in row]
            for row in self.header
        ]


class SectionSpec(Model):
    key: str
    number: str | None = None
    title: str = Field(description="template: {unit} {year} {scope}")
    subsections: list[SectionSpec] = Field(default_factory=list)


class PartSpec(Model):
    key: str = Field(
        description="profile / tables / sections / section:KEY / performance / charts / glossary"
    )
    heading: str | None = Field(default=None, description="template: {unit} {year} {scope}")
    listed: bool = Field(
        default=True,
        description="whether the contents list what the part holds (its sections, tables …) under its "
        "heading; a part without a heading: whether they list its sections' subsections",
    )


class ContentsSpec(Model):
    """How the contents (目录) number and list the document's parts, as the layout's documents do."""

    numbers: Literal["none", "chinese"] = Field(
        default="none",
        description="chinese: the entries of the first level numbered 一、二、… (the headings on the "
        "pages are not); none: listed as their headings print them",
    )
    table: str | None = Field(
        default=None,
        description="how a table is listed: {number} its number, {ordinal} 一、二、… by its place, "
        "{title} its title as the layout names it; none: as printed above the table (表1 title)",
    )


ProjectField = Literal["basis", "amount", "owner", "allocations", "period", "summary"]


class TemplateSpec(Model):
    """The official blank workbook of a layout that preparers fill in (``yusuan import`` reads it).

    A workbook is such a template when its first sheet is the cover named here and the cover
    names the publisher under this label; its tables are then told by their titles and headers,
    as in any document of the layout, and its text sheets by their titles.
    """

    source: str = Field(description="the blank template this describes")
    cover: str = Field(description="the name of the cover sheet, the workbook's first sheet")
    issuer: str = Field(description="the cover's label before the publisher's name, e.g. 预算主管部门")


class LayoutProfile(Model):
    """The table set and section order of one region, year range and scope."""

    id: str
    aliases: list[str] = Field(default_factory=list, description="short names accepted by --layout")
    name: str
    region: str
    years: list[int]
    scope: Literal["部门", "单位"]
    stage: Literal["预算", "决算"] = "预算"
    source: str = Field(description="the published documents this profile was taken from")
    templates: str | None = Field(
        default=None,
        description="the narrative templates of another layout, where this one words its text alike",
    )
    document_title: str = Field(description="template: {unit} {year} {scope}")
    issuer_label: str = "编制单位"
    table_title: str = Field(default="{title}", description="how a table title is printed: {number} {title}")
    table_title_align: Literal["center", "left"] = Field(
        default="center", description="how table titles are set"
    )
    table_label: str | None = Field(
        default="表{number}", description="printed above each table title; empty where the layout prints none"
    )
    contents: ContentsSpec = Field(
        default_factory=ContentsSpec, description="how the contents number and list the parts"
    )
    parts: list[PartSpec] = Field(
        default_factory=lambda: [
            PartSpec(key=k) for k in ("profile", "tables", "sections", "performance", "charts", "glossary")
        ],
        description="the document's parts in reading order, with their headings; section:KEY places one section",
    )
    profile_sections: list[SectionSpec] = Field(default_factory=list)
    tables: list[TableSpec]
    unread_tables: list[str] = Field(
        default_factory=list,
        description="titles (template: {year}) of tables the layout prints but does not describe, "
        "because the budget model does not hold them or their print cannot be read safely: they "
        "are not built, count neither for nor against the layout's fit, and are read, if at all, "
        "as the genre's words tell (their findings at most notices)",
    )
    sections: list[SectionSpec] = Field(default_factory=list)
    project_fields: dict[str, ProjectField] = Field(
        default_factory=dict,
        description="the labels of the layout's project descriptions (项目说明: 设立的政策依据：…) and "
        "what each gives: basis, amount (万元), owner, allocations, period, summary",
    )
    required_sections: Literal["all", "top", "none"] = Field(
        default="all",
        description="what completeness requires: every section and subsection, the top-level "
        "sections only (reviewers of the Xinjiang layout ask for its twelve parts), or none (a "
        "layout whose headings change from year to year: its sections are written and found, "
        "not required)",
    )

    template: TemplateSpec | None = Field(
        default=None, description="the official blank workbook of this layout, where there is one"
    )

    def table(self, key: str) -> TableSpec:
        for spec in self.tables:
            if spec.key == key:
                return spec
        raise KeyError(key)


def project_fields(profile: LayoutProfile | None) -> dict[str, ProjectField]:
    """The project-description labels to read a document by: its layout's, or, where the layout
    names none (or is unknown), those of every layout."""
    if profile is not None and profile.project_fields:
        return dict(profile.project_fields)
    merged: dict[str, ProjectField] = {}
    for known in available_layouts().values():
        merged.update(known.project_fields)
    return merged


class LayoutError(ValueError):
    """An unknown layout id or a malformed profile file."""


def _profile_files() -> dict[str, str]:
    folder = resources.files("yusuan.layout") / "profiles"
    return {
        entry.name.removesuffix(".yaml"): entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    }


def _parsed(files: dict[str, str]) -> dict[str, Any]:
    """The profile files parsed. Parsing the YAML (ruamel, pure Python) takes half a second, more
    than reading and checking a 20-page PDF; the parsed data is kept as JSON in the user's cache
    folder, under a hash of the files' text, and parsed afresh whenever a file changes. A cache
    that cannot be read or written is simply not used."""
    digest = hashlib.sha256(json.dumps(sorted(files.items())).encode()).hexdigest()[:20]
    path = cache_folder("layouts") / f"{digest}.json"
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(cached, dict) and set(cached) == set(files):
            return cached
    except (OSError, ValueError):
        pass
    parsed = {name: YAML(typ="safe").load(text) for name, text in files.items()}
    with contextlib.suppress(OSError, TypeError, ValueError):
        write_atomic(path, json.dumps(parsed, ensure_ascii=False))
    return parsed


def _resolved(name: str, parsed: dict[str, Any], seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """A profile's data with what it takes from the profile it ``extends`` (the same tables of an
    earlier form of the same publication): every field it does not set itself, its aliases
    excepted, and ``table_variants`` (table key -> more titles) added to those tables' variants."""
    data = dict(parsed[name])
    base = data.pop("extends", None)
    variants = data.pop("table_variants", None) or {}
    if base is None:
        if variants:
            raise LayoutError(f"版式文件 {name}.yaml 有 table_variants，但没有 extends")
        return data
    if base not in parsed or base in seen or base == name:
        raise LayoutError(f"版式文件 {name}.yaml 的 extends 为 {base}，没有这个版式或互相引用")
    inherited = {k: v for k, v in _resolved(base, parsed, (*seen, name)).items() if k != "aliases"}
    merged = {**inherited, **data}
    tables = [dict(table) for table in merged.get("tables", [])]
    keys = {table.get("key") for table in tables}
    for key in variants:
        if key not in keys:
            raise LayoutError(f"版式文件 {name}.yaml 的 table_variants 中的表 {key} 不在所继承的版式中")
    for table in tables:
        table["variants"] = [*table.get("variants", []), *variants.get(table.get("key"), [])]
    merged["tables"] = tables
    return merged


@cache
def available_layouts() -> dict[str, LayoutProfile]:
    """Every shipped layout profile, by id."""
    layouts = {}
    parsed = _parsed(_profile_files())
    for name in sorted(parsed):
        data = _resolved(name, parsed)
        profile = LayoutProfile.model_validate(data)
        if profile.id != name:
            raise LayoutError(f"版式文件 {name}.yaml 的 id 为 {profile.id}，应与文件名一致")
        layouts[profile.id] = profile
    return layouts


def load_layout(layout_id: str) -> LayoutProfile:
    layouts = available_layouts()
    if layout_id in layouts:
        return layouts[layout_id]
    for profile in layouts.values():
        if layout_id in profile.aliases:
            return profile
    known = "、".join(layouts)
    raise LayoutError(f"没有名为“{layout_id}”的版式；可用版式：{known}（yusuan layouts 列出全部）")
