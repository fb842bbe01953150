"""Staff, assets and procurement as the text states them: each total against its parts.

* staffing (机构设置及人员情况): 实有人数 = 在职 + 退休 + 离休; 离退休人员 = 离休 + 退休;
* vehicles (国有资产占用情况): 车辆 N 辆、价值 X 万元 = the sum over the types listed after it
  (轿车、越野车、其他车辆 / 一般公务用车、执法执勤用车 …), by count and, where every type gives
  one, by value;
* government procurement (政府采购情况): 总额 = 货物 + 工程 + 服务, in the text or in the
  procurement table; the amount reserved for small and medium-sized enterprises is not larger
  than the total (nor the share for small and micro enterprises than that for SMEs).
"""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.check.context import CheckContext, compare, fmt, places_of
from yusuan.check.finding import Hint
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.model.document import Claim, Section
from yusuan.model.money import ZERO, in_wan, is_money_unit
from yusuan.text.spacing import squeeze

_NOT_A_FLEET = re.compile(r"购置|安排|新增|更新|报废|处置|租用|计划")


def _plain(claim: Claim) -> bool:
    """A figure stated for this year: no direction, no comparison basis."""
    return claim.direction is None and claim.basis is None


def _sections(ctx: CheckContext, key: str, *words: str) -> list[Section]:
    return [s for s in ctx.sections() if s.key == key or any(w in s.title for w in words)]


# ---------------------------------------------------------------------------------- staffing


def _staff_role(subject: str | None) -> str | None:
    text = squeeze(subject or "")
    if text.endswith(("实有人数", "实有人员")):
        return "actual"
    if "离退休" in text:
        return "retirees"  # 离退休人员 = 离休 + 退休
    if text.startswith("在职") or text in ("在编", "在编人员"):
        return "serving"
    if text.startswith("离休"):
        return "retired_early"
    if text.startswith("退休"):
        return "retired"
    return None


@rule(
    "parts.E001",
    "实有人数应等于在职、退休、离休人数之和",
    "Actual headcount = serving + retired + 离休",
    "机构设置及人员情况写明“实有人数N人，其中：在职…人；退休…人；离休…人”，各类人数之和应等于实有人数。"
    "正文未写离休人数时按在职、退休之和比较。“离退休人员N人，其中：离休…人，退休…人”，两者之和应等于N。",
)
def headcount(ctx: CheckContext, report: Reporter) -> None:
    for section in ctx.sections():
        claims = [c for c in section.claims if c.kind == "count" and _plain(c)]
        for index, claim in enumerate(claims):
            whole = _staff_role(claim.subject)
            if whole not in ("actual", "retirees"):
                continue
            parts: dict[str, Claim] = {}
            for later in claims[index + 1 :]:
                role = _staff_role(later.subject)
                if role in (None, "actual", "retirees") or role in parts:
                    break
                parts[role] = later
            needed = ("serving", "retired") if whole == "actual" else ("retired_early", "retired")
            if any(role not in parts for role in needed) or (whole == "retirees" and "serving" in parts):
                continue
            total = sum((c.value for c in parts.values()), ZERO)
            if total == claim.value:
                continue
            listed = "、".join(f"{c.subject}{c.text}" for c in parts.values())
            location, provenance = ctx.at_claim(section, claim)
            report(
                f"{claim.subject} {claim.text}；其中各类（{listed}）合计 {fmt(total)} 人，相差 {fmt(claim.value - total)} 人",
                f"{claim.subject} {claim.text}; the categories ({listed}) add up to {total}",
                Hint(
                    "核对实有人数与在职、退休、离休人数",
                    "Check the headcount against the serving, retired and pre-1949 retired staff",
                ),
                location,
                provenance,
            )


# ---------------------------------------------------------------------------------- vehicles


def _fleet_total(claim: Claim) -> bool:
    text = squeeze(claim.subject or "")
    return (
        claim.kind == "count"
        and claim.unit == "辆"
        and _plain(claim)
        and (text.endswith("车辆") or text in ("公务用车", "车辆总数", "车辆数"))
        and not _NOT_A_FLEET.search(text)
        and "其他" not in text
    )


@rule(
    "parts.E002",
    "车辆总数及价值应等于各类车辆之和",
    "Vehicles: the total equals the sum over the types",
    "国有资产情况写明车辆总数（及价值）后分列各类车辆（轿车、越野车…或一般公务用车、执法执勤用车…），"
    "各类之和应等于总数；每类都写明价值时，价值之和也应等于总价值。",
)
def vehicles(ctx: CheckContext, report: Reporter) -> None:
    for section in _sections(ctx, "assets", "国有资产"):
        claims = section.claims
        for index, claim in enumerate(claims):
            if not _fleet_total(claim):
                continue
            value: Claim | None = None
            types: list[tuple[Claim, Claim | None]] = []
            for later in claims[index + 1 :]:
                if later.kind == "amount" and _plain(later) and is_money_unit(later.unit):
                    if types and types[-1][1] is None:
                        types[-1] = (types[-1][0], later)
                        continue
                    if not types and value is None:
                        value = later
                        continue
                    break
                if (
                    later.kind == "count"
                    and later.unit == "辆"
                    and _plain(later)
                    and not _NOT_A_FLEET.search(later.subject or "")
                    and not _fleet_total(later)
                ):
                    types.append((later, None))
                    continue
                break
            if len(types) < 2:
                continue
            location, provenance = ctx.at_claim(section, claim)
            count = sum((t.value for t, _ in types), ZERO)
            listed = "、".join(f"{t.subject}{t.text}" for t, _ in types)
            if count != claim.value:
                report(
                    f"车辆 {claim.text}；各类车辆（{listed}）合计 {fmt(count)} 辆，相差 {fmt(claim.value - count)} 辆",
                    f"vehicles: {claim.text} in all; the types ({listed}) add up to {count}",
                    Hint(
                        "核对车辆总数与各类车辆数", "Check the vehicle total against the count of each type"
                    ),
                    location,
                    provenance,
                )
            values = [v for _, v in types]
            if value is None or any(v is None for v in values):
                continue
            worth = sum((in_wan(v.value, v.unit) for v in values if v is not None), ZERO)
            stated = in_wan(value.value, value.unit)
            if compare(stated, worth, parts=len(values), places=places_of(value.value)) != "different":
                continue
            location, provenance = ctx.at_claim(section, value)
            report(
                f"车辆价值 {value.text}；各类车辆价值合计 {fmt(worth)} 万元，相差 {fmt(stated - worth)} 万元",
                f"vehicles are worth {value.text}; the types add up to {worth} 万元",
                Hint(
                    "核对车辆总价值与各类车辆价值",
                    "Check the vehicles' total value against the value of each type",
                ),
                location,
                provenance,
            )


# ---------------------------------------------------------------------------------- procurement

_PROCUREMENT_PARTS = {"货物": "goods", "工程": "works", "服务": "services"}


def _procurement_role(subject: str | None) -> str | None:
    text = squeeze(subject or "")
    if "中小企业" in text:
        return "sme"
    if "小微" in text or "小型和微型" in text or "小型、微型" in text:
        return "small"
    if "预留" in text:
        return None
    for part in _PROCUREMENT_PARTS:
        if part in text:
            return part
    if "采购" in text:
        return "total"
    return None


def _procurement_amounts(ctx: CheckContext) -> dict[str, tuple[Section, Claim, Decimal]]:
    found: dict[str, tuple[Section, Claim, Decimal]] = {}
    for section in _sections(ctx, "procurement", "政府采购"):
        for claim in section.claims:
            if claim.kind != "amount" or not _plain(claim) or not is_money_unit(claim.unit):
                continue
            role = _procurement_role(claim.subject)
            if role is not None and role not in found:
                found[role] = (section, claim, in_wan(claim.value, claim.unit))
    return found


@rule(
    "parts.E003",
    "政府采购总额应等于货物、工程、服务之和",
    "Procurement total = goods + works + services",
    "政府采购预算按货物、工程、服务分列，三者之和应等于政府采购预算总额；正文与政府采购表分别检查。",
)
def procurement(ctx: CheckContext, report: Reporter) -> None:
    stated = _procurement_amounts(ctx)
    if "total" in stated and all(p in stated for p in _PROCUREMENT_PARTS):
        section, claim, total = stated["total"]
        parts = sum((stated[p][2] for p in _PROCUREMENT_PARTS), ZERO)
        if compare(total, parts, parts=3, places=places_of(claim.value)) == "different":
            listed = "、".join(f"{p} {stated[p][1].text}" for p in _PROCUREMENT_PARTS)
            location, provenance = ctx.at_claim(section, claim)
            report(
                f"政府采购预算 {claim.text}；货物、工程、服务（{listed}）合计 {fmt(parts)} 万元，"
                f"相差 {fmt(total - parts)} 万元",
                f"procurement {claim.text} in all; goods, works and services add up to {parts} 万元",
                Hint(
                    "核对政府采购总额与货物、工程、服务金额",
                    "Check the procurement total against goods, works and services",
                ),
                location,
                provenance,
            )
    table = ctx.table("procurement")
    if table is None:
        return
    total_row = ctx.total_row(table)
    printed = ctx.value(table, total_row, "total") if total_row is not None else None
    if total_row is None or printed is None:
        return
    categories = []
    for row in table.rows:
        cell = ctx.cell(table, row, "label")
        label = squeeze(cell.text) if cell is not None else ""
        if row is not total_row and re.match(r"^[一二三四五六]?[、.．]?(货物|工程|服务)", label):
            categories.append((label, ctx.value(table, row, "total")))
    if not categories or any(v is None for _, v in categories):
        return
    parts_sum = sum((v for _, v in categories if v is not None), ZERO)
    if len(categories) == 1 and parts_sum < printed:
        return  # one category read and less than the total: the others may be on a page not read
    if compare(printed, parts_sum, parts=len(categories)) == "different":
        location, provenance = ctx.at_cell(table, total_row, "total")
        listed = "、".join(f"{label} {fmt(v)}" for label, v in categories)
        report(
            f"“{table.title}”合计 {fmt(printed)}；各类（{listed}）合计 {fmt(parts_sum)}，相差 {fmt(printed - parts_sum)}",
            f"{table.title}: total {printed}; the categories add up to {parts_sum}",
            Hint(
                "核对政府采购表合计与货物、工程、服务各类",
                "Check the procurement table's total against goods, works and services",
            ),
            location,
            provenance,
        )


@rule(
    "parts.W001",
    "面向中小企业预留金额不应大于政府采购总额",
    "The amount reserved for SMEs is not larger than the procurement total",
    "面向中小企业预留的政府采购项目预算是政府采购预算的一部分，不能大于总额；其中预留给小型和微型企业的部分"
    "也不能大于面向中小企业的预留额。",
)
def sme_share(ctx: CheckContext, report: Reporter) -> None:
    stated = _procurement_amounts(ctx)
    for part, whole, zh, en in (
        ("sme", "total", "面向中小企业预留金额大于政府采购总额", "the SME reservation exceeds the total"),
        (
            "small",
            "sme",
            "预留给小型和微型企业的金额大于面向中小企业预留金额",
            "the small/micro share exceeds the SME one",
        ),
    ):
        if part not in stated or whole not in stated:
            continue
        section, claim, value = stated[part]
        _, whole_claim, whole_value = stated[whole]
        if value <= whole_value:
            continue
        location, provenance = ctx.at_claim(section, claim)
        report(
            f"{zh}：{claim.subject} {claim.text}；{whole_claim.subject} {whole_claim.text}",
            f"{en}: {claim.text} against {whole_claim.text}",
            Hint("核对预留金额与政府采购预算", "Check the reserved amount against the procurement budget"),
            location,
            provenance,
        )
