"""Sync in the background: on start, every few minutes while the hub answers, soon after
each save, and on demand (F9). Each run opens its own connection on a worker; the window
never waits for it. The status bar shows the state in one line; a click opens the hub page.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QPushButton

from ....services import sync_status
from ....services.sync import HubUnavailable
from ...ops import announce, store_op
from ...words import counted, local_time

logger = logging.getLogger(__name__)

EVERY_MS = 3 * 60 * 1000  # while the hub answers
OFFLINE_EVERY_MS = 10 * 60 * 1000  # while it does not: a laptop on a train, say
AFTER_SAVE_MS = 3000  # a few saves in a row make one run


def _t(text: str) -> str:
    return QCoreApplication.translate("sync", text)


def status_line(status: sync_status.SyncStatus) -> str:
    """ "Synced 10:42 · 3 waiting · 1 clash", "Offline — 12 changes waiting", "Hub refused
    2 changes" (the most pressing first)."""
    if not status.joined:
        return ""
    if status.refused:
        return counted(status.refused, _t("Hub refused 1 change"), _t("Hub refused %1 changes"))
    if status.offline:
        return counted(
            status.waiting, _t("Offline — 1 change waiting"), _t("Offline — %1 changes waiting")
        )
    if status.last_sync:
        parts = [_t("Synced %1").replace("%1", local_time(status.last_sync))]
    else:
        parts = [_t("Not synced yet")]
    if status.waiting:
        parts.append(_t("%1 waiting").replace("%1", str(status.waiting)))
    if status.clashes:
        parts.append(counted(status.clashes, _t("1 clash"), _t("%1 clashes")))
    return " · ".join(parts)


class SyncController(QObject):
    """One per main window. ``synced`` carries each finished run's report."""

    synced = Signal(object)
    status_changed = Signal(object)  # SyncStatus

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.store = window.store
        self.running = False
        self._again = False
        self._manual = False
        self.status: sync_status.SyncStatus | None = None
        self.clash_clients: dict[str, int] = {}
        self.button = QPushButton(window)
        self.button.setFlat(True)
        self.button.setObjectName("syncStatus")
        self.button.setAccessibleName(_t("Sync status"))
        self.button.setToolTip(_t("The team hub: click for the sync page (F9 syncs now)"))
        self.button.clicked.connect(self.open_page)
        window.statusBar().addPermanentWidget(self.button)
        self.every = QTimer(self)
        self.every.setSingleShot(True)
        self.every.timeout.connect(self.sync_now)
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(AFTER_SAVE_MS)
        self.soon.timeout.connect(self.sync_now)
        self.refresh()

    # -- what is shown ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the state (a few counts on small tables) and show it."""
        if self.store.is_locked:
            return
        try:
            status = sync_status.status(self.store)
            clash_clients = sync_status.clients_with_clashes(self.store) if status.clashes else {}
        except Exception:  # noqa: BLE001 — a database without the sync tables shows nothing
            logger.warning("sync state not read", exc_info=False)
            return
        self.show(status, clash_clients)

    def show(self, status: sync_status.SyncStatus, clash_clients: dict[str, int]) -> None:
        self.status = status
        self.clash_clients = clash_clients
        line = status_line(status)
        if self.running:
            line = _t("Syncing…") + ("  " + line if line else "")
        self.button.setText(line)
        self.button.setVisible(status.joined)
        self.button.setAccessibleDescription(line)
        alarm = status.refused or status.clashes
        self.button.setStyleSheet("color: #b00020; font-weight: bold;" if alarm else "")
        self.status_changed.emit(status)

    # -- when to sync ----------------------------------------------------------------------

    def start(self) -> None:
        """Opening the window: a first run at once, if this laptop has joined a hub."""
        if self.status is not None and self.status.joined:
            QTimer.singleShot(0, self, self.sync_now)

    def after_save(self) -> None:
        """A record was saved: send it soon, if the hub was answering."""
        self.refresh()  # "1 waiting" at once
        if self.status is not None and self.status.joined and not self.status.offline:
            self.soon.start()

    def sync_now_asked(self) -> None:
        """F9: sync now, and say plainly if this laptop is not connected to a hub."""
        self.refresh()
        if self.status is None or not self.status.joined:
            self.window.status_text.setText(
                _t("This laptop is not connected to a team hub (File → Service hub…).")
            )
            return
        self._manual = True
        self.sync_now()

    def sync_now(self) -> None:
        if self.store.is_locked or self.status is None or not self.status.joined:
            return
        if self.running:
            self._again = True  # one more run after this one: a save came meanwhile
            return
        self.running = True
        self.soon.stop()
        self.every.stop()
        self.show(self.status, self.clash_clients)

        def work(own, _progress):  # its own connection: the screens keep theirs
            try:
                report = sync_status.run(own)
            except HubUnavailable as exc:
                return exc, sync_status.status(own), {}
            status = sync_status.status(own)
            clients = sync_status.clients_with_clashes(own) if status.clashes else {}
            return report, status, clients

        store_op(self.window, self.store.path, work, self._finished, on_error=self._failed)

    def _finished(self, outcome) -> None:
        result, status, clash_clients = outcome
        self.running = False
        manual, self._manual = self._manual, False
        self.show(status, clash_clients)
        if isinstance(result, HubUnavailable):
            if manual:
                self.window.status_text.setText(str(result))
            self._next(OFFLINE_EVERY_MS)
        else:
            self._next(EVERY_MS)
            if result.pulled:  # every screen showing those records refreshes itself
                announce(result.pulled_by_collection, self, result.clients_changed)
            self.synced.emit(result)
        if self._again:
            self._again = False
            self.soon.start()

    def _failed(self, exc: BaseException) -> None:
        from ...errors import show_error

        self.running = False
        manual, self._manual = self._manual, False
        self.refresh()
        self._next(OFFLINE_EVERY_MS)
        if manual:
            show_error(self.window, exc)
        else:
            logger.warning("a background sync did not finish: %s", type(exc).__name__)

    def _next(self, ms: int) -> None:
        self.every.setInterval(ms)
        self.every.start()

    def open_page(self) -> None:
        from .page import HubDialog

        HubDialog(self.window, self).exec()
