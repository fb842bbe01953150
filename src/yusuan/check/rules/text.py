"""The text against the tables and against itself: amounts, percentage changes, directions, reasons.

A claim (:class:`~yusuan.model.document.Claim`) is a number the text states about a subject.
Subjects are matched conservatively: by a classification code printed in the sentence, or by the
exact name of a table row after normalising spaces, brackets and quotes; totals (基本支出, 项目支出,
收入预算 …) by a closed list of wordings. Where several figures could be meant, the text must agree
with at least one of them; where none is found, nothing is said.

The helpers at the top (money in 万元, stated changes, candidate figures) are shared with the
``prior`` and ``share`` families.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import lru_cache

from yusuan.check.context import CheckContext, compare, fmt, normalised, places_of, squeeze
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.model.document import Claim, Row, Section, Table

ZERO = Decimal(0)
HUNDRED = Decimal(100)

UP = frozenset({"增加", "增长", "上涨", "上升", "提高", "增多"})
DOWN = frozenset({"减少", "下降", "降低", "下调"})
FLAT = "持平"

# What a money unit is worth in 万元.
_PER_WAN = {
    "万元": Decimal(1),
    "万": Decimal(1),
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "亿元": Decimal(10000),
}

# ------------------------------------------------------------------ shared helpers: money


def is_money(claim: Claim) -> bool:
    return claim.unit in _PER_WAN


def wan(claim: Claim) -> Decimal:
    """A money claim's value in 万元 (exact)."""
    return claim.value * _PER_WAN[claim.unit or "万元"]


def slack(claim: Claim) -> Decimal:
    """Half a unit of the last place a money claim is known to: its printed places, and never less
    precise than 0.01 万元 (a budget figure is kept to 0.01 万元 even when "7.8" or "110" is printed)."""
    places = places_of(claim.value)
    per = _PER_WAN[claim.unit or "万元"]
    half_printed = Decimal(5) * Decimal(10) ** (-(places + 1)) * per
    return min(half_printed, Decimal("0.005"))


def sign_of(direction: str | None) -> int | None:
    """+1 for an increase word, −1 for a decrease word, 0 for 持平, None otherwise."""
    if direction in UP:
        return 1
    if direction in DOWN:
        return -1
    if direction == FLAT:
        return 0
    return None


def half_unit(value: Decimal) -> Decimal:
    return Decimal(5) * Decimal(10) ** (-(places_of(value) + 1))


def quantize(value: Decimal, places: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    return value.quantize(Decimal(10) ** -places, rounding=rounding)


def ratio_range(
    numerator: Decimal, num_slack: Decimal, denominator: Decimal, den_slack: Decimal
) -> tuple[Decimal, Decimal] | None:
    """The range of numerator / denominator × 100 over the rounding of both (None when the
    denominator may be zero)."""
    low_den, high_den = denominator - den_slack, denominator + den_slack
    if low_den <= 0:
        return None
    low_num, high_num = max(ZERO, numerator - num_slack), numerator + num_slack
    return low_num / high_den * HUNDRED, high_num / low_den * HUNDRED


def percent_verdict(printed: Decimal, exact: Decimal, span: tuple[Decimal, Decimal]) -> str:
    """'ok' when the printed percent is the value within the rounding of its inputs and of its own
    last place; 'rounding' when it is the truncated or rounded-up value; else 'different'."""
    tolerance = half_unit(printed)
    if span[0] - tolerance <= printed <= span[1] + tolerance:
        return "ok"
    places = places_of(printed)
    if printed in (quantize(exact, places, ROUND_DOWN), quantize(exact, places, ROUND_CEILING)):
        return "rounding"
    return "different"


def en(direction: str | None) -> str:
    """A direction word in English."""
    return {1: "an increase of", -1: "a decrease of", 0: "no change"}.get(sign_of(direction) or 0, "")


def pct(value: Decimal, places: int = 2) -> str:
    return f"{quantize(value, places)}%"


# ------------------------------------------------------------------ shared helpers: subjects


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
    ("general", re.compile(r"^一般公共预算(?:财政)?(?:拨款)?(?:收入|支出)?(?:预算)?(?:支出)?(?:资金)?$")),
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
def _label(text: str) -> str:
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


_BOTH_SIDES = re.compile(r"收支|收、支")


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
        names = (
            {}
            if code
            else {
                row.code: _label(row.cells[index].text)
                for row in table.rows
                if row.code and index < len(row.cells) and row.cells[index].text.strip()
            }
        )
        for row in table.rows:
            if row.kind == "total":
                continue
            label = row.cells[index].text if index < len(row.cells) else ""
            named = (
                row.code == code
                if code
                else (
                    (_label(label) == wanted and (marked or parent or _named_alone(row, label_key, wanted)))
                    or (marked and _with_section(names, row, wanted))
                )
                and (row.code or label_key != "name")
            )
            if named and (code or parent is None or _under(names, row, parent)):
                found.append((table, row, value_key))
    return found


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
    wanted = _label(parent)
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
        if re.match(pattern, _label(text)) and (figure := _figure_of(ctx, table, row, value_key)):
            out.append(figure)
    return out


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
    total = sum(values, Decimal(0))
    unit = table.unit.value if table.unit is not None else "万元"
    names = "、".join(ctx.row_label(table, r) for r in chosen)
    return [Figure(ctx.to_wan(table, total), table.title, f"{names}之和", f"{fmt(total)}{unit}")]


# ------------------------------------------------------------------ shared helpers: the text


def paragraphs_of(section: Section) -> list[tuple[str, list[Claim]]]:
    """The section's claims grouped by the paragraph they were read from, in order. A claim whose
    sentence is found in no paragraph is a paragraph of its own."""
    texts = [normalised(p) for p in section.paragraphs]
    groups: list[tuple[str, list[Claim]]] = [(text, []) for text in texts]
    at = 0
    for claim in section.claims:
        index = next((i for i in range(at, len(texts)) if claim.sentence in texts[i]), None)
        if index is None:
            index = next((i for i in range(len(texts)) if claim.sentence in texts[i]), None)
        if index is None:
            groups.append((claim.sentence, [claim]))
            continue
        at = index
        groups[index][1].append(claim)
    return [g for g in groups if g[1] or g[0]]


@dataclass
class Stated:
    """A change the text states for one subject: this year's amount, the change, the prior-year
    amount and the percent, as far as the sentence (or its paragraph) gives them."""

    section: Section
    subject: str | None
    code: str | None
    anchor: Claim  # the claim the statement is reported at
    current: Claim | None = None
    change: Claim | None = None
    earlier: Claim | None = None  # an amount stated for the prior year (with a basis)
    percent: Claim | None = None

    @property
    def basis(self) -> str | None:
        for claim in (self.change, self.percent, self.earlier):
            if claim is not None and claim.basis:
                return claim.basis
        return None

    @property
    def direction(self) -> int | None:
        for claim in (self.change, self.percent):
            if claim is not None and (s := sign_of(claim.direction)) is not None:
                return s
        return None

    @property
    def kind(self) -> str | None:
        return subject_kind(self.subject)

    def now(self) -> Decimal | None:
        return None if self.current is None else wan(self.current)

    def prior(self) -> Decimal | None:
        """The prior-year amount the statement implies, in 万元."""
        if self.earlier is not None:
            return wan(self.earlier)
        if self.current is None or self.change is None:
            return None
        direction = sign_of(self.change.direction)
        if direction is None:
            return None
        if direction == 0:
            return wan(self.current)
        if not is_money(self.change):
            return None
        return wan(self.current) - direction * wan(self.change)

    def prior_parts(self) -> int:
        """How many printed figures the prior-year amount is made of (for the rounding tolerance)."""
        return 1 if self.earlier is not None else 2

    def prior_text(self) -> str:
        if self.earlier is not None:
            return f"{self.earlier.text}（正文所列上年数）"
        if self.current is None or self.change is None:
            return ""
        prior = self.prior()
        operator = "+" if sign_of(self.change.direction) == -1 else "−"
        if sign_of(self.change.direction) == 0:
            return f"{fmt(wan(self.current))}万元（持平）"
        return f"{fmt(wan(self.current))} {operator} {fmt(wan(self.change))} = {fmt(prior)}万元"


def _is_current(claim: Claim) -> bool:
    return claim.kind == "amount" and claim.basis is None and is_money(claim)


def _is_earlier(claim: Claim) -> bool:
    return claim.kind == "amount" and claim.basis is not None and is_money(claim)


def _is_change(claim: Claim) -> bool:
    if claim.kind != "change" or sign_of(claim.direction) is None:
        return False
    return claim.direction == FLAT or is_money(claim)


def _is_percent_change(claim: Claim) -> bool:
    return claim.kind == "percent" and claim.unit == "%" and sign_of(claim.direction) not in (None, 0)


def belongs_elsewhere(ctx: CheckContext, stated: Stated) -> bool:
    """The change and its percent describe another amount of the same sentence: "当年预算支出4,203.47
    万元，其中：…、其他收入100.00万元，较上年增加142.30万元，增长3.50%" — 142.30 is 3.50 % of the
    prior 4,061.17, so it is the change of 4,203.47, not of the last item listed."""
    change, percent, current = stated.change, stated.percent, stated.current
    if change is None or percent is None or not percent.value:
        return False
    if current is not None and wan(change) <= wan(current):
        return False  # a change no larger than the amount is the amount's own
    # the current amount the pair implies: prior = change ÷ percent, current = prior ± change
    step = Decimal(1) if sign_of(change.direction) != -1 else Decimal(-1)
    implied = wan(change) * (Decimal(100) / percent.value + step)
    own = wan(current) if current is not None else None
    return any(
        claim.kind == "amount"
        and is_money(claim)
        and claim.sentence == change.sentence
        and claim is not current
        and (own is None or abs(wan(claim) - own) > abs(own) * Decimal("0.01"))
        and abs(wan(claim) - implied) <= abs(implied) * Decimal("0.01")
        for _, claim in ctx.claims()
    )


def statements(ctx: CheckContext) -> list[Stated]:
    """Every change the text states (a money change, a flat, a percent change, or a prior-year
    amount), each with what its sentence gives for the same subject; the paragraph is searched
    when the sentence names the subject but not the figure (a named subject only)."""
    out: list[Stated] = []
    for section in ctx.sections():
        for _, claims in paragraphs_of(section):
            out += _statements_of(section, claims)
    return out


def subject_key(subject: str | None) -> str | None:
    """What identifies a subject: the kind of total it names (收入预算 and 收、支预算 are one), else
    its name as printed."""
    kind = subject_kind(subject)
    return f"total:{kind}" if kind is not None else norm_name(subject) if subject is not None else None


def same(one: Claim, other: Claim) -> bool:
    return subject_key(one.subject) == subject_key(other.subject)


def _statements_of(section: Section, claims: list[Claim]) -> list[Stated]:
    used: set[int] = set()
    out: list[Stated] = []

    def before(index: int) -> Iterator[int]:
        """Indices before ``index`` of the same subject: the sentence first, then (for a named
        subject) the paragraph, nearest first."""
        claim = claims[index]
        earlier = range(index - 1, -1, -1)
        yield from (i for i in earlier if same(claims[i], claim) and claims[i].sentence == claim.sentence)
        if claim.subject is not None:
            yield from (i for i in earlier if same(claims[i], claim) and claims[i].sentence != claim.sentence)

    def nearest(index: int, test: Callable[[Claim], bool]) -> int | None:
        return next((i for i in before(index) if test(claims[i])), None)

    for index, claim in enumerate(claims):
        if not _is_change(claim):
            continue
        stated = Stated(section, claim.subject, claim.code, claim, change=claim)
        if (i := nearest(index, _is_current)) is not None:
            stated.current = claims[i]
            stated.code = stated.code or claims[i].code
        if (i := nearest(index, _is_earlier)) is not None and claims[i].sentence == claim.sentence:
            stated.earlier = claims[i]
            used.add(i)
        for j in range(index + 1, len(claims)):
            other = claims[j]
            if other.sentence != claim.sentence or not same(other, claim):
                continue
            if _is_change(other):
                break
            if _is_percent_change(other):
                stated.percent = other
                used.add(j)
                break
        used.add(index)
        out.append(stated)
    for index, claim in enumerate(claims):
        if index in used or not _is_percent_change(claim):
            continue
        stated = Stated(section, claim.subject, claim.code, claim, percent=claim)
        if (i := nearest(index, _is_current)) is not None:
            stated.current = claims[i]
        if (i := nearest(index, _is_earlier)) is not None:
            stated.earlier = claims[i]
            used.add(i)
        used.add(index)
        out.append(stated)
    for index, claim in enumerate(claims):
        if index in used or not _is_earlier(claim):
            continue
        stated = Stated(section, claim.subject, claim.code, claim, earlier=claim)
        after = next(
            (
                claims[j]
                for j in range(index + 1, len(claims))
                if claims[j].sentence == claim.sentence and same(claims[j], claim) and _is_current(claims[j])
            ),
            None,
        )
        stated.current = after or next((claims[i] for i in before(index) if _is_current(claims[i])), None)
        out.append(stated)
    return out


def agrees(claim: Claim, figures: list[Figure]) -> bool:
    """The claim (as printed, in its own unit) is one of the figures, within its printed rounding."""
    per = _PER_WAN[claim.unit or "万元"]
    return any(
        compare(claim.value, figure.value / per, places=places_of(claim.value)) != "different"
        for figure in figures
    )


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


# ------------------------------------------------------------------ the rules


@rule(
    "text.E001",
    "正文所述金额应与表中数字一致",
    "An amount in the text equals the table's figure",
    "正文说明的各项金额应与所附表格一致（换算元与万元后）。按科目编码或与表中科目名称完全相同的名称对照；"
    "基本支出、项目支出对照支出表与基本支出表合计，人员经费、公用经费对照基本支出表。"
    "可能对应多个数字时，与其中之一相符即可。",
)
def amounts_match_tables(ctx: CheckContext, report: Reporter) -> None:
    for section, claim in ctx.claims():
        if not _is_current(claim):
            continue
        kind = subject_kind(claim.subject)
        if kind in ("overall", "fiscal"):
            continue  # text.E004
        if kind is not None:
            figures = total_figures(ctx, kind)
        else:
            if claim.subject is None and claim.code is None:
                continue
            if claim.code is None and claim.parent is None and section.key.startswith("section_"):
                # a bare name in a part of the text the reader could not place (Shenzhen's spending
                # by unit and project: "行政运行 85.04 万元" is a project's part): not a subject row
                continue
            figures = row_figures(ctx, claim.subject, claim.code, claim.parent, is_marked(claim))
        if not figures or agrees(claim, figures):
            continue
        if kind is None and all(f.part for f in figures) and wan(claim) > max(f.value for f in figures):
            continue  # "公务接待费2.00万元" and 30217 1.00万元 of basic expenditure: the rest is in projects
        name = claim.subject or claim.code or ""
        location, provenance = ctx.at_claim(section, claim)
        report(
            f"“{name}”：正文：{claim.text}；表中：{figures_text(figures)}",
            f"{name}: the text says {claim.text}; the tables give {figures_en(figures)}",
            "核对正文与表格，更正其中有误的数字",
            location,
            provenance,
        )

    _empty_by_its_note(ctx, report)


def _empty_by_its_note(ctx: CheckContext, report: Reporter) -> None:
    """A note that says the table is empty ("…无“三公”经费和机关运行经费预算，故本表为空表") under a
    table that prints figures (a note left from the template, or figures that should not be there)."""
    for table in ctx.document.tables:
        note = squeeze(table.note or "")
        if not re.search(r"本表为空表|故本表为空|此表为空表", note):
            continue
        printed = [
            (row, column.key, cell)
            for row in table.rows
            for column, cell in zip(table.columns, row.cells, strict=False)
            if column.kind == "figure" and cell.value
        ]
        if not printed:
            continue
        row, key, cell = printed[0]
        location, provenance = ctx.at_cell(table, row, key)
        report(
            f"表“{table.title}”下注明“{table.note}”，表中却印有数字（如 {cell.text}）",
            f"the note under '{table.title}' says the table is empty, yet it prints figures (e.g. {cell.text})",
            "核对此表：确无数据的删去表中数字，有数据的删去或改写表下注释",
            location,
            provenance,
        )


@rule(
    "text.E002",
    "增减百分比应与所述金额、增减额一致",
    "A percentage change agrees with the amount and change stated with it",
    "“X万元，比上年减少C万元，下降P%”：上年数为 X+C（增加时 X−C），P 应为 C ÷ 上年数 × 100，"
    "按P印出的位数四舍五入；给出上年数的（“上年预算数为B万元，本年安排X万元，增长P%”），P 应为 (X−B) ÷ B × 100。"
    "差额超出各数印出位数的舍入范围即为错误；为截尾或进位所得的，由 text.N001 提示。",
)
def percent_matches_change(ctx: CheckContext, report: Reporter) -> None:
    for stated in statements(ctx):
        percent, current = stated.percent, stated.current
        if percent is None or current is None:
            continue
        printed_sign = sign_of(percent.direction)
        if stated.change is not None and is_money(stated.change):
            prior = stated.prior()
            if prior is None or prior <= 0 or belongs_elsewhere(ctx, stated):
                continue
            change = wan(stated.change)
            change_slack = slack(stated.change)
            computed_sign = sign_of(stated.change.direction)
            span = ratio_range(change, change_slack, prior, slack(current) + change_slack)
            exact = change / prior * HUNDRED
            basis = f"{stated.change.text}÷上年{fmt(prior)}万元（{stated.prior_text()}）"
            basis_en = f"{change} / prior {prior}"
        elif stated.earlier is not None and stated.change is None:
            prior = wan(stated.earlier)
            if prior <= 0:
                continue
            difference = wan(current) - prior
            computed_sign = 1 if difference > 0 else -1 if difference < 0 else 0
            span = ratio_range(
                abs(difference), slack(current) + slack(stated.earlier), prior, slack(stated.earlier)
            )
            exact = abs(difference) / prior * HUNDRED
            basis = f"({fmt(wan(current))} − {fmt(prior)}) ÷ {fmt(prior)}"
            basis_en = f"({wan(current)} - {prior}) / {prior}"
        else:
            continue
        if span is None:
            continue
        places = places_of(percent.value)
        word = {1: "增长", -1: "下降", 0: "持平"}
        # "上年1.48万元，本年2.63万元，比上年减少77.70%": the amounts go the other way
        wrong_way = stated.change is None and computed_sign not in (0, printed_sign)
        verdict = "different" if wrong_way else percent_verdict(percent.value, exact, span)
        if verdict == "ok":
            continue
        name = stated.subject or ""
        location, provenance = ctx.at_claim(stated.section, percent)
        if verdict == "rounding":
            report.companion("text.N001")(
                f"“{name}”：正文：{percent.direction}{percent.text}；按金额计算：{basis} = {exact:.4f}%，"
                f"四舍五入为 {pct(exact, places)}（正文为截尾或进位的数）",
                f"{name}: the text says {en(percent.direction)} {percent.text}; {basis_en} = {exact:.4f}%, which rounds to "
                f"{pct(exact, places)} (the text truncates or rounds up)",
                "按四舍五入更正百分比",
                location,
                provenance,
            )
            continue
        computed = f"{word.get(computed_sign or 0, '')}{pct(exact, max(places, 2))}"
        report(
            f"“{name}”：正文：{percent.direction}{percent.text}；按金额计算：{basis}，{computed}",
            f"{name}: the text says {en(percent.direction)} {percent.text}; from the amounts, {basis_en} "
            f"gives {en(word.get(computed_sign or 0))} {pct(exact, max(places, 2))}",
            "核对本年数、增减额与百分比，更正其中有误的数字",
            location,
            provenance,
        )


@rule(
    "text.N001",
    "增减百分比为截尾或进位所得",
    "A percentage change is truncated or rounded up",
    "百分比应四舍五入；截尾或进位的数与按金额计算的数相差不超过末位一个单位，不是错误，但应更正。由 text.E002 在比较时发出。",
    emitted_by="text.E002",
)
def percent_rounding_notice(ctx: CheckContext, report: Reporter) -> None:
    """Emitted by text.E002."""


@rule(
    "text.E003",
    "同一句中的增减方向应一致",
    "Direction words in one sentence agree",
    "同一科目在同一句中“增加”不应与“下降”并用，“减少”不应与“增长”“上涨”并用。",
)
def directions_agree(ctx: CheckContext, report: Reporter) -> None:
    for stated in statements(ctx):
        if stated.change is None or stated.percent is None:
            continue
        first, second = sign_of(stated.change.direction), sign_of(stated.percent.direction)
        if first in (None, 0) or second in (None, 0) or first == second:
            continue
        name = stated.subject or ""
        location, provenance = ctx.at_claim(stated.section, stated.percent)
        report(
            f"“{name}”：正文：{stated.change.direction}{stated.change.text}，"
            f"{stated.percent.direction}{stated.percent.text}；两处增减方向相反",
            f"{name}: the text says {en(stated.change.direction)} {stated.change.text} and "
            f"{en(stated.percent.direction)} {stated.percent.text}: opposite directions",
            "核对增减方向，统一为“增加……增长”或“减少……下降”",
            location,
            provenance,
        )


_REASON = re.compile(r"主要原因|原因是|原因为|原因：|由于|因为|主要是|主要用于|用于|系因|是因")
# "增加的主要原因是…", "预算收支增加主要原因说明：…" (Shenzhen)
_EXPLAINED = re.compile(r"(?P<dir>增加|增长|上涨|上升|减少|下降|降低)的?(?:主要)?原因")
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
# words that open a reason: a change stated after one is itself the reason ("…下降1.9%，主要是政府性
# 基金预算收入较上年执行数下降45.9%")
_REASON_OPENS = r"(?:主要原因|原因是|原因为|由于|因为|主要是|系因)"
_REASON_LINE = re.compile(rf"^\s*{_REASON_OPENS}")
_BREAKDOWN = re.compile(r"^[。；;：:\s]*(?:其中|具体情况如下|具体如下|主要内容如下)")


def _after(paragraph: str, sentence: str) -> str:
    at = paragraph.find(sentence)
    return paragraph[at + len(sentence) :] if at >= 0 else ""


def _next_sentence(rest: str) -> str:
    rest = rest.lstrip("。；;！？!? \n")
    end = _SENTENCE_END.search(rest)
    return rest[: end.start()] if end else rest


@rule(
    "text.W001",
    "增减变化应说明原因",
    "A stated increase or decrease gives its reason",
    "财预〔2016〕143号要求对收支增减变化作出说明：正文写明增加或减少的，同一句或紧接的下一句应说明原因"
    "（主要原因、由于、因为、用于……）。持平无须说明；以“其中”分项说明、各项已说明原因的，或本节另有"
    "“增加（减少）的主要原因是……”的，视为已说明；写在原因之中的增减（“主要是……收入下降45.9%”）本身是原因。",
)
def change_has_reason(ctx: CheckContext, report: Reporter) -> None:
    for section in ctx.sections():
        groups = paragraphs_of(section)
        texts = [text for text, _ in groups]
        explained = {1 if m.group("dir") in UP else -1 for text in texts for m in _EXPLAINED.finditer(text)}
        seen: set[tuple[str, str | None]] = set()
        for number, (paragraph, claims) in enumerate(groups):
            for claim in claims:
                direction = sign_of(claim.direction)
                if direction in (None, 0) or claim.value == 0:
                    continue
                if not ((claim.kind == "change" and is_money(claim)) or _is_percent_change(claim)):
                    continue
                if (claim.sentence, claim.subject) in seen:
                    continue
                seen.add((claim.sentence, claim.subject))
                rest = _after(paragraph, claim.sentence)
                if (
                    not _next_sentence(rest).strip()
                    and number + 1 < len(texts)
                    and _REASON_LINE.match(texts[number + 1])
                ):
                    rest += "。" + texts[number + 1]  # the reason, printed as a line of its own
                # after the figure: a subject named "用于…的支出" is no reason
                tail = claim.sentence[max(0, claim.sentence.find(claim.text)) :]
                if _REASON.search(tail) or _REASON.search(_next_sentence(rest)):
                    continue
                head = claim.sentence[: max(0, claim.sentence.find(claim.text))]
                if re.search(_REASON_OPENS, head):
                    continue  # the change is itself a reason ("主要原因是增加援疆经费100万元")
                if direction in explained:
                    continue
                if _explained_by_a_part(section, claim):
                    continue
                # a total explained by its parts: "…减少X万元。其中：…（各项）主要原因是…"
                later = rest + "".join(texts[number + 1 :])
                breakdown = claim.sentence.endswith(("其中", "其中：", "其中:")) or _BREAKDOWN.match(rest)
                if (breakdown or subject_kind(claim.subject) is not None) and _REASON.search(later):
                    continue
                name = claim.subject or ""
                location, provenance = ctx.at_claim(section, claim)
                report(
                    f"“{name}”：正文：{claim.direction}{claim.text}；本句及下一句未说明增减原因",
                    f"{name}: the text states {en(claim.direction)} {claim.text} without a reason in the "
                    "sentence or the next",
                    "在增减变化之后说明主要原因（“主要原因是……”）",
                    location,
                    provenance,
                )


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


def _all_claims(section: Section) -> list[Claim]:
    return [*section.claims, *(c for sub in section.subsections for c in _all_claims(sub))]


def _names_a_subject(claim: Claim) -> bool:
    """The sentence names a classification subject (…（项）, …（款）, …（类）) before the figure."""
    before = claim.sentence.split(claim.text, 1)[0] if claim.text in claim.sentence else claim.sentence
    return bool(re.search(r"[（(][类款项][)）]", before))


@rule(
    "text.E004",
    "正文所述收支总额应与收支总表一致",
    "The overall totals in the text equal the summary tables",
    "正文中的“收支总预算”“收入预算”“支出预算”应等于收支总表的总计，“财政拨款收支总预算”应等于财政拨款收支总表的总计。",
)
def totals_match_summary(ctx: CheckContext, report: Reporter) -> None:
    for section, claim in ctx.claims():
        if not _is_current(claim):
            continue
        kind = subject_kind(claim.subject)
        if kind not in ("overall", "fiscal"):
            continue
        if _names_a_subject(claim):
            continue  # "其他法院支出（项）支出910万元": a subject's 支出, not the total
        figures = total_figures(ctx, kind)
        if kind == "fiscal" and _BOTH_SIDES.search(norm_name(claim.subject)):
            # "财政拨款收支总预算" is the 总计 of the 财政拨款收支总表 where that table was read,
            # not the 财政拨款 line of the 收支总表 (湖州: 192207.76 there, 42673.03 here)
            figures = [f for f in figures if f.key == "fiscal_summary"] or figures
        if not figures or agrees(claim, figures):
            continue
        table = "财政拨款收支总表" if kind == "fiscal" else "收支总表"
        location, provenance = ctx.at_claim(section, claim)
        report(
            f"“{claim.subject}”：正文：{claim.text}；{table}：{figures_text(figures)}",
            f"{claim.subject}: the text says {claim.text}; the summary table gives {figures_en(figures)}",
            "核对正文总额与收支总表，更正其中有误的数字",
            location,
            provenance,
        )


@rule(
    "text.W002",
    "没有变化应写“持平”",
    "No change is stated as 持平",
    "增减额为0或增减幅度为0%时，应写“与上年持平”，而不是“增加0万元，增长0%”。",
)
def zero_change_is_flat(ctx: CheckContext, report: Reporter) -> None:
    for section in ctx.sections():
        seen: set[tuple[str, str | None]] = set()
        for claim in section.claims:
            if claim.kind not in ("change", "percent") or claim.value != 0:
                continue
            if sign_of(claim.direction) not in (1, -1):
                continue
            if (claim.sentence, claim.subject) in seen:
                continue
            seen.add((claim.sentence, claim.subject))
            name = claim.subject or ""
            words = "，".join(
                f"{c.direction}{c.text}"
                for c in section.claims
                if c.sentence == claim.sentence
                and c.subject == claim.subject
                and c.value == 0
                and sign_of(c.direction) in (1, -1)
            )
            location, provenance = ctx.at_claim(section, claim)
            report(
                f"“{name}”：正文：{words}；增减为0，应写“持平”",
                f"{name}: the text says {en(claim.direction)} {claim.text}: a change of zero is 持平 (no change)",
                "改为“与上年持平”",
                location,
                provenance,
            )
