"""Shares (“占X%”): each share recomputed from its amount and the whole it is a share of.

The part is the amount the sentence states for the same subject right before the share. The whole
is what the section talks about: the “三公” total for the “三公” items, the total named after 占
("占本年支出合计的99.92%"), else the section's leading total, the sum of the listed amounts, or a
total of the summary tables. Where several wholes could be meant, the share must agree with one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from yusuan.check.amounts import is_money, pct, percent_verdict, ratio_range, slack, wan
from yusuan.check.context import CheckContext, compare, fmt, places_of
from yusuan.check.finding import Hint
from yusuan.check.match import subject_kind, total_figures
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.check.statements import paragraphs_of, same
from yusuan.model.document import Claim, Section
from yusuan.model.money import HUNDRED, ZERO, quantize

_CENT_SLACK = Decimal("0.005")
_SANGONG_ITEM = re.compile(r"因公出国|公务用车|公务接待|“三公”|三公")


@dataclass(frozen=True)
class Whole:
    value: Decimal
    slack: Decimal
    label: str
    is_sum: bool = False  # the sum of the listed amounts


@dataclass
class Share:
    section: Section
    claim: Claim
    part: Claim | None
    sangong: bool


def _shares(section: Section) -> list[Share]:
    out: list[Share] = []
    for _, claims in paragraphs_of(section):
        for index, claim in enumerate(claims):
            if claim.kind != "share" or claim.unit != "%":
                continue
            earlier = [c for c in reversed(claims[:index]) if same(c, claim)]
            part = next(
                (c for c in earlier if c.sentence == claim.sentence and _is_amount(c)),
                None,
            )
            if part is None and claim.subject is not None:
                part = next((c for c in earlier if _is_amount(c)), None)
            sangong = bool(_SANGONG_ITEM.search((claim.basis or "") + (claim.subject or "")))
            out.append(Share(section, claim, part, sangong))
    return out


def _is_amount(claim: Claim) -> bool:
    return claim.kind == "amount" and claim.basis is None and is_money(claim)


def _sangong_wholes(ctx: CheckContext) -> list[Whole]:
    wholes: list[Whole] = []
    table = ctx.table("sangong")
    if table is not None:
        for row in table.rows:
            value = ctx.value(table, row, "current.total")
            if value is None:
                parts = [ctx.value(table, row, f"current.{k}") for k in ("overseas", "vehicles", "reception")]
                if all(p is None for p in parts):
                    continue
                value = sum((p for p in parts if p is not None), ZERO)
            wholes.append(
                Whole(
                    ctx.to_wan(table, value), ZERO, f"“{table.title}”合计 {fmt(ctx.to_wan(table, value))}万元"
                )
            )
    for _, claim in ctx.claims():
        if _is_amount(claim) and claim.subject and "三公" in claim.subject:
            wholes.append(Whole(wan(claim), slack(claim), f"正文“{claim.subject}”{claim.text}"))
    return wholes


def _basis_kind(basis: str) -> str | None:
    name = re.sub(r"(?:的)?(?:合计|总计|总额|总数)?(?:的)?$", "", basis.strip("的 "))
    return subject_kind(name) or subject_kind(name + "预算")


def _wholes(ctx: CheckContext, share: Share, listed: list[Share]) -> list[Whole]:
    """The wholes this share may be of, the likeliest first."""
    wholes: list[Whole] = []
    parts = [s.part for s in listed if s.part is not None]
    if len(parts) >= 2:
        total = sum((wan(p) for p in parts), ZERO)
        wholes.append(
            Whole(total, sum((slack(p) for p in parts), ZERO), f"所列各项之和 {fmt(total)}万元", True)
        )
    if share.sangong:
        return wholes + _sangong_wholes(ctx)
    kinds: tuple[str, ...] = ("overall", "fiscal", "general")
    basis = share.claim.basis
    if basis:
        kind = _basis_kind(basis)
        if kind is None:
            return []  # a whole we do not know: say nothing
        kinds = (kind,)
    else:
        lead = next((c for c in share.section.claims if _is_amount(c)), None)
        if lead is not None and lead is not share.part:
            wholes.append(Whole(wan(lead), slack(lead), f"本节所述“{lead.subject}”{lead.text}"))
    for _, claim in ctx.claims():
        if _is_amount(claim) and subject_kind(claim.subject) in kinds:
            wholes.append(Whole(wan(claim), slack(claim), f"正文“{claim.subject}”{claim.text}"))
    for kind in kinds:
        for figure in total_figures(ctx, kind):
            wholes.append(Whole(figure.value, ZERO, f"{figure.describe()}"))
    return wholes


def _sharpest(wholes: list[Whole]) -> list[Whole]:
    """The wholes without the sum of the listed amounts where a whole printed elsewhere is that sum
    known more exactly (70 + 411.20 + 27 = 508.20, each integer ±0.5, and the 三公 table prints
    508.20): a share that only the sum's rounding explains is rounded wrongly."""
    return [
        w
        for w in wholes
        if not (
            w.is_sum
            and any(not o.is_sum and o.slack < w.slack and abs(o.value - w.value) <= w.slack for o in wholes)
        )
    ]


def _lists(ctx: CheckContext) -> list[list[Share]]:
    """The shares of each section, the “三公” items apart from the rest."""
    lists: list[list[Share]] = []
    for section in ctx.sections():
        shares = _shares(section)
        for flag in (False, True):
            listed = [s for s in shares if s.sangong is flag]
            if listed:
                lists.append(listed)
    return lists


@rule(
    "share.E001",
    "占比应等于金额除以总额",
    "A share equals its amount divided by the whole",
    "“X万元，占P%”：P 应为 X ÷ 总额 × 100，按P印出的位数四舍五入。总额为本节所说的总数：“三公”各项为“三公”经费合计，"
    "“占……的”写明的为所写总额，其余为本节开头的总额、所列各项之和或收支总表的总计（与其一相符即可）。",
)
def share_matches_amounts(ctx: CheckContext, report: Reporter) -> None:
    for listed in _lists(ctx):
        most = max(places_of(s.claim.value) for s in listed)
        last: Share | None = None
        for share in listed:
            last, before = share, last
            if share.part is None:
                continue
            wholes = _sharpest([w for w in _wholes(ctx, share, listed) if w.value > 0])
            if not wholes:
                continue
            part, printed = wan(share.part), share.claim.value
            verdicts = []
            for whole in wholes:
                span = ratio_range(part, slack(share.part), whole.value, whole.slack)
                if span is None:
                    continue
                exact = part / whole.value * HUNDRED
                verdicts.append((percent_verdict(printed, exact, span), exact, whole))
            if not verdicts:
                continue
            name = share.claim.subject or ""
            location, provenance = ctx.at_claim(share.section, share.claim)
            ok = next((v for v in verdicts if v[0] == "ok"), None)
            if ok is not None:
                exact, whole = ok[1], ok[2]
                places = places_of(printed)
                if places < most and quantize(exact, most) != printed:
                    report.companion("share.N001")(
                        f"“{name}”：正文：占{share.claim.text}（{places}位小数）；按金额计算：{share.part.text} ÷ "
                        f"{whole.label} = {pct(exact, most)}（同列其他占比保留{most}位小数）",
                        f"{name}: the text says {share.claim.text} with {places} decimals; "
                        f"{part} / {whole.value} = {pct(exact, most)} (the other shares have {most})",
                        Hint(
                            f"与同列占比一样保留{most}位小数",
                            f"Give {most} decimals, like the other shares in the column",
                        ),
                        location,
                        provenance,
                    )
                continue
            near = next((v for v in verdicts if v[0] == "rounding"), None)
            if near is not None:
                exact, whole = near[1], near[2]
                report.companion("share.N001")(
                    f"“{name}”：正文：占{share.claim.text}；按金额计算：{share.part.text} ÷ {whole.label} = "
                    f"{exact:.4f}%，四舍五入为 {pct(exact, places_of(printed))}（正文为截尾或进位的数）",
                    f"{name}: the text says {share.claim.text}; {part} / {whole.value} = {exact:.4f}%, which "
                    f"rounds to {pct(exact, places_of(printed))} (the text truncates or rounds up)",
                    Hint("按四舍五入更正占比", "Correct the share by rounding half up"),
                    location,
                    provenance,
                )
                continue
            exact, whole = verdicts[0][1], verdicts[0][2]
            copied = ""
            if before is not None and before.claim.value == printed and before.claim.subject != name:
                copied = f"；与上一项“{before.claim.subject or ''}”的占比相同，可能照抄了上一项"
            report(
                f"“{name}”：正文：占{share.claim.text}；按金额计算：{share.part.text} ÷ {whole.label} = "
                f"{pct(exact, max(2, places_of(printed)))}{copied}",
                f"{name}: the text says {share.claim.text}; {part} / {whole.value} = "
                f"{pct(exact, max(2, places_of(printed)))}",
                Hint("核对金额与总额，更正占比", "Check the amount and the whole, and correct the share"),
                location,
                provenance,
            )


@rule(
    "share.N001",
    "占比为截尾或进位所得，或少保留了小数位",
    "A share is truncated, rounded up, or printed with fewer decimals",
    "占比应四舍五入，并与同列其他占比保留相同位数（0.596%应为0.60%而非0.59%，1.106%应为1.11%而非1.1%）。"
    "由 share.E001 在比较时发出。",
    emitted_by="share.E001",
)
def share_rounding_notice(ctx: CheckContext, report: Reporter) -> None:
    """Emitted by share.E001."""


@rule(
    "share.E002",
    "同一列表的占比之和应为100%",
    "The shares of one complete list add up to 100%",
    "所列各项金额之和等于总额时（如一般公共预算当年拨款结构的各项科目），各项占比之和应在 99.5% 至 100.5% 之间。",
)
def shares_add_up(ctx: CheckContext, report: Reporter) -> None:
    for listed in _lists(ctx):
        with_parts = [s for s in listed if s.part is not None]
        if len(listed) < 2 or len(with_parts) != len(listed):
            continue
        parts = [s.part for s in with_parts if s.part is not None]
        covered = sum((wan(p) for p in parts), ZERO)
        wholes = [w for w in _wholes(ctx, listed[0], listed) if w.value > 0 and not w.is_sum]
        if not any(compare(covered, w.value, parts=len(parts) + 1, places=2) != "different" for w in wholes):
            continue
        total = sum((s.claim.value for s in listed), ZERO)
        if Decimal("99.5") <= total <= Decimal("100.5"):
            continue
        first = listed[0]
        location, provenance = ctx.at_claim(first.section, first.claim)
        shown = " + ".join(s.claim.text for s in listed)
        report(
            f"各项占比之和：{shown} = {fmt(total)}%；各项金额之和 {fmt(covered)}万元即总额，占比之和应为100%",
            f"the shares add up to {total}%; the amounts add up to the whole ({covered}), so they should make 100%",
            Hint("逐项核对占比", "Check each share"),
            location,
            provenance,
        )
