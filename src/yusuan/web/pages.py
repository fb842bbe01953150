"""Page images of a checked PDF, and where a finding's box lies on them.

Pages are rendered with pypdfium2 to PNG, at most twice their size in points and at most
``MAX_SIDE`` pixels along their longer side (a page that declares itself a kilometre wide is not
rendered a kilometre wide), in a child process with a time and memory limit, once per upload and
page (the PNG is kept in the upload's folder).

The reader's boxes (``Provenance.bbox``) are in points from the top left of the page as displayed,
measured on its media box; PDFium draws the crop box. ``geometry`` gives, per page, the size drawn
and the offset between the two, so that a box can be placed on the image in percentages."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from yusuan.batch.isolated import run_isolated

MAX_SCALE = 2.0  # float-ok: pixels per point
MAX_SIDE = 2000  # pixels along the longer side
RENDER_TIMEOUT = 30.0  # float-ok: seconds for one page
RENDER_MEMORY = 2048  # megabytes of address space for the child
PAD = 2  # points around a highlighted box
# pages drawn at once (a result page asks for many): each child takes a CPU; more wait their turn
_DRAWING = threading.BoundedSemaphore(2)
_PENDING: dict[Path, threading.Lock] = {}  # one drawing per page at a time: the second waits for it
_PENDING_GUARD = threading.Lock()


def _offset(page: Any) -> tuple[float, float]:  # float-ok: points
    """How far the drawn crop box lies from the media box the reader measures on, as displayed."""
    ml, mb, mr, mt = page.get_mediabox()
    cl, cb, cr, ct = page.get_cropbox()
    rotation = page.get_rotation() % 360
    if rotation == 90:
        return cb - mb, cl - ml
    if rotation == 180:
        return mr - cr, cb - mb
    if rotation == 270:
        return mt - ct, mr - cr
    return cl - ml, mt - ct


def geometry(path: Path, pages: Iterable[int]) -> dict[int, dict[str, float]]:  # float-ok: points
    """Each page's drawn size and offset in points: ``{page: {width, height, dx, dy}}`` (pages from
    1; a page the file does not have is left out)."""
    import pypdfium2 as pdfium

    out: dict[int, dict[str, float]] = {}  # float-ok: points
    pdf = pdfium.PdfDocument(str(path))
    try:
        for number in sorted(set(pages)):
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            try:
                width, height = page.get_size()
                dx, dy = _offset(page)
            finally:
                page.close()
            out[number] = {
                "width": round(width, 2),
                "height": round(height, 2),
                "dx": round(dx, 2),
                "dy": round(dy, 2),
            }
    finally:
        pdf.close()
    return out


def render(job: tuple[str, int, str]) -> bool:
    """In the child: draw page ``number`` of the PDF at ``source`` to the PNG ``target``."""
    import pypdfium2 as pdfium

    source, number, target = job
    pdf = pdfium.PdfDocument(source)
    try:
        page = pdf[number - 1]
        width, height = page.get_size()
        scale = min(MAX_SCALE, MAX_SIDE / max(width, height, 1))
        image = page.render(scale=scale).to_pil()
        page.close()
    finally:
        pdf.close()
    partial = Path(f"{target}.{os.getpid()}.tmp")
    image.save(partial, format="PNG", optimize=True)
    os.replace(partial, target)
    return True


def page_image(source: Path, number: int, target: Path) -> Path | None:
    """The PNG of page ``number`` of ``source``, drawn once into ``target``; None when the page
    cannot be drawn (a damaged page, past the time or memory limit)."""
    if target.is_file():
        return target
    with _PENDING_GUARD:
        lock = _PENDING.setdefault(target, threading.Lock())
    try:
        with lock:
            if target.is_file():  # drawn while this request waited
                return target
            target.parent.mkdir(parents=True, exist_ok=True)
            with _DRAWING:
                outcome = run_isolated(
                    render,
                    (str(source), number, str(target)),
                    timeout=RENDER_TIMEOUT,
                    memory_limit=RENDER_MEMORY,
                )
            return target if outcome.failure is None and target.is_file() else None
    finally:
        with _PENDING_GUARD:
            if not lock.locked():
                _PENDING.pop(target, None)


def box_style(bbox: list[int] | None, size: dict[str, float] | None) -> str | None:  # float-ok: points
    """CSS placing ``bbox`` (the reader's points) on the page image, in percentages; None without a
    box or the page's size."""
    if not bbox or not size or not size.get("width") or not size.get("height"):
        return None
    x0, top, x1, bottom = bbox
    width, height = size["width"], size["height"]
    left = max(0.0, x0 - size["dx"] - PAD) / width * 100
    upper = max(0.0, top - size["dy"] - PAD) / height * 100
    right = min(width, x1 - size["dx"] + PAD) / width * 100
    lower = min(height, bottom - size["dy"] + PAD) / height * 100
    if right <= left or lower <= upper:
        return None
    return f"left:{left:.2f}%;top:{upper:.2f}%;width:{right - left:.2f}%;height:{lower - upper:.2f}%"


def centre(bbox: list[int] | None, size: dict[str, float] | None) -> float:  # float-ok: a percentage
    """How far down the page the box's middle lies, in percent (50 without a box)."""
    if not bbox or not size or not size.get("height"):
        return 50.0
    middle = (bbox[1] + bbox[3]) / 2 - size["dy"]
    return max(0.0, min(100.0, middle / size["height"] * 100))
