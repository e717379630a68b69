"""Recording contacts and amending their notes.

A contact note is a clinical record and append-only: every saved text is kept as a numbered
version in ``contact_note_versions`` with who saved it and when, and the contact shows the
latest. Amending never overwrites; the store refuses to change or delete a kept version.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..core import permissions
from ..core.contact_rules import NoteVersion, checked_contact, note_history
from ..core.errors import InvalidInput, RecordNotFound
from ..store import contacts as queries
from ..store import records
from ..store.database import Store
from . import session, writes
from .client_record import existing_client


def record_contact(
    store: Store, contact: dict[str, Any], author: str, now: datetime | None = None
) -> dict[str, Any]:
    """Save a new contact (``staff`` defaults to the author) with its note as version 1."""
    now = now or datetime.now().astimezone()
    existing_client(store, contact.get("client_id") or "")
    checked = checked_contact({"staff": author, **contact}, now)
    with store.atomic():
        saved = writes.add(store, "contacts", checked, author)
        _keep_version(store, saved["id"], 1, saved["note"], author)
    return saved


def _keep_version(
    store: Store, contact_id: str, number: int, text: str | None, author: str
) -> None:
    version = {"contact_id": contact_id, "version": number, "note": text}
    writes.add(store, "contact_note_versions", version, author)


def amend_note(store: Store, contact_id: str, text: str, author: str) -> dict[str, Any]:
    """Save an amended note as a new version; every earlier text stays readable."""
    contact = records.get(store, "contacts", contact_id)
    if contact is None:
        raise RecordNotFound("That contact is no longer in this database.")
    text = (text or "").strip()
    if not text:
        raise InvalidInput(
            "An amended note cannot be empty. To withdraw a note written in "
            "error, say so in the amendment: the earlier text stays on record.",
            "note",
        )
    if text == (contact.get("note") or ""):
        raise InvalidInput("The note is unchanged: there is nothing to save.", "note")
    with store.atomic():
        # The contact first: if its text was never kept (a contact from a bundle), the store
        # keeps it as version 1 before the amendment is numbered after it.
        saved = writes.change(store, "contacts", {**contact, "note": text}, author)
        number = queries.last_note_version(store, contact_id) + 1
        _keep_version(store, contact_id, number, text, author)
    return saved


def history(store: Store, contact_id: str) -> list[NoteVersion]:
    """Every text the contact's note has had, oldest first; the last one is current.

    Only for roles that may read clinical notes (never a community partner)."""
    session.require(permissions.VIEW_CLINICAL)
    contact = records.get(store, "contacts", contact_id)
    if contact is None:
        raise RecordNotFound("That contact is no longer in this database.")
    kept = list(records.select(store, "contact_note_versions", "contact_id = ?", (contact_id,)))
    return note_history(contact, kept)


def amended_counts(store: Store, client_id: str) -> dict[str, int]:
    """{contact id: number of saved versions} for the client's contacts amended at least once."""
    return queries.amended_counts(store, client_id)
