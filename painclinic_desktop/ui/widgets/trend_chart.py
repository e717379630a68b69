"""One outcome score over time: points labelled by time point, bands shaded, the baseline
level dashed, follow-ups that reached the minimal important difference marked with a star.

Readable in black and white: bands are two shades of grey named on the right-hand axis,
the baseline is a dashed line, and each kind of point has its own shape (square baseline,
star reached, circle not reached, diamond nothing to compare with). Text follows the
widget's font, so it grows with the user's text size.
"""

from __future__ import annotations

import textwrap
from html import escape
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...core.measures import instrument
from .. import measure_words, words

if TYPE_CHECKING:
    from ..screens.outcomes.state import TrendPoint, TrendSeries

INK = "#000000"
LINE = "#1d3f7a"  # dark blue: prints as near-black
BAND_SHADES = ("#e4e4e4", "#f6f6f6")
# symbol, fill, size: shapes differ so colour is never needed
MARKS = {
    "baseline": ("s", "#ffffff", 15),
    "reached": ("star", "#000000", 24),
    "not_reached": ("o", "#ffffff", 14),
    "no_comparison": ("d", "#ffffff", 15),
}
LEGEND = {
    "baseline": "■",
    "reached": "★",
    "not_reached": "○",
    "no_comparison": "◇",
}


def mark_of(point: TrendPoint) -> str:
    if point.is_baseline:
        return "baseline"
    if point.reaches_mid is None:
        return "no_comparison"
    return "reached" if point.reaches_mid else "not_reached"


def chart_title(series: TrendSeries) -> str:
    if len(instrument(series.instrument).score_names) > 1:
        title = (
            measure_words.short_instrument(series.instrument)
            + " — "
            + measure_words.score_name(series.instrument, series.score)
        )
    else:
        title = words.instrument(series.instrument)
    if series.protocol:
        title += " — " + measure_words.protocol(series.protocol)
    return title


class TrendChart(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.plot = pg.PlotWidget(self, background="w")
        self.plot.setMouseEnabled(False, False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.item = self.plot.getPlotItem()
        # The title is a Qt label: it wraps, so a long name never widens the plot past its box.
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setStyleSheet("background: white; color: black; padding: 4px 8px 0 8px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)
        self.series: TrendSeries | None = None
        self.curve: pg.PlotDataItem | None = None
        self.scatters: dict[str, pg.ScatterPlotItem] = {}

    def show_series(self, series: TrendSeries) -> None:
        self.series = series
        self.item.clear()
        self.scatters = {}
        points = series.plotted
        self._style_text(series)
        self._shade_bands(series)
        self._draw_baselines(points)
        xs = list(range(len(points)))
        ys = [p.value for p in points]
        # The line breaks before a new baseline: a new episode of support starts afresh.
        joins = np.array([not p.is_baseline for p in points[1:]] + [False], dtype=bool)
        self.curve = self.item.plot(xs, ys, pen=pg.mkPen(LINE, width=3), connect=joins)
        self._draw_marks(points)
        self._label_values(points)
        self.item.getAxis("bottom").setTicks([[(i, _tick(p)) for i, p in enumerate(points)]])
        self.item.setYRange(*_y_range(series, ys), padding=0)
        self.item.setXRange(-0.5, max(len(points) - 0.5, 0.5), padding=0)
        self.setAccessibleName(chart_title(series))
        self.setMinimumHeight(int(self.fontMetrics().lineSpacing() * 17))

    # --- what a test (or a screen reader summary) can ask ------------------------------------

    def values(self) -> list[float]:
        """The y values of the line, in order: exactly the scores plotted."""
        if self.curve is None:
            return []
        data = self.curve.getData()[1]
        return [] if data is None else [float(v) for v in data]

    def marked(self, kind: str) -> list[int]:
        """x positions of the points drawn with one kind of mark ("reached", …)."""
        scatter = self.scatters.get(kind)
        if scatter is None:
            return []
        return [int(round(x)) for x in scatter.getData()[0]]

    # --- drawing -----------------------------------------------------------------------

    def _style_text(self, series: TrendSeries) -> None:
        size = self.font().pointSizeF()
        self.title.setText(
            f"<span style='font-size:{size * 1.2:.1f}pt; font-weight:bold'>"
            f"{escape(chart_title(series))}</span> "
            f"<span>· {escape(measure_words.direction(series.higher_is_better))}</span>"
        )
        tick_font = QFont(self.font())
        for name in ("left", "bottom", "right"):
            axis = self.item.getAxis(name)
            axis.setTickFont(tick_font)
            axis.setPen(pg.mkPen(INK))
            axis.setTextPen(pg.mkPen(INK))
        self.item.getAxis("bottom").setHeight(int(self.fontMetrics().lineSpacing() * 3.8))
        widest = max(
            (
                self.fontMetrics().horizontalAdvance(measure_words.band(b))
                for b, _, _ in series.bands
            ),
            default=0,
        )
        self.item.showAxis("right", bool(series.bands))
        self.item.getAxis("right").setWidth(widest + 16)
        self.item.getAxis("left").setWidth(int(self.fontMetrics().horizontalAdvance("000") * 2))

    def _shade_bands(self, series: TrendSeries) -> None:
        """Grey bands; integer scores get edges half-way between values (4.5 between 4 and 5)."""
        half = 0.5 if _whole_numbers(series) else 0.0
        ticks = []
        for i, (band, low, high) in enumerate(series.bands):
            bottom = series.low if i == 0 else low - half
            top = series.high if i == len(series.bands) - 1 else high - half
            region = pg.LinearRegionItem(
                (bottom, top),
                orientation="horizontal",
                movable=False,
                brush=QColor(BAND_SHADES[i % 2]),
                pen=pg.mkPen("#9a9a9a", style=Qt.PenStyle.DotLine),
            )
            region.setZValue(-10)
            self.item.addItem(region)
            ticks.append(((bottom + top) / 2, measure_words.band(band)))
        self.item.getAxis("right").setTicks([ticks])

    def _draw_baselines(self, points: list[TrendPoint]) -> None:
        """A dashed line at each baseline's level, across the points compared with it."""
        pen = pg.mkPen(INK, width=2, style=Qt.PenStyle.DashLine)
        start = None
        for i, point in enumerate([*points, None]):
            ends = point is None or (point.is_baseline and start is not None)
            if ends and start is not None:
                level = points[start].value
                self.item.plot([start - 0.35, i - 1 + 0.35], [level, level], pen=pen)
                start = None
            if point is not None and point.is_baseline:
                start = i

    def _draw_marks(self, points: list[TrendPoint]) -> None:
        for kind, (symbol, fill, size) in MARKS.items():
            chosen = [(i, p.value) for i, p in enumerate(points) if mark_of(p) == kind]
            if not chosen:
                continue
            scatter = pg.ScatterPlotItem(
                [c[0] for c in chosen],
                [c[1] for c in chosen],
                symbol=symbol,
                size=size,
                brush=pg.mkBrush(fill),
                pen=pg.mkPen(INK, width=2),
            )
            scatter.setZValue(10)
            self.item.addItem(scatter)
            self.scatters[kind] = scatter

    def _label_values(self, points: list[TrendPoint]) -> None:
        font = QFont(self.font())
        font.setBold(True)
        for i, point in enumerate(points):
            text = pg.TextItem(measure_words.number(point.value), color=INK, anchor=(0.5, 1.25))
            text.setFont(font)
            text.setPos(i, point.value)
            text.setZValue(11)
            self.item.addItem(text)


def _y_range(series: TrendSeries, ys: list[float]) -> tuple[float, float]:
    """The whole scale when it has bands to show; else up to a little above the highest
    score, so a sit-to-stand count of 9 is not squashed against a 0-100 scale."""
    high = series.high
    if not series.bands and ys:
        high = min(series.high, max(max(ys) * 1.5, max(ys) + 5))
    pad = (high - series.low) * 0.08
    return series.low - pad, high + pad


def _whole_numbers(series: TrendSeries) -> bool:
    return instrument(series.instrument).rule(series.score).method in ("sum", "item")


def _tick(point: TrendPoint) -> str:
    day = point.administered_on
    name = textwrap.fill(words.time_point(point.time_point), 10)  # "10-week\nfollow-up"
    return f"{name}\n{day[8:10]}/{day[5:7]}/{day[2:4]}"
