"""“三公”经费 in the text: its total against its items (this year's amounts and their changes), its
items against the “三公” table, and a reason for every item that changed.

The items are recognised by what the text calls them: 因公出国（境）费, 公务用车购置及运行费 (and
within it 购置费 and 运行费 / 运行维护费), 公务接待费; the total is the figure said of “三公”经费.
The amount stated first for each is this year's (an amount the text gives for an earlier period is
a comparison figure and is left out). Amounts in 元 are converted to 万元.
"""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.check.context import CheckContext, compare, fmt, normalised, places_of
from yusuan.check.finding import Hint
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.check.statements import claim_offsets
from yusuan.lexicon import DIRECTION_WORD, DOWN, REASON_CUES, REASON_OPEN, ROUTINE, UP, alternation, sign_of
from yusuan.model.document import Claim, Row, Section, Table
from yusuan.model.money import ZERO, in_wan, is_money_unit

ITEMS = {
    "total": ("“三公”经费", "total"),
    "overseas": ("因公出国（境）费", "overseas travel"),
    "vehicles": ("公务用车购置及运行费", "official vehicles"),
    "vehicle_purchase": ("公务用车购置费", "vehicle purchase"),
    "vehicle_running": ("公务用车运行费", "vehicle running"),
    "reception": ("公务接待费", "official reception"),
}
_REASON = re.compile(alternation(REASON_CUES))
# the next sentence opens with the reason: "主要原因是…", or "减少的主要原因是…" (huzhou/03 p.11)
_REASON_START = re.compile(
    rf"^(?:这|此|其)?(?:(?:{alternation([*UP, *DOWN, '变化', '变动', '增减'])})的)?(?:主要)?(?:原因|是|系|由于|因为|用于|鉴于)"
)
# a combined item broken down right after its change ("公务用车购置及运行维护费…比上年预算数增长15.9%。
# 其中，公务用车购置支出171.80万元…比上年预算数增长436.9%，主要原因是…": huzhou/01 p.13): the parts'
# changes carry the reasons, and each part is checked on its own
_BROKEN_DOWN = re.compile(r"^其中[，,：:]?[^。]{0,20}(?:购置|运行|运维)")


def item_of(subject: str | None) -> str | None:
    """Which “三公” item a claim's subject names, or None."""
    text = (subject or "").replace("“", "").replace("”", "").replace('"', "")
    if "出国" in text or "出境" in text:
        return "overseas"
    if "接待" in text:
        return "reception"
    if "车" in text:
        purchase, running = "购置" in text, "运行" in text or "运维" in text
        if purchase and running:
            return "vehicles"
        if purchase:
            return "vehicle_purchase"
        if running:
            return "vehicle_running"
        return None
    if "三公" in text:
        return "total"
    return None


def sangong_sections(ctx: CheckContext) -> list[Section]:
    return [s for s in ctx.sections() if s.key == "sangong" or "三公" in s.title]


def statements(ctx: CheckContext) -> list[tuple[str, Section, Claim, Decimal]]:
    """Every statement of an item's amount this year: (item, section, claim, value in 万元)."""
    out = []
    for section in sangong_sections(ctx):
        for claim in section.claims:
            if claim.kind != "amount" or claim.basis is not None or not is_money_unit(claim.unit):
                continue
            item = item_of(claim.subject)
            if item is not None:
                out.append((item, section, claim, in_wan(claim.value, claim.unit)))
    return out


def stated_amounts(ctx: CheckContext) -> dict[str, tuple[Section, Claim, Decimal]]:
    """Each item's amount as the text first states it: (section, claim, value in 万元)."""
    found: dict[str, tuple[Section, Claim, Decimal]] = {}
    for item, section, claim, value in statements(ctx):
        found.setdefault(item, (section, claim, value))
    return found


def _sums(given: set[str]) -> list[tuple[str, list[str]]]:
    """The sums the text lets one check, as (whole, its parts), from the items it gives:
    公务用车购置及运行费 = 购置费 + 运行费 where all three are given; the total = 因公出国（境）费 +
    公务用车 (as one item or its two) + 公务接待费 where each is given."""
    sums: list[tuple[str, list[str]]] = []
    split = {"vehicle_purchase", "vehicle_running"} <= given
    if split and "vehicles" in given:
        sums.append(("vehicles", ["vehicle_purchase", "vehicle_running"]))
    vehicles = (
        ["vehicles"] if "vehicles" in given else ["vehicle_purchase", "vehicle_running"] if split else []
    )
    if vehicles and {"total", "overseas", "reception"} <= given:
        sums.append(("total", ["overseas", *vehicles, "reception"]))
    return sums


Stated = tuple[Section, Claim, Decimal]


def _disagreements(found: dict[str, Stated]) -> list[tuple[str, list[str], Stated, Decimal]]:
    """Each sum the text lets one check whose whole differs from its parts' sum (at the precision
    printed): (whole, parts, the whole as stated, the parts' sum)."""
    out = []
    for whole, parts in _sums(set(found)):
        expected = sum((found[p][2] for p in parts), ZERO)
        _, claim, value = found[whole]
        if _differs(value, expected, len(parts), claim):
            out.append((whole, parts, found[whole], expected))
    return out


def _differs(printed: Decimal, expected: Decimal, parts: int, claim: Claim) -> bool:
    places = places_of(claim.value) + (4 if claim.unit == "元" else 0)
    return compare(printed, expected, parts=parts, places=places) == "different"


@rule(
    "sangong.E001",
    "正文“三公”经费总额应等于各项之和",
    "The 三公 total in the text equals the sum of its items in the text",
    "“三公”经费 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费；公务用车购置及运行费 = 购置费 + "
    "运行费。正文同时写出总额和各项时，两者应相符。",
)
def text_total_is_sum(ctx: CheckContext, report: Reporter) -> None:
    stated = stated_amounts(ctx)
    for whole, parts, (section, claim, value), expected in _disagreements(stated):
        items = "、".join(f"{ITEMS[p][0]} {stated[p][1].text}" for p in parts)
        location, provenance = ctx.at_claim(section, claim)
        report(
            f"正文{ITEMS[whole][0]}为 {claim.text}；正文所列各项（{items}）合计 {fmt(expected)} 万元，"
            f"相差 {fmt(value - expected)} 万元",
            f"the text gives {ITEMS[whole][1]} as {claim.text}; its items in the text add up to {expected} 万元",
            Hint("核对“三公”经费总额与各项金额", "Check the “三公” total against its items"),
            location,
            provenance,
        )


def stated_changes(ctx: CheckContext) -> dict[str, tuple[Section, Claim, Decimal]] | None:
    """Each item's change on the year before as the text states it, signed, in 万元 (持平 is 0);
    None where one item is given two different changes (two bases or two scopes: unsure)."""
    found: dict[str, tuple[Section, Claim, Decimal]] = {}
    for section in sangong_sections(ctx):
        for claim in section.claims:
            sign = sign_of(claim.direction)
            if claim.kind != "change" or sign is None or (sign and not is_money_unit(claim.unit)):
                continue
            item = item_of(claim.subject)
            if item is None:
                continue
            value = sign * in_wan(claim.value, claim.unit) if sign else ZERO
            if item in found and found[item][2] != value:
                return None
            found.setdefault(item, (section, claim, value))
    return found


@rule(
    "sangong.E003",
    "正文“三公”经费各项增减之和应等于总额的增减",
    "The changes of the 三公 items in the text add up to the change of the total",
    "正文逐项说明“三公”经费比上年的增减（与上年持平的为0）时，各项增减之和应等于“三公”经费总额的增减；"
    "公务用车购置费与运行费的增减之和也应等于公务用车购置及运行费的增减。同一项写有两个不同增减额的"
    "（比较口径不同），不作判断。",
)
def changes_add_up(ctx: CheckContext, report: Reporter) -> None:
    changes = stated_changes(ctx)
    if not changes:
        return
    for whole, parts, (section, claim, value), expected in _disagreements(changes):
        items = "、".join(f"{ITEMS[p][0]}{_said(changes[p][1])}" for p in parts)
        location, provenance = ctx.at_claim(section, claim)
        report(
            f"正文{ITEMS[whole][0]}比上年{_said(claim)}；正文所列各项（{items}）合计"
            f"{_signed(expected)}，相差 {fmt(abs(value - expected))}万元",
            f"the text gives the change of {ITEMS[whole][1]} as {value} 万元; the changes of its items in "
            f"the text add up to {expected} 万元",
            Hint(
                "核对“三公”经费总额与各项的增减额（及各项的本年数、上年数）",
                "Check the change of the “三公” total against the changes of its items",
            ),
            location,
            provenance,
        )


def _said(claim: Claim) -> str:
    return "持平" if sign_of(claim.direction) == 0 else f"{claim.direction}{claim.text}"


def _signed(value: Decimal) -> str:
    return "持平" if value == 0 else f"{'增加' if value > 0 else '减少'}{fmt(abs(value))}万元"


def _table_row(ctx: CheckContext, table: Table) -> Row | None:
    total = [r for r in table.rows if r.kind == "total"]
    if total:
        return total[0]
    items = [r for r in table.rows if r.kind == "item"]
    return items[0] if len(items) == 1 else None


@rule(
    "sangong.E002",
    "正文“三公”经费各项应与“三公”经费表一致",
    "三公 items in the text equal the 三公 table",
    "“三公”经费说明与“三公”经费支出表是同一组数字，各项（及合计）应相同（元与万元折算后比较）。",
)
def text_matches_table(ctx: CheckContext, report: Reporter) -> None:
    table = ctx.table("sangong")
    if table is None:
        return
    row = _table_row(ctx, table)
    if row is None:
        return
    for item, section, claim, value in statements(ctx):  # every statement: "…64.00万元" twice
        printed = ctx.value(table, row, f"current.{item}")
        if printed is None:
            continue
        in_wan = ctx.to_wan(table, printed)
        if not _differs(value, in_wan, 1, claim):
            continue
        location, provenance = ctx.at_claim(section, claim)
        column = table.columns[table.column_index(f"current.{item}")].title
        report(
            f"{ITEMS[item][0]}：正文为 {claim.text}；“{table.title}”“{column}”为 {fmt(printed)}"
            f"{' 万元' if table.unit is None or table.unit.value == '万元' else ' 元'}",
            f"{ITEMS[item][1]}: the text says {claim.text}; the 三公 table prints {printed}",
            Hint(
                "核对正文与“三公”经费表，更正其中有误的一处",
                "Check the text against the “三公” table and correct whichever is wrong",
            ),
            location,
            provenance,
        )


_CLAUSES = re.compile(r"[，,；;。]")
_STATED_CHANGE = re.compile(rf"(?:{DIRECTION_WORD.pattern})[^0-9０-９]{{0,6}}[0-9０-９]")


def _cause_then_change(after: str, item: str, direction: int | None) -> bool:
    """The change's cause given in the clauses after it, closed by the item's change again without a
    figure: "较上年增加70万元（100%），2022年公务用车运行维护费列入年初预算，未单独下达，公务用车运行维护费
    预算增加" (xian/15 p.34)."""
    clauses = [c for c in _CLAUSES.split(after)[1:] if c.strip()]
    for index, clause in enumerate(clauses):
        if _STATED_CHANGE.search(clause):
            return False  # a change stated ("上涨9.09%"): the clauses are no cause
        if index == 0 or re.search(r"[0-9０-９]", clause) or item_of(clause) != item:
            continue
        words = DIRECTION_WORD.findall(clause)
        if len(words) == 1 and sign_of(words[0]) == direction:
            return True
    return False


def _next_sentence(section: Section, sentence: str) -> str:
    """The sentence after this one: in its paragraph, or, where the paragraph ends with it (a
    reason printed from a line of its own: xian/14 p.35 "…增幅400%；" / "主要原因是…"), the next
    paragraph's first."""
    paragraphs = [normalised(p) for p in section.paragraphs]
    for index, text in enumerate(paragraphs):
        at = text.find(sentence)
        if at >= 0:
            rest = text[at + len(sentence) :].lstrip("。；;，,！？ \n")
            if not rest and index + 1 < len(paragraphs):
                rest = paragraphs[index + 1].lstrip()
            return re.split(r"[。；;！？\n]", rest, maxsplit=1)[0]
    return ""


@rule(
    "sangong.W001",
    "“三公”经费各项增减应说明原因",
    "A change in a 三公 item comes with its reason",
    "中央和地方预决算公开要求对“三公”经费的增减变化原因作出说明；与上年持平的项目无需说明。"
    "说明增减与上年基本持平或属于正常变化的，以及在增减之后先写原因、再以该项增减收束的"
    "（“……列入年初预算，未单独下达，公务用车运行维护费预算增加”），视为已说明。",
)
def change_has_reason(ctx: CheckContext, report: Reporter) -> None:
    for section in sangong_sections(ctx):
        claims = section.claims
        offsets = claim_offsets(claims)
        reported: set[tuple[str, str]] = set()
        for index, claim in enumerate(claims):
            item = item_of(claim.subject)
            if (
                item in (None, "total")
                or claim.kind not in ("change", "percent")
                or claim.direction in (None, "持平")
                or claim.value == 0
                or (claim.kind == "change" and not is_money_unit(claim.unit))
            ):
                continue  # a count ("比2025年增加1辆", shenzhen/15 p.11) is part of a reason, not an amount's change
            assert item is not None
            # the reason follows the change, before the next item of the sentence
            end = len(claim.sentence)
            for later, at in zip(claims[index + 1 :], offsets[index + 1 :], strict=True):
                if later.sentence == claim.sentence and item_of(later.subject) not in (None, item):
                    end = at
                    break
            window = claim.sentence[offsets[index] : end]
            # a change stated inside a reason ("增加的主要原因是…运行维护费…增加了133万元", xian/06
            # p.20) is itself the reason, not a change that needs one
            start = max((offsets[j] for j in range(index) if claims[j].sentence == claim.sentence), default=0)
            head = re.split(r"[；;]", claim.sentence[start : offsets[index]])[-1]
            if REASON_OPEN.search(head):
                continue
            following = _next_sentence(section, claim.sentence) if end == len(claim.sentence) else ""
            if _REASON.search(window) or _REASON_START.match(following) or ROUTINE.search(window):
                continue
            if item == "vehicles" and _BROKEN_DOWN.match(following):
                continue
            if _cause_then_change(window[len(claim.text) :], item, sign_of(claim.direction)):
                continue
            if (item, claim.sentence) in reported:
                continue
            reported.add((item, claim.sentence))
            location, provenance = ctx.at_claim(section, claim)
            report(
                f"{ITEMS[item][0]}{claim.direction}{claim.text}，未说明原因",
                f"{ITEMS[item][1]}: changed ({claim.direction} {claim.text}) with no reason given",
                Hint(
                    "在增减数字后写明主要原因（如“主要原因是……”）",
                    "State the main reason after the change (e.g. “主要原因是……”)",
                ),
                location,
                provenance,
            )
