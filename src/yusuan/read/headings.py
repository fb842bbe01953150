"""Headings compared by what they name, not how they are dressed.

"2026年单位预算编制说明", "四、部门预算编制说明" and "上海市审计局（单位）预算编制说明" are the
same heading: the key drops numbering (一、 （一） 1. 第三部分 表一 公开01表 附表1), the year, the
words 部门/单位/预算单位 and 市级/区级, the unit's own name, quotes and spacing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# The numbering a heading or a table title may carry: 第三部分, 一、, （一）, 1. / 1.2, 公开01表,
# 附表1 / 附表14-1, 表一 / 表5 / 表11-1 (the one list of them, for headings and table titles alike).
NUMBERING = re.compile(
    r"^(第[一二三四五六七八九十]+部分[:：、\s]*|[一二三四五六七八九十]+\s*[、.．:：]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|\d+(\.\d+)*\s*[、.．]\s*|公开\s*\d+\s*表[:：、\s]*|附表\s*[0-9一二三四五六七八九十]+(-\d+)?[:：、.．\s]*"
    r"|表\s*[0-9一二三四五六七八九十]+(-\d+)?[、.．:：\s]*)"
)
_YEAR = re.compile(r"(?:19|20)\d\d\s*年度?")
_SCOPE_WORDS = re.compile(r"[（(](?:部门|单位|本级|汇总)[)）]|预算单位|部门|单位|市级|区级|县级|省级")
_DRESS = re.compile(r"[\s\u3000“”\"‘’'「」《》:：。．.]")


@lru_cache(maxsize=16384)
def heading_key(text: str, unit: str = "") -> str:
    """What a heading names, without its dress (see the module docstring)."""
    key = _DRESS.sub("", text)
    for _ in range(2):  # "第二部分 一、" : numbering inside numbering
        key = NUMBERING.sub("", key)
    if unit:
        key = key.replace(_DRESS.sub("", unit), "")
    key = _YEAR.sub("", key)
    return _SCOPE_WORDS.sub("", key)


@dataclass(frozen=True)
class HeadingPattern:
    """A layout's heading template ("{year}年“三公”经费预算情况说明"), matched against printed
    lines by their keys."""

    key: str
    unit: str = ""

    @classmethod
    def of(cls, template: str, unit: str = "") -> HeadingPattern:
        text = template.replace("{year}", "2000").replace("{unit}", "").replace("{scope}", "部门")
        return cls(heading_key(text), unit)

    def match(self, text: str) -> bool:
        return bool(self.key) and heading_key(text, self.unit) == self.key
