"""Small queries the import, report and integrity services need."""

from __future__ import annotations

from .database import Store


def mdt_discussion_ids(store: Store) -> set[str]:
    return {
        row[0]
        for row in store.conn.execute(
            "SELECT json_extract(d.value, '$.id') FROM mdt_meetings, json_each(discussions) d"
        )
    }


def plan_ids_by_client(store: Store) -> dict[str, str]:
    return dict(store.conn.execute("SELECT client_id, id FROM plans"))


def client_ids_by_nhs_number(store: Store) -> dict[str, str]:
    return dict(
        store.conn.execute("SELECT nhs_number, id FROM clients WHERE nhs_number IS NOT NULL")
    )


def client_id_with_nhs_number(store: Store, digits: str) -> str | None:
    row = store.conn.execute("SELECT id FROM clients WHERE nhs_number = ?", (digits,)).fetchone()
    return row[0] if row else None


def risk_flag_covers(store: Store, client_id: str, on: str) -> bool:
    """A risk flag raised on or before ``on`` and not cleared before it."""
    return (
        store.conn.execute(
            "SELECT 1 FROM flags WHERE client_id = ? AND kind = 'risk' AND raised_on <= ? "
            "AND (cleared_on IS NULL OR cleared_on >= ?)",
            (client_id, on, on),
        ).fetchone()
        is not None
    )


def mark_demo(store: Store) -> None:
    store.conn.execute(
        "INSERT INTO settings (key, value) VALUES ('demo', '1') "
        "ON CONFLICT(key) DO UPDATE SET value = '1'"
    )


def log_export(store: Store, at: str, by: str, kind: str, subject: str, path_name: str) -> None:
    store.conn.execute(
        "INSERT INTO exports (exported_at, exported_by, kind, subject, path_name) "
        "VALUES (?, ?, ?, ?, ?)",
        (at, by, kind, subject, path_name),
    )


def clients_discharged_in(store: Store, month: str) -> list[str]:
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT DISTINCT client_id FROM discharges WHERE substr(discharged_on, 1, 7) = ? "
            "ORDER BY client_id",
            (month,),
        )
    ]


def pcn_names(store: Store) -> list[str]:
    rows = store.conn.execute("SELECT DISTINCT pcn FROM clients WHERE pcn IS NOT NULL")
    return sorted((r[0] for r in rows), key=str.casefold)


def foreign_key_problems(conn) -> list[str]:
    return [
        f"{row[0]} row {row[1]} refers to a missing {row[2]} record"
        for row in conn.execute("PRAGMA foreign_key_check")
    ]


def row_counts(conn, tables: tuple[str, ...]) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
