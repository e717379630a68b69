"""Migration 0006: what registers, MDT agendas and personal budgets need beyond the bundle.

Frozen: never edit a released migration; add a new one.

- ``module_bookings``: clients expected at an education module session, so the register
  lists their names to tick. Cancelling a booking dates it rather than deleting it.
- ``register_walk_ins``: people added to a register by name and date of birth. One matched
  to a single client on the spot is kept as matched; anyone else is held until a coach
  matches them to a client or sets them aside.
- ``mdt_agenda_additions``: clients put on a meeting's agenda by hand (flagged clients come
  from the flags themselves). Taking one off dates it rather than deleting it.
- ``personal_budget_spend``: money spent from a client's personal budget, in whole pence.
"""

from __future__ import annotations

import sqlite3

_META = "created_at TEXT, updated_at TEXT, author TEXT"

STATEMENTS = (
    f"""CREATE TABLE module_bookings (
        id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES module_sessions(id),
        client_id TEXT NOT NULL REFERENCES clients(id), cancelled_on TEXT, {_META},
        UNIQUE (session_id, client_id))""",
    "CREATE INDEX idx_module_bookings_client ON module_bookings(client_id)",
    f"""CREATE TABLE register_walk_ins (
        id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES module_sessions(id),
        given_name TEXT NOT NULL, family_name TEXT NOT NULL, date_of_birth TEXT NOT NULL,
        phone TEXT, client_id TEXT REFERENCES clients(id), resolution TEXT,
        resolved_on TEXT, resolved_by TEXT, {_META})""",
    "CREATE INDEX idx_register_walk_ins_session ON register_walk_ins(session_id)",
    "CREATE INDEX idx_register_walk_ins_open ON register_walk_ins(resolved_on)",
    f"""CREATE TABLE mdt_agenda_additions (
        id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES mdt_meetings(id),
        client_id TEXT NOT NULL REFERENCES clients(id), reason TEXT, removed_on TEXT,
        {_META})""",
    "CREATE INDEX idx_mdt_agenda_additions_meeting ON mdt_agenda_additions(meeting_id)",
    f"""CREATE TABLE personal_budget_spend (
        id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(id),
        spent_on TEXT NOT NULL, amount_pence INTEGER NOT NULL CHECK (amount_pence > 0),
        purpose TEXT NOT NULL, service_id TEXT REFERENCES community_services(id), {_META})""",
    "CREATE INDEX idx_personal_budget_spend_client ON personal_budget_spend(client_id, spent_on)",
    # Flags are read by kind for the MDT agenda.
    "CREATE INDEX idx_flags_kind_open ON flags(kind, cleared_on)",
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
