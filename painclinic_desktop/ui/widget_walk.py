"""Walking Qt's own lists of widgets without crashing the app.

``QApplication.allWidgets()`` and ``topLevelWidgets()`` hand back the widgets alive at the
moment of the call. If Python's cyclic garbage collector runs while the list is walked (any
allocation can start it), it can delete a window that nothing else refers to any more, and
the next call on that entry of the list touches freed memory: the app dies with a
segmentation fault (seen when View ▸ Text size was applied as a window opened). The walk is
made with the collector paused; nothing in it frees widgets.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
