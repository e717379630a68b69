"""Walk-ins: people added to a register by name and date of birth.

The one client with that name and date of birth is ticked on the spot; anyone else is held
until a coach matches them to a client or sets them aside — never matched on a name alone
(``core.register_matching``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core import register_matching as matching
from ..core.errors import InvalidInput, RecordNotFound
from ..core.referral_rules import OLDEST_AGE, uk_date
from ..store import clients as client_store
from ..store import groups as group_store
from ..store import records
from ..store.database import Store
from . import writes
from .client_record import existing_client
from .groups import (
    ClientHit,
    SessionRow,
    check_register_open,
    names_and_births,
    session_record,
    sessions,
    set_present,
)

MATCHED_ON_ENTRY = "matched_on_entry"  # one client had this name and date of birth
MATCHED_BY_COACH = "matched_by_coach"
SET_ASIDE = "set_aside"  # not a client (a guest, a carer) or cannot be traced


@dataclass(frozen=True)
class WalkInResult:
    outcome: str  # matching.MATCHED or matching.HOLD
    client_id: str | None
    walk_in: dict[str, Any]


def _checked_walk_in(given: str, family: str, born: str, today: date) -> dict[str, str]:
    given, family = (given or "").strip(), (family or "").strip()
    if not given or not family:
        raise InvalidInput(
            "Give the person's first name and family name.",
            "given_name" if not given else "family_name",
        )
    try:
        day = date.fromisoformat(born or "")
    except ValueError as exc:
        raise InvalidInput("Give the date of birth as day/month/year.", "date_of_birth") from exc
    if day > today or day.year < today.year - OLDEST_AGE:
        raise InvalidInput(
            f"Check the date of birth ({uk_date(day.isoformat())}).", "date_of_birth"
        )
    return {"given_name": given, "family_name": family, "date_of_birth": day.isoformat()}


def add_walk_in(
    store: Store,
    session_id: str,
    given_name: str,
    family_name: str,
    date_of_birth: str,
    author: str,
    phone: str | None = None,
    today: date | None = None,
) -> WalkInResult:
    """Add someone to the register who was not on it.

    The one client with this name and date of birth is ticked at once; otherwise the person is
    held for a coach to match (never matched on a name alone). Entering the same person twice
    on one register gives back the first entry.
    """
    today = today or date.today()
    person = _checked_walk_in(given_name, family_name, date_of_birth, today)
    with store.atomic():
        session = session_record(store, session_id)
        check_register_open(session, today)
        earlier = _same_walk_in(store, session_id, person)
        if earlier is not None:
            outcome = matching.MATCHED if earlier["client_id"] else matching.HOLD
            return WalkInResult(outcome, earlier["client_id"], earlier)
        born_then = records.select(
            store, "clients", "date_of_birth = ?", (person["date_of_birth"],)
        )
        found = matching.match(person, born_then)
        walk_in = {**person, "session_id": session_id, "phone": (phone or "").strip() or None}
        if found.outcome == matching.MATCHED and found.client_id is not None:
            set_present(store, session, found.client_id, True, author)
            walk_in.update(
                client_id=found.client_id,
                resolution=MATCHED_ON_ENTRY,
                resolved_on=today.isoformat(),
                resolved_by=author,
            )
        saved = writes.add(store, "register_walk_ins", walk_in, author)
    return WalkInResult(found.outcome, found.client_id, saved)


def _same_walk_in(store: Store, session_id: str, person: dict[str, str]) -> dict | None:
    for earlier in records.select(
        store,
        "register_walk_ins",
        "session_id = ? AND date_of_birth = ?",
        (session_id, person["date_of_birth"]),
    ):
        if matching.reason_for(person, earlier) == matching.SAME_NAME_AND_BIRTH:
            return earlier
    return None


@dataclass(frozen=True)
class HeldWalkIn:
    walk_in: dict[str, Any]
    session: SessionRow
    candidates: list[tuple[ClientHit, str]]  # (client, reason code), best first


def held_walk_ins(store: Store) -> list[HeldWalkIn]:
    """Walk-ins waiting for a coach, oldest session first, each with its possible clients."""
    held = list(
        records.select(store, "register_walk_ins", "resolved_on IS NULL ORDER BY created_at")
    )
    if not held:
        return []
    by_session = {s.id: s for s in sessions(store) if s.walk_ins_held}
    everyone = client_store.everyone(store)
    found = []
    for walk_in in held:
        result = matching.match(walk_in, everyone)
        people = names_and_births(store, {c.client_id for c in result.candidates})
        candidates = [
            (
                ClientHit(
                    c.client_id,
                    f"{people[c.client_id][0]} {people[c.client_id][1]}",
                    people[c.client_id][2],
                ),
                c.reason,
            )
            for c in result.candidates
        ]
        found.append(HeldWalkIn(walk_in, by_session[walk_in["session_id"]], candidates))
    found.sort(key=lambda h: (h.session.held_on, h.walk_in["family_name"].casefold()))
    return found


def held_walk_ins_count(store: Store) -> int:
    return group_store.held_walk_ins_count(store)


def _held(store: Store, walk_in_id: str) -> dict[str, Any]:
    walk_in = records.get(store, "register_walk_ins", walk_in_id)
    if walk_in is None:
        raise RecordNotFound("That walk-in is no longer in this database.")
    if walk_in["resolved_on"]:
        raise InvalidInput("That walk-in has already been dealt with.", "resolution")
    return walk_in


def match_walk_in(
    store: Store, walk_in_id: str, client_id: str, author: str, today: date | None = None
) -> dict[str, Any]:
    """A coach confirms who a held walk-in is: they are ticked on that session's register."""
    today = today or date.today()
    with store.atomic():
        walk_in = _held(store, walk_in_id)
        existing_client(store, client_id)
        set_present(store, session_record(store, walk_in["session_id"]), client_id, True, author)
        done = {
            **walk_in,
            "client_id": client_id,
            "resolution": MATCHED_BY_COACH,
            "resolved_on": today.isoformat(),
            "resolved_by": author,
        }
        return writes.change(store, "register_walk_ins", done, author)


def set_aside_walk_in(
    store: Store, walk_in_id: str, author: str, today: date | None = None
) -> dict[str, Any]:
    """Not a client (a guest or carer), or cannot be traced: kept on record, not attendance."""
    today = today or date.today()
    with store.atomic():
        walk_in = _held(store, walk_in_id)
        done = {
            **walk_in,
            "resolution": SET_ASIDE,
            "resolved_on": today.isoformat(),
            "resolved_by": author,
        }
        return writes.change(store, "register_walk_ins", done, author)
