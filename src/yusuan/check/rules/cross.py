"""Agreement between tables: the same figure printed in two tables must be the same figure.

Figures are compared in 万元 as printed in each table (a 元 table is divided by 10000); the
tolerance is the rounding of the coarser table. A difference within it is reported once as
``cross.N001`` (尾差), not as an error.

One module (~670 lines) for one rule family: its ten rules compare :class:`Side` objects (a
printed figure or a sum of them, with its place and its name in the message) through the one
:func:`_agree`, which gives the rounding allowed and the 尾差 notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from yusuan.check.amounts import is_money, wan
from yusuan.check.context import CheckContext, compare, fmt, places_of, table_name
from yusuan.check.finding import ROUNDING_HINT, Hint
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.model.document import Row, Table
from yusuan.model.money import ZERO, AmountUnit, quantize
from yusuan.text.spacing import squeeze

# Income lines that are not this year's general-budget appropriation (一般公共预算拨款).
_OTHER_FUNDS = re.compile(
    r"政府性基金|国有资本|财政专户|单位资金|事业收入|经营收入|上级补助|附属单位|其他收入|其他资金|结转|结余"
)


# ---------------------------------------------------------------------------- helpers


def _unit(table: Table) -> str:
    return table.unit.value if table.unit is not None else ""


def _wan_places(table: Table, value: Decimal) -> int:
    """The last printed place of ``value``, counted in 万元 (a 元 figure has four more)."""
    places = max(table.decimals, places_of(value))
    return places + 4 if table.unit is AmountUnit.YUAN else places


def _is_zero(value: Decimal | None) -> bool:
    return value is None or value == ZERO


@dataclass
class Side:
    """One printed figure (or a sum of printed figures): where it is and what the message calls it."""

    table: Table
    row: Row | None
    column: str
    value: Decimal | None
    what: str  # e.g. 支出合计
    what_en: str = ""

    def describe(self) -> str:
        unit = _unit(self.table) if self.value is not None else ""
        return f"{table_name(self.table)} {self.what} {self.printed()}{unit}"

    def printed(self) -> str:
        """The figure as the table prints it (a sum of figures as computed)."""
        index = CheckContext.column(self.table, self.column)
        if self.row is not None and index is not None and index < len(self.row.cells):
            cell = self.row.cells[index]
            if cell.value is not None and cell.value == self.value and cell.text.strip():
                return cell.text.strip()
        return fmt(self.value)

    def describe_en(self) -> str:
        return f"{self.table.key} {self.what_en or self.column} {self.value}"

    @property
    def wan(self) -> Decimal:
        return CheckContext.to_wan(self.table, self.value) if self.value is not None else ZERO

    @property
    def places(self) -> int | None:
        return _wan_places(self.table, self.value) if self.value is not None else None


def _printed(ctx: CheckContext, table: Table, row: Row | None, column: str, what: str, what_en: str) -> Side:
    """The figure printed at (row, column); no figure where there is no row."""
    return Side(table, row, column, ctx.value(table, row, column) if row is not None else None, what, what_en)


def _absent_total(table: Table) -> Side:
    """The total of a table that prints none (a truncated table, or one without rows)."""
    return Side(table, None, "total", None, "合计", "total")


def _total_row(ctx: CheckContext, table: Table) -> Row | None:
    """The total row; a totals-only table (Jiangsu 表三) prints its one row without a label."""
    row = ctx.total_row(table)
    if row is None and len(table.rows) == 1 and not table.rows[0].code:
        return table.rows[0]
    return row


def _total(ctx: CheckContext, table: Table, column: str, what: str, what_en: str = "") -> Side | None:
    row = _total_row(ctx, table)
    if row is None or ctx.column(table, column) is None:
        return None
    return _printed(ctx, table, row, column, what, what_en or f"total {column}")


def _agree(
    ctx: CheckContext,
    report: Reporter,
    at: Side,
    others: list[Side],
    topic: str,
    topic_en: str,
    parts: int = 1,
) -> None:
    """``at`` should equal the sum of ``others``: an error where it does not, a notice within rounding.
    ``at`` is where the finding is placed."""
    if at.row is None:
        return
    expected = sum((o.wan for o in others), ZERO)
    printed = at.wan
    if at.value is None and expected == ZERO:
        return
    places = [p for p in (s.places for s in (at, *others)) if p is not None]
    result = compare(printed, expected, parts=parts, places=min(places) if places else None)
    if result == "equal":
        return
    location, provenance = ctx.at_cell(at.table, at.row, at.column)
    other_text = "＋".join(o.describe() for o in others) or "（无）"
    if len(others) > 1:
        other_text += f"，合计 {fmt(expected)}万元"
    other_en = " + ".join(o.describe_en() for o in others) or "(nothing)"
    if result == "rounding":
        report.companion("cross.N001")(
            f"{topic}：{at.describe()}；{other_text}；相差在四舍五入范围内（尾差）",
            f"{topic_en}: {at.describe_en()}; {other_en}; within rounding",
            ROUNDING_HINT,
            location,
            provenance,
        )
        return
    report(
        f"{topic}：{at.describe()}；{other_text}；相差 {fmt(printed - expected)}万元",
        f"{topic_en}: {at.describe_en()}; {other_en} (difference {printed - expected} 万元)",
        Hint(
            "两表列示的是同一笔钱：核对两表，更正其中有误的数字",
            "Both tables show the same money: check them and correct the wrong figure",
        ),
        location,
        provenance,
        tuple(o.table.key for o in others),
    )


def _income_rows(ctx: CheckContext, table: Table) -> list[tuple[str, Decimal | None]]:
    if ctx.column(table, "income.label") is None:
        return []
    out = []
    for row in table.rows:
        cell = ctx.cell(table, row, "income.label")
        if cell is not None and cell.text:
            out.append((squeeze(cell.text), ctx.value(table, row, "income.amount")))
    return out


def general_only(ctx: CheckContext) -> bool:
    """The document has no money but this year's general-budget appropriation: the 政府性基金 and
    国有资本经营 columns of the fiscal summary are empty or zero and the summaries' other income
    lines (基金, 国资, 专户, 单位资金, 上年结转 …) are empty."""
    summaries = [t for t in (ctx.table("summary"), ctx.table("fiscal_summary")) if t is not None]
    if not summaries:
        return False
    fiscal = ctx.table("fiscal_summary")
    if fiscal is not None:
        for key in ("expenditure.gov_fund", "expenditure.state_capital"):
            if ctx.column(fiscal, key) is None:
                continue
            if any(not _is_zero(ctx.value(fiscal, row, key)) for row in fiscal.rows):
                return False
    for table in summaries:
        for label, value in _income_rows(ctx, table):
            if _OTHER_FUNDS.search(label) and not _is_zero(value):
                return False
    return True


def _first_rows(table: Table, length: int) -> dict[str, Row]:
    """The first row of each code of ``length`` digits (a code printed again is a remainder line)."""
    rows: dict[str, Row] = {}
    for row in table.rows:
        if row.code and len(row.code) == length and row.code not in rows:
            rows[row.code] = row
    return rows


def _figure_columns(table: Table) -> list[str]:
    return [c.key for c in table.columns if c.kind == "figure"]


_WHAT = {"total": "合计", "basic": "基本支出", "project": "项目支出"}


# ---------------------------------------------------------------------------- rules
@rule(
    "cross.N001",
    "两表同一数字相差在四舍五入范围内（尾差）",
    "Two tables differ within rounding",
    "两表分别四舍五入（或一表以元、一表以万元列示）时可能相差末位，这不是错误，但应能解释。"
    "由其他表间一致规则在比较时发出。",
    emitted_by="cross",
)
def rounding_notice(ctx: CheckContext, report: Reporter) -> None:
    """Emitted by the other cross rules when a difference is within rounding."""


@rule(
    "cross.E001",
    "收支总表的支出总计应等于支出总表的合计",
    "Summary total = expenditure table total",
    "收支总表的支出总计与支出总表（按功能分类）的合计是同一笔钱的两种列示，应当相等。",
)
def summary_equals_expenditure(ctx: CheckContext, report: Reporter) -> None:
    summary = ctx.table("summary")
    expenditure = ctx.table("expenditure")
    if summary is None or expenditure is None or expenditure.empty:
        return
    totals = [r for r in summary.rows if r.kind == "total"]
    if not totals:
        return
    row = totals[-1]  # the closing total (Jiangsu prints 当年小计 and 上年结转 above it)
    at = None
    for key, what, what_en in (
        ("expenditure.total", "支出总计", "expenditure total"),
        ("uses.amount", "支出总计", "expenditure total"),
        ("income.amount", "收入总计", "income total"),
    ):
        if ctx.value(summary, row, key) is not None:
            at = _printed(ctx, summary, row, key, what, what_en)
            break
    other = _total(ctx, expenditure, "total", "合计", "total")
    if at is None or other is None or other.value is None:
        return
    _agree(
        ctx,
        report,
        at,
        [other],
        "收支总表总计与支出总表合计不符",
        "the summary total differs from the expenditure table total",
    )


@rule(
    "cross.E002",
    "基本支出经济分类表合计应等于功能分类表的基本支出",
    "Basic expenditure by economic class = basic expenditure by function",
    "一般公共预算基本支出表（按经济分类）与一般公共预算支出表（按功能分类）的基本支出是同一笔钱；"
    "只有一般公共预算一种资金的文件，支出总表的基本支出也等于它。",
)
def basic_economic_equals_basic(ctx: CheckContext, report: Reporter) -> None:
    economic = ctx.table("basic_economic")
    if economic is None or economic.empty:
        return
    at = _total(ctx, economic, "total", "合计", "total")
    if at is None or at.value is None:
        return  # no total printed (a truncated table): nothing to compare
    general = ctx.table("general")
    other = None
    if general is not None and ctx.column(general, "basic") is not None:
        other = _total(ctx, general, "basic", "基本支出合计", "basic total")
    if other is None and general_only(ctx):
        # the economic table covers the general budget; here that is all of table 3's money
        expenditure = ctx.table("expenditure")
        if expenditure is not None:
            other = _total(ctx, expenditure, "basic", "基本支出合计", "basic total")
    if other is None:
        return
    _agree(
        ctx,
        report,
        at,
        [other],
        "基本支出按经济分类的合计与按功能分类的基本支出不符",
        "basic expenditure by economic class differs from basic expenditure by function",
    )


@rule(
    "cross.E003",
    "只有一般公共预算时，支出总表应与一般公共预算支出表逐项相同",
    "Only general budget: expenditure table = general budget table, subject by subject",
    "文件中没有政府性基金、国有资本经营、财政专户、单位资金和上年结转时，全部支出都是一般公共预算支出，"
    "两表每个项级科目的合计、基本支出、项目支出以及合计行都应相同。",
)
def expenditure_equals_general(ctx: CheckContext, report: Reporter) -> None:
    expenditure = ctx.table("expenditure")
    general = ctx.table("general")
    if expenditure is None or general is None or not general_only(ctx):
        return
    columns = [k for k in _figure_columns(general) if k in _figure_columns(expenditure)]
    spent = _first_rows(expenditure, 7)
    granted = _first_rows(general, 7)
    # Jiangsu's table 3 prints totals only: then only the totals can be compared.
    by_subject = any(r.code for r in expenditure.rows) and any(r.code for r in general.rows)
    for code in sorted({*spent, *granted}) if by_subject else []:
        mine, theirs = spent.get(code), granted.get(code)
        for key in columns:
            name = _WHAT.get(key, key)
            at = _printed(ctx, general, theirs, key, f"{code} {name}", f"{code} {key}")
            other = _printed(ctx, expenditure, mine, key, f"{code} {name}", f"{code} {key}")
            if theirs is None:  # the subject is missing from the general table: point at table 3's row
                at, other = other, at
            _agree(
                ctx,
                report,
                at,
                [other],
                f"科目 {code} 的“{name}”两表不同",
                f"subject {code} {key} differs between the general and expenditure tables",
            )
    for key in columns:
        name = _WHAT.get(key, key)
        at_total = _total(ctx, general, key, f"{name}合计", f"total {key}")
        other_total = _total(ctx, expenditure, key, f"{name}合计", f"total {key}")
        if at_total is not None and other_total is not None:
            _agree(
                ctx,
                report,
                at_total,
                [other_total],
                f"合计行的“{name}”两表不同",
                f"total {key} differs between the general and expenditure tables",
            )


_FUNDS = (
    ("general", "expenditure.general", "一般公共预算"),
    ("gov_fund", "expenditure.gov_fund", "政府性基金预算"),
    ("state_capital", "expenditure.state_capital", "国有资本经营预算"),
)


@rule(
    "cross.E004",
    "财政拨款支出应等于一般公共预算、政府性基金、国有资本经营三张支出表之和",
    "Fiscal expenditure = general + government fund + state capital tables",
    "财政拨款收支总表的支出合计 = 一般公共预算支出表合计 + 政府性基金预算支出表合计 + "
    "国有资本经营预算支出表合计；总表按本账分列时逐列核对。",
)
def fiscal_equals_three_tables(ctx: CheckContext, report: Reporter) -> None:
    fiscal = ctx.table("fiscal_summary")
    if fiscal is None:
        return
    totals = [r for r in fiscal.rows if r.kind == "total"]
    if not totals:
        return
    row = totals[-1]
    per_fund = [f for f in _FUNDS if ctx.column(fiscal, f[1]) is not None]
    if per_fund:
        for key, column, name in per_fund:
            table = ctx.table(key)
            if table is None:
                continue  # a missing table is complete.E001's finding
            other = _total(ctx, table, "total", "合计", "total") or _absent_total(table)
            _agree(
                ctx,
                report,
                _printed(ctx, fiscal, row, column, f"{name}支出合计", f"{column} total"),
                [other],
                f"财政拨款收支总表的{name}支出与{name}支出表合计不符",
                f"the fiscal summary's {column} differs from the {key} table total",
            )
        return
    closing: str | None = next(
        (
            k
            for k in ("expenditure.total", "uses.amount", "income.amount")
            if ctx.value(fiscal, row, k) is not None
        ),
        None,
    )
    if closing is None or ctx.table("general") is None:
        return
    column = closing
    others = []
    for key, _, _ in _FUNDS:
        table = ctx.table(key)
        if table is None:
            continue  # the layout has no such table, or complete.E001 reports it
        side = _total(ctx, table, "total", "合计", "total")
        others.append(side if side is not None else _absent_total(table))
    _agree(
        ctx,
        report,
        _printed(ctx, fiscal, row, column, "财政拨款支出合计", "fiscal expenditure total"),
        others,
        "财政拨款支出合计与各本账支出表合计之和不符",
        "the fiscal expenditure total differs from the sum of the fund tables",
        parts=max(1, sum(1 for o in others if o.value is not None)),
    )


@rule(
    "cross.E005",
    "收支总表各类支出应等于支出总表该类各项之和",
    "Each class in the summary = the sum of its items in the expenditure table",
    "收支总表按功能分类的“类”列示支出，支出总表按“项”列示；每一类的金额应等于支出总表中该类各项之和，"
    "支出总表中有支出的类也应在收支总表中列出。",
)
def summary_classes(ctx: CheckContext, report: Reporter) -> None:
    summary = ctx.table("summary")
    expenditure = ctx.table("expenditure")
    if summary is None or expenditure is None or ctx.column(summary, "expenditure.total") is None:
        return
    if ctx.column(expenditure, "total") is None:
        return
    items = _first_rows(expenditure, 7)
    # a 款 printed without 项 under it is a leaf of its class too (208 09 退役安置)
    items |= {
        code: row
        for code, row in _first_rows(expenditure, 5).items()
        if not any(c.startswith(code) for c in items)
    }
    classes = _first_rows(expenditure, 3)
    if not items and not classes:
        return  # table 3 is not by function (Jiangsu prints totals only)
    printed: dict[str, Row] = {}
    for code, row in ctx.summary_classes(summary):
        printed.setdefault(code, row)
    if not printed:
        return  # the summary names no class we can place
    for code in sorted(set(printed) | {c[:3] for c in items} | set(classes)):
        members = [r for c, r in items.items() if c.startswith(code)] or (
            [classes[code]] if code in classes else []
        )
        values = [ctx.value(expenditure, r, "total") for r in members]
        expected = sum((v for v in values if v is not None), ZERO)
        found = printed.get(code)
        if found is None:
            if expected == ZERO:
                continue
            location, provenance = ctx.at_cell(expenditure, members[0], "total")
            report(
                f"{table_name(expenditure)}“{code}”类各项之和为 {fmt(expected)}{_unit(expenditure)}；"
                f"{table_name(summary)}未列出“{code}”类支出",
                f"class {code} adds up to {expected} in {expenditure.key} but is not in the summary",
                Hint(
                    "在收支总表中列出该类支出，或核对支出总表的科目编码",
                    "List this class in the summary table, or check the codes in the expenditure table",
                ),
                location,
                provenance,
            )
            continue
        value = ctx.value(summary, found, "expenditure.total")
        if value is None and expected == ZERO:
            continue
        cell = ctx.cell(summary, found, "expenditure.total")
        if value is None and cell is not None and cell.text.strip():
            continue  # printed but not a figure ("125360,898"): the reader reports it; nothing to compare
        _agree(
            ctx,
            report,
            _printed(ctx, summary, found, "expenditure.total", f"“{code}”类支出", f"class {code}"),
            [
                Side(
                    expenditure,
                    members[0] if members else None,
                    "total",
                    expected,
                    f"“{code}”类 {len(members)} 项之和",
                    f"sum of the {len(members)} items of {code}",
                )
            ],
            f"收支总表“{code}”类支出与支出总表该类各项之和不符",
            f"summary class {code} differs from the sum of its items in the expenditure table",
            parts=max(1, len([v for v in values if v is not None])),
        )


def _project_rows(table: Table) -> list[Row]:
    return [r for r in table.rows if r.kind == "item"]


@rule(
    "cross.E006",
    "项目支出表合计应等于一般公共预算支出表的项目支出",
    "Project table total = project expenditure of the general budget table",
    "一般公共预算项目支出表逐个列出项目，其合计（以元列示时折合万元）应等于一般公共预算支出表的项目支出合计。",
)
def projects_equal_general(ctx: CheckContext, report: Reporter) -> None:
    projects = ctx.table("projects")
    general = ctx.table("general")
    if projects is None or general is None or ctx.column(general, "project") is None:
        return
    other = _total(ctx, general, "project", "项目支出合计", "project total")
    if other is None:
        return
    at = _total(ctx, projects, "total", "合计", "total")
    if at is None or at.value is None:
        if _project_rows(projects):
            return  # rows but no total printed: cross.E007 compares the rows subject by subject
        # no project at all: the general table should have no project expenditure either
        at, other = other, _absent_total(projects)
    _agree(
        ctx,
        report,
        at,
        [other],
        "项目支出表合计与一般公共预算支出表的项目支出不符",
        "the project table total differs from the general table's project expenditure",
    )


@rule(
    "cross.E007",
    "每个科目的项目之和应等于一般公共预算支出表该科目的项目支出",
    "Per subject: the projects add up to the subject's project expenditure",
    "项目支出表中列在同一功能科目下的项目，金额之和应等于一般公共预算支出表该项级科目的项目支出。",
)
def projects_per_subject(ctx: CheckContext, report: Reporter) -> None:
    projects = ctx.table("projects")
    general = ctx.table("general")
    if projects is None or general is None or ctx.column(general, "project") is None:
        return
    rows = [r for r in _project_rows(projects) if r.code]
    if not rows:
        return  # an empty project table is cross.E006's finding
    by_code: dict[str, list[Row]] = {}
    for row in rows:
        by_code.setdefault(row.code or "", []).append(row)
    granted = _first_rows(general, 7)
    for code in sorted(
        set(by_code) | {c for c, r in granted.items() if not _is_zero(ctx.value(general, r, "project"))}
    ):
        members = by_code.get(code, [])
        values = [ctx.value(projects, r, "total") for r in members]
        total = sum((v for v in values if v is not None), ZERO)
        names = "、".join(
            c.text for r in members if (c := ctx.cell(projects, r, "project")) is not None and c.text
        )
        target = granted.get(code)
        summed = Side(
            projects,
            members[0] if members else None,
            "total",
            total if members else None,
            f"“{code}”下 {len(members)} 个项目之和" + (f"（{names}）" if names and len(names) <= 80 else ""),
            f"sum of the {len(members)} projects under {code}",
        )
        granted_side = _printed(ctx, general, target, "project", f"“{code}”项目支出", f"{code} project")
        at, other = (granted_side, summed) if target is not None else (summed, granted_side)
        _agree(
            ctx,
            report,
            at,
            [other],
            f"科目 {code} 的项目之和与一般公共预算支出表的项目支出不符",
            f"the projects under {code} do not add up to its project expenditure in the general table",
        )


@rule(
    "cross.E008",
    "收入总表的合计应等于收支总表的收入总计",
    "Income table total = summary income total",
    "收入总表按来源（或科目）列示全部收入，其合计与收支总表的收入总计是同一笔钱，应当相等。",
)
def income_table_equals_summary(ctx: CheckContext, report: Reporter) -> None:
    summary = ctx.table("summary")
    income = ctx.table("income")
    if summary is None or income is None or income.empty:
        return
    totals = [
        r for r in summary.rows if r.kind == "total" and ctx.value(summary, r, "income.amount") is not None
    ]
    if not totals:
        return
    row = totals[-1]  # the closing total, with 上年结转 (Jiangsu prints 当年小计 above it)
    at = _printed(ctx, summary, row, "income.amount", "收入总计", "income total")
    column = "total" if ctx.column(income, "total") is not None else "amount"
    # the grand total, not a 小计 that a reader also takes for a total row
    grand = [
        r for r in income.rows if r.kind == "total" and re.search(r"合计|总计", ctx.row_label(income, r))
    ]
    if not grand:
        return
    other = _printed(ctx, income, grand[-1], column, "合计", "total")
    if other.value is None:
        return
    _agree(
        ctx,
        report,
        at,
        [other],
        "收支总表收入总计与收入总表合计不符",
        "the summary's income total differs from the income table total",
    )


@rule(
    "cross.W001",
    "机关运行经费不应大于基本支出中的公用经费",
    "Operating expenses not above the public part of basic expenditure",
    "机关运行经费是行政单位（及参公事业单位）一般公共预算基本支出中的日常公用经费，通常不超过基本支出表的公用经费合计；"
    "“三公”经费表没有机关运行经费一栏时，与正文所述的本年金额比较。各地口径不同（有的含项目中的运行经费），所以只作提示。",
)
def operating_within_public(ctx: CheckContext, report: Reporter) -> None:
    economic = ctx.table("basic_economic")
    if economic is None:
        return
    public = _total(ctx, economic, "public", "公用经费合计", "public total")
    if public is None or public.value is None:
        return
    sangong = ctx.table("sangong")
    if sangong is not None and ctx.column(sangong, "current.operating") is not None:
        _operating_in_table(ctx, report, sangong, public)
    else:
        _operating_in_text(ctx, report, public)


def _operating_in_table(ctx: CheckContext, report: Reporter, sangong: Table, public: Side) -> None:
    row = next((r for r in sangong.rows if ctx.value(sangong, r, "current.operating") is not None), None)
    if row is None:
        return
    operating = _printed(ctx, sangong, row, "current.operating", "机关运行经费", "operating expenses")
    if operating.wan <= public.wan:
        return
    places = min(p for p in (operating.places, public.places, 2) if p is not None)
    if compare(operating.wan, public.wan, parts=2, places=places) != "different":
        return  # the same figure at two precisions (2,180.26 万元 and 21,802,560 元)
    location, provenance = ctx.at_cell(sangong, row, "current.operating")
    report(
        f"机关运行经费大于基本支出中的公用经费：{operating.describe()}；{public.describe()}；"
        f"多出 {fmt(quantize(operating.wan - public.wan))}万元",
        f"operating expenses exceed public expenditure: {operating.describe_en()}; {public.describe_en()}",
        _OPERATING_HINT,
        location,
        provenance,
    )


def _operating_in_text(ctx: CheckContext, report: Reporter, public: Side) -> None:
    """Where no table prints the 机关运行经费 (Xi'an's 三公 table has no such column), the amount
    the text states for this year: every statement of it above the 公用经费 total, beyond the
    rounding of both."""
    stated = [
        (section, claim)
        for section, claim in ctx.claims()
        if claim.kind == "amount"
        and claim.basis is None
        and is_money(claim)
        and "机关运行经费" in (claim.subject or "")
    ]
    if not stated:
        return
    places = min(p for p in (places_of(stated[0][1].value), public.places, 2) if p is not None)
    if any(
        compare(wan(claim), public.wan, parts=2, places=places) != "different" or wan(claim) <= public.wan
        for _, claim in stated
    ):
        return
    section, claim = stated[0]
    location, provenance = ctx.at_claim(section, claim)
    report(
        f"正文所述机关运行经费大于基本支出中的公用经费：正文“{claim.subject}”{claim.text}；"
        f"{public.describe()}；多出 {fmt(quantize(wan(claim) - public.wan))}万元",
        f"the operating expenses the text states exceed public expenditure: {claim.text}; "
        f"{public.describe_en()}",
        _OPERATING_HINT,
        location,
        provenance,
    )


_OPERATING_HINT = Hint(
    "核对机关运行经费的口径（是否计入了项目支出中的运行经费）并在说明中写明",
    "Check what the operating expenses cover (whether project operating costs are counted) and say so in the text",
)
