"""Demo pathways: referral and triage, tier changes, flags and discharge.

Each client's story runs in date order: referral -> triage -> (if accepted) an episode of
1:1 contacts, modules, signposting and outcome measures -> discharge, and now and then a
re-referral. MDT discussions come from flags and drive Tier 3 moves and some discharges.
"""

from __future__ import annotations

from painclinic_desktop.core.demo.base import REFERRAL_WINDOW_DAYS, Demo, Weighted
from painclinic_desktop.core.demo.community import Mdt, raise_flag
from painclinic_desktop.core.demo.contacts import Episode

_SOURCES = Weighted(
    [
        ("gp", 52),
        ("msk_practitioner", 12),
        ("pcn_other", 10),
        ("self", 12),
        ("community_partner", 8),
        ("secondary_care", 4),
        ("other", 2),
    ]
)
_DISCHARGE_REASONS = Weighted(
    [
        ("goals_met", 45),
        ("disengaged", 20),
        ("declined_further_support", 10),
        ("moved_away", 8),
        ("transferred", 8),
        ("deceased", 3),
        ("other", 6),
    ]
)
# Referrals not yet triaged are recent; older ones have an outcome.
_PENDING_WITHIN_DAYS = 21


def first_referral_day(demo: Demo) -> int:
    return demo.today - demo.rng.randint(3, REFERRAL_WINDOW_DAYS - 30)


def refer(demo: Demo, names: dict, person, received_on: int, again: bool) -> tuple[str, int]:
    """Record a referral and its triage; returns the outcome and the day it was decided."""
    rng = demo.rng
    source = _SOURCES(rng)
    outcome, outcome_on = _triage(demo, received_on, again)
    reason = None
    if outcome == "declined":
        reason = rng.choice(demo.phrases["decline_reasons"])
    elif outcome == "signposted_elsewhere":
        reason = rng.choice(demo.phrases["signposted_notes"])
    record = {
        "client_id": person.id,
        "received_on": demo.day(received_on),
        "source": source,
        "referrer_name": _referrer(demo, names, source),
        "reason": _reason(demo, person),
        "outcome": outcome,
        "outcome_on": None if outcome == "pending" else demo.day(outcome_on),
        "decline_reason": reason,
    }
    demo.add("referrals", record, received_on, demo.pick("admin_officer"), outcome_on)
    return outcome, outcome_on


def _triage(demo: Demo, received_on: int, again: bool) -> tuple[str, int]:
    rng = demo.rng
    if demo.today - received_on < _PENDING_WITHIN_DAYS and rng.random() < 0.5:
        return "pending", received_on
    outcome_on = min(received_on + rng.randint(1, 14), demo.today)
    chance = rng.random()
    if again or chance >= 0.13:
        return "accepted", outcome_on
    return ("declined" if chance < 0.06 else "signposted_elsewhere"), outcome_on


def _referrer(demo: Demo, names: dict, source: str) -> str:
    rng, places = demo.rng, demo.places
    given, family = rng.choice(names["given"]), rng.choice(names["family"])
    if source == "gp":
        return f"Dr {given[0]}. {family}"
    if source == "msk_practitioner":
        return f"{given} {family}, MSK physiotherapist"
    if source == "pcn_other":
        return f"{given} {family}, {rng.choice(places['pcn_roles'])}"
    if source == "secondary_care":
        return f"Dr {given[0]}. {family}, hospital pain clinic"
    if source == "community_partner":
        return rng.choice(places["community_partners"])
    if source == "self":
        return "Self-referral"
    return rng.choice(places["other_referrers"])


def _reason(demo: Demo, person) -> str:
    rng, phrases = demo.rng, demo.phrases
    months = person.record["pain_duration_months"] or 12
    length = f"{months} months" if months < 24 else f"{months // 12} years"
    impact = rng.choice(person.words("impacts"))
    return f"{rng.choice(phrases['conditions'])} for {length}; {impact}."


def plan_episode(demo: Demo, accepted_on: int) -> Episode:
    """Dates of an episode: mostly long and negotiated (3 to 14 months), a few short."""
    rng = demo.rng
    first_on = accepted_on + rng.randint(3, 21)
    planned_end = first_on + (rng.randint(42, 89) if rng.random() < 0.15 else rng.randint(90, 420))
    reason = _DISCHARGE_REASONS(rng) if planned_end < demo.today else None
    focus = rng.sample(range(1, 11), rng.randint(2, 4))
    return Episode(accepted_on, first_on, min(planned_end, demo.today - 1), reason, focus)


def change_tier(demo: Demo, person, tier: int, day: int, reason: str, discussion=None) -> None:
    record = {
        "client_id": person.id,
        "tier": tier,
        "changed_on": demo.day(day),
        "reason": reason,
        "mdt_discussion_id": discussion,
    }
    demo.add("tier_changes", record, day, person.coach)


def escalate(demo: Demo, mdt: Mdt, person, episode: Episode) -> None:
    """About 3 in 10 clients move to Tier 2; some of those move on to Tier 3 at an MDT."""
    rng, reasons = demo.rng, demo.phrases["tier_reasons"]
    latest = episode.last_on - 14
    day = episode.first_on + rng.randint(42, 150)
    if rng.random() >= 0.3 or day > latest:
        return
    meeting = mdt.next_meeting(day)
    if rng.random() < 0.25 and meeting is not None and meeting <= latest:
        meeting, discussion = mdt.discuss(person, day, "move_to_tier_2", person.coach)
        change_tier(demo, person, 2, meeting, rng.choice(reasons["2"]), discussion)
        episode.tier_2_on = meeting
    else:
        change_tier(demo, person, 2, day, rng.choice(reasons["2"]))
        episode.tier_2_on = day
    flagged_on = episode.tier_2_on + rng.randint(21, 90)
    meeting = mdt.next_meeting(flagged_on)
    if rng.random() < 0.3 and meeting is not None and meeting <= latest:
        meeting, discussion = mdt.discuss(person, flagged_on, "move_to_tier_3", person.coach)
        change_tier(demo, person, 3, meeting, rng.choice(reasons["3"]), discussion)
        episode.tier_3_on = meeting


def discharge(demo: Demo, mdt: Mdt, person, episode: Episode) -> None:
    """Close an episode whose end has come; some endings are agreed at an MDT first."""
    rng, reason = demo.rng, episode.reason
    if reason is None:
        return
    day = min(episode.last_on + rng.randint(0, 7), demo.today)
    decision = None
    if reason == "disengaged" and rng.random() < 0.5:
        decision = "discharge"
    elif reason == "transferred" and rng.random() < 0.6:
        decision = "refer_on"
    if decision is not None:
        if mdt.next_meeting(episode.last_on) is None:
            episode.reason = None  # waiting for the next MDT: still open
            return
        day, _ = mdt.discuss(person, episode.last_on, decision, person.coach)
    record = {"client_id": person.id, "discharged_on": demo.day(day), "reason": reason}
    demo.add("discharges", record, day, person.coach)
    episode.discharged_on = day


def episode_flags(demo: Demo, mdt: Mdt, person, episode: Episode, first_episode: bool) -> None:
    """Carer and faith flags at the start; now and then a safeguarding concern or MDT review."""
    rng, seen = demo.rng, episode.attended
    if not seen:
        return
    if first_episode and person.carer:
        raise_flag(
            demo,
            person,
            "carer_involved",
            seen[0],
            person.coach,
            rng.choice(person.words("flag_notes", "carer_involved")),
        )
    if first_episode and person.faith:
        raise_flag(
            demo,
            person,
            "faith_barrier",
            seen[0],
            person.coach,
            rng.choice(person.words("flag_notes", "faith_barrier")),
        )
    if len(seen) >= 3 and rng.random() < 0.025:
        _safeguarding(demo, mdt, person, rng.choice(seen[1:]))
    if len(seen) >= 3 and rng.random() < 0.05:
        day = rng.choice(seen[1:])
        meeting = mdt.next_meeting(day)
        if meeting is not None and meeting <= (episode.discharged_on or demo.today):
            mdt.discuss(person, day, "continue", person.coach)


def _safeguarding(demo: Demo, mdt: Mdt, person, day: int) -> None:
    rng = demo.rng
    note = rng.choice(demo.phrases["flag_notes"]["safeguarding"])
    cleared_on = cleared_by = None
    if mdt.next_meeting(day) is not None:
        meeting, _ = mdt.discuss(person, day, "safeguarding_action", person.coach)
        if rng.random() < 0.6:
            cleared_on, cleared_by = meeting + rng.randint(30, 120), demo.pick("clinician")
    raise_flag(demo, person, "safeguarding", day, person.coach, note, cleared_on, cleared_by)


def interpreter_flag(demo: Demo, person, day: int) -> None:
    note = demo.rng.choice(demo.phrases["flag_notes"]["interpreter_needed"])
    note = note.format(language=person.language)
    raise_flag(demo, person, "interpreter_needed", day, demo.pick("admin_officer"), note)
