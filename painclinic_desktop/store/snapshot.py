"""Bundle-shaped collections read in bulk for reports, with only the columns a report uses.

Reading just the needed columns (no notes, no free text) keeps a million-contact caseload
quick to load, and means the return's inputs never hold text it must not show.
"""

from __future__ import annotations

from typing import Any

from .database import Store
from .records import from_row

# What the monthly return and the service evaluation read, per collection.
RETURN_COLUMNS: dict[str, tuple[str, ...]] = {
    "clients": ("id", "nhs_number", "date_of_birth", "gender", "ethnicity", "first_language",
                "interpreter_needed", "imd_decile", "pcn", "employment_status"),
    "referrals": ("id", "client_id", "received_on", "source", "outcome", "outcome_on"),
    "tier_changes": ("id", "client_id", "tier", "changed_on"),
    "discharges": ("id", "client_id", "discharged_on", "reason"),
    "contacts": ("id", "client_id", "starts_at", "type", "outcome"),
    "assessments": ("id", "client_id", "instrument", "time_point", "administered_on", "items",
                    "protocol", "created_at"),
    "goals": ("id", "client_id", "footstep", "reviews"),
    "community_services": ("id", "category"),
    "signposting": ("id", "client_id", "service_id", "history"),
    "mdt_meetings": ("id", "held_on", "discussions"),
}


def snapshot(store: Store, columns: dict[str, tuple[str, ...]] = RETURN_COLUMNS
             ) -> dict[str, list[dict[str, Any]]]:
    found = {}
    for collection, names in columns.items():
        cursor = store.conn.execute(f"SELECT {', '.join(names)} FROM {collection}")
        found[collection] = [from_row(dict(zip(names, row, strict=True))) for row in cursor]
    return found
