"""MDT meetings: the agenda, attendees, each discussion's decision, note and actions.

A decision to move a client to another tier applies the tier change — linked to the
discussion by ``mdt_discussion_id`` — in the same transaction as the discussion, so the record
never shows a decision without its change or a Tier 3 without the decision behind it.
Discussing a client clears their "discuss at MDT" flag (dated the day of the meeting) unless
the meeting asks to see them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core import mdt_rules as rules
from ..core.errors import InvalidInput, RecordNotFound
from ..core.referral_rules import uk_date
from ..core.stamps import new_id
from ..store import clients as client_store
from ..store import mdt as mdt_store
from ..store import records
from ..store.database import Store
from . import flags, pathway, writes
from .client_record import existing_client


@dataclass(frozen=True)
class MeetingRow:
    id: str
    held_on: str
    attendees: list[str]
    discussed: int
    open_actions: int


def meetings(store: Store) -> list[MeetingRow]:
    """Every meeting, latest first."""
    found = []
    # A role without clinical access reads meetings as blank rows: it gets none.
    for m in records.select(store, "mdt_meetings", "id IS NOT NULL ORDER BY held_on DESC"):
        discussions = m["discussions"]
        still_open = sum(
            1 for d in discussions for a in d.get("actions") or [] if not a.get("done_on")
        )
        found.append(
            MeetingRow(m["id"], m["held_on"], m["attendees"], len(discussions), still_open)
        )
    return found


def meeting(store: Store, meeting_id: str) -> dict[str, Any]:
    found = records.get(store, "mdt_meetings", meeting_id)
    if found is None:
        raise RecordNotFound("That MDT meeting is no longer in this database.")
    return found


def _names(names: list[str]) -> list[str]:
    found: dict[str, str] = {}
    for name in names:
        name = " ".join((name or "").split())
        if name:
            found.setdefault(name.casefold(), name)
    return list(found.values())


def plan_meeting(store: Store, held_on: str, attendees: list[str], author: str) -> dict[str, Any]:
    """A meeting on ``held_on`` (it may be planned ahead; decisions wait for the day)."""
    try:
        date.fromisoformat(held_on or "")
    except ValueError as exc:
        raise InvalidInput("Give the date of the meeting as day/month/year.", "held_on") from exc
    record = {"held_on": held_on, "attendees": _names(attendees), "discussions": []}
    return writes.add(store, "mdt_meetings", record, author)


def set_attendees(
    store: Store, meeting_id: str, attendees: list[str], author: str
) -> dict[str, Any]:
    with store.atomic():
        found = meeting(store, meeting_id)
        return writes.change(
            store, "mdt_meetings", {**found, "attendees": _names(attendees)}, author
        )


def staff_names(store: Store) -> list[str]:
    """Names to offer as attendees and action owners: past attendees, then caseload holders."""
    attended = mdt_store.attendee_names(store)
    holders = client_store.caseload_holders(store)
    return _names([n for n in attended + sorted(holders, key=str.casefold) if n])


# The agenda.


@dataclass(frozen=True)
class AgendaEntry:
    item: rules.AgendaItem
    name: str
    date_of_birth: str
    tier: int | None
    status: str
    assigned_staff: str | None
    open_flags: tuple[str, ...]


def agenda(store: Store, meeting_id: str) -> list[AgendaEntry]:
    """Clients flagged for discussion by the meeting's day, then those added by hand."""
    found = meeting(store, meeting_id)
    flagged = records.select(
        store,
        "flags",
        "kind = 'mdt_discuss' AND raised_on <= ? AND (cleared_on IS NULL OR cleared_on >= ?)",
        (found["held_on"], found["held_on"]),
    )
    added = records.select(
        store,
        "mdt_agenda_additions",
        "meeting_id = ? AND removed_on IS NULL ORDER BY created_at",
        (meeting_id,),
    )
    items = rules.build_agenda(found["held_on"], flagged, added, found["discussions"])
    return [_entry(store, item) for item in items]


def _entry(store: Store, item: rules.AgendaItem) -> AgendaEntry:
    client = records.get(store, "clients", item.client_id) or {}
    where = pathway.episode(store, item.client_id)
    kinds = tuple(f["kind"] for f in flags.open_flags(store, item.client_id))
    return AgendaEntry(
        item,
        f"{client.get('given_name', '')} {client.get('family_name', '')}",
        client.get("date_of_birth", ""),
        where.tier,
        where.status,
        client.get("assigned_staff"),
        kinds,
    )


def add_to_agenda(
    store: Store, meeting_id: str, client_id: str, reason: str | None, author: str
) -> dict[str, Any]:
    """Put a client on a meeting's agenda by hand (a flag is not needed)."""
    with store.atomic():
        meeting(store, meeting_id)
        existing_client(store, client_id)
        if any(e.item.client_id == client_id for e in agenda(store, meeting_id)):
            raise InvalidInput("This client is already on the agenda.", "client_id")
        addition = {
            "meeting_id": meeting_id,
            "client_id": client_id,
            "reason": (reason or "").strip() or None,
        }
        return writes.add(store, "mdt_agenda_additions", addition, author)


def take_off_agenda(
    store: Store, meeting_id: str, client_id: str, author: str, today: date | None = None
) -> None:
    """Take off a client added by hand and not yet discussed (flagged clients come off by
    clearing their flag)."""
    today = today or date.today()
    with store.atomic():
        if any(d["client_id"] == client_id for d in meeting(store, meeting_id)["discussions"]):
            raise InvalidInput("This client has been discussed at this meeting.", "client_id")
        for addition in records.select(
            store,
            "mdt_agenda_additions",
            "meeting_id = ? AND client_id = ? AND removed_on IS NULL",
            (meeting_id, client_id),
        ):
            writes.change(
                store, "mdt_agenda_additions", {**addition, "removed_on": today.isoformat()}, author
            )


# Discussions, decisions and actions.


def record_discussion(
    store: Store,
    meeting_id: str,
    client_id: str,
    decision: str,
    note: str | None,
    actions: list[dict[str, Any]],
    author: str,
    *,
    discuss_again: bool = False,
    today: date | None = None,
) -> dict[str, Any]:
    """Record the discussion of a client; all of it commits together or not at all:

    - the discussion (decision, note, actions) added to the meeting;
    - for "move to Tier 2/3", the tier change dated the day of the meeting and linked to the
      discussion (refused, with nothing saved, if the pathway rules do not allow it);
    - the client's "discuss at MDT" flag cleared, unless ``discuss_again``.
    """
    today = today or date.today()
    with store.atomic():
        found = meeting(store, meeting_id)
        existing_client(store, client_id)
        discussion = {
            "id": new_id(),
            **rules.checked_discussion(found, client_id, decision, note, actions, today),
        }
        writes.change(
            store,
            "mdt_meetings",
            {**found, "discussions": found["discussions"] + [discussion]},
            author,
        )
        _apply_tier(store, found, discussion, author, today)
        if not discuss_again:
            _clear_mdt_flag(store, found, client_id, author, today)
    return discussion


def _apply_tier(
    store: Store, found: dict[str, Any], discussion: dict[str, Any], author: str, today: date
) -> None:
    tier = rules.TIER_OF_DECISION.get(discussion["decision"])
    if tier is None:
        return
    reason = f"Agreed at the MDT meeting of {uk_date(found['held_on'])}."
    pathway.change_tier(
        store,
        discussion["client_id"],
        tier,
        reason,
        author,
        on=found["held_on"],
        mdt_discussion_id=discussion["id"],
        today=today,
    )


def _clear_mdt_flag(
    store: Store, found: dict[str, Any], client_id: str, author: str, today: date
) -> None:
    why = f"Discussed at the MDT meeting of {uk_date(found['held_on'])}."
    for flag in flags.open_flags(store, client_id):
        if flag["kind"] == "mdt_discuss" and flag["raised_on"] <= found["held_on"]:
            flags.clear_flag(store, flag["id"], author, why=why, on=found["held_on"], today=today)


def decision_applied(store: Store, discussion_id: str) -> bool:
    return mdt_store.decision_applied(store, discussion_id)


def change_discussion(
    store: Store,
    meeting_id: str,
    discussion_id: str,
    decision: str,
    note: str | None,
    actions: list[dict[str, Any]],
    author: str,
    today: date | None = None,
) -> dict[str, Any]:
    """Correct a discussion's note and actions, or its decision while nothing applied it.

    A decision whose tier change is on the record cannot be changed here: that would leave a
    tier change pointing at a decision the meeting no longer shows.
    """
    today = today or date.today()
    with store.atomic():
        found = meeting(store, meeting_id)
        old = next((d for d in found["discussions"] if d["id"] == discussion_id), None)
        if old is None:
            raise RecordNotFound("That discussion is no longer in this meeting.")
        if decision != old["decision"] and decision_applied(store, discussion_id):
            raise InvalidInput(
                "The tier change this decision made is on the client's record, "
                "so the decision cannot be changed. Record a further "
                "tier change instead.",
                "decision",
            )
        others = {**found, "discussions": [d for d in found["discussions"] if d is not old]}
        checked = rules.checked_discussion(others, old["client_id"], decision, note, actions, today)
        new = {**old, **checked}
        discussions = [new if d is old else d for d in found["discussions"]]
        writes.change(store, "mdt_meetings", {**found, "discussions": discussions}, author)
        if not decision_applied(store, discussion_id):
            _apply_tier(store, found, new, author, today)
    return new


def set_action_done(
    store: Store,
    meeting_id: str,
    discussion_id: str,
    index: int,
    done_on: str | None,
    author: str,
    today: date | None = None,
) -> None:
    """Mark an action done on ``done_on`` (None: not done after all)."""
    today = today or date.today()
    with store.atomic():
        found = meeting(store, meeting_id)
        discussion = next((d for d in found["discussions"] if d["id"] == discussion_id), None)
        if discussion is None or not 0 <= index < len(discussion.get("actions") or []):
            raise RecordNotFound("That action is no longer in this meeting.")
        actions = [dict(a) for a in discussion["actions"]]
        actions[index]["done_on"] = done_on
        actions = rules.checked_actions(actions, today)
        discussions = [
            {**d, "actions": actions} if d is discussion else d for d in found["discussions"]
        ]
        writes.change(store, "mdt_meetings", {**found, "discussions": discussions}, author)


def client_discussions(store: Store, client_id: str) -> list[tuple[str, dict[str, Any]]]:
    """(meeting date, discussion) for every discussion of the client, latest first."""
    found = []
    for m in records.select(store, "mdt_meetings", "discussions LIKE ?", (f"%{client_id}%",)):
        found += [(m["held_on"], d) for d in m["discussions"] if d["client_id"] == client_id]
    return sorted(found, key=lambda pair: pair[0], reverse=True)


@dataclass(frozen=True)
class ActionRow:
    action: rules.OpenAction
    client_name: str


def open_actions(
    store: Store, *, owner: str | None = None, client_id: str | None = None
) -> list[ActionRow]:
    """Actions not yet done — one person's (``owner``), one client's, or everyone's."""
    where, params = (
        ("discussions LIKE ?", (f"%{client_id}%",)) if client_id else ("id IS NOT NULL", ())
    )
    found = rules.open_actions(
        records.select(store, "mdt_meetings", where, params), owner=owner, client_id=client_id
    )
    names = client_store.full_names(store, {a.client_id for a in found})
    return [ActionRow(a, names.get(a.client_id, "")) for a in found]
