"""Rules for MDT meetings (SPEC §2): the agenda, discussions, decisions and their actions.

Pure functions over bundle-shaped records. A meeting's agenda is every client with an open
"discuss at MDT" flag raised by the day of the meeting, then the clients added by hand; a
client discussed at the meeting stays on its agenda, marked as discussed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .codes import MDT_DECISIONS
from .errors import InvalidInput
from .referral_rules import uk_date

# Decisions that move the client to another tier, and the tier they move to.
TIER_OF_DECISION = {"move_to_tier_2": 2, "move_to_tier_3": 3}

# Why a client is on an agenda (codes; the UI words them).
FLAGGED = "flagged"
ADDED = "added"


@dataclass(frozen=True)
class AgendaItem:
    client_id: str
    why: str  # FLAGGED or ADDED
    note: str | None  # the flag's reason, or why it was added
    raised_by: str | None
    raised_on: str | None
    discussion: dict[str, Any] | None  # the discussion at this meeting, once held

    @property
    def discussed(self) -> bool:
        return self.discussion is not None


def build_agenda(
    held_on: str,
    flags: Iterable[dict[str, Any]],
    additions: Iterable[dict[str, Any]],
    discussions: list[dict[str, Any]],
) -> list[AgendaItem]:
    """Flagged clients (longest waiting first), then those added by hand, then anyone
    discussed without being on either list; each client once."""
    discussed = {d["client_id"]: d for d in discussions}
    items: dict[str, AgendaItem] = {}
    flagged = sorted(
        (
            f
            for f in flags
            if f["kind"] == "mdt_discuss"
            and f["raised_on"] <= held_on
            and (not f.get("cleared_on") or f["client_id"] in discussed)
        ),
        key=lambda f: (f["raised_on"], f["id"]),
    )
    for f in flagged:
        items.setdefault(
            f["client_id"],
            AgendaItem(
                f["client_id"],
                FLAGGED,
                _why_raised(f.get("note")),
                f.get("raised_by"),
                f["raised_on"],
                discussed.get(f["client_id"]),
            ),
        )
    for a in additions:
        items.setdefault(
            a["client_id"],
            AgendaItem(
                a["client_id"],
                ADDED,
                a.get("reason"),
                a.get("author"),
                (a.get("created_at") or "")[:10] or None,
                discussed.get(a["client_id"]),
            ),
        )
    for d in discussions:
        items.setdefault(d["client_id"], AgendaItem(d["client_id"], ADDED, None, None, None, d))
    return list(items.values())


def _why_raised(note: str | None) -> str | None:
    """A flag's note without the reason it was cleared (``flag_rules.note_when_cleared``
    adds that after the reason it was raised)."""
    if not note or note.startswith("Cleared: "):
        return None
    return note.split("\nCleared: ")[0]


def _day(value: Any, field: str, what: str) -> str | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError as exc:
        raise InvalidInput(f"The {what} is not a date: give it as day/month/year.", field) from exc


def checked_actions(actions: Iterable[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Actions as the bundle holds them: text, owner, due date, date done."""
    found = []
    for number, action in enumerate(actions, start=1):
        text = (action.get("text") or "").strip()
        if not text:
            raise InvalidInput(f"Action {number} needs to say what is to be done.", "actions")
        done_on = _day(action.get("done_on"), "actions", f"date action {number} was done")
        if done_on and done_on > today.isoformat():
            raise InvalidInput(
                f"Action {number} is marked done on {uk_date(done_on)}, which is in the future.",
                "actions",
            )
        found.append(
            {
                "text": text,
                "owner": (action.get("owner") or "").strip() or None,
                "due_on": _day(action.get("due_on"), "actions", f"due date of action {number}"),
                "done_on": done_on,
            }
        )
    return found


def checked_discussion(
    meeting: dict[str, Any],
    client_id: str,
    decision: str,
    note: str | None,
    actions: list[dict[str, Any]],
    today: date,
) -> dict[str, Any]:
    """A discussion to add to ``meeting`` (without its id, which the caller gives)."""
    if decision not in MDT_DECISIONS:
        raise InvalidInput("Choose the decision the meeting reached.", "decision")
    if meeting["held_on"] > today.isoformat():
        raise InvalidInput(
            f"This meeting is planned for {uk_date(meeting['held_on'])}: "
            "decisions are recorded once it has been held.",
            "held_on",
        )
    if any(d["client_id"] == client_id for d in meeting.get("discussions") or []):
        raise InvalidInput(
            "This client has already been discussed at this meeting: change "
            "that discussion instead.",
            "client_id",
        )
    return {
        "client_id": client_id,
        "decision": decision,
        "note": (note or "").strip() or None,
        "actions": checked_actions(actions, today),
    }


@dataclass(frozen=True)
class OpenAction:
    """An action not yet done, with where it came from."""

    meeting_id: str
    held_on: str
    discussion_id: str
    index: int  # its place in the discussion's actions
    client_id: str
    text: str
    owner: str | None
    due_on: str | None

    def overdue(self, today: date) -> bool:
        return self.due_on is not None and self.due_on < today.isoformat()


def same_person(first: str | None, second: str | None) -> bool:
    if not first or not second:
        return False
    return " ".join(first.casefold().split()) == " ".join(second.casefold().split())


def open_actions(
    meetings: Iterable[dict[str, Any]], *, owner: str | None = None, client_id: str | None = None
) -> list[OpenAction]:
    """Actions not done, soonest due first (those without a due date last)."""
    found = []
    for meeting in meetings:
        for d in meeting.get("discussions") or []:
            if client_id is not None and d["client_id"] != client_id:
                continue
            for index, a in enumerate(d.get("actions") or []):
                if a.get("done_on") or (
                    owner is not None and not same_person(a.get("owner"), owner)
                ):
                    continue
                found.append(
                    OpenAction(
                        meeting["id"],
                        meeting["held_on"],
                        d["id"],
                        index,
                        d["client_id"],
                        a["text"],
                        a.get("owner"),
                        a.get("due_on"),
                    )
                )
    found.sort(key=lambda a: (a.due_on is None, a.due_on or "", a.held_on, a.text))
    return found
