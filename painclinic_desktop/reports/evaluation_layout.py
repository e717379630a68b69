"""The evaluation PDF in the layout services publish: one block per measure, headed with its
range, good direction and MID ("PSEQ total (0–60), higher is better; MID +5.5"), a row per
time point (Mid-point, Post, 10 weeks, 6 months, 12 months), N, pre and post mean (SD), mean
change, p with * (p < 0.05) and ** (p < 0.01), "MID met" on the mean change and the number
(%) reaching the MID; then a chart of the means over the time points with 95 % intervals.
N under 10 is marked † with a caution.
"""

from __future__ import annotations

import math
from typing import Any

from painclinic_desktop.core import t_distribution
from painclinic_desktop.core.measures import instrument
from painclinic_desktop.core.measures.names import SHORT_NAMES
from painclinic_desktop.core.monthly_return.common import Sheet
from painclinic_desktop.core.outcomes import ITEM_SCORES

POINT_ORDER = ("mid", "end", "fu_10w", "fu_6m", "fu_12m")
POINT_NAMES = {
    "mid": "Mid-point",
    "end": "Post",
    "fu_10w": "10 weeks",
    "fu_6m": "6 months",
    "fu_12m": "12 months",
}
SCORE_NAMES = {
    "total": "total",
    "metric": "metric score",
    "severity": "severity",
    "interference": "interference",
    "worst": "worst pain",
    "average": "average pain",
    "life_satisfaction": "life satisfaction",
    "worthwhile": "worthwhile",
    "happy": "happiness",
    "anxious": "anxiety",
    "count": "stands",
}
HEADINGS = [
    "Time point",
    "N",
    "Pre mean (SD)",
    "Post mean (SD)",
    "Mean change",
    "p",
    "MID met",
    "Reaching MID n (%)",
]
CAUTION_N = 10
CAUTION = "† fewer than 10 clients: read with caution."
MARKS_NOTE = "p: two-sided paired t-test; * p < 0.05, ** p < 0.01."
_BLANK = "—"


def score_range(name: str, score: str) -> tuple[float, float, bool]:
    """(lowest, highest, higher is better) of a reported score."""
    if (name, score) in ITEM_SCORES:
        return 0.0, 10.0, False
    rule = instrument(name).rule(score)
    return rule.low, rule.high, rule.higher_is_better


def measure_heading(name: str, score: str, mid: float | None) -> str:
    """``PSEQ total (0–60), higher is better; MID +5.5``."""
    low, high, higher = score_range(name, score)
    words = f"{SHORT_NAMES.get(name, name)} {SCORE_NAMES.get(score, score)}"
    direction = "higher is better" if higher else "lower is better"
    text = f"{words} ({low:g}–{high:g}), {direction}"
    return text + (f"; MID {mid:+g}" if mid is not None else "")


def p_with_marks(p: float | None) -> str:
    if p is None:
        return _BLANK
    text = "<0.001" if p < 0.001 else f"{p:.3f}"
    return text + ("**" if p < 0.01 else "*" if p < 0.05 else "")


def _number(value: float | None) -> str:
    return _BLANK if value is None else f"{value:.2f}"


def measure_blocks(sheet: Sheet) -> list[tuple[str, list[dict[str, Any]]]]:
    """(heading, rows in time-point order) for each measure, in the table's order."""
    blocks: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in sheet.rows:
        v = dict(zip(sheet.columns, row, strict=True))
        blocks.setdefault((v["instrument"], v["score"]), []).append(v)
    found = []
    for (name, score), rows in blocks.items():
        rows.sort(key=lambda v: POINT_ORDER.index(v["time_point"]))
        found.append((measure_heading(name, score, rows[0].get("mid")), rows))
    return found


def block_cells(rows: list[dict[str, Any]]) -> list[list[str]]:
    cells = []
    for v in rows:
        n = f"{v['n']}†" if v["n"] < CAUTION_N else str(v["n"])
        met = {"yes": "Yes", "no": "No"}.get(v.get("mid_met") or "", _BLANK)
        cells.append(
            [
                POINT_NAMES.get(v["time_point"], v["time_point"]),
                n,
                f"{_number(v['baseline_mean'])} ({_number(v['baseline_sd'])})",
                f"{_number(v['followup_mean'])} ({_number(v['followup_sd'])})",
                _number(v["mean_change"]),
                p_with_marks(v["p_value"]),
                met,
                f"{v['n_mid_reached']} ({v['percent_mid_reached']:.1f}%)",
            ]
        )
    return cells


def mean_interval(mean: float | None, sd: float | None, n: int) -> tuple[float, float] | None:
    """95 % interval of a mean (t distribution, df = n − 1); None for n < 2."""
    if mean is None or sd is None or n < 2:
        return None
    half = t_distribution.quantile(0.975, n - 1) * sd / math.sqrt(n)
    return mean - half, mean + half


def chart_points(rows: list[dict[str, Any]]) -> list[tuple[str, float, tuple | None, int]]:
    """(label, mean, interval, n) for Pre (the baseline of the time point with most clients),
    then each time point's follow-up."""
    busiest = max(rows, key=lambda v: v["n"])
    points = [
        (
            "Pre",
            busiest["baseline_mean"],
            mean_interval(busiest["baseline_mean"], busiest["baseline_sd"], busiest["n"]),
            busiest["n"],
        )
    ]
    for v in rows:
        points.append(
            (
                POINT_NAMES.get(v["time_point"], v["time_point"]),
                v["followup_mean"],
                mean_interval(v["followup_mean"], v["followup_sd"], v["n"]),
                v["n"],
            )
        )
    return points


def means_chart(rows: list[dict[str, Any]], regular: str, bold: str) -> Any:
    """Means over the time points, each with its 95 % interval (black and white)."""
    from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
    from reportlab.lib import colors

    points = chart_points(rows)
    floor, ceiling, _ = score_range(rows[0]["instrument"], rows[0]["score"])
    # an interval of two or three clients can reach past the scale: drawn to its end
    points = [
        (label, mean, (max(i[0], floor), min(i[1], ceiling)) if i else None, n)
        for label, mean, i, n in points
    ]
    width, height, left, bottom, top = 250.0, 125.0, 30.0, 24.0, 14.0
    values = [m for _, m, _, _ in points] + [e for *_, i, _ in points if i for e in i]
    low, high = min(values), max(values)
    pad = (high - low) * 0.1 or 1.0
    low, high = low - pad, high + pad
    step = (width - left - 10) / len(points)

    def y(value: float) -> float:
        return bottom + (value - low) / (high - low) * (height - bottom - top)

    drawing = Drawing(width, height)
    drawing.add(Line(left, bottom, left, height - top, strokeWidth=0.5))
    drawing.add(Line(left, bottom, width - 10, bottom, strokeWidth=0.5))
    for value in (low + pad, (low + high) / 2, high - pad):
        drawing.add(Line(left - 3, y(value), left, y(value), strokeWidth=0.5))
        drawing.add(String(2, y(value) - 3, f"{value:.1f}", fontName=regular, fontSize=7))
    xs = [left + step * (i + 0.5) for i in range(len(points))]
    drawing.add(
        PolyLine(
            [c for x, p in zip(xs, points, strict=True) for c in (x, y(p[1]))],
            strokeWidth=0.8,
            strokeDashArray=[2, 2],
        )
    )
    for x, (label, mean, interval, n) in zip(xs, points, strict=True):
        if interval is not None:
            drawing.add(Line(x, y(interval[0]), x, y(interval[1]), strokeWidth=1))
            for end in interval:
                drawing.add(Line(x - 4, y(end), x + 4, y(end), strokeWidth=1))
        drawing.add(Rect(x - 3, y(mean) - 3, 6, 6, fillColor=colors.black, strokeWidth=0))
        drawing.add(String(x, 12, label, fontName=regular, fontSize=6.5, textAnchor="middle"))
        drawing.add(String(x, 3, f"n {n}", fontName=regular, fontSize=6, textAnchor="middle"))
    drawing.add(String(left, height - 9, "Mean and 95% interval", fontName=bold, fontSize=8))
    return drawing
