"""Draft queries (drafts are read and written as records; only deleting needs its own SQL)."""

from __future__ import annotations

from .database import Store


def delete_draft(store: Store, client_id: str, kind: str) -> None:
    """Delete the client's draft of this kind (call inside ``store.atomic()``)."""
    store.conn.execute("DELETE FROM drafts WHERE client_id = ? AND kind = ?", (client_id, kind))


def delete_intake_draft(store: Store, staff: str, kind: str) -> None:
    """Delete a staff member's unsaved intake form of this kind (inside ``store.atomic()``)."""
    store.conn.execute("DELETE FROM intake_drafts WHERE staff = ? AND kind = ?", (staff, kind))
