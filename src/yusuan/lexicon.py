"""The words of the genre that reading and checking both rely on, written once.

Direction words (增加 / 减少 / 持平 and their kin), the words that open a reason, and what a
template leaves for the drafter to fill. The reader (``text.claims``) and the rules (``check``) use
these lists and the patterns built from them; a word added here is read and checked alike.
"""

from __future__ import annotations

import re
from typing import Final

# --- direction of a change ------------------------------------------------------------------------
UP: Final = ("增加", "增长", "上涨", "上升", "提高", "增多")
DOWN: Final = ("减少", "下降", "降低", "下调")
FLAT: Final = "持平"
# A rate named by its direction: "增幅283.59%", "降幅5.2%" (read as the direction word)
RATE_WORDS: Final = {"增幅": "增长", "涨幅": "上涨", "降幅": "下降", "减幅": "减少"}
# A flat comparison with no figure ("与上年预算数相等", "比2022年预算持平")
FLAT_WORDS: Final = ("持平", "相等", "一致", "相同", "未发生变化", "没有变化", "无变化", "无增减", "不变")
# "本年数小于上年预算数29.65万元": a comparative read as the direction it implies
COMPARATIVE: Final = {
    "小于": "减少",
    "少于": "减少",
    "低于": "减少",
    "大于": "增加",
    "多于": "增加",
    "高于": "增加",
    "超过": "增加",
}


def sign_of(direction: str | None) -> int | None:
    """+1 for an increase, −1 for a decrease, 0 for 持平, None for anything else."""
    if direction in UP:
        return 1
    if direction in DOWN:
        return -1
    if direction == FLAT:
        return 0
    return None


# A comparison with a year: "比2023年预算", "较2022年年初预算", "与2023年相比"
COMPARED_YEAR: Final = re.compile(
    r"(?:(?<![占对相无])比|(?<![比相])较|与|同)(?P<year>(?:19|20)[0-9]{2})年度?"
    r"(?P<what>年初预算|预算执行数|预算数|预算|决算数|决算|执行数|同期)?"
)

# the rows (or columns) of a grid in the text that compares the budget with the year before
# (xian/12 p.10: 年度 | 总收入支出 | … over 2021 / 2022 / 变化): a year, and the change
GRID_YEAR: Final = re.compile(r"^((?:19|20)\d{2})年?度?(?:预算)?(?:数)?$")
# (also the change rows of a table printed year by year, Shenzhen 表9: "增减变化金额")
GRID_CHANGE: Final = re.compile(r"^(?:比上年|同比)?(?:增减|增减变化|变化)(?:金额|额|数|情况)?$")

# --- reasons ------------------------------------------------------------------------------------
# Words that open a reason: "主要原因是…", "由于…", "主要是…".
REASON_OPENS: Final = (
    "主要原因",
    "原因是",
    "原因为",
    "原因一是",  # "原因一是增加了农村危房改造市级专项资金；二是…" (xian/08 p.28)
    "主要由于",
    "由于",
    "因为",
    "主要是",
    "主要系",
    "系因",
    "是因",
)
# Words that say what the money is for: a purpose, which reviewers accept as the reason of a change.
PURPOSE: Final = ("主要用于", "用于")
# "原因" alone opens a reason too: "较上年减少947.42万元，原因绩效工资预算减少" (xian/15 p.32)
REASON_WORDS: Final = (*REASON_OPENS, "原因：", "原因", *PURPOSE)
# Looser cues for the 三公 explanations ("鉴于…", "根据…压减", "按照…要求").
REASON_CUES: Final = (*REASON_WORDS, "鉴于", "根据", "按照")


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of ``words``, longest first (so that 主要原因 wins over 原因)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# a word of increase or decrease, and a word of no change
DIRECTION_WORD: Final = re.compile(alternation([*UP, *DOWN]))
FLAT_WORD: Final = re.compile(alternation(FLAT_WORDS))
REASON: Final = re.compile(alternation(REASON_WORDS))
REASON_OPEN: Final = re.compile(alternation(REASON_OPENS))
# A change the text calls routine or negligible: the drafter's account of it, which a reviewer
# takes in place of a reason ("属于本年度劳动监察业务经费的正常压缩", xian/03 p.14; "较上年增加0.11
# 万元，与上年基本持平", xian/08 p.22). "正常增加" alone is no account ("经费正常增加" says only that).
ROUTINE: Final = re.compile(r"属于[^。；;，,]{0,40}?正常|(?:基本|大致|大体)持平")
# A clause after the change that says what was added or cut: "较上年增加1311.55万元，增加了自然灾害
# 风险普查等专项业务经费" (xian/08 p.28); not a figure ("增加了14.15万元" is the change itself)
WHAT_CHANGED: Final = re.compile(
    rf"^[^，,；;。]{{0,16}}[，,]\s*(?:主要)?(?:是)?(?:本年度?)?"
    rf"(?:{alternation([*UP, *DOWN, '新增', '压减', '取消'])})了(?!\s*[0-9０-９])"
)


# What a 三公 item pays for, as the genre's glossaries define it (公务用车运行维护费："燃料费、维修费、
# 过路过桥费、保险费等"): a reason that names any of these speaks of that item.
ITEM_CONTENTS: Final = {
    "公务用车运行": ("运行", "维修", "维护", "燃料", "油料", "保险", "过路", "过桥"),
    "公务用车购置": ("购置", "购买", "更新", "采购", "配备"),
    "因公出国": ("出国", "出访", "出境", "因公出"),
    "公务接待": ("接待",),
}


# --- what a template leaves for the drafter -------------------------------------------------------
# An ellipsis the template prints where the drafter writes ("主要原因是……"), and the words before
# such a slot: a reason, a purpose, a definition (指), a statement (是, 为).
_ELLIPSIS = r"(?:…+|\.{3,}|。{3,})"
_SLOT = alternation([*REASON_OPENS, *PURPOSE, "主要包括", "包括", "指", "是", "为"])
PLACEHOLDER: Final = re.compile(
    r"(?<![A-Za-z])[XxＸｘ×]{2,}(?![A-Za-z])|某某|待填|待定|待补充|\{[^{}\n]{0,20}\}|｛[^｛｝\n]{0,20}｝"
    r"|〔[\s　]*〕|【[\s　]*】|（[\s　]+）|\([\s　]+\)|_{3,}|＿{2,}"
    # the template's note to the drafter: "（请核实单位是否有涉密项目，若无…则备注写“备注：无”）",
    # "（按“…06表…”中实际发生经济分类支出事项填写）"
    r"|[（(][\s　]*(?:请|按|根据|如|若)[^（）()\n]{0,80}?(?:填写|填报|核实|补充|删除|修改|注明|表述|则写)[^（）()\n]{0,40}[)）]"
    # the Shanghai templates' notes: "（不涉及的不列）", "（说明项目的总体情况、立项目的等）",
    # "（列举具体实施项目的各个责任主体及其职责等）", "（无政府采购预算的部门，作下述说明：…"
    r"|[（(]不涉及的?不列[)）]|[（(](?:说明|列举)[^（）()\n：:]{2,60}等[)）]"
    r"|[（(][^（）()\n]{0,40}作(?:下述|如下)说明[：:]"
    # the template's example wording where a reason, a purpose or a figure goes: "主要原因是……",
    # "主要用于……", "XX是…。", "（九）……：指……。", "……万元" (not dot leaders before a page number)
    rf"|(?:{_SLOT})(?:是|为|系)?[：:]?[\s　]*{_ELLIPSIS}(?![\s　.…]*[0-9])"
    rf"|{_ELLIPSIS}[\s　]*(?:亿元|万元|元|%|％)"
    # an item number and an ellipsis for the item ("2. ……", "（九）……：指……"); an ellipsis alone
    # is not one ("…" in a table cell: no figure to give)
    rf"|^[\s　]*(?:[（(][一二三四五六七八九十]+[）)]|[0-9]{{1,2}}[.．、])[\s　]*{_ELLIPSIS}"
)
