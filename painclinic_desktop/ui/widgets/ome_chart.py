"""Planned against recorded oral morphine equivalent over time (dose-reduction plan).

Readable in black and white: the plan is a dashed stepped line with square marks, the
recorded regimen a solid stepped line with round marks; x is days from the plan's agreement,
labelled with dates.
"""

from __future__ import annotations

from datetime import date

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...core.dates import nhs_date

INK = "#000000"


def _days(on: str, start: date) -> int:
    return (date.fromisoformat(on) - start).days


def stepped(points: list[tuple[str, float]], start: date, until: int) -> tuple[list, list]:
    """x, y of a line that holds each value until the next (a dose stays until changed)."""
    xs: list[float] = []
    ys: list[float] = []
    for n, (on, value) in enumerate(points):
        x = _days(on, start)
        if xs:
            xs.append(x)
            ys.append(ys[-1])
        xs.append(x)
        ys.append(value)
        if n == len(points) - 1 and until > x:
            xs.append(until)
            ys.append(value)
    return xs, ys


def spaced_ticks(points: list, start: date, end: int, most: int = 6) -> list[tuple[int, str]]:
    """Dates of changes as ticks, never closer than a sixth of the span (labels overlap)."""
    gap = max(1, end // most)
    ticks: list[tuple[int, str]] = []
    for x, on in sorted({_days(d, start): d for d, _ in points}.items()):
        if not ticks or x - ticks[-1][0] >= gap:
            ticks.append((x, nhs_date(on)))
    return ticks


class OmeChart(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.plot = pg.PlotWidget(self, background="w")
        self.plot.setMouseEnabled(False, False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.item = self.plot.getPlotItem()
        self.item.showGrid(x=False, y=True, alpha=0.25)
        self.item.setLabel("left", self.tr("OME mg/day"))
        self.legend = self.item.addLegend(offset=(-10, 10))
        for name in ("left", "bottom"):
            axis = self.item.getAxis(name)
            axis.setPen(pg.mkPen(INK))
            axis.setTextPen(pg.mkPen(INK))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.planned_xy: tuple[list, list] = ([], [])
        self.recorded_xy: tuple[list, list] = ([], [])

    def show_progress(
        self,
        planned: list[tuple[str, float | None]],
        recorded: list[tuple[str, float | None]],
        start_on: str,
        today: date,
    ) -> None:
        self.item.clear()
        self.legend.clear()
        start = date.fromisoformat(start_on)
        plan = [(d, float(v)) for d, v in planned if v is not None]
        seen = [(d, float(v)) for d, v in recorded if v is not None]
        end = max([_days(d, start) for d, _ in plan + seen] + [(today - start).days, 1])
        self.planned_xy = stepped(plan, start, end)
        self.recorded_xy = stepped(seen, start, (today - start).days)
        if plan:
            self.item.plot(
                *self.planned_xy,
                pen=pg.mkPen(INK, width=2, style=Qt.PenStyle.DashLine),
                symbol="s",
                symbolBrush="w",
                symbolPen=pg.mkPen(INK),
                symbolSize=8,
                name=self.tr("Planned"),
            )
        if seen:
            self.item.plot(
                *self.recorded_xy,
                pen=pg.mkPen("#1d3f7a", width=3),
                symbol="o",
                symbolBrush="#1d3f7a",
                symbolSize=7,
                name=self.tr("Recorded"),
            )
        self.item.getAxis("bottom").setTicks([spaced_ticks(plan + seen, start, end)])
        top = max([v for _, v in plan + seen] + [10.0])
        self.item.setYRange(0, top * 1.1, padding=0)
        self.item.setXRange(0, end, padding=0.04)
