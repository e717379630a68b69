"""A client's history as one chronological list (newest first), built from their records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TimelineEntry:
    on: str  # ISO date or date-time; sorts chronologically as text
    kind: str  # referral, triage, tier_change, discharge, contact, assessment, goal, ...
    record: dict[str, Any]
    detail: dict[str, Any]


def build_timeline(records: dict[str, list[dict[str, Any]]]) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for r in records.get("referrals", []):
        entries.append(TimelineEntry(r["received_on"], "referral", r, {}))
        if r.get("outcome_on") and r["outcome"] != "pending":
            entries.append(TimelineEntry(r["outcome_on"], "triage", r, {}))
    for r in records.get("tier_changes", []):
        entries.append(TimelineEntry(r["changed_on"], "tier_change", r, {}))
    for r in records.get("discharges", []):
        entries.append(TimelineEntry(r["discharged_on"], "discharge", r, {}))
    for r in records.get("contacts", []):
        entries.append(TimelineEntry(r["starts_at"], "contact", r, {}))
    for r in records.get("assessments", []):
        entries.append(TimelineEntry(r["administered_on"], "assessment", r, _scored(r)))
    for r in records.get("goals", []):
        entries.append(TimelineEntry(r["set_on"], "goal_set", r, {}))
        for review in r.get("reviews") or []:
            entries.append(TimelineEntry(review["reviewed_on"], "goal_review", r, review))
    for r in records.get("flags", []):
        entries.append(TimelineEntry(r["raised_on"], "flag_raised", r, {}))
        if r.get("cleared_on"):
            entries.append(TimelineEntry(r["cleared_on"], "flag_cleared", r, {}))
    for r in records.get("module_sessions", []):
        entries.append(TimelineEntry(r["held_on"], "module", r, {}))
    for star in records.get("igro_stars", []):
        for rating in star.get("ratings") or []:
            entries.append(TimelineEntry(rating["rated_on"], "igro_rating", star, rating))
    entries.sort(key=lambda e: e.on, reverse=True)
    return entries


def _scored(assessment: dict[str, Any]) -> dict[str, Any]:
    from .errors import InvalidInput
    from .measures import score

    try:
        result = score(assessment["instrument"], assessment["items"])
    except InvalidInput:
        return {}
    return {"scores": result.scores, "bands": result.bands, "flags": result.flags}
