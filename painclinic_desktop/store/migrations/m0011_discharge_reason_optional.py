"""Migration 0011: a discharge's reason may be absent.

The reason is a clinical column: a community partner's database (filled by the hub or by a
partner bundle) holds the discharge, so the caseload shows the client as discharged, but never
its reason. SQLite cannot drop a NOT NULL constraint in place, so the table is made again
with the same columns and index and the rows copied across.
Frozen: never edit a released migration; add a new one.
"""

from __future__ import annotations

from typing import Any

from ..outbox import install_triggers

_META = "created_at TEXT, updated_at TEXT, author TEXT"


def apply(conn: Any) -> None:
    conn.execute(
        f"""CREATE TABLE discharges_v11 (
        id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(id),
        discharged_on TEXT NOT NULL, reason TEXT, {_META})"""
    )
    conn.execute(
        "INSERT INTO discharges_v11 (id, client_id, discharged_on, reason, created_at, "
        "updated_at, author) SELECT id, client_id, discharged_on, reason, created_at, "
        "updated_at, author FROM discharges"
    )
    conn.execute("DROP TABLE discharges")
    conn.execute("ALTER TABLE discharges_v11 RENAME TO discharges")
    conn.execute("CREATE INDEX idx_discharges_client ON discharges(client_id, discharged_on)")
    install_triggers(conn, ("discharges",))  # dropped with the old table
