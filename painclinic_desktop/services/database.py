"""The database as the screens reach it: through services, never the store itself.

SQLite connections belong to the thread that uses them: background work opens a connection
of its own (``with worker_store(path) as store:``) and closes it when done. The opening checks and
migrations were made when the app opened the file, so this takes milliseconds; writes still
wait for the damage check started at opening.
"""

from __future__ import annotations

from pathlib import Path

from ..store.database import Store, reopen


def worker_store(path: str | Path) -> Store:
    """Another connection to a database this process has already opened."""
    return reopen(path)
