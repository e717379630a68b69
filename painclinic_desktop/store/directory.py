"""Reading facts across the community directory's services."""

from __future__ import annotations

from .database import Store


def languages(store: Store) -> list[str]:
    """Every language any listed service offers, in no particular order."""
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT DISTINCT l.value FROM community_services s, json_each(s.languages) l"
        )
    ]


def venues(store: Store) -> list[str]:
    """Venues of listed services, alphabetically."""
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT DISTINCT venue FROM community_services WHERE venue IS NOT NULL ORDER BY venue"
        )
    ]
