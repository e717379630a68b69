"""Rules for a contact (SPEC §6) and for reading a note's version history.

A contact records what happened: it may not be dated in the future, and footsteps and
components are only recorded when the client attended. Notes are clinical records: once
saved, a note is only ever amended by adding a new version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .codes import CONTACT_COMPONENTS, CONTACT_OUTCOMES, CONTACT_TYPES, CONTACT_VENUES, FOOTSTEPS
from .errors import InvalidInput

LONGEST_MINUTES = 720
# Clocks on two laptops differ a little; a contact a few minutes "ahead" is not an error.
CLOCK_SLACK = timedelta(minutes=10)


def _starts_at(value: Any, now: datetime) -> datetime:
    try:
        starts = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidInput("The contact's date and time cannot be read.", "starts_at") from exc
    if starts.tzinfo is None:
        raise InvalidInput("The contact's time needs its time zone.", "starts_at")
    if starts > now + CLOCK_SLACK:
        raise InvalidInput(
            "The contact is dated in the future: record a contact after it has happened.",
            "starts_at",
        )
    return starts


def checked_contact(contact: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The contact tidied (lists sorted, text trimmed), or InvalidInput naming the field."""
    _starts_at(contact.get("starts_at"), now)
    for name, codes, what in (
        ("type", CONTACT_TYPES, "type of contact"),
        ("outcome", CONTACT_OUTCOMES, "outcome"),
    ):
        if contact.get(name) not in codes:
            raise InvalidInput(f"Choose the {what}.", name)
    if contact.get("venue") not in (None, *CONTACT_VENUES):
        raise InvalidInput("Choose the venue.", "venue")
    minutes = contact.get("duration_minutes")
    attended = contact["outcome"] == "attended"
    if minutes is not None and not (isinstance(minutes, int) and 1 <= minutes <= LONGEST_MINUTES):
        raise InvalidInput(
            f"The duration must be 1 to {LONGEST_MINUTES} minutes.", "duration_minutes"
        )
    if attended and minutes is None:
        raise InvalidInput("Give how long the contact lasted.", "duration_minutes")
    footsteps = sorted(set(contact.get("footsteps") or []))
    components = [c for c in CONTACT_COMPONENTS if c in set(contact.get("components") or [])]
    if any(f not in FOOTSTEPS for f in footsteps):
        raise InvalidInput("Footsteps are numbered 1 to 10.", "footsteps")
    if len(components) != len(set(contact.get("components") or [])):
        raise InvalidInput("A component delivered is not on the service's list.", "components")
    if not attended and (footsteps or components):
        raise InvalidInput(
            "Footsteps and components are only recorded when the client attended.", "footsteps"
        )
    language = (contact.get("interpreter_language") or "").strip() or None
    note = (contact.get("note") or "").strip() or None
    return {
        **contact,
        "footsteps": footsteps,
        "components": components,
        "interpreter_language": language,
        "note": note,
        "carer_present": bool(contact.get("carer_present")),
    }


@dataclass(frozen=True)
class NoteVersion:
    number: int
    text: str | None
    saved_at: str | None
    saved_by: str | None
    current: bool


def note_history(contact: dict[str, Any], versions: list[dict[str, Any]]) -> list[NoteVersion]:
    """Every text the note has had, oldest first; the last is what the contact shows now.

    A note changed outside the amendment route (a bundle from another laptop) is kept by the
    store; its current text then follows the kept versions as one more entry.
    """
    kept = sorted(versions, key=lambda v: v["version"])
    history = [
        NoteVersion(v["version"], v["note"], v["created_at"], v["author"], False) for v in kept
    ]
    if not history or history[-1].text != contact.get("note"):
        history.append(
            NoteVersion(
                len(history) + 1,
                contact.get("note"),
                contact.get("updated_at"),
                contact.get("author"),
                False,
            )
        )
    last = history[-1]
    history[-1] = NoteVersion(last.number, last.text, last.saved_at, last.saved_by, True)
    return history
