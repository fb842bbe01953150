"""text.W001: a stated increase or decrease comes with its reason.

财预〔2016〕143号 asks that changes be explained. A change counts as explained where a reason
follows it (in its sentence, in the next one, or in the next paragraph where the reason was printed
on a line of its own), where it is itself part of a reason, where its parts are explained
(“其中……”), where the text calls it routine or says what was added, or where the same change is
stated with its reason elsewhere (a total repeated in each part of the document is explained once),
or where one reason follows a list of changes and names the item (quanzhou/02 p.25).
"""

from __future__ import annotations

import re

from yusuan.check.amounts import en, is_money, sign_of
from yusuan.check.context import CheckContext
from yusuan.check.finding import Hint
from yusuan.check.match import norm_name, subject_kind
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.check.statements import is_percent_change, paragraphs_of
from yusuan.lexicon import DIRECTION_WORD, ITEM_CONTENTS, REASON, REASON_OPEN, ROUTINE, UP, WHAT_CHANGED
from yusuan.model.document import Claim, Section
from yusuan.text.amounts import MONEY_FIGURE as _MONEY_FIGURE

# a reason word with something after it, or at the end of the text (the reason printed as the
# next paragraph: "主要原因：" / "依据审核结果…"); "主要原因是。" (the reason cut off) gives none
_REASON = re.compile(rf"(?:{REASON.pattern})[：:，,\s]*(?:[^。；;，,：:\s]{{2}}|$)")
# "增加的主要原因是…", "预算收支增加主要原因说明：…" (Shenzhen)
_EXPLAINED = re.compile(r"(?P<dir>增加|增长|上涨|上升|减少|下降|降低)的?(?:主要)?原因")
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
# words that open a reason: a change stated after one is itself the reason ("…下降1.9%，主要是政府性
# 基金预算收入较上年执行数下降45.9%")
_REASON_OPENS = f"(?:{REASON_OPEN.pattern})"
_REASON_LINE = re.compile(rf"^\s*{_REASON_OPENS}")
_BREAKDOWN = re.compile(r"^[。；;：:\s]*(?:其中|具体情况如下|具体如下|主要内容如下)")
# "较上年增加212.77万元，其中：2021年度专项业务费支出533万元…" (xian/14 p.32): the parts in the sentence
_BREAKDOWN_AFTER = re.compile(r"^[^，,。；;]{0,16}[，,]\s*其中")


def _after(paragraph: str, sentence: str) -> str:
    at = paragraph.find(sentence)
    return paragraph[at + len(sentence) :] if at >= 0 else ""


# an item's number: "（25）" / "(3)", and "4." / "二、"
_PAREN_NUMBER = r"[（(][0-9一二三四五六七八九十]{1,3}[)）]"
_DOT_NUMBER = r"[0-9一二三四五六七八九十]{1,3}[.．、]"
# where a numbered item starts inside a text ("（25）", "4.", "②", "1.2026年…"; not the "70." of 8375.70)
_ITEM_START = re.compile(
    rf"{_PAREN_NUMBER}|(?<![0-9.．]){_DOT_NUMBER}(?![0-9])"
    r"|(?<![0-9.．])[0-9]{1,2}[.．](?=[0-9]{4}年)|[①-⑳]"  # "1.2026年报业集团…" is item 1
)
_OPENS_A_LIST = re.compile(rf"{_REASON_OPENS}[是为]?\s*[：:]\s*$")


def _in_a_reason_list(paragraph: str, sentence: str, previous: str) -> bool:
    """The sentence lists the reasons a reason opener announced ("主要原因是：人员经费减少337.26万元，
    公用经费增加36.31万元…", xian/14 p.21), in its paragraph or at the end of the one before, or
    continues after a semicolon the reason its full sentence opened: the changes it states are the
    reasons."""
    at = paragraph.find(sentence)
    before = paragraph[:at] if at > 0 else previous if at == 0 else ""
    if _OPENS_A_LIST.search(before[-12:]):
        return True
    # a reason continued after a semicolon: "原因是…人员经费减少117.71万元；日常公用经费减少2.40万元；
    # 专项业务费减少37.45万元" (xian/14 p.23): the reason runs to the full stop
    # — but a numbered item is an item of its own unless the opener came before the list began
    # (xian/03 p.17: "（24）…主要原因是…；（25）行政单位医疗…减少562.99万元，…" is not (24)'s reason)
    start = max(before.rfind(mark) for mark in "。！？!?") + 1
    segment = before[start:]
    if _NUMBERED.match(sentence) and (first := _ITEM_START.search(segment)):
        segment = segment[: first.start()]
    if _states_its_amount(sentence):
        return False  # "机关商品和服务支出（502）3468.65万元，较上年增加…" (xian/08 p.27): a new item
    return before.rstrip().endswith(("；", ";")) and bool(REASON_OPEN.search(segment))


def _states_its_amount(sentence: str) -> bool:
    """The sentence gives an amount before any change ("X 3468.65万元，较上年增加…"): an item of its
    own, not a part of a reason ("日常公用经费减少2.40万元")."""
    figure = _MONEY_FIGURE.search(sentence)
    return figure is not None and not DIRECTION_WORD.search(sentence[: figure.start()])


def _next_sentence(rest: str) -> str:
    rest = rest.lstrip("。；;！？!? \n")
    end = _SENTENCE_END.search(rest)
    return rest[: end.start()] if end else rest


_FULL_STOP = re.compile(r"[。！？!?\n]")


def _after_the_list(rest: str, reason_line: str = "") -> str:
    """The sentence after a list of changes that the change opens, its items parted by semicolons
    ("公务用车运行费1188.00万元，比上年增加168.00万元，增长16.47%；公务用车购置费495.85万元，比上年增加
    55.85万元，增长12.69%。主要原因是: …", quanzhou/02 p.25), or the reason printed as the next
    paragraph (``reason_line``) where the list ends its own; "" where the sentence goes on with
    anything but changes."""
    rest = rest.lstrip("；; ")
    end = _FULL_STOP.search(rest)
    stop = end.start() if end is not None else len(rest)
    clauses = [c for c in re.split(r"[；;]", rest[:stop]) if c.strip()]
    if not all(DIRECTION_WORD.search(c) for c in clauses):
        return ""
    after = _next_sentence(rest[stop:])
    return after if after.strip() else _next_sentence(reason_line)


def _names_the_item(subject: str | None, reason: str) -> bool:
    """A reason given once for a list of changes speaks of an item where it names it: by what the
    item pays for (ITEM_CONTENTS: "维修" for 公务用车运行费), or by its name less the generic words
    ("本年有公务用车购置计划" names 购置费, not 运行费: fuzhou/01 p.22)."""
    name = norm_name(subject)
    for item, words in ITEM_CONTENTS.items():
        if item in name:
            return any(word in reason for word in words)
    core = re.sub(r"(?:经费|费用|费|支出|预算)+$", "", name)
    return len(core) >= 2 and core in reason


# A cause named in the change's own clause, before it: "因人员增加", "由于机构改革" (因公出国 is a name)
_CAUSE_BEFORE = re.compile(r"(?:(?<!原)因(?!公)|由于)[^，,；;。：:]{2,}")
_CLAUSE = re.compile(r"[，,；;：:。]")


@rule(
    "text.W001",
    "增减变化应说明原因",
    "A stated increase or decrease gives its reason",
    "财预〔2016〕143号要求对收支增减变化作出说明：正文写明增加或减少的，同一句或紧接的下一句应说明原因"
    "（主要原因、由于、因为、用于……），或说明增减属于正常变化、与上年基本持平，或紧接着写明增加或减少了什么"
    "（“增加了……专项业务经费”），或在同一分句中先写原因（“公用经费因人员增加正常增加22.46万元”），"
    "或写明为新增科目。持平无须说明；以“其中”分项说明、各项已说明原因的，或本节另有"
    "“增加（减少）的主要原因是……”的，视为已说明；写在原因之中的增减（“主要是……收入下降45.9%”）本身是原因；"
    "同一增减（同一金额、同一方向）在文中别处已说明原因的（各部分重复的总额增减），不再要求重复说明；"
    "以分号列出几项增减、其后统一说明原因的，原因提到的项（按名称，或“三公”各项的开支内容，如运行费的维修、燃料）"
    "视为已说明。",
)
def change_has_reason(ctx: CheckContext, report: Reporter) -> None:
    unexplained: list[tuple[Section, Claim]] = []
    reasoned: list[Claim] = []  # changes stated with their reason, anywhere in the document
    for section in ctx.budget_sections():
        groups = paragraphs_of(section)
        texts = [text for text, _ in groups]
        directions = {1 if m.group("dir") in UP else -1 for text in texts for m in _EXPLAINED.finditer(text)}
        seen: set[tuple[str, str | None]] = set()
        for number, (_, claims) in enumerate(groups):
            for claim in claims:
                direction = sign_of(claim.direction)
                if direction in (None, 0) or claim.value == 0:
                    continue
                if not ((claim.kind == "change" and is_money(claim)) or is_percent_change(claim)):
                    continue
                if (claim.sentence, claim.subject) in seen:
                    continue
                seen.add((claim.sentence, claim.subject))
                if _has_reason(section, groups, number, claim):
                    reasoned.append(claim)
                elif direction not in directions:
                    unexplained.append((section, claim))
    for section, claim in unexplained:
        if any(_same_change(claim, other) for other in reasoned):
            continue  # "财政拨款收、支总计各增加844.15万元" again, explained where first stated
        name = claim.subject or ""
        location, provenance = ctx.at_claim(section, claim)
        report(
            f"“{name}”：正文：{claim.direction}{claim.text}；本句及下一句未说明增减原因",
            f"{name}: the text states {en(claim.direction)} {claim.text} without a reason in the "
            "sentence or the next",
            Hint(
                "在增减变化之后说明主要原因（“主要原因是……”）",
                "State the main reason after the change (“主要原因是……”)",
            ),
            location,
            provenance,
        )


# "此项级科目为今年新增科目" (js-party-cttee-office_2018 p.9): the whole amount is new
_NEW_SUBJECT = re.compile(r"(?:为|系|属于?|是)(?:今年|本年度?|当年)?新增(?:的)?(?:科目|项目|事项|支出|经费)")


def _has_reason(section: Section, groups: list[tuple[str, list[Claim]]], number: int, claim: Claim) -> bool:
    """Whether the change is explained where it stands (its sentence, the next, its parts), or is
    itself part of a reason."""
    texts = [text for text, _ in groups]
    paragraph = texts[number]
    rest = _after(paragraph, claim.sentence)
    if not _next_sentence(rest).strip() and number + 1 < len(texts) and _reason_line(texts[number + 1]):
        rest += "。" + texts[number + 1]  # the reason, printed as a line of its own
    # after the figure: a subject named "用于…的支出" is no reason
    tail = claim.sentence[max(0, claim.sentence.find(claim.text)) :]
    following = _next_sentence(rest)
    if _REASON.search(tail) or _REASON.search(following):
        return True
    following_paragraph = texts[number + 1] if number + 1 < len(texts) else ""
    after = _after_the_list(rest, following_paragraph if _reason_line(following_paragraph) else "")
    if after and _REASON.search(after) and _names_the_item(claim.subject, after):
        return True  # "运行费…增加168.00万元；购置费…增加55.85万元。主要原因是：…维修，需购置…"
    if _NEW_SUBJECT.search(tail) or _NEW_SUBJECT.search(following):
        return True
    if ROUTINE.search(tail) or WHAT_CHANGED.match(tail[len(claim.text) :]):
        return True  # "属于…的正常压缩", "与上年基本持平", "增加了…专项业务经费"
    head = claim.sentence[: max(0, claim.sentence.find(claim.text))]
    if _CAUSE_BEFORE.search(_CLAUSE.split(head)[-1]):
        return True  # the cause before the change: "公用经费因人员增加正常增加22.46万元"
    if re.search(_REASON_OPENS, head) or _in_a_reason_list(
        paragraph, claim.sentence, texts[number - 1] if number else ""
    ):
        return True  # the change is itself a reason ("主要原因是增加援疆经费100万元")
    if _explained_by_a_part(section, claim) or _stated_in_a_reason(section, claim):
        return True
    # a total explained by its parts: "…减少X万元。其中：…（各项）主要原因是…", the parts printed
    # in the same paragraph or from the next line (huzhou/01 p.13)
    later = rest + "".join(texts[number + 1 :])
    after = rest if _next_sentence(rest).strip() or number + 1 >= len(texts) else texts[number + 1]
    breakdown = (
        claim.sentence.endswith(("其中", "其中：", "其中:"))
        or _BREAKDOWN.match(after)
        or _BREAKDOWN_AFTER.match(tail[len(claim.text) :])
        or _opens_a_list(groups, number, claim)
    )
    return bool((breakdown or subject_kind(claim.subject) is not None) and _REASON.search(later))


def _reason_line(text: str) -> bool:
    """The next paragraph is the reason of the one before, printed on a line of its own: it opens
    with a reason ("主要原因：…"), or its first sentence gives one and states no amount of its own
    ("此项数据变动较大的原因是财政部对…口径调整", js-npc-standing-cttee-office_2017 p.28; not
    "2. 社会保障和就业支出 1608.51 万元…，主要原因是…", the next item's own reason)."""
    if _REASON_LINE.match(text):
        return True
    first = _next_sentence(text)
    return bool(_REASON.search(first)) and not _NUMBERED.match(first) and not _MONEY_FIGURE.search(first)


def _same_change(claim: Claim, other: Claim) -> bool:
    """The same change stated twice: the same amount, unit and direction, and the same subject or
    an amount with cents (a total's 844.15 repeated under another name in each part)."""
    if other is claim or (other.kind, other.value, other.unit) != (claim.kind, claim.value, claim.unit):
        return False
    if sign_of(other.direction) != sign_of(claim.direction):
        return False
    return _one_subject_or_cents(claim, other)


def _one_subject_or_cents(claim: Claim, other: Claim) -> bool:
    """Two statements of one change are of one subject (one name inside the other), or of an amount
    with cents, which is not repeated by chance."""
    this, that = norm_name(claim.subject or ""), norm_name(other.subject or "")
    return (
        bool(this and that) and (this in that or that in this)
    ) or claim.value != claim.value.to_integral_value()


_NUMBERED = re.compile(rf"^\s*(?:{_PAREN_NUMBER}|{_DOT_NUMBER})")


def _opens_a_list(groups: list[tuple[str, list[Claim]]], number: int, claim: Claim) -> bool:
    """The claim is the section's opening total, and numbered items follow it: "“三公”经费预算66.00
    万元，较上年增加33.00万元。" then "1.因公出国（境）费用。…增加46.80万元，主要是…" (shenzhen/21
    p.10): the items' reasons are the total's."""
    first = next((i for i, (_, claims) in enumerate(groups) if claims), None)
    if (
        first != number
        or groups[number][1][0].sentence != claim.sentence
        or _NUMBERED.match(groups[number][0])
    ):
        return False  # not the opening total (an item of a list is not its total)
    return number + 1 < len(groups) and bool(_NUMBERED.match(groups[number + 1][0]))


def _explained_by_a_part(section: Section, claim: Claim) -> bool:
    """The same change stated again for the one part it comes from, with its reason ("“三公”经费
    减少27.07万元。1.因公出国（境）费用。…减少27.07万元，主要是…")."""
    for other in _all_claims(section):
        if other is claim or other.sentence == claim.sentence or other.kind != "change":
            continue
        if other.value == claim.value and other.direction == claim.direction:
            tail = other.sentence[max(0, other.sentence.find(other.text)) :]
            if _REASON.search(tail):
                return True
    return False


def _stated_in_a_reason(section: Section, claim: Claim) -> bool:
    """The same change given elsewhere in the section as a reason or with one: a grid's reason
    column read as text repeats the prose ("②商品和服务支出…原因是2022年度人员增加，日常公用经费正常
    增加36.33万元" then the grid's "日常公用经费正常增加36.33万元", xian/14 pp.30–31). The same
    subject, or an amount with cents (a grid row glued to its cell leaves the subject unreadable)."""
    for other in _all_claims(section):
        if other.sentence == claim.sentence or other.kind != claim.kind:
            continue
        if (other.value, other.unit, other.direction) != (claim.value, claim.unit, claim.direction):
            continue
        if not _one_subject_or_cents(claim, other):
            continue
        at = max(0, other.sentence.find(other.text))
        if REASON_OPEN.search(other.sentence[:at]) or _REASON.search(other.sentence[at:]):
            return True
    return False


def _all_claims(section: Section) -> list[Claim]:
    return [*section.claims, *(c for sub in section.subsections for c in _all_claims(sub))]
