"""Charts can be drawn all day: plotting must not corrupt Python's own objects.

PySide6 6.12.0 with pyqtgraph lowers the reference count of ``None`` on every plot, so a
coach opening enough records with outcome charts would see the app abort. The dependency
pin in pyproject.toml keeps that release out; this test fails if it ever comes back.
"""

import sys

import pyqtgraph as pg


def test_plotting_does_not_release_references_it_does_not_own(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.plot([1, 2, 3], [4, 5, 6])  # warm up caches first
    before = sys.getrefcount(None)
    for _ in range(30):
        widget.clear()
        widget.plot([1, 2, 3], [4, 5, 6], pen=pg.mkPen("k"), symbol="o")
    assert sys.getrefcount(None) >= before
