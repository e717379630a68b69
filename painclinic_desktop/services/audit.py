"""Recording actions in the audit trail, checking it, and reading it (admin only)."""

from __future__ import annotations

from typing import Any

from ..core import permissions
from ..store import audit
from ..store.database import Store
from . import session


def record(
    store: Store,
    action: str,
    collection: str | None = None,
    record_id: str | None = None,
    client_id: str | None = None,
    detail: str | None = None,
    actor: str | None = None,
) -> int:
    """Append one row as the signed-in person; call inside the change's own transaction."""
    entry = audit.Entry(
        actor or session.current_staff(), action, collection, record_id, client_id, detail
    )
    return audit.append(store, entry)


def client_of(collection: str, saved: dict[str, Any]) -> str | None:
    """The client a record belongs to, for filtering the trail by client."""
    if collection == "clients":
        return saved.get("id")
    return saved.get("client_id")


def record_write(store: Store, collection: str, saved: dict[str, Any], new: bool) -> None:
    record(
        store,
        audit.CREATE if new else audit.UPDATE,
        collection,
        saved.get("id"),
        client_of(collection, saved),
    )


def record_view(store: Store, client_id: str) -> None:
    with store.atomic():
        record(store, audit.VIEW_RECORD, "clients", client_id, client_id)


def verify(store: Store) -> list[str]:
    """Breaks in the hash chain (anyone may check; the rows themselves are admin-only)."""
    return audit.verify(store)


def trail(store: Store, **filters: Any) -> list[dict[str, Any]]:
    session.require(permissions.VIEW_AUDIT)
    return audit.search(store, **filters)
