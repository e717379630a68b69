"""Simulated laptops: each its own encrypted service database, joined to the test hub."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from painclinic_desktop.core.permissions import CLINICAL_COLUMNS, CLINICAL_TABLES
from painclinic_desktop.services import session, sync, writes
from painclinic_desktop.store import records
from painclinic_desktop.store.database import reopen

LOCAL_PASSWORD = "laptop passphrase 1"


class Laptop:
    """One person's laptop. ``act()`` makes them the signed-in person for what follows."""

    def __init__(self, folder: Path, hub, login: str, role: str, hub_password: str):
        self.path = Path(folder) / f"{login}.db"
        self.hub, self.login, self.role, self.hub_password = hub, login, role, hub_password
        self.store = None

    def join(self):
        report = sync.join(
            self.path, self.hub.login_url(self.login), self.login, self.hub_password,
            LOCAL_PASSWORD,
        )  # fmt: skip
        self.store = reopen(self.path)
        self.store.restrict_to(self.role)
        return report

    def join_existing(self):
        """Open this laptop's database again (after another process used it)."""
        from painclinic_desktop.services import accounts

        self.store = accounts.sign_in(self.path, self.login, LOCAL_PASSWORD)
        return self.store

    @contextmanager
    def act(self):
        session.sign_in_as(self.login, self.role)
        yield self.store

    def add(self, collection, record):
        with self.act() as store:
            return writes.add(store, collection, record, self.login)

    def change(self, collection, record_id, **fields):
        with self.act() as store:
            current = records.get(store, collection, record_id)
            return writes.change(store, collection, {**current, **fields}, self.login)

    def get(self, collection, record_id):
        return records.get(self.store, collection, record_id)

    def sync(self):
        with self.act() as store:
            return sync.sync(store)

    def raw(self, sql, params=()):
        """Rows straight from the laptop's own tables, past any role restriction."""
        with reopen(self.path) as own:
            return own.conn.execute(sql, params).fetchall()

    def conflicts(self):
        return sync.open_conflicts(self.store)

    def close(self):
        if self.store is not None:
            self.store.close()


def clinical_values_held(laptop: Laptop) -> list[str]:
    """Every clinical row or column value present in the laptop's raw tables."""
    found = []
    for table in sorted(CLINICAL_TABLES):
        count = laptop.raw(f"SELECT count(*) FROM {table}")[0][0]
        if count:
            found.append(f"{table}: {count} rows")
    for table, column in sorted(CLINICAL_COLUMNS):
        count = laptop.raw(f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL")[0][0]
        if count:
            found.append(f"{table}.{column}: {count} values")
    return found
