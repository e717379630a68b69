"""Background work as the screens rely on it: every result, error and progress report reaches
the GUI thread, however many jobs overlap and however long they take."""

import threading
import time

import pytest

from painclinic_desktop.ui import ops
from painclinic_desktop.ui.ops import Cancelled, announcer, run_op, store_op


def test_overlapping_jobs_each_deliver_their_own_result(qtbot):
    results = {}
    release = threading.Event()

    def slow(progress):
        release.wait(5)
        return "slow"

    run_op(None, slow, lambda r: results.__setitem__("slow", r))
    for n in range(20):  # short jobs come and go while the long one runs
        run_op(None, lambda progress, n=n: n * n, lambda r, n=n: results.__setitem__(n, r))
    qtbot.waitUntil(lambda: len(results) == 20, timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: "slow" in results, timeout=5000)
    assert results == {"slow": "slow", **{n: n * n for n in range(20)}}


def test_an_error_goes_to_the_error_handler_not_the_result_handler(qtbot):
    seen = []

    def broken(progress):
        raise ValueError("the file is not a bundle")

    run_op(
        None,
        broken,
        lambda r: seen.append(("done", r)),
        on_error=lambda e: seen.append(("error", str(e))),
    )
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [("error", "the file is not a bundle")]


def test_cancel_stops_the_work_quietly(qtbot):
    counted, outcome = [], []
    started = threading.Event()

    def counting(progress):
        for done in range(1000):
            progress.report(done, 1000, "Counting…")  # raises once Cancel is pressed
            counted.append(done)
            started.set()
            time.sleep(0.005)
        return "finished"

    job = run_op(None, counting, outcome.append, label="Counting…", on_error=outcome.append)
    assert started.wait(5)
    job.cancel()
    qtbot.wait(100)
    stopped_at = len(counted)
    qtbot.wait(200)
    assert len(counted) == stopped_at < 1000  # the work stopped
    assert outcome == []  # cancelled: neither a result nor an error message


def test_work_that_ends_after_its_window_closed_is_dropped_quietly(qtbot):
    """Closing a dialog while its export runs must not raise when the export finishes."""
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    release, outcome = threading.Event(), []

    def work(progress):
        release.wait(5)
        progress.report(1, 2, "Half way")
        return "written"

    run_op(window, work, outcome.append, label="Writing…")
    window.deleteLater()
    qtbot.waitUntil(lambda: not _alive(window), timeout=5000)
    release.set()
    qtbot.wait(200)  # an exception in the delivery would fail the test here
    assert outcome == []  # nothing is handed to a window that no longer exists


def _alive(widget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


# --- store_op: work on a connection of its own ------------------------------------------------


@pytest.fixture
def db(tmp_path):
    from tests.factories import client, new_store, referral

    store = new_store(tmp_path / "c.db", clients=[client("ayesha")], referrals=[referral("r1")])
    yield store
    store.close()


def test_the_work_gets_a_connection_of_its_own_closed_after_it(qtbot, db):
    seen, results = [], []

    def work(store, progress):
        seen.append((store, threading.current_thread()))
        return store.conn.execute("SELECT count(*) FROM clients").fetchone()[0]

    store_op(None, db.path, work, results.append)
    qtbot.waitUntil(lambda: results == [1], timeout=5000)
    own, thread = seen[0]
    assert own is not db and thread is not threading.main_thread()
    assert own.is_locked  # closed once the work was done


def test_a_result_for_a_closed_window_is_dropped_but_the_change_announced(qtbot, db):
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    release, outcome, heard = threading.Event(), [], []
    announcer().changed.connect(heard.append)

    def work(store, progress):
        release.wait(5)
        return "saved"

    store_op(window, db.path, work, outcome.append, changes={"clients"})
    window.deleteLater()
    qtbot.waitUntil(lambda: not _alive(window), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: bool(heard), timeout=5000)
    qtbot.wait(50)
    assert outcome == []  # nothing handed to the window that has gone
    assert heard[0].collections == {"clients"}  # the other screens still learn of the change


def test_nothing_is_announced_for_work_that_failed_or_was_cancelled(qtbot, db):
    heard, errors = [], []
    announcer().changed.connect(heard.append)

    def broken(store, progress):
        raise ValueError("no")

    def cancelled(store, progress):
        raise Cancelled()

    store_op(None, db.path, broken, on_error=errors.append, changes={"clients"})
    store_op(None, db.path, cancelled, on_error=errors.append, changes={"clients"})
    qtbot.waitUntil(lambda: not ops._waiting, timeout=5000)
    assert heard == [] and [str(e) for e in errors] == ["no"]


def test_cancel_is_offered_only_once_the_work_reports_progress(qtbot, db):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    reported, release = threading.Event(), threading.Event()

    def work(store, progress):
        release.wait(5)
        progress.report(1, 3)
        reported.set()
        while True:  # runs until Cancel is pressed
            progress.check()
            time.sleep(0.01)

    job = store_op(window, db.path, work, label="Working…")
    dialog = window.findChild(QProgressDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert not [b for b in dialog.findChildren(QPushButton) if b.isVisible()]
    # Escape or closing before Cancel is offered: the work could not stop, so the dialog stays.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    qtbot.wait(50)
    assert dialog.isVisible() and not job.cancelled
    release.set()
    assert reported.wait(5)
    qtbot.waitUntil(
        lambda: any(b.isVisible() for b in dialog.findChildren(QPushButton)), timeout=5000
    )
    cancel = [b for b in dialog.findChildren(QPushButton) if b.isVisible()][0]
    cancel.click()
    qtbot.waitUntil(lambda: not ops._waiting, timeout=5000)
    assert job.cancelled


def test_an_announcement_reaches_the_caseload(qtbot, db):
    """Work that adds a client announces it; the caseload shows the client without the code
    that asked for the work reloading anything."""
    from painclinic_desktop.services.bundles import import_bundle
    from painclinic_desktop.ui.main_window import MainWindow
    from tests.factories import bundle, client, referral

    win = MainWindow(db)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.caseload_shown, timeout=10_000):
        win.reload()
    assert win.caseload.model.rowCount() == 1

    def add_grace(store, progress):
        grace = client("grace", nhs_number=None, given_name="Grace", family_name="Okafor")
        import_bundle(store, bundle(clients=[grace], referrals=[referral("r2", "grace")]))

    with qtbot.waitSignal(win.caseload_shown, timeout=10_000):
        store_op(None, db.path, add_grace, changes={"clients", "referrals"})
    assert sorted(r.name for r in win.caseload.state.visible) == ["Ayesha Khan", "Grace Okafor"]


def test_a_jobs_progress_is_let_go_of_on_the_gui_thread_not_the_worker(qtbot):
    """A Cancel button is connected to the job's Progress; if its last reference went in the
    worker, PySide disconnected the button there, inside Qt's lock, and the app could hang."""
    import weakref

    let_go_on: list[str] = []
    delivered: list[object] = []
    for _ in range(5):
        progress = run_op(None, lambda p: time.sleep(0.05), delivered.append)
        weakref.finalize(progress, lambda: let_go_on.append(threading.current_thread().name))
        del progress
    qtbot.waitUntil(lambda: len(let_go_on) == 5, timeout=10_000)
    assert len(delivered) == 5
    assert set(let_go_on) == {threading.main_thread().name}


@pytest.mark.parametrize("fails", [False, True])
def test_a_result_whose_signal_never_arrives_is_still_delivered_and_said(qtbot, caplog, fails):
    """The outcome is what counts: should the signal that wakes the GUI thread be lost, the
    form waiting on it still gets its result (or error) and does not say "Saving…" for good;
    the app logs that it happened."""
    seen = []

    def work(progress):
        if fails:
            raise ValueError("refused")
        return "saved"

    channel = ops._channel()
    channel.blockSignals(True)  # the worker's signal goes nowhere
    try:
        run_op(
            None,
            work,
            lambda r: seen.append(("done", r)),
            on_error=lambda e: seen.append(("error", str(e))),
        )
        qtbot.waitUntil(lambda: bool(seen), timeout=int(ops.OVERDUE_SECONDS * 1000) * 4)
    finally:
        channel.blockSignals(False)
    assert seen == [("error", "refused")] if fails else [("done", "saved")]
    assert not ops._waiting and not ops._outcomes and not ops._finished_at
    assert "did not arrive" in caplog.text
