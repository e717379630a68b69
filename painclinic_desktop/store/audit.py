"""The audit trail: append-only rows, each hash-chained to the one before.

Rows carry ids and codes only (who, when, action, collection, record id, client id, a short
code-like detail), never names, NHS numbers or notes. ``append`` must run inside the same
transaction as the change it records, so a change never commits without its row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..core.audit_chain import FIELDS, GENESIS, parse_signature_detail, row_hash
from ..core.progress import UNWATCHED, Progress
from .connection import allowing
from .database import Store

# Actions (codes; the audit screen words them).
SIGN_IN = "sign_in"
SIGN_IN_FAILED = "sign_in_failed"
SIGN_OUT = "sign_out"
LOCK = "lock"
VIEW_RECORD = "view_record"
CREATE = "create"
UPDATE = "update"
EXPORT = "export"
PRINT = "print"
IMPORT = "import"
REPORT_EVERY = 2000  # rows hashed between progress reports
BACKUP = "backup"
RESTORE = "restore"
USER_MANAGEMENT = "user_management"
CHAIN_SIGNED = "chain_signed"  # the service signing key vouched for the trail so far
KEY_CHANGED = "signing_key_changed"  # detail: previous key, new key, the new key's word for it
ACTIONS = (
    SIGN_IN,
    SIGN_IN_FAILED,
    SIGN_OUT,
    LOCK,
    VIEW_RECORD,
    CREATE,
    UPDATE,
    EXPORT,
    PRINT,
    IMPORT,
    BACKUP,
    RESTORE,
    USER_MANAGEMENT,
    CHAIN_SIGNED,
    KEY_CHANGED,
)

TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")


@dataclass(frozen=True)
class Entry:
    actor: str
    action: str
    collection: str | None = None
    record_id: str | None = None
    client_id: str | None = None
    detail: str | None = None
    at: str | None = None  # now, unless the event happened earlier (failed sign-ins)


def now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def append(store: Store, entry: Entry) -> int:
    """Add one row (inside the caller's transaction); returns its sequence number."""
    if entry.action not in ACTIONS:
        raise ValueError(f"unknown audit action {entry.action!r}")
    with store.atomic():
        last = store.conn.execute(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        values = {
            "seq": seq,
            "at": entry.at or now(),
            "actor": entry.actor,
            "action": entry.action,
            "collection": entry.collection,
            "record_id": entry.record_id,
            "client_id": entry.client_id,
            "detail": entry.detail,
        }
        with allowing(store.conn, "appending_audit"):  # the one way rows get in
            store.conn.execute(
                f"INSERT INTO audit_log ({', '.join(FIELDS)}, prev_hash, hash) "
                f"VALUES ({', '.join('?' for _ in FIELDS)}, ?, ?)",
                [values[f] for f in FIELDS] + [prev, row_hash(prev, values)],
            )
    return seq


def head(store: Store) -> tuple[int, str] | None:
    """The newest row's number and hash."""
    row = store.conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else None


def hash_at(store: Store, seq: int) -> str | None:
    row = store.conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq,)).fetchone()
    return row[0] if row else None


def signatures(store: Store) -> list[tuple[int, int, str, str]]:
    """(row, signed row, signed hash, signature) of each signature of the trail, newest first."""
    rows = store.conn.execute(
        "SELECT seq, detail FROM audit_log WHERE action = ? ORDER BY seq DESC", (CHAIN_SIGNED,)
    )
    found = []
    for seq, detail in rows:
        parsed = parse_signature_detail(detail)
        if parsed:
            found.append((seq, *parsed))
    return found


def key_changes(store: Store) -> list[tuple[str, str, str]]:
    """(previous key, new key, the new key's signature over the previous), newest first."""
    rows = store.conn.execute(
        "SELECT detail FROM audit_log WHERE action = ? ORDER BY seq DESC", (KEY_CHANGED,)
    )
    found = []
    for (detail,) in rows:
        parts = (detail or "").split(" ")
        if len(parts) == 3:
            found.append((parts[0], parts[1], parts[2]))
    return found


def first_break(store: Store, after: int = 0) -> int | None:
    """The first row from which the chain does not hold (None when it holds throughout);
    with ``after``, checking only the rows that follow row ``after``."""
    expected_prev, expected_seq = GENESIS, 1
    if after:
        expected_prev, expected_seq = hash_at(store, after) or "", after + 1
    cursor = store.conn.execute(
        f"SELECT {', '.join(FIELDS)}, prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq",
        (after,),
    )
    for row in cursor:
        values = dict(zip(FIELDS, row[: len(FIELDS)], strict=True))
        prev, stored = row[-2], row[-1]
        if values["seq"] != expected_seq or prev != expected_prev:
            return min(values["seq"], expected_seq)
        if row_hash(prev, values) != stored:
            return values["seq"]
        expected_prev, expected_seq = stored, values["seq"] + 1
    return None


def verify(store: Store, progress: Progress = UNWATCHED) -> list[str]:
    """Every break in the chain, in plain words; an empty list when the trail is intact.
    ``progress`` hears every ``REPORT_EVERY`` rows (a trail of years holds hundreds of
    thousands) and may stop the check there."""
    problems = [
        f"the guard {name} that refuses changes is missing"
        for name in TRIGGERS
        if not store.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='trigger' AND name=?", (name,)
        ).fetchone()
    ]
    expected_prev, expected_seq = GENESIS, 1
    total = count(store) if progress is not UNWATCHED else 0
    cursor = store.conn.execute(
        f"SELECT {', '.join(FIELDS)}, prev_hash, hash FROM audit_log ORDER BY seq"
    )
    for done, row in enumerate(cursor):
        if done % REPORT_EVERY == 0:
            progress.report(done, total)
        values = dict(zip(FIELDS, row[: len(FIELDS)], strict=True))
        prev, stored = row[-2], row[-1]
        seq = values["seq"]
        if seq != expected_seq:
            problems.append(f"rows {expected_seq} to {seq - 1} are missing")
        if prev != expected_prev:
            problems.append(f"row {seq} does not follow on from the row before it")
        if row_hash(prev, values) != stored:
            problems.append(f"row {seq} has been changed since it was written")
        expected_prev, expected_seq = stored, seq + 1
    return problems


def count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def search(
    store: Store,
    actor: str | None = None,
    client_id: str | None = None,
    action: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 5000,
) -> list[dict[str, Any]]:
    """Rows newest first, filtered by who, which client, which action and a date range
    (``since``/``until`` are ISO dates, inclusive)."""
    where, params = [], []
    for column, value in (("actor", actor), ("client_id", client_id), ("action", action)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if since:
        where.append("substr(at, 1, 10) >= ?")
        params.append(since)
    if until:
        where.append("substr(at, 1, 10) <= ?")
        params.append(until)
    sql = f"SELECT {', '.join(FIELDS)} FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    cursor = store.conn.execute(sql + " ORDER BY seq DESC LIMIT ?", (*params, limit))
    return [dict(zip(FIELDS, row, strict=True)) for row in cursor]


def actors(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT DISTINCT actor FROM audit_log ORDER BY 1")]
