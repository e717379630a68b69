"""Background work: the GUI thread never waits on disk or heavy computation.

``run_op`` runs a function on the thread pool and calls back on the GUI thread with the
result or the error. The function receives a ``Progress`` it may report to and check for
cancellation; it never touches widgets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


class Cancelled(Exception):
    """The person pressed Cancel; the work stopped without changing anything."""


class Progress:
    def __init__(self, signals: _Signals):
        self._signals = signals
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self._signals.progress.emit(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any]):
        super().__init__()
        self.signals = _Signals()
        self.progress = Progress(self.signals)
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(self.progress)
        except BaseException as exc:  # handed to the GUI thread; errors.py words it
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


_running: set[_Job] = set()  # keep jobs (and their signal objects) alive until they report


def run_op(
    parent: QWidget | None,
    work: Callable[[Progress], Any],
    on_done: Callable[[Any], None],
    *,
    label: str | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> Progress:
    """Run ``work(progress)`` off the GUI thread. With ``label`` a cancellable progress dialog
    is shown (after a short delay, so quick work does not flash a dialog)."""
    from .errors import show_error

    job = _Job(work)
    _running.add(job)
    dialog = None
    if label is not None:
        dialog = QProgressDialog(label, parent.tr("Cancel") if parent else "Cancel", 0, 0, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.canceled.connect(job.progress.cancel)

        def show_progress(done: int, total: int, text: str) -> None:
            dialog.setMaximum(max(total, 0))
            dialog.setValue(done)
            if text:
                dialog.setLabelText(text)

        job.signals.progress.connect(show_progress)

    def finish(result: Any) -> None:
        _running.discard(job)
        if dialog is not None:
            dialog.reset()
        on_done(result)

    def fail(exc: BaseException) -> None:
        _running.discard(job)
        if dialog is not None:
            dialog.reset()
        if isinstance(exc, Cancelled):
            return
        (on_error or (lambda e: show_error(parent, e)))(exc)

    job.signals.finished.connect(finish, Qt.ConnectionType.QueuedConnection)
    job.signals.failed.connect(fail, Qt.ConnectionType.QueuedConnection)
    QThreadPool.globalInstance().start(job)
    return job.progress
