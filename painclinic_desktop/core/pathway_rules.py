"""Pathway rules: triage, tier changes, discharge and re-opening (SPEC §2).

Pure functions over one client's bundle-shaped records. Status and tier come from
``core.caseload`` so the record, the caseload table and these rules always agree: a client is
open while their latest accepted referral was received after their latest discharge, and their
tier is the latest tier change dated on or after that referral (otherwise Tier 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from . import caseload as rules
from .codes import DISCHARGE_REASONS, TIERS
from .errors import InvalidInput
from .referral_rules import uk_date

TRIAGE_DECISIONS = ("accepted", "declined", "signposted_elsewhere")


@dataclass(frozen=True)
class Episode:
    """Where a client is on the pathway now."""

    status: str
    accepted_on: str | None  # received date of the latest accepted referral
    discharged_on: str | None  # latest discharge
    tier: int | None  # only while open
    tier_change: dict[str, Any] | None  # the change that set the current tier, if any

    @property
    def is_open(self) -> bool:
        return self.status == rules.OPEN


def iso(value: str | date) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _latest(found: list[dict[str, Any]], day_field: str) -> dict[str, Any] | None:
    # The same order as the caseload query: by date, then id.
    return max(found, key=lambda r: (r[day_field], r["id"]), default=None)


def episode_of(records: dict[str, list[dict[str, Any]]]) -> Episode:
    referrals = records.get("referrals", [])
    latest = _latest(referrals, "received_on")
    change = _latest(records.get("tier_changes", []), "changed_on")
    row = {
        "latest_referral_outcome": latest["outcome"] if latest else None,
        "latest_referral_on": latest["received_on"] if latest else None,
        "accepted_on": max(
            (r["received_on"] for r in referrals if r["outcome"] == "accepted"), default=None
        ),
        "discharged_on": max(
            (d["discharged_on"] for d in records.get("discharges", [])), default=None
        ),
        "tier": change["tier"] if change else None,
        "tier_changed_on": change["changed_on"] if change else None,
    }
    tier = rules.current_tier(row)
    in_episode = (
        change is not None
        and tier is not None
        and change["changed_on"] >= (row["accepted_on"] or "")
    )
    return Episode(
        rules.status(row),
        row["accepted_on"],
        row["discharged_on"],
        tier,
        change if in_episode else None,
    )


def _not_future(on: str, today: date, what: str, name: str) -> None:
    if on > today.isoformat():
        raise InvalidInput(f"The {what} date ({uk_date(on)}) is in the future.", name)


def check_triage(
    referral: dict[str, Any],
    decision: str,
    on: str,
    note: str | None,
    episode: Episode,
    today: date,
) -> None:
    if referral["outcome"] != "pending":
        raise InvalidInput(
            f"This referral has already been triaged ({referral['outcome'].replace('_', ' ')}).",
            "outcome",
        )
    if decision not in TRIAGE_DECISIONS:
        raise InvalidInput(f"'{decision}' is not a triage decision.", "outcome")
    _not_future(on, today, "triage", "outcome_on")
    if on < referral["received_on"]:
        raise InvalidInput(
            "The triage date is before the referral was received "
            f"({uk_date(referral['received_on'])}).",
            "outcome_on",
        )
    if decision == "declined" and not (note or "").strip():
        raise InvalidInput("Say why the referral is declined.", "decline_reason")
    if decision == "signposted_elsewhere" and not (note or "").strip():
        raise InvalidInput("Say where the client was signposted.", "decline_reason")
    if (
        decision == "accepted"
        and episode.discharged_on
        and (referral["received_on"] <= episode.discharged_on)
    ):
        raise InvalidInput(
            f"This referral was received on {uk_date(referral['received_on'])}, on or before "
            f"the discharge of {uk_date(episode.discharged_on)}, so accepting it would not "
            "re-open the record. Decline it as part of the closed episode, or record the new "
            "referral with the date it was received.",
            "received_on",
        )


def carried_tier(episode: Episode, referral: dict[str, Any]) -> dict[str, Any] | None:
    """The tier change that keeps an open client's tier when a further referral is accepted.

    Without it the later acceptance would start the tier count again at Tier 1.
    """
    change = episode.tier_change
    if not episode.is_open or change is None or change["tier"] == 1:
        return None
    if change["changed_on"] >= referral["received_on"]:
        return None  # the current tier already counts from the new referral's date
    return {
        "client_id": referral["client_id"],
        "tier": change["tier"],
        "changed_on": referral["received_on"],
        "reason": "Tier kept: a further referral was accepted while the client was open.",
        "mdt_discussion_id": change.get("mdt_discussion_id"),
    }


def check_tier_change(
    episode: Episode,
    tier: int,
    on: str,
    reason: str | None,
    today: date,
    discussion: dict[str, Any] | None = None,
) -> None:
    """``discussion``: the MDT discussion behind a move to Tier 3, with the meeting's
    ``held_on`` and ``applied`` (True when a tier change already uses it)."""
    if not episode.is_open:
        raise InvalidInput("The tier can only be changed while the client is open.", "tier")
    if tier not in TIERS:
        raise InvalidInput("The tier must be 1, 2 or 3.", "tier")
    if tier == episode.tier:
        raise InvalidInput(f"The client is already at Tier {tier}.", "tier")
    if not (reason or "").strip():
        raise InvalidInput("Give the reason for the tier change.", "reason")
    _not_future(on, today, "tier change", "changed_on")
    if on < (episode.accepted_on or ""):
        raise InvalidInput(
            "The tier change is dated before this episode began "
            f"({uk_date(episode.accepted_on or '')}).",
            "changed_on",
        )
    last = episode.tier_change
    if last is not None and on <= last["changed_on"]:
        raise InvalidInput(
            f"The tier was last changed on {uk_date(last['changed_on'])}; a new "
            "change must be dated after it.",
            "changed_on",
        )
    if tier == 3:
        _check_tier3_discussion(discussion, on)


def _check_tier3_discussion(discussion: dict[str, Any] | None, on: str) -> None:
    if discussion is None:
        raise InvalidInput(
            "Tier 3 is agreed at an MDT meeting: choose the MDT discussion that agreed it.",
            "mdt_discussion_id",
        )
    if discussion.get("decision") != "move_to_tier_3":
        raise InvalidInput(
            "That MDT discussion did not decide a move to Tier 3.", "mdt_discussion_id"
        )
    if discussion.get("applied"):
        raise InvalidInput("That MDT decision has already been applied.", "mdt_discussion_id")
    if on < discussion["held_on"]:
        raise InvalidInput(
            f"The move to Tier 3 is dated before the MDT meeting of "
            f"{uk_date(discussion['held_on'])}.",
            "changed_on",
        )


def check_discharge(episode: Episode, on: str, reason: str, today: date) -> None:
    if not episode.is_open:
        raise InvalidInput("Only an open client can be discharged.", "discharged_on")
    if reason not in DISCHARGE_REASONS:
        raise InvalidInput("Choose the reason for the discharge.", "reason")
    _not_future(on, today, "discharge", "discharged_on")
    if on < (episode.accepted_on or ""):
        raise InvalidInput(
            "The discharge is dated before this episode began "
            f"({uk_date(episode.accepted_on or '')}).",
            "discharged_on",
        )
    change = episode.tier_change
    if change is not None and on < change["changed_on"]:
        raise InvalidInput(
            "The discharge is dated before the last tier change "
            f"({uk_date(change['changed_on'])}).",
            "discharged_on",
        )
