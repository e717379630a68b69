"""Opens the main window on a database in a fresh process (nothing loaded yet, as when the
app starts) and prints, as JSON, when the report modules were loaded and how often the
window's event loop ran meanwhile. Run in a subprocess by test_report_warm_up.py.

Usage: python -m tests.ui.report_warm_up_probe DATABASE
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from painclinic_desktop.services.demo import practise_as_demo_staff
from painclinic_desktop.services.returns import REPORT_MODULES
from painclinic_desktop.store.database import open_store
from painclinic_desktop.ui import report_warm_up
from painclinic_desktop.ui.main_window import MainWindow

TICK_MS = 10


def loaded() -> list[str]:
    return [name for name in REPORT_MODULES if name in sys.modules]


def main(db: str) -> dict:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    store = open_store(db)
    practise_as_demo_staff(store)
    seen: dict = {"at_start": loaded()}
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    start = report_warm_up.start

    def starting(*args: object) -> None:  # what was loaded when the warm-up was asked for
        if "at_caseload_shown" not in seen:
            seen["at_caseload_shown"] = loaded()
            seen["warm_up_started_at"] = time.perf_counter()
            timer.start(TICK_MS)  # the window's event loop, measured while the modules load
        start(*args)

    report_warm_up.start = starting  # connected by the window as it is made
    window = MainWindow(store)

    def first_screen(_seconds: float) -> None:
        seen["at_first_screen"] = loaded()

    def finished() -> None:
        if not report_warm_up.loaded.is_set():
            return
        done_at = time.perf_counter()
        during = [t for t in ticks if t <= done_at]
        gaps = [b - a for a, b in zip(during, during[1:], strict=False)]
        seen.update(
            after=loaded(),
            loading_s=done_at - seen["warm_up_started_at"],
            ticks_while_loading=len(during),
            longest_pause_s=max(gaps, default=None),
        )
        app.quit()

    window.first_screen_shown.connect(first_screen)
    poll = QTimer()
    poll.timeout.connect(finished)
    poll.start(5)
    QTimer.singleShot(60_000, app.quit)
    window.start()
    window.show()
    app.exec()
    window.close()
    store.close()
    return seen


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
