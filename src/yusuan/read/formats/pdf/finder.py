"""pdfplumber's table finder (MIT), run on any page view, with its one quadratic step rewritten.

``TableFinder`` turns a page's ruling edges into intersections, the intersections into cells and
the cells into tables. Its ``intersections_to_cells`` compares the edge sets of two points by
building Python sets anew for every pair tried (a third of a page's reading time); here each
point's edges are made a set once, and the points below and to the right of a point are looked
up instead of filtered from all points. The cells found, and their order, are the same.
"""

from __future__ import annotations

import bisect
from typing import Any

from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections
from pdfplumber.utils.geometry import obj_to_bbox

Point = tuple[Any, Any]
Cell = tuple[Any, Any, Any, Any]


def intersections_to_cells(intersections: dict[Point, dict[str, list[dict[str, Any]]]]) -> list[Cell]:
    """All rectangular cells the intersections describe: for each point (in sorted order), the first
    point below it and the first to its right that an edge joins to it and that close a rectangle
    with a fourth joined point — pdfplumber's rule."""
    points = sorted(intersections)
    vertical = {p: frozenset(map(obj_to_bbox, intersections[p]["v"])) for p in points}
    horizontal = {p: frozenset(map(obj_to_bbox, intersections[p]["h"])) for p in points}
    columns: dict[Any, list[Point]] = {}
    rows: dict[Any, list[Point]] = {}
    for point in points:  # sorted by x, then y
        columns.setdefault(point[0], []).append(point)
        rows.setdefault(point[1], []).append(point)
    row_xs = {y: [p[0] for p in members] for y, members in rows.items()}

    def connects(p1: Point, p2: Point) -> bool:
        if p1[0] == p2[0] and not vertical[p1].isdisjoint(vertical[p2]):
            return True
        return p1[1] == p2[1] and not horizontal[p1].isdisjoint(horizontal[p2])

    cells: list[Cell] = []
    for point in points:
        column = columns[point[0]]
        below = column[column.index(point) + 1 :]
        row = rows[point[1]]
        right = row[bisect.bisect_right(row_xs[point[1]], point[0]) :]
        cell = _smallest(point, below, right, intersections, connects)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest(
    point: Point, below: list[Point], right: list[Point], intersections: Any, connects: Any
) -> Cell | None:
    for below_point in below:
        if not connects(point, below_point):
            continue
        for right_point in right:
            if not connects(point, right_point):
                continue
            corner = (right_point[0], below_point[1])
            if corner in intersections and connects(corner, right_point) and connects(corner, below_point):
                return (point[0], point[1], corner[0], corner[1])
    return None


class Finder(TableFinder):
    """``TableFinder`` with the faster cell step; the page needs ``edges``, ``chars``, ``bbox`` and
    ``extract_words``."""

    def __init__(self, page: Any, settings: dict[str, Any] | None = None) -> None:
        self.page = page
        self.settings = TableSettings.resolve(settings)
        self.edges = self.get_edges()
        self.intersections = edges_to_intersections(
            self.edges, self.settings.intersection_x_tolerance, self.settings.intersection_y_tolerance
        )
        self.cells = intersections_to_cells(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]
