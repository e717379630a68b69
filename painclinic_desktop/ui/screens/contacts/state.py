"""What the contact screens show and suggest, without Qt.

The quick-entry form starts from what is most likely: now, and the way this client is usually
seen (the type, venue and length of their last attended contact), so a coach back from a
home visit only changes what was different.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

# The venue a type of contact implies, filled in when the type is chosen.
VENUE_FOR_TYPE = {
    "home_visit": "home",
    "telephone": "remote",
    "video": "remote",
    "group": "community_venue",
}
FIRST_CONTACT = {"type": "face_to_face", "venue": "gp_practice", "duration_minutes": 60}


@dataclass(frozen=True)
class ContactDefaults:
    starts_at: datetime
    type: str
    venue: str
    duration_minutes: int
    interpreter_language: str
    carer_present: bool


def defaults_for(
    client: dict[str, Any], contacts: list[dict[str, Any]], now: datetime
) -> ContactDefaults:
    attended = [c for c in contacts if c.get("outcome") == "attended"]
    last = max(attended, key=lambda c: c["starts_at"], default=FIRST_CONTACT)
    language = ""
    if client.get("interpreter_needed"):
        language = last.get("interpreter_language") or client.get("first_language") or ""
    return ContactDefaults(
        starts_at=now.replace(second=0, microsecond=0),
        type=last["type"],
        venue=last.get("venue") or VENUE_FOR_TYPE.get(last["type"], "other"),
        duration_minutes=last.get("duration_minutes") or 60,
        interpreter_language=language,
        carer_present=bool(last.get("carer_present")),
    )


@dataclass(frozen=True)
class ContactRow:
    """One line of the Contacts table (codes; the screen words them)."""

    id: str
    starts_at: str
    type: str
    venue: str | None
    outcome: str
    minutes: int | None
    staff: str
    footsteps: str  # "1, 3, 5"
    note: str  # the first line of the current note ("" when hidden or empty)
    versions: int  # saved versions of the note (1 when never amended)


def contact_rows(
    contacts: list[dict[str, Any]], versions: dict[str, int], notes_visible: bool
) -> list[ContactRow]:
    """Newest first. Without permission to read notes, the note column stays empty."""
    rows = []
    for c in sorted(contacts, key=lambda c: c["starts_at"], reverse=True):
        note = (c.get("note") or "").strip().splitlines()
        rows.append(
            ContactRow(
                c["id"],
                c["starts_at"],
                c["type"],
                c.get("venue"),
                c["outcome"],
                c.get("duration_minutes"),
                c.get("staff") or "",
                ", ".join(str(f) for f in c.get("footsteps") or []),
                note[0] if note and notes_visible else "",
                versions.get(c["id"], 1),
            )
        )
    return rows
