"""Migration 0015: the postcode -> IMD decile lookup a service loads (``store/imd.py``).

Frozen: never edit a released migration; add a new one.

Reference data, not a record about anyone: each laptop loads the service's file; it is not
synced and not in the bundle.
"""

from __future__ import annotations

import sqlite3

STATEMENTS = (
    """CREATE TABLE imd_postcodes (
        postcode TEXT PRIMARY KEY, lsoa_code TEXT NOT NULL,
        imd_decile INTEGER NOT NULL CHECK (imd_decile BETWEEN 1 AND 10)) WITHOUT ROWID""",
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
