"""The postcode -> IMD decile lookup table (migration 0015)."""

from __future__ import annotations

from ..core.imd import LookupRow
from .database import Store


def replace_lookup(store: Store, rows: list[LookupRow]) -> None:
    """The whole lookup, replaced in one transaction."""
    with store.atomic():
        store.conn.execute("DELETE FROM imd_postcodes")
        store.conn.executemany(
            "INSERT INTO imd_postcodes (postcode, lsoa_code, imd_decile) VALUES (?, ?, ?)",
            [(r.postcode, r.lsoa_code, r.imd_decile) for r in rows],
        )


def find(store: Store, postcode: str) -> LookupRow | None:
    row = store.conn.execute(
        "SELECT postcode, lsoa_code, imd_decile FROM imd_postcodes WHERE postcode = ?",
        (postcode,),
    ).fetchone()
    return LookupRow(*row) if row else None


def size(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM imd_postcodes").fetchone()[0]
