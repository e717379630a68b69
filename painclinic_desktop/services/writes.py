"""Saving records: stamped, written whole, in one transaction with what belongs with them."""

from __future__ import annotations

from typing import Any

from ..core.stamps import created, updated
from ..store import records
from ..store.database import Store


def add(store: Store, collection: str, record: dict[str, Any], author: str) -> dict[str, Any]:
    """Insert a new record; call inside ``store.atomic()`` when other writes belong with it."""
    saved = created(record, author)
    with store.atomic():
        records.insert_many(store, collection, [saved])
    return records.get(store, collection, saved["id"])


def change(store: Store, collection: str, record: dict[str, Any], author: str) -> dict[str, Any]:
    saved = records.complete(store, collection, updated(record, author))
    with store.atomic():
        records.replace(store, collection, saved)
    return records.get(store, collection, saved["id"])
