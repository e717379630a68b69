"""Programmes: named courses of group sessions, and how a client's attendance is judged.

A programme plans a number of sessions and has an attendance rule: a client **meets the
rule** when the sessions they attended, as ticked on the registers of the programme's own
sessions, are at least the rule's share of the **planned** number (never of the sessions
held so far, booked or linked), so every client of a programme is judged against the same
denominator. The published programmes analyse only those meeting the rule.

An enrolment's status is what the coach records: ``enrolled`` (still on it), ``completed``
or ``dropped_out`` (with a coded reason). Completing below the rule needs the coach's
reason, and such a client is still not counted among those meeting the rule.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .codes import DEFAULT_ATTENDANCE_RULE_PERCENT, DROPOUT_REASONS
from .errors import InvalidInput

MAX_PLANNED_SESSIONS = 100
# How the reasons for leaving read on screen and in the report.
DROPOUT_REASON_WORDS = {
    "health_or_pain": "Health or pain",
    "work_or_caring": "Work or caring",
    "travel_or_access": "Travel or access",
    "not_helpful": "Not finding it helpful",
    "moved_away": "Moved away",
    "lost_contact": "Lost contact",
    "other": "Other",
}
STATUS_WORDS = {"enrolled": "Enrolled", "completed": "Completed", "dropped_out": "Dropped out"}


@dataclass(frozen=True)
class Attendance:
    attended: int  # the programme's sessions the client is ticked present at
    planned: int  # the programme's planned number of sessions: the denominator
    rule_percent: int

    @property
    def percent(self) -> float:
        return 100 * self.attended / self.planned

    @property
    def meets_rule(self) -> bool:
        # Whole numbers compared, so 75 % of 8 is 6 sessions with no rounding question.
        return self.attended * 100 >= self.rule_percent * self.planned

    @property
    def started(self) -> bool:
        return self.attended > 0

    @property
    def sessions_needed(self) -> int:
        return sessions_needed(self.rule_percent, self.planned)


def sessions_needed(rule_percent: int, planned: int) -> int:
    """The fewest sessions that meet the rule: 75 % of 8 planned is 6, of 6 planned is 5."""
    return math.ceil(rule_percent * planned / 100)


def rule_words(rule_percent: int, planned: int) -> str:
    """The rule as the report states it."""
    need = sessions_needed(rule_percent, planned)
    return (
        f"attended at least {rule_percent} % of the {planned} planned sessions "
        f"({need} or more), as ticked on the programme's registers"
    )


def attendance(
    programme: dict[str, Any], attendees_by_session: Mapping[str, Iterable[str]], client_id: str
) -> Attendance:
    """``attendees_by_session``: {module session id: client ids ticked present}."""
    attended = sum(
        1
        for session_id in dict.fromkeys(programme.get("session_ids") or [])
        if client_id in set(attendees_by_session.get(session_id) or ())
    )
    return Attendance(
        attended,
        int(programme["planned_sessions"]),
        int(programme.get("attendance_rule_percent") or DEFAULT_ATTENDANCE_RULE_PERCENT),
    )


def _whole(value: Any, field: str, words: str, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise InvalidInput(f"Give {words} as a whole number.", field) from None
    if not low <= number <= high:
        raise InvalidInput(f"Give {words} from {low} to {high}.", field)
    return number


def _day(value: Any, field: str, words: str) -> str:
    try:
        return date.fromisoformat(str(value or "")).isoformat()
    except ValueError:
        raise InvalidInput(f"Give {words} as day/month/year.", field) from None


def checked_programme(values: dict[str, Any]) -> dict[str, Any]:
    """A programme's fields checked: ``name``, ``planned_sessions``,
    ``attendance_rule_percent`` (default 75), ``starts_on``, ``venue``, ``session_ids``,
    ``note``. More sessions linked than planned is refused: the rule's denominator would no
    longer be the programme's length."""
    name = (values.get("name") or "").strip()
    if not name:
        raise InvalidInput("Give the programme a name.", "name")
    planned = _whole(
        values.get("planned_sessions"),
        "planned_sessions",
        "the planned number of sessions",
        1,
        MAX_PLANNED_SESSIONS,
    )
    rule = values.get("attendance_rule_percent")
    rule = DEFAULT_ATTENDANCE_RULE_PERCENT if rule in (None, "") else rule
    rule = _whole(rule, "attendance_rule_percent", "the attendance rule (%)", 1, 100)
    starts_on = _day(values.get("starts_on"), "starts_on", "the date the programme starts")
    session_ids = list(dict.fromkeys(values.get("session_ids") or []))
    if len(session_ids) > planned:
        raise InvalidInput(
            f"{len(session_ids)} sessions are linked but the programme plans {planned}: "
            "raise the planned number or unlink a session.",
            "session_ids",
        )
    return {
        "name": name,
        "planned_sessions": planned,
        "attendance_rule_percent": rule,
        "starts_on": starts_on,
        "venue": (values.get("venue") or "").strip() or None,
        "session_ids": session_ids,
        "note": (values.get("note") or "").strip() or None,
    }


def checked_end(enrolment: dict[str, Any], on: Any) -> str:
    day = _day(on, "ended_on", "the date")
    if day < enrolment["enrolled_on"]:
        raise InvalidInput("That date is before the client was enrolled.", "ended_on")
    return day


def completed(
    enrolment: dict[str, Any], found: Attendance, on: Any, note: str | None
) -> dict[str, Any]:
    """The enrolment marked completed. Below the attendance rule the coach's reason is
    required (kept as ``completion_note``); the report still counts such a client as not
    meeting the rule."""
    note = (note or "").strip() or None
    if not found.meets_rule and note is None:
        raise InvalidInput(
            f"This client attended {found.attended} of the {found.planned} planned sessions; "
            f"the rule asks for {found.sessions_needed}. Say why they completed.",
            "completion_note",
        )
    return {
        **enrolment,
        "status": "completed",
        "ended_on": checked_end(enrolment, on),
        "dropout_reason": None,
        "dropout_note": None,
        "completion_note": note,
    }


def dropped_out(
    enrolment: dict[str, Any], reason: Any, on: Any, note: str | None
) -> dict[str, Any]:
    if reason not in DROPOUT_REASONS:
        raise InvalidInput("Choose why the client left the programme.", "dropout_reason")
    note = (note or "").strip() or None
    if reason == "other" and note is None:
        raise InvalidInput("Say why the client left the programme.", "dropout_note")
    return {
        **enrolment,
        "status": "dropped_out",
        "ended_on": checked_end(enrolment, on),
        "dropout_reason": reason,
        "dropout_note": note,
        "completion_note": None,
    }


def reopened(enrolment: dict[str, Any]) -> dict[str, Any]:
    """Back to enrolled (a completion or drop-out recorded in error)."""
    return {
        **enrolment,
        "status": "enrolled",
        "ended_on": None,
        "dropout_reason": None,
        "dropout_note": None,
        "completion_note": None,
    }
