"""Background work as the screens rely on it: every result, error and progress report reaches
the GUI thread, however many jobs overlap and however long they take."""

import threading
import time

from painclinic_desktop.ui.ops import run_op


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
