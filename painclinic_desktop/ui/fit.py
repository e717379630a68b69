"""Windows that fit the screen they open on: a 1366×768 laptop, a 1024×600 netbook, either at
125 % or 150 % scaling.

Every window and dialog asks for its size through ``fit_to_screen`` (never ``resize`` with
fixed numbers), and an application-wide watcher shrinks any window that would still open
larger than the available screen (a message box, a wizard, geometry remembered from a bigger
monitor) and moves it back on screen. Content that cannot shrink scrolls instead: see
``scrolling``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QWidget

# Room for a window's title bar and borders, which are not known before it is shown.
FRAME_ALLOWANCE = QSize(16, 40)
# Beside the title in a title bar: the window icon and the minimise, maximise, close buttons.
TITLE_BAR_BUTTONS = 140


def available_area(widget: QWidget | None = None) -> QRect:
    """The part of the screen a window may use (without task bar or dock)."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = screen_of(parent.window() if parent is not None else widget.window())
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 600)


def screen_of(window: QWidget) -> QScreen | None:
    """The screen under ``window``'s centre (None when it is off every screen).

    Asked of the application by position, never with ``QWidget.screen()`` or
    ``QWindow.screen()``: PySide6 makes the screen's wrapper a child of the widget there, and
    when the widget's wrapper was freed the screen's wrapper could be left owning the screen
    and delete it in turn, behind Qt's back; the next window to open then crashed in
    ``QScreen::virtualSiblings`` (seen in long test runs).
    """
    return QGuiApplication.screenAt(window.geometry().center())


def fitted_size(wanted: QSize, area: QRect) -> QSize:
    """``wanted``, made no larger than the area less room for the window's frame."""
    return QSize(
        max(200, min(wanted.width(), area.width() - FRAME_ALLOWANCE.width())),
        max(150, min(wanted.height(), area.height() - FRAME_ALLOWANCE.height())),
    )


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Size ``window`` to width × height, or to the screen if that is smaller, and keep it
    on the screen (centred over its parent when it has one)."""
    area = available_area(window)
    window.resize(fitted_size(QSize(width, height), area))
    keep_on_screen(window, area)


def keep_on_screen(window: QWidget, area: QRect | None = None) -> None:
    """Shrink ``window`` to the screen if it is larger, and move it fully onto the screen."""
    area = area or available_area(window)
    room = fitted_size(window.size(), area)
    if room != window.size():
        window.resize(room)
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.left()), area.right() + 1 - frame.width())
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, area.left()), max(y, area.top()))


def title_width(window: QWidget) -> int:
    """The width a title bar needs to show the whole of ``window``'s title (title bars use a
    bold font on most desktops; a little more than the app font, to be safe)."""
    font = QFont(window.font())
    font.setBold(True)
    return int(QFontMetrics(font).horizontalAdvance(window.windowTitle()) * 1.1) + (
        TITLE_BAR_BUTTONS
    )


def widen_for_title(window: QWidget, area: QRect | None = None) -> None:
    """Make ``window`` wide enough that its title is not cut short, within the screen."""
    area = area or available_area(window)
    wanted = min(title_width(window), area.width() - FRAME_ALLOWANCE.width())
    if window.width() < wanted:
        window.resize(wanted, window.height())


def scrolling(content: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """``content`` inside a frameless scroll area, so a page taller or wider than the window
    can always be reached (the scroll bars appear only when needed)."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    return area


class _ScreenWatcher(QObject):
    """Shrinks and moves any window that is about to appear larger than the screen."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)
            and not watched.isMaximized()
            and not watched.isFullScreen()
        ):
            area = available_area(watched)
            widen_for_title(watched, area)
            keep_on_screen(watched, area)
        return False


_watcher: _ScreenWatcher | None = None


def watch_windows() -> None:
    """Install the watcher once for the whole application."""
    global _watcher
    app = QApplication.instance()
    if app is None or _watcher is not None:
        return
    _watcher = _ScreenWatcher(app)
    app.installEventFilter(_watcher)
