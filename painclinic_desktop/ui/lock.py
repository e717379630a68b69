"""Auto-lock: after an idle time, on Ctrl+L, and when the system says it is going to sleep.

Locking drops the key (the database connection is closed), hides every window's contents and
any open form's title, and asks the same person for their password. Nothing is closed, so a
half-filled form is exactly as it was after signing in again. Before the key goes, every open
window with a ``keep_draft()`` method (the assessment form) and every form's unsaved-text guard
saves its encrypted draft, so the work also survives the app being closed from the lock
screen; others can listen to ``about_to_lock``.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QAbstractNativeEventFilter, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from ..services import session
from ..services.database import Store
from .sign_in import SignInDialog
from .widget_walk import collector_paused

log = logging.getLogger(__name__)

DEFAULT_IDLE_MINUTES = 5
_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


def idle_minutes(store: Store) -> float:
    """The service setting ``auto_lock_minutes`` (default 5)."""
    try:
        return max(0.05, float(store.setting("auto_lock_minutes", str(DEFAULT_IDLE_MINUTES))))
    except ValueError:
        return DEFAULT_IDLE_MINUTES


class LockController(QObject):
    about_to_lock = Signal()
    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QWidget, store: Store, idle_ms: int | None = None):
        super().__init__(window)
        self.window, self.store = window, store
        self.is_locked = False
        self.dialog: SignInDialog | None = None
        self._covered: list[tuple[QWidget, str, list[QWidget]]] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(idle_ms or int(idle_minutes(store) * 60_000))
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        app.installEventFilter(self)
        app.applicationStateChanged.connect(self._state_changed)
        self._sleep_filter = _install_sleep_filter(self.lock)
        self.timer.start()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if not self.is_locked and event.type() in _ACTIVITY:
            self.timer.start()  # restart the idle count
        return False

    def _state_changed(self, state) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self.lock()

    def lock(self) -> None:
        if self.is_locked or self.store.is_locked:
            return
        self.about_to_lock.emit()
        _keep_drafts()
        self.is_locked = True
        self.timer.stop()
        _close_popups()
        with collector_paused():
            for widget in QApplication.topLevelWidgets():
                if widget.isVisible() and widget.windowType() != Qt.WindowType.Popup:
                    self._cover(widget)
        from ..services import accounts  # loaded at sign-in; not needed before

        try:
            accounts.lock(self.store)
        except Exception:  # noqa: BLE001 — the key must go even if the audit row cannot
            log.exception("could not record the lock")
            self.store.lock()
        self._ask_for_password()
        self.locked.emit()

    def _cover(self, window: QWidget) -> None:
        hidden = [
            child
            for child in window.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if child.isVisible()
        ]
        for child in hidden:
            child.hide()
        self._covered.append((window, window.windowTitle(), hidden))
        window.setWindowTitle(self.tr("PainClinic Desktop — locked"))

    def _ask_for_password(self) -> None:
        from ..services import accounts

        me = session.signed_in()
        name = me.name if me else ""
        intro = self.tr(
            "PainClinic Desktop is locked. %1, type your password to carry on where you left off."
        ).replace("%1", name)
        self.dialog = SignInDialog(
            lambda n, p: accounts.unlock(self.store, n, p), intro, name=name, fixed_name=bool(name)
        )
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.accepted.connect(self._unlocked)
        self.dialog.rejected.connect(self._quit_instead)
        self.dialog.open()

    def _unlocked(self) -> None:
        for window, title, hidden in reversed(self._covered):
            for child in hidden:
                child.show()
            window.setWindowTitle(title)
        self._covered.clear()
        self.is_locked = False
        self.dialog = None
        self.timer.start()
        self.unlocked.emit()

    def _quit_instead(self) -> None:
        """Quit from the lock screen: the key is already gone; nothing unsaved can be seen."""
        self.dialog = None
        QApplication.instance().quit()


def _keep_drafts() -> None:
    """Every open form's unsaved words go into its encrypted draft while the key is here:
    windows with ``keep_draft()`` (the assessment) and every form's ``UnsavedGuard``."""
    from .widgets.unsaved_guard import UnsavedGuard

    keepers, seen = [], set()
    with collector_paused():
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for widget in windows:  # kept by this list now, so no collection can delete one
        for keeper in (widget, *widget.findChildren(UnsavedGuard)):
            keep = getattr(keeper, "keep_draft", None)
            if callable(keep) and id(keeper) not in seen:
                seen.add(id(keeper))
                keepers.append(keep)
    for keep in keepers:
        try:
            keep()
        except Exception:  # noqa: BLE001 — locking must not wait on a failed draft
            log.exception("could not keep a draft before locking")


def _close_popups() -> None:
    QToolTip.hideText()
    while (popup := QApplication.activePopupWidget()) is not None:
        popup.close()


def install_lock(window, store: Store, idle_ms: int | None = None) -> LockController | None:
    """The lock for ``window`` and a File ▸ Lock action (Ctrl+L). Practice and demo databases
    have no accounts to sign back in with, so they do not lock."""
    if not store.is_encrypted:
        return None
    controller = LockController(window, store, idle_ms)
    action = QAction(window.tr("&Lock now"), window)
    action.setShortcut(QKeySequence("Ctrl+L"))
    action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    action.triggered.connect(controller.lock)
    window.addAction(action)
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    if menus:
        menus[0].insertAction(menus[0].actions()[-1] if menus[0].actions() else None, action)
    window.lock_controller = controller
    return controller


class _WindowsSleepFilter(QAbstractNativeEventFilter):
    """Windows tells every window before it sleeps (WM_POWERBROADCAST, PBT_APMSUSPEND)."""

    def __init__(self, on_sleep):
        super().__init__()
        self.on_sleep = on_sleep

    def nativeEventFilter(self, event_type, message):  # noqa: N802 (Qt API)
        try:
            if bytes(event_type) == b"windows_generic_MSG":
                import ctypes.wintypes

                msg = ctypes.wintypes.MSG.from_address(int(message))
                if msg.message == 0x0218 and msg.wParam == 0x0004:
                    QTimer.singleShot(0, self.on_sleep)
        except Exception:  # noqa: BLE001 — never let a native message break the app
            pass
        return False, 0


def _install_sleep_filter(on_sleep):
    if sys.platform != "win32":
        return None
    sleep_filter = _WindowsSleepFilter(on_sleep)
    QGuiApplication.instance().installNativeEventFilter(sleep_filter)
    return sleep_filter
