"""Changing a client's area and work details after intake: address, postcode, IMD decile,
employment status and how long they have had pain (months). Checked by the same rules as the
intake form and the referral file; a blank decile is filled from the postcode lookup where it
matches."""

from __future__ import annotations

from typing import Any

from ..core.errors import InvalidInput
from ..core.referral_rules import LABELS, parse_field
from ..store.database import Store
from . import writes
from .client_record import existing_client
from .imd import with_decile_from_postcode

DETAIL_FIELDS = (
    "address",
    "postcode",
    "imd_decile",
    "employment_status",
    "pain_duration_months",
)


def change_details(
    store: Store, client_id: str, values: dict[str, Any], author: str
) -> dict[str, Any]:
    """Save ``values`` ({field: value or text}) of ``DETAIL_FIELDS``; every problem is named
    and nothing is saved while any remains."""
    unknown = set(values) - set(DETAIL_FIELDS)
    if unknown:
        raise InvalidInput(f"{', '.join(sorted(unknown))} cannot be changed here", "values")
    client = existing_client(store, client_id)
    changed, problems = dict(client), []
    for field, raw in values.items():
        value, issue = (None, None) if raw in (None, "") else parse_field(field, raw)
        if issue is not None:
            problems.append((field, issue.reason))
        changed[field] = value
    if problems:
        raise InvalidInput(
            "; ".join(f"{LABELS[f]}: {why}" for f, why in problems),
            problems[0][0],
            problems=problems,
        )
    changed = with_decile_from_postcode(store, changed)
    return writes.change(store, "clients", changed, author)
