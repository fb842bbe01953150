"""Typesetting shared by the PDF and DOCX outputs: 公文 faces, type sizes, heading styles, titles.

Government documents (GB/T 9704) set the title in a heavy serif, first-level headings (一、) in
黑体, second-level headings (（一）) in 楷体, third-level headings (1.) in bold 仿宋 and body text in
仿宋. Office PCs have these faces under the names below; the Noto CJK fonts (installed by
scripts/setup.sh) stand in where they are missing, so every output names the office face first and
a Noto face last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from yusuan.compute import weights
from yusuan.model.document import PerformanceTable
from yusuan.render.typst_fonts import SANS, SERIF

# measure: type sizes in points: not money
Measure = float  # float-ok

Face = Literal["song", "fangsong", "hei", "kai"]

# The names a face goes by on an office PC (Windows with or without the GB2312 fonts, macOS, WPS),
# the first one the name Word and WPS write.
OFFICE_NAMES: dict[Face, tuple[str, ...]] = {
    "song": ("宋体", "SimSun", "Songti SC"),
    "fangsong": ("仿宋_GB2312", "仿宋", "FangSong", "STFangsong"),
    "hei": ("黑体", "SimHei", "Heiti SC"),
    "kai": ("楷体_GB2312", "楷体", "KaiTi", "STKaiti"),
}
# The free faces that stand in on a machine without them (Debian: fonts-noto-cjk, fonts-arphic-ukai;
# there is no free 仿宋, so Noto Serif CJK sets it).
STAND_INS: dict[Face, tuple[str, ...]] = {
    "song": (SERIF,),
    "fangsong": (SERIF,),
    "hei": (SANS,),
    "kai": ("AR PL UKai CN", SERIF),
}
FACES: dict[Face, tuple[str, ...]] = {face: OFFICE_NAMES[face] + STAND_INS[face] for face in OFFICE_NAMES}
# Font-table details Word needs to substitute a missing face: generic family.
FAMILIES: dict[Face, str] = {"song": "roman", "fangsong": "modern", "hei": "modern", "kai": "modern"}

# Chinese type sizes (号) in points.
ERHAO: Measure = 22.0  # 二号: the title
SANHAO: Measure = 16.0  # 三号: part headings
SIHAO: Measure = 14.0  # 四号: headings
XIAOSI: Measure = 12.0  # 小四: body text
WUHAO: Measure = 10.5  # 五号
XIAOWU: Measure = 9.0  # 小五


# The sizes both the PDF and the DOCX use (the DOCX styles and the typst template read them here).
SIZES: dict[str, Measure] = {
    "body": XIAOSI,
    "part": SANHAO,  # part headings and 目录
    "table_title": SIHAO,  # titles of budget and performance tables
    "caption": WUHAO,  # 图1 … under a chart
    "cover_date": SANHAO,
    "footer": SIHAO,  # page numbers: 四号, as GB/T 9704 sets them
}


@dataclass(frozen=True)
class HeadingStyle:
    face: Face
    size: Measure
    bold: bool
    centred: bool = False


# Headings as government documents number them: the numbering decides the face, not the depth.
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")
_LEVEL3 = re.compile(r"^[0-9]+[.．、]")

PART_HEADING = HeadingStyle("hei", SANHAO, bold=False, centred=True)
LEVEL1_HEADING = HeadingStyle("hei", SIHAO, bold=False)
LEVEL2_HEADING = HeadingStyle("kai", SIHAO, bold=False)
LEVEL3_HEADING = HeadingStyle("fangsong", XIAOSI, bold=True)
BODY = HeadingStyle("fangsong", XIAOSI, bold=False)


def heading_style(text: str, depth: int) -> HeadingStyle:
    """The style of a heading: by its numbering (一、 / （一） / 1.), else by its depth (1 = part)."""
    if _PART.match(text):
        return PART_HEADING
    if _LEVEL1.match(text):
        return LEVEL1_HEADING
    if _LEVEL2.match(text):
        return LEVEL2_HEADING
    if _LEVEL3.match(text):
        return LEVEL3_HEADING
    return (PART_HEADING, LEVEL1_HEADING, LEVEL2_HEADING)[min(depth, 3) - 1]


def title_lines(title: str, unit_name: str) -> list[str]:
    """The title broken between words: the unit's name on a line of its own, then the rest.

    '某某办公室2024年单位预算公开' is set as '某某办公室' / '2024年单位预算公开', never with a line break
    inside the name (the PDF and DOCX title is too long for one line at 二号).
    """
    if unit_name and title.startswith(unit_name) and len(title) > len(unit_name):
        return [unit_name, title[len(unit_name) :]]
    return [title]


# Where a heading may break besides around the unit's name: after a year, after 的, before 情况.
_BREAKS = re.compile(r"(?<=[0-9]{4}年)(?!度)|(?<=[0-9]{4}年度)|(?<=的)|(?=情况)")
# A run longer than this may break inside (it would not fit a line otherwise).
LONGEST_UNBROKEN = 22


def heading_segments(text: str, unit_name: str) -> list[str]:
    """A heading cut where a line may break: around the unit's name, after a year ('2024年'),
    after 的 and before 情况; a typesetter keeps each segment on one line.

    '一、关于某某办公室2024年收支预算情况的总体说明' -> ['一、关于', '某某办公室', '2024年', '收支预算',
    '情况的', '总体说明'], so that no line ends inside a word such as 总体 or 一般公共预算.
    """
    pieces = [text]
    if unit_name and unit_name in text:
        before, _, after = text.partition(unit_name)
        pieces = [before, unit_name, after]
    segments = []
    for piece in pieces:
        if piece == unit_name:
            segments.append(piece)
        else:
            segments.extend(part for part in _BREAKS.split(piece) if part)
    return [segment for segment in segments if segment]


def title_size(lines: list[str], room: Measure) -> Measure:
    """二号, or smaller where the longest line would not fit ``room`` points on one line."""
    longest = max((len(line) for line in lines), default=1)
    return min(ERHAO, int(room / longest * 2) / 2)


def chart_label(index: int) -> str:
    """The number of the ``index``-th chart (from 1): 图1, 图2 …"""
    return f"图{index}"


# -------------------------------------------------------------------- performance tables
WEIGHT_TOTAL_LABEL = "分值合计"
NO_PRIOR = "-"


def weight_total(table: PerformanceTable) -> str:
    """The 分值合计 of a performance table as printed (its weights added as the table shows them).

    Performance tables are not budget figures: the total is the sum of the printed weights.
    """
    return weight_text(weights.weight_total(table.indicators))


def weight_text(weight: Decimal | None) -> str:
    """10 -> '10', 2.50 -> '2.5', none -> ''."""
    return "" if weight is None else format(weight.normalize(), "f")


def fontconfig_aliases() -> str:
    """A fontconfig file that maps the office faces to the installed stand-ins.

    LibreOffice on a machine without the office fonts otherwise sets 仿宋 and 黑体 in whatever
    face fontconfig picks first (often a Latin font with CJK from a random fallback). Used by the
    page-image script and the LibreOffice test, never by yusuan itself.
    """
    aliases = []
    for face, names in OFFICE_NAMES.items():
        prefer = "".join(f"<family>{name}</family>" for name in STAND_INS[face])
        for name in names:
            aliases.append(f'<alias binding="same"><family>{name}</family><prefer>{prefer}</prefer></alias>')
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        + "\n".join(aliases)
        + "\n</fontconfig>\n"
    )
