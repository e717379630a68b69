"""Bundle-shaped collections read in bulk for reports, with only the columns a report uses.

Reading just the needed columns (no notes, no free text) keeps a million-contact caseload
quick to load, and means the return's inputs never hold text it must not show.
"""

from __future__ import annotations

import json
from typing import Any

from .database import Store
from .records import BOOLEANS, JSON_LISTS, JSON_OBJECTS

# What the monthly return and the service evaluation read, per collection.
RETURN_COLUMNS: dict[str, tuple[str, ...]] = {
    "clients": (
        "id",
        "nhs_number",
        "date_of_birth",
        "gender",
        "ethnicity",
        "first_language",
        "interpreter_needed",
        "imd_decile",
        "pcn",
        "employment_status",
    ),
    "referrals": ("id", "client_id", "received_on", "source", "outcome", "outcome_on"),
    "tier_changes": ("id", "client_id", "tier", "changed_on"),
    "discharges": ("id", "client_id", "discharged_on", "reason"),
    "contacts": ("id", "client_id", "starts_at", "type", "outcome"),
    "assessments": (
        "id",
        "client_id",
        "instrument",
        "time_point",
        "administered_on",
        "items",
        "protocol",
        "created_at",
    ),
    "goals": ("id", "client_id", "footstep", "reviews"),
    "community_services": ("id", "category"),
    "signposting": ("id", "client_id", "service_id", "history"),
    "mdt_meetings": ("id", "held_on", "discussions"),
}


def snapshot(
    store: Store, columns: dict[str, tuple[str, ...]] = RETURN_COLUMNS
) -> dict[str, list[dict[str, Any]]]:
    return {
        collection: read_collection(store, collection, names)
        for collection, names in columns.items()
    }


def read_collection(
    store: Store,
    collection: str,
    names: tuple[str, ...],
    where: str | None = None,
    params: tuple[Any, ...] = (),
) -> list[dict[str, Any]]:
    """Rows as records, converting only the columns that need it (a million rows add up)."""
    sql = f"SELECT {', '.join(names)} FROM {collection}" + (f" WHERE {where}" if where else "")
    cursor = store.conn.execute(sql, params)
    lists = [n for n in names if n in JSON_LISTS]
    objects = [n for n in names if n in JSON_OBJECTS]
    flags = [n for n in names if n in BOOLEANS]
    found = [dict(zip(names, row)) for row in cursor]  # noqa: B905 (same length by query)
    if not (lists or objects or flags):
        return found
    loads = json.loads
    for record in found:
        for name in lists:
            value = record[name]
            record[name] = loads(value) if value else []
        for name in objects:
            value = record[name]
            record[name] = loads(value) if value else None
        for name in flags:
            if record[name] is not None:
                record[name] = bool(record[name])
    return found
