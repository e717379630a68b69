"""Cycles are freed on the GUI thread, between events — never in a worker thread."""

from __future__ import annotations

import gc
import threading

from painclinic_desktop.ui import collector


class _Cycle:
    freed_on: list[str] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.freed_on.append(threading.current_thread().name)


def test_automatic_collection_is_off_and_the_timer_collects(qapp, qtbot):
    assert not gc.isenabled()
    assert qapp.findChild(collector._Collector, "guiThreadCollector") is not None


def test_a_cycle_dropped_in_a_worker_thread_is_freed_on_the_gui_thread(qapp, qtbot):
    _Cycle.freed_on.clear()

    def worker() -> None:
        # Cycles (reference counting alone never frees them), many more than the
        # collector's first threshold: on its own it would have run here, in this thread.
        for _ in range(5_000):
            _Cycle()

    thread = threading.Thread(target=worker, name="worker")
    thread.start()
    thread.join()
    assert "worker" not in _Cycle.freed_on
    qtbot.waitUntil(lambda: len(_Cycle.freed_on) >= 5_000, timeout=5000)
    assert set(_Cycle.freed_on) == {threading.main_thread().name}


def test_installing_twice_keeps_one_collector(qapp):
    collector.collect_on_gui_thread(qapp)
    collector.collect_on_gui_thread(qapp)
    assert len(qapp.findChildren(collector._Collector)) == 1
