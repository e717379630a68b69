"""The report machinery loaded in the background once the whole caseload is shown.

The first monthly return or evaluation of a session waited about a second for its modules
(``services.returns.REPORT_MODULES``: scipy, openpyxl and the reports' own). They are
loaded once per session, after the caseload is shown (never before: the first screen and
the caseload's load keep both cores), so the person's first report finds them loaded. Only
for those who may make these reports (the admin): a coach's laptop keeps its memory. A
report started while they load waits for a module being loaded (Python's import lock),
never sees one half made.

A plain daemon thread, not the background-work pool (``ops.py``): on a two-core laptop that
pool has two workers, and a person's own work (opening a record, a save, the report itself)
must not queue behind this. The thread holds no Qt object (nothing with a connection may be
freed on a worker thread).
"""

from __future__ import annotations

import logging
import threading

logger = logging.getLogger(__name__)

loaded = threading.Event()  # set once the modules are loaded (or loading them failed)
_started = threading.Lock()  # held for good by the first start: once a session


def load_after_caseload_shown(caseload_shown) -> None:
    """Start loading when ``caseload_shown`` (the main window's signal) is first emitted."""
    caseload_shown.connect(start)


def start(*_args: object) -> None:
    from ..core.permissions import EXPORT_MONTHLY_RETURN
    from ..services.session import can

    if not can(EXPORT_MONTHLY_RETURN) or not _started.acquire(blocking=False):
        return  # not theirs to make, or already loading or loaded
    threading.Thread(target=_load, name="report-warm-up", daemon=True).start()


def _load() -> None:
    try:
        from ..services.returns import load_report_modules

        load_report_modules()
    except Exception:  # noqa: BLE001 — a report made later loads them itself, or says why
        logger.exception("the report modules were not loaded ahead")
    finally:
        loaded.set()
