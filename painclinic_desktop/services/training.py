"""Staff training in the 10 Footsteps: courses, trainees, attendance and questionnaires.

A trainee answers the confidence questionnaire before the course (baseline) and 3 months
after it, writing the same anonymous code on both; the two are paired by course and code.
Partner-organisation trainees are known only by that code, never by name.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core import training as rules
from ..core.errors import InvalidInput, RecordNotFound
from ..core.referral_rules import parse_date
from ..store import records
from ..store.database import Store
from . import writes


def _date(value: Any, field: str, words: str, required: bool = True) -> str | None:
    iso, issue = parse_date(value, field)
    if issue is not None or (iso is None and required):
        raise InvalidInput(f"Give {words} as day/month/year.", field)
    return iso


def _text(values: dict[str, Any], field: str) -> str | None:
    return (str(values.get(field) or "")).strip() or None


def _get(store: Store, collection: str, record_id: str, words: str) -> dict[str, Any]:
    found = records.get(store, collection, record_id)
    if found is None:
        raise RecordNotFound(f"There is no {words} {record_id}.")
    return found


# -- trainees -----------------------------------------------------------------------------


def trainees(store: Store) -> list[dict[str, Any]]:
    return sorted(records.select(store, "trainees"), key=lambda t: t["code"])


def trainee(store: Store, trainee_id: str) -> dict[str, Any]:
    return _get(store, "trainees", trainee_id, "trainee")


def trainee_by_code(store: Store, code: str) -> dict[str, Any] | None:
    code = rules.checked_code(code)
    return next(records.select(store, "trainees", "code = ?", (code,)), None)


def _checked_trainee(store: Store, values: dict[str, Any], own_id: str | None) -> dict:
    code = rules.checked_code(values.get("code"))
    holder = trainee_by_code(store, code)
    if holder is not None and holder["id"] != own_id:
        raise InvalidInput(f"The code {code} is already used by another trainee.", "code")
    kind = values.get("kind") or "service_staff"
    if kind not in rules.TRAINEE_KINDS:
        raise InvalidInput("Say whether the trainee is service staff or from a partner.", "kind")
    name = _text(values, "name")
    if kind == "partner" and name:
        reason = "People from partner organisations are known only by their anonymous code."
        raise InvalidInput(reason, "name")
    experience = values.get("experience") or None
    if experience is not None and experience not in rules.EXPERIENCE_BANDS:
        raise InvalidInput("Choose the experience band.", "experience")
    return {
        "code": code,
        "kind": kind,
        "name": name,
        "organisation": _text(values, "organisation"),
        "profession": _text(values, "profession"),
        "experience": experience,
        "prior_training": _text(values, "prior_training"),
    }


def add_trainee(store: Store, values: dict[str, Any], author: str) -> dict[str, Any]:
    with store.atomic():
        return writes.add(store, "trainees", _checked_trainee(store, values, None), author)


def change_trainee(
    store: Store, trainee_id: str, values: dict[str, Any], author: str
) -> dict[str, Any]:
    with store.atomic():
        current = trainee(store, trainee_id)
        checked = _checked_trainee(store, {**current, **values}, trainee_id)
        return writes.change(store, "trainees", {**current, **checked}, author)


# -- courses and their sessions ------------------------------------------------------------


def courses(store: Store) -> list[dict[str, Any]]:
    """Every course, latest first."""
    return sorted(records.select(store, "training_courses"), key=lambda c: c["starts_on"])[::-1]


def course(store: Store, course_id: str) -> dict[str, Any]:
    return _get(store, "training_courses", course_id, "training course")


def _checked_sessions(sessions: Any) -> list[dict[str, Any]]:
    checked = []
    for number, entry in enumerate(sessions or [], start=1):
        title = str(entry.get("title") or "").strip()
        if not title:
            raise InvalidInput(f"Session {number} needs a title.", "sessions")
        held_on = _date(entry.get("held_on"), "sessions", f"the date of session {number}", False)
        checked.append(
            {
                "id": entry.get("id") or str(uuid.uuid4()),
                "title": title,
                "held_on": held_on,
                "optional": bool(entry.get("optional")),
            }
        )
    return checked


def _checked_course(values: dict[str, Any]) -> dict[str, Any]:
    title = _text(values, "title")
    if not title:
        raise InvalidInput("Give the course a title.", "title")
    starts_on = _date(values.get("starts_on"), "starts_on", "the first day of the course")
    ends_on = _date(values.get("ends_on"), "ends_on", "the last day of the course", False)
    if ends_on and starts_on and ends_on < starts_on:
        raise InvalidInput("The course cannot end before it starts.", "ends_on")
    return {
        "title": title,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "venue": _text(values, "venue"),
        "trainer": _text(values, "trainer"),
        "sessions": _checked_sessions(values.get("sessions")),
    }


def add_course(store: Store, values: dict[str, Any], author: str) -> dict[str, Any]:
    return writes.add(store, "training_courses", _checked_course(values), author)


def change_course(
    store: Store, course_id: str, values: dict[str, Any], author: str
) -> dict[str, Any]:
    with store.atomic():
        current = course(store, course_id)
        checked = _checked_course({**current, **values})
        kept = {s["id"] for s in checked["sessions"]}
        for enrolment in enrolments(store, course_id):
            if set(enrolment["attended_sessions"]) - kept:
                raise InvalidInput(
                    "A session someone attended cannot be taken off the course.", "sessions"
                )
        return writes.change(store, "training_courses", {**current, **checked}, author)


# -- enrolment, attendance, completion ----------------------------------------------------


def enrolment(store: Store, enrolment_id: str) -> dict[str, Any]:
    return _get(store, "training_enrolments", enrolment_id, "enrolment")


def enrolments(store: Store, course_id: str) -> list[dict[str, Any]]:
    return list(records.select(store, "training_enrolments", "course_id = ?", (course_id,)))


@dataclass(frozen=True)
class EnrolledTrainee:
    enrolment: dict[str, Any]
    trainee: dict[str, Any]

    @property
    def shown_as(self) -> str:
        """The name of a named member of staff, otherwise the anonymous code."""
        return self.trainee.get("name") or self.trainee["code"]


def course_trainees(store: Store, course_id: str) -> list[EnrolledTrainee]:
    found = records.get_many(
        store, "trainees", [e["trainee_id"] for e in enrolments(store, course_id)]
    )
    rows = [EnrolledTrainee(e, found[e["trainee_id"]]) for e in enrolments(store, course_id)]
    return sorted(rows, key=lambda r: r.trainee["code"])


def enrol(store: Store, course_id: str, trainee_id: str, author: str) -> dict[str, Any]:
    with store.atomic():
        course(store, course_id)
        trainee(store, trainee_id)
        if any(e["trainee_id"] == trainee_id for e in enrolments(store, course_id)):
            raise InvalidInput("This trainee is already on the course.", "trainee")
        record = {"course_id": course_id, "trainee_id": trainee_id, "attended_sessions": []}
        return writes.add(store, "training_enrolments", record, author)


def set_attendance(
    store: Store, enrolment_id: str, session_ids: list[str], author: str
) -> dict[str, Any]:
    with store.atomic():
        enrolment = _get(store, "training_enrolments", enrolment_id, "enrolment")
        known = [s["id"] for s in course(store, enrolment["course_id"])["sessions"]]
        unknown = set(session_ids) - set(known)
        if unknown:
            raise InvalidInput("That session is not part of this course.", "sessions")
        attended = [s for s in known if s in set(session_ids)]
        changed = {**enrolment, "attended_sessions": attended}
        missing = missed_required(course(store, enrolment["course_id"]), changed)
        if enrolment.get("completed_on") and missing:
            raise InvalidInput(
                f"The course is marked completed, so {', '.join(missing)} must stay ticked. "
                "Take the completion back first (Completed…, with the date left blank).",
                "sessions",
            )
        return writes.change(
            store, "training_enrolments", {**enrolment, "attended_sessions": attended}, author
        )


def missed_required(course_record: dict[str, Any], enrolment: dict[str, Any]) -> list[str]:
    """Titles of the sessions that are not optional and were not attended."""
    attended = set(enrolment.get("attended_sessions") or [])
    return [
        s["title"]
        for s in course_record.get("sessions") or []
        if not s.get("optional") and s["id"] not in attended
    ]


def mark_completed(
    store: Store, enrolment_id: str, completed_on: Any, author: str
) -> dict[str, Any]:
    """Completion (which the certificate states) needs every session that is not optional."""
    with store.atomic():
        enrolment = _get(store, "training_enrolments", enrolment_id, "enrolment")
        on = _date(completed_on, "completed_on", "the date the course was completed", False)
        if on is not None:
            missing = missed_required(course(store, enrolment["course_id"]), enrolment)
            if missing:
                reason = "Not yet complete: not attended " + ", ".join(missing) + "."
                raise InvalidInput(reason, "completed_on")
        return writes.change(
            store, "training_enrolments", {**enrolment, "completed_on": on}, author
        )


# -- questionnaires -----------------------------------------------------------------------


def responses(store: Store, course_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Questionnaires of these courses (all courses when None), in the order answered."""
    found = records.select(store, "training_responses")
    if course_ids is not None:
        wanted = set(course_ids)
        found = (r for r in found if r["course_id"] in wanted)
    return sorted(found, key=lambda r: (r["answered_on"], r["code"], r["time_point"]))


def courses_between(store: Store, date_from: str, date_to: str) -> list[dict[str, Any]]:
    """Courses that started within the dates (inclusive)."""
    return [c for c in courses(store) if date_from <= c["starts_on"] <= date_to]


def record_response(
    store: Store, values: dict[str, Any], author: str, form: rules.Questionnaire | None = None
) -> dict[str, Any]:
    """A questionnaire typed in (``course_id``, ``code``, ``time_point``, ``answered_on``,
    ``answers`` by statement code, ``prior_resources`` at baseline). The same code and time
    point on the same course again replaces the earlier answers (a correction)."""
    form = form or rules.questionnaire()
    time_point = values.get("time_point")
    if time_point not in rules.TIME_POINTS:
        raise InvalidInput("Say whether this is the baseline or the 3-month questionnaire.")
    prior = values.get("prior_resources")
    if prior is not None and not isinstance(prior, bool):
        raise InvalidInput("Answer the baseline question yes, no or leave it blank.", "prior")
    with store.atomic():
        course_record = course(store, values.get("course_id") or "")
        record = {
            "course_id": course_record["id"],
            "code": rules.checked_code(values.get("code")),
            "time_point": time_point,
            "answered_on": _date(values.get("answered_on"), "answered_on", "the date answered"),
            "answers": rules.checked_answers(values.get("answers"), form),
            "prior_resources": prior if time_point == "baseline" else None,
        }
        if record["answered_on"] > date.today().isoformat():
            raise InvalidInput("The date answered is in the future.", "answered_on")
        earlier = next(
            records.select(
                store,
                "training_responses",
                "course_id = ? AND code = ? AND time_point = ?",
                (record["course_id"], record["code"], time_point),
            ),
            None,
        )
        if earlier is not None:
            return writes.change(store, "training_responses", {**earlier, **record}, author)
        return writes.add(store, "training_responses", record, author)
