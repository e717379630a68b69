"""Raising and clearing flags on a client (who, when, why), one open flag of a kind at a time.

Other screens raise flags through here too (a risk answer on PHQ-9, "discuss at MDT" from a
contact), so the one-open-flag rule and authorship hold everywhere.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..core import flag_rules as rules
from ..core.errors import RecordNotFound
from ..core.pathway_rules import iso
from ..store import records
from ..store.database import Store
from . import writes
from .client_record import existing_client


def open_flags(store: Store, client_id: str) -> list[dict[str, Any]]:
    return list(
        records.select(
            store, "flags", "client_id = ? AND cleared_on IS NULL ORDER BY raised_on", (client_id,)
        )
    )


def raise_flag(
    store: Store,
    client_id: str,
    kind: str,
    why: str,
    author: str,
    *,
    on: str | date | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    today = today or date.today()
    on_iso = iso(on or today)
    existing_client(store, client_id)
    with store.atomic():
        kinds = {f["kind"] for f in open_flags(store, client_id)}
        rules.check_raise(kind, on_iso, why, kinds, today)
        flag = {
            "client_id": client_id,
            "kind": kind,
            "raised_on": on_iso,
            "raised_by": author,
            "note": why.strip(),
        }
        return writes.add(store, "flags", flag, author)


def clear_flag(
    store: Store,
    flag_id: str,
    author: str,
    *,
    why: str | None = None,
    on: str | date | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    today = today or date.today()
    on_iso = iso(on or today)
    flag = records.get(store, "flags", flag_id)
    if flag is None:
        raise RecordNotFound("That flag is no longer in this database.")
    rules.check_clear(flag, on_iso, today)
    cleared = {
        **flag,
        "cleared_on": on_iso,
        "cleared_by": author,
        "note": rules.note_when_cleared(flag, why),
    }
    return writes.change(store, "flags", cleared, author)
