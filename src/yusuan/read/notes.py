"""Structured parts of the explanatory text: project descriptions and the glossary."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import cache

from yusuan.model.document import GlossaryEntry, ProjectNote, Provenance, Section
from yusuan.model.money import in_wan
from yusuan.read.numbers import parse_figure
from yusuan.read.stream import Block
from yusuan.text.spacing import squeeze

_PROJECT_START = re.compile(r"^\s*(\d+)\s*[.．、]\s*项目名称\s*[:：]\s*(.+)$")


@cache
def _field_line(labels: tuple[str, ...]) -> re.Pattern[str]:
    """A line that starts one of the labelled fields ("设立的政策依据：…", "四、实施方案：…")."""
    alternatives = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"^\s*(?:[一二三四五六七八九十]+\s*[、.．]\s*)?({alternatives})\s*[:：]\s*(.*)$")


# "1. 信息化基础设施建设和设备维护项目": a project's name as a heading, when 项目概述 follows it
_NUMBERED_NAME = re.compile(r"^\s*(\d+)\s*[.．、]\s*([^：:。，,]{2,60})$")
_AMOUNT = re.compile(r"([\d,]+(?:\.\d+)?)\s*万元")
_ALLOCATION = re.compile(r"([^、，,；;。]+?)\s*([\d,]+(?:\.\d+)?)\s*万元")


def read_projects(
    paragraphs: Sequence[tuple[str, Provenance | None]], fields: Mapping[str, str]
) -> list[ProjectNote]:
    """Projects described as "1. 项目名称：… 设立的政策依据：… 预算安排规模：40 万元 …", or as
    "1. NAME" followed by "一、项目概述：… 四、实施方案：… 六、年度预算安排：…". ``fields`` are the
    labels of the layout's form and what each gives (``LayoutProfile.project_fields``)."""
    field_line = _field_line(tuple(fields))
    raw: list[dict[str, str]] = []
    where: list[Provenance | None] = []
    last_field: str | None = None
    heading: tuple[re.Match[str], Provenance | None] | None = None
    for text, provenance in paragraphs:
        line = text.strip()
        start = _PROJECT_START.match(line)
        field = field_line.match(line) if fields else None
        if not start and heading is not None and field and fields[field.group(1)] == "summary":
            start, provenance = heading[0], heading[1]
            field = None
        heading = None
        if start:
            raw.append({"number": start.group(1), "name": start.group(2).strip()})
            where.append(provenance)
            last_field = None
            if field is None:
                continue
        numbered = _NUMBERED_NAME.match(line)
        if numbered and not field:
            heading = (numbered, provenance)  # a project only if 项目概述 comes next
            continue
        if not raw:
            continue
        if field:
            last_field = fields[field.group(1)]
            raw[-1][last_field] = field.group(2).strip()
        elif last_field in ("allocations", "basis") and line:
            raw[-1][last_field] += line  # a field broken over two lines by the conversion
    return [_project(values, provenance) for values, provenance in zip(raw, where, strict=True)]


def _project(fields: dict[str, str], provenance: Provenance | None) -> ProjectNote:
    """Amounts as printed in the free text: 预算安排规模 and each allocation (万元)."""
    amount_match = _AMOUNT.search(fields.get("amount", ""))
    allocations: list[tuple[str, Decimal]] = []
    for item, amount in _ALLOCATION.findall(fields.get("allocations", "")):
        value = parse_figure(amount)
        if value is not None:
            allocations.append((item.strip(" ：:"), value))
    return ProjectNote(
        number=int(fields["number"]),
        name=fields["name"],
        basis=fields.get("basis"),
        amount=parse_figure(amount_match.group(1)) if amount_match else None,
        owner=fields.get("owner"),
        allocations=allocations,
        allocations_text=fields.get("allocations"),
        period=fields.get("period"),
        provenance=provenance,
    )


# "（五）项目支出 4,468.22 万元，具体包括：" then "1.医药支付管理 96.2 万元，主要包括：专家工作经费 96.2 万元，
# 用于…；…" (深圳): the projects listed one a numbered paragraph, each with its parts
_LIST_LEAD = re.compile(r"项目支出[\d,]+(?:\.\d+)?万元[，,]?(?:具体)?包括[:：]$")
_LISTED = re.compile(r"^(\d{1,2})[.．、](\S+?)(?<![\d,.])([\d,]+(?:\.\d+)?)万元[，,。；;](.*)$")
# the parts after "包括：" or "具体包括："; "主要包括：" lists the main parts only (深圳 prints a
# project's largest parts under it, not all), so it gives no allocations
# (not the 预算 of 一般公共预算, 政府性基金预算, 国有资本经营预算: names of funds)
_NAME_TAIL = re.compile(r"(?<=\S{2})(?:(?<!公共)(?<!基金)(?<!经营)预算|支出)$")
_PARTS = re.compile(r"^(主要)?(?:具体)?包括[:：](.*)$")
_PART = re.compile(r"^(.+?)(?<![\d,.])([\d,]+(?:\.\d+)?)万元(?:[，,(（]|$)")


def read_project_list(sections: Sequence[Section]) -> list[ProjectNote]:
    """Projects listed after "项目支出 X 万元，具体包括：", one numbered paragraph each ("1.NAME X 万元，
    主要包括：PART Y 万元，用于…；PART Z 万元，用于…。"); a paragraph that does not start the next
    number continues the item when the item's text stopped at a comma or semicolon. The parts are
    the project's allocations only where every part names its amount."""
    notes: list[ProjectNote] = []
    stack = list(sections)
    while stack:
        section = stack.pop(0)
        stack[:0] = section.subsections
        items: list[list[str]] = []  # [number, name, amount, rest]
        expected = 0  # the number the next listed project prints; 0: not in a list
        for paragraph in section.paragraphs:
            text = squeeze(paragraph)
            if _LIST_LEAD.search(text):
                expected = 1
                continue
            if not expected:
                continue
            listed = _LISTED.match(text)
            if listed and int(listed.group(1)) == expected:
                items.append(list(listed.groups()))
                expected += 1
            elif expected > 1 and items[-1][3] and items[-1][3][-1] in "；;，,":
                items[-1][3] += text
            else:
                expected = 0
        notes += [_listed_project(item, section) for item in items]
    return notes


def _listed_project(item: list[str], section: Section) -> ProjectNote:
    number, name, amount, rest = item
    # "3.文体产业管理预算 1,234 万元", "生态环境监测项目支出 …": the budget of the project, not its name
    name = _NAME_TAIL.sub("", name) or name
    value = parse_figure(amount)
    allocations: list[tuple[str, Decimal]] = []
    parts = _PARTS.match(rest)
    if parts and not parts.group(1):
        for piece in re.split(r"[；;]", parts.group(2).rstrip("。")):
            part = _PART.match(piece)
            part_value = parse_figure(part.group(2)) if part else None
            if part is None or part_value is None:
                allocations = []
                break
            allocations.append((part.group(1), part_value))
    provenance = next(
        (
            c.provenance
            for c in section.claims
            if c.value == value and c.unit == "万元" and name in squeeze(c.sentence)
        ),
        None,
    )
    return ProjectNote(
        number=int(number),
        name=name,
        amount=value,
        allocations=allocations,
        allocations_text=parts.group(2) if parts else None,
        form="list",
        provenance=provenance,
    )


# A grid of the text listing projects ("重点项目绩效目标情况": 项目 | 预算数（单位：万元） | 绩效目标):
# the name column is headed 项目 or …项目名称, the amount column by its amount word with its unit
_GRID_NAME = re.compile(r"^(?:项目|\S{0,4}项目名称)$")
_GRID_AMOUNT = re.compile(r"^(?:预算数|预算金额|金额|预算安排)[（(](?:单位[:：])?(万元|元)[)）]$")


def read_project_grids(blocks: Sequence[Block]) -> list[ProjectNote]:
    """Projects listed in a grid of the explanatory text, one a row, under a header naming the
    project and its amount with the amount's unit (珠海, 深圳 重点项目绩效目标情况). A grid whose
    header names no unit is not read: its amounts could be 元 or 万元."""
    notes: list[ProjectNote] = []
    for block in blocks:
        if block.kind != "grid" or len(block.rows) < 2:
            continue
        header = [squeeze(cell.text) for cell in block.rows[0]]
        name_at = next((i for i, text in enumerate(header) if _GRID_NAME.match(text)), None)
        amount = next(
            ((i, m.group(1)) for i, text in enumerate(header) if (m := _GRID_AMOUNT.match(text))), None
        )
        if name_at is None or amount is None:
            continue
        amount_at, unit = amount
        for row in block.rows[1:]:
            if max(name_at, amount_at) >= len(row):
                continue
            name = squeeze(row[name_at].text)
            value = parse_figure(row[amount_at].text.strip())
            if not name or value is None or name == header[name_at]:
                continue  # a blank line, or the header printed again
            notes.append(
                ProjectNote(
                    name=name, amount=in_wan(value, unit), form="table", provenance=row[amount_at].provenance
                )
            )
    return notes


# "一、财政拨款：…", "（一）…：…", "1.财政拨款收入：…" (Huzhou), "（1）…：…"
_GLOSSARY = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十0-9]+[)）]\s*[、.．]?|[0-9]{1,2}\s*[、.．](?![0-9]))"
    r"\s*([^：:]{1,20})\s*[:：]\s*(.+)$"
)

_TERM = re.compile(r"^[^，。；：:,;！？!?\d]{1,20}$")


def read_glossary(paragraphs: list[str]) -> list[GlossaryEntry]:
    """名词解释: "一、财政拨款：指由…" entries; a line that does not start an entry continues the last.

    Where no line is numbered, a term printed on its own line (a definition list: a web page's
    ``<dt>``/``<dd>``, a bold term above its paragraph) takes the next line, a sentence, as its
    definition."""
    texts = [text.replace("**", "").strip() for text in paragraphs]
    numbered = any(_GLOSSARY.match(text) for text in texts)
    entries: list[GlossaryEntry] = []
    index = 0
    while index < len(texts):
        text = texts[index]
        following = texts[index + 1] if index + 1 < len(texts) else ""
        match = _GLOSSARY.match(text)
        if match:
            entries.append(GlossaryEntry(term=match.group(1).strip(), definition=match.group(2).strip()))
        elif not numbered and _TERM.match(text) and following and following[-1] in "。.":
            entries.append(GlossaryEntry(term=text, definition=following))
            index += 1
        elif entries and text:
            last = entries[-1]
            entries[-1] = GlossaryEntry(term=last.term, definition=last.definition + text)
        index += 1
    return entries
