"""Migration 0005: named accounts and the audit trail.

Frozen: never edit a released migration; add a new one.

- ``accounts``: who may sign in and with which role. Passwords are not here: each person's
  key slot lives in the key file beside the database (``store/keys.py``).
- ``audit_log``: append-only. Who, when, what action, which record and client (ids only:
  never names or notes). Each row's ``hash`` covers its fields and the previous row's hash,
  so a changed, removed or inserted row breaks the chain (``painclinic audit verify``);
  the triggers refuse UPDATE and DELETE outright.
- Every export or print logged in ``exports`` is audited by a trigger in the same
  transaction, whichever report wrote it (hash from the connection's
  ``painclinic_audit_hash`` function). The detail holds the kind and the client id or month,
  never the file name, which may carry a name.
"""

from __future__ import annotations

import sqlite3

_PRINTED = "new.kind IN ('gp_summary', 'client_plan')"
_NEXT = """(SELECT coalesce(max(seq), 0) + 1 AS seq,
            coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '{genesis}') AS prev,
            new.exported_at AS at, coalesce(new.exported_by, '?') AS actor,
            CASE WHEN {printed} THEN 'print' ELSE 'export' END AS action,
            CASE WHEN {printed} THEN new.subject END AS client_id,
            new.kind || coalesce(' ' || new.subject, '') AS detail
     FROM audit_log)""".format(genesis="0" * 64, printed=_PRINTED)

STATEMENTS = (
    """CREATE TABLE accounts (
        name_key TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
        created_at TEXT NOT NULL, created_by TEXT, disabled_at TEXT, disabled_by TEXT)""",
    """CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
        collection TEXT, record_id TEXT, client_id TEXT, detail TEXT,
        prev_hash TEXT NOT NULL, hash TEXT NOT NULL)""",
    "CREATE INDEX idx_audit_log_actor ON audit_log(actor, at)",
    "CREATE INDEX idx_audit_log_client ON audit_log(client_id, at)",
    "CREATE INDEX idx_audit_log_at ON audit_log(at)",
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END""",
    f"""CREATE TRIGGER exports_are_audited AFTER INSERT ON exports
        BEGIN
            INSERT INTO audit_log (seq, at, actor, action, collection, record_id, client_id,
                                   detail, prev_hash, hash)
            SELECT seq, at, actor, action, 'exports', CAST(new.id AS TEXT), client_id, detail,
                   prev, painclinic_audit_hash(prev, seq, at, actor, action, 'exports',
                                               CAST(new.id AS TEXT), client_id, detail)
            FROM {_NEXT};
        END""",
)


def apply(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
