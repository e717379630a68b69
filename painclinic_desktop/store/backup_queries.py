"""What a backup reads: row counts per table, inside one read transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .connection import Connection


@contextmanager
def read_transaction(conn: Connection) -> Iterator[Connection]:
    """Hold one read snapshot for the block; committed only when the block succeeds (closing
    the connection after a failure ends it)."""
    conn.execute("BEGIN")
    yield conn
    conn.execute("COMMIT")


def table_counts(conn: Connection) -> dict[str, int]:
    """{table name: number of rows} for every table of the database."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


@dataclass(frozen=True)
class Holdings:
    """What a file offered for restore holds: enough to tell a PainClinic database."""

    has_schema: bool
    accounts: int
    active_admins: frozenset[str]  # name keys


def holdings(conn: Connection) -> Holdings:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "accounts" not in tables:
        return Holdings("schema_migrations" in tables, 0, frozenset())
    rows = conn.execute("SELECT name_key, role, disabled_at FROM accounts").fetchall()
    admins = frozenset(key for key, role, off in rows if role == "admin" and off is None)
    return Holdings("schema_migrations" in tables, len(rows), admins)
