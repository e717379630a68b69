"""Opening a service database: connect, check, migrate; the ``Store`` handle passed around."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from ..core.errors import NotADatabase
from . import migrations
from .connection import connect, ensure_intact


class Store:
    """An open service database. Writes that belong together go inside ``atomic()``."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path
        self.db = sqlite_utils.Database(conn)
        self._columns: dict[str, tuple[str, ...]] = {}

    @contextmanager
    def atomic(self) -> Iterator[Store]:
        with self.db.atomic():
            yield self

    def columns(self, table: str) -> tuple[str, ...]:
        if table not in self._columns:
            rows = self.conn.execute(f"PRAGMA table_info({table})").fetchall()
            self._columns[table] = tuple(r[1] for r in rows)
        return self._columns[table]

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @property
    def is_demo(self) -> bool:
        return self.setting("demo") == "1"

    def close(self) -> None:
        self.conn.close()


def open_store(path: str | Path, create: bool = False) -> Store:
    """Open the service database at ``path``, bringing its schema up to date.

    With ``create`` a missing file is created; otherwise a missing file is an error, so a
    mistyped path never silently starts an empty caseload.
    """
    path = Path(path)
    if not path.exists() and not create:
        raise NotADatabase(f"There is no database at {path}.")
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path)
    try:
        ensure_intact(conn, path)
        if migrations.applied(conn) == [] and migrations.has_user_tables(conn):
            raise NotADatabase(f"{path.name} is an SQLite file but not a PainClinic database.")
        migrations.migrate(conn, path)
    except BaseException:
        conn.close()
        raise
    return Store(conn, path)
