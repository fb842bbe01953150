"""The layout that explains a document's tables best, and every standard table read in it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.layout import available_layouts
from yusuan.layout.profile import LayoutProfile
from yusuan.model.document import Provenance, Table
from yusuan.read.numbers import is_amount
from yusuan.read.stream import Stream
from yusuan.read.tables.columns import header_fit, header_labels
from yusuan.read.tables.grids import Found, find_tables, join_grids
from yusuan.read.tables.rows import place
from yusuan.read.tables.shape import fit_by_shape
from yusuan.read.tables.table import read_table
from yusuan.read.tables.titles import Known, looks_like_title, normalise_title, unread_titles


@dataclass
class Recognised:
    profile: LayoutProfile | None
    tables: list[Table]
    unknown_titles: list[tuple[str, Provenance]]
    problems: list[str]
    performance: list[Found] = field(default_factory=list)
    fit: Decimal = Decimal(0)  # how well the layout explains the tables printed (0-1)
    named: list[str] = field(default_factory=list)  # the layout's tables whose titles are printed


def _best_fitting(item: Found) -> Known:
    """Of the tables printed under this title in any layout, the one whose columns the printed
    header names best (the layout's own title first among equals)."""
    header, _ = join_grids(item.grids)
    labels = header_labels(header, max((len(r) for g in item.grids for r in g.rows), default=0))
    return max(item.candidates, key=lambda k: (header_fit(k.spec, labels), k.exact))


def recognise(
    stream: Stream, scope: str = "", unit: str = "", year: int = 0, exclude: frozenset[str] = frozenset()
) -> Recognised:
    """Every standard table of the stream, read in the layout that knows the most of them (of
    layouts that know them equally well, the one of the document's scope, 部门 or 单位, then of its
    year, then the one whose table numbers are printed); never one of the layouts in ``exclude``
    (ruled out by the document's text)."""
    found, unknown = find_tables(stream, unit)
    votes: Counter[str] = Counter()  # profile id -> score
    for item in found:
        if not item.grids:
            continue  # a line of the contents, not a table
        header, _ = join_grids(item.grids)
        labels = header_labels(header, max((len(r) for g in item.grids for r in g.rows), default=0))
        best: dict[str, float] = {}  # float-ok: a score, not money
        for known in item.candidates:
            if known.keyword or known.profile.id in exclude:
                continue  # the genre's words tell a table, not a layout
            # A layout's own title counts more than an accepted variant; a table whose printed
            # header matches the layout's columns counts more than one that does not.
            score = (2 if known.exact else 1) + 2 * header_fit(known.spec, labels)
            best[known.profile.id] = max(best.get(known.profile.id, 0), score)
        votes.update(best)
    layouts = available_layouts()
    profile = None
    if votes:
        top = max(votes.values())
        tied = [layouts[name] for name, score in votes.items() if score >= top - 0.01]
        numbered: Counter[str] = Counter(
            k.profile.id
            for item in found
            if item.grids
            for k in item.candidates
            if item.number == k.spec.number
        )
        profile = max(tied, key=lambda p: (p.scope == scope, year in p.years, numbered[p.id]))
    fit = layout_fit(found, profile, votes, unit)
    if profile is not None and fit < MIN_FIT:
        profile = None
    tables: list[Table] = []
    problems: list[str] = []
    seen: set[str] = set()
    for item in found:
        if item.performance:
            continue  # performance target tables are read by yusuan.read.performance
        if not item.candidates:
            if item.grids or item.notes:
                problems.append(
                    f"{place(item.provenance)}“{item.title.strip()}”的标题缺失或无法识别，其内容未读入"
                    + (f"（其下注释：{'；'.join(item.notes)}）" if item.notes else "")
                )
            continue
        known = next(
            (k for k in item.candidates if profile and k.profile.id == profile.id), None
        ) or _best_fitting(item)
        if (
            not item.grids
            and not item.notes
            and any(
                other is not item and other.candidates and other.candidates[0].spec.key == known.spec.key
                for other in found[found.index(item) + 1 :]
            )
        ):
            continue  # a line of the contents: the table itself comes later
        if (
            not item.grids
            and not item.notes
            and any(
                other is not item
                and other.grids
                and any(k.spec.key == known.spec.key for k in other.candidates)
                for other in found
            )
        ):
            continue
        if not item.grids and not item.notes and item.unit is None:
            continue  # a title alone (a line of the contents): no table printed under it
        if (foreign := item.printed_unit_elsewhere()) is not None:
            # read in 万元 or 元 its figures would be 10 or 10,000 times off: reported, not read
            problems.append(
                f"{place(item.provenance)}表“{item.title.strip()}”以{foreign}列示，yusuan 只核对以元或万元"
                "列示的表，此表未读入，其数字未与他表和正文比较"
            )
            continue
        table, table_problems = read_table(item, known, unit_name=unit, year=year)
        if not item.grids:
            table_problems.append(f"{place(item.provenance)}表“{table.title}”有标题，但没有读到表格内容")
        if table.key in seen:
            problems.append(f"{place(item.provenance)}表“{table.title}”出现了不止一次")
        seen.add(table.key)
        tables.append(table)
        problems += table_problems
    if profile is not None:
        untitled = [f for f in found if not f.candidates and not f.performance and f.grids]
        # A grid without a title and without a single figure is layout (a cover sheet, a list of
        # contents): not worth a word in the report.
        for item in untitled:
            if not any(is_amount(c.text) for g in item.grids for r in g.rows for c in r):
                problems = [
                    p for p in problems if not p.startswith(f"{place(item.provenance)}“{item.title.strip()}”")
                ]
        for item in untitled:
            fitted = fit_by_shape(item, profile, seen)
            if fitted is None:
                continue
            table, table_problems = fitted
            seen.add(table.key)
            tables.append(table)
            problems = [
                p for p in problems if not p.startswith(f"{place(item.provenance)}“{item.title.strip()}”")
            ]
            problems.append(
                f"{place(item.provenance)}一个表格没有标题，按其形状读作表“{table.title}”（请核对）"
            )
            problems += table_problems
        order = {spec.key: index for index, spec in enumerate(profile.tables)}
        tables.sort(key=lambda t: order.get(t.key, len(order)))
    # the layout's tables whose title is printed with something under it (a grid, a note) — not a
    # line of the contents alone, which names a table the body may lack
    named = sorted(
        {
            k.spec.key
            for item in found
            if item.grids or item.notes or item.figures_below
            for k in item.candidates
            if profile and k.profile.id == profile.id and not k.keyword
        }
    )
    return Recognised(profile, tables, unknown, problems, [f for f in found if f.performance], fit, named)


MIN_FIT = Decimal("0.5")  # below this, no layout: the unknown-layout mode


def layout_fit(
    found: list[Found], profile: LayoutProfile | None, votes: Counter[str], unit: str = ""
) -> Decimal:
    """How well a layout explains the tables the document prints: the score its titles and
    headers earned (each table at most 1: the layout's own title and a header naming every column),
    over the tables printed (at least 3). A document most of whose tables the layout does not know,
    or knows only under a generic title with another header, is not in that layout; a document that
    lost some of the layout's tables still is (their absence is a finding, not a doubt). A table
    the layout names among the tables it prints but leaves unread (``unread_tables``) is not
    counted: the layout knows it is there."""
    if profile is None:
        return Decimal(0)
    unread = unread_titles(profile)
    printed = sum(
        1
        for item in found
        if item.grids
        and not item.performance
        and (item.candidates or looks_like_title(item.title))
        and normalise_title(item.title, unit) not in unread
        and any(is_amount(c.text) for g in item.grids for r in g.rows for c in r)
    )
    earned = Decimal(str(votes[profile.id])) / 4
    return min(Decimal(1), earned / max(printed, 3)).quantize(Decimal("0.01"))
