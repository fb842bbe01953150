"""Completeness: every table and section the layout requires, a note on every empty table, a
glossary, a performance table for every project, and the items reviewers look for in the "三公"
and procurement sections.

A gap the document itself already declares in its remarks (``Document.remarks``: what the
generator could not fill, and why) is not reported again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from yusuan.check.context import CheckContext
from yusuan.check.finding import Hint, Location
from yusuan.check.match import total_figures
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.layout.profile import SectionSpec
from yusuan.model.document import Provenance, Section, Table
from yusuan.text.numerals import NUMERAL_CHARS
from yusuan.text.spacing import squeeze

# What says that a table is empty on purpose: 本单位无…, 没有安排…, 未安排…, 本表为空表.
_NONE = re.compile(r"无|没有|未安排|未使用|为空|空表")
# ... or, anywhere in the text, a sentence on the part the table shows that says there is none or 0
# ("政府性基金预算拨款0万元", "本单位无国有资本经营预算").
_NONE_OR_ZERO = re.compile(r"无|没有|未安排|未使用|为空|空表|(?<![0-9.])0(?:\.0+)?万?元|为0|为零")
# "一般公共预算拨款支出预算为0" explains an empty 一般公共预算 table and its basic breakdown (the
# words are everywhere: the sentence must give them 0)
_GENERAL_ZERO = re.compile(
    r"一般公共预算[^，,。；;0-9]{0,15}(?:为\s*0(?:\.0+)?(?![0-9.])|为零|(?<![0-9.])0(?:\.0+)?万?元)"
)
_PART_WORDS = {
    "gov_fund": "政府性基金",
    "state_capital": "国有资本经营",
    "sangong": "三公",
    "carry_over": "结转",
}


def _fill(ctx: CheckContext, template: str) -> str:
    return (
        template.replace("{unit}", ctx.document.unit_name)
        .replace("{year}", str(ctx.year))
        .replace("{prior_year}", str(ctx.year - 1))
        .replace("{scope}", ctx.profile.scope if ctx.profile is not None else "")
    )


def _text(section: Section) -> str:
    """All paragraphs of a section and its subsections, with the subsections' titles (Fuzhou names
    each 三公 item in a heading: "（一）因公出国（境）经费"), without spaces."""
    parts = [*section.paragraphs]
    for sub in section.subsections:
        parts.append(sub.title or "")
        parts.append(_text(sub))
    return squeeze("".join(parts))


def _section(ctx: CheckContext, key: str) -> Section | None:
    return next((s for s in ctx.sections() if s.key == key), None)


def _declared(ctx: CheckContext, *words: str) -> bool:
    """The document's remarks already say so (each word in one remark)."""
    return any(all(w in remark for w in words) for remark in ctx.document.remarks)


def _declared_table(ctx: CheckContext, number: str) -> bool:
    """A remark names table ``number`` itself: 表1 is not 表13, 表十 not 表十一."""
    named = re.compile(rf"表\s*{re.escape(number)}(?![0-9{NUMERAL_CHARS}])")
    return any(named.search(remark) for remark in ctx.document.remarks)


def _at_section(section: Section) -> Location:
    return Location(section=section.heading)


# ---------------------------------------------------------------------------- tables
@rule(
    "complete.E001",
    "缺少版式要求的表",
    "A table of the layout is missing",
    "公开模板规定的每张表都必须公开；没有数据的表也要列出空表并说明（财预〔2016〕143号；各地公开目录）。",
)
def missing_table(ctx: CheckContext, report: Reporter) -> None:
    _unread_tables(ctx, report, named=False)


def _unread_tables(ctx: CheckContext, report: Reporter, *, named: bool) -> None:
    """The layout's tables the reader did not read: missing (complete.E001), or — where the
    document prints the title with something under it — not read (complete.N001)."""
    profile = ctx.profile
    if profile is None:
        return
    for spec in profile.tables:
        if ctx.table(spec.key) is not None or (spec.key in ctx.document.named_tables) != named:
            continue
        title = _fill(ctx, spec.title)
        if named:
            report(
                f"文件中印有表{spec.number}“{title}”的标题，但未能读出表格内容，请对照原文核对",
                f"table {spec.number} '{title}' ({spec.key}) is named in the document but could not be read",
                Hint(
                    "核对原文此表是否完整公开；如已公开，此提示可忽略",
                    "Check that the table is published in full in the original; if it is, ignore this notice",
                ),
                Location(table=title, table_key=spec.key),
            )
        else:
            report(
                f"缺少表{spec.number}“{title}”：{profile.name}要求公开此表，文件中没有找到",
                f"table {spec.number} '{title}' ({spec.key}) required by layout {profile.id} is missing",
                Hint(
                    "补充此表；本年无数据的，列出空表并注明“本单位无……，本表为空表”",
                    "Add the table; with no data this year, print it empty with the note “本单位无……，本表为空表”",
                ),
                Location(table=title, table_key=spec.key),
            )


@rule(
    "complete.N001",
    "文件中有此表的标题，但未能读出表格",
    "A table of the layout is named in the document but could not be read",
    "文件印有此表的标题，其下也有内容，但没有读出表格：可能是版式特殊或读取有误，请对照原文核对此表是否公开。",
)
def named_but_unread(ctx: CheckContext, report: Reporter) -> None:
    _unread_tables(ctx, report, named=True)


def _explained(ctx: CheckContext, table: Table) -> bool:
    """An empty table is explained by its note, by the document's remarks, or by its own section
    saying there is nothing (本部门无政府性基金预算 …); a workbook of the tables alone has its
    sections elsewhere."""
    if table.note and table.note.strip():
        return True
    if _declared(ctx, "不含情况说明"):
        return True
    if table.number and _declared_table(ctx, table.number):
        return True
    if _declared(ctx, table.title):
        return True
    section = _section(ctx, table.key)
    if section is not None and _NONE.search(_text(section)):
        return True
    word = _PART_WORDS.get(table.key)
    sentences = [
        sentence
        for section in ctx.sections()
        for paragraph in section.paragraphs
        for sentence in re.split(r"[。；;]", squeeze(paragraph))
    ]
    if table.key == "basic_economic" and _all_project(ctx):
        return True
    if table.key in ("general", "basic_economic"):
        return any(_GENERAL_ZERO.search(sentence) for sentence in sentences)
    return word is not None and any(
        word in sentence and _NONE_OR_ZERO.search(sentence) for sentence in sentences
    )


def _all_project(ctx: CheckContext) -> bool:
    """The tables say there is no basic expenditure: a table's project total is its whole total
    (shanghai-city/04: 支出预算总表 合计 11,885.40, all of it 项目支出), so the basic economic table
    is empty for the reason the tables already print."""
    wholes = {(f.table, f.value) for f in total_figures(ctx, "overall")}
    return any(f.value > 0 and (f.table, f.value) in wholes for f in total_figures(ctx, "project"))


@rule(
    "complete.W001",
    "空表没有说明",
    "An empty table without a note",
    "没有数据的表应列出空表并说明原因，例如“本单位无政府性基金预算，本表为空表”（财预〔2016〕143号）。",
)
def empty_table_without_note(ctx: CheckContext, report: Reporter) -> None:
    for table in ctx.document.tables:
        if not table.empty or _explained(ctx, table):
            continue
        label = f"表{table.number}" if table.number else ""
        report(
            f"{label}“{table.title}”为空表，表下和相应说明中都没有说明为什么为空",
            f"table {table.number or ''} '{table.title}' is empty and nothing says why",
            Hint(
                "在表下注明“本单位（部门）本年度无……，本表为空表”",
                "Note under the table why it is empty: “本单位（部门）本年度无……，本表为空表”",
            ),
            Location(table=table.title, table_key=table.key),
        )


# ---------------------------------------------------------------------------- sections
def _required_sections(ctx: CheckContext) -> list[tuple[str, str]]:
    """(key, printed heading) of the sections the layout requires."""
    profile = ctx.profile
    if profile is None or profile.required_sections == "none":
        return []

    def walk(specs: list[SectionSpec]) -> Iterator[SectionSpec]:
        for spec in specs:
            yield spec
            yield from walk(spec.subsections)

    def heading(spec: SectionSpec) -> str:
        title = _fill(ctx, spec.title)
        return (
            f"{spec.number}、{title}"
            if spec.number and spec.number[-1] not in "）)"
            else f"{spec.number or ''}{title}"
        )

    if profile.required_sections == "top":
        return [(spec.key, heading(spec)) for spec in profile.sections]
    return [(spec.key, heading(spec)) for spec in walk(profile.sections)]


@rule(
    "complete.E002",
    "缺少要求的说明部分",
    "A required explanatory section is missing",
    "情况说明须逐项说明收支总体、财政拨款、一般公共预算、基本支出、项目支出、“三公”经费、机关运行经费、"
    "政府采购、国有资产、绩效目标等（财预〔2016〕143号；各地公开模板）。",
)
def missing_section(ctx: CheckContext, report: Reporter) -> None:
    present = {section.key for section in ctx.sections()}
    required = _required_sections(ctx)
    missing = [(key, heading) for key, heading in required if key not in present]
    if required and len(missing) == len(required):
        if _declared(ctx, "不含情况说明"):
            return  # a workbook of the tables alone (the reader says so in the remarks)
        # nothing of the explanation is there: one finding, not one per section
        report(
            f"文件没有情况说明：版式要求的 {len(required)} 个说明部分（{required[0][1]} 等）一个也没有找到",
            f"none of the {len(required)} explanatory sections the layout requires was found",
            Hint(
                "按版式补写情况说明的各部分",
                "Write each part of the explanatory sections the layout requires",
            ),
            Location(section=required[0][1]),
        )
        return
    for key, heading in missing:
        if _declared(ctx, f"“{heading}”", "未写入文件"):
            continue  # a generated document that had nothing to say there: its remarks say so
        report(
            f"缺少说明“{heading}”：版式要求此部分，文件中没有找到",
            f"the explanatory section '{key}' ({heading}) required by the layout is missing",
            Hint(
                "补写此部分说明；本年无此项内容的，写明“本单位无……”",
                "Write this section; with nothing to report this year, say “本单位无……”",
            ),
            Location(section=heading),
        )


@rule(
    "complete.W002",
    "没有名词解释",
    "No glossary",
    "公开文件应对专业名词（财政拨款、基本支出、项目支出、“三公”经费、机关运行经费等）作出解释。",
)
def no_glossary(ctx: CheckContext, report: Reporter) -> None:
    if ctx.document.glossary:
        return
    if any(s.key == "glossary" or "名词解释" in s.title for s in ctx.sections()):
        return
    if _declared(ctx, "名词解释"):
        return
    if not any(section.claims for section in ctx.sections()):
        return  # the tables alone (附件2 公开报表, xian/02): the glossary is in the text, published apart
    report(
        "文件没有“名词解释”部分：名词解释 0 条，也没有以“名词解释”为题的部分",
        "the document has no glossary (no entries and no section titled 名词解释)",
        Hint(
            "补充名词解释，至少解释财政拨款、基本支出、项目支出、“三公”经费、机关运行经费",
            "Add a glossary explaining at least “财政拨款”, “基本支出”, “项目支出”, “三公” expenses and “机关运行经费”",
        ),
        Location(section="名词解释"),
    )


# ---------------------------------------------------------------------------- projects
_PUNCT = re.compile(r"[\s\u3000、，,。．.;；:：“”\"'‘’（）()《》<>【】\[\]·\-—_/]")
_SUFFIXES = ("专项经费", "项目经费", "项目", "经费", "专项", "资金", "费")


def project_key(name: str) -> str:
    """A project name without punctuation and the suffixes names vary in (项目/经费/费)."""
    key = _PUNCT.sub("", name)
    changed = True
    while changed and key:
        changed = False
        for suffix in _SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                key = key[: -len(suffix)]
                changed = True
    return key


def _similar(a: str, b: str) -> bool:
    """The same project, named loosely: one name inside the other, or most characters shared."""
    if not a or not b:
        return False
    if a == b or a in b or b in a:
        return True
    common = sum(min(a.count(ch), b.count(ch)) for ch in set(a))
    return 2 * common / (len(a) + len(b)) >= 0.8


def _projects(ctx: CheckContext) -> list[tuple[str, Location, Provenance | None]]:
    """The document's projects: as the explanatory text describes them (项目说明), else the project
    table's rows. A list of projects in a paragraph or a table of the text (深圳, 珠海 重点项目) is
    no 项目说明: such a layout publishes the goals of its key projects, not a table for each."""
    out: dict[str, tuple[str, Location, Provenance | None]] = {}
    described = [note for note in ctx.document.projects if note.form == "description"]
    if described:
        text = _section(ctx, "projects") or _section(ctx, "project_notes")
        where = text.heading if text is not None else "项目支出情况说明"
        for note in described:
            out.setdefault(project_key(note.name), (note.name, Location(section=where), note.provenance))
        return list(out.values())
    table = ctx.table("projects")
    if table is None or ctx.column(table, "project") is None:
        return []
    for row in table.rows:
        cell = ctx.cell(table, row, "project")
        if row.kind != "item" or cell is None or not cell.text.strip():
            continue
        location, provenance = ctx.at_cell(table, row, "project")
        out.setdefault(project_key(cell.text), (cell.text.strip(), location, provenance))
    return list(out.values())


def _performance_names(ctx: CheckContext) -> list[str]:
    names = []
    for table in ctx.document.performance:
        name = table.project
        if name is None and "项目名称" in table.fields:
            name = table.fields["项目名称"].text
        if name:
            names.append(name)
    return names


@rule(
    "complete.W003",
    "项目没有绩效目标表",
    "A project without a performance target table",
    "项目支出应编报并公开绩效目标（财预〔2021〕101号等）：每个项目都应有一张项目支出绩效目标表。",
)
def project_without_performance(ctx: CheckContext, report: Reporter) -> None:
    projects = _projects(ctx)
    if not projects:
        return
    targets = [project_key(n) for n in _performance_names(ctx)]
    unmatched = []
    free = list(targets)
    for name, location, provenance in projects:
        key = project_key(name)
        match = next((t for t in free if t == key), None) or next((t for t in free if _similar(key, t)), None)
        if match is not None:
            free.remove(match)
        else:
            unmatched.append((name, location, provenance))
    # As many unmatched tables as unmatched projects: the names differ, the tables are there
    # (project.W001 compares the names).
    if not unmatched or len(unmatched) <= len(free):
        return
    if not targets:
        # no performance table at all: one finding for the document, not one per project
        name, location, provenance = projects[0]
        listed = "、".join(f"“{n}”" for n, _, _ in projects[:3]) + ("等" if len(projects) > 3 else "")
        report(
            f"文件中没有项目绩效目标表：项目支出列出项目 {len(projects)} 个（{listed}），项目绩效目标表 0 张",
            f"no performance target table in the document: {len(projects)} projects, 0 tables",
            Hint(
                "为每个项目补充项目支出绩效目标表（或说明绩效目标另行公开的位置）",
                "Add a performance target table for each project (or say where the targets are published)",
            ),
            location,
            provenance,
        )
        return
    for name, location, provenance in unmatched:
        report(
            f"项目“{name}”没有绩效目标表：项目 {len(projects)} 个，项目绩效目标表 {len(targets)} 张，"
            "没有一张的项目名称与之相近",
            f"project '{name}' has no performance target table ({len(projects)} projects, {len(targets)} tables)",
            Hint(
                "为该项目补充项目支出绩效目标表，或核对绩效目标表上的项目名称",
                "Add a performance target table for the project, or check the project name on the target tables",
            ),
            location,
            provenance,
        )


# ---------------------------------------------------------------------------- 三公 and procurement
_SANGONG_ITEMS = (
    ("因公出国（境）费", re.compile(r"因公出国|出国[（(]境[）)]")),
    ("公务用车购置费", re.compile(r"(用车|公务车|车辆)购置(?!及运行|和运行)")),
    ("公务用车运行（维护）费", re.compile(r"(用车|公务车|车辆)运行")),
    ("公务接待费", re.compile(r"公务接待")),
)
# the combined vehicle item stated as nothing: "公务用车购置及运行费为0" (shanghai-city/15 p.11) says
# both its parts are 0
_VEHICLES_ZERO = re.compile(
    r"(?:用车|公务车|车辆)购置(?:及|和|与)运行(?:维护)?费?(?:预算数?|支出)?(?:为|是)?\s*0(?:\.0+)?(?![0-9.])"
)
_NO_SANGONG = re.compile(r"(无|没有|未安排)[“\"]?三公[”\"]?经费")


@rule(
    "complete.W004",
    "“三公”经费说明未逐项说明",
    "The 三公 section does not name each item",
    "“三公”经费说明应分别说明因公出国（境）费、公务用车购置费、公务用车运行费、公务接待费"
    "（财预〔2016〕143号：“三公”经费应细化到明细项目）。",
)
def sangong_items(ctx: CheckContext, report: Reporter) -> None:
    section = _section(ctx, "sangong")
    if section is None:
        return  # complete.E002 reports a missing section
    text = _text(section).replace("(", "（").replace(")", "）")
    if _NO_SANGONG.search(text) or not text:
        return  # none, or a section the reader found no text under (nothing to judge)
    missing = [name for name, pattern in _SANGONG_ITEMS if not pattern.search(text)]
    if _VEHICLES_ZERO.search(text):
        missing = [name for name in missing if "公务用车" not in name]  # both parts are 0
    if not missing:
        return
    report(
        f"“{section.heading}”没有说明{'、'.join(missing)}"
        f"（应逐项说明因公出国（境）费、公务用车购置费、公务用车运行费、公务接待费）",
        f"the 三公 section does not mention: {', '.join(missing)}",
        Hint(
            "逐项写明各项金额（为零的写明 0 万元及原因）",
            "State the amount of each item (for a zero, write 0 万元 and why)",
        ),
        _at_section(section),
    )


_NO_PROCUREMENT = re.compile(r"(无|没有|未安排)(政府采购|采购预算)|政府采购预算(总金额)?为?0(\.0+)?万?元")


@rule(
    "complete.W005",
    "政府采购说明未分货物、工程、服务",
    "The procurement section does not split goods, works and services",
    "政府采购情况应说明采购预算总额及其中货物、工程、服务各多少（财预〔2016〕143号）。",
)
def procurement_items(ctx: CheckContext, report: Reporter) -> None:
    section = _section(ctx, "procurement")
    if section is None:
        return
    text = _text(section)
    if _NO_PROCUREMENT.search(text) or (not text and _declared(ctx, "政府采购")):
        return
    words: tuple[str, ...] = ("货物", "工程", "服务")
    table = ctx.table("procurement")
    if table is not None:
        printed = "".join(c.text for r in table.rows for c in r.cells)
        if any(word in printed for word in words):
            words = tuple(word for word in words if word in printed)  # what the table buys
    missing = [word for word in words if word not in text]
    if not missing:
        return
    said = "说明为空" if not text else f"没有说明{'、'.join(missing)}"
    report(
        f"“{section.heading}”{said}（应写明政府采购预算总额及其中货物、工程、服务各多少）",
        f"the procurement section does not state: {', '.join(missing)}",
        Hint(
            "写明政府采购预算总额及货物、工程、服务的金额（为零的写 0 万元）",
            "State the procurement total and the amounts of goods, works and services (0 万元 where none)",
        ),
        _at_section(section),
    )
