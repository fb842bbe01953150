"""Performance target tables (绩效目标表): weights, the indicator hierarchy, and targets that can be
checked against the project's amount.

A project's amount is the one its description or the project table gives (see the project
family), else the 年度预算总额 of the performance table itself, in 万元.
"""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.check.context import CheckContext, fmt, places_of
from yusuan.check.finding import Hint, Location
from yusuan.check.projects import performance_location, performance_name, projects
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.model.document import IndicatorRow, PerformanceTable
from yusuan.model.money import ZERO, in_wan, quantize
from yusuan.model.performance import Target, parse_target

_WEIGHT_TOTALS = (Decimal(90), Decimal(100))
# a per-unit cost: "平均每次慰问经费", "宣传片平均制作经费", "人均培训费"
_PER_UNIT = re.compile(r"平均|每|人均|次均|单价|单位成本")
_PER_WHAT = re.compile(r"每(次|人|批次|批|个|场|期|户|件|台|套|辆|项|家|所|名)")
_NOT_NAME = re.compile(
    r"平均|每[次人批个场期户件台套辆项家所名]?|人均|次均|单价|经费|费用|资金|成本|控制数|数量|数|金额|次"
)


def _amounts(ctx: CheckContext) -> dict[str, Decimal]:
    """Each project performance table's project amount in 万元, by table key."""
    out: dict[str, Decimal] = {}
    for project in projects(ctx):
        table = project.performance
        if table is None:
            continue
        amount = project.amount
        if amount is None:
            cell = table.fields.get("年度预算总额")
            amount = cell.value if cell is not None else None
        if amount is not None:
            out[table.key] = amount
    return out


def _target(row: IndicatorRow) -> Target | None:
    if not (row.target or "").strip():
        return None
    try:
        return parse_target(row.target)
    except ValueError:
        return None


def _is_cost(row: IndicatorRow) -> bool:
    return "成本" in row.level1 or "成本" in row.level2


def _in_wan(target: Target) -> Decimal | None:
    """A cost target in 万元 ("<=1.50万元" → 1.50; "<=500元" → 0.05), else None."""
    if target.value is None or target.unit is None or target.comparator not in (None, "<=", "<", "="):
        return None
    unit = next((u for u in ("万元", "元") if target.unit.strip().startswith(u)), None)
    return None if unit is None else in_wan(target.value, unit)


def _table_name(table: PerformanceTable) -> str:
    name = performance_name(table)
    return f"“{name}”绩效目标表" if name else f"“{table.title}”"


@rule(
    "perf.E001",
    "绩效指标分值权重合计应为90或100",
    "The weights of a performance table add up to 90 or 100",
    "绩效目标表各三级指标的分值权重合计应为100分（新疆等地的表中预算执行率另占10分，合计90分）。"
    "只在每个指标都印有权重时检查。",
)
def weights_add_up(ctx: CheckContext, report: Reporter) -> None:
    for table in ctx.document.performance:
        weights = [row.weight for row in table.indicators]
        if not weights or any(w is None for w in weights):
            continue
        total = sum((w for w in weights if w is not None), ZERO)
        if total in _WEIGHT_TOTALS:
            continue
        location = performance_location(table)
        report(
            f"{_table_name(table)}：{len(weights)} 个指标的分值权重合计为 {fmt(total)}，应为 90 或 100",
            f"{table.title} {performance_name(table)}: the {len(weights)} weights add up to {total}, "
            "not 90 or 100",
            Hint("核对各指标分值权重", "Check the indicators' weights"),
            Location(table=location.table, table_key=location.table_key, column="分值权重"),
        )


@rule(
    "perf.E002",
    "每个三级指标应有一级、二级指标",
    "Every indicator has a level-1 and a level-2 heading",
    "绩效指标按 一级（产出、效益、满意度等）→ 二级（数量、质量等）→ 三级 分层；缺少上级指标的行无法归类。"
    "部门整体支出绩效目标表不检查：其年度绩效指标为选填，一级、二级单元格跨越几十行乃至跨页合并，"
    "文字常印在合并单元格中部或下一页，读取时留空的多是读丢的文字而非表中漏填。",
)
def indicator_levels(ctx: CheckContext, report: Reporter) -> None:
    for table in ctx.document.performance:
        if table.whole_department:
            continue  # merged level cells over pages: a blank is more often lost text than a gap
        for row in table.indicators:
            missing = [
                zh for zh, value in (("一级指标", row.level1), ("二级指标", row.level2)) if not value.strip()
            ]
            if not missing:
                continue
            report(
                f"{_table_name(table)}：三级指标“{row.name}”缺少{'、'.join(missing)}",
                f"{table.title} {performance_name(table)}: indicator {row.name} has no "
                + " and no ".join("level-1" if m == "一级指标" else "level-2" for m in missing),
                Hint(
                    "补齐该指标所属的一级、二级指标",
                    "Fill in the level-1 and level-2 indicators the indicator belongs to",
                ),
                performance_location(table, row.name),
            )


@rule(
    "perf.W001",
    "成本指标不应大于项目金额",
    "A cost indicator is not larger than the project's amount",
    "成本指标（如“<=13.41万元”）是项目资金的一部分，单项成本上限大于整个项目的预算，说明指标值或项目金额有误。",
)
def cost_within_amount(ctx: CheckContext, report: Reporter) -> None:
    amounts = _amounts(ctx)
    for table in ctx.document.performance:
        amount = amounts.get(table.key)
        if amount is None:
            continue
        for row in table.indicators:
            target = _target(row)
            value = _in_wan(target) if target is not None and _is_cost(row) else None
            if value is None or value <= amount:
                continue
            report(
                f"{_table_name(table)}：成本指标“{row.name}”为 {row.target}，大于项目金额 {fmt(amount)} 万元",
                f"{table.title} {performance_name(table)}: cost indicator {row.name} is {row.target}, "
                f"more than the project's {amount} 万元",
                Hint("核对成本指标值与项目金额", "Check the cost indicator against the project amount"),
                performance_location(table, row.name),
            )


@rule(
    "perf.W002",
    "指标值有比较符号时应有数值",
    "A target with a comparator has a number",
    "指标值写作“>=95%”“<=1.50万元”或文字（“有所提升”）；只有比较符号而无数值的指标值无法考核。",
)
def target_well_formed(ctx: CheckContext, report: Reporter) -> None:
    for table in ctx.document.performance:
        for row in table.indicators:
            if not (row.target or "").strip():
                continue  # no target printed: not malformed (and parse_target reads "" as a bare comparator)
            try:
                parse_target(row.target)
            except ValueError:
                report(
                    f"{_table_name(table)}：指标“{row.name}”的指标值“{row.target}”有比较符号而无数值",
                    f"{table.title} {performance_name(table)}: target of {row.name} “{row.target}” "
                    "has a comparator but no number",
                    Hint(
                        "写明数值及单位，如“>=95%”，或改为文字描述",
                        "State the number and unit (e.g. “>=95%”), or describe the target in words",
                    ),
                    performance_location(table, row.name),
                )


@rule(
    "perf.W003",
    "项目绩效目标应有产出指标和满意度指标",
    "A project's targets include output and satisfaction indicators",
    "项目支出绩效目标至少应设置产出指标和满意度指标（财预〔2021〕101号等），一般还有效益、成本指标。",
)
def output_and_satisfaction(ctx: CheckContext, report: Reporter) -> None:
    for table in ctx.document.performance:
        if not (table.key.startswith("project") or table.project) or not table.indicators:
            continue
        levels = {row.level1 for row in table.indicators}
        missing = [
            (zh, en)
            for zh, en in (("产出指标", "output"), ("满意度指标", "satisfaction"))
            if not any(zh[:-2] in level for level in levels)
        ]
        if not missing:
            continue
        report(
            f"{_table_name(table)}：没有{'、'.join(zh for zh, _ in missing)}（一级指标为 "
            f"{'、'.join(sorted(levels))}）",
            f"{table.title} {performance_name(table)}: no "
            + " and no ".join(en for _, en in missing)
            + " indicators",
            Hint(
                "补充相应的一级指标及其下的三级指标",
                "Add the missing level-1 indicators and the level-3 indicators under them",
            ),
            performance_location(table),
        )


def _common(a: str, b: str) -> int:
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def _unit_cost_pairs(
    table: PerformanceTable,
) -> list[tuple[IndicatorRow, Decimal, IndicatorRow, Decimal, str]]:
    """(cost indicator, cost in 万元, count indicator, count, count unit) for per-unit costs that
    name what they are per ("每次" → a count in 次; "宣传片平均制作经费" → "宣传片制作数量")."""
    counts = []
    for row in table.indicators:
        target = _target(row)
        if (
            target is None
            or target.value is None
            or not target.unit
            or target.comparator not in (None, ">=", ">", "=")
            or "%" in target.unit
            or "元" in target.unit
            or _is_cost(row)
            or "数量" not in row.level2
        ):
            continue
        counts.append((row, target.value, target.unit.strip()))
    pairs = []
    for row in table.indicators:
        target = _target(row)
        cost = _in_wan(target) if target is not None and _is_cost(row) else None
        if cost is None or not _PER_UNIT.search(row.name):
            continue
        per = _PER_WHAT.search(row.name)
        candidates = [c for c in counts if per is None or per.group(1) in c[2]]
        stem = _NOT_NAME.sub("", row.name)
        scored = sorted(
            ((_common(stem, _NOT_NAME.sub("", c[0].name)), i) for i, c in enumerate(candidates)),
            reverse=True,
        )
        if not scored:
            continue
        best, index = scored[0]
        tied = [s for s, _ in scored if s == best]
        if len(tied) > 1 or (per is None and best < 2):
            continue  # not clear which count the cost is per
        count, value, unit = candidates[index]
        pairs.append((row, cost, count, value, unit))
    return pairs


def _excess(ctx: CheckContext, report: Reporter) -> None:
    """Per-unit cost × count against the project's amount: perf.N001 within the rounding of the
    printed unit cost, perf.W004 beyond it."""
    amounts = _amounts(ctx)
    for table in ctx.document.performance:
        amount = amounts.get(table.key)
        if amount is None:
            continue
        for cost_row, cost, count_row, count, _unit in _unit_cost_pairs(table):
            product = cost * count
            if product <= amount:
                continue
            places = places_of(cost.normalize()) if cost != cost.to_integral_value() else 0
            lowest = (cost - Decimal(5) * Decimal(10) ** (-(places + 1))) * count
            within = lowest <= amount
            if (report.rule_id == "perf.N001") != within:
                continue
            zh = (
                f"{_table_name(table)}：“{cost_row.name}”{cost_row.target} × “{count_row.name}”{count_row.target}"
                f" = {fmt(product)} 万元，超过项目金额 {fmt(amount)} 万元"
            )
            en = (
                f"{table.title} {performance_name(table)}: {cost_row.name} {cost_row.target} × "
                f"{count_row.name} {count_row.target} = {product} 万元, more than the project's {amount} 万元"
            )
            if within:
                share = quantize(amount / count, places + 2).normalize()
                shown = cost.normalize() if places else cost.to_integral_value()
                zh += (
                    f"；{fmt(amount)} ÷ {fmt(count)} = {fmt(share)}，保留 {places} 位小数四舍五入为 {fmt(shown)}，"
                    "超出仅因进位"
                )
                en += (
                    f"; {amount} / {count} = {share}, which rounds to {shown} at {places} decimals: "
                    "only rounding makes it exceed"
                )
                hint = Hint(
                    "可保留；如需严密，将单位成本写为不大于金额除以数量的值（向下取位）",
                    "It may stay; to be strict, give a unit cost no more than the amount divided by the quantity (round down)",
                )
            else:
                hint = Hint(
                    "核对单位成本、数量指标与项目金额，三者应相容",
                    "Check the unit cost, the quantity and the project amount: the three must agree",
                )
            report(zh, en, hint, performance_location(table, cost_row.name))


@rule(
    "perf.N001",
    "单位成本乘以数量仅因进位超过项目金额",
    "Unit cost × count exceeds the amount only through rounding",
    "“宣传片平均制作经费<=17.13万元”而“宣传片制作数量>=2个”，17.13 × 2 = 34.26，比项目金额 34.25 多 0.01："
    "34.25 / 2 = 17.125 四舍五入为 17.13。这是进位造成的，不一定是错误，作为提示列出。",
)
def unit_cost_rounding(ctx: CheckContext, report: Reporter) -> None:
    _excess(ctx, report)


@rule(
    "perf.W004",
    "单位成本乘以数量不应超过项目金额",
    "Unit cost × count does not exceed the project's amount",
    "按单位成本上限和数量指标计算的资金超过项目金额，且不能用单位成本的四舍五入解释，"
    "说明成本指标、数量指标或项目金额之一有误。",
)
def unit_cost_excess(ctx: CheckContext, report: Reporter) -> None:
    _excess(ctx, report)
