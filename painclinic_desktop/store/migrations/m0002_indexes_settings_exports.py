"""Migration 0002: indexes for the caseload screen and the monthly return; settings; export log.

Frozen: never edit a released migration; add a new one.
"""

from __future__ import annotations

import sqlite3

STATEMENTS = (
    "CREATE INDEX idx_clients_nhs_number ON clients(nhs_number)",
    "CREATE INDEX idx_clients_name ON clients(family_name, given_name)",
    "CREATE INDEX idx_referrals_client ON referrals(client_id, received_on)",
    "CREATE INDEX idx_referrals_received ON referrals(received_on)",
    "CREATE INDEX idx_tier_changes_client ON tier_changes(client_id, changed_on)",
    "CREATE INDEX idx_discharges_client ON discharges(client_id, discharged_on)",
    "CREATE INDEX idx_flags_client ON flags(client_id)",
    "CREATE INDEX idx_contacts_client ON contacts(client_id, starts_at)",
    "CREATE INDEX idx_contacts_starts ON contacts(starts_at)",
    "CREATE INDEX idx_assessments_client ON assessments(client_id, instrument, administered_on)",
    "CREATE INDEX idx_assessments_administered ON assessments(administered_on)",
    "CREATE INDEX idx_goals_client ON goals(client_id)",
    "CREATE INDEX idx_igro_stars_client ON igro_stars(client_id)",
    "CREATE INDEX idx_signposting_client ON signposting(client_id)",
    "CREATE INDEX idx_signposting_service ON signposting(service_id)",
    "CREATE INDEX idx_module_sessions_held ON module_sessions(held_on)",
    "CREATE INDEX idx_mdt_meetings_held ON mdt_meetings(held_on)",
    # Service-wide settings (service name, MIDs, small-number suppression, demo marker).
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # Every export is recorded: who, when, what, which month or client.
    """CREATE TABLE exports (
        id INTEGER PRIMARY KEY, exported_at TEXT NOT NULL, exported_by TEXT,
        kind TEXT NOT NULL, subject TEXT, path_name TEXT)""",
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
