"""The text sheets of a filled template: the cover (who publishes, which year), 主要职能 and 名词解释.

A text sheet is told by its first line, the part's title as the layout prints it ("XX（部门）主要职能"
ends with the profile's 主要职能); what still holds the template's placeholders (XX, ……) is not
filled in and is reported missing. The explanatory sections (编制说明, 其他相关情况说明, 项目经费情况说明)
are written by yusuan from the figures, so their text is not read; 机构设置 is free text the
budget keeps as a list of bodies, which only the preparer can make of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from yusuan.importer.places import Place, place_of
from yusuan.layout.profile import LayoutProfile, without_year
from yusuan.model.document import Provenance
from yusuan.read.stream import Stream
from yusuan.text.spacing import squeeze

_PLACEHOLDER = re.compile(r"XX|xx|ＸＸ|……|…|x,xxx")
_ITEM = re.compile(r"^\s*(?:\d+\s*[.．、]|[（(][一二三四五六七八九十]+[)）])\s*")
_TERM = re.compile(r"^\s*[（(][一二三四五六七八九十]+[)）]\s*([^：:]{1,30})[：:]\s*(.+)$")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_SCOPE_WORDS = re.compile(r"^(预算单位|部门|单位)")
_GENERATED = ("budget_notes", "other", "project_notes")


@dataclass
class Sheet:
    name: str
    lines: list[tuple[str, Provenance]]

    @property
    def title(self) -> str:
        return self.lines[0][0].strip() if self.lines else ""

    @property
    def body(self) -> list[tuple[str, Provenance]]:
        return [(text.strip(), where) for text, where in self.lines[1:] if text.strip()]


@dataclass
class Texts:
    unit_name: str | None = None
    year: int | None = None
    functions: dict[str, Any] | None = None
    organisation: list[str] = field(default_factory=list)
    glossary: list[dict[str, str]] = field(default_factory=list)
    places: dict[tuple[str | int, ...], Place] = field(default_factory=dict)
    read: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)


def text_sheets(stream: Stream) -> list[Sheet]:
    """Each sheet's lines of text (its grids left out), in order."""
    sheets: list[Sheet] = []
    for block in stream.blocks:
        if block.kind == "heading" and block.level is None:
            sheets.append(Sheet(block.text, []))
        elif block.kind == "paragraph" and sheets:
            sheets[-1].lines.append((block.text, block.provenance))
    return sheets


def cover_year(stream: Stream, cover: str) -> int | None:
    """The budget year the cover names ("上海市普陀区2026年区级部门预算")."""
    for sheet in text_sheets(stream):
        if sheet.name == cover:
            for text, _ in sheet.lines:
                if match := _YEAR.search(text):
                    return int(match.group(1))
    return None


def placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.search(text))


def _core(title: str) -> str:
    return _SCOPE_WORDS.sub("", squeeze(title))


def _part_titles(profile: LayoutProfile) -> dict[str, str]:
    """part key -> the words a text sheet's title ends with."""
    titles = {spec.key: _core(spec.title) for spec in profile.profile_sections}
    titles |= {spec.key: _core(without_year(spec.title)) for spec in profile.sections}
    titles |= {
        part.key: _core(part.heading) for part in profile.parts if part.heading and part.key == "glossary"
    }
    return titles


def part_of(sheet: Sheet, profile: LayoutProfile) -> str | None:
    title = squeeze(sheet.title)
    for key, words in _part_titles(profile).items():
        if words and title.endswith(words):
            return key
    return None


def read_texts(stream: Stream, profile: LayoutProfile, table_sheets: set[str]) -> Texts:
    out = Texts()
    template = profile.template
    assert template is not None
    sheets = text_sheets(stream)
    for sheet in sheets:
        if sheet.name == template.cover:
            _cover(sheet, template.issuer, out)
            continue
        if sheet.name in table_sheets:
            continue
        key = part_of(sheet, profile)
        if key == "functions":
            _functions(sheet, out)
        elif key == "organisation":
            _organisation(sheet, out)
        elif key == "glossary":
            _glossary(sheet, out)
        elif key in _GENERATED:
            out.not_understood.append(
                f"工作表“{sheet.name}”（{sheet.title}）：说明文字由 yusuan 按预算数字生成，模板中的文字未读入；"
                "增减原因等请写入预算源（reasons、sangong 等）"
            )
    if out.functions is None and not any("主要职能" in m for m in out.missing):
        out.missing.append("没有找到主要职能工作表：profile.functions 需手工填写")
    return out


def _cover(sheet: Sheet, issuer: str, out: Texts) -> None:
    for text, where in sheet.lines:
        if out.year is None and (match := _YEAR.search(text)):
            out.year = int(match.group(1))
        label = re.match(rf"^\s*{re.escape(issuer)}\s*[:：]\s*(.*)$", text)
        if label:
            name = label.group(1).strip()
            place = place_of(where, sheet.name)
            if name and not placeholder(name):
                out.unit_name = name
                out.places[("unit", "name")] = place
                out.read.append(f"{place}：{issuer} {name}")
            else:
                out.missing.append(f"{place}：{issuer}名称未填写（模板原文“{text.strip()}”）")
    if out.year is None:
        out.missing.append(f"工作表“{sheet.name}”：封面上没有预算年度")


def _filled(sheet: Sheet, out: Texts, what: str) -> tuple[list[tuple[str, Provenance]], Place] | None:
    """The lines of a text sheet and where it starts; ``None``, with what is missing noted, where
    the sheet is empty or still the template's text."""
    body = sheet.body
    where = place_of(body[0][1] if body else None, sheet.name)
    if not body or placeholder(" ".join(text for text, _ in body)):
        out.missing.append(f"{where}：{what}未填写（仍是模板原文）")
        return None
    return body, where


def _functions(sheet: Sheet, out: Texts) -> None:
    filled = _filled(sheet, out, "主要职能")
    if filled is None:
        return
    body, where = filled
    intro: list[str] = []
    items: list[str] = []
    for text, _ in body:
        if _ITEM.match(text):
            items.append(_ITEM.sub("", text).strip())
        elif items:
            items[-1] += text
        else:
            intro.append(text)
    if not items:
        out.missing.append(f"{where}：主要职能没有编号条目（1. 2. …），未能分条读入")
        return
    out.functions = {"items": items}
    if intro:
        out.functions = {"intro": "".join(intro), "items": items}
    out.places[("profile", "functions")] = where
    out.read.append(f"{where}：主要职能 {len(items)} 条")


def _organisation(sheet: Sheet, out: Texts) -> None:
    filled = _filled(sheet, out, "机构设置")
    if filled is None:
        return
    body, where = filled
    out.organisation = [text for text, _ in body]
    out.not_understood.append(
        f"{where}：机构设置是一段文字，未能拆成内设机构和下属单位；原文已作为注释写入，"
        "请按 docs/format.md 第 5.2 节填写 profile.bodies、profile.subordinate_units"
    )


def _glossary(sheet: Sheet, out: Texts) -> None:
    for text, where in sheet.body:
        match = _TERM.match(text)
        if not match:
            continue
        term, definition = match.group(1).strip(), match.group(2).strip()
        if placeholder(term) or placeholder(definition):
            continue
        out.places[("glossary", len(out.glossary))] = place_of(where, sheet.name)
        out.glossary.append({"term": term, "definition": definition})
    if out.glossary:
        out.read.append(f"工作表“{sheet.name}”：名词解释 {len(out.glossary)} 条")
