"""Migration 0012: words typed into a form for someone who is not a client yet.

Frozen: never edit a released migration; add a new one.

- ``intake_drafts``: a new referral's unsaved words (the person's details, the referrer, the
  reason), autosaved so that closing the form, the lock or a crash loses nothing before the
  person is a client. A ``drafts`` row belongs to a client; these belong to the staff member
  who typed them (one per staff member and kind) and are offered back only to them. Laptop
  only, like ``drafts``: never in a bundle, the hub or a report.
"""

from __future__ import annotations

import sqlite3

STATEMENTS = (
    """CREATE TABLE intake_drafts (
        id TEXT PRIMARY KEY, staff TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL,
        created_at TEXT, updated_at TEXT, author TEXT,
        UNIQUE (staff, kind))""",
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
