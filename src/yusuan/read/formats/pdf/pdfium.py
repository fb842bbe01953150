"""A page read with pypdfium2 (Apache-2.0/BSD, PDFium's C API through ctypes): characters with
their boxes, and the ruling lines and boxes of the page's path objects as edges.

PDFium parses a page in about a millisecond, where pdfminer's layout analysis (inside pdfplumber)
takes 30–100; what pdfplumber adds on top — the table finder — runs unchanged on this page's
characters and edges (:mod:`.views`). Positions are converted to pdfplumber's: points from the
displayed page's top left (after /Rotate).

* Characters: PDFium's own spaces and line breaks (``IsGenerated``) are left out; it also leaves
  out a space glyph printed as a text object of its own (WPS prints them so), which pdfminer
  reads: such an object (no width) becomes a space at its origin, one em tall as pdfminer's. The box is pdfminer's: the
  "loose" box's advance width and bottom (the font's descent), one em (font size × text matrix)
  tall; ``size`` is its height. Fake-bold copies are told by text, size and position (no font name).
* Edges: each painted path is split into subpaths and classified as pdfminer does — a single
  segment is a line, a closed axis-aligned four-sided path a rectangle (four edges), anything else
  a curve whose consecutive points give edges — so that the table finder sees the same rules.
  Paths inside form XObjects are included, through the form's matrix.
"""

from __future__ import annotations

import ctypes
import itertools
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as c

from yusuan.read.formats.pdf.chars import Char, Coordinate, dedupe
from yusuan.read.formats.pdf.views import Edge, PageView

Matrix = tuple[float, float, float, float, float, float]  # float-ok: a PDF transformation matrix
Point = tuple[Coordinate, Coordinate]

_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _multiply(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` then ``outer``."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


class _Display:
    """Page space (PDF user space) to pdfplumber's coordinates: x from the left, top from the top
    of the page as displayed (the mediabox, turned by /Rotate)."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        left, bottom, right, top = page.get_mediabox()
        left, right = sorted((left, right))
        bottom, top = sorted((bottom, top))
        self.box = (left, bottom, right, top)
        self.rotation = page.get_rotation() % 360
        if self.rotation in (90, 270):
            self.width, self.height = top - bottom, right - left
        else:
            self.width, self.height = right - left, top - bottom

    def point(self, x: Coordinate, y: Coordinate) -> Point:
        """(x, top) of a point."""
        left, bottom, right, top = self.box
        if self.rotation == 90:
            return y - bottom, x - left
        if self.rotation == 180:
            return right - x, y - bottom
        if self.rotation == 270:
            return top - y, right - x
        return x - left, top - y


def _char(text: str, x0: Coordinate, x1: Coordinate, top: Coordinate, bottom: Coordinate) -> Char:
    """A character as pdfplumber's table finder and the block builder take it; ``size`` is the
    box's height, as pdfminer's (fake-bold copies are told by text, size and position)."""
    return {
        "text": text,
        **_box(x0, x1, top, bottom),
        "size": round(bottom - top, 3),
        "fontname": "",
        "upright": True,
        "object_type": "char",
    }


def _box(x0: Coordinate, x1: Coordinate, top: Coordinate, bottom: Coordinate) -> dict[str, Coordinate]:
    """The box of a character or an edge as pdfplumber keeps it (one page: ``doctop`` is ``top``)."""
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
    }


def _affine(display: _Display) -> tuple[Coordinate, ...]:
    """The display transform as (x from x, x from y, x offset, top from x, top from y, top offset)."""
    ox, ot = display.point(0, 0)
    xx, xt = display.point(1, 0)
    yx, yt = display.point(0, 1)
    return xx - ox, yx - ox, ox, xt - ot, yt - ot, ot


def _codes(raw: Any, count: int) -> list[int] | None:
    """Every character's code in one call, or None where the text does not line up with the
    character indices (characters beyond the BMP take two UTF-16 units)."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = c.FPDFText_GetText(raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    units = memoryview(buffer.raw[: max(written - 1, 0) * 2]).cast("H").tolist()
    if len(units) != count or any(0xD800 <= unit < 0xE000 for unit in units):
        return None
    return units


def _chars(textpage: pdfium.PdfTextPage, display: _Display) -> list[Char]:
    """The page's characters as printed (PDFium's own spaces and line breaks left out)."""
    raw = textpage.raw
    count = c.FPDFText_CountChars(raw)
    codes = _codes(raw, count)
    if codes is None:
        codes = [c.FPDFText_GetUnicode(raw, index) for index in range(count)]
    generated, loose_box = c.FPDFText_IsGenerated, c.FPDFText_GetLooseCharBox
    font_size, font_matrix = c.FPDFText_GetFontSize, c.FPDFText_GetMatrix
    matrix = c.FS_MATRIX()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    xx, xy, x0_, tx, ty, t0 = _affine(display)
    rect = c.FS_RECTF()
    chars: list[Char] = []
    pending_high = 0
    for index, code in enumerate(codes):
        if code <= 32 and (code < 32 or generated(raw, index)):
            continue
        if 0xD800 <= code < 0xDC00:  # a character beyond the BMP: two UTF-16 halves
            pending_high = code
            continue
        if 0xDC00 <= code < 0xE000 and pending_high:
            code = 0x10000 + ((pending_high - 0xD800) << 10) + (code - 0xDC00)
        pending_high = 0
        if not loose_box(raw, index, rect):
            continue
        left, right, bottom = rect.left, rect.right, rect.bottom
        top = rect.top
        # pdfminer's box is one em tall from the font's descent: the same bottom as PDFium's loose
        # box, whose top is the font's ascent instead
        if font_matrix(raw, index, matrix) and matrix.b == 0 and matrix.c == 0 and matrix.d > 0:
            em = font_size(raw, index) * matrix.d
            top = bottom + em
            if right - left > 3 * em:  # a loose box left unscaled (seen with tiny glyphs): from the origin
                c.FPDFText_GetCharOrigin(raw, index, origin_x, origin_y)
                left, bottom = origin_x.value, origin_y.value
                right, top = left + em, bottom + em
        ax, bx = xx * left + xy * bottom + x0_, xx * right + xy * top + x0_
        at, bt = tx * left + ty * bottom + t0, tx * right + ty * top + t0
        x0, x1 = (ax, bx) if ax <= bx else (bx, ax)
        y0, y1 = (at, bt) if at <= bt else (bt, at)
        chars.append(_char(chr(code), x0, x1, y0, y1))
    return chars


def _objects(container: Any, count: int, get: Any, matrix: Matrix) -> Iterator[tuple[Any, int, Matrix]]:
    """Every page object with the matrix from its own space to page space, forms opened."""
    fs_matrix = c.FS_MATRIX()
    for index in range(count):
        obj = get(container, index)
        if not obj:
            continue
        kind = c.FPDFPageObj_GetType(obj)
        if kind not in (c.FPDF_PAGEOBJ_FORM, c.FPDF_PAGEOBJ_PATH):
            yield obj, kind, matrix
            continue
        own = matrix
        if c.FPDFPageObj_GetMatrix(obj, fs_matrix):
            own = _multiply(
                (fs_matrix.a, fs_matrix.b, fs_matrix.c, fs_matrix.d, fs_matrix.e, fs_matrix.f), matrix
            )
        if kind == c.FPDF_PAGEOBJ_FORM:
            yield from _objects(obj, c.FPDFFormObj_CountObjects(obj), c.FPDFFormObj_GetObject, own)
        else:
            yield obj, kind, own


def _segments(path: Any, matrix: Matrix, display: tuple[Coordinate, ...]) -> list[tuple[str, Point]]:
    """A path's operators and points as pdfminer writes them, in displayed coordinates (x, top):
    m, l, c (one per Bézier curve, its end point) and h (back to the subpath's start)."""
    a, b, cc, d, e, f = matrix
    xx, xy, x_0, tx, ty, t_0 = display
    # the object's matrix, then the page's display transform, as one
    ax, cx, ex = xx * a + xy * b, xx * cc + xy * d, xx * e + xy * f + x_0
    at, ct, et = tx * a + ty * b, tx * cc + ty * d, tx * e + ty * f + t_0
    get_segment, get_type, get_point, get_close = (
        c.FPDFPath_GetPathSegment,
        c.FPDFPathSegment_GetType,
        c.FPDFPathSegment_GetPoint,
        c.FPDFPathSegment_GetClose,
    )
    moveto, bezierto = c.FPDF_SEGMENT_MOVETO, c.FPDF_SEGMENT_BEZIERTO
    x, y = ctypes.c_float(), ctypes.c_float()
    ops: list[tuple[str, Point]] = []
    start: Point | None = None
    bezier = 0
    for index in range(c.FPDFPath_CountSegments(path)):
        segment = get_segment(path, index)
        kind = get_type(segment)
        get_point(segment, x, y)
        px, py = x.value, y.value
        point = (ax * px + cx * py + ex, at * px + ct * py + et)
        if kind == moveto:
            ops.append(("m", point))
            start = point
            bezier = 0
        elif kind == bezierto:
            bezier += 1
            if bezier % 3 == 0:
                ops.append(("c", point))
        else:
            ops.append(("l", point))
            bezier = 0
        if get_close(segment) and start is not None:
            ops.append(("h", start))
    return ops


def _edge(kind: str, p0: Point, p1: Point, orientation: str | None) -> Edge:
    x0, x1 = sorted((p0[0], p1[0]))
    top, bottom = sorted((p0[1], p1[1]))
    return {"object_type": kind, **_box(x0, x1, top, bottom), "orientation": orientation}


def _subpath_edges(ops: list[tuple[str, Point]]) -> list[Edge]:
    """One subpath's edges, classified as pdfminer classifies it (line, rectangle or curve)."""
    shape = "".join(op for op, _ in ops)
    pts = [point for _, point in ops]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("mlh", "ml"):
        p0, p1 = pts[0], pts[1]
        return [_edge("line", p0, p1, "h" if p0[1] == p1[1] else "v")]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if pts[0] == pts[4] and square:
            left, right = sorted((x0, x2))
            top, bottom = sorted((y0, y2))
            return [
                _edge("rect_edge", (left, top), (right, top), "h"),
                _edge("rect_edge", (left, bottom), (right, bottom), "h"),
                _edge("rect_edge", (left, top), (left, bottom), "v"),
                _edge("rect_edge", (right, top), (right, bottom), "v"),
            ]
    return [
        _edge("curve_edge", p0, p1, "v" if p0[0] == p1[0] else ("h" if p0[1] == p1[1] else None))
        for p0, p1 in itertools.pairwise(pts)
    ]


def _path_edges(ops: list[tuple[str, Point]]) -> list[Edge]:
    """A painted path's edges, subpath by subpath (a path must begin with a move)."""
    if not ops or ops[0][0] != "m":
        return []
    edges: list[Edge] = []
    begin = 0
    for end in range(1, len(ops) + 1):
        if end == len(ops) or ops[end][0] == "m":
            if end - begin >= 2:
                edges += _subpath_edges(ops[begin:end])
            begin = end
    return edges


def _blank(obj: Any, x: Coordinate, y: Coordinate, parent: Matrix, display: _Display) -> Char:
    """A space printed as a text object of its own: PDFium gives it no width and leaves it out of
    the page's text, pdfminer reads it as a space one em tall from the font's descent (which
    joins it to its line). Placed so; its width (unknown here) taken as a quarter em."""
    size, own, descent = ctypes.c_float(), c.FS_MATRIX(), ctypes.c_float()
    em = 0.0
    if c.FPDFTextObj_GetFontSize(obj, size) and c.FPDFPageObj_GetMatrix(obj, own):
        scale = abs(own.d * parent[3])
        em = size.value * scale
        if c.FPDFFont_GetDescent(c.FPDFTextObj_GetFont(obj), size.value, descent):
            y += descent.value * scale
    a, b, cc, d, e, f = parent
    low = display.point(a * x + cc * y + e, b * x + d * y + f)
    high = display.point(a * (x + em / 4) + cc * (y + em) + e, b * (x + em / 4) + d * (y + em) + f)
    x0, x1 = sorted((low[0], high[0]))
    top, bottom = sorted((low[1], high[1]))
    return _char(" ", x0, x1, top, bottom)


def _colour_shown(getter: Any, obj: Any) -> bool:
    """Whether a fill or stroke colour is anything but white (or fully transparent)."""
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not getter(obj, r, g, b, a):
        return True
    return a.value != 0 and (r.value, g.value, b.value) != (255, 255, 255)


def pdfium_view(page: pdfium.PdfPage) -> PageView:
    """The page as a view."""
    display = _Display(page)
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage, display)
    finally:
        textpage.close()
    view = PageView(engine="pdfium", width=display.width, height=display.height, chars=chars)
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    affine = _affine(display)
    bounds = [ctypes.c_float() for _ in range(4)]
    for obj, kind, matrix in _objects(
        page.raw, c.FPDFPage_CountObjects(page.raw), c.FPDFPage_GetObject, _IDENTITY
    ):
        if kind == c.FPDF_PAGEOBJ_TEXT:
            if c.FPDFPageObj_GetBounds(obj, *bounds) and bounds[2].value - bounds[0].value < 0.01:
                view.chars.append(_blank(obj, bounds[0].value, bounds[1].value, matrix, display))
        elif kind == c.FPDF_PAGEOBJ_IMAGE:
            view.images += 1
        elif kind == c.FPDF_PAGEOBJ_PATH:
            if not c.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
                continue
            filled, stroked = fill_mode.value != 0, bool(stroke.value)
            if not filled and not stroked:
                continue
            view.edges += _path_edges(_segments(obj, matrix, affine))
            if not view.drawn and (
                (stroked and _colour_shown(c.FPDFPageObj_GetStrokeColor, obj))
                or (filled and _colour_shown(c.FPDFPageObj_GetFillColor, obj))
            ):
                view.drawn = True
    view.chars = dedupe(view.chars)
    return view
