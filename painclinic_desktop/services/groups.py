"""Education module sessions and their registers, taken quickly on a shared laptop.

A session's register lists the clients booked onto it (and those who came to the last session
at the same venue) to tick as they arrive. Someone not listed is found on the caseload, or
added as a walk-in by name and date of birth (``services.walk_ins``).
Ticks are saved as they are made, so closing the laptop loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..core import register_matching as matching
from ..core.codes import MODULES
from ..core.errors import InvalidInput, RecordNotFound
from ..core.footsteps import modules
from ..core.referral_rules import parse_date, uk_date
from ..store import clients as client_store
from ..store import directory as directory_store
from ..store import groups as group_store
from ..store import records
from ..store.database import Store
from . import writes
from .client_record import existing_client


def module_titles() -> dict[str, str]:
    """{module code: title} in the service's order (``resources/modules.json``)."""
    return {m.code: m.title for m in modules()}


@dataclass(frozen=True)
class SessionRow:
    id: str
    module: str
    held_on: str
    venue: str | None
    facilitator: str | None
    attended: int
    booked: int  # bookings not cancelled
    walk_ins_held: int  # walk-ins waiting for a coach to match them


def sessions(store: Store, since: str | None = None, until: str | None = None) -> list[SessionRow]:
    """Sessions held (or planned) between two dates, latest first."""
    return [SessionRow(*row) for row in group_store.session_rows(store, since, until)]


def _checked_session(values: dict[str, Any]) -> dict[str, Any]:
    module = values.get("module")
    if module not in MODULES:
        raise InvalidInput("Choose the module.", "module")
    held_on = values.get("held_on") or ""
    try:
        date.fromisoformat(held_on)
    except ValueError as exc:
        raise InvalidInput("Give the date of the session as day/month/year.", "held_on") from exc
    venue = (values.get("venue") or "").strip()
    if not venue:
        raise InvalidInput("Say where the session is held.", "venue")
    facilitator = (values.get("facilitator") or "").strip()
    if not facilitator:
        raise InvalidInput("Say who runs the session.", "facilitator")
    return {"module": module, "held_on": held_on, "venue": venue, "facilitator": facilitator}


def create_session(store: Store, values: dict[str, Any], author: str) -> dict[str, Any]:
    """A session of a module (``module``, ``held_on``, ``venue``, ``facilitator``)."""
    return writes.add(
        store, "module_sessions", {**_checked_session(values), "attendees": []}, author
    )


def change_session(
    store: Store, session_id: str, values: dict[str, Any], author: str
) -> dict[str, Any]:
    with store.atomic():
        session = session_record(store, session_id)
        changed = {**session, **_checked_session({**session, **values})}
        return writes.change(store, "module_sessions", changed, author)


def session_record(store: Store, session_id: str) -> dict[str, Any]:
    session = records.get(store, "module_sessions", session_id)
    if session is None:
        raise RecordNotFound("That session is no longer in this database.")
    return session


def venues(store: Store) -> list[str]:
    """Places sessions have been held, most used first, then the directory's venues."""
    used = group_store.used_venues(store)
    listed = directory_store.venues(store)
    return list(dict.fromkeys(used + listed))


def facilitators(store: Store) -> list[str]:
    return group_store.facilitators(store)


# The register.


@dataclass(frozen=True)
class RegisterLine:
    client_id: str
    name: str
    date_of_birth: str
    booked: bool
    came_last_time: bool  # attended the previous Tier 2 session at this venue
    present: bool


@dataclass(frozen=True)
class Register:
    session: dict[str, Any]
    lines: list[RegisterLine]  # expected first, each part by family name
    walk_ins: list[dict[str, Any]]  # walk-ins added to this session (matched or held)


def register(store: Store, session_id: str) -> Register:
    session = session_record(store, session_id)
    present = set(session["attendees"])
    booked = group_store.booked_client_ids(store, session_id)
    last = _previous_at_venue(store, session)
    regulars = set(last["attendees"]) if last else set()
    wanted = present | booked | regulars
    people = names_and_births(store, wanted)
    lines = [
        RegisterLine(cid, f"{given} {family}", born, cid in booked, cid in regulars, cid in present)
        for cid, (given, family, born) in people.items()
    ]
    # Those expected (booked, or here already) first, then last time's group; by family name.
    lines.sort(
        key=lambda line: (
            not (line.booked or line.present),
            people[line.client_id][1].casefold(),
            line.name.casefold(),
        )
    )
    walk_ins = list(
        records.select(
            store, "register_walk_ins", "session_id = ? ORDER BY created_at", (session_id,)
        )
    )
    return Register(session, lines, walk_ins)


def _previous_at_venue(store: Store, session: dict[str, Any]) -> dict[str, Any] | None:
    """The last Tier 2 session at the same venue, for a Tier 2 session: a group often goes
    through the Tier 2 modules together. Understanding Pain is done once, so never."""
    if session["module"] == "understanding_pain":
        return None
    return next(
        records.select(
            store,
            "module_sessions",
            "lower(trim(venue)) = lower(trim(?)) AND held_on < ? "
            "AND module != 'understanding_pain' ORDER BY held_on DESC LIMIT 1",
            (session["venue"] or "", session["held_on"]),
        ),
        None,
    )


def names_and_births(store: Store, client_ids: set[str]) -> dict[str, tuple[str, str, str]]:
    return client_store.names_and_births(store, client_ids)


def check_register_open(session: dict[str, Any], today: date) -> None:
    if session["held_on"] > today.isoformat():
        raise InvalidInput(
            f"This session is on {uk_date(session['held_on'])}: its register is taken on the day.",
            "held_on",
        )


def mark_attendance(
    store: Store,
    session_id: str,
    client_id: str,
    present: bool,
    author: str,
    today: date | None = None,
) -> dict[str, Any]:
    """Tick (or untick) a client on the register; saved at once."""
    today = today or date.today()
    with store.atomic():
        session = session_record(store, session_id)
        check_register_open(session, today)
        existing_client(store, client_id)
        return set_present(store, session, client_id, present, author)


def set_present(
    store: Store, session: dict[str, Any], client_id: str, present: bool, author: str
) -> dict[str, Any]:
    """Write ``client_id`` on or off ``session``'s attendees, unchecked: call inside
    ``store.atomic()`` with ``session`` read in the same transaction."""
    attendees = [c for c in session["attendees"] if c != client_id]
    if present:
        attendees.append(client_id)
    if attendees == session["attendees"]:
        return session
    return writes.change(store, "module_sessions", {**session, "attendees": attendees}, author)


def book(store: Store, session_id: str, client_id: str, author: str) -> dict[str, Any]:
    """Expect a client at a session: their name is then on its register to tick."""
    with store.atomic():
        session_record(store, session_id)
        existing_client(store, client_id)
        existing = next(
            records.select(
                store,
                "module_bookings",
                "session_id = ? AND client_id = ?",
                (session_id, client_id),
            ),
            None,
        )
        if existing is None:
            booking = {"session_id": session_id, "client_id": client_id}
            return writes.add(store, "module_bookings", booking, author)
        if existing["cancelled_on"] is None:
            return existing
        return writes.change(store, "module_bookings", {**existing, "cancelled_on": None}, author)


def cancel_booking(
    store: Store, session_id: str, client_id: str, author: str, today: date | None = None
) -> None:
    today = today or date.today()
    with store.atomic():
        for booking in records.select(
            store,
            "module_bookings",
            "session_id = ? AND client_id = ? AND cancelled_on IS NULL",
            (session_id, client_id),
        ):
            writes.change(
                store, "module_bookings", {**booking, "cancelled_on": today.isoformat()}, author
            )


def upcoming_bookings(store: Store, client_id: str, today: date | None = None) -> list[SessionRow]:
    """Sessions from today on that the client is booked onto."""
    today = today or date.today()
    rows = group_store.booked_session_rows(store, client_id, today.isoformat())
    return [SessionRow(*row) for row in rows]


@dataclass(frozen=True)
class ClientHit:
    client_id: str
    name: str
    date_of_birth: str
    keys: tuple[str, ...] = field(default=(), compare=False, repr=False)  # squashed names


def client_index(store: Store) -> list[ClientHit]:
    """Every client's name and date of birth, ready to search as someone types."""
    rows = client_store.index_rows(store)
    return [
        ClientHit(
            cid,
            f"{given} {family}",
            born,
            tuple(matching.squash(n) for n in f"{given} {family}".split()),
        )
        for cid, given, family, born in rows
    ]


def search_index(index: list[ClientHit], text: str, limit: int = 12) -> list[ClientHit]:
    """Clients matching every word typed: the start of one of their names, or their date of
    birth (written 12/04/1961 or 1961-04-12)."""
    wanted = [w for w in (_word(w) for w in text.split()) if w]
    if not wanted:
        return []
    hits = []
    for hit in index:
        if all(w == hit.date_of_birth or any(k.startswith(w) for k in hit.keys) for w in wanted):
            hits.append(hit)
            if len(hits) >= limit:
                break
    return hits


def find_clients(store: Store, text: str, limit: int = 12) -> list[ClientHit]:
    return search_index(client_index(store), text, limit)


def _word(text: str) -> str:
    """A typed word as compared: a date becomes ISO, a name is squashed."""
    if any(c.isdigit() for c in text):
        iso, _ = parse_date(text, "date_of_birth")
        return iso or text
    return matching.squash(text)
