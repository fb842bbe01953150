"""A project as the text describes it (项目说明), as the project table lists it and as its
performance target table (绩效目标表) states it, recognised across the three by its name, loosely,
or by its amount: what the project rules and the date and performance rules ask of a project."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from yusuan.check.context import CheckContext
from yusuan.check.finding import Location
from yusuan.check.places import squeezed_paragraphs
from yusuan.model.document import Cell, PerformanceTable, ProjectNote, Provenance, Row, Table
from yusuan.text.spacing import squeeze

_GENERIC = re.compile(r"项目|专项|经费|费用|资金|[、，,。；;：:（）()“”\"'《》\s·\-—]")
_SIMILAR = Decimal("0.5")
T = TypeVar("T")
U = TypeVar("U")


def name_key(name: str) -> str:
    """A project name without the generic words and punctuation ("慰问费" and "慰问项目" → 慰问)."""
    key = _GENERIC.sub("", name)
    return key[:-1] if key.endswith("费") and len(key) > 2 else key


def _bigrams(text: str) -> list[str]:
    return [text[i : i + 2] for i in range(len(text) - 1)]


def _longest_common(a: str, b: str) -> int:
    best = 0
    previous = [0] * (len(b) + 1)
    for char in a:
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if char == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def similarity(a: str, b: str) -> Decimal:
    """How alike two project names are, 0 to 1: the larger of the shared character pairs (Dice)
    and the longest common run over the shorter name."""
    return _key_similarity(name_key(a), name_key(b))


def _key_similarity(x: str, y: str) -> Decimal:
    if not x or not y:
        return Decimal(0)
    if x == y:
        return Decimal(1)
    pairs_x, pairs_y = _bigrams(x), _bigrams(y)
    shared = 0
    pool = list(pairs_y)
    for pair in pairs_x:
        if pair in pool:
            pool.remove(pair)
            shared += 1
    dice = Decimal(2 * shared) / Decimal(len(pairs_x) + len(pairs_y)) if pairs_x and pairs_y else Decimal(0)
    run = Decimal(_longest_common(x, y)) / Decimal(min(len(x), len(y)))
    return max(dice, run)


def _scored(left_keys: list[str], right_keys: list[str]) -> list[tuple[Decimal, int, int]]:
    """(similarity, left index, right index) of every pair alike enough, most alike first.

    Linear where the names match as they mostly do: a key written once on each side pairs those
    two (score 1: nothing can take either from the other) and neither is scored against anything
    else; the other names are scored only against names sharing a character with them (no shared
    character: similarity 0). A thousand projects took a minute when every pair was scored."""
    left_count: dict[str, int] = {}
    right_at: dict[str, list[int]] = {}
    for key in left_keys:
        left_count[key] = left_count.get(key, 0) + 1
    for j, key in enumerate(right_keys):
        right_at.setdefault(key, []).append(j)
    scored: list[tuple[Decimal, int, int]] = []
    left_rest: list[int] = []
    paired_right: set[int] = set()
    for i, key in enumerate(left_keys):
        twins = right_at.get(key, [])
        if key and left_count[key] == 1 and len(twins) == 1:
            scored.append((Decimal(1), i, twins[0]))
            paired_right.add(twins[0])
        else:
            left_rest.append(i)
    by_char: dict[str, set[int]] = {}
    for j, key in enumerate(right_keys):
        if j not in paired_right:
            for char in key:
                by_char.setdefault(char, set()).add(j)
    for i in left_rest:
        key = left_keys[i]
        candidates: set[int] = set().union(*(by_char.get(char, set()) for char in key))
        for j in candidates:
            score = _key_similarity(key, right_keys[j])
            if score >= _SIMILAR:
                scored.append((score, i, j))
    return sorted(scored, key=lambda t: (-t[0], t[1], t[2]))


def pair_up(
    left: Sequence[T],
    right: Sequence[U],
    left_name: Callable[[T], str],
    right_name: Callable[[U], str],
    left_amount: Callable[[T], Decimal | None],
    right_amount: Callable[[U], Decimal | None],
) -> list[tuple[int, int]]:
    """Pairs (left index, right index): by name, most alike first, then the rest by an amount that
    only one item on each side has."""
    scored = _scored([name_key(left_name(a)) for a in left], [name_key(right_name(b)) for b in right])
    pairs: list[tuple[int, int]] = []
    used_left: set[int] = set()
    used_right: set[int] = set()
    for score, i, j in scored:
        if score < _SIMILAR:
            break
        if i in used_left or j in used_right:
            continue
        pairs.append((i, j))
        used_left.add(i)
        used_right.add(j)
    # the rest, by an amount that exactly one unpaired item on each side has
    right_by_amount: dict[Decimal, list[int]] = {}
    for j, b in enumerate(right):
        amount = right_amount(b)
        if j not in used_right and amount is not None:
            right_by_amount.setdefault(amount, []).append(j)
    left_amounts = [left_amount(a) for a in left]
    left_count: dict[Decimal, int] = {}
    for i, amount in enumerate(left_amounts):
        if i not in used_left and amount is not None:
            left_count[amount] = left_count.get(amount, 0) + 1
    for i, amount in enumerate(left_amounts):
        if i in used_left or amount is None:
            continue
        same = right_by_amount.get(amount, [])
        if len(same) == 1 and left_count[amount] == 1:
            pairs.append((i, same[0]))
            used_left.add(i)
            used_right.add(same[0])
            right_by_amount[amount] = []
            left_count[amount] = 0
    return pairs


@dataclass
class Project:
    """One project as found in the text, the project table and its performance table."""

    note: ProjectNote | None = None
    row: Row | None = None
    row_name: str | None = None
    row_amount: Decimal | None = None  # 万元
    performance: PerformanceTable | None = None

    @property
    def amount(self) -> Decimal | None:
        """The project's amount in 万元: the text's, else the project table's."""
        if self.note is not None and self.note.amount is not None:
            return self.note.amount
        return self.row_amount

    @property
    def name(self) -> str:
        if self.note is not None:
            return self.note.name
        if self.row_name:
            return self.row_name
        return performance_name(self.performance) if self.performance is not None else ""


def performance_name(table: PerformanceTable) -> str:
    if table.project:
        return table.project
    cell = table.fields.get("项目名称")
    return cell.text if cell is not None else ""


def performance_total(table: PerformanceTable) -> tuple[str, Cell] | None:
    """The project's total as its performance table prints it (年度预算总额, else 项目资金总额)."""
    for label in ("年度预算总额", "项目资金总额", "资金总额"):
        cell = table.fields.get(label)
        if cell is not None and cell.value is not None:
            return label, cell
    return None


def project_performance_tables(ctx: CheckContext) -> list[PerformanceTable]:
    return [t for t in ctx.document.performance if t.key.startswith("project") or t.project]


def table_rows(ctx: CheckContext) -> tuple[Table | None, list[tuple[Row, str, Decimal | None]]]:
    """The project table and its project rows: (row, project name, amount in 万元). The table of
    the general budget's projects, else the one listing the projects of every source (深圳 项目支出
    总表): the text describes the unit's projects, whatever pays for them."""
    table = ctx.table("projects") or ctx.table("projects_all")
    if table is None:
        return None, []
    name_key_ = "name"
    if ctx.column(table, "project") is not None and any(
        (cell := ctx.cell(table, row, "project")) is not None and cell.text.strip()
        for row in table.rows
        if row.kind == "item"
    ):
        name_key_ = "project"  # a table printing 项目名称 beside the subject (科目名称) names by it
    rows = []
    for row in table.rows:
        if row.kind != "item":
            continue
        cell = ctx.cell(table, row, name_key_)
        name = squeeze(cell.text) if cell is not None else ""
        value = ctx.value(table, row, "total")
        if not name:
            continue
        rows.append((row, name, None if value is None else ctx.to_wan(table, value)))
    return table, rows


def projects(ctx: CheckContext) -> list[Project]:
    """Every project, with what the text, the project table and the performance tables say of it."""
    found = [Project(note=note) for note in ctx.document.projects]
    _, rows = table_rows(ctx)
    pairs = pair_up(found, rows, lambda p: p.name, lambda r: r[1], lambda p: p.amount, lambda r: r[2])
    for i, j in pairs:
        found[i].row, found[i].row_name, found[i].row_amount = rows[j]
    paired = {j for _, j in pairs}
    found += [
        Project(row=row, row_name=name, row_amount=amount)
        for j, (row, name, amount) in enumerate(rows)
        if j not in paired
    ]
    tables = project_performance_tables(ctx)

    def perf_amount(table: PerformanceTable) -> Decimal | None:
        total = performance_total(table)
        return total[1].value if total is not None else None

    pairs = pair_up(found, tables, lambda p: p.name, performance_name, lambda p: p.amount, perf_amount)
    for i, j in pairs:
        found[i].performance = tables[j]
    paired = {j for _, j in pairs}
    found += [Project(performance=t) for j, t in enumerate(tables) if j not in paired]
    return found


def note_location(ctx: CheckContext, note: ProjectNote, label: str) -> tuple[Location, Provenance | None]:
    """The line of a project's description that starts with ``label`` (预算安排规模, 资金执行时间 …)."""
    wanted = squeeze(note.name)
    for section in ctx.sections():
        lines = squeezed_paragraphs(section)
        for start, line in enumerate(lines):
            if "项目名称" not in line or not line.endswith(wanted):
                continue
            for offset, following in enumerate(lines[start + 1 :]):
                if "项目名称" in following:
                    break
                if following.startswith(label):
                    sentence = section.paragraphs[start + 1 + offset].strip()
                    return Location(section=section.heading, sentence=sentence), note.provenance
            return Location(section=section.heading, sentence=section.paragraphs[start].strip()), (
                note.provenance
            )
    return Location(sentence=f"项目名称：{note.name}"), note.provenance


def performance_location(table: PerformanceTable, row: str | None = None) -> Location:
    name = performance_name(table)
    title = f"{table.title}（{name}）" if name and name not in table.title else table.title
    return Location(table=title, table_key=table.key, row=row)
