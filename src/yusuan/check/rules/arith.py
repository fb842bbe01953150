"""Arithmetic inside a table: rows, columns, totals, and 类/款/项 roll-ups.

Every comparison is between printed figures; a difference within the rounding of the printed
parts is reported once as ``arith.N001`` (尾差), not as an error.

One module (~630 lines) for one rule family: its thirteen rules compare the figures of one table
through the one :func:`_check_equal`, which gives the rounding allowed and the 尾差 notice.
"""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.check.context import CheckContext, compare, fmt, places_of
from yusuan.check.finding import ROUNDING_HINT, Hint
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.model.document import Row, Table
from yusuan.model.money import ZERO


def _sum(values: list[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), ZERO)


def _coarse_rounding(printed: Decimal, parts: list[Decimal]) -> Decimal:
    """How far a total may be from its parts when some figures were printed with fewer decimals
    than the others (a narrow cell: "703768605.8" beside "852,063,605.79"): the rounding of the
    figures printed at the finest place, plus half a unit of each coarser one's last place (a zero
    is exact)."""
    figures = [f for f in (printed, *parts) if f]
    finest = max((places_of(f) for f in figures), default=0)
    coarse = [f for f in figures if places_of(f) < finest]
    fine = len(figures) - len(coarse)
    half = Decimal(5)
    return half * Decimal(10) ** -(finest + 1) * max(fine - 1, 0) + sum(
        (half * Decimal(10) ** -(places_of(f) + 1) for f in coarse), ZERO
    )


def _check_equal(
    ctx: CheckContext,
    report: Reporter,
    table: Table,
    row: Row,
    column: str,
    parts: list[Decimal | None],
    what: str,
    what_en: str,
) -> None:
    """The figure printed at (row, column) should be the sum of parts; report an error, or a
    rounding notice."""
    printed = ctx.value(table, row, column)
    present = [p for p in parts if p is not None]
    if printed is None:
        return  # nothing printed to check (a layout may print a total elsewhere)
    if not present:
        return  # no part printed (or its columns not read): nothing to add up
    expected = _sum(parts)
    shown = printed if printed is not None else ZERO
    result = compare(shown, expected, parts=max(1, len(present)))
    if result == "different" and abs(shown - expected) <= _coarse_rounding(printed, present):
        result = "rounding"  # a figure printed with fewer decimals (a narrow cell: 703768605.8)
    if result == "equal":
        return
    location, provenance = ctx.at_cell(table, row, column)
    if result == "rounding":
        report.companion("arith.N001")(
            f"{what}：表中为 {fmt(printed)}，各项相加为 {fmt(expected)}，相差在四舍五入范围内（尾差）",
            f"{what_en}: printed {printed}, parts add up to {expected}; within rounding",
            ROUNDING_HINT,
            location,
            provenance,
        )
        return
    report(
        f"{what}：表中为 {fmt(printed)}；各项相加为 {fmt(expected)}，相差 {fmt(shown - expected)}",
        f"{what_en}: printed {printed}; the parts add up to {expected} (difference {shown - expected})",
        Hint(
            "核对各项金额与合计，更正其中有误的数字",
            "Check the items against the total and correct the wrong figure",
        ),
        location,
        provenance,
    )


@rule(
    "arith.N001",
    "合计与各项之差在四舍五入范围内（尾差）",
    "Total differs from its parts within rounding",
    "各项与合计分别四舍五入后可能相差末位，这不是错误，但应能解释。由其他表内运算规则在比较时发出。",
    emitted_by="arith",
)
def rounding_notice(ctx: CheckContext, report: Reporter) -> None:
    """Emitted by the other arith rules when a difference is within rounding."""


@rule(
    "arith.E001",
    "合计应等于基本支出加项目支出",
    "Total = basic + project expenditure",
    "预算法实施条例第五条：支出分为基本支出和项目支出，逐行应有 合计 = 基本支出 + 项目支出。",
)
def total_is_basic_plus_project(ctx: CheckContext, report: Reporter) -> None:
    for table in ctx.document.tables:
        if ctx.column(table, "basic") is None or ctx.column(table, "project") is None:
            continue
        if ctx.column(table, "total") is None:
            continue
        if not all(
            any(ctx.value(table, row, k) is not None for row in table.rows) for k in ("basic", "project")
        ):
            # a part whose column the reader did not find (Xi'an prints 人员经费 and 公用经费, no 基本支出)
            continue
        # Jiangsu prints 单位预留机动经费 and 结转下年资金 beside them: parts of the total too.
        parts = [
            k for k in ("basic", "project", "reserve", "carry_forward") if ctx.column(table, k) is not None
        ]
        for row in table.rows:
            _check_equal(
                ctx,
                report,
                table,
                row,
                "total",
                [ctx.value(table, row, k) for k in parts],
                "合计与基本支出、项目支出（及其他用途）之和不符",
                "total is not basic + project (+ other uses)",
            )


@rule(
    "arith.E002",
    "合计应等于人员经费加公用经费",
    "Total = personnel + public expenditure",
    "基本支出按经济分类，逐行应有 合计 = 人员经费 + 公用经费。",
)
def total_is_personnel_plus_public(ctx: CheckContext, report: Reporter) -> None:
    for table in ctx.document.tables:
        if ctx.column(table, "personnel") is None or ctx.column(table, "public") is None:
            continue
        for row in table.rows:
            _check_equal(
                ctx,
                report,
                table,
                row,
                "total",
                [ctx.value(table, row, "personnel"), ctx.value(table, row, "public")],
                "合计与人员经费、公用经费之和不符",
                "total is not personnel + public",
            )


def _subject_tables(ctx: CheckContext) -> list[Table]:
    """Tables of subject rows with a total (the project table has its own rule, arith.E008)."""
    return [
        t
        for t in ctx.document.tables
        if any(r.code for r in t.rows)
        and ctx.column(t, "total") is not None
        and not any(c.key.startswith(("income.", "expenditure.")) for c in t.columns)
        and t.key != "projects"
    ]


def _parents_and_leaves(table: Table) -> tuple[list[Row], list[Row]]:
    """Parents (a code with rows under it, first occurrence) and leaves. A class code printed again
    after its 款 holds what is not itemised to 款: a leaf, not a second parent."""
    coded = [r for r in table.rows if r.code]
    seen: set[str] = set()
    parents: list[Row] = []
    leaves: list[Row] = []
    for row in coded:
        code = row.code or ""
        has_children = any(r.code != code and (r.code or "").startswith(code) for r in coded)
        if has_children and code not in seen:
            parents.append(row)
        else:
            leaves.append(row)
        seen.add(code)
    return parents, leaves


def _leaves(table: Table) -> list[Row]:
    return _parents_and_leaves(table)[1]


@rule(
    "arith.E003",
    "合计行应等于各科目之和",
    "The total row equals the sum of the subject rows",
    "功能分类、经济分类各表的合计行应等于最末级科目（或各类）之和。",
)
def total_row_is_sum(ctx: CheckContext, report: Reporter) -> None:
    for table in _subject_tables(ctx):
        total = ctx.total_row(table)
        if total is None:
            continue
        leaves = _leaves(table)
        if not leaves:
            continue
        for column in table.columns:
            if column.kind != "figure":
                continue
            _check_equal(
                ctx,
                report,
                table,
                total,
                column.key,
                [ctx.value(table, r, column.key) for r in leaves],
                f"合计行“{column.title}”与各科目之和不符",
                f"total row of {column.key} is not the sum of the rows",
            )


@rule(
    "arith.E004",
    "上级科目应等于其下级科目之和",
    "A 类/款 row equals the sum of the rows under it",
    "类 = Σ款，款 = Σ项；经济分类 类 = Σ款。",
)
def parent_is_sum_of_children(ctx: CheckContext, report: Reporter) -> None:
    for table in _subject_tables(ctx):
        coded = [r for r in table.rows if r.code]
        for parent in _parents_and_leaves(table)[0]:
            width = {3: 5, 5: 7}.get(len(parent.code or ""))
            if width is None:
                continue
            children = [
                r for r in coded if r.code and len(r.code) == width and r.code.startswith(parent.code or "")
            ]
            if not children:
                continue
            # A class-level economic row printed again under its 款 (what is not itemised) counts too.
            remainder = [r for r in coded if r is not parent and r.code == parent.code]
            for column in table.columns:
                if column.kind != "figure":
                    continue
                _check_equal(
                    ctx,
                    report,
                    table,
                    parent,
                    column.key,
                    [ctx.value(table, r, column.key) for r in children + remainder],
                    f"“{parent.code}”的“{column.title}”与其下级科目之和不符",
                    f"{parent.code} {column.key} is not the sum of its children",
                )


@rule(
    "arith.E005",
    "收入总计应等于支出总计",
    "Total income = total expenditure",
    "收支总表：收入总计 = 支出总计（预算收支平衡）。",
)
def income_equals_expenditure(ctx: CheckContext, report: Reporter) -> None:
    for table in ctx.document.tables:
        income_col = ctx.column(table, "income.amount")
        expenditure_col = next(
            (i for i, c in enumerate(table.columns) if c.key in ("expenditure.total", "uses.amount")), None
        )
        if income_col is None or expenditure_col is None:
            continue
        totals = [r for r in table.rows if r.kind == "total"]
        # Only the closing total balances: 当年收入小计 and 当年支出小计 differ by the carry-over.
        for row in totals[-1:]:
            income = row.cells[income_col].value
            spent = [
                c.value
                for i, c in enumerate(row.cells)
                if i != income_col
                and table.columns[i].key in ("expenditure.total", "uses.amount")
                and c.value is not None
            ]
            if income is None or not spent:
                continue
            result = compare(income, spent[0])
            if result == "different":
                location, provenance = ctx.at_cell(table, row, "income.amount")
                report(
                    f"收入总计 {fmt(income)} 与支出总计 {fmt(spent[0])} 不等，相差 {fmt(income - spent[0])}",
                    f"total income {income} differs from total expenditure {spent[0]}",
                    Hint(
                        "预算应收支平衡，核对两侧合计",
                        "The budget must balance: check the totals of both sides",
                    ),
                    location,
                    provenance,
                )


def _class_rows(ctx: CheckContext, table: Table) -> list[Row]:
    """The summary's class rows: by code, or by the name the document gives a class code — then
    only where every function class the document prints with a code is found (a class the
    summary names otherwise would leave the sum short)."""
    found = [(code, row) for code, row in ctx.summary_classes(table) if row.kind == "item"]
    if any(not row.code for _, row in found):
        printed = {code for code in ctx.class_codes_by_name.values() if code.startswith("2")}
        if not printed <= {code for code, _ in found}:
            return []
    return [row for _, row in found]


@rule(
    "arith.E006",
    "支出总计应等于各功能分类类级科目之和",
    "Total expenditure = sum of the function classes",
    "收支总表、财政拨款收支总表的支出方：支出总计 = 各类支出之和。",
)
def expenditure_total_is_sum_of_classes(ctx: CheckContext, report: Reporter) -> None:
    for table in ctx.document.tables:
        if ctx.column(table, "expenditure.total") is None:
            continue
        classes = _class_rows(ctx, table)
        totals = [r for r in table.rows if r.kind == "total"]
        if not classes or not totals:
            continue
        for column in [c for c in table.columns if c.key.startswith("expenditure.") and c.kind == "figure"]:
            # the classes add up to 本年支出合计; 支出总计 holds 结转下年 / 年末结转和结余 too (决算)
            parts = [ctx.value(table, r, column.key) for r in classes]
            total = next(
                (
                    row
                    for row in totals
                    if (value := ctx.value(table, row, column.key)) is not None
                    and compare(value, _sum(parts), len(parts)) != "different"
                ),
                totals[-1],
            )
            _check_equal(
                ctx,
                report,
                table,
                total,
                column.key,
                parts,
                f"支出总计“{column.title}”与各类支出之和不符",
                f"expenditure total {column.key} is not the sum of the classes",
            )
        if (
            ctx.value(table, total, "expenditure.total") is None
            and ctx.column(table, "uses.amount") is not None
        ):
            # Jiangsu prints the total once, under the uses (基本支出/项目支出) side: the classes
            # add up to this year's expenditure, the first total row (当年支出小计).
            this_year = next((r for r in totals if ctx.value(table, r, "uses.amount") is not None), None)
            if this_year is not None:
                _check_equal(
                    ctx,
                    report,
                    table,
                    this_year,
                    "uses.amount",
                    [ctx.value(table, r, "expenditure.total") for r in classes],
                    "当年支出小计与各类支出之和不符",
                    "this year's expenditure is not the sum of the classes",
                )


@rule(
    "arith.E007",
    "财政拨款合计应等于各本账之和",
    "Fiscal total = general + fund + state capital",
    "财政拨款收支总表：合计 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算（逐行）。",
)
def fiscal_columns(ctx: CheckContext, report: Reporter) -> None:
    table = ctx.table("fiscal_summary")
    if table is None or ctx.column(table, "expenditure.general") is None:
        return
    for row in table.rows:
        _check_equal(
            ctx,
            report,
            table,
            row,
            "expenditure.total",
            [
                ctx.value(table, row, k)
                for k in ("expenditure.general", "expenditure.gov_fund", "expenditure.state_capital")
            ],
            "财政拨款支出合计与三本账之和不符",
            "fiscal total is not the sum of the three funds",
        )


def _printed_as_tree(values: list[Decimal | None], total: Decimal | None) -> bool:
    """A project list printed as a tree without codes (unit, 通用项目/专用项目, a group, its
    projects — Xi'an 专项业务经费支出表): a row that is the sum of two or more rows right after it,
    or the whole total beside other projects, is a group, and which rows a group holds cannot be
    told from the page, so no sum is checked."""
    if total and values.count(total) and any(v and v != total for v in values):
        return True
    for index, value in enumerate(values):
        if not value:
            continue
        running = ZERO
        for count, after in enumerate(values[index + 1 :], start=1):
            running += after or ZERO
            if running == value and count >= 2:  # two projects of one amount are no group
                return True
            if running > value:
                break
    return False


@rule(
    "arith.E008",
    "项目支出表合计应等于各项目之和",
    "Project table total = sum of the projects",
    "项目支出表：合计 = 各项目金额之和。",
)
def projects_total(ctx: CheckContext, report: Reporter) -> None:
    table = ctx.table("projects")
    if table is None:
        return
    total = ctx.total_row(table)
    if total is None:
        return
    rows = [r for r in table.rows if r.kind == "item"]
    if _printed_as_tree([ctx.value(table, r, "total") for r in rows], ctx.value(table, total, "total")):
        return
    _check_equal(
        ctx,
        report,
        table,
        total,
        "total",
        [ctx.value(table, r, "total") for r in rows],
        "项目支出合计与各项目之和不符",
        "project total is not the sum of the projects",
    )


# The sums of the 三公 table, each in both periods: the column of the whole, the columns of its
# parts, and the message's topic.
_SANGONG_SUMS = (
    (
        "vehicles",
        ("vehicle_purchase", "vehicle_running"),
        "公务用车购置及运行费小计与购置费、运行费之和不符",
        "vehicle subtotal is not purchase + running",
    ),
    (
        "total",
        ("overseas", "vehicles", "reception"),
        "“三公”经费合计与各项之和不符",
        "三公 total is not the sum of its items",
    ),
    (
        "grand_total",
        ("total", "meeting", "training"),
        "合计与“三公”经费、会议费、培训费之和不符",
        "grand total is not 三公 + meetings + training",
    ),
)


@rule(
    "arith.E009",
    "“三公”经费合计应等于各项之和",
    "三公 total = overseas + vehicles + reception",
    "“三公”经费 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费；公务用车 = 购置 + 运行；"
    "表中另列会议费、培训费时，合计 = “三公”经费 + 会议费 + 培训费。",
)
def sangong_table(ctx: CheckContext, report: Reporter) -> None:
    table = ctx.table("sangong")
    if table is None:
        return
    for row in table.rows:
        for period in ("current", "prior"):
            for whole, parts, what, what_en in _SANGONG_SUMS:
                if ctx.column(table, f"{period}.{whole}") is not None:
                    _check_equal(
                        ctx,
                        report,
                        table,
                        row,
                        f"{period}.{whole}",
                        [ctx.value(table, row, f"{period}.{k}") for k in parts],
                        what,
                        what_en,
                    )


_TOP = re.compile(r"^\s*[一二三四五六七八九十]+\s*、")
_SECOND = re.compile(r"^\s*\d+\s*[.．、]")


def _income_tree(ctx: CheckContext, table: Table) -> list[tuple[Row, list[Row]]]:
    """Top-level income items (一、…) with the items they add up from (1. … or, in 财政拨款 tables,
    the unnumbered lines right under them); "其中" lines are parts of a part and are left out."""
    column = ctx.column(table, "income.label")
    if column is None:
        return []
    tree: list[tuple[Row, list[Row]]] = []
    numbered = False
    for row in table.rows:
        if row.kind == "total":
            break
        label = row.cells[column].text.strip()
        if not label:
            continue
        if _TOP.match(label):
            tree.append((row, []))
            numbered = False
        elif tree and _SECOND.match(label):
            tree[-1][1].append(row)
            numbered = True
        elif tree and not numbered and not label.startswith("其中"):
            tree[-1][1].append(row)
    return tree


@rule(
    "arith.E010",
    "收入各项应逐级相加",
    "Income items add up level by level",
    "收支总表的收入方：一级项目（一、二、…）= 其下各项（1. 2. …）之和，收入合计 = 各一级项目之和。",
)
def income_items_add_up(ctx: CheckContext, report: Reporter) -> None:
    for table in ctx.document.tables:
        tree = _income_tree(ctx, table)
        if not tree:
            continue
        for parent, children in tree:
            if children:
                _check_equal(
                    ctx,
                    report,
                    table,
                    parent,
                    "income.amount",
                    [ctx.value(table, child, "income.amount") for child in children],
                    "收入项目与其下各项之和不符",
                    "an income item is not the sum of its parts",
                )
        totals = [r for r in table.rows if r.kind == "total"]
        if totals:
            _check_equal(
                ctx,
                report,
                table,
                totals[0],
                "income.amount",
                [ctx.value(table, parent, "income.amount") for parent, _ in tree],
                "收入合计与各一级收入项目之和不符",
                "total income is not the sum of the top-level items",
            )


@rule(
    "arith.E011",
    "“其中”项不应大于所属项目",
    "An “of which” line exceeds the item it belongs to",
    "收支总表收入方的“其中：…”行是上一行项目的一部分，金额不能大于该项目。",
)
def of_which_within_item(ctx: CheckContext, report: Reporter) -> None:
    for table in ctx.document.tables:
        column = ctx.column(table, "income.label")
        if column is None:
            continue
        owner: Row | None = None
        for row in table.rows:
            if row.kind == "total":
                break
            label = row.cells[column].text.strip()
            if not label:
                continue
            if not label.startswith("其中"):
                owner = row
                continue
            if owner is None:
                continue
            part = ctx.value(table, row, "income.amount")
            whole = ctx.value(table, owner, "income.amount")
            if part is None or part <= (whole or ZERO):
                continue
            location, provenance = ctx.at_cell(table, row, "income.amount")
            owner_label = owner.cells[column].text.strip()
            report(
                f"“{label}”为 {fmt(part)}，大于所属项目“{owner_label}”的 {fmt(whole or ZERO)}",
                f"“{label}” is {part}, more than the item “{owner_label}” it belongs to ({whole or ZERO})",
                Hint("核对该行与所属项目的金额", "Check this row against the item it belongs to"),
                location,
                provenance,
            )


@rule(
    "arith.E012",
    "支出用途各项之和应等于当年支出小计",
    "The uses (basic, project …) add up to this year's expenditure",
    "收支总表、财政拨款收支总表按用途列示支出时（基本支出、项目支出、单位预留机动经费等）："
    "各项之和 = 当年支出小计（无小计行时为支出合计）。",
)
def uses_add_up(ctx: CheckContext, report: Reporter) -> None:
    for table in ctx.document.tables:
        if ctx.column(table, "uses.amount") is None:
            continue
        items = [r for r in table.rows if r.kind != "total"]
        total = next(
            (r for r in table.rows if r.kind == "total" and ctx.value(table, r, "uses.amount") is not None),
            None,
        )
        if total is None:
            continue
        _check_equal(
            ctx,
            report,
            table,
            total,
            "uses.amount",
            [ctx.value(table, r, "uses.amount") for r in items],
            "支出小计与各用途之和不符",
            "this year's expenditure is not the sum of the uses",
        )
