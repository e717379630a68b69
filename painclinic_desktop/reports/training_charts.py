"""Drawings for the training reports (reportlab graphics, black and greys only).

- the spider chart: confidence per footstep at baseline (dashed) and at 3 months (solid),
  each footstep's label marked * (p < .05) or ** (p < .001);
- a trainee's own baseline: one bar per footstep, lowest first, to show where to focus.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, String
from reportlab.lib import colors

from .fonts import register_fonts

GREY = colors.Color(0.55, 0.55, 0.55)
LIGHT = colors.Color(0.82, 0.82, 0.82)


def _point(cx: float, cy: float, radius: float, index: int, count: int) -> tuple[float, float]:
    angle = math.pi / 2 - 2 * math.pi * index / count  # first spoke straight up, clockwise
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def spider_chart(
    labels: Sequence[str],
    baseline: Sequence[float | None],
    followup: Sequence[float | None],
    scale: tuple[int, int] = (1, 5),
    size: float = 330,
) -> Drawing:
    """One spoke per label; a missing value sits at the centre."""
    regular, bold = register_fonts()
    width = size * 1.55
    drawing = Drawing(width, size)
    cx, cy, radius = width / 2, size / 2, size * 0.34
    low, high = scale
    count = len(labels)

    def at(value: float | None, index: int) -> tuple[float, float]:
        share = 0.0 if value is None else (value - low + 1) / (high - low + 1)
        return _point(cx, cy, radius * share, index, count)

    for ring in range(low, high + 1):
        share = (ring - low + 1) / (high - low + 1)
        points = [c for i in range(count) for c in _point(cx, cy, radius * share, i, count)]
        drawing.add(Polygon(points, strokeColor=LIGHT, strokeWidth=0.5, fillColor=None))
        drawing.add(String(cx + 2, cy + radius * share + 1, str(ring), fontName=regular,
                           fontSize=6, fillColor=GREY))  # fmt: skip
    for index, label in enumerate(labels):
        x, y = _point(cx, cy, radius, index, count)
        drawing.add(Line(cx, cy, x, y, strokeColor=LIGHT, strokeWidth=0.5))
        lx, ly = _point(cx, cy, radius + 14, index, count)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        drawing.add(String(lx, ly - 3, label, fontName=bold if "*" in label else regular,
                           fontSize=7.5, textAnchor=anchor))  # fmt: skip
    for values, dashed, stroke in ((baseline, True, GREY), (followup, False, colors.black)):
        points = [c for i, v in enumerate(values) for c in at(v, i)]
        drawing.add(
            Polygon(
                points,
                strokeColor=stroke,
                strokeWidth=1.6,
                strokeDashArray=[4, 2] if dashed else None,
                fillColor=None,
            )
        )
    _legend(drawing, regular, 6, 10)
    return drawing


def _legend(drawing: Drawing, font: str, x: float, y: float) -> None:
    drawing.add(PolyLine([x, y + 3, x + 22, y + 3], strokeColor=GREY, strokeWidth=1.6,
                         strokeDashArray=[4, 2]))  # fmt: skip
    drawing.add(String(x + 26, y, "Baseline", fontName=font, fontSize=7.5))
    drawing.add(PolyLine([x, y + 15, x + 22, y + 15], strokeColor=colors.black, strokeWidth=1.6))
    drawing.add(String(x + 26, y + 12, "3 months after", fontName=font, fontSize=7.5))
    drawing.add(String(x, y - 11, "* p < .05   ** p < .001 (paired t)", fontName=font,
                       fontSize=7))  # fmt: skip


def baseline_bars(
    rows: Sequence[tuple[str, float | None]], scale: tuple[int, int], labels: Sequence[str],
    width: float = 470,
) -> Drawing:  # fmt: skip
    """Horizontal bars, one per footstep in the order given, with the scale's words below."""
    regular, bold = register_fonts()
    low, high = scale
    row_height, left, top_pad, bottom_pad = 22, 170, 6, 34
    height = top_pad + row_height * len(rows) + bottom_pad
    drawing = Drawing(width, height)
    span = width - left - 20

    def x_of(value: float) -> float:
        return left + span * (value - low) / (high - low)

    for point in range(low, high + 1):
        x = x_of(point)
        drawing.add(Line(x, bottom_pad - 4, x, height - top_pad, strokeColor=LIGHT))
        drawing.add(String(x, bottom_pad - 14, str(point), fontName=regular, fontSize=7.5,
                           textAnchor="middle"))  # fmt: skip
    drawing.add(String(x_of(low), 4, labels[0], fontName=regular, fontSize=7, textAnchor="start"))
    drawing.add(String(x_of(high), 4, labels[-1], fontName=regular, fontSize=7, textAnchor="end"))
    for index, (label, value) in enumerate(rows):
        y = height - top_pad - row_height * (index + 1) + 5
        drawing.add(String(left - 6, y + 3, label, fontName=regular, fontSize=8, textAnchor="end"))
        if value is None:
            drawing.add(String(left + 4, y + 3, "not answered", fontName=regular, fontSize=7.5,
                               fillColor=GREY))  # fmt: skip
            continue
        shade = LIGHT if index >= 3 else GREY
        drawing.add(
            Polygon(
                [left, y, x_of(value), y, x_of(value), y + 12, left, y + 12],
                fillColor=shade,
                strokeColor=colors.black,
                strokeWidth=0.5,
            )
        )
        drawing.add(String(x_of(value) + 4, y + 3, f"{value:.1f}", fontName=bold, fontSize=7.5))
    return drawing
