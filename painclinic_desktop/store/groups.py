"""Reading education module sessions, their bookings and walk-ins for lists and registers."""

from __future__ import annotations

from typing import Any

from .database import Store

# id, module, held_on, venue, facilitator, attended, booked, walk-ins held
_SESSIONS_SQL = """
SELECT s.id, s.module, s.held_on, s.venue, s.facilitator,
       coalesce(json_array_length(s.attendees), 0),
       (SELECT count(*) FROM module_bookings b
        WHERE b.session_id = s.id AND b.cancelled_on IS NULL),
       (SELECT count(*) FROM register_walk_ins w
        WHERE w.session_id = s.id AND w.resolved_on IS NULL)
FROM module_sessions s
"""


def session_rows(
    store: Store, since: str | None = None, until: str | None = None
) -> list[tuple[Any, ...]]:
    """Sessions held between two dates (either may be open), latest first."""
    where, params = [], []
    if since:
        where.append("s.held_on >= ?")
        params.append(since)
    if until:
        where.append("s.held_on <= ?")
        params.append(until)
    sql = _SESSIONS_SQL + (" WHERE " + " AND ".join(where) if where else "")
    return list(store.conn.execute(sql + " ORDER BY s.held_on DESC, s.id", params))


def booked_session_rows(store: Store, client_id: str, since: str) -> list[tuple[Any, ...]]:
    """Sessions from ``since`` on that the client is booked onto (not cancelled), soonest
    first."""
    return list(
        store.conn.execute(
            _SESSIONS_SQL + " JOIN module_bookings k ON k.session_id = s.id "
            "WHERE k.client_id = ? AND k.cancelled_on IS NULL AND s.held_on >= ? "
            "ORDER BY s.held_on",
            (client_id, since),
        )
    )


def used_venues(store: Store) -> list[str]:
    """Places sessions have been held, most used first."""
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT venue FROM module_sessions WHERE venue IS NOT NULL "
            "GROUP BY venue ORDER BY count(*) DESC, venue"
        )
    ]


def facilitators(store: Store) -> list[str]:
    """People who have run sessions, the most recent first."""
    rows = store.conn.execute(
        "SELECT facilitator FROM module_sessions WHERE facilitator IS NOT NULL "
        "GROUP BY facilitator ORDER BY max(held_on) DESC"
    )
    return [r[0] for r in rows]


def booked_client_ids(store: Store, session_id: str) -> set[str]:
    """Clients booked onto a session, bookings cancelled left out."""
    return {
        r[0]
        for r in store.conn.execute(
            "SELECT client_id FROM module_bookings WHERE session_id = ? AND cancelled_on IS NULL",
            (session_id,),
        )
    }


def held_walk_ins_count(store: Store) -> int:
    """Walk-ins waiting for a coach to match them."""
    return store.conn.execute(
        "SELECT count(*) FROM register_walk_ins WHERE resolved_on IS NULL"
    ).fetchone()[0]
