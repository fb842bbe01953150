"""Sentences that deny a kind of spending: "本单位无政府性基金预算支出、国有资本经营预算支出和上级专项
转移支付预算支出" (shenzhen/18 p.15), "本部门2026年度没有使用国有资本经营预算拨款安排的支出". A denial
is a statement that the kind's amount is zero, made about the document's own unit in its own
year; what the tables print of that kind is then checked against it (text.E001).

Read strictly: the clause before 无 may hold only the unit (本单位, 本部门, its name, 本级), the
budget year and an item number; the list after it only the kinds below, each with the budget
words of the genre, and nothing may follow the list in its clause ("无政府性基金预算财政拨款收入支出的
部门，作下述说明" is the template's instruction, "2025年无…" another year, "该项目无…" one project, and
"无…收入" says nothing of the spending).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from yusuan.check.context import CheckContext, fmt, normalised
from yusuan.check.match import Figure, agrees, total_figures
from yusuan.check.projects import table_rows
from yusuan.model.document import Claim, Section

# the kinds of spending a denial may name: (key, the words)
KINDS: tuple[tuple[str, str], ...] = (
    ("gov_fund", "政府性基金"),
    ("state_capital", "国有资本经营"),
    ("transfer", r"上级(?:专项)?转移支付"),
)
_KIND = "|".join(f"(?P<{key}>{words})" for key, words in KINDS)
# what the genre writes after the kind: 预算支出, 预算拨款安排的支出, 预算财政拨款收入和支出, 支出预算 …
_TAIL = r"(?:预算)?(?:财政)?(?:拨款)?(?:安排的)?(?:预算)?(?:收入和支出|收入支出|收支|支出预算|预算支出|支出|预算)?"
_ITEM = re.compile(rf"(?:使用)?(?:{_KIND}){_TAIL}")
_JOIN = re.compile(r"、|以及|和|及|或")
_DENY = re.compile(r"(?:无|没有)")
_CLAUSE = re.compile(r"[^，,。；;：:！？!?]+")
_CLAUSE_END = re.compile(r"$|[，,。；;！？!?]")
# a project the project list names as money from a higher level (上级下达资金, 上级转移支付项目,
# 上级转移支付资金（中央预算内投资）, shenzhen/01–27): the spending a denial of 上级专项转移支付 denies;
# not work a higher level assigns ("上级下达统计调查任务经费")
TRANSFER_PROJECT = re.compile(r"上级(?:下达|专项)?资金|上级(?:专项)?转移支付|中央(?:财政)?(?:专项)?转移支付")
# what may stand before 无 in the clause: an item number, then the unit (as it calls itself, or
# its name: UNIT), its level and the budget year (YEAR), in either order
_SELF = r"(?:本单位|本部门|我单位|我部门|本局|我局|本委|我委|本办|我办|UNIT)?(?:（本级）|本级)?"
_SUBJECT = re.compile(
    r"(?:[0-9]{1,2}[.．、]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?"
    rf"(?:另外|此外|同时|经核实)?{_SELF}(?:YEAR年度?)?{_SELF}(?:YEAR年度?)?"
)


@dataclass(frozen=True)
class Denial:
    """A kind of spending the text says the unit does not have."""

    kind: str  # a key of KINDS
    words: str  # the kind as printed ("上级专项转移支付预算支出")
    sentence: str  # the clause of the denial, as printed (normalised)
    section: Section
    paragraph: str  # the normalised paragraph
    at: int  # where the denial's 无 stands in it


def denials(ctx: CheckContext) -> list[Denial]:
    """Every kind of spending the explanatory text denies, made about the unit's own budget."""
    subject = re.compile(
        _SUBJECT.pattern.replace("UNIT", _unit_names(ctx)).replace("YEAR", str(ctx.year)) + "$"
    )
    out: list[Denial] = []
    for section in ctx.sections():
        for raw in section.paragraphs:
            text = normalised(raw)
            for clause in _CLAUSE.finditer(text):
                out += _in_clause(ctx, section, text, clause.start(), clause.group(0), subject)
    return out


def _unit_names(ctx: CheckContext) -> str:
    name = re.escape(re.sub(r"\s+", "", ctx.document.unit_name or ""))
    return name or "(?!)"


def _in_clause(
    ctx: CheckContext, section: Section, text: str, start: int, clause: str, subject: re.Pattern[str]
) -> list[Denial]:
    # each 无 the unit's own words lead to, until one is followed by a list of kinds (a unit named
    # 无锡市… holds one before its own)
    for deny in _DENY.finditer(clause):
        before = clause[: deny.start()]
        if not subject.fullmatch(before):
            continue
        if "本级" in before and ctx.document.coverage == "汇总":
            return []  # the unit's own level, in a budget that adds its subordinate units in
        items = _items(clause, deny.end())
        if items:
            return [Denial(kind, words, clause, section, text, start + deny.start()) for kind, words in items]
    return []


def _items(clause: str, at: int) -> list[tuple[str, str]]:
    """The kinds listed from ``at`` to the end of the clause; [] where anything else follows."""
    items = []
    while True:
        item = _ITEM.match(clause, at)
        if item is None:
            return []
        kind = next(key for key, _ in KINDS if item.group(key))
        items.append((kind, item.group(0).removeprefix("使用")))
        at = item.end()
        join = _JOIN.match(clause, at)
        if join is None or _ITEM.match(clause, join.end()) is None:
            break
        at = join.end()
    return items if _CLAUSE_END.match(clause, at) else []  # "…收入", "…的部门": something else


def contradicted(ctx: CheckContext) -> list[tuple[Denial, list[Figure]]]:
    """Each denial the tables contradict, with what they print of the kind: a fund's table total,
    or the projects paid from a higher level's transfer. A fund is contradicted only where its own
    table prints a total and no table prints a zero for it (tables that disagree among themselves
    are cross.*'s to say)."""
    out = []
    for denial in denials(ctx):
        if denial.kind == "transfer":
            table, rows = table_rows(ctx)
            figures = [
                Figure(amount, table.title, name, f"{fmt(amount)}万元", key=table.key)
                for _, name, amount in rows
                if table is not None and amount and amount > 0 and TRANSFER_PROJECT.search(name)
            ]
        else:
            figures = total_figures(ctx, denial.kind)
            zero = Claim(
                subject=denial.words,
                kind="amount",
                value=Decimal("0.00"),  # "无" is none at all: 0.30万元 is not none
                unit="万元",
                text="无",
                sentence=denial.sentence,
            )
            if agrees(zero, figures) or not any(f.key == denial.kind for f in figures):
                continue  # a zero somewhere, or the fund's own table silent (xian/16: a 收入决算表
                # column read as 国有资本经营 by its place, no label: no evidence on its own)
        if figures:
            out.append((denial, figures))
    return out
