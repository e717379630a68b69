"""Planned against recorded OME as a small reportlab drawing, readable in black and white:
the plan dashed with open squares, the recorded regimen solid with filled circles."""

from __future__ import annotations

from datetime import date

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors

from painclinic_desktop.core.dates import nhs_date

LEFT, BOTTOM, TOP_GAP, RIGHT_GAP = 34, 16, 6, 92


def _days(on: str, start: date) -> int:
    return (date.fromisoformat(on) - start).days


def _stepped(points, start, until):
    xy: list[tuple[float, float]] = []
    for n, (on, value) in enumerate(points):
        x = _days(on, start)
        if xy:
            xy.append((x, xy[-1][1]))
        xy.append((x, value))
        if n == len(points) - 1 and until > x:
            xy.append((until, value))
    return xy


def ome_drawing(
    planned: tuple[tuple[str, float], ...],
    recorded: tuple[tuple[str, float], ...],
    start_on: str,
    today: date,
    width: float,
    height: float = 88,
    font: str = "Helvetica",
) -> Drawing:
    start = date.fromisoformat(start_on)
    end = max([_days(d, start) for d, _ in planned + recorded] + [(today - start).days, 1])
    top = max([v for _, v in planned + recorded] + [10.0]) * 1.1
    plot_w, plot_h = width - LEFT - RIGHT_GAP, height - BOTTOM - TOP_GAP

    def point(x: float, y: float) -> tuple[float, float]:
        return LEFT + plot_w * x / end, BOTTOM + plot_h * y / top

    d = Drawing(width, height)
    d.add(Line(LEFT, BOTTOM, LEFT + plot_w, BOTTOM, strokeColor=colors.black, strokeWidth=0.6))
    d.add(Line(LEFT, BOTTOM, LEFT, BOTTOM + plot_h, strokeColor=colors.black, strokeWidth=0.6))
    for value in (0, top / 1.1 / 2, top / 1.1):
        _, y = point(0, value)
        d.add(String(LEFT - 3, y - 2.5, f"{value:.0f}", fontName=font, fontSize=6.5,
                     textAnchor="end"))  # fmt: skip
    d.add(String(2, BOTTOM + plot_h + 1, "mg/day", fontName=font, fontSize=6.5))
    d.add(String(LEFT, 3, nhs_date(start_on), fontName=font, fontSize=6.5))
    d.add(String(LEFT + plot_w, 3, nhs_date(start.fromordinal(start.toordinal() + end)),
                 fontName=font, fontSize=6.5, textAnchor="end"))  # fmt: skip
    for series, dashed in ((planned, True), (recorded, False)):
        if not series:
            continue
        until = end if dashed else (today - start).days
        xy = [point(x, y) for x, y in _stepped(list(series), start, until)]
        flat = [c for p in xy for c in p]
        d.add(
            PolyLine(
                flat,
                strokeColor=colors.black,
                strokeWidth=1 if dashed else 1.8,
                strokeDashArray=[3, 2] if dashed else None,
            )
        )
        for on, value in series:
            x, y = point(_days(on, start), value)
            if dashed:
                d.add(Rect(x - 2, y - 2, 4, 4, strokeColor=colors.black, fillColor=colors.white,
                           strokeWidth=0.6))  # fmt: skip
            else:
                d.add(Circle(x, y, 2, strokeColor=colors.black, fillColor=colors.black))
    key_x = LEFT + plot_w + 8
    d.add(Line(key_x, height - 14, key_x + 16, height - 14, strokeColor=colors.black,
               strokeDashArray=[3, 2]))  # fmt: skip
    d.add(String(key_x + 20, height - 16.5, "planned", fontName=font, fontSize=7))
    d.add(Line(key_x, height - 28, key_x + 16, height - 28, strokeColor=colors.black,
               strokeWidth=1.8))  # fmt: skip
    d.add(String(key_x + 20, height - 30.5, "recorded", fontName=font, fontSize=7))
    return d
