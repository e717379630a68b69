"""The client a change or a read is about, refused in the same words everywhere when the
client is no longer in this caseload (removed, or never on this laptop)."""

from __future__ import annotations

from typing import Any

from ..core.errors import RecordNotFound
from ..store import records
from ..store.database import Store


def existing_client(store: Store, client_id: str) -> dict[str, Any]:
    """The client's record; ``RecordNotFound`` when there is none."""
    client = records.get(store, "clients", client_id)
    if client is None:
        raise RecordNotFound("That client is no longer in this caseload.")
    return client
