"""Ordered, named schema migrations, recorded in ``schema_migrations``.

Each migration runs in one transaction together with the row that records it, so a database
is never left half-migrated. Before pending migrations run on a database that already holds
data, a copy is taken with the SQLite backup API.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import DatabaseTooNew, NotADatabase

if TYPE_CHECKING:
    from .connection import Connection
from . import (
    schema_v1,
    schema_v2,
    schema_v3,
    schema_v4,
    schema_v5,
    schema_v6,
    schema_v7,
    schema_v8,
    schema_v9,
    schema_v10,
    schema_v11,
    schema_v12,
    schema_v13,
    schema_v14,
    schema_v15,
    schema_v16,
    schema_v17,
    schema_v18,
)

Migration = tuple[str, Callable[[sqlite3.Connection], None]]

MIGRATIONS: tuple[Migration, ...] = (
    ("0001_caseload_records", schema_v1.apply),
    ("0002_indexes_settings_exports", schema_v2.apply),
    ("0003_drafts", schema_v3.apply),
    ("0004_contact_note_versions", schema_v4.apply),
    ("0005_accounts_audit", schema_v5.apply),
    ("0006_registers_agendas_budgets", schema_v6.apply),
    ("0007_caseload_covering_indexes", schema_v7.apply),
    ("0008_clients_name_order", schema_v8.apply),
    ("0009_sync_outbox", schema_v9.apply),
    ("0010_training_costing", schema_v10.apply),
    ("0011_discharge_reason_optional", schema_v11.apply),
    ("0012_intake_drafts", schema_v12.apply),
    ("0013_medication_review", schema_v13.apply),
    ("0014_client_materials_language", schema_v14.apply),
    ("0015_imd_postcodes", schema_v15.apply),
    ("0016_programmes", schema_v16.apply),
    ("0017_follow_up_strategies", schema_v17.apply),
    ("0018_reads_from_indexes", schema_v18.apply),
)
LATEST = len(MIGRATIONS)


def applied(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    try:
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
        ).fetchone()
    except sqlite3.DatabaseError as exc:
        raise NotADatabase("This file is not a PainClinic database.") from exc
    if not exists:
        return []
    return list(conn.execute("SELECT id, name FROM schema_migrations ORDER BY id"))


def pending(conn: sqlite3.Connection) -> list[tuple[int, Migration]]:
    done = applied(conn)
    newest = max((i for i, _ in done), default=0)
    if newest > LATEST:
        raise DatabaseTooNew(
            "This database was written by a newer version of PainClinic Desktop "
            f"(schema {newest}; this version understands up to {LATEST}). "
            "Nothing has been changed. Please install the newer version to open it."
        )
    known = {i for i, _ in done}
    return [(i, m) for i, m in enumerate(MIGRATIONS, start=1) if i not in known]


def has_user_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0] > 0


def backup_before_migrating(conn: Connection, db_path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = db_path.with_name(f"{db_path.stem}.before-migration-{stamp}{db_path.suffix}")
    from .connection import copy_database  # same library and key as the database itself

    copy_database(conn, target)
    return target


def migrate(conn: Connection, db_path: Path | None = None) -> list[str]:
    """Apply every pending migration, each in its own transaction; return their names."""
    todo = pending(conn)
    if todo and db_path is not None and has_user_tables(conn):
        backup_before_migrating(conn, db_path)
    names = []
    guard = getattr(conn, "guard", None)  # connections refuse schema changes outside here
    for number, (name, apply) in todo:
        conn.execute("BEGIN IMMEDIATE")
        if guard is not None:
            guard.migrating = True
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            apply(conn)
            conn.execute(
                "INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)",
                (number, name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            conn.execute(f"PRAGMA user_version={number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        finally:
            if guard is not None:
                guard.migrating = False
        names.append(name)
    return names
