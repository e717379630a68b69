"""Referral queries: the triage list, the staff who hold caseloads, and what a referral file
import checks its rows against."""

from __future__ import annotations

from .database import Store

_PENDING = """
SELECT r.id, c.given_name, c.family_name, c.nhs_number, c.date_of_birth, c.assigned_staff
FROM referrals r JOIN clients c ON c.id = r.client_id
WHERE r.outcome = 'pending' ORDER BY r.received_on, r.id
"""


def pending_rows(store: Store) -> list[tuple]:
    """(referral id, given name, family name, NHS number, birth date, assigned staff) of every
    pending referral, longest waiting first."""
    return store.conn.execute(_PENDING).fetchall()


def assigned_staff(store: Store) -> list[str]:
    """Every distinct ``assigned_staff`` value on a client (unsorted, may be blank)."""
    rows = store.conn.execute(
        "SELECT DISTINCT assigned_staff FROM clients WHERE assigned_staff IS NOT NULL"
    )
    return [r[0] for r in rows]


def clients_by_nhs_number(store: Store) -> dict[str, tuple[str, str | None]]:
    """{NHS number: (client id, date of birth)} for clients with a number."""
    return {
        n: (i, born)
        for i, n, born in store.conn.execute(
            "SELECT id, nhs_number, date_of_birth FROM clients WHERE nhs_number IS NOT NULL"
        )
    }


def client_names(store: Store) -> list[tuple]:
    """(id, given name, family name, date of birth) of every client."""
    return store.conn.execute(
        "SELECT id, given_name, family_name, date_of_birth FROM clients"
    ).fetchall()


def referral_keys(store: Store) -> set[tuple]:
    """(client id, received on, source) of every referral."""
    return set(store.conn.execute("SELECT client_id, received_on, source FROM referrals"))


def unresolved_held_rows(store: Store, file_name: str) -> set[tuple[int, str]]:
    """(row number, values JSON) of the file's held rows not yet dealt with."""
    return set(
        store.conn.execute(
            "SELECT row_number, values_json FROM referral_rows_held "
            "WHERE resolved_on IS NULL AND file_name = ?",
            (file_name,),
        )
    )
