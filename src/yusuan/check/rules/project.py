"""Projects: the same project as the text describes it (项目说明), as the project table lists it,
and as its performance target table (绩效目标表) states it.

A project is recognised across the three places by its name, loosely (the words 项目/专项/经费/
费用/资金 and punctuation do not count, and names that share most of their characters or
character pairs are the same project), and where the names are too far apart by an equal amount.
Amounts are compared in 万元 (the project table of some layouts prints 元). A difference within
the rounding of the printed figures is not reported.
"""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.check.context import CheckContext, compare, fmt, places_of
from yusuan.check.department_targets import copied_from_last_year, describe
from yusuan.check.finding import Hint, Location
from yusuan.check.projects import (
    Project,
    name_key,
    note_location,
    performance_location,
    performance_name,
    performance_total,
    projects,
    table_rows,
)
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.model.document import ProjectNote, Section
from yusuan.model.money import ZERO, in_wan
from yusuan.text.spacing import squeeze

# what a name adds to a shorter form of it, set off as a qualifier: "——医疗服务…", "（一期）"
_QUALIFIED = re.compile(r"^[—\-－（(]")


def _listed(note: ProjectNote | None) -> bool:
    """A project the text only lists (a numbered paragraph, a row of 重点项目): the list may hold a
    unit's projects or several units' (a 汇总 document repeats names unit by unit), so its pairing
    with the project table is trusted only where nothing else could be meant."""
    return note is not None and note.form != "description"


def _same_name_once(ctx: CheckContext, project: Project) -> bool:
    """The note and the row have one name (loosely), printed once in the text and once in the table."""
    assert project.note is not None and project.row_name is not None
    key = name_key(project.note.name)
    if key != name_key(project.row_name):
        return False
    _, rows = table_rows(ctx)
    return (
        sum(1 for n in ctx.document.projects if name_key(n.name) == key) == 1
        and sum(1 for r in rows if name_key(r[1]) == key) == 1
    )


def _agree(a: Decimal, b: Decimal, places: int) -> bool:
    return compare(a, b, places=places) != "different"


@rule(
    "project.E001",
    "正文所述项目金额应与项目支出表一致",
    "A project's amount in the text equals the project table",
    "项目支出情况说明逐项写出“预算安排规模”，项目支出表列出同一项目的金额；同一项目两处金额应相同"
    "（项目表以元列示时折算为万元比较）。项目按名称（宽松匹配）对应，名称差异过大时按金额对应。正文以列表列出的"
    "项目（“1.项目名称 X万元”、重点项目表）只在名称相同、且正文与表中各只出现一次时比较。",
)
def note_amount_matches_table(ctx: CheckContext, report: Reporter) -> None:
    table, _ = table_rows(ctx)
    if table is None:
        return
    for project in projects(ctx):
        note = project.note
        if note is None or note.amount is None or project.row is None or project.row_amount is None:
            continue
        if _agree(note.amount, project.row_amount, places_of(note.amount)):
            continue
        if _listed(note) and not _same_name_once(ctx, project):
            continue  # two amounts of two projects alike in name, not two amounts of one
        printed = ctx.value(table, project.row, "total")
        location, provenance = note_location(ctx, note, "预算安排规模")
        unit = table.unit.value if table.unit is not None else ""
        stated = "所列金额" if _listed(note) else "预算安排规模"
        report(
            f"项目“{note.name}”：正文{stated} {fmt(note.amount)} 万元；项目支出表“{project.row_name}”"
            f"为 {fmt(printed)} {unit}（{fmt(project.row_amount)} 万元），相差 "
            f"{fmt(note.amount - project.row_amount)} 万元",
            f"project {note.name}: the text says {note.amount} 万元; the project table row "
            f"{project.row_name} prints {printed} {unit} ({project.row_amount} 万元)",
            Hint(
                "核对项目预算安排规模与项目支出表，更正其中有误的一处",
                "Check the project's budgeted size against the project table and correct the wrong one",
            ),
            location,
            provenance,
        )


@rule(
    "project.E002",
    "项目资金分配之和应等于项目金额",
    "A project's allocations add up to its amount",
    "项目说明的“资金分配情况”逐项列出用途及金额，各项之和应等于“预算安排规模”。",
)
def allocations_add_up(ctx: CheckContext, report: Reporter) -> None:
    for note in ctx.document.projects:
        if note.amount is None or not note.allocations:
            continue
        total = sum((value for _, value in note.allocations), ZERO)
        if compare(note.amount, total, parts=len(note.allocations)) != "different":
            continue
        location, provenance = note_location(ctx, note, "资金分配情况")
        items = "、".join(f"{item} {fmt(value)}" for item, value in note.allocations)
        report(
            f"项目“{note.name}”：预算安排规模 {fmt(note.amount)} 万元；资金分配各项（{items}）合计 "
            f"{fmt(total)} 万元，相差 {fmt(note.amount - total)} 万元",
            f"project {note.name}: amount {note.amount} 万元; its allocations add up to {total} 万元",
            Hint(
                "核对资金分配各项金额与预算安排规模",
                "Check the allocations against the project's budgeted size",
            ),
            location,
            provenance,
        )


@rule(
    "project.W001",
    "同一项目在正文、项目支出表和绩效目标表中的名称应一致",
    "A project has one name in the text, the project table and its performance table",
    "同一项目在不同位置名称不一，读者难以对应，也说明各部分可能出自不同版本。项目按名称宽松匹配、"
    "否则按金额对应后，比较各处印出的名称；只是少了破折号或括号引出的限定语的，不报告。正文以列表列出的项目"
    "（“1.项目名称 X万元”、重点项目表），只在金额相同时与项目支出表中名称不同的一行对应。",
)
def names_agree(ctx: CheckContext, report: Reporter) -> None:
    for project in projects(ctx):
        names: list[tuple[str, str, str]] = []  # (zh place, en place, name)
        if project.note is not None:
            names.append(("正文", "text", project.note.name))
        if project.row_name and not (
            _listed(project.note)
            and (
                project.note is None
                or project.note.amount is None
                or project.row_amount is None
                or not _agree(project.note.amount, project.row_amount, places_of(project.note.amount))
            )
        ):
            # a listed project is the table's row of another name only where the amounts agree
            names.append(("项目支出表", "project table", project.row_name))
        if project.performance is not None:
            names.append(("绩效目标表", "performance table", performance_name(project.performance)))
        distinct = {squeeze(n).replace("(", "（").replace(")", "）") for _, _, n in names if n}
        if _listed(project.note) and len({name_key(n) for _, _, n in names if n}) < 2:
            continue  # a list in running text adds 项目, 经费 … to a name as it goes
        longest = max(distinct, key=len, default="")
        if len(distinct) < 2 or all(
            n == longest or (longest.startswith(n) and _QUALIFIED.match(longest[len(n) :])) for n in distinct
        ):
            continue  # one name, or it without its qualifier ("中央财政转移支付" for "中央财政转移支付——…补助资金")
        if project.note is not None:
            location, provenance = note_location(ctx, project.note, "项目名称")
        elif project.row is not None:
            table, _ = table_rows(ctx)
            assert table is not None
            location, provenance = ctx.at_cell(table, project.row, "project")
        else:
            assert project.performance is not None
            location, provenance = performance_location(project.performance, "项目名称"), None
        report(
            "同一项目名称不一致：" + "；".join(f"{zh}为“{name}”" for zh, _, name in names),
            "one project, several names: " + "; ".join(f"{en}: {name}" for _, en, name in names),
            Hint("统一项目名称，各处使用同一全称", "Use one full name for the project everywhere"),
            location,
            provenance,
        )


@rule(
    "project.E003",
    "绩效目标表的年度预算总额应等于项目金额",
    "A performance table's annual budget equals the project's amount",
    "项目支出绩效目标表的“年度预算总额”（或“项目资金总额”）就是该项目的预算，应与项目说明、"
    "项目支出表中的金额相同。未注明单位时按万元或元两种读法之一相符即可。"
    "部门整体支出绩效目标表列出年度主要任务及其“金额合计”：任务涵盖多少由部门决定，金额合计与本年预算总额"
    "不同本身不报告；但金额合计恰好等于正文所述上年预算总额（本年数与增减额推出，分毫不差）、而本年总额"
    "另为一数的，该表是沿用上年的表，报告。",
)
def performance_total_matches(ctx: CheckContext, report: Reporter) -> None:
    for project in projects(ctx):
        table = project.performance
        amount = project.amount
        if table is None or amount is None:
            continue
        found = performance_total(table)
        if found is None:
            continue
        label, cell = found
        printed = cell.value
        assert printed is not None
        places = places_of(printed)
        if _agree(printed, amount, places) or _agree(in_wan(printed, "元"), amount, 2):
            continue
        where = "项目说明" if project.note is not None and project.note.amount is not None else "项目支出表"
        where_en = "text" if where == "项目说明" else "project table"
        report(
            f"项目“{performance_name(table)}”：绩效目标表“{label}”为 {fmt(printed)}；{where}中该项目为 "
            f"{fmt(amount)} 万元",
            f"project {performance_name(table)}: the performance table's {label} is {printed}; "
            f"the {where_en} gives {amount} 万元",
            Hint(
                "核对绩效目标表的预算总额与项目金额",
                "Check the performance table's budget total against the project amount",
            ),
            performance_location(table, label),
            cell.provenance,
        )
    for copied in copied_from_last_year(ctx):
        zh, en = describe(copied)
        report(
            zh,
            en,
            Hint(
                "按本年预算更新部门整体支出绩效目标表的年度主要任务及金额",
                "Update the whole-department performance table's tasks and amounts to this year's budget",
            ),
            Location(table=copied.table.title, row="金额合计"),
            copied.cell.provenance,
        )


def _performance_claims(ctx: CheckContext) -> list[tuple[Section, int, list[int]]]:
    """(section, index of a project count claim, indexes of the amounts after it in its sentence)."""
    out = []
    for section in ctx.sections():
        if section.key != "performance" and "绩效" not in section.title:
            continue
        claims = section.claims
        for i, claim in enumerate(claims):
            subject = claim.subject or ""
            if (
                claim.kind != "count"
                or claim.unit not in ("个", "项")
                or "项目" not in subject
                or "非财政" in subject
                or claim.direction is not None
            ):
                continue
            amounts = [
                k
                for k in range(i + 1, len(claims))
                if claims[k].sentence == claim.sentence and claims[k].kind == "amount"
            ]
            following = [k for k in range(i + 1, len(claims)) if claims[k].sentence == claim.sentence]
            # only the amount right after the count ("项目8个，涉及预算金额256.25万元")
            out.append((section, i, amounts[:1] if amounts and following[:1] == amounts[:1] else []))
    return out


@rule(
    "project.E004",
    "预算绩效情况所述项目个数及金额应与项目支出表一致",
    "The number and amount of projects in the performance paragraph equal the project table",
    "预算绩效情况写明“当年财政拨款项目N个，涉及预算金额X万元”，应与项目支出表的项目个数和合计相同。"
    "项目支出表的各行之和与其合计不符时（表中缺行，见 arith.E008），不比较个数；项目支出表印为空表的，"
    "按 0 个、0 万元比较。",
)
def performance_paragraph_matches(ctx: CheckContext, report: Reporter) -> None:
    table, rows = table_rows(ctx)
    if table is None or not (rows or table.empty):
        return  # no project rows read (where the table is not printed as empty): nothing to compare
    total_row = ctx.total_row(table)
    printed_total = ctx.value(table, total_row, "total") if total_row is not None else None
    row_sum = sum((r[2] for r in rows if r[2] is not None), ZERO)
    total = ctx.to_wan(table, printed_total) if printed_total is not None else row_sum
    rows_complete = printed_total is None or compare(ctx.to_wan(table, printed_total), row_sum) != "different"
    for section, index, amounts in _performance_claims(ctx):
        claim = section.claims[index]
        location, provenance = ctx.at_claim(section, claim)
        if rows_complete and claim.value != len(rows):
            report(
                f"正文称项目 {claim.value} {claim.unit}；项目支出表列出 {len(rows)} 个项目",
                f"the text states {claim.value} projects; the project table lists {len(rows)}",
                Hint(
                    "核对预算绩效情况中的项目个数与项目支出表",
                    "Check the number of projects in the performance section against the project table",
                ),
                location,
                provenance,
            )
        for k in amounts:
            stated = section.claims[k]
            value = in_wan(stated.value, stated.unit)
            if stated.unit not in ("万元", "元") or _agree(value, total, places_of(stated.value)):
                continue
            location, provenance = ctx.at_claim(section, stated)
            report(
                f"正文称项目涉及金额 {fmt(stated.value)} {stated.unit}；项目支出表合计 {fmt(total)} 万元",
                f"the text states the projects amount to {stated.value} {stated.unit}; "
                f"the project table totals {total} 万元",
                Hint(
                    "核对预算绩效情况中的项目金额与项目支出表合计",
                    "Check the project amount in the performance section against the project table total",
                ),
                location,
                provenance,
            )
