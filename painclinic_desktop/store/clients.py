"""Reading clients' names, dates of birth and caseload holders, for lists and registers."""

from __future__ import annotations

from typing import Any

from .database import Store

_CHUNK = 500  # ids per query, well under SQLite's limit on bound parameters


def _chunks(client_ids: set[str]) -> list[list[str]]:
    wanted = list(client_ids)
    return [wanted[start : start + _CHUNK] for start in range(0, len(wanted), _CHUNK)]


def names_and_births(store: Store, client_ids: set[str]) -> dict[str, tuple[str, str, str]]:
    """{client id: (given name, family name, date of birth)} for the clients still here."""
    found: dict[str, tuple[str, str, str]] = {}
    for chunk in _chunks(client_ids):
        for cid, given, family, born in store.conn.execute(
            "SELECT id, given_name, family_name, date_of_birth FROM clients "
            f"WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            found[cid] = (given, family, born)
    return found


def full_names(store: Store, client_ids: set[str]) -> dict[str, str]:
    """{client id: "given family"} for the clients still here."""
    found: dict[str, str] = {}
    for chunk in _chunks(client_ids):
        for cid, given, family in store.conn.execute(
            "SELECT id, given_name, family_name FROM clients "
            f"WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            found[cid] = f"{given} {family}"
    return found


def index_rows(store: Store) -> list[tuple[str, str, str, str]]:
    """(id, given name, family name, date of birth) of every client, by family name."""
    return list(
        store.conn.execute(
            "SELECT id, given_name, family_name, date_of_birth FROM clients "
            "ORDER BY family_name COLLATE NOCASE, given_name COLLATE NOCASE"
        )
    )


def everyone(store: Store) -> list[dict[str, Any]]:
    """Every client's id, names and date of birth, as dicts, to match a person against."""
    return [
        {"id": cid, "given_name": g, "family_name": f, "date_of_birth": b}
        for cid, g, f, b in store.conn.execute(
            "SELECT id, given_name, family_name, date_of_birth FROM clients"
        )
    ]


def caseload_holders(store: Store) -> list[str]:
    """Staff holding a caseload (in no particular order)."""
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT DISTINCT assigned_staff FROM clients WHERE assigned_staff IS NOT NULL"
        )
    ]
