"""Migration 0013: medication review (MEDICATION.md, issue #15).

Frozen once released: never edit a released migration; add a new one.

- ``medication_items``: one medicine at one dose from a start date. A change of dose stops the
  item and starts a new one (``replaces``), so the history is never overwritten;
  ``checked_on`` is the latest date the item was confirmed still taken as recorded.
- ``medication_plans``: dose-reduction plans agreed with the prescriber: steps (date, regimen,
  resulting OME) and setbacks or pauses with their reasons, kept as lists.
- ``gp_actions``: actions requested of the GP, each with its status history.
"""

from __future__ import annotations

import sqlite3

from .. import outbox

_META = "created_at TEXT, updated_at TEXT, author TEXT"

STATEMENTS = (
    f"""CREATE TABLE medication_items (
        id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(id),
        drug TEXT, name TEXT NOT NULL, route TEXT NOT NULL, dose REAL, dose_unit TEXT,
        times_per_day REAL, started_on TEXT NOT NULL, stopped_on TEXT, stop_reason TEXT,
        checked_on TEXT, recorded_by TEXT, source TEXT NOT NULL, note TEXT,
        replaces TEXT, {_META})""",
    "CREATE INDEX idx_medication_items_client ON medication_items(client_id, started_on)",
    "CREATE INDEX idx_medication_items_current ON medication_items(stopped_on, drug)",
    f"""CREATE TABLE medication_plans (
        id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(id),
        agreed_with TEXT NOT NULL, agreed_on TEXT NOT NULL, recorded_by TEXT,
        table_name TEXT, table_version TEXT, steps TEXT, events TEXT, ended_on TEXT,
        end_reason TEXT, note TEXT, {_META})""",
    "CREATE INDEX idx_medication_plans_client ON medication_plans(client_id, agreed_on)",
    f"""CREATE TABLE gp_actions (
        id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(id),
        text TEXT NOT NULL, requested_on TEXT NOT NULL, requested_by TEXT, history TEXT,
        {_META})""",
    "CREATE INDEX idx_gp_actions_client ON gp_actions(client_id, requested_on)",
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
    outbox.install_triggers(conn)
