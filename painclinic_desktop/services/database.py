"""The database as the screens reach it: through services, never the store itself.

The type of an open database (``Store``), opening one, where its key file lives, the errors
the driver raises that the screens word, and ``worker_store``: SQLite connections belong to
the thread that uses them, so background work opens a connection of its own
(``with worker_store(path) as store:``) and closes it when done. The opening checks and
migrations were made when the app opened the file, so that takes milliseconds; writes still
wait for the damage check started at opening.
"""

from __future__ import annotations

from pathlib import Path

from ..store.connection import (
    DatabaseError,
    OperationalError,
    cipher_version,
    keys_path,
    sqlite_version,
)
from ..store.database import Store, open_store, reopen
from ..store.location import location_problem

__all__ = [
    "DatabaseError",
    "OperationalError",
    "Store",
    "cipher_version",
    "keys_path",
    "location_problem",
    "open_store",
    "sqlite_version",
    "worker_store",
]


def worker_store(path: str | Path) -> Store:
    """Another connection to a database this process has already opened."""
    return reopen(path)
