"""The ``Summary`` sheet of the monthly return (definitions: MONTHLY_RETURN.md)."""

from __future__ import annotations

import bisect
from collections import Counter
from datetime import date
from typing import Any

from painclinic_desktop.core import stats
from painclinic_desktop.core.codes import (
    CONTACT_TYPES,
    DISCHARGE_REASONS,
    REFERRAL_OUTCOMES,
    REFERRAL_SOURCES,
    TIERS,
)
from painclinic_desktop.core.monthly_return.caseload import ContactFacts
from painclinic_desktop.core.monthly_return.common import (
    Caseload,
    Period,
    Sheet,
    iso_day,
    records,
    shown_count,
)

COLUMNS = ["code", "measure", "breakdown", "value"]
MEASURES = {
    "referrals_received": "Referrals received",
    "referrals_by_outcome": "Referrals received in the month, by outcome",
    "active_at_month_end": "Clients active at month end, by tier",
    "first_contacts": "Clients with their first attended contact",
    "median_days_to_first_contact": "Median days from referral to first contact",
    "contacts_attended": "Contacts attended",
    "dna_rate_percent": "Did-not-attend rate (%)",
    "discharges": "Discharges",
    "mdt_clients_discussed": "Clients discussed at MDT",
}
# Rows holding rates or medians rather than counts: never written as "<5".
NOT_COUNTS = ("median_days_to_first_contact", "dna_rate_percent")


def summary_sheet(
    caseload: Caseload,
    month: Period,
    accepted: dict[Any, list[str]],
    tiers_at_end: dict[Any, int],
    contacts: ContactFacts,
    suppress: bool,
) -> Sheet:
    rows: list[list[Any]] = []

    def add(code: str, breakdown: str, value: Any) -> None:
        if code not in NOT_COUNTS:
            value = shown_count(value, suppress)
        rows.append([code, MEASURES[code], breakdown, value])

    _referrals(caseload, month, add)
    tier_counts = Counter(tiers_at_end.values())
    add("active_at_month_end", "all", len(tiers_at_end))
    for tier in TIERS:
        add("active_at_month_end", f"tier_{tier}", tier_counts[tier])
    _first_contacts(month, accepted, contacts, add)
    attended = contacts.attended_in_month
    add("contacts_attended", "all", sum(attended.values()))
    for contact_type in CONTACT_TYPES:
        add("contacts_attended", contact_type, attended[contact_type])
    add("dna_rate_percent", "all", dna_rate(sum(attended.values()), contacts.dna_in_month))
    _discharges(caseload, month, add)
    add("mdt_clients_discussed", "all", len(clients_discussed(caseload, month)))
    return Sheet(COLUMNS, rows, float_formats={"value": "0.0"})


def _referrals(caseload: Caseload, month: Period, add: Any) -> None:
    in_month = [
        r for r in records(caseload, "referrals") if month.holds(iso_day(r.get("received_on")))
    ]
    sources = Counter(r.get("source") for r in in_month)
    outcomes = Counter(r.get("outcome") for r in in_month)
    add("referrals_received", "all", len(in_month))
    for source in REFERRAL_SOURCES:
        add("referrals_received", source, sources[source])
    for outcome in REFERRAL_OUTCOMES:
        add("referrals_by_outcome", outcome, outcomes[outcome])


def _first_contacts(
    month: Period, accepted: dict[Any, list[str]], contacts: ContactFacts, add: Any
) -> None:
    firsts = {c: day for c, day in contacts.first_attended.items() if month.holds(day)}
    waits = []
    for client_id, first in firsts.items():
        received = accepted.get(client_id, [])
        # The latest accepted referral received on or before the first contact.
        position = bisect.bisect_right(received, first)
        if position:
            referral_day = received[position - 1]
            waits.append((date.fromisoformat(first) - date.fromisoformat(referral_day)).days)
    add("first_contacts", "all", len(firsts))
    add("median_days_to_first_contact", "all", stats.median(waits))


def dna_rate(attended: int, dna: int) -> float | None:
    """Percent of attended-or-missed contacts that were missed; None when there were none."""
    if attended + dna == 0:
        return None
    return 100 * dna / (attended + dna)


def _discharges(caseload: Caseload, month: Period, add: Any) -> None:
    reasons = Counter(
        d.get("reason")
        for d in records(caseload, "discharges")
        if month.holds(iso_day(d.get("discharged_on")))
    )
    add("discharges", "all", sum(reasons.values()))
    for reason in DISCHARGE_REASONS:
        add("discharges", reason, reasons[reason])


def clients_discussed(caseload: Caseload, month: Period) -> set[Any]:
    return {
        discussion.get("client_id")
        for meeting in records(caseload, "mdt_meetings")
        if month.holds(iso_day(meeting.get("held_on")))
        for discussion in meeting.get("discussions") or []
        if discussion.get("client_id") is not None
    }
