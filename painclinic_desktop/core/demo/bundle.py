"""A deterministic demo caseload, as a bundle document, for training and screenshots.

``generate_bundle(500)`` gives a whole service's records: clients of Bradford District's
communities, referrals, tiers, contacts, outcome measures, plans, goals, iGro stars,
signposting, education modules and MDT meetings, 18 months deep. Everything is synthetic:
NHS numbers are from the 999 test range, phone numbers from the range kept for drama.

The same ``clients``, ``seed`` and ``today`` always give the same document, byte for byte once
serialised. The generator never touches a database: its output goes through the normal
bundle import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from painclinic_desktop.core.demo.base import Demo, word_lists
from painclinic_desktop.core.demo.community import Mdt, Modules, community_services, signpost
from painclinic_desktop.core.demo.contacts import Episode, group_contact, one_to_one_contacts
from painclinic_desktop.core.demo.episodes import (
    change_tier,
    discharge,
    episode_flags,
    escalate,
    first_referral_day,
    interpreter_flag,
    plan_episode,
    refer,
)
from painclinic_desktop.core.demo.medication import medication_stories
from painclinic_desktop.core.demo.outcomes import assess, measures_for
from painclinic_desktop.core.demo.people import MAX_CLIENTS, People, Person
from painclinic_desktop.core.demo.plans import rate_star, set_goals, write_plan
from painclinic_desktop.core.demo.programmes import programme_stories
from painclinic_desktop.core.errors import InvalidInput

__all__ = ["MAX_CLIENTS", "demo_staff", "generate_bundle"]

# Discharged clients who come back: not after these endings, and only some of the others.
_NO_RETURN = ("deceased", "moved_away")
_RETURN_CHANCE = 0.12
_EXPORTED_AT_MINUTES = 18 * 60  # after the last contact of the day has been written up


def generate_bundle(clients: int, seed: int = 1, today: dt.date | None = None) -> dict:
    """A complete ``painclinic-bundle`` v1 document holding a synthetic caseload.

    ``today`` is the last day of the caseload's history (default: the real today); nothing in
    it happens later, except planned dates such as goal targets and MDT action due dates.
    """
    if isinstance(clients, bool) or not isinstance(clients, int):
        raise InvalidInput("the number of demo clients must be a whole number", "clients")
    if today is None:
        today = dt.date.today()
    run = _Run.start(Demo(seed, today), clients)
    for index in range(clients):
        _client_story(run, index)
    run.modules.finish()
    run.mdt.finish()
    medication_stories(run.demo)  # last: the rest of the caseload is as it was for the seed
    programme_stories(run.demo)  # after those too, for the same reason
    demo = run.demo
    return {
        "format": "painclinic-bundle",
        "version": 1,
        "exported_at": demo.stamp(demo.today, _EXPORTED_AT_MINUTES),
        "demo": True,
        **demo.bundle,
    }


def demo_staff() -> list[dict]:
    """The demo service's staff: ``name``, ``role``, ``job`` and ``languages`` of each."""
    return [
        {**member, "languages": list(member["languages"])}
        for member in word_lists("people")["staff"]
    ]


@dataclass
class _Run:
    demo: Demo
    people: People
    services: list[dict]
    mdt: Mdt
    modules: Modules
    names: dict  # names for the people who refer clients

    @classmethod
    def start(cls, demo: Demo, clients: int) -> _Run:
        people = People(demo, clients)
        services = community_services(demo)
        return cls(demo, people, services, Mdt(demo), Modules(demo, clients), _referrer_names(demo))


def _referrer_names(demo: Demo) -> dict:
    communities = demo.people["communities"]
    given = sorted({name for c in communities for name in c["female"] + c["male"]})
    family = sorted({name.split("|")[0] for c in communities for name in c["family"]})
    return {"given": given, "family": family}


def _client_story(run: _Run, index: int) -> None:
    """Referral, triage and episodes of one client, with a re-referral now and then."""
    demo, rng = run.demo, run.demo.rng
    received_on = first_referral_day(demo)
    person = run.people.make(index, received_on)
    if person.interpreter:
        interpreter_flag(demo, person, received_on)
    registered_on = last_change = received_on
    for again in (False, True):
        outcome, decided_on = refer(demo, run.names, person, received_on, again)
        last_change = decided_on
        if outcome != "accepted":
            break
        episode = _episode(run, person, decided_on)
        if episode.discharged_on is None:
            break
        last_change = episode.discharged_on
        received_on = episode.discharged_on + rng.randint(30, 200)
        if episode.reason in _NO_RETURN or received_on > demo.today - 3:
            break
        if rng.random() >= _RETURN_CHANCE:
            break
    seen = [e for e in person.episodes if e.attended]
    if seen:
        write_plan(demo, person, seen[-1])
    if last_change > registered_on:
        person.record["updated_at"] = demo.stamp(last_change)


def _episode(run: _Run, person: Person, accepted_on: int) -> Episode:
    demo = run.demo
    first_episode = not person.episodes
    episode = plan_episode(demo, accepted_on)
    person.episodes.append(episode)
    reasons = demo.phrases["tier_reasons"]["1"]
    change_tier(demo, person, 1, accepted_on, reasons[0] if first_episode else reasons[1])
    escalate(demo, run.mdt, person, episode)
    one_to_one_contacts(demo, person, episode)
    discharge(demo, run.mdt, person, episode)
    episode_flags(demo, run.mdt, person, episode, first_episode)
    _modules(run, person, episode)
    _signposting(run, person, episode)
    if first_episode:
        person.measures = measures_for(demo)
    assess(demo, run.mdt, person, episode, person.measures)
    set_goals(demo, person, episode)
    rate_star(demo, person, episode)
    return episode


def _modules(run: _Run, person: Person, episode: Episode) -> None:
    """Most clients go to Understanding Pain; Tier 2 clients go to one to four Tier 2 modules."""
    demo, rng, seen = run.demo, run.demo.rng, episode.attended
    if not seen:
        return
    until = min(episode.discharged_on or episode.last_on, demo.today - 1)
    if rng.random() < 0.65:
        session = run.modules.book(1, person.id, seen[0] + 7, until)
        if session is not None:
            group_contact(demo, person, session)
    if episode.tier_2_on is None:
        return
    after = episode.tier_2_on + 7
    for _ in range(rng.randint(1, 4)):
        session = run.modules.book(2, person.id, after, until)
        if session is None:
            return
        group_contact(demo, person, session)
        after = session["held_on"] + 1


def _signposting(run: _Run, person: Person, episode: Episode) -> None:
    demo, rng, seen = run.demo, run.demo.rng, episode.attended
    if len(seen) < 3 or rng.random() >= (0.8 if episode.tier_2_on else 0.45):
        return
    last_day = episode.discharged_on or demo.today
    for _ in range(rng.randint(1, 3)):
        signpost(demo, person, run.services, rng.choice(seen[2:]), last_day)
