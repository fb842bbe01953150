"""Function and economic classification side by side (功能分类与经济分类交叉): a few function
subjects are paid for by a single economic subject of basic expenditure, so the two tables should
give (about) the same amount.

| function subject | economic subject |
|---|---|
| 2210201 住房公积金 | 30113 住房公积金 (30311 in layouts before 2018) |
| 2080505 机关事业单位基本养老保险缴费支出 | 30108 机关事业单位基本养老保险缴费 |
| 2080506 机关事业单位职业年金缴费支出 | 30109 职业年金缴费 |
| 2101101 行政单位医疗 + 2101102 事业单位医疗 + 2101103 公务员医疗补助 | 30110 职工基本医疗保险缴费 + 30111 公务员医疗补助缴费 |

The function side is the basic-expenditure figure of the general budget table (else of the
expenditure table; where neither prints a basic column, the total); the economic side is the
basic-expenditure economic table. Compared in 万元, only when both sides are printed; a difference
within the rounding of the printed figures is not reported. These are plausibility warnings: a
unit may, for example, pay part of a contribution from another function subject — and where the
tables show it does (a contribution printed on the economic side has no function row at all), a
function figure short of the economic one is not reported; nor is one short of an economic
figure that the table splits by 政府经济科目 (机关 50103, 事业单位 50501: the 事业单位's part is booked
under its own function subjects); nor is a medical economic figure short of the function one by no
more than 30112 其他社会保障缴费, where units book 大额医疗 and 生育保险. The rows of one economic
subject split so are added up (xian/06 p.39: 30113 187.70 + 1,272.44 against 2210201 1,460.14).

Where the economic table lists the items of 工资福利支出 one by one and has no row for the
contribution at all, while the function side has it, that is reported too (xian/02 p.16: 2080506
32.05 with no 30109). Tables listed unit by unit are compared unit by unit.
"""

from __future__ import annotations

from decimal import Decimal

from yusuan.check.context import CheckContext, compare, fmt
from yusuan.check.finding import Hint
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.model.document import Row, Table
from yusuan.model.money import ZERO, AmountUnit


def _function_side(ctx: CheckContext, tables: dict[str, Table]) -> tuple[Table, str] | None:
    """The table and column giving basic expenditure by function subject: a basic column that
    prints figures, else the table of basic expenditure by function (its 合计), else a total."""
    for key in ("general", "expenditure", "fiscal_expenditure"):
        table = tables.get(key)
        if (
            table is not None
            and ctx.column(table, "basic") is not None
            and any(r.code and ctx.value(table, r, "basic") is not None for r in table.rows)
        ):
            return table, "basic"
    table = tables.get("basic_function")
    if table is not None and ctx.column(table, "total") is not None and any(r.code for r in table.rows):
        return table, "total"
    for key in ("general", "fiscal_expenditure", "expenditure"):
        table = tables.get(key)
        if table is not None and ctx.column(table, "total") is not None and any(r.code for r in table.rows):
            return table, "total"
    return None


def _sides(ctx: CheckContext) -> list[tuple[Table, str, Table]]:
    """(function table, its column, economic table) to compare: the document's; and, where its
    tables list their subjects unit by unit (xian/02 表5–表8), each unit's (a unit's name printed
    in both)."""
    economic = ctx.table("basic_economic")
    if economic is None:
        return []
    tables = {t.key: t for t in ctx.document.tables}
    out = []
    if (side := _function_side(ctx, tables)) is not None:
        out.append((*side, economic))
    for unit in economic.units:
        name = _unit_name(unit)
        same = {
            t.key: next(u for u in t.units if _unit_name(u) == name)
            for t in ctx.document.tables
            if any(_unit_name(u) == name for u in t.units)
        }
        if (side := _function_side(ctx, same)) is not None:
            out.append((*side, unit))
    return out


def _unit_name(table: Table) -> str:
    """The 预算单位 a unit's table is of (read documents keep it as the table's issuer)."""
    return table.issuer or table.title


def _rows(table: Table, codes: tuple[str, ...]) -> list[Row]:
    """The rows of each code, in the order of ``codes``: its first row, and the rows that split it
    by another classification printed beside it (xian/06 p.39: 30113 住房公积金 under 政府经济科目
    50103 187.70 and under 50501 1,272.44 — one subject in two lines, 1,460.14 in all)."""
    others = [i for i, c in enumerate(table.columns) if c.kind == "code"][1:]
    rows: list[Row] = []
    for code in codes:
        found = [r for r in table.rows if r.code == code]
        for row in found[:1] + [
            r for r in found[1:] if others and _other_codes(r, others) != _other_codes(found[0], others)
        ]:
            rows.append(row)
    return rows


def _other_codes(row: Row, columns: list[int]) -> tuple[str, ...]:
    return tuple(row.cells[i].text.strip() for i in columns if i < len(row.cells))


def _figure_key(ctx: CheckContext, economic: Table) -> str:
    """The economic table's figure column: 合计, or its one amount column (预算数, which Fuzhou's
    profile keys apart from 合计 so that text rules do not split it into 人员/公用经费)."""
    return "total" if ctx.column(economic, "total") is not None else "amount"


def _other_insurance(ctx: CheckContext, economic: Table, figure: str) -> Decimal:
    """30112 其他社会保障缴费 in 万元: where units book the medical contributions the basic
    insurance does not cover (2101101 125.11 + 2101102 18.28 + 2101103 33.23 against 30110 137.87 +
    30111 33.23 and 30112 6.64, quanzhou/01 p.17)."""
    rows = _rows(economic, ("30112",))
    return _in_wan(ctx, economic, rows, figure)


def _in_wan(ctx: CheckContext, table: Table, rows: list[Row], key: str) -> Decimal:
    """The rows' figures in column ``key``, added up in 万元."""
    return sum((ctx.to_wan(table, ctx.value(table, r, key) or ZERO) for r in rows), ZERO)


def _places(table: Table) -> int:
    return 2 if table.unit is not AmountUnit.YUAN else 6


# (function codes, economic codes) of each contribution
_Pair = tuple[tuple[str, ...], tuple[str, ...]]
_HOUSING: _Pair = (("2210201",), ("30113", "30311"))
_PENSION: _Pair = (("2080505",), ("30108",))
_ANNUITY: _Pair = (("2080506",), ("30109",))
_MEDICAL: _Pair = (("2101101", "2101102", "2101103"), ("30110", "30111"))
_PAIRS = (_HOUSING, _PENSION, _ANNUITY, _MEDICAL)


def _booked_elsewhere(ctx: CheckContext, function: Table, column: str, economic: Table) -> bool:
    """The unit pays contributions from another function subject: one the economic table prints
    (30113 住房公积金 472.88) has no function row at all (no 2210201; zhuhai/01 carries it under
    2011301 行政运行, as its key reads the pages). A function figure short of the economic one is
    then this practice, not a misprint."""
    for function_codes, economic_codes in _PAIRS:
        printed = [
            r
            for r in _rows(economic, economic_codes)
            if (ctx.value(economic, r, _figure_key(ctx, economic)) or ZERO) > 0
        ]
        if printed and not _rows(function, function_codes):
            return True
    return False


def _cross(
    ctx: CheckContext,
    report: Reporter,
    function_codes: tuple[str, ...],
    economic_codes: tuple[str, ...],
    what: str,
    what_en: str,
) -> None:
    for function, column, economic in _sides(ctx):
        _compare(ctx, report, function, column, economic, (function_codes, economic_codes), what, what_en)


def _compare(
    ctx: CheckContext,
    report: Reporter,
    function: Table,
    column: str,
    economic: Table,
    pair: _Pair,
    what: str,
    what_en: str,
) -> None:
    function_codes, economic_codes = pair
    figure = _figure_key(ctx, economic)
    function_rows = [r for r in _rows(function, function_codes) if ctx.value(function, r, column) is not None]
    economic_rows = [r for r in _rows(economic, economic_codes) if ctx.value(economic, r, figure) is not None]
    if not function_rows:
        return
    left = _in_wan(ctx, function, function_rows, column)
    basic = column == "basic" or function.key == "basic_function"
    column_title = "基本支出" if basic else "合计（表中无基本支出栏）"
    left_codes = " + ".join(r.code or "" for r in function_rows)
    location, provenance = ctx.at_cell(function, function_rows[0], column)
    if not economic_rows:
        if basic and left > 0 and _itemised(economic, pair, ctx.year):
            report(
                f"{what}：功能分类 {left_codes}（“{function.title}”{column_title}）为 {fmt(left)} 万元；"
                f"经济分类“{economic.title}”逐项列出工资福利支出，却没有 {' 或 '.join(economic_codes)}",
                f"{what_en}: function {left_codes} ({function.key}, {column}) is {left} 万元; the economic "
                f"table ({economic.key}) lists the 301 items one by one, with no {' or '.join(economic_codes)}",
                Hint(
                    "同一笔缴费在经济分类中应列在对应科目；核对经济分类表，或说明这笔缴费列在哪个科目",
                    "The contribution belongs under its economic subject: check the economic table, or say where it is booked",
                ),
                location,
                provenance,
                (economic.key,),
            )
        return
    right = _in_wan(ctx, economic, economic_rows, figure)
    places = min(_places(function), _places(economic))
    parts = len(function_rows) + len(economic_rows)
    if compare(left, right, parts=parts, places=places) != "different":
        return
    if left < right and _booked_elsewhere(ctx, function, column, economic):
        return  # the rest of the contribution under another function subject, as this unit does
    if left < right and len(economic_rows) > len({r.code for r in economic_rows}):
        # the economic side splits the contribution by 政府经济科目 (50103 机关, 50501 事业单位:
        # xian/05 p.56): a 事业单位's part booked under its own function subjects, not this one
        return
    if economic_codes == _MEDICAL[1] and ZERO < left - right <= _other_insurance(ctx, economic, figure):
        return  # the rest in 30112 其他社会保障缴费 (大额医疗、生育保险), as quanzhou/01 p.17 books it
    right_codes = " + ".join(r.code or "" for r in economic_rows)
    report(
        f"{what}：功能分类 {left_codes}（“{function.title}”{column_title}）为 {fmt(left)} 万元；"
        f"经济分类 {right_codes}（“{economic.title}”）为 {fmt(right)} 万元，相差 {fmt(left - right)} 万元",
        f"{what_en}: function {left_codes} ({function.key}, {column}) is {left} 万元; economic "
        f"{right_codes} ({economic.key}) is {right} 万元",
        Hint(
            "同一笔缴费在两种分类中应相同；核对两表，或说明差额列在哪个科目",
            "The same contribution must be equal in both classifications: check both tables, or say which subject holds the difference",
        ),
        location,
        provenance,
        (economic.key,),
    )


_ITEMISED = 3  # items of 301 printed one by one: the class is listed item by item


def _itemised(economic: Table, pair: _Pair, year: int) -> bool:
    """The economic table lists the items of 工资福利支出 (301) one by one, so a contribution it
    does not print is not there; 住房公积金 only from 2018, when it moved from 30311 to 30113."""
    if pair[1] == _HOUSING[1] and year < 2018:
        return False
    items = {r.code for r in economic.rows if r.code and len(r.code) == 5 and r.code.startswith("301")}
    return len(items) >= _ITEMISED


# what each of the four rules also does, said once
_ALSO = (
    "经济分类表逐项列出工资福利支出、却没有对应科目的，也报告；经济分类把同一科目按政府经济科目分列几行的，"
    "几行相加（功能分类少于相加之数的，是事业单位的部分列在其本身的功能科目，不报告）；按预算单位分别列出科目的表，逐单位比较。"
)


@rule(
    "class.W001",
    "住房公积金：功能分类2210201与经济分类30113应一致",
    "Housing fund: function 2210201 vs economic 30113",
    "单位为职工缴存的住房公积金，功能分类列 2210201 住房公积金，经济分类列 30113 住房公积金"
    "（2018年以前为 30311），两者金额应相同。" + _ALSO,
)
def housing_fund(ctx: CheckContext, report: Reporter) -> None:
    _cross(ctx, report, *_HOUSING, "住房公积金", "housing fund")


@rule(
    "class.W002",
    "基本养老保险缴费：功能分类2080505与经济分类30108应一致",
    "Pension contributions: function 2080505 vs economic 30108",
    "机关事业单位基本养老保险缴费，功能分类列 2080505，经济分类列 30108，两者金额应相同。" + _ALSO,
)
def pension(ctx: CheckContext, report: Reporter) -> None:
    _cross(ctx, report, *_PENSION, "机关事业单位基本养老保险缴费", "basic pension contributions")


@rule(
    "class.W003",
    "职业年金缴费：功能分类2080506与经济分类30109应一致",
    "Occupational annuity: function 2080506 vs economic 30109",
    "机关事业单位职业年金缴费，功能分类列 2080506，经济分类列 30109，两者金额应相同。" + _ALSO,
)
def annuity(ctx: CheckContext, report: Reporter) -> None:
    _cross(ctx, report, *_ANNUITY, "职业年金缴费", "occupational annuity")


@rule(
    "class.W004",
    "医疗保险缴费：功能分类21011与经济分类30110、30111应一致",
    "Medical insurance: function 2101101–2101103 vs economic 30110 + 30111",
    "行政（事业）单位医疗和公务员医疗补助，功能分类列 2101101、2101102、2101103，经济分类列 30110 职工基本"
    "医疗保险缴费和 30111 公务员医疗补助缴费，两边合计应相同；经济分类少出的部分不超过 30112 其他社会保障缴费的"
    "（大额医疗、生育保险等列在该科目），不报告。" + _ALSO,
)
def medical(ctx: CheckContext, report: Reporter) -> None:
    _cross(ctx, report, *_MEDICAL, "医疗保险缴费", "medical insurance contributions")
