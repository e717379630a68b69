"""Background work: the GUI thread never waits on disk or heavy computation.

One call for work on the database (modelled on Anki's ``CollectionOp``)::

    store_op(parent, db_path, work, on_done, *, label=None, changes=(), on_error=None)

- ``work(store, progress)`` runs on the thread pool with a connection of its own, opened
  for it and closed after it (``services.database.worker_store``). It never touches widgets.
- ``progress.report(done, total, text)`` says how far it got; ``progress.check()`` only
  asks. Both raise ``Cancelled`` once Cancel was pressed, so the work stops where it stands
  and its transaction rolls back (``core.progress`` is the same contract for services).
- ``label`` shows a progress dialog (after a short delay, so quick work does not flash one).
  Its Cancel button appears only once the work reports progress: work that never reports
  cannot stop, so it is never offered a Cancel that would only hide the dialog.
- ``on_done(result)`` runs on the GUI thread, unless ``parent`` was closed meanwhile: then
  the result is dropped. Errors go to ``on_error`` or to ``ui/errors.py``; a cancelled job
  calls neither.
- ``changes`` names what a successful job changed (collection names from
  ``core.codes.COLLECTIONS``, e.g. ``{"clients", "contacts"}``). They are announced on
  ``announcer().changed`` as a ``Changed`` even when ``parent`` has gone, and each screen
  that shows those records refreshes itself; the work's caller does not refresh them.
  Work done on the GUI thread's own store announces with ``announce(changes, source)``.

``run_op(parent, work, on_done, ...)`` is the same without a store (``work(progress)``): for
work that does not read the database, such as checking a password.

Every job reports through one long-lived signal object made on the GUI thread. (A signal
object per job, owned by its runnable, was now and then deleted while its work was still
running, at the size of caseload where loading takes seconds: the result was lost and the
screen waited for ever.) The outcome itself waits in a dictionary; should a signal still not
arrive, a timer on the GUI thread delivers any outcome left waiting over two seconds, and logs
that it had to.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..core.errors import Cancelled

__all__ = [
    "Cancelled",
    "Changed",
    "Progress",
    "announce",
    "announcer",
    "run_op",
    "store_op",
]


@dataclass(frozen=True)
class Changed:
    """What a piece of work changed: collection names, and the widget that asked for it
    (a screen that already shows its own change may skip refreshing)."""

    collections: frozenset[str]
    source: object | None = None
    # The clients whose records changed, when the work knows (a sync's pull): a screen
    # may then refresh just those. None: any client's.
    clients: frozenset[str] | None = None

    def touches(self, *collections: str) -> bool:
        return not self.collections.isdisjoint(collections)


class _Announcer(QObject):
    changed = Signal(object)  # Changed


class _Reports(QObject):
    progress = Signal(int, int, int, str)  # job, done, total, text
    # Only plain numbers and text cross threads: an ``object`` argument is copied inside Qt's
    # event lock and needs the GIL there, and a worker emitting one while the GUI thread held
    # the GIL and wanted that lock hung the app. Results wait in ``_outcomes``.
    finished = Signal(int)  # job
    failed = Signal(int)  # job


@dataclass
class _Waiting:
    on_done: Callable[[Any], None]
    on_fail: Callable[[BaseException], None]
    on_progress: Callable[[int, int, str], None] | None


_numbers = itertools.count(1)
_waiting: dict[int, _Waiting] = {}  # jobs whose result has not been delivered yet
_held: dict[int, Any] = {}  # each job's work, released on the GUI thread
_outcomes: dict[int, tuple[bool, Any]] = {}  # (succeeded, result or error), for the GUI thread
_finished_at: dict[int, float] = {}  # when each outcome was stored (time.monotonic)
OVERDUE_SECONDS = 2.0  # an outcome not delivered by its signal this long after is delivered
log = logging.getLogger(__name__)
# The work runs on Python's own threads, not Qt's thread pool: a Qt pool thread deletes its
# finished Python job while holding the pool's lock and needs the GIL to do it, so a second
# job started from the GUI thread at that moment (holding the GIL, waiting for the lock) hung
# the app for good (seen in the test of a stopped trail check).
_workers = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2), thread_name_prefix="ops")
_running: set[Future] = set()


def wait_until_idle(timeout: float) -> bool:
    """Wait (off the event loop) until no background work is running; True if none is."""
    _done, pending = wait(list(_running), timeout=timeout)
    return not pending


_reports: _Reports | None = None
_announcer: _Announcer | None = None


def announcer() -> _Announcer:
    """The one object whose ``changed`` signal tells every screen what changed."""
    global _announcer
    if _announcer is None or not shiboken6.isValid(_announcer):
        _announcer = _Announcer(QCoreApplication.instance())
    return _announcer


def announce(
    collections: Iterable[str],
    source: object | None = None,
    clients: Iterable[str | None] | None = None,
) -> None:
    """Tell every screen that these collections changed (call on the GUI thread), and, when
    known, whose records (records of no client, such as a meeting, are left out)."""
    known = None if clients is None else frozenset(c for c in clients if c)
    changed = Changed(frozenset(collections), source, known)
    if changed.collections:
        announcer().changed.emit(changed)


def _channel() -> _Reports:
    """The one signal object, made on the GUI thread and owned by the application."""
    global _reports
    if _reports is None or not shiboken6.isValid(_reports):
        _reports = _Reports(QCoreApplication.instance())
        queued = Qt.ConnectionType.QueuedConnection
        _reports.finished.connect(_deliver_result, queued)
        _reports.failed.connect(_deliver_failure, queued)
        _reports.progress.connect(_deliver_progress, queued)
        # The outcome is what counts; the signal only wakes the GUI thread. Should a signal
        # ever not arrive, the result is delivered anyway, so a form never stays "Saving…"
        # for good (a job once sat undelivered while every worker was idle).
        overdue = QTimer(_reports)
        overdue.setInterval(int(OVERDUE_SECONDS * 1000))
        overdue.timeout.connect(_deliver_overdue)
        overdue.start()
    return _reports


def _deliver_overdue() -> None:
    now = time.monotonic()
    for job, at in list(_finished_at.items()):
        if now - at < OVERDUE_SECONDS or job not in _outcomes:
            continue
        log.warning("Background job %d finished but its signal did not arrive; delivered now", job)
        (_deliver_result if _outcomes[job][0] else _deliver_failure)(job)


def _deliver_result(job: int) -> None:
    _finished_at.pop(job, None)
    _held.pop(job, None)
    result = _outcomes.pop(job, (True, None))[1]
    waiting = _waiting.pop(job, None)
    if waiting is not None:
        waiting.on_done(result)


def _deliver_failure(job: int) -> None:
    _finished_at.pop(job, None)
    _held.pop(job, None)
    exc = _outcomes.pop(job, (False, RuntimeError("The work failed.")))[1]
    waiting = _waiting.pop(job, None)
    if waiting is not None:
        waiting.on_fail(exc)


def _deliver_progress(job: int, done: int, total: int, text: str) -> None:
    waiting = _waiting.get(job)
    if waiting is not None and waiting.on_progress is not None:
        waiting.on_progress(done, total, text)


class Progress:
    """Handed to the work (see ``core.progress``); ``cancel`` is called from the GUI."""

    def __init__(self, job: int, reports: _Reports):
        self._job = job
        self._reports = reports
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str = "") -> None:
        self.check()
        self._reports.progress.emit(self._job, done, total, text)

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


def store_op(
    parent: QWidget | None,
    db_path: str | Path,
    work: Callable[[Any, Progress], Any],
    on_done: Callable[[Any], None] | None = None,
    *,
    label: str | None = None,
    changes: Iterable[str] = (),
    on_error: Callable[[BaseException], None] | None = None,
) -> Progress:
    """Run ``work(store, progress)`` off the GUI thread on a connection of its own; see the
    module's description."""
    from ..services.database import worker_store  # not loaded for the sign-in screen

    changed = frozenset(changes)

    def in_worker(progress: Progress) -> Any:
        with worker_store(db_path) as store:
            return work(store, progress)

    def succeeded(result: Any) -> None:
        announce(changed, parent)  # the data changed whether or not the window is still open

    return _start(parent, in_worker, on_done or (lambda _result: None), label, on_error, succeeded)


def run_op(
    parent: QWidget | None,
    work: Callable[[Progress], Any],
    on_done: Callable[[Any], None],
    *,
    label: str | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> Progress:
    """Run ``work(progress)`` off the GUI thread: for work that does not need the database
    (database work goes through ``store_op``)."""
    return _start(parent, work, on_done, label, on_error, None)


def _start(
    parent: QWidget | None,
    work: Callable[[Progress], Any],
    on_done: Callable[[Any], None],
    label: str | None,
    on_error: Callable[[BaseException], None] | None,
    succeeded: Callable[[Any], None] | None,
) -> Progress:
    from .errors import show_error

    reports = _channel()
    job = next(_numbers)
    progress = Progress(job, reports)
    dialog = _ProgressDialog(parent, label, progress) if label is not None else None

    def window_gone() -> bool:
        # The window was closed while the work ran: its widgets (and the progress dialog
        # it owned) are deleted, so nothing may be handed to them.
        return parent is not None and not shiboken6.isValid(parent)

    def finish(result: Any) -> None:
        _close(dialog)
        if succeeded is not None:
            succeeded(result)
        if not window_gone():
            on_done(result)

    def fail(exc: BaseException) -> None:
        _close(dialog)
        if isinstance(exc, Cancelled):
            return
        if window_gone():
            show_error(None, exc)  # the person still learns that the work failed
            return
        (on_error or (lambda e: show_error(parent, e)))(exc)

    show = None if dialog is None else (lambda d, t, text: _show_progress(dialog, d, t, text))
    _waiting[job] = _Waiting(finish, fail, show)
    # The work (and what it holds: a dialog, a window) and its outcome are let go of on the
    # GUI thread, never in the worker: a widget whose last reference went in a worker was
    # deleted there, inside Qt's locks, and the app hung waiting for the GIL.
    # The same for the job's Progress: a Cancel button is connected to it, and when its last
    # reference went in the worker, PySide disconnected that button there, inside Qt's lock,
    # while the GUI thread held the GIL and wanted the lock (a hang seen in the test of a
    # stopped trail check).
    _held[job] = (work, progress)
    handed = [work, progress]
    del work

    def run() -> None:
        task, reporter = handed
        handed.clear()
        try:
            outcome: tuple[bool, Any] = (True, task(reporter))
        except BaseException as exc:  # handed to the GUI thread; errors.py words it
            outcome = (False, exc)
        del task, reporter
        _outcomes[job] = outcome
        _finished_at[job] = time.monotonic()
        succeeded_here = outcome[0]
        del outcome
        (reports.finished if succeeded_here else reports.failed).emit(job)

    _running.add(_workers.submit(run))
    _running.difference_update([f for f in _running if f.done()])
    return progress


class _ProgressDialog(QProgressDialog):
    """A progress dialog that offers Cancel only once the work reports progress: before
    that, Escape and the window's close button would only hide it while the work carried on,
    so they do nothing."""

    def __init__(self, parent: QWidget | None, label: str, progress: Progress):
        super().__init__(label, "", 0, 0, parent)
        self.setCancelButton(None)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(400)
        self.cancel_offered = False
        self.canceled.connect(progress.cancel)

    def offer_cancel(self) -> None:
        if not self.cancel_offered:
            self.cancel_offered = True
            self.setCancelButtonText(QCoreApplication.translate("ops", "Cancel"))

    def reject(self) -> None:
        if self.cancel_offered:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.cancel_offered:
            super().closeEvent(event)
        else:
            event.ignore()


def _show_progress(dialog: _ProgressDialog, done: int, total: int, text: str) -> None:
    if not shiboken6.isValid(dialog):
        return  # its window was closed; the work carries on to the end
    dialog.offer_cancel()
    dialog.setMaximum(max(total, 0))
    dialog.setValue(done)
    if text:
        dialog.setLabelText(text)


def _close(dialog: _ProgressDialog | None) -> None:
    if dialog is not None and shiboken6.isValid(dialog):
        dialog.reset()
