"""Writing a bundle's worth of new records at once: the fast path of an import.

A 10,000-client bundle is a third of a million rows. Inserted one by one into a table that
keeps three or four indexes, each row costs a random walk down every index; SQLite builds an
index from scratch far faster (one sort). So when the new rows outnumber the rows a table
already holds, its own indexes are set aside and built again inside the same transaction:
the schema a reader sees after the commit is exactly the one before, and a failure anywhere
rolls the dropped indexes back with everything else.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from . import records
from .connection import allowing
from .database import Store

# Below this many new rows, inserting into the indexes directly is as quick as rebuilding.
BULK_ROWS = 5000
# Page cache while an import runs (KiB). With the usual 8 MiB, SQLite writes the pages of a
# large transaction out and reads them back; 128 MiB holds most of a 10,000-client import
# (measured: inserting it took 7.5 s; 5.7 s with indexes rebuilt; 5.0 s with this as well).
IMPORT_CACHE_KIB = 131072


@contextmanager
def import_cache(store: Store) -> Iterator[None]:
    """A larger page cache for the duration of an import; the usual size afterwards."""
    conn = store.conn
    usual = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        if not store.is_locked:
            store.conn.execute(f"PRAGMA cache_size = {int(usual)}")


def insert_new(store: Store, collection: str, new: list[dict[str, Any]], stored: int) -> None:
    """Insert ``new`` records into a table already holding ``stored`` rows. Must run inside
    the import's transaction, so that indexes set aside can never outlive a failure."""
    if not store.conn.in_transaction:
        raise RuntimeError("bulk inserts run inside the import's transaction")
    if len(new) < BULK_ROWS or len(new) < stored:
        records.insert_many(store, collection, new)
        return
    indexes = own_indexes(store, collection)
    with allowing(store.conn, "rebuilding_indexes"):  # the one schema change outside migrations
        for name, _ in indexes:
            store.conn.execute(f'DROP INDEX "{name}"')
    records.insert_many(store, collection, new)
    with allowing(store.conn, "rebuilding_indexes"):
        for _, sql in indexes:
            store.conn.execute(sql)


def own_indexes(store: Store, table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the indexes made for ``table`` by the migrations; the
    ones SQLite makes for primary keys and UNIQUE columns have no statement and stay."""
    return store.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL ORDER BY name",
        (table,),
    ).fetchall()
