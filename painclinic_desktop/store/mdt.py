"""Reading MDT meeting facts that are not whole records."""

from __future__ import annotations

from .database import Store


def attendee_names(store: Store) -> list[str]:
    """Everyone who has attended a meeting, the most frequent first."""
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT a.value FROM mdt_meetings m, json_each(m.attendees) a "
            "GROUP BY a.value ORDER BY count(*) DESC"
        )
    ]


def decision_applied(store: Store, discussion_id: str) -> bool:
    """Whether a tier change on the record was made by this discussion's decision."""
    return (
        store.conn.execute(
            "SELECT 1 FROM tier_changes WHERE mdt_discussion_id = ?", (discussion_id,)
        ).fetchone()
        is not None
    )
