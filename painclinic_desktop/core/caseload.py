"""Caseload status and tier rules, and the derived values the caseload table shows."""

from __future__ import annotations

from datetime import date
from typing import Any

# Status codes; the UI words them.
OPEN = "open"
AWAITING_TRIAGE = "awaiting_triage"
DISCHARGED = "discharged"
DECLINED = "declined"
SIGNPOSTED = "signposted_elsewhere"
NO_REFERRAL = "no_referral"
STATUSES = (OPEN, AWAITING_TRIAGE, DISCHARGED, DECLINED, SIGNPOSTED, NO_REFERRAL)


def status(row: dict[str, Any]) -> str:
    """A client's status from their latest referral, latest acceptance and latest discharge.

    Matches the monthly return's "open at end": open while the latest accepted referral has
    no discharge on or after the day it was received.
    """
    latest = row.get("latest_referral_outcome")
    if latest is None:
        return NO_REFERRAL
    accepted_on = row.get("accepted_on")
    discharged_on = row.get("discharged_on")
    if accepted_on is not None and (discharged_on is None or discharged_on < accepted_on):
        return OPEN
    if latest == "pending":
        return AWAITING_TRIAGE
    if latest in (DECLINED, SIGNPOSTED):
        ended = max(filter(None, (accepted_on, discharged_on)), default="")
        if accepted_on is None or row["latest_referral_on"] > ended:
            return latest
    return DISCHARGED


def current_tier(row: dict[str, Any]) -> int | None:
    """Tier while open: the latest tier change since the accepted referral, else tier 1."""
    if status(row) != OPEN:
        return None
    changed_on = row.get("tier_changed_on")
    if changed_on is not None and changed_on >= row["accepted_on"]:
        return int(row["tier"])
    return 1


def age_on(date_of_birth: str | None, on: date) -> int | None:
    if not date_of_birth:
        return None
    born = date.fromisoformat(date_of_birth)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
