"""Contact note queries: the versions kept of each note."""

from __future__ import annotations

from .database import Store


def last_note_version(store: Store, contact_id: str) -> int:
    """The highest version number kept of the contact's note (0 when none is kept)."""
    row = store.conn.execute(
        "SELECT max(version) FROM contact_note_versions WHERE contact_id = ?", (contact_id,)
    ).fetchone()
    return row[0] or 0


def amended_counts(store: Store, client_id: str) -> dict[str, int]:
    """{contact id: number of kept versions} for the client's contacts with more than one."""
    rows = store.conn.execute(
        "SELECT v.contact_id, count(*) FROM contact_note_versions v "
        "JOIN contacts c ON c.id = v.contact_id WHERE c.client_id = ? "
        "GROUP BY v.contact_id HAVING count(*) > 1",
        (client_id,),
    )
    return dict(rows.fetchall())
