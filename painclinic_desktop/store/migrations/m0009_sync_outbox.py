"""Migration 0009: what a laptop needs to work with the team hub (SYNC.md).

Frozen: never edit a released migration; add a new one.

- ``sync_outbox``: changes not yet accepted by the hub, written by triggers in the same
  transaction as the record itself, so no write can bypass it (``store/outbox.py``).
- ``sync_recording``: one row. The triggers record only while it is 1: from the moment the
  laptop is connected to a hub (every record then already held is queued in the same
  transaction), and never while changes pulled from the hub are being applied.
- ``sync_state``: hub address, pinned CA, login and its password (only ever inside the
  encrypted database), pull cursor, device id, last sync.
- ``sync_versions``: the hub version of each record this laptop last saw (a push's base).
- ``sync_refused``: changes the hub refused or quarantined, kept whole and shown.
- ``sync_conflicts``: clashes between two people's edits, both values kept.
"""

from __future__ import annotations

import sqlite3

from .. import outbox

STATEMENTS = (
    "CREATE TABLE sync_recording (recording INTEGER NOT NULL)",
    "INSERT INTO sync_recording (recording) VALUES (0)",
    """CREATE TABLE sync_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, mutation_id TEXT NOT NULL UNIQUE,
        collection TEXT NOT NULL, record_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')), before TEXT, after TEXT,
        made_at TEXT NOT NULL, resolves TEXT)""",
    "CREATE INDEX idx_sync_outbox_record ON sync_outbox(collection, record_id)",
    "CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT)",
    """CREATE TABLE sync_versions (
        collection TEXT NOT NULL, record_id TEXT NOT NULL, version INTEGER NOT NULL,
        PRIMARY KEY (collection, record_id)) WITHOUT ROWID""",
    """CREATE TABLE sync_refused (
        mutation_id TEXT PRIMARY KEY, kind TEXT NOT NULL, collection TEXT NOT NULL,
        record_id TEXT NOT NULL, op TEXT NOT NULL, before TEXT, after TEXT,
        made_at TEXT NOT NULL, reason TEXT NOT NULL, refused_at TEXT NOT NULL)""",
    """CREATE TABLE sync_conflicts (
        id TEXT PRIMARY KEY, hub_id INTEGER UNIQUE, source TEXT NOT NULL,
        collection TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL,
        live_value TEXT, other_value TEXT, live_author TEXT, other_author TEXT,
        live_at TEXT, other_at TEXT, found_at TEXT NOT NULL, resolved_at TEXT)""",
    "CREATE INDEX idx_sync_conflicts_open ON sync_conflicts(resolved_at, collection)",
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
    outbox.install_triggers(conn)
