"""A grid whose title was lost, read as the missing table of the layout its rows fit."""

from __future__ import annotations

from yusuan.layout.profile import LayoutProfile, TableSpec, without_year
from yusuan.model.document import Table
from yusuan.read.numbers import parse_figure
from yusuan.read.tables.columns import is_text_column, map_columns
from yusuan.read.tables.grids import Found, join_grids
from yusuan.read.tables.rows import TOTAL, code_of
from yusuan.read.tables.table import read_table
from yusuan.read.tables.titles import Known


def fit_by_shape(item: Found, profile: LayoutProfile, seen: set[str]) -> tuple[Table, list[str]] | None:
    """A grid whose title was lost: the missing table of the layout its rows fit best, if any fits well.

    Rows fit a table when its code columns hold codes and its figure columns hold figures; a fit
    below 80 % of the rows is no fit, and the grid stays unread (and reported).
    """
    _, data = join_grids(item.grids)
    rows = [row for row in data if any(c.text.strip() for c in row)]
    if not rows:
        return None
    best: tuple[float, TableSpec] | None = None
    for spec in profile.tables:
        if spec.key in seen or spec.kind not in ("by_function", "by_economic", "projects"):
            continue
        width = max(len(row) for row in rows)
        mapping = map_columns(spec, [""] * width, rows)
        good = 0
        for row in rows:
            cells = {
                c.key: row[i].text.strip() if i is not None and i < len(row) else ""
                for c, i in zip(spec.columns, mapping, strict=True)
            }
            figures = [cells[c.key] for c in spec.columns if not is_text_column(c)]
            code_ok = code_of(cells) is not None or bool(TOTAL.search("".join(cells.values())))
            figures_ok = any(parse_figure(f) is not None for f in figures)
            good += code_ok and figures_ok
        score = good / len(rows)
        if best is None or score > best[0]:
            best = (score, spec)
    if best is None or best[0] < 0.8:
        return None
    spec = best[1]
    known = Known(profile, spec, exact=False)
    titled = Found(
        without_year(spec.title),
        (known,),
        item.provenance,
        item.number,
        grids=item.grids,
        notes=item.notes,
    )
    return read_table(titled, known, shape=True)
