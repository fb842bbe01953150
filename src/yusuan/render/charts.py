"""Charts (图解) as SVG, and as PNG for formats that cannot embed SVG (DOCX).

The SVG is drawn here rather than with a plotting library: four simple chart types do not
justify matplotlib's weight and start-up time, and hand-made SVG is deterministic, small, and
uses the document's CJK fonts. PNG comes from typst (already used for the PDF), which rasterises
the same SVG.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from yusuan.model.document import Chart
from yusuan.model.money import format_amount, percent, quantize

FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
COLOURS = ("#2f5d8a", "#d98c2b", "#4f9a69", "#b8494b", "#7a5c99", "#5b8fa8", "#9c7a3c", "#6d6d6d")
WIDTH = Decimal(680)
LABEL_WIDTH = Decimal(210)
VALUE_WIDTH = Decimal(150)
ROW = Decimal(30)
TOP = Decimal(44)


def _n(value: Decimal) -> str:
    """A coordinate with one decimal (SVG needs no more)."""
    return str(quantize(value, 1))


def _text(
    x: Decimal, y: Decimal, text: str, anchor: str = "start", size: int = 13, weight: str = "normal"
) -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}" dominant-baseline="middle">{escape(text)}</text>'
    )


def _rect(x: Decimal, y: Decimal, w: Decimal, h: Decimal, colour: str) -> str:
    return (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, Decimal(0)))}" height="{_n(h)}" fill="{colour}"/>'
    )


# The drawn title's band at the top; an untitled chart starts below it.
TITLE_BAND = Decimal(30)


def _frame(chart: Chart, height: Decimal, body: list[str], titled: bool = True) -> str:
    title = _text(WIDTH / 2, Decimal(20), chart.title, anchor="middle", size=16, weight="bold")
    top = Decimal(0) if titled else TITLE_BAND
    height -= top
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(WIDTH)}" height="{_n(height)}" '
        f'viewBox="0 {_n(top)} {_n(WIDTH)} {_n(height)}" role="img" aria-label="{escape(chart.alt)}" '
        f'font-family="{FONT}" fill="#222">'
        f"<title>{escape(chart.title)}</title><desc>{escape(chart.alt)}</desc>"
        f'<rect y="{_n(top)}" width="100%" height="100%" fill="#fff"/>'
        f"{title if titled else ''}{''.join(body)}</svg>"
    )


def _bars(chart: Chart, titled: bool = True) -> str:
    values = chart.series[0].values
    total = sum(values, Decimal(0))
    largest = max(values, default=Decimal(0)) or Decimal(1)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 20
    body = []
    for index, (category, value) in enumerate(zip(chart.categories, values, strict=True)):
        y = TOP + ROW * index
        body.append(_text(LABEL_WIDTH - 8, y + ROW / 2, category, anchor="end"))
        body.append(_rect(LABEL_WIDTH, y + 5, span * value / largest, ROW - 10, COLOURS[0]))
        share = percent(value, total)
        label = format_amount(value) + (f"（{quantize(share)}%）" if share is not None else "")
        body.append(_text(LABEL_WIDTH + span * value / largest + 6, y + ROW / 2, label))
    return _frame(chart, TOP + ROW * len(values) + 16, body, titled)


def _share(chart: Chart, titled: bool = True) -> str:
    values = chart.series[0].values
    total = sum(values, Decimal(0))
    left, span = Decimal(20), WIDTH - 40
    body = []
    x = left
    for index, value in enumerate(values):
        width = span * value / total if total else Decimal(0)
        body.append(_rect(x, TOP, width, Decimal(34), COLOURS[index % len(COLOURS)]))
        x += width
    for index, (category, value) in enumerate(zip(chart.categories, values, strict=True)):
        y = TOP + 50 + ROW * index
        body.append(_rect(left, y + 8, Decimal(14), Decimal(14), COLOURS[index % len(COLOURS)]))
        share = percent(value, total)
        text = f"{category}：{format_amount(value)}{chart.unit}" + (
            f"，占 {quantize(share)}%" if share is not None else ""
        )
        body.append(_text(left + 22, y + 15, text))
    return _frame(chart, TOP + 50 + ROW * len(values) + 10, body, titled)


def _compare(chart: Chart, titled: bool = True) -> str:
    groups = len(chart.categories)
    series = chart.series
    largest = max((v for s in series for v in s.values), default=Decimal(0)) or Decimal(1)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 20
    bar = Decimal(16)
    group_height = bar * len(series) + 14
    body = []
    for index, category in enumerate(chart.categories):
        y = TOP + 24 + group_height * index
        body.append(_text(LABEL_WIDTH - 8, y + bar * len(series) / 2, category, anchor="end"))
        for position, item in enumerate(series):
            value = item.values[index]
            top = y + bar * position
            body.append(
                _rect(LABEL_WIDTH, top + 2, span * value / largest, bar - 3, COLOURS[position % len(COLOURS)])
            )
            body.append(
                _text(LABEL_WIDTH + span * value / largest + 6, top + bar / 2, format_amount(value), size=11)
            )
    for position, item in enumerate(series):
        x = LABEL_WIDTH + Decimal(110) * position
        body.append(_rect(x, TOP - 2, Decimal(12), Decimal(12), COLOURS[position % len(COLOURS)]))
        body.append(_text(x + 18, TOP + 4, item.label, size=12))
    return _frame(chart, TOP + 24 + group_height * groups + 8, body, titled)


def chart_svg(chart: Chart, titled: bool = True) -> str:
    """The chart as a standalone SVG document (its text alternative in <title>/<desc>).

    ``titled=False`` leaves the title out of the picture, for outputs that print it as a numbered
    caption (图1 …) so that each chart has one title.
    """
    if chart.kind == "share":
        return _share(chart, titled)
    if chart.kind == "compare":
        return _compare(chart, titled)
    return _bars(chart, titled)


def chart_png(chart: Chart, ppi: int = 192, titled: bool = True) -> bytes:
    """The chart as PNG, rasterised by typst with the same fonts as the PDF."""
    from yusuan.render.typst_fonts import compile_typst

    svg = chart_svg(chart, titled)
    source = (
        "#set page(width: auto, height: auto, margin: 0pt)\n"
        f'#image(bytes("{_typst_string(svg)}"), format: "svg", width: {_n(WIDTH * 3 / 4)}pt)\n'
    )
    return compile_typst(source, fmt="png", ppi=ppi)


def _typst_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
