"""Demo community directory, signposting, education module sessions and MDT meetings.

Module sessions and MDT meetings follow a calendar fixed at the start of the run; clients are
then booked into them, so registers and agendas fill up as the caseload is generated.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from typing import Any

from painclinic_desktop.core.codes import SERVICE_CATEGORIES
from painclinic_desktop.core.demo.base import Demo

# Footsteps each education module works on (the Tier 2 list follows SPEC §2's order).
MODULE_FOOTSTEPS = {
    "understanding_pain": (1, 2),
    "t2_01": (1,),
    "t2_02": (5, 3),
    "t2_03": (7,),
    "t2_04": (6,),
    "t2_05": (4, 3),
    "t2_06": (8,),
    "t2_07": (9,),
    "t2_08": (2, 6),
    "t2_09": (2,),
    "t2_10": (2, 6),
}
TIER_2_MODULES = tuple(f"t2_{n:02d}" for n in range(1, 11))
THURSDAY = 3


def community_services(demo: Demo) -> list[dict]:
    """25 to 40 services: one of every category, then a random share of the rest."""
    rng = demo.rng
    listed = demo.places["services"]
    first_of_each = [next(s for s in listed if s["category"] == c) for c in SERVICE_CATEGORIES]
    others = [s for s in listed if s not in first_of_each]
    chosen = first_of_each + rng.sample(others, rng.randint(25, 40) - len(first_of_each))
    records = []
    for service in chosen:
        listed_on = demo.first_day - rng.randint(30, 400)
        contact = f"{rng.choice(demo.places['contact_names'])} 01632 960{rng.randrange(1000):03d}"
        record = {k: v for k, v in service.items() if k != "for"}
        record |= {"languages": list(service["languages"]), "contact": contact}
        records.append(
            demo.add("community_services", record, listed_on, demo.pick("social_prescriber"))
        )
    return records


def weekdays(first: int, last: int, weekday: int, every: int = 7) -> list[int]:
    """Day ordinals from ``first`` to ``last`` that fall on ``weekday``, ``every`` days apart."""
    start = first + (weekday - (first - 1) % 7) % 7
    return list(range(start, last + 1, every))


class Modules:
    """The education module calendar: sessions each week, more of them for bigger caseloads."""

    def __init__(self, demo: Demo, clients: int):
        self.demo = demo
        # Registers of up to about a dozen people: add parallel sessions as the caseload grows.
        self.tier_1 = self._calendar(["understanding_pain"], math.ceil(clients / 600))
        self.tier_2 = self._calendar(list(TIER_2_MODULES), math.ceil(clients / 1200))

    def _calendar(self, modules: list[str], per_week: int) -> tuple[list[int], list[dict]]:
        demo = self.demo
        sessions = []
        mondays = weekdays(demo.first_day + 14, demo.today - 1, 0)
        for week, monday in enumerate(mondays):
            for _ in range(max(1, per_week)):
                sessions.append(self._session(modules[week % len(modules)], monday))
        sessions = [s for s in sessions if s["held_on"] < demo.today]
        sessions.sort(key=lambda s: s["held_on"])
        return [s["held_on"] for s in sessions], sessions

    def _session(self, module: str, monday: int) -> dict:
        demo, rng = self.demo, self.demo.rng
        venue, kind = rng.choice(self.demo.places["module_venues"])
        if kind == "faith_centre" and rng.random() < 0.5:
            facilitator = demo.pick("community_partner")
        else:
            facilitator = demo.pick(rng.choice(("health_coach", "social_prescriber")))
        held_on = monday + rng.randrange(5)
        return {
            "module": module,
            "held_on": held_on,
            "venue": venue,
            "venue_kind": kind,
            "facilitator": facilitator,
            "attendees": [],
        }

    def book(self, tier: int, client_id: str, after: int, before: int) -> dict | None:
        """Book a client onto a session held between two days; returns the session or None."""
        days, sessions = self.tier_1 if tier == 1 else self.tier_2
        first = bisect_left(days, after)
        last = bisect_right(days, before)
        if first >= last:
            return None
        session = sessions[self.demo.rng.randrange(first, min(last, first + 6))]
        if client_id in session["attendees"]:
            return None
        session["attendees"].append(client_id)
        return session

    def finish(self) -> None:
        """Keep, as records in date order, the sessions somebody attended."""
        demo = self.demo
        held = [s for s in self.tier_1[1] + self.tier_2[1] if s["attendees"]]
        held.sort(key=lambda s: s["held_on"])
        for session in held:
            record = {
                "module": session["module"],
                "held_on": demo.day(session["held_on"]),
                "venue": session["venue"],
                "facilitator": session["facilitator"],
                "attendees": session["attendees"],
            }
            demo.add("module_sessions", record, session["held_on"], session["facilitator"])


class Mdt:
    """Fortnightly MDT meetings; the agenda is built from clients flagged for discussion."""

    def __init__(self, demo: Demo):
        self.demo = demo
        self.days = weekdays(demo.first_day + 7, demo.today, THURSDAY, every=14)
        self.meetings = [self._meeting(day) for day in self.days]

    def _meeting(self, day: int) -> dict:
        demo, rng = self.demo, self.demo.rng
        clinicians = rng.sample(demo.staff["clinician"], 2)
        attendees = clinicians + rng.sample(demo.staff["health_coach"], 3)
        attendees.append(demo.pick("social_prescriber"))
        return {
            "held_on": day,
            "chair": clinicians[0],
            "attendees": attendees,
            "discussions": [],
            "updated_on": day,  # the last day an action from it was done
        }

    def next_meeting(self, after: int) -> int | None:
        """The day of the first meeting after a day, or None when none is held by today."""
        index = bisect_right(self.days, after)
        return self.days[index] if index < len(self.days) else None

    def discuss(self, person, flagged_on: int, decision: str, raised_by: str) -> tuple[int, str]:
        """Flag a client for the next MDT and record the discussion there.

        The caller has checked with ``next_meeting`` that a meeting follows ``flagged_on``.
        Returns the meeting day and the discussion id.
        """
        demo, rng = self.demo, self.demo.rng
        meeting = self.meetings[bisect_right(self.days, flagged_on)]
        day = meeting["held_on"]
        note = rng.choice(demo.phrases["flag_notes"]["mdt_discuss"])
        raise_flag(demo, person, "mdt_discuss", flagged_on, raised_by, note, day, meeting["chair"])
        discussion = {
            "id": demo.new_id(),
            "client_id": person.id,
            "decision": decision,
            "note": rng.choice(demo.phrases["mdt"][decision]),
            "actions": self._actions(decision, meeting),
        }
        meeting["discussions"].append(discussion)
        return day, discussion["id"]

    def _actions(self, decision: str, meeting: dict) -> list[dict]:
        """One or two actions, each with an owner at the meeting; done by today or still due."""
        demo, rng = self.demo, self.demo.rng
        texts = demo.phrases["mdt_actions"][decision]
        actions = []
        for text in rng.sample(texts, rng.randint(1, len(texts))):
            due = meeting["held_on"] + rng.randint(7, 21)
            done = due - rng.randint(0, 6)
            if done > demo.today:
                done = None
            else:
                meeting["updated_on"] = max(meeting["updated_on"], done)
            action = {"text": text, "owner": rng.choice(meeting["attendees"])}
            action["due_on"] = demo.day(due)
            action["done_on"] = None if done is None else demo.day(done)
            actions.append(action)
        return actions

    def finish(self) -> None:
        """Keep, as records, the meetings that had something on the agenda."""
        demo = self.demo
        for meeting in self.meetings:
            if not meeting["discussions"]:
                continue
            record = {
                "held_on": demo.day(meeting["held_on"]),
                "attendees": meeting["attendees"],
                "discussions": meeting["discussions"],
            }
            day, chair = meeting["held_on"], meeting["chair"]
            demo.add("mdt_meetings", record, day, chair, meeting["updated_on"])


def raise_flag(
    demo: Demo,
    person,
    kind: str,
    raised_on: int,
    raised_by: str,
    note: str,
    cleared_on: int | None = None,
    cleared_by: str | None = None,
) -> dict:
    """Record a flag on a client; a clearing date after today leaves it open."""
    if cleared_on is not None and cleared_on > demo.today:
        cleared_on = cleared_by = None
    record = {
        "client_id": person.id,
        "kind": kind,
        "raised_on": demo.day(raised_on),
        "raised_by": raised_by,
        "note": note,
        "cleared_on": None if cleared_on is None else demo.day(cleared_on),
        "cleared_by": cleared_by if cleared_on is not None else None,
    }
    return demo.add("flags", record, raised_on, raised_by, cleared_on)


def signpost(demo: Demo, person, services: list[dict], suggested_on: int, last_day: int) -> None:
    """Suggest a service and follow it to where it stands by ``last_day``."""
    rng = demo.rng
    if suggested_on > last_day:
        return
    # A service for women, for over-50s or for Polish speakers is suggested only to its people.
    who = person.words.who
    suitable = [s for s in services if demo.fitting.service_fits(s["name"])(who)]
    spoken = [s for s in suitable if person.language in s["languages"]]
    service = rng.choice(spoken if spoken and rng.random() < 0.6 else suitable)
    history: list[dict[str, Any]] = [{"status": "suggested", "on": suggested_on}]
    if rng.random() < 0.15:
        history.append({"status": "declined", "on": suggested_on + rng.randint(0, 14)})
    else:
        referred_on = suggested_on + rng.randint(0, 14)
        history.append({"status": "referred", "on": referred_on})
        outcome = rng.choices(
            ("attended", "waiting_list", "declined", "not_available"), (60, 15, 15, 10)
        )[0]
        history.append({"status": outcome, "on": referred_on + rng.randint(7, 30)})
    history = [h for h in history if h["on"] <= last_day]
    updated_on = history[-1]["on"]
    for step in history:
        step["on"] = demo.day(step["on"])
    record = {"client_id": person.id, "service_id": service["id"], "history": history}
    author = person.coach if rng.random() < 0.6 else demo.pick("social_prescriber")
    demo.add("signposting", record, suggested_on, author, updated_on)
