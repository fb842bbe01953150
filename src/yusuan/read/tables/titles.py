"""Table titles: a printed title normalised, and the layouts' tables printed under it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from yusuan.layout import available_layouts
from yusuan.layout.genre import genre_table
from yusuan.layout.profile import LayoutProfile, TableSpec, without_year
from yusuan.read.headings import NUMBERING
from yusuan.text.spacing import squeeze

QUOTES = str.maketrans("", "", "“”\"‘’'「」")
_YEAR = re.compile(r"^(?:\d{4}\s*年度?|(?:19|20)\d\d(?=部门|单位))")
_SCOPE = re.compile(r"^(预算单位|部门|单位|市级部门|市级单位|市级)+")
UNIT = re.compile(r"单位\s*[:：]\s*(万元|元)")
# a unit yusuan does not compare in ("单位：千元", "金额单位：亿元"): such a table is reported, not read
FOREIGN_UNIT = re.compile(r"单位\s*[:：]\s*(千元|百万元|亿元|美元|万美元)")


# a line of the contents: the title, dot leaders, the page number
LEADER = re.compile(r"[.．。…·-]{3,}\d*$|…+\d*$")
# the caption a title cell may carry after the title: 部门：…  单位：…  单位：万元
_TRAILING_CAPTION = re.compile(
    r"((编制单位|编制部门|部门名称|单位名称|预算单位|部门|单位)\s*[:：].*|(金额)?单位\s*[:：]\s*(万元|元))$"
)


@lru_cache(maxsize=16384)  # pure; asked for every line that may be a title, many times
def normalise_title(text: str, unit: str = "") -> str:
    """收支总体情况表 for "表1 2024年单位收支总体情况表", "一、收支预算总表" -> 收支预算总表,
    "公开01表：收支预算总表", "江苏省高级人民法院部门收支预算总表" (with that unit) -> 收支预算总表,
    "收支预算总表部门：江苏省政协办公厅 单位：万元" -> 收支预算总表 …"""
    title = NUMBERING.sub("", text.strip())
    title = squeeze(title).translate(QUOTES)
    title = LEADER.sub("", title)
    title = _TRAILING_CAPTION.sub("", title)
    title = NUMBERING.sub("", title)
    title = _YEAR.sub("", title)
    if unit and title.startswith(squeeze(unit)):
        title = title[len(squeeze(unit)) :]
        title = _YEAR.sub("", title)
    title = re.sub(r"[（(]续表?[)）]$", "", title)
    return _SCOPE.sub("", title)


@dataclass(frozen=True)
class Known:
    profile: LayoutProfile
    spec: TableSpec
    exact: bool  # matched the layout's own title, not one of the accepted variants
    keyword: bool = False  # told by the words of the title alone (layout/genre.yaml): no layout's title


@cache
def title_index() -> dict[str, tuple[Known, ...]]:
    """Normalised title -> the (profile, table) pairs that print a table under it."""
    index: dict[str, list[Known]] = {}
    for profile in available_layouts().values():
        for spec in profile.tables:
            for position, title in enumerate((spec.title, *spec.variants)):
                key = normalise_title(without_year(title))
                index.setdefault(key, []).append(Known(profile, spec, exact=position == 0))
    return {key: tuple(value) for key, value in index.items()}


def unread_titles(profile: LayoutProfile) -> frozenset[str]:
    """The normalised titles of the tables a layout prints but leaves unread."""
    return _normalised_titles(tuple(profile.unread_tables))


@cache
def _normalised_titles(titles: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalise_title(without_year(title)) for title in titles)


def match_title(text: str, unit: str = "") -> tuple[Known, ...]:
    if len(squeeze(text)) > 80:
        return ()
    return title_index().get(normalise_title(text, unit), ())


def identify_title(text: str, unit: str = "") -> tuple[Known, ...]:
    """The tables printed under this title: in a layout that knows the title, or else, for a line
    that looks like a table title, the genre's table its words tell (layout/genre.yaml)."""
    known = match_title(text, unit)
    if known or not looks_like_title(text):
        return known
    table = genre_table(normalise_title(text, unit))
    return (Known(table.profile, table.spec, exact=False, keyword=True),) if table else ()


def looks_like_title(text: str) -> bool:
    """A short line ending in 表 (or in 表 and a qualifier: "…支出表（按功能分类）"): a table title
    even when no layout knows it."""
    compact = re.sub(r"[（(][^（）()]{1,20}[)）]$", "", squeeze(text))
    return 4 <= len(compact) <= 40 and compact.endswith("表") and not compact.startswith(("注", "备注"))


PERFORMANCE_TITLE = re.compile(r"绩效目标(填报)?表")
