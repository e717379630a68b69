"""Pathway queries: the MDT discussions of a client and which ones a tier change applied."""

from __future__ import annotations

from .database import Store

_DISCUSSIONS = """
SELECT json_extract(d.value, '$.id'), m.held_on, json_extract(d.value, '$.decision'),
       json_extract(d.value, '$.note')
FROM mdt_meetings m, json_each(m.discussions) d
WHERE json_extract(d.value, '$.client_id') = ?
ORDER BY m.held_on DESC
"""


def applied_discussion_ids(store: Store, client_id: str) -> set[str]:
    """Ids of the client's MDT discussions that a tier change refers to."""
    return {
        r[0]
        for r in store.conn.execute(
            "SELECT mdt_discussion_id FROM tier_changes WHERE client_id = ? "
            "AND mdt_discussion_id IS NOT NULL",
            (client_id,),
        )
    }


def client_discussions(store: Store, client_id: str) -> list[tuple]:
    """(discussion id, meeting date, decision, note) of the client, latest meeting first."""
    return store.conn.execute(_DISCUSSIONS, (client_id,)).fetchall()
