"""The one place database connections are made.

Every connection to a service database comes from ``connect`` so that the pragmas that keep
data safe (WAL, synchronous=FULL, foreign keys, in-memory temp store) are never forgotten.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..core.errors import DatabaseDamaged, NotADatabase

_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    # Temporary tables and sort spills stay in memory: nothing lands in plaintext temp files.
    "PRAGMA temp_store=MEMORY",
    "PRAGMA secure_delete=ON",
    "PRAGMA busy_timeout=5000",
)


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (or create) the database at ``path`` with the service's pragmas.

    Autocommit mode at the driver level: transactions are always explicit (``Database.atomic``).
    """
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        for pragma in _PRAGMAS:
            conn.execute(pragma)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise NotADatabase(
            f"{Path(path).name} is not a PainClinic database, or it cannot be read."
        ) from exc
    return conn


def quick_check(conn: sqlite3.Connection, full: bool = False) -> list[str]:
    """Problems SQLite finds in the file; an empty list when it is intact."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def ensure_intact(conn: sqlite3.Connection, path: str | Path) -> None:
    problems = quick_check(conn)
    if problems:
        raise DatabaseDamaged(
            f"The database {Path(path).name} is damaged and cannot be used safely. "
            "Nothing has been changed. Restore it from the latest backup "
            "(File → Restore, or `painclinic restore`)."
        )
