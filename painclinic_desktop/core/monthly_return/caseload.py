"""Facts about the caseload that several sheets of the monthly return share, each found in
one pass over its collection: who is open at month end and at which tier, and what the
contacts show (first attended contact ever, contacts in the month, recent attendance).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from painclinic_desktop.core.monthly_return.common import (
    Caseload,
    Period,
    iso_day,
    latest_key,
    records,
    shift_days,
)

RECENT_CONTACT_DAYS = 60


def accepted_referral_days(caseload: Caseload) -> dict[Any, list[str]]:
    """Per client, the sorted ``received_on`` days of their accepted referrals."""
    days: dict[Any, list[str]] = defaultdict(list)
    for referral in records(caseload, "referrals"):
        day = iso_day(referral.get("received_on"))
        if referral.get("outcome") == "accepted" and day:
            days[referral.get("client_id")].append(day)
    for found in days.values():
        found.sort()
    return days


def open_at_end(accepted: dict[Any, list[str]], caseload: Caseload, end: str) -> dict[Any, int]:
    """Clients open at ``end`` with their tier at ``end``.

    Open: the latest accepted referral R received on or before end has no discharge dated
    from R.received_on to end (so a re-referral after a discharge reopens the client).
    Tier: the latest tier change from R.received_on to end, otherwise tier 1.
    """
    episode_start = {}
    for client_id, days in accepted.items():
        before_end = [d for d in days if d <= end]
        if before_end:
            episode_start[client_id] = before_end[-1]
    for discharge in records(caseload, "discharges"):
        since = episode_start.get(discharge.get("client_id"))
        day = iso_day(discharge.get("discharged_on"))
        if since is not None and day and since <= day <= end:
            del episode_start[discharge.get("client_id")]
    return _tiers_at_end(episode_start, caseload, end)


def _tiers_at_end(episode_start: dict[Any, str], caseload: Caseload, end: str) -> dict[Any, int]:
    latest: dict[Any, tuple[tuple[str, str, str], Any]] = {}
    for change in records(caseload, "tier_changes"):
        client_id = change.get("client_id")
        since = episode_start.get(client_id)
        day = iso_day(change.get("changed_on"))
        if since is None or not day or not since <= day <= end:
            continue
        key = latest_key(change, "changed_on")
        if client_id not in latest or key >= latest[client_id][0]:
            latest[client_id] = (key, change.get("tier"))
    tiers = {}
    for client_id in episode_start:
        tier = latest[client_id][1] if client_id in latest else 1
        tiers[client_id] = _as_tier(tier)
    return tiers


def _as_tier(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 1


@dataclass
class ContactFacts:
    """What the month's contacts show. ``first_attended``: the clients whose first attended
    contact ever falls in the month, with its day; ``recently_attended``: clients with an
    attended contact in the ``RECENT_CONTACT_DAYS`` days ending at month end."""

    first_attended: dict[Any, str] = field(default_factory=dict)
    attended_in_month: Counter[Any] = field(default_factory=Counter)
    dna_in_month: int = 0
    recently_attended: set[Any] = field(default_factory=set)


def contact_facts(caseload: Caseload, month: Period) -> ContactFacts:
    """One pass over every contact (the largest collection by far)."""
    facts = ContactFacts()
    first = facts.first_attended
    by_type = facts.attended_in_month
    recent_from = shift_days(month.end, -(RECENT_CONTACT_DAYS - 1))
    start, end = month.start, month.end
    for contact in records(caseload, "contacts"):
        outcome = contact.get("outcome")
        if outcome != "attended" and outcome != "dna":
            continue
        starts_at = contact.get("starts_at")
        day = starts_at[:10] if isinstance(starts_at, str) else iso_day(starts_at)
        if not day:
            continue
        if outcome == "dna":
            if start <= day <= end:
                facts.dna_in_month += 1
            continue
        client_id = contact.get("client_id")
        if day < first.get(client_id, "9999"):
            first[client_id] = day
        if start <= day <= end:
            by_type[contact.get("type")] += 1
        if recent_from <= day <= end:
            facts.recently_attended.add(client_id)
    facts.first_attended = {c: day for c, day in first.items() if start <= day <= end}
    return facts
