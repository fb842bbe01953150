"""Wording: what a template leaves behind and text that breaks off.

Template leftovers: the alternatives a template offers ("增加（减少）", "下降（增长）27.78%",
"XX（部门）") left as offered, an amount left blank before its unit ("比上年增加万元", "增长%").
Broken text: a reason or purpose clause with nothing after it ("主要原因是。"), a list item that
stops before its content ("1.…，主要用于：" and then item 2), a number whose unit is missing
("减少100万元，减少9.52，"), brackets or quotes opened and never closed, and a new item starting
before the previous one ended ("…增加10万元2.一般公共服务支出…").

What the template's own placeholders leave (XX, 某某, "主要原因是……", notes to the drafter) is
``wording.W002`` (``yusuan.lexicon.PLACEHOLDER``); doubled words and punctuation ("。。", "，；")
are ``wording.N001``.

Each finding quotes the sentence with the leftover marked 【】. Texts are the paragraphs of the
sections (and the section titles, for brackets that open in a heading), compared as the claims
reader normalises them. A paragraph has no position of its own in a read document: the page and
line are those of the figures the reader took from the same paragraph, given only where they
place the leftover without doubt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from yusuan.check.context import CheckContext, normalised
from yusuan.check.finding import Hint, Location
from yusuan.check.places import NEAR, place_in_paragraph, sentence_span
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.check.rules.wording import unfilled_template
from yusuan.lexicon import DIRECTION_WORD, DOWN, PURPOSE, REASON_OPENS, UP, alternation, sign_of
from yusuan.model.document import Provenance, Section
from yusuan.text.claims import normalise
from yusuan.text.numerals import parse_chinese_number

_MARK_CONTEXT = NEAR  # characters of the sentence shown on each side of the leftover


@dataclass(frozen=True)
class _Text:
    """One paragraph of a section, normalised, with where it is."""

    section: Section
    raw: str
    text: str
    index: int  # the paragraph's index in the section


def _paragraphs(ctx: CheckContext) -> Iterator[_Text]:
    for section in ctx.sections():
        for index, raw in enumerate(section.paragraphs):
            if raw:
                yield _Text(section, raw, normalised(raw), index)


def _marked(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end] with that part marked 【】, cut to a readable length."""
    s, e = sentence_span(text, start)
    s, e = min(s, start), max(e, end)
    left, right = text[s:start], text[end:e]
    if len(left) > _MARK_CONTEXT:
        left = "…" + left[-_MARK_CONTEXT:]
    if len(right) > _MARK_CONTEXT:
        right = right[:_MARK_CONTEXT] + "…"
    return f"{left}【{text[start:end]}】{right}".strip()


def _provenance(item: _Text, at: int) -> Provenance | None:
    return place_in_paragraph(item.section, item.text, at)


def _location(item: _Text, start: int) -> Location:
    s, e = sentence_span(item.text, start)
    return Location(section=item.section.heading, sentence=item.text[s:e].strip())


# A rule that fires throughout one document (a blank template) lists its first places, then says
# how many there are.
_SHOWN = 3


class _Capped:
    def __init__(self, report: Reporter, what: str, what_en: str) -> None:
        self.report, self.what, self.what_en = report, what, what_en
        self.count = 0
        self.first: tuple[Location, Provenance | None] | None = None

    def __call__(self, message: str, message_en: str, hint: Hint, item: _Text, start: int) -> None:
        self.count += 1
        location, provenance = _location(item, start), _provenance(item, start)
        if self.first is None:
            self.first = (location, provenance)
        if self.count <= _SHOWN:
            self.report(message, message_en, hint, location, provenance)

    def close(self, hint: Hint) -> None:
        if self.count > _SHOWN and self.first is not None:
            self.report(
                f"{self.what}全文共 {self.count} 处（以上列出前 {_SHOWN} 处）",
                f"{self.what_en}: {self.count} places (the first {_SHOWN} listed)",
                hint,
                *self.first,
            )


# ---------------------------------------------------------------------------------- alternatives

_UP_WORDS, _DOWN_WORDS = alternation([*UP]), alternation([*DOWN])
_DIRECTION = DIRECTION_WORD.pattern
# "增加（减少）", "下降(增长)", "（增加/减少）", "增加/减少", "增加或减少XX万元" is not one (a phrase)
_ALTERNATIVE = re.compile(
    rf"(?P<a>{_DIRECTION})\s*[（(]\s*(?P<b>{_DIRECTION})\s*[)）]"
    rf"|[（(]?(?P<c>{_DIRECTION})\s*[/／]\s*(?P<d>{_DIRECTION})[)）]?"
)
# "…办事处（部门）下属1家机关": the template's "XX（部门）" with the name filled in and the gloss
# left; "13个部门（单位）" (departments and units) is ordinary
_SCOPE_GLOSS = re.compile(r"(?<=[局委办处室院所心站队会厅馆校社团园场署司])[（(](?:部门|单位)[)）]")
# "增加10万元（持平）": the template's "增加（减少）XXX万元（持平）" with a figure chosen and the
# alternative 持平 left
_FLAT_GLOSS = re.compile(rf"(?:{_DIRECTION})(?P<n>[0-9][0-9,]*(?:\.[0-9]+)?)(?:亿元|万元|元|%)[（(]持平[)）]")


def _opposite(a: str, b: str) -> bool:
    sa, sb = sign_of(a), sign_of(b)
    return sa is not None and sb is not None and sa * sb < 0


@rule(
    "wording.W005",
    "不应留有模板中的备选词",
    "No alternatives left as the template offers them",
    "模板把备选的说法并列写出（“增加（减少）”“增长（下降）”“（增加/减少）”“XX（部门）”，"
    "“增加（减少）XXX万元（持平）”），填报时应按实际选定一种并删去另一种；原样留下，读者无法知道是增是减。"
    "“13个部门（单位）”之类并列两种主体的正常用语不在此列。",
)
def alternatives(ctx: CheckContext, report: Reporter) -> None:
    if unfilled_template(ctx):
        return  # wording.N005 says it once
    capped = _Capped(report, "模板备选词", "alternatives left")
    hint_direction = Hint(
        "按实际增减选定一词（无变化写“持平”），删去括号内（或斜线后）的另一词",
        "Choose one word as the figures changed (“持平” if unchanged) and delete the other, in brackets or after the slash",
    )
    for item in _paragraphs(ctx):
        text = item.text
        for match in _ALTERNATIVE.finditer(text):
            a, b = (match.group("a"), match.group("b")) if match.group("a") else (match["c"], match["d"])
            if not _opposite(a, b):
                continue
            capped(
                f"留有模板的备选词“{match.group(0)}”，未选定增减方向：{_marked(text, *match.span())}",
                f"the template's alternatives “{match.group(0)}” left, no direction chosen: "
                f"{_marked(text, *match.span())}",
                hint_direction,
                item,
                match.start(),
            )
        for match in _SCOPE_GLOSS.finditer(text):
            capped(
                f"留有模板的括注“{match.group(0)}”（模板“XX{match.group(0)}”中填入名称后应删去）："
                f"{_marked(text, *match.span())}",
                f"the template's gloss “{match.group(0)}” left after the name: {_marked(text, *match.span())}",
                Hint(f"删去“{match.group(0)}”", f"Delete “{match.group(0)}”"),
                item,
                match.start(),
            )
        for match in _FLAT_GLOSS.finditer(text):
            if Decimal(match.group("n").replace(",", "")) == 0:
                continue  # "增加0万元（持平）" says what it means (text.W002 asks for 持平 alone)
            start = match.end() - 4
            capped(
                f"留有模板的备选词“（持平）”，而本句已写明增减金额：{_marked(text, start, match.end())}",
                f"the template's alternative “（持平）” left after a change: {_marked(text, start, match.end())}",
                Hint("删去“（持平）”", "Delete “（持平）”"),
                item,
                start,
            )
    capped.close(
        Hint(
            "逐处选定一种说法，删去模板的备选词",
            "Choose one wording in each place and delete the template's alternatives",
        )
    )


# ---------------------------------------------------------------------------------- blank amounts

# a word that a figure follows, then a unit with no figure: "安排万元", "比上年增加万元", "增长%"
# (not after 合计/总计, which a table's header read as text may print before its unit; the unit
# ends the clause: "增加元旦慰问" is no blank)
_BLANK_AMOUNT = re.compile(
    rf"(?P<lead>{_DIRECTION}|安排|预算数?为|决算数?为|支出为|收入为|经费为|费为|占比?|约为)"
    r"(?P<unit>亿元|万元|千元|元|%|个百分点)(?=[，,。；;、：:（()）\s]|的|$)"
)
# "单位为万元", "以万元为单位", "折合为万元": the unit named, not a figure left out
_UNIT_NAMED_BEFORE = re.compile(r"(?:单位|计量|折合|换算|折算|保留|精确|列示|表述)[^，。；;,]{0,4}$")


@rule(
    "wording.W006",
    "金额不应空缺",
    "No amount left blank before its unit",
    "“安排万元”“比上年增加万元”“增长%”：单位前应有的数字没有填写（多为模板中的“XX万元”删去占位符后"
    "未填数）。“单位为万元”“以万元为单位”之类说明计量单位的用语不在此列。",
)
def blank_amounts(ctx: CheckContext, report: Reporter) -> None:
    capped = _Capped(report, "空缺的金额", "blank amounts")
    for item in _paragraphs(ctx):
        text = item.text
        if not re.search(r"[0-9]", text):
            continue  # no figure read in the paragraph at all: figures may be lost in extraction
        for match in _BLANK_AMOUNT.finditer(text):
            if _UNIT_NAMED_BEFORE.search(text[: match.start("unit")]):
                continue
            span = (match.start("unit"), match.start("unit"))
            shown = _marked(text, *span)
            capped(
                f"“{match.group(0)}”：“{match.group('unit')}”前缺少数字：{shown}",
                f"“{match.group(0)}”: no figure before “{match.group('unit')}”: {shown}",
                Hint(
                    "填写金额（或比例），无此项的写明“0万元”或删去此句",
                    "Fill in the amount (or share); where there is none, write “0万元” or delete the sentence",
                ),
                item,
                match.start(),
            )
    capped.close(Hint("逐处填写金额", "Fill in the amount in each place"))


# ---------------------------------------------------------------------------------- empty reasons

# a reason or purpose opened and closed at once: "主要原因是。", "主要用于；", "原因为：。"
# ("主要原因。" alone may be a noun phrase: "说明变化的主要原因。")
_OPENER = alternation([w for w in (*REASON_OPENS, *PURPOSE) if w != "主要原因"])
_EMPTY_REASON = re.compile(
    rf"(?P<open>(?:主要原因|原因)(?:是|为|系|在于)[：:]?|(?:{_OPENER})[：:]?)\s*(?P<end>[。；;！!]|，(?=[。；;]))"
)
# a numbered item: "1.", "1、", "（1）", "(一)", "一、"
_ITEM_NUMBER = re.compile(
    r"^\s*(?:(?P<d>[0-9]{1,2})\s*[.．、](?![0-9])|[（(]\s*(?P<p>[0-9]{1,2})\s*[)）]"
    r"|[（(](?P<pc>[一二三四五六七八九十]{1,3})[)）]|(?P<c>[一二三四五六七八九十]{1,3})、)"
)


def _item_number(text: str) -> tuple[str, int] | None:
    """(style, number) of the numbered item a text starts with."""
    match = _ITEM_NUMBER.match(text)
    if match is None:
        return None
    for style in ("d", "p"):
        if match.group(style):
            return style, int(match.group(style))
    for style in ("pc", "c"):
        if match.group(style):
            value = parse_chinese_number(match.group(style))
            return (style, value) if value else None
    return None


# a paragraph that ends where its list should begin: "…，主要用于：", "主要原因是："
_ENDS_OPEN = re.compile(rf"(?:(?:主要原因|原因)(?:是|为|系)?|{_OPENER}|主要包括|包括|如下)[：:]$")


@rule(
    "wording.W007",
    "原因、用途等说明不应有头无尾",
    "A reason or purpose clause is not left empty",
    "“主要原因是。”“主要用于；”：说明原因或用途的句子在应写内容处就结束了。编号条目以“主要用于：”"
    "结尾而下一段紧接着是下一编号条目（“1.…主要用于：”之后即“2.…”），冒号后应列出的内容也缺失。"
    "以冒号结尾而下一段接着列出内容的（分段书写）不在此列。",
)
def empty_reasons(ctx: CheckContext, report: Reporter) -> None:
    for item in _paragraphs(ctx):
        text = item.text
        for match in _EMPTY_REASON.finditer(text):
            span = (match.start("open"), match.end("end"))
            report(
                f"“{match.group('open')}”之后没有内容：{_marked(text, *span)}",
                f"nothing after “{match.group('open')}”: {_marked(text, *span)}",
                Hint(
                    "补写原因或用途，或删去这半句", "Write the reason or purpose, or delete the half sentence"
                ),
                _location(item, match.start()),
                _provenance(item, match.start()),
            )
        ends = _ENDS_OPEN.search(text)
        number = _item_number(text)
        paragraphs = item.section.paragraphs
        if ends is None or number is None or item.index + 1 >= len(paragraphs):
            continue
        following = _item_number(normalised(paragraphs[item.index + 1]))
        if following != (number[0], number[1] + 1):
            continue
        report(
            f"第{number[1]}项以“{ends.group(0)}”结尾，下一段即第{number[1] + 1}项，冒号后的内容缺失："
            f"{_marked(text, *ends.span())}",
            f"item {number[1]} ends with “{ends.group(0)}” and the next paragraph is item {number[1] + 1}: "
            f"what should follow the colon is missing: {_marked(text, *ends.span())}",
            Hint(
                "补写冒号后的内容，或删去冒号前的半句",
                "Write what follows the colon, or delete the half sentence before it",
            ),
            _location(item, ends.start()),
            _provenance(item, ends.start()),
        )


# ---------------------------------------------------------------------------------- missing unit

_NUMBER = r"(?<![0-9A-Za-z.,])(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
# a direction word, then a figure, then the clause ends: "减少9.52，"
_UNITLESS = re.compile(
    rf"(?P<dir>{_DIRECTION})了?(?:为|达|约)?(?P<num>{_NUMBER})(?![0-9.,])(?=[，,。；;)）])"
)
# a figure with its unit, a percentage too; not text.amounts' MONEY_FIGURE, which is money alone
_FIGURE_WITH_UNIT = rf"{_NUMBER}(?:亿元|万元|千元|元|%)"
_WITH_UNIT = re.compile(_FIGURE_WITH_UNIT)


@rule(
    "wording.N002",
    "增减数字缺少单位",
    "A change stated without its unit",
    "“与上年相比减少100万元，减少9.52，主要原因是…”：同句其他金额写有单位，而这一增减数字后没有单位"
    "（万元还是%？）。只看紧接标点的增减数字；数字0、句中无其他带单位数字的、段末的（单位可能在表格"
    "单元格的下一行）、数字后留有空白的、以及全文正文未提取出任何“%”的（可能是文件中的符号未能提取）不报。",
)
def unitless_changes(ctx: CheckContext, report: Reporter) -> None:
    texts = list(_paragraphs(ctx))
    has_percent = any("%" in t.text for t in texts)
    for item in texts:
        text = item.text
        for match in _UNITLESS.finditer(text):
            if Decimal(match.group("num").replace(",", "")) == 0:
                continue
            s, e = sentence_span(text, match.start())
            others = [m.group(0) for m in _WITH_UNIT.finditer(text[s:e])]
            if not others or not has_percent:
                continue
            raw_end = _raw_index(item, match.end("num") - 1) + 1
            if raw_end < len(item.raw) and item.raw[raw_end].isspace():
                continue  # "12.95 ，": a blank where a sign may be that the extraction lost
            shown = _marked(text, *match.span())
            report(
                f"“{match.group(0)}”没有单位（同句：{'、'.join(others[:3])}）：{shown}",
                f"“{match.group(0)}” has no unit (the sentence says {', '.join(others[:3])}): {shown}",
                Hint("补上单位（万元或%）", "Add the unit (“万元” or “%”)"),
                _location(item, match.start()),
                _provenance(item, match.start()),
            )


def _raw_index(item: _Text, at: int) -> int:
    return normalise(item.raw)[1][at]


# ---------------------------------------------------------------------------------- brackets

_PAIRS = {"（": "（", "(": "（", "）": "）", ")": "）", "“": "“", "”": "”", "《": "《", "》": "》"}
_CLOSES = {"（": "）", "“": "”", "《": "》"}
_NAMES = {"（": "括号", "“": "引号", "《": "书名号"}
# "1）", "a)": a list number closed by a bracket with no opening one
_LIST_CLOSE = re.compile(r"(?:^|[\s。；;：:，,])[0-9a-zA-Z一二三四五六七八九十]{1,2}[)）]")
_EDGE = 10  # characters at either end of a paragraph where a cut (page, table cell) may fall
_TERMINAL = "。；;！？!?"


def _unmatched(text: str) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Openers never closed and closers never opened, (kind, offset), in one text."""
    stacks: dict[str, list[int]] = {o: [] for o in _CLOSES}
    closers: list[tuple[str, int]] = []
    lists = {m.end() - 1 for m in _LIST_CLOSE.finditer(text)}
    for at, char in enumerate(text):
        mark = _PAIRS.get(char)
        if mark in _CLOSES:
            stacks[mark].append(at)
        elif mark is not None and at not in lists:
            opener = next(o for o, c in _CLOSES.items() if c == mark)
            if stacks[opener]:
                stacks[opener].pop()
            else:
                closers.append((opener, at))
    openers = [(kind, at) for kind, offsets in stacks.items() for at in offsets]
    return openers, closers


@rule(
    "wording.N003",
    "括号、引号、书名号不成对",
    "Brackets, quotes or title marks not in pairs",
    "段落中有“（”而无“）”、有左引号而无右引号、有“《”而无“》”（或反之），多为删改时漏删或漏补。跨页、跨段的成对"
    "符号（前一段或标题中开、下一段中闭）、段首段尾可能被截断处、以及“1）”“a)”之类的编号不报；"
    "全角与半角括号（“（…)”）视为成对。",
)
def unpaired(ctx: CheckContext, report: Reporter) -> None:
    # the texts in reading order, headings included (a bracket may open in a heading and close in
    # the paragraph under it, or open at a paragraph's end and close in the next)
    stream: list[tuple[str, _Text | None]] = []
    for section in ctx.sections():
        stream.append((normalised(section.title or ""), None))
        stream += [
            (normalised(raw), _Text(section, raw, normalised(raw), i))
            for i, raw in enumerate(section.paragraphs)
            if raw
        ]
    unmatched = [_unmatched(text) for text, _ in stream]
    # a kind that is unbalanced all over the document is read wrongly (one glyph for both quotes)
    spoiled = {
        kind
        for kind in _CLOSES
        if abs(
            sum(
                len([o for o in u[0] if o[0] == kind]) - len([c for c in u[1] if c[0] == kind])
                for u in unmatched
            )
        )
        > 3
    }
    for position, (text, item) in enumerate(stream):
        if item is None or len(text) < 2 * _EDGE:
            continue
        openers, closers = unmatched[position]
        after = {k for u in unmatched[position + 1 : position + 3] for k, _ in u[1]}
        before = {k for u in unmatched[max(0, position - 2) : position] for k, _ in u[0]}
        for kind, at in openers:
            if kind in spoiled or kind in after or at >= len(text) - _EDGE or text[-1] not in _TERMINAL:
                continue
            report(
                f"有“{kind}”而无“{_CLOSES[kind]}”（{_NAMES[kind]}未闭合）：{_marked(text, at, at + 1)}",
                f"“{kind}” opened and not closed: {_marked(text, at, at + 1)}",
                Hint(
                    f"在应结束处补上“{_CLOSES[kind]}”，或删去多余的“{kind}”",
                    f"Add “{_CLOSES[kind]}” where it should end, or delete the extra “{kind}”",
                ),
                _location(item, at),
                _provenance(item, at),
            )
        for kind, at in closers:
            if kind in spoiled or kind in before or at < _EDGE:
                continue
            report(
                f"有“{_CLOSES[kind]}”而无“{kind}”（{_NAMES[kind]}缺少前半）：{_marked(text, at, at + 1)}",
                f"“{_CLOSES[kind]}” closes what was not opened: {_marked(text, at, at + 1)}",
                Hint(
                    f"补上前面的“{kind}”，或删去多余的“{_CLOSES[kind]}”",
                    f"Add the “{kind}” before it, or delete the extra “{_CLOSES[kind]}”",
                ),
                _location(item, at),
                _provenance(item, at),
            )


# ---------------------------------------------------------------------------------- run-on items

# an amount with its unit, then at once the next item's number and its text: "…增加10万元2.一般"
_RUN_ON = re.compile(
    rf"{_FIGURE_WITH_UNIT}(?P<next>(?P<d>[0-9]{{1,2}})[.．、](?![0-9])|[（(](?P<pc>[一二三四五六七八九十]{{1,3}})[)）])"
    r"(?=\s*[\u4e00-\u9fff“])"
)


@rule(
    "wording.N004",
    "上一条未结束即开始下一条",
    "A new item starts before the previous one ends",
    "“1.…比上年增加10万元2.一般公共服务支出…”：上一条的句末标点和换行缺失，下一条的编号紧接在金额之后。"
    "只在本段以上一编号开头、且编号紧接在带单位的金额之后时报告（不会与小数或金额混淆）。",
)
def run_on_items(ctx: CheckContext, report: Reporter) -> None:
    for item in _paragraphs(ctx):
        text = item.text
        first = _item_number(text)
        if first is None:
            continue
        for match in _RUN_ON.finditer(text):
            if match.group("d"):
                style, number = "d", int(match.group("d"))
            else:
                style, number = "pc", parse_chinese_number(match.group("pc")) or 0
            # the item before it starts this paragraph or follows a sentence end in it
            previous = [first] + [
                _item_number(text[m.end() :]) for m in re.finditer(r"[。；;]", text[: match.start()])
            ]
            if (style, number - 1) not in previous:
                continue
            start = match.start("next")
            report(
                f"第{number - 1}项未结束，第{number}项“{match.group('next')}”紧接在金额之后："
                f"{_marked(text, start, match.end('next'))}",
                f"item {number} “{match.group('next')}” starts right after an amount, before item "
                f"{number - 1} ends: {_marked(text, start, match.end('next'))}",
                Hint(
                    "在上一条末尾补上句号，下一条另起一段",
                    "End the previous item with a full stop and start the next in a new paragraph",
                ),
                _location(item, start),
                _provenance(item, start),
            )
