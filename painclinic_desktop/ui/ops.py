"""Background work: the GUI thread never waits on disk or heavy computation.

``run_op`` runs a function on the thread pool and calls back on the GUI thread with the
result or the error. The function receives a ``Progress`` it may report to and check for
cancellation; it never touches widgets.

Every job reports through one long-lived signal object made on the GUI thread. (A signal
object per job, owned by its runnable, was now and then deleted while its work was still
running, at the size of caseload where loading takes seconds: the result was lost and the
screen waited for ever.)
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


class Cancelled(Exception):
    """The person pressed Cancel; the work stopped without changing anything."""


class _Reports(QObject):
    progress = Signal(int, int, int, str)  # job, done, total, text
    finished = Signal(int, object)  # job, result
    failed = Signal(int, object)  # job, exception


@dataclass
class _Waiting:
    on_done: Callable[[Any], None]
    on_fail: Callable[[BaseException], None]
    on_progress: Callable[[int, int, str], None] | None


_numbers = itertools.count(1)
_waiting: dict[int, _Waiting] = {}  # jobs whose result has not been delivered yet
_reports: _Reports | None = None


def _channel() -> _Reports:
    """The one signal object, made on the GUI thread and owned by the application."""
    global _reports
    if _reports is None or not shiboken6.isValid(_reports):
        _reports = _Reports(QCoreApplication.instance())
        queued = Qt.ConnectionType.QueuedConnection
        _reports.finished.connect(_deliver_result, queued)
        _reports.failed.connect(_deliver_failure, queued)
        _reports.progress.connect(_deliver_progress, queued)
    return _reports


def _deliver_result(job: int, result: Any) -> None:
    waiting = _waiting.pop(job, None)
    if waiting is not None:
        waiting.on_done(result)


def _deliver_failure(job: int, exc: BaseException) -> None:
    waiting = _waiting.pop(job, None)
    if waiting is not None:
        waiting.on_fail(exc)


def _deliver_progress(job: int, done: int, total: int, text: str) -> None:
    waiting = _waiting.get(job)
    if waiting is not None and waiting.on_progress is not None:
        waiting.on_progress(done, total, text)


class Progress:
    def __init__(self, job: int, reports: _Reports):
        self._job = job
        self._reports = reports
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self._reports.progress.emit(self._job, done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


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

    reports = _channel()
    job = next(_numbers)
    progress = Progress(job, reports)
    dialog = None
    show_progress = None
    if label is not None:
        dialog = QProgressDialog(label, parent.tr("Cancel") if parent else "Cancel", 0, 0, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.canceled.connect(progress.cancel)

        def show_progress(done: int, total: int, text: str) -> None:
            if not shiboken6.isValid(dialog):
                return  # its window was closed; the work carries on to the end
            dialog.setMaximum(max(total, 0))
            dialog.setValue(done)
            if text:
                dialog.setLabelText(text)

    def window_gone() -> bool:
        # The window was closed while the work ran: its widgets (and the progress dialog
        # it owned) are deleted, so nothing may be handed to them.
        return parent is not None and not shiboken6.isValid(parent)

    def finish(result: Any) -> None:
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.reset()
        if not window_gone():
            on_done(result)

    def fail(exc: BaseException) -> None:
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.reset()
        if isinstance(exc, Cancelled):
            return
        if window_gone():
            show_error(None, exc)  # the person still learns that the work failed
            return
        (on_error or (lambda e: show_error(parent, e)))(exc)

    _waiting[job] = _Waiting(finish, fail, show_progress)

    def run() -> None:
        try:
            result = work(progress)
        except BaseException as exc:  # handed to the GUI thread; errors.py words it
            reports.failed.emit(job, exc)
        else:
            reports.finished.emit(job, result)

    QThreadPool.globalInstance().start(run)
    return progress
