"""Page geometry of the web checker: the reader's boxes (points on the media box, as displayed)
placed on PDFium's drawing of the crop box."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from yusuan.web.pages import PAD, box_style, centre, geometry


def _pdf(path: Path, crop: tuple[int, int, int, int] | None, rotation: int = 0) -> Path:
    document = pdfium.PdfDocument.new()
    page = document.new_page(600, 800)
    if crop is not None:
        page.set_cropbox(*crop)
    page.set_rotation(rotation)
    document.save(str(path))
    return path


def test_a_crop_box_shifts_the_drawn_page(tmp_path: Path) -> None:
    plain = geometry(_pdf(tmp_path / "plain.pdf", None), [1, 2])
    assert plain == {1: {"width": 600, "height": 800, "dx": 0, "dy": 0}}  # page 2 does not exist
    cropped = geometry(_pdf(tmp_path / "crop.pdf", (50, 100, 550, 700)), [1])[1]
    # drawn: 500 × 600 from x 50 and from 100 below the media box's top
    assert cropped == {"width": 500, "height": 600, "dx": 50, "dy": 100}
    turned = geometry(_pdf(tmp_path / "turned.pdf", (50, 100, 550, 700), rotation=90), [1])[1]
    assert (turned["width"], turned["height"]) == (600, 500)
    assert (turned["dx"], turned["dy"]) == (100, 50)


def test_a_box_is_placed_in_percentages_of_the_drawn_page() -> None:
    size = {"width": 500.0, "height": 600.0, "dx": 50.0, "dy": 100.0}
    style = box_style([150, 400, 300, 412], size)
    left, top = (150 - 50 - PAD) / 500 * 100, (400 - 100 - PAD) / 600 * 100
    width, height = (150 + 2 * PAD) / 500 * 100, (12 + 2 * PAD) / 600 * 100
    assert style == f"left:{left:.2f}%;top:{top:.2f}%;width:{width:.2f}%;height:{height:.2f}%"
    assert centre([150, 400, 300, 412], size) == pytest.approx((406 - 100) / 600 * 100)
    assert box_style([0, 0, 10, 10], size) is None  # outside the crop box: nothing to show
    assert box_style(None, size) is None and box_style([1, 2, 3, 4], None) is None
    assert centre(None, size) == 50
