"""Ordered, named schema migrations, recorded in ``schema_migrations``: one module a step in
this package, named after what it records (``m0004_contact_note_versions.py``), each with an
``apply(conn)`` that runs the step's SQL.

To add one: write ``m<next number>_<what it records>.py`` (four digits, the next free number
when it lands, the name in the service's words) with its ``apply``, import it below and add
it at the end of ``STEPS``. A step's number is its place in ``STEPS``, which is the number in
its module's name, and the name recorded in ``schema_migrations`` is the module's name without
the "m" ("m0019_x" runs as step 19, recorded as "0019_x"; a test checks they agree). Never
rename, reorder or edit a released step: databases have recorded its number and name.

Each migration runs in one transaction together with the row that records it, so a database
is never left half-migrated. Before pending migrations run on a database that already holds
data, a copy is taken with the SQLite backup API. A database newer than the app is refused.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ...core.errors import DatabaseTooNew, NotADatabase

if TYPE_CHECKING:
    from ..connection import Connection
from . import (
    m0001_caseload_records,
    m0002_indexes_settings_exports,
    m0003_drafts,
    m0004_contact_note_versions,
    m0005_accounts_audit,
    m0006_registers_agendas_budgets,
    m0007_caseload_covering_indexes,
    m0008_clients_name_order,
    m0009_sync_outbox,
    m0010_training_costing,
    m0011_discharge_reason_optional,
    m0012_intake_drafts,
    m0013_medication_review,
    m0014_client_materials_language,
    m0015_imd_postcodes,
    m0016_programmes,
    m0017_follow_up_strategies,
    m0018_reads_from_indexes,
)

Migration = tuple[str, Callable[[sqlite3.Connection], None]]

# In the order they run. A step's number and recorded name are its module's name
# (m0004_contact_note_versions -> step 4, "0004_contact_note_versions").
STEPS = (
    m0001_caseload_records,
    m0002_indexes_settings_exports,
    m0003_drafts,
    m0004_contact_note_versions,
    m0005_accounts_audit,
    m0006_registers_agendas_budgets,
    m0007_caseload_covering_indexes,
    m0008_clients_name_order,
    m0009_sync_outbox,
    m0010_training_costing,
    m0011_discharge_reason_optional,
    m0012_intake_drafts,
    m0013_medication_review,
    m0014_client_materials_language,
    m0015_imd_postcodes,
    m0016_programmes,
    m0017_follow_up_strategies,
    m0018_reads_from_indexes,
)
MIGRATIONS: tuple[Migration, ...] = tuple(
    (step.__name__.rsplit(".", 1)[-1].removeprefix("m"), step.apply) for step in STEPS
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
    from ..connection import copy_database  # same library and key as the database itself

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
