"""Moving a client along the pathway: tier changes and discharge (re-opening is a new
referral accepted at triage, see ``services.referrals``).

The MDT screens call ``change_tier`` with the discussion that agreed a move to Tier 3, inside
their own ``store.atomic()`` when the decision and the change must commit together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core import pathway_rules as rules
from ..core.errors import InvalidInput
from ..store import pathway as queries
from ..store.caseload import client_records
from ..store.database import Store
from . import writes
from .client_record import existing_client


def episode(store: Store, client_id: str) -> rules.Episode:
    """Where the client is on the pathway now (status, tier, dates)."""
    existing_client(store, client_id)
    return rules.episode_of(client_records(store, client_id))


@dataclass(frozen=True)
class Discussion:
    """One MDT discussion of a client, as the tier-change form offers it."""

    id: str
    held_on: str
    decision: str
    note: str | None
    applied: bool  # a tier change already refers to it


def discussions(store: Store, client_id: str) -> list[Discussion]:
    """The client's MDT discussions, latest meeting first."""
    used = queries.applied_discussion_ids(store, client_id)
    return [
        Discussion(i, held, decision, note, i in used)
        for i, held, decision, note in queries.client_discussions(store, client_id)
    ]


def tier3_discussions(store: Store, client_id: str) -> list[Discussion]:
    """MDT decisions to move this client to Tier 3 that no tier change has applied yet."""
    return [
        d for d in discussions(store, client_id) if d.decision == "move_to_tier_3" and not d.applied
    ]


def change_tier(
    store: Store,
    client_id: str,
    tier: int,
    reason: str,
    author: str,
    *,
    on: str | date | None = None,
    mdt_discussion_id: str | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Record a tier change (Tier 3 only with the MDT discussion that agreed it)."""
    today = today or date.today()
    on_iso = rules.iso(on or today)
    current = episode(store, client_id)
    discussion = None
    if mdt_discussion_id is not None:
        found = next((d for d in discussions(store, client_id) if d.id == mdt_discussion_id), None)
        if found is None:
            raise InvalidInput("That MDT discussion is not about this client.", "mdt_discussion_id")
        discussion = {
            "decision": found.decision,
            "held_on": found.held_on,
            "applied": found.applied,
        }
    rules.check_tier_change(current, tier, on_iso, reason, today, discussion)
    change = {
        "client_id": client_id,
        "tier": tier,
        "changed_on": on_iso,
        "reason": reason.strip(),
        "mdt_discussion_id": mdt_discussion_id,
    }
    return writes.add(store, "tier_changes", change, author)


def discharge(
    store: Store,
    client_id: str,
    reason: str,
    author: str,
    *,
    on: str | date | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Discharge an open client. A later referral, once accepted, re-opens the record."""
    today = today or date.today()
    on_iso = rules.iso(on or today)
    rules.check_discharge(episode(store, client_id), on_iso, reason, today)
    record = {"client_id": client_id, "discharged_on": on_iso, "reason": reason}
    return writes.add(store, "discharges", record, author)
