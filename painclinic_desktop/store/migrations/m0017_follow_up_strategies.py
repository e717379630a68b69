"""Migration 0017: what a client said at each follow-up about still using self-management
strategies, kept on the record of the episode's end; the client's postal address (the lines
before the postcode) for the follow-up letters.

Frozen: never edit a released migration; add a new one.

``discharges.follow_up_strategies`` is JSON ({"fu_10w": "yes" | "partly" | "no", ...}). The
outbox triggers are remade so the new column travels to the hub like the others.
"""

from __future__ import annotations

import sqlite3

from .. import outbox

STATEMENTS = (
    "ALTER TABLE discharges ADD COLUMN follow_up_strategies TEXT",
    "ALTER TABLE clients ADD COLUMN address TEXT",
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
    outbox.install_triggers(conn)
