"""The text against itself: the figures of one statement, and of one item, agree with each other.

text.E005: "上年X，本年Y，增加Z": the change is the difference of the two amounts, in the direction
the word says. text.E006: an item that opens with its amount and later restates it ("…（项）350.35
万元，…。2024年预算安排352.67万元") states one amount. (Percentages against amounts: text.E002.)
"""

from __future__ import annotations

import re

from yusuan.check import text_tables
from yusuan.check.amounts import en, is_money, sign_of, slack, wan
from yusuan.check.context import CheckContext, compare, fmt, places_of
from yusuan.check.finding import Hint, Location
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.check.statements import is_current, paragraphs_of, statements, subject_key
from yusuan.model.document import Claim

_WORD = {1: "增加", -1: "减少", 0: "持平"}


@rule(
    "text.E005",
    "增减额应等于本年数与上年数之差",
    "A stated change is the difference of the stated amounts",
    "同一句给出上年数、本年数和增减额的（“较上年的7.80万元增加22.12万元”“上年预算数为B万元，本年安排X万元，"
    "增加C万元”），增减额应等于本年数减上年数，方向词（增加/减少）应与差的正负一致；按各数印出的位数比较。"
    "正文中比较本年与上年的对比表，其“变化”“增减”一行（或一栏）同样应等于两年之差。",
)
def change_is_difference(ctx: CheckContext, report: Reporter) -> None:
    for stated in statements(ctx):
        current, earlier, change = stated.current, stated.earlier, stated.change
        if current is None or earlier is None or change is None or not is_money(change):
            continue
        direction = sign_of(change.direction)
        if direction in (None, 0):
            continue
        difference = wan(current) - wan(earlier)
        stated_change = direction * wan(change)
        places = min(places_of(current.value), places_of(earlier.value), places_of(change.value))
        if compare(stated_change, difference, parts=3, places=max(places, 0)) != "different":
            continue
        if abs(stated_change - difference) <= slack(current) + slack(earlier) + slack(change):
            continue
        actual = 1 if difference > 0 else -1 if difference < 0 else 0
        name = stated.subject or ""
        location, provenance = ctx.at_claim(stated.section, change)
        computed = f"{_WORD[actual]}{fmt(abs(difference))}万元" if actual else "持平"
        report(
            f"“{name}”：正文：上年{earlier.text}，本年{current.text}，{change.direction}{change.text}；"
            f"按两数计算：{fmt(wan(current))} − {fmt(wan(earlier))} = {fmt(difference)}万元，应为{computed}",
            f"{name}: the text says prior {earlier.text}, this year {current.text}, {en(change.direction)} "
            f"{change.text}; the amounts give a difference of {difference} 万元",
            Hint(
                "核对上年数、本年数与增减额，更正其中有误的数字",
                "Check the prior-year amount, this year's amount and the change, and correct the wrong figure",
            ),
            location,
            provenance,
        )
    _grid_changes(ctx, report)


def _grid_changes(ctx: CheckContext, report: Reporter) -> None:
    """The change row of a grid in the text comparing two years (xian/12 p.10: 专项业务费 2021
    1290.47, 2022 1535.82, 变化 +425.5): each change is the difference of its column's years."""
    for item in text_tables.stated(ctx):
        difference = text_tables.wrong_change(item)
        if difference is None or item.prior is None or item.change is None:
            continue
        name, prior, change = item.column.title, item.prior.text, item.change.text
        report(
            f"“{name}”：{item.table.title}：{ctx.year - 1}年 {prior}，{ctx.year}年 {item.current.text}，"
            f"变化 {change}；按两数计算：{item.current.text} − {prior} = {fmt(difference)}",
            f"{name}: the comparison grid in the text gives {prior} for {ctx.year - 1}, {item.current.text} "
            f"for {ctx.year} and a change of {change}; the two years differ by {difference}",
            Hint(
                "核对对比表中两年的数和增减，更正其中有误的数字",
                "Check the two years and the change in the comparison grid, and correct the wrong figure",
            ),
            Location(table=item.table.title, table_key=item.table.key, row=_change_label(item), column=name),
            item.change.provenance,
        )


def _change_label(item: text_tables.Stated) -> str:
    row = text_tables.change_row(item.table)
    return row.cells[0].text.strip() if row is not None and row.cells else ""


# How an item restates its own amount later: "2024年预算安排352.67万元", "预算数为…", "本年安排…"
_RESTATED = re.compile(
    r"(?:(?:本|当)年(?:度)?|[0-9]{4}年(?:度)?)?(?:预算安排|预算数为|预算数|预算为|安排预算|安排)(?:资金)?(?:为|了)?\s*$"
)


def _restates(claim: Claim, year: int) -> bool:
    """The claim restates the item's amount for the budget year: the words right before its number
    are "（Y年）预算安排" and no other subject is named in the sentence before them."""
    at = claim.sentence.find(claim.text)
    if at < 0:
        return False
    before = claim.sentence[:at]
    match = _RESTATED.search(before)
    if match is None:
        return False
    stated_year = re.match(r"([0-9]{4})年", match.group(0))
    if stated_year is not None and int(stated_year.group(1)) != year:
        return False
    # the clause names no other subject: nothing but a year before "预算安排"
    clause = re.split(r"[，,；;：:]", before[: match.start()])[-1]
    return not re.search(r"[\u4e00-\u9fff]", re.sub(r"[0-9]{4}年度?|本年度?|当年度?|其中", "", clause))


@rule(
    "text.E006",
    "同一项前后所述金额应一致",
    "One item states one amount",
    "一项（一个编号的条目或一个科目）开头写明金额，其后又以“本年预算安排X万元”“预算数为X万元”重述时，"
    "两处金额应相同（按印出的位数比较）。只比较重述句中没有另写其他科目的情形。",
)
def one_item_one_amount(ctx: CheckContext, report: Reporter) -> None:
    for section in ctx.sections():
        for _, claims in paragraphs_of(section):
            opening = next((c for c in claims if is_current(c)), None)
            if opening is None or opening.subject is None:
                continue
            for claim in claims:
                if claim is opening or claim.sentence == opening.sentence or not is_current(claim):
                    continue
                if subject_key(claim.subject) != subject_key(opening.subject) or claim.code != opening.code:
                    continue
                if not _restates(claim, ctx.year):
                    continue
                places = min(places_of(claim.value), places_of(opening.value))
                if claim.unit == opening.unit:
                    verdict = compare(claim.value, opening.value, places=places)
                else:
                    verdict = compare(wan(claim), wan(opening), parts=2)
                if verdict == "equal":
                    continue
                location, provenance = ctx.at_claim(section, claim)
                report(
                    f"“{opening.subject}”：本项开头为 {opening.text}，其后又写“{_excerpt(claim)}”；同一项的金额前后不一致",
                    f"{opening.subject}: the item opens with {opening.text} and later states {claim.text}",
                    Hint(
                        "核对本项金额（可对照表中同一科目），统一为正确的数字",
                        "Check the item's amount (against the same subject in the tables) and use the right figure throughout",
                    ),
                    location,
                    provenance,
                )
                break


def _excerpt(claim: Claim) -> str:
    """The clause of the claim, up to its figure: "2024年预算安排352.67万元"."""
    at = claim.sentence.find(claim.text)
    start = max((claim.sentence.rfind(mark, 0, at) for mark in "，,；;：:"), default=-1) + 1
    return claim.sentence[start : at + len(claim.text)]
