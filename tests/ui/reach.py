"""Can every control of a window be reached on this screen?

A control is reachable when its whole rectangle is visible: inside its window, the window
inside the screen's available area, and not cut off by any parent — except inside a scroll
area, whose content may be scrolled into view (then the scroll area itself must be reachable
and able to scroll the way the control lies).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from painclinic_desktop.ui.fit import title_width

CONTROLS = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QAbstractSlider,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QTabBar,
)


def _global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _is_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside another control (a combo's line edit, a spin box's editor,
    scroll bars, a tab bar's scroll arrows): their owner is what a person reaches."""
    if isinstance(widget, QScrollBar):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QTabBar | QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def _clipped_by(widget: QWidget, last: QWidget | None) -> QWidget | None:
    """The first parent, up to ``last`` (or the window), that cuts part of ``widget`` off."""
    rect = _global_rect(widget)
    if widget is last:
        return None
    parent = widget.parentWidget()
    while parent is not None:
        if not _global_rect(parent).contains(rect):
            return parent
        if parent is last or parent.isWindow():
            break
        parent = parent.parentWidget()
    return None


def _scroll_owner(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def describe(widget: QWidget) -> str:
    text = ""
    for getter in ("text", "accessibleName", "placeholderText", "objectName"):
        value = getattr(widget, getter, None)
        if callable(value):
            text = value() or ""
            if text:
                break
    return f"{type(widget).__name__} {text!r}"


def unreachable_controls(window: QWidget, area: QRect) -> list[str]:
    """Words naming each visible control a person could not reach on a screen of ``area``."""
    area = area.adjusted(-1, -1, 1, 1)  # scaling rounds a window's edge by up to a pixel
    problems: list[str] = []
    frame = window.frameGeometry()
    if not area.contains(frame):
        problems.append(
            f"window {window.windowTitle()!r} {frame.width()}×{frame.height()} at "
            f"({frame.x()},{frame.y()}) does not fit the screen {area.width()}×{area.height()}"
        )
    if title_width(window) > frame.width():
        problems.append(f"title {window.windowTitle()!r} is cut short at {frame.width()} wide")
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or widget.window() is not window:
            continue
        if not widget.isVisible() or _is_internal(widget) or widget.width() <= 0:
            continue
        problem = _reach_problem(widget, area)
        if problem:
            problems.append(f"{describe(widget)}: {problem}")
    return problems


def _reach_problem(widget: QWidget, area: QRect) -> str | None:
    """Why ``widget`` cannot be brought into view, or None. Inside a scroll area it need only
    lie inside the scrolled content; the scroll area must then scroll that far and be
    reachable itself (scroll areas inside scroll areas included)."""
    owner = _scroll_owner(widget)
    cut = _clipped_by(widget, owner.widget() if owner is not None else None)
    if cut is not None:
        return f"cut off by {describe(cut)}"
    if owner is None:
        rect = _global_rect(widget)
        return None if area.contains(rect) else f"outside the screen at {rect.getRect()}"
    content, viewport = owner.widget(), owner.viewport()
    if content.width() - viewport.width() > owner.horizontalScrollBar().maximum():
        return "its scroll area cannot scroll across to it"
    if content.height() - viewport.height() > owner.verticalScrollBar().maximum():
        return "its scroll area cannot scroll down to it"
    problem = _reach_problem(owner, area)
    return f"its scroll area is {problem}" if problem else None
