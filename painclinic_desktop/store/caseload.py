"""The caseload in one pass: one row per client with what the caseload table shows.

Each aggregate is computed once per table with GROUP BY (indexed by client), not per client,
so 50,000 clients with a million contacts load in one query.
"""

from __future__ import annotations

from typing import Any

from .database import Store

_CASELOAD_SQL = """
WITH latest_referral AS (
    SELECT client_id, outcome, received_on FROM (
        SELECT client_id, outcome, received_on,
               row_number() OVER (PARTITION BY client_id ORDER BY received_on DESC, id DESC) AS n
        FROM referrals WHERE {only})
    WHERE n = 1
), accepted AS (
    SELECT client_id, max(received_on) AS received_on FROM referrals
    WHERE outcome = 'accepted' AND {only} GROUP BY client_id
), last_discharge AS (
    SELECT client_id, max(discharged_on) AS discharged_on FROM discharges WHERE {only} GROUP BY client_id
), tier AS (
    SELECT client_id, tier, changed_on FROM (
        SELECT client_id, tier, changed_on,
               row_number() OVER (PARTITION BY client_id ORDER BY changed_on DESC, id DESC) AS n
        FROM tier_changes WHERE {only})
    WHERE n = 1
), last_contact AS (
    SELECT client_id, max(starts_at) AS starts_at FROM contacts
    WHERE outcome = 'attended' AND {only} GROUP BY client_id
), next_review AS (
    SELECT client_id, min(target_on) AS target_on FROM goals
    WHERE target_on IS NOT NULL AND {only}
      AND coalesce(json_extract(reviews, '$[#-1].status'), 'not_started')
          IN ('not_started', 'in_progress')
    GROUP BY client_id
), open_flags AS (
    SELECT client_id, group_concat(DISTINCT kind) AS kinds FROM flags
    WHERE cleared_on IS NULL AND {only} GROUP BY client_id
)
SELECT c.id, c.given_name, c.family_name, c.nhs_number, c.date_of_birth, c.assigned_staff,
       c.gp_practice_name, c.pcn,
       lr.outcome AS latest_referral_outcome, lr.received_on AS latest_referral_on,
       a.received_on AS accepted_on, d.discharged_on, t.tier, t.changed_on AS tier_changed_on,
       lc.starts_at AS last_contact_at, nr.target_on AS next_review_on, f.kinds AS flags
FROM clients c
LEFT JOIN latest_referral lr ON lr.client_id = c.id
LEFT JOIN accepted a ON a.client_id = c.id
LEFT JOIN last_discharge d ON d.client_id = c.id
LEFT JOIN tier t ON t.client_id = c.id
LEFT JOIN last_contact lc ON lc.client_id = c.id
LEFT JOIN next_review nr ON nr.client_id = c.id
LEFT JOIN open_flags f ON f.client_id = c.id
"""


def caseload_rows(store: Store, client_id: str | None = None) -> list[dict[str, Any]]:
    # One client: every aggregate is limited to that client, not computed for all and filtered.
    only = "client_id = :client" if client_id else "1 = 1"
    sql = _CASELOAD_SQL.format(only=only) + (" WHERE c.id = :client" if client_id else "")
    cursor = store.conn.execute(sql, {"client": client_id} if client_id else {})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor]


def client_records(store: Store, client_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every record that belongs to one client, bundle-shaped, for the record page."""
    from . import records

    found: dict[str, list[dict[str, Any]]] = {}
    for collection, order in (
        ("referrals", "received_on"), ("tier_changes", "changed_on"),
        ("discharges", "discharged_on"), ("flags", "raised_on"), ("contacts", "starts_at"),
        ("assessments", "administered_on"), ("plans", "id"), ("goals", "set_on"),
        ("igro_stars", "id"), ("signposting", "id"),
    ):
        found[collection] = list(
            records.select(store, collection, f"client_id = ? ORDER BY {order}", (client_id,))
        )
    found["module_sessions"] = list(records.select(
        store, "module_sessions",
        "id IN (SELECT m.id FROM module_sessions m, json_each(m.attendees) a WHERE a.value = ?)"
        " ORDER BY held_on", (client_id,)))
    return found
