"""Migration 0004: every saved text of a contact note; referral-file rows held for correction;
indexes for duplicate checks and the triage list.

Frozen: never edit a released migration; add a new one.

Contact notes are clinical records and append-only: each saved text is one row of
``contact_note_versions`` (who saved it is ``author``, when is ``created_at``); the contact row
holds the current text. Triggers keep that true whatever writes the contact: versions cannot
be changed or deleted while their contact exists, and a note replaced by any other route (a
bundle from another laptop) first has the text it replaces kept as a version.
"""

from __future__ import annotations

import sqlite3

_META = "created_at TEXT, updated_at TEXT, author TEXT"
# A random version-4 UUID made in SQL, for versions kept by the trigger.
_UUID = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || "
    "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || "
    "'-' || lower(hex(randomblob(6)))"
)
_LATEST_KEPT = (
    "(SELECT v.note FROM contact_note_versions v WHERE v.contact_id = old.id "
    "ORDER BY v.version DESC LIMIT 1)"
)

STATEMENTS = (
    f"""CREATE TABLE contact_note_versions (
        id TEXT PRIMARY KEY, contact_id TEXT NOT NULL REFERENCES contacts(id),
        version INTEGER NOT NULL, note TEXT, {_META},
        UNIQUE (contact_id, version))""",
    """CREATE TRIGGER contact_note_versions_never_change
        BEFORE UPDATE ON contact_note_versions
        BEGIN SELECT RAISE(ABORT, 'contact note versions are append-only'); END""",
    """CREATE TRIGGER contact_note_versions_never_deleted
        BEFORE DELETE ON contact_note_versions
        WHEN EXISTS (SELECT 1 FROM contacts c WHERE c.id = old.contact_id)
        BEGIN SELECT RAISE(ABORT, 'contact note versions are append-only'); END""",
    f"""CREATE TRIGGER contacts_keep_replaced_note
        AFTER UPDATE OF note ON contacts
        WHEN old.note IS NOT new.note
         AND (NOT EXISTS (SELECT 1 FROM contact_note_versions v WHERE v.contact_id = old.id)
              OR old.note IS NOT {_LATEST_KEPT})
        BEGIN
            INSERT INTO contact_note_versions
                (id, contact_id, version, note, created_at, updated_at, author)
            VALUES ({_UUID}, old.id,
                    1 + coalesce((SELECT max(v.version) FROM contact_note_versions v
                                  WHERE v.contact_id = old.id), 0),
                    old.note, old.updated_at, old.updated_at, old.author);
        END""",
    # Rows of a referral file that could not be imported as they stood: kept, with their
    # problems, until someone corrects them in the intake form or sets them aside.
    f"""CREATE TABLE referral_rows_held (
        id TEXT PRIMARY KEY, file_name TEXT NOT NULL, row_number INTEGER NOT NULL,
        values_json TEXT NOT NULL, problems_json TEXT NOT NULL,
        resolved_on TEXT, resolved_by TEXT, resolution TEXT, referral_id TEXT, {_META})""",
    "CREATE INDEX idx_referral_rows_held_open ON referral_rows_held(resolved_on, file_name)",
    # Duplicate checks look a person up by date of birth before a client is created.
    "CREATE INDEX idx_clients_date_of_birth ON clients(date_of_birth)",
    "CREATE INDEX idx_referrals_pending ON referrals(outcome, received_on)",
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
