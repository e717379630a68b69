"""Small bundle-shaped records for tests, with valid defaults that a test overrides."""

from __future__ import annotations

import uuid
from typing import Any

from painclinic_desktop.core.bundle import new_bundle

_NS = uuid.UUID("6f1d1c1e-8a0b-4c55-9d1a-3f2f4c0b7a11")


def uid(name: str) -> str:
    """A stable UUID from a readable name, so tests can refer to records by name."""
    return str(uuid.uuid5(_NS, name))


def bundle(**collections: list[dict[str, Any]]) -> dict[str, Any]:
    doc = new_bundle("2026-11-01T09:00:00+00:00")
    doc.update(collections)
    return doc


def client(name: str = "ayesha", **fields: Any) -> dict[str, Any]:
    record = {
        "id": uid(name),
        "nhs_number": "9434765919",
        "given_name": name.title(),
        "family_name": "Khan",
        "date_of_birth": "1961-04-12",
        "gender": "female",
        "ethnicity": "J",
        "first_language": "Urdu",
        "interpreter_needed": True,
        "pcn": "Bradford City",
        "employment_status": "retired",
        "updated_at": "2026-10-01T10:00:00+01:00",
    }
    record.update(fields)
    return record


def referral(name: str, client_name: str = "ayesha", **fields: Any) -> dict[str, Any]:
    record = {
        "id": uid(name),
        "client_id": uid(client_name),
        "received_on": "2026-09-03",
        "source": "gp",
        "reason": "Persistent low back pain for 4 years",
        "outcome": "accepted",
        "outcome_on": "2026-09-10",
    }
    record.update(fields)
    return record


def contact(name: str, client_name: str = "ayesha", **fields: Any) -> dict[str, Any]:
    record = {
        "id": uid(name),
        "client_id": uid(client_name),
        "starts_at": "2026-09-20T10:30:00+01:00",
        "duration_minutes": 60,
        "type": "home_visit",
        "venue": "home",
        "outcome": "attended",
        "staff": "Coach One",
        "carer_present": False,
        "footsteps": [1, 3],
        "components": ["pain_book", "pacing_diary"],
        "note": "Talked about pacing.",
    }
    record.update(fields)
    return record


def assessment(name: str, client_name: str = "ayesha", **fields: Any) -> dict[str, Any]:
    record = {
        "id": uid(name),
        "client_id": uid(client_name),
        "instrument": "phq9",
        "time_point": "baseline",
        "administered_on": "2026-09-20",
        "items": [1, 1, 2, 1, 0, 1, 1, 0, 0],
        "recorded_by": "Coach One",
    }
    record.update(fields)
    return record


def referral_row(
    rid: str, client_id: str, day: str, source: str = "gp", outcome: str = "accepted"
) -> dict[str, Any]:
    """A referral with only what the monthly return reads: tests of the return's sheets
    build their caseloads from these."""
    return {
        "id": rid,
        "client_id": client_id,
        "received_on": day,
        "source": source,
        "outcome": outcome,
    }
