"""Saving records: stamped, written whole, in one transaction with what belongs with them."""

from __future__ import annotations

from typing import Any

from ..core.permissions import write_permissions
from ..core.stamps import created, updated
from ..store import records
from ..store.database import Store
from . import session
from .audit import record_write

# Autosaved unfinished work is not a record: auditing every keystroke pause would bury the
# trail. Completing the work saves real records, and those are audited.
UNAUDITED = frozenset({"drafts", "intake_drafts"})


def add(
    store: Store,
    collection: str,
    record: dict[str, Any],
    author: str,
    permitted_by: str | None = None,
) -> dict[str, Any]:
    """Insert a new record; call inside ``store.atomic()`` when other writes belong with it.
    ``permitted_by``: the record is part of an action that permission allows as a whole (an
    import raising the risk flag a PHQ-9 needs), so that permission is what is checked."""
    session.require(*((permitted_by,) if permitted_by else write_permissions(collection, True)))
    saved = created(record, author)
    with store.atomic():
        records.insert_many(store, collection, [saved])
        if collection not in UNAUDITED:
            record_write(store, collection, saved, new=True)
    return _read_back(store, collection, saved["id"])


def change(store: Store, collection: str, record: dict[str, Any], author: str) -> dict[str, Any]:
    session.require(*write_permissions(collection, new=False))
    saved = records.complete(store, collection, updated(record, author))
    with store.atomic():
        records.replace(store, collection, saved)
        if collection not in UNAUDITED:
            record_write(store, collection, saved, new=False)
    return _read_back(store, collection, saved["id"])


def _read_back(store: Store, collection: str, record_id: str) -> dict[str, Any]:
    """The record as stored, with the store's defaults filled in."""
    stored = records.get(store, collection, record_id)
    if stored is None:  # cannot happen after a write in the same transaction
        raise LookupError(f"{collection} record was not stored")
    return stored
