"""Demo contacts: the 1:1 sessions of an episode and the group sessions of the modules.

This is the hot loop of the generator (a large demo caseload has a million contacts), so the
weighted choices are expanded into plain lists once and each contact costs a handful of
``rng.choice`` calls and cached strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from painclinic_desktop.core.demo.base import Demo
from painclinic_desktop.core.demo.community import MODULE_FOOTSTEPS


def _expand(weighted: list[tuple]) -> list:
    """A list in which each option appears as often as its weight (the last element)."""
    options = [option[0] if len(option) == 2 else option[:-1] for option in weighted]
    return [o for o, (*_, weight) in zip(options, weighted, strict=True) for _ in range(weight)]


# (type, venue, booked minutes, weight)
_USUAL_SESSIONS = _expand(
    [
        ("face_to_face", "gp_practice", 60, 20),
        ("face_to_face", "gp_practice", 45, 10),
        ("face_to_face", "community_venue", 60, 12),
        ("face_to_face", "faith_centre", 60, 6),
        ("face_to_face", "other", 45, 2),
        ("home_visit", "home", 75, 6),
        ("home_visit", "home", 60, 4),
        ("telephone", "remote", 20, 14),
        ("telephone", "remote", 30, 8),
        ("video", "remote", 40, 6),
    ]
)
_HOUSEBOUND_SESSIONS = _expand(
    [
        ("home_visit", "home", 75, 10),
        ("home_visit", "home", 60, 14),
        ("telephone", "remote", 20, 8),
        ("telephone", "remote", 30, 6),
        ("video", "remote", 40, 2),
    ]
)
# About 84% attended, 10% did not attend, 4% cancelled by the client, 2% by the service.
_OUTCOMES = _expand(
    [("attended", 42), ("dna", 5), ("cancelled_by_client", 2), ("cancelled_by_service", 1)]
)
_COMPONENTS = _expand(
    [
        ((), 10),
        (("goal_review",), 10),
        (("pacing_diary",), 5),
        (("relaxation_audio",), 4),
        (("goal_review", "pacing_diary"), 4),
        (("sleep_hygiene",), 3),
        (("exercise_planning",), 4),
        (("goal_review", "exercise_planning"), 3),
        (("medication_worksheet",), 2),
        (("signposting",), 3),
        (("igro_rating",), 2),
        (("relaxation_audio", "sleep_hygiene"), 2),
    ]
)
_DAY_START = 9 * 60
_GROUP_STARTS = (10 * 60, 13 * 60 + 30)


@dataclass(slots=True)
class Episode:
    """One accepted referral, from acceptance to discharge (or to today while open)."""

    accepted_on: int
    first_on: int  # first booked 1:1 contact
    last_on: int  # last day a 1:1 contact may be booked
    reason: str | None  # discharge reason when the episode ends by today
    focus: list[int]
    tier_2_on: int | None = None
    tier_3_on: int | None = None
    discharged_on: int | None = None
    attended: list[int] = field(default_factory=list)  # days of attended 1:1 contacts


def one_to_one_contacts(demo: Demo, person, episode: Episode) -> None:
    """Book 1:1 contacts every 4 to 11 days, on weekdays; record how each went."""
    rng = demo.rng
    random = rng.random
    sessions = _HOUSEBOUND_SESSIONS if person.housebound else _USUAL_SESSIONS
    steps = _footstep_choices(episode.focus)
    # A client who drifts away misses the last weeks before discharge.
    drifting_from = episode.last_on - 35 if episode.reason == "disengaged" else episode.last_on + 1
    day = _weekday(episode.first_on)
    if day > episode.last_on:
        return
    # The first meeting is face to face (or at home), and the client gets the pain book.
    _add_contact(demo, person, episode, day, _first_session(person), "attended", [1], ["pain_book"])
    while (day := _weekday(day + rng.randint(4, 11))) <= episode.last_on:
        session = sessions[int(random() * len(sessions))]
        outcome = "dna" if day >= drifting_from else _OUTCOMES[int(random() * len(_OUTCOMES))]
        footsteps = list(steps[int(random() * len(steps))])
        components = list(_COMPONENTS[int(random() * len(_COMPONENTS))])
        _add_contact(demo, person, episode, day, session, outcome, footsteps, components)


def _weekday(day: int) -> int:
    """The day itself, or the Monday after when it falls at a weekend."""
    weekday = (day - 1) % 7  # day ordinal 1 was a Monday
    return day + 7 - weekday if weekday >= 5 else day


def _first_session(person) -> tuple:
    return ("home_visit", "home", 75) if person.housebound else ("face_to_face", "gp_practice", 75)


def _footstep_choices(focus: list[int]) -> list[tuple[int, ...]]:
    """Each focus footstep alone, twice as likely as a pair of neighbouring focus footsteps."""
    singles = [(step,) for step in focus]
    pairs = [tuple(sorted(pair)) for pair in zip(focus, focus[1:], strict=False)]
    return singles * 2 + pairs


def _add_contact(demo, person, episode, day, session, outcome, footsteps, components) -> None:
    rng = demo.rng
    kind, venue, minutes = session
    staff = _staff_for(demo, person, episode, day)
    start = _DAY_START + 30 * int(rng.random() * 15)
    attended = outcome == "attended"
    if attended:
        episode.attended.append(day)
    else:
        footsteps, components, minutes = [], [], None
    spoken = person.language in demo.languages_of[staff]
    # Recorded when the session ends (or soon after a missed one), in UTC.
    recorded = start + (minutes or 15) - 60 * demo.offset(day)
    stamp = demo.stamp(day, recorded)
    demo.bundle["contacts"].append(
        {
            "id": demo.new_id(),
            "client_id": person.id,
            "starts_at": demo.at(day, start),
            "duration_minutes": minutes,
            "type": kind,
            "venue": venue,
            "outcome": outcome,
            "staff": staff,
            "interpreter_language": person.language
            if attended and person.interpreter and not spoken
            else None,
            "carer_present": attended and rng.random() < (0.45 if person.carer else 0.03),
            "footsteps": footsteps,
            "components": components,
            "note": _pick(rng, person.words("notes", outcome)),
            "created_at": stamp,
            "updated_at": stamp,
            "author": staff,
        }
    )


def _pick(rng, options: list):
    """``rng.choice`` for the hot loop: same idea, a few times faster."""
    return options[int(rng.random() * len(options))]


def _staff_for(demo: Demo, person, episode: Episode, day: int) -> str:
    """Mostly the client's coach; later on sometimes a social prescriber or a therapist."""
    if episode.tier_3_on is not None and day >= episode.tier_3_on and demo.rng.random() < 0.3:
        return demo.rng.choice(demo.therapists)
    if episode.tier_2_on is not None and day >= episode.tier_2_on and demo.rng.random() < 0.3:
        return demo.pick("social_prescriber")
    return person.coach


def group_contact(demo: Demo, person, session: dict) -> None:
    """The contact that goes with attending an education module session."""
    rng = demo.rng
    day = session["held_on"]
    minutes = 120 if session["module"] == "understanding_pain" else 90
    start = rng.choice(_GROUP_STARTS)
    stamp = demo.stamp(day, start + minutes - 60 * demo.offset(day))
    staff = session["facilitator"]
    demo.bundle["contacts"].append(
        {
            "id": demo.new_id(),
            "client_id": person.id,
            "starts_at": demo.at(day, start),
            "duration_minutes": minutes,
            "type": "group",
            "venue": session["venue_kind"],
            "outcome": "attended",
            "staff": staff,
            "interpreter_language": person.language
            if person.interpreter and person.language not in demo.languages_of[staff]
            else None,
            "carer_present": person.carer and rng.random() < 0.3,
            "footsteps": list(MODULE_FOOTSTEPS[session["module"]]),
            "components": [],
            "note": rng.choice(person.words("notes", "group")),
            "created_at": stamp,
            "updated_at": stamp,
            "author": staff,
        }
    )
