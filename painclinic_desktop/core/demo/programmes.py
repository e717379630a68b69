"""Demo programmes (issue 16): a couple of courses made of Tier 2 sessions already held.

Made after every other record, from the sessions' registers as they are, so adding them
leaves the rest of a demo caseload exactly as it was for the same seed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ..codes import DROPOUT_REASONS
from ..programmes import sessions_needed
from .base import Demo

_PROGRAMMES = 2
_PLANNED = 4  # sessions a demo programme plans
_RULE = 75
_BELOW_RULE_NOTE = "Caught up on the missed sessions one to one with the coach."
_REASON_NOTES = {
    "health_or_pain": "A flare-up; would like to join a later course.",
    "work_or_caring": "Started new shifts at work.",
    "travel_or_access": "No lift to the venue any more.",
    "other": "Prefers one-to-one sessions.",
}


def programme_stories(demo: Demo) -> None:
    rng = demo.rng
    sessions = [
        s
        for s in demo.bundle["module_sessions"]
        if s["module"] != "understanding_pain" and s["attendees"]
    ]
    sessions.sort(key=lambda s: (s["held_on"], s["id"]))
    regulars = Counter(c for s in sessions for c in s["attendees"])
    used: set[str] = set()
    names: set[str] = set()
    for client_id, _ in regulars.most_common():
        if len(names) >= _PROGRAMMES:
            break
        linked = [s for s in sessions if client_id in s["attendees"] and s["id"] not in used]
        linked = linked[:_PLANNED]
        if len(linked) < 2:
            continue
        used.update(s["id"] for s in linked)
        first = dt.date.fromisoformat(linked[0]["held_on"])
        name = f"{linked[0]['venue'].split(',')[0]}, {first:%B %Y}"
        if name in names:
            continue
        names.add(name)
        start = first.toordinal()
        coach = linked[0]["facilitator"]
        programme = demo.add(
            "programmes",
            {
                "name": name,
                "planned_sessions": _PLANNED,
                "attendance_rule_percent": _RULE,
                "starts_on": linked[0]["held_on"],
                "venue": linked[0]["venue"],
                "session_ids": [s["id"] for s in linked],
            },
            start - 14,
            coach,
        )
        _enrol(demo, programme, linked, start, coach, rng)


def _enrol(demo: Demo, programme: dict, linked: list[dict], start: int, coach: str, rng) -> None:
    attended = Counter(c for s in linked for c in s["attendees"])
    last = dt.date.fromisoformat(linked[-1]["held_on"]).toordinal()
    finished = last + 7 < demo.today
    needed = sessions_needed(_RULE, _PLANNED)
    for client_id in sorted(attended):
        count = attended[client_id]
        record = {
            "programme_id": programme["id"],
            "client_id": client_id,
            "enrolled_on": demo.day(start - 7),
            "status": "enrolled",
        }
        ended = min(last, demo.today)
        if finished and count >= needed:
            record.update(status="completed", ended_on=demo.day(ended))
        elif finished and rng.random() < 0.25:
            record.update(
                status="completed", ended_on=demo.day(ended), completion_note=_BELOW_RULE_NOTE
            )
        elif finished or rng.random() < 0.3:
            reason = rng.choice(DROPOUT_REASONS)
            record.update(
                status="dropped_out",
                ended_on=demo.day(min(start + 7 * count + 7, demo.today)),
                dropout_reason=reason,
                dropout_note=_REASON_NOTES.get(reason),
            )
        demo.add("programme_enrolments", record, start - 7, coach, updated_on=ended)
