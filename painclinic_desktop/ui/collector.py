"""Python's cyclic garbage collector runs on the GUI thread, between events.

Left to itself the collector runs wherever an allocation happens to cross its threshold: in a
worker thread of ``ops`` (an import, a report), or on the GUI thread in the middle of a Qt
call that is walking its own lists. A cycle that holds a widget is then freed on the wrong
thread or under Qt's feet, and the app dies later somewhere unrelated with a segmentation
fault (seen now and then in the full walk over every menu action). So the automatic collector
is switched off and the same generational collection is run from a timer on the GUI thread,
where nothing of Qt's is half-way through. Reference counting still frees everything that is
not in a cycle at once; only cycles wait, for at most one tick.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

TICK_MS = 500


class _Collector(QObject):
    def __init__(self, app: QCoreApplication):
        super().__init__(app)
        self.setObjectName("guiThreadCollector")
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> None:
        """Collect the generations whose thresholds are passed, as the automatic collector
        would have done, but here and now."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        generation = -1
        for number in range(3):
            if counts[number] > thresholds[number]:
                generation = number
        if generation >= 0:
            gc.collect(generation)


def collect_on_gui_thread(app: QCoreApplication) -> None:
    """Install the collector once for the application (idempotent)."""
    if app.findChild(_Collector, "guiThreadCollector") is None:
        _Collector(app)
