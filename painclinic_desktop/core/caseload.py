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
    return status_of(
        row.get("latest_referral_outcome"),
        row.get("latest_referral_on"),
        row.get("accepted_on"),
        row.get("discharged_on"),
    )


def status_of(
    latest: str | None, latest_on: str | None, accepted_on: str | None, discharged_on: str | None
) -> str:
    """``status`` from the four values (the whole caseload calls this 50,000 times)."""
    if latest is None:
        return NO_REFERRAL
    if accepted_on is not None and (discharged_on is None or discharged_on < accepted_on):
        return OPEN
    if latest == "pending":
        return AWAITING_TRIAGE
    if latest in (DECLINED, SIGNPOSTED):
        ended = max(filter(None, (accepted_on, discharged_on)), default="")
        if accepted_on is None or latest_on > ended:  # type: ignore[operator]
            return latest
    return DISCHARGED


def current_tier(row: dict[str, Any]) -> int | None:
    """Tier while open: the latest tier change since the accepted referral, else tier 1."""
    return tier_of(status(row), row.get("tier"), row.get("tier_changed_on"), row.get("accepted_on"))


def tier_of(status: str, tier: Any, changed_on: str | None, accepted_on: str | None) -> int | None:
    """``current_tier`` from the client's status and the values it reads."""
    if status != OPEN:
        return None
    if changed_on is not None and changed_on >= accepted_on:  # type: ignore[operator]
        return int(tier)
    return 1


def age_on(date_of_birth: str | None, on: date) -> int | None:
    if not date_of_birth:
        return None
    born = date.fromisoformat(date_of_birth)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
