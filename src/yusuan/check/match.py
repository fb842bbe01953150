"""Where a figure the text states is printed in the tables: subjects named by code or name,
the totals a subject word names (基本支出, 收入预算 …), and whether a stated amount agrees with them."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from yusuan.check.context import CheckContext, compare, fmt, places_of
from yusuan.model.document import Claim, Row, Table
from yusuan.model.money import in_wan
from yusuan.text.spacing import squeeze


@lru_cache(maxsize=8192)  # pure, and called for every row against every claim
def norm_name(text: str | None) -> str:
    """A name compared as printed: no spaces, full-width brackets, no quotes or level markers."""
    name = squeeze(text or "").replace("(", "（").replace(")", "）")
    name = re.sub(r"[“”\"‘’]", "", name)
    name = re.sub(r"（[类款项]）$", "", name)
    return name


_TOTAL_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "basic",
        re.compile(r"^(?:一般公共预算|财政拨款|一般公共预算财政拨款|一般公共预算拨款)?基本支出(?:预算)?$"),
    ),
    (
        "project",
        re.compile(r"^(?:一般公共预算|财政拨款|一般公共预算财政拨款|一般公共预算拨款)?项目支出(?:预算)?$"),
    ),
    ("reserve", re.compile(r"^单位预留机动经费(?:预算)?$")),
    ("personnel", re.compile(r"^(?:基本支出中)?人员经费(?:支出)?(?:预算)?$")),
    ("public", re.compile(r"^(?:基本支出中)?公用经费(?:支出)?(?:预算)?$")),
    (
        "general",
        re.compile(
            r"^一般公共预算(?:财政)?(?:当年)?(?:拨款)?(?:收入|支出)?(?:预算)?(?:支出|安排的支出)?(?:资金)?$"
        ),
    ),
    (
        "gov_fund",
        re.compile(
            r"^政府性基金(?:预算)?(?:财政)?(?:当年)?(?:拨款)?(?:收入|支出)?(?:预算)?(?:支出|安排的支出)?(?:资金)?$"
        ),
    ),
    (
        "state_capital",
        re.compile(
            r"^国有资本经营(?:预算)?(?:财政)?(?:当年)?(?:拨款)?(?:收入|支出)?(?:预算)?(?:支出|安排的支出)?(?:资金)?$"
        ),
    ),
    ("carry_over", re.compile(r"^(?:使用)?上年结转结余(?:安排的支出|资金)?$")),
    ("fiscal", re.compile(r"^财政拨款(?:收支|收、支|收入|支出)?总?(?:预算)?(?:收入|支出)?(?:总额)?$")),
    (
        "overall",
        re.compile(r"^(?:收支|收入、?支出|收、支|收入|支出)总?预算(?:总额)?$|^(?:收入|支出)(?:总额)?$"),
    ),
)


@lru_cache(maxsize=4096)
def subject_kind(subject: str | None) -> str | None:
    """Which total a subject names (基本支出 → basic, 收入预算 → overall …), or None."""
    name = norm_name(subject)
    name = re.sub(r"^(?:本年度|本年|当年|年度)", "", name)
    for kind, pattern in _TOTAL_KINDS:
        if pattern.match(name):
            return kind
    return None


_ORDINAL = re.compile(r"^(?:[0-9]{3,7}\s*|[一二三四五六七八九十]+、|[0-9]{1,2}[.．、]\s*|其中：?)+")


@lru_cache(maxsize=8192)
def _row_name(text: str) -> str:
    return norm_name(_ORDINAL.sub("", squeeze(text)))


@dataclass(frozen=True)
class Figure:
    """A figure a claim may be about: its value in 万元, and where and how it is printed."""

    value: Decimal
    table: str
    row: str
    printed: str
    part: bool = False  # from a table of basic expenditure only: the text's figure may hold more
    key: str = ""  # the table's key

    def describe(self) -> str:
        return f"“{squeeze(self.table)}”{squeeze(self.row)} {self.printed}"


BOTH_SIDES = re.compile(r"收支|收、支")


def _figure_of(ctx: CheckContext, table: Table, row: Row, key: str) -> Figure | None:
    cell = ctx.cell(table, row, key)
    if cell is None or cell.value is None:
        return None
    index = ctx.column(table, key)
    column = table.columns[index].title if index is not None else key
    unit = table.unit.value if table.unit is not None else "万元"
    return Figure(
        ctx.to_wan(table, cell.value),
        table.title,
        ctx.row_label(table, row) or column,
        f"{cell.text.strip()}{unit}",
        part=table.key in _BASIC_ONLY,
        key=table.key,
    )


# Tables of basic expenditure only: an economic subject's row there leaves out its project money.
_BASIC_ONLY = frozenset({"basic_economic", "fiscal_basic", "operating"})


# Tables of subject rows (function 项/款/类, and economic 款 where the text names one).
_SUBJECT_TABLES = (
    "expenditure",
    "general",
    "gov_fund",
    "state_capital",
    "fiscal_expenditure",
    "income",
    "carry_over",
    "basic_economic",
    "fiscal_basic",
    "operating",
)


def subject_rows(
    ctx: CheckContext,
    subject: str | None,
    code: str | None,
    parent: str | None = None,
    marked: bool = False,
) -> list[tuple[Table, Row, str]]:
    """The function-subject rows a claim names, with the column holding their amount: by the code
    the sentence gives, else by exact name — under the class or section the sentence names, where
    it names one ("林业和草原（款）一般行政管理事务（项）" is not 水利's 一般行政管理事务).

    A name alone, with no code and no level marker (``marked``: the sentence prints （项）/（款）/（类）
    after it), names a 项 or a class (…支出) only: a 款 name, or a 项 name joined to its 款, is as
    often a project's name (深圳: "退役安置 170.68 万元", "公安执法办案 8,560.83 万元")."""
    found: list[tuple[Table, Row, str]] = []
    wanted = norm_name(subject)
    if not code and not wanted:
        return found
    for table in ctx.document.tables:
        if table.key in _SUBJECT_TABLES and ctx.column(table, "total") is not None:
            label_key, value_key = "name", "total"
        elif (
            table.key in ("summary", "fiscal_summary") and ctx.column(table, "expenditure.total") is not None
        ):
            label_key, value_key = "expenditure.label", "expenditure.total"
        else:
            continue
        index = ctx.column(table, label_key)
        if index is None:
            continue
        # the names printed for the codes, for a name under its class or joined to its 款
        names = {} if code else _code_names(ctx, table, index)
        for row in table.rows:
            if row.kind == "total":
                continue
            label = row.cells[index].text if index < len(row.cells) else ""
            named = (
                row.code == code
                if code
                else (
                    (
                        _row_name(label) == wanted
                        and (marked or parent or _named_alone(row, label_key, wanted))
                    )
                    or (marked and _with_section(names, row, wanted))
                )
                and (row.code or label_key != "name")
            )
            if named and (code or parent is None or _under(names, row, parent)):
                found.append((table, row, value_key))
    return found


def _code_names(ctx: CheckContext, table: Table, index: int) -> dict[str, str]:
    """The names a table prints for its codes (column ``index``), made once per check."""
    key = ("code_names", id(table), index)
    if key not in ctx.memo:
        ctx.memo[key] = {
            row.code: _row_name(row.cells[index].text)
            for row in table.rows
            if row.code and index < len(row.cells) and row.cells[index].text.strip()
        }
    names: dict[str, str] = ctx.memo[key]
    return names


def _named_alone(row: Row, label_key: str, wanted: str) -> bool:
    """Whether a bare name may stand for this row: a 项 (7-digit code), or a class (…支出)."""
    if row.code:
        return len(row.code) == 7 or (len(row.code) == 3 and wanted.endswith("支出"))
    return label_key != "name" and wanted.endswith("支出")


def is_marked(claim: Claim) -> bool:
    """The sentence prints a level marker right after the claim's subject: "行政运行（项）"."""
    subject = claim.subject or ""
    return bool(subject) and bool(
        re.search(re.escape(subject) + r"\s*[“”\"]?[（(][类款项][)）]", claim.sentence)
    )


def _with_section(names: dict[str, str], row: Row, wanted: str) -> bool:
    """A 项 named after its 款 with no marker between them: "人大事务行政运行（项）" is 2010101 行政运行
    under 20101 人大事务."""
    code = row.code or ""
    return len(code) == 7 and bool(names.get(code[:5])) and names[code[:5]] + names.get(code, "") == wanted


def _under(names: dict[str, str], row: Row, parent: str) -> bool:
    """Whether a coded row may sit under a class or section named ``parent``: one of the rows above
    it in the hierarchy has that name, or the table prints none of them (a list of 项 alone)."""
    if not row.code:
        return False
    wanted = _row_name(parent)
    above = [names[code] for code in {row.code[:3], row.code[:5]} - {row.code} if code in names]
    # 一般公共服务 names 一般公共服务支出
    return not above or any(wanted in (name, name.removesuffix("支出")) for name in above)


def row_figures(
    ctx: CheckContext, subject: str | None, code: str | None, parent: str | None = None, marked: bool = False
) -> list[Figure]:
    """The figures of the function-subject rows a claim names (see :func:`subject_rows`)."""
    rows = subject_rows(ctx, subject, code, parent, marked)
    figures = (_figure_of(ctx, table, row, key) for table, row, key in rows)
    return [f for f in figures if f is not None]


def economic_class_figures(ctx: CheckContext, subject: str | None) -> list[Figure]:
    """The basic expenditure of the economic class (301, 302, 303 …) a name names: the basic
    column of a table that prints the classes with their codes, or the 基本支出总表's row of that
    name; the text may add 支出 to a class name that has none ("对个人和家庭的补助支出" for 303
    对个人和家庭的补助)."""
    wanted = norm_name(subject)
    if not wanted:
        return []
    found: list[Figure] = []
    for table in ctx.document.tables:
        index = ctx.column(table, "name")
        value_key = "basic" if ctx.column(table, "basic") is not None else "total"
        if index is None or ctx.column(table, value_key) is None:
            continue
        if value_key == "total" and table.key not in (*_BASIC_ONLY, "basic_all"):
            continue
        for row in table.rows:
            code = row.code or ""
            coded = len(code) == 3 and code.startswith("3")
            if not (coded or (table.key == "basic_all" and not code)) or row.kind == "total":
                continue
            label = _row_name(row.cells[index].text) if index < len(row.cells) else ""
            if (
                label
                and wanted in (label, f"{label}支出")
                and (figure := _figure_of(ctx, table, row, value_key))
            ):
                found.append(replace(figure, part=False))
    return found


def same_name_other_code(ctx: CheckContext, subject: str | None, code: str | None) -> dict[str, list[Figure]]:
    """The rows of a 项 the text cites by a code no table prints, where the tables print the same
    name under another code of the same 款: "其他社会保障和就业支出（2089901）" and the tables'
    2089999 其他社会保障和就业支出 (西安 2022). A name is unique within its 款, so the row is the
    subject and one of the two codes is wrong. Every table is looked at, so that a code printed
    anywhere (in a table not compared, or in a column the reader did not map) is never doubted."""
    wanted = norm_name(subject)
    if not wanted or not code or len(code) != 7:
        return {}
    found: dict[str, list[Figure]] = {}
    printed = re.compile(rf"(?<![0-9]){code}(?![0-9])")  # alone, or in a label ("2089901 其他…")
    for table in ctx.document.tables:
        index = ctx.column(table, "name")
        value_key = "total" if ctx.column(table, "total") is not None else "amount"
        for row in table.rows:
            if row.code == code or any(printed.search(cell.text) for cell in row.cells):
                return {}  # the code is printed: not a code the tables lack
            if (
                index is None
                or not row.code
                or len(row.code) != 7
                or row.code[:5] != code[:5]
                or index >= len(row.cells)
                or _row_name(row.cells[index].text) != wanted
            ):
                continue
            if (figure := _figure_of(ctx, table, row, value_key)) is not None:
                found.setdefault(row.code, []).append(figure)
    return found


def _total_rows(ctx: CheckContext, table: Table) -> list[Row]:
    """The total rows of a table; a table of one uncoded row (Jiangsu's 支出预算总表) is its own total."""
    totals = [r for r in table.rows if r.kind == "total"]
    if totals:
        return totals
    if table.rows and not any(r.code for r in table.rows) and len(table.rows) == 1:
        return list(table.rows)
    return []


def _labelled(ctx: CheckContext, table: Table, label_key: str, value_key: str, pattern: str) -> list[Figure]:
    out: list[Figure] = []
    if ctx.column(table, label_key) is None or ctx.column(table, value_key) is None:
        return out
    index = ctx.column(table, label_key)
    for row in table.rows:
        text = row.cells[index].text if index is not None and index < len(row.cells) else ""
        if re.match(pattern, _row_name(text)) and (figure := _figure_of(ctx, table, row, value_key)):
            out.append(figure)
    return out


# The funds besides the general budget, and the words the summary tables print for them
_FUNDS = {
    "gov_fund": "政府性基金预算(?:财政)?",
    "state_capital": "国有资本经营预算(?:财政)?",
    "carry_over": "上年结转(?:结余)?",
}


def total_figures(ctx: CheckContext, kind: str) -> list[Figure]:
    """The table figures a total of this kind may be (every one a reader could mean)."""
    out: list[Figure] = []
    tables = {t.key: t for t in ctx.document.tables}

    def totals(key: str, *columns: str) -> None:
        table = tables.get(key)
        if table is None:
            return
        for row in _total_rows(ctx, table):
            for column in columns:
                if (figure := _figure_of(ctx, table, row, column)) is not None:
                    out.append(figure)

    if kind in ("basic", "project"):
        if "expenditure" not in tables:
            return out  # only tables of one fund were read: the text may mean all funds
        for key in ("expenditure", "general", "gov_fund", "state_capital", "carry_over"):
            totals(key, kind)
        if kind == "basic":
            totals("basic_economic", "total")
            totals("fiscal_basic", "total")
            for key in ("expenditure", "general"):
                if key in tables:
                    out += _basic_in_parts(ctx, tables[key])
        else:
            totals("projects", "total")
        word = "基本支出" if kind == "basic" else "项目支出"
        for key in ("summary", "fiscal_summary"):
            if key in tables:
                out += _labelled(ctx, tables[key], "uses.label", "uses.amount", rf"^{word}$")
    elif kind == "reserve":
        totals("expenditure", "reserve")
        for key in ("summary", "fiscal_summary"):
            if key in tables:
                out += _labelled(ctx, tables[key], "uses.label", "uses.amount", r"^单位预留机动经费$")
    elif kind in ("personnel", "public"):
        totals("basic_economic", kind)
        for key in ("basic_economic", "fiscal_basic"):
            table = tables.get(key)
            if table is not None and ctx.column(table, kind) is None:
                out += _economic_split(ctx, table, kind)
    elif kind == "general":
        totals("general", "total")
        totals("fiscal_summary", "expenditure.general")
        totals("income", "general")
        for key in ("summary", "fiscal_summary", "income"):
            if key in tables:
                for label, value in (("income.label", "income.amount"), ("label", "amount")):
                    out += _labelled(
                        ctx, tables[key], label, value, r"^一般公共预算(?:拨款|资金|收入)?(?:（补助）)?$"
                    )
    elif kind in _FUNDS:
        totals(kind, "total")
        totals("fiscal_summary", f"expenditure.{kind}")
        totals("income", kind)
        word = _FUNDS[kind]
        for key in ("summary", "fiscal_summary", "income"):
            if key in tables:
                for label, value in (("income.label", "income.amount"), ("label", "amount")):
                    out += _labelled(
                        ctx, tables[key], label, value, rf"^{word}(?:拨款|资金|收入)?(?:（补助）)?$"
                    )
        # a blank cell is no statement of the fund's total (the 政府性基金预算拨款 line under 上年结转
        # of a budget that carries nothing over)
        out = [f for f in out if re.match(r"[-\d(（]", f.printed)]
    elif kind == "fiscal":
        totals("fiscal_summary", "income.amount", "expenditure.total", "uses.amount")
        for key in ("summary", "income"):
            if key in tables:
                for label, value in (("income.label", "income.amount"), ("label", "amount")):
                    out += _labelled(ctx, tables[key], label, value, r"^财政拨款(?:收入|（补助）)?$")
    elif kind == "overall":
        totals("summary", "income.amount", "expenditure.total", "uses.amount")
        totals("income", "total", "amount")
        totals("expenditure", "total")
    return out


def _basic_in_parts(ctx: CheckContext, table: Table) -> list[Figure]:
    """基本支出 of a table that prints it as its two parts only (湖州 表03: 人员支出 | 公用经费 under
    基本支出, no column of its own): the parts added up on the total row."""
    if ctx.column(table, "basic") is not None:
        return []
    keys = ("basic_personnel", "basic_public")
    if any(ctx.column(table, key) is None for key in keys):
        return []
    out = []
    for row in _total_rows(ctx, table):
        cells = [ctx.cell(table, row, key) for key in keys]
        if not any(cell is not None and cell.text.strip() for cell in cells):
            continue  # nothing printed (a built table whose budget splits no function row)
        total = sum((cell.value or Decimal(0) for cell in cells if cell is not None), Decimal(0))
        names = "、".join(
            table.columns[i].title for i in (ctx.column(table, k) for k in keys) if i is not None
        )
        out.append(_sum_figure(ctx, table, total, names, key=table.key))
    return out


def _sum_figure(ctx: CheckContext, table: Table, total: Decimal, names: str, key: str = "") -> Figure:
    """A figure no cell prints, the sum of the printed ones ``names`` lists."""
    unit = table.unit.value if table.unit is not None else "万元"
    return Figure(ctx.to_wan(table, total), table.title, f"{names}之和", f"{fmt(total)}{unit}", key=key)


def other_funds_basic(ctx: CheckContext) -> Decimal | None:
    """The basic expenditure of the fiscal funds besides the general budget (政府性基金, 国有资本经营),
    as their tables print it, in 万元: what a 财政拨款 figure may hold beyond the general budget's;
    None where neither table prints a basic total."""
    figures = [
        f for f in total_figures(ctx, "basic") if f.key in ("gov_fund", "state_capital") and not f.part
    ]
    return sum((f.value for f in figures), Decimal(0)) if figures else None


# 人员经费 = 工资福利支出 (301) + 对个人和家庭的补助 (303); 公用经费 = the other classes (302 …).
_PERSONNEL_CLASSES = frozenset({"301", "303"})


def _economic_split(ctx: CheckContext, table: Table, kind: str) -> list[Figure]:
    """Personnel or public expenditure of a basic-expenditure table that prints economic classes
    but no personnel/public columns (Jiangsu 表六、表九): the sum of the classes that make it up."""
    if ctx.column(table, "total") is None:
        return []
    rows: dict[str, Row] = {}
    for row in table.rows:
        if row.kind != "total" and row.code and len(row.code) == 3 and row.code.startswith("3"):
            rows.setdefault(row.code, row)
    chosen = [r for code, r in sorted(rows.items()) if (code in _PERSONNEL_CLASSES) == (kind == "personnel")]
    values = [v for v in (ctx.value(table, r, "total") for r in chosen) if v is not None]
    if not values:
        return []
    classes = [v for v in (ctx.value(table, r, "total") for r in rows.values()) if v is not None]
    total_row = ctx.total_row(table)
    printed = ctx.value(table, total_row, "total") if total_row is not None else None
    if (
        printed is not None
        and compare(sum(classes, Decimal(0)), printed, parts=len(classes) + 1) == "different"
    ):
        return []  # the classes read do not make the table's total: a class was not read
    names = "、".join(ctx.row_label(table, r) for r in chosen)
    return [_sum_figure(ctx, table, sum(values, Decimal(0)), names)]


def agrees(claim: Claim, figures: list[Figure]) -> bool:
    """The claim (as printed, in its own unit) is one of the figures, within its printed rounding.
    A figure printed in 元 that the text gives in 万元 may also be cut at the text's last place, not
    rounded (936,647,884.33 元 written 93,664.78 万元), or be the sum of parts rounded each (xian/05
    p.20: 53,598.71 + 16,778.16 = 70,376.87 万元 for 703,768,605.79 元): less than one unit of the
    text's last place apart is the same amount, where that place is 0.01 万元 (100 元) or finer. A
    whole 万元 cut so is not (shanghai-city/16 p.6: 58 万元 for 587,090 元 is keyed an error)."""
    per = in_wan(Decimal(1), claim.unit)
    places = places_of(claim.value)
    for figure in figures:
        expected = figure.value / per
        if compare(claim.value, expected, places=places) != "different":
            return True
        converted = (
            claim.unit == "万元" and figure.printed.endswith("元") and not figure.printed.endswith("万元")
        )
        if converted and places >= 2 and abs(claim.value - expected) < Decimal(10) ** -places:
            return True
    return False


def figures_text(figures: list[Figure], limit: int = 3) -> str:
    """The distinct figures, each where it is first printed."""
    distinct: dict[Decimal, Figure] = {}
    for figure in figures:
        distinct.setdefault(figure.value, figure)
    shown = [f.describe() for f in list(distinct.values())[:limit]]
    more = f"等{len(distinct)}个数" if len(distinct) > limit else ""
    return "、".join(shown) + more


def figures_en(figures: list[Figure], limit: int = 3) -> str:
    distinct: dict[Decimal, Figure] = {}
    for figure in figures:
        distinct.setdefault(figure.value, figure)
    return ", ".join(f"{f.printed} ({f.table})" for f in list(distinct.values())[:limit])
