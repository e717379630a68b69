"""Migration 0003: unfinished work kept in the database, and the assessment's own words.

Frozen: never edit a released migration; add a new one.

- ``drafts``: an assessment (or other form) in progress, autosaved so it survives closing
  the window or a crash. One per client and kind. Drafts live only here (patient data is
  never written to files beside the database) and are not bundle collections, so nothing
  that counts (caseload, reports, exports) ever sees them.
- ``assessment_notes``: the client's story told during a structured assessment (what
  matters, best hopes, pain story, impact), kept with the ids of the questionnaires it
  accompanied. Not a bundle collection: the bundle schema stays as published.
"""

from __future__ import annotations

import sqlite3

_META = "created_at TEXT, updated_at TEXT, author TEXT"

STATEMENTS = (
    f"""CREATE TABLE drafts (
        id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(id),
        kind TEXT NOT NULL, payload TEXT NOT NULL, {_META},
        UNIQUE (client_id, kind))""",
    f"""CREATE TABLE assessment_notes (
        id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES clients(id),
        assessment_ids TEXT NOT NULL, time_point TEXT NOT NULL, administered_on TEXT NOT NULL,
        what_matters TEXT, best_hopes TEXT, pain_how_long TEXT, pain_where TEXT,
        pain_tried TEXT, pain_medicines_support TEXT, impact_daily_life TEXT,
        impact_work TEXT, impact_sleep TEXT, impact_mood TEXT, impact_relationships TEXT,
        {_META})""",
    "CREATE INDEX idx_assessment_notes_client ON assessment_notes(client_id, administered_on)",
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
