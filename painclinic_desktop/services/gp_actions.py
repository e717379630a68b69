"""Actions requested of the GP for one client: asked with who and when, each status kept."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..core import gp_actions as rules
from ..core.errors import RecordNotFound
from ..core.pathway_rules import iso
from ..store import records
from ..store.database import Store
from . import writes
from .client_record import existing_client


def actions(store: Store, client_id: str) -> list[dict[str, Any]]:
    return list(
        records.select(
            store, "gp_actions", "client_id = ? ORDER BY requested_on, created_at", (client_id,)
        )
    )


def request(
    store: Store,
    client_id: str,
    text: str,
    author: str,
    *,
    on: str | date | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    today = today or date.today()
    on_iso = iso(on or today)
    existing_client(store, client_id)
    rules.check_request(text, on_iso, today)
    record = {
        "client_id": client_id,
        "text": text.strip(),
        "requested_on": on_iso,
        "requested_by": author,
        "history": [{"status": "requested", "on": on_iso}],
    }
    return writes.add(store, "gp_actions", record, author)


def set_status(
    store: Store,
    action_id: str,
    status: str,
    author: str,
    *,
    on: str | date | None = None,
    note: str | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    today = today or date.today()
    action = records.get(store, "gp_actions", action_id)
    if action is None:
        raise RecordNotFound("That request is no longer in this record.")
    entry = rules.next_entry(action, status, iso(on or today), note, today)
    changed = {**action, "history": [*(action.get("history") or []), entry]}
    return writes.change(store, "gp_actions", changed, author)
