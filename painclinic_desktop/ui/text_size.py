"""View ▸ Text size: one setting that scales every font in the app, remembered between runs.

The size is a percentage of the system font. Headings keep their proportion to it because
they are made with ``heading_font`` (a factor kept on the widget), not a fixed point size.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from .widget_walk import collector_paused

SETTING = "view/text_size"
SIZES = (80, 90, 100, 110, 125, 150, 175, 200)
NORMAL = 100
_FACTOR = "headingFactor"
_BOLD = "headingBold"


def _base_point_size(app: QApplication) -> float:
    """The system font size, read once before the app first changes it."""
    stored = app.property("baseFontPointSize")
    if stored is None:
        stored = app.font().pointSizeF()
        app.setProperty("baseFontPointSize", stored)
    return float(stored)


def current_size() -> int:
    app = QApplication.instance()
    value = app.property("textSizePercent") if app is not None else None
    return int(value) if value is not None else NORMAL


def apply_text_size(percent: int) -> int:
    """Set the whole app's text to ``percent`` of the system size (kept to the listed
    sizes); returns the size used."""
    app = QApplication.instance()
    if app is None:
        return NORMAL
    percent = min(SIZES, key=lambda s: abs(s - int(percent)))
    font = QFont(app.font())
    font.setPointSizeF(_base_point_size(app) * percent / 100)
    app.setProperty("textSizePercent", percent)
    app.setFont(font)
    with collector_paused():  # the list names widgets a collection could delete meanwhile
        for widget in app.allWidgets():
            factor = widget.property(_FACTOR)
            if factor is not None:
                _set_heading(widget, float(factor), bool(widget.property(_BOLD)))
    return percent


def step(current: int, direction: int) -> int:
    """The next size up (+1) or down (-1) from ``current``."""
    index = min(range(len(SIZES)), key=lambda i: abs(SIZES[i] - current))
    return SIZES[max(0, min(len(SIZES) - 1, index + direction))]


def heading_font(widget: QWidget, factor: float, bold: bool = True) -> None:
    """Give ``widget`` a font ``factor`` times the app's text size, kept when it changes."""
    widget.setProperty(_FACTOR, factor)
    widget.setProperty(_BOLD, bold)
    _set_heading(widget, factor, bold)


def _set_heading(widget: QWidget, factor: float, bold: bool) -> None:
    font = QFont(QApplication.font())
    font.setPointSizeF(QApplication.font().pointSizeF() * factor)
    font.setBold(bold)
    widget.setFont(font)
