"""The equity PDF's chart for one measure: each group's mean change with its 95 % interval,
one line per group, beside the whole service's (a grey band and a dashed line), with the
zero line. Drawn for the follow-up time point with the most clients. Groups whose figures are
hidden (small numbers) are listed without a mark."""

from __future__ import annotations

from typing import Any

from painclinic_desktop.core.equity import (
    ALL,
    EquityReport,
    busiest_time_point,
    change_points,
    measures_reported,
)
from painclinic_desktop.reports import labels

WIDTH, ROW, LEFT, RIGHT = 560.0, 16.0, 210.0, 30.0


def chart_rows(report: EquityReport, measure: str) -> tuple[str, list[dict[str, Any]]] | None:
    """(time point, rows of that time point) for the measure's most-answered time point."""
    for instrument, score in measures_reported(report):
        if labels.outcome(instrument, score, "end").split(",")[0] != measure:
            continue
        point = busiest_time_point(report, instrument, score)
        if point is not None:
            return point, change_points(report, instrument, score, point)
    return None


def change_chart(report: EquityReport, measure: str, regular: str, bold: str) -> Any:
    from reportlab.graphics.shapes import Line, Rect, String
    from reportlab.lib import colors

    from painclinic_desktop.reports.script_text import needs_shaping
    from painclinic_desktop.reports.shaped_paragraph import TextDrawing

    found = chart_rows(report, measure)
    if found is None:
        return None
    point, rows = found
    shown = [r for r in rows if r["mean_change"] is not None]
    if not shown:
        return None
    ends = [0.0]
    for r in shown:
        ends += [r["mean_change"], r["change_ci_low"] or r["mean_change"]]
        ends += [r["change_ci_high"] or r["mean_change"]]
    low, high = min(ends), max(ends)
    pad = (high - low) * 0.08 or 1.0
    low, high = low - pad, high + pad
    height = ROW * (len(rows) + 2) + 14

    def x(value: float) -> float:
        return LEFT + (value - low) / (high - low) * (WIDTH - LEFT - RIGHT)

    drawing = TextDrawing(WIDTH, height)  # a group may be a coach's or a language's name
    when = labels.outcome(rows[0]["instrument"], rows[0]["score"], point).split(", ", 1)[1]
    drawing.add(
        String(0, height - 10, f"Mean change and 95% interval, {when}", fontName=bold, fontSize=8.5)
    )
    whole = next((r for r in rows if r["group"] == ALL), None)
    top = height - 18
    if whole and whole["change_ci_low"] is not None:
        band = Rect(
            x(whole["change_ci_low"]),
            ROW,
            x(whole["change_ci_high"]) - x(whole["change_ci_low"]),
            top - ROW,
            fillColor=colors.Color(0.88, 0.88, 0.88),
            strokeColor=None,
        )
        drawing.add(band)
    if whole and whole["mean_change"] is not None:
        drawing.add(
            Line(
                x(whole["mean_change"]),
                ROW,
                x(whole["mean_change"]),
                top,
                strokeDashArray=[3, 2],
                strokeWidth=0.8,
            )
        )
    drawing.add(Line(x(0), ROW, x(0), top, strokeWidth=0.6, strokeColor=colors.black))
    for i, r in enumerate(rows):
        y = top - ROW * (i + 0.7)
        font = bold if r["group"] == ALL else regular
        label = _short(r["label"])
        if needs_shaping(label):  # "اردو", a coach named in Bengali: joined, in order
            drawing.shaped.append((0, y - 3, label, 8, "start", r["group"] == ALL, None))
        else:
            drawing.add(String(0, y - 3, label, fontName=font, fontSize=8))
        if r["mean_change"] is None:
            drawing.add(
                String(
                    LEFT,
                    y - 3,
                    f"n {r['n']}: not shown",
                    fontName=regular,
                    fontSize=7.5,
                    fillColor=colors.Color(0.35, 0.35, 0.35),
                )
            )
            continue
        if r["change_ci_low"] is not None:
            drawing.add(Line(x(r["change_ci_low"]), y, x(r["change_ci_high"]), y, strokeWidth=1.2))
        size = 3.2
        drawing.add(
            Rect(
                x(r["mean_change"]) - size,
                y - size,
                2 * size,
                2 * size,
                fillColor=colors.black,
                strokeColor=None,
            )
        )
    for value in _ticks(low, high):
        drawing.add(Line(x(value), ROW - 3, x(value), ROW, strokeWidth=0.5))
        drawing.add(String(x(value) - 6, 2, f"{value:g}", fontName=regular, fontSize=7))
    drawing.add(Line(LEFT, ROW, WIDTH - RIGHT, ROW, strokeWidth=0.5))
    return drawing


def _short(text: str, limit: int = 44) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ticks(low: float, high: float) -> list[float]:
    span = high - low
    step = next(s for s in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50) if span / s <= 8)
    first = int(low / step) * step
    return [round(first + i * step, 6) for i in range(0, 12) if low <= first + i * step <= high]
