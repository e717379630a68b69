"""Migration 0016: programmes, courses of group sessions (issue 16).

Frozen once released: never edit a released migration; add a new one.

- ``programmes``: a named course with its planned number of sessions, its attendance rule
  (the share of the planned sessions a completer attends, default 75 %) and the group
  sessions that make it up (``session_ids``: module sessions, whose registers give the
  attendance, so it is never typed twice).
- ``programme_enrolments``: a client on a programme: enrolled, completed or dropped out (a
  coded reason and words), with the dates; a completion below the attendance rule keeps the
  coach's reason.
"""

from __future__ import annotations

import sqlite3

from .. import outbox

_META = "created_at TEXT, updated_at TEXT, author TEXT"

STATEMENTS = (
    f"""CREATE TABLE programmes (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, planned_sessions INTEGER NOT NULL,
        attendance_rule_percent INTEGER NOT NULL DEFAULT 75, starts_on TEXT NOT NULL,
        venue TEXT, session_ids TEXT, note TEXT, {_META})""",
    "CREATE INDEX idx_programmes_start ON programmes(starts_on)",
    f"""CREATE TABLE programme_enrolments (
        id TEXT PRIMARY KEY, programme_id TEXT NOT NULL REFERENCES programmes(id),
        client_id TEXT NOT NULL REFERENCES clients(id), enrolled_on TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'enrolled', ended_on TEXT, dropout_reason TEXT,
        dropout_note TEXT, completion_note TEXT, {_META})""",
    "CREATE INDEX idx_programme_enrolments_programme ON programme_enrolments(programme_id)",
    "CREATE INDEX idx_programme_enrolments_client ON programme_enrolments(client_id)",
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
    outbox.install_triggers(conn)
