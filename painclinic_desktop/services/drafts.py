"""Unfinished work, autosaved so that closing the window or a crash loses nothing.

A draft is one JSON payload per client and kind (``"assessment"``) in the ``drafts`` table.
It lives in the database only: patient data is never written to files beside it. Drafts are
not records: nothing that counts (caseload, outcomes, reports, exports) reads this table,
and completing the work deletes the draft in the same transaction that saves the records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..store import drafts as queries
from ..store import records
from ..store.database import Store
from . import writes

ASSESSMENT = "assessment"
NEW_REFERRAL = "new_referral"  # File > New referral, for a person who is not a client yet


@dataclass(frozen=True, slots=True)
class Draft:
    id: str
    client_id: str
    kind: str
    payload: dict[str, Any]
    updated_at: str
    author: str | None


def _draft(row: dict[str, Any]) -> Draft:
    return Draft(
        id=row["id"],
        client_id=row["client_id"],
        kind=row["kind"],
        payload=json.loads(row["payload"]),
        updated_at=row["updated_at"],
        author=row["author"],
    )


def _row(store: Store, client_id: str, kind: str) -> dict[str, Any] | None:
    return next(
        records.select(store, "drafts", "client_id = ? AND kind = ?", (client_id, kind)), None
    )


def save_draft(
    store: Store, client_id: str, kind: str, payload: dict[str, Any], author: str
) -> Draft:
    """Create or overwrite the client's draft of this kind; committed before returning."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    with store.atomic():
        current = _row(store, client_id, kind)
        if current is None:
            saved = writes.add(
                store, "drafts", {"client_id": client_id, "kind": kind, "payload": text}, author
            )
        else:
            saved = writes.change(store, "drafts", {**current, "payload": text}, author)
    return _draft(saved)


def load_draft(store: Store, client_id: str, kind: str) -> Draft | None:
    row = _row(store, client_id, kind)
    return None if row is None else _draft(row)


def discard_draft(store: Store, client_id: str, kind: str) -> None:
    """Delete the draft (call inside ``store.atomic()`` when completing the work)."""
    with store.atomic():
        # secure_delete is on, so the deleted payload is overwritten in the file.
        queries.delete_draft(store, client_id, kind)


def client_drafts(store: Store, client_id: str) -> list[Draft]:
    return [_draft(r) for r in records.select(store, "drafts", "client_id = ?", (client_id,))]


# --- words typed for someone who is not a client yet --------------------------------------
# A new referral's words are kept for the staff member typing them (``intake_drafts``), as a
# client's drafts are kept with the client: one per staff member and kind, offered back only
# to them, deleted when the referral is saved or the words are discarded.


def _intake_row(store: Store, staff: str, kind: str) -> dict[str, Any] | None:
    return next(
        records.select(store, "intake_drafts", "staff = ? AND kind = ?", (staff, kind)), None
    )


def save_intake_draft(store: Store, staff: str, kind: str, payload: dict[str, Any]) -> Draft:
    """Create or overwrite this staff member's unsaved intake form; committed on return."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    with store.atomic():
        current = _intake_row(store, staff, kind)
        if current is None:
            row = {"staff": staff, "kind": kind, "payload": text}
            saved = writes.add(store, "intake_drafts", row, staff)
        else:
            saved = writes.change(store, "intake_drafts", {**current, "payload": text}, staff)
    return _intake_draft(saved)


def load_intake_draft(store: Store, staff: str, kind: str) -> Draft | None:
    row = _intake_row(store, staff, kind)
    return None if row is None else _intake_draft(row)


def discard_intake_draft(store: Store, staff: str, kind: str) -> None:
    with store.atomic():
        queries.delete_intake_draft(store, staff, kind)


def _intake_draft(row: dict[str, Any]) -> Draft:
    return Draft(
        id=row["id"],
        client_id="",
        kind=row["kind"],
        payload=json.loads(row["payload"]),
        updated_at=row["updated_at"],
        author=row["author"],
    )
