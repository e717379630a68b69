"""The laptop's side of sync: the outbox and the tables around it (migration 0009).

The one write path: every synced table has triggers that write an outbox entry — the record
before and after the change — in the same transaction as the change, whichever code made it
(a screen, the command line, a bundle import). They record only while ``sync_recording`` is
1, which is never true while pulled changes are applied (``applying``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..core.sync_rules import SYNCED

if TYPE_CHECKING:  # the migration that makes these tables imports this module
    from .connection import Connection
    from .database import Store

# A random version-4 UUID made in SQL: the mutation id of each entry.
_UUID = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || "
    "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || "
    "'-' || lower(hex(randomblob(6)))"
)
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
_RECORDING = "(SELECT recording FROM sync_recording) = 1"


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _json(row: str, columns: list[str]) -> str:
    return "json_object(" + ", ".join(f"'{c}', {row}.\"{c}\"" for c in columns) + ")"


def trigger_names(table: str) -> tuple[str, str, str]:
    return (
        f"sync_outbox_{table}_insert",
        f"sync_outbox_{table}_update",
        f"sync_outbox_{table}_delete",
    )


def install_triggers(conn: sqlite3.Connection, tables: tuple[str, ...] = SYNCED) -> None:
    """(Re)make the outbox triggers of every synced table for its current columns. A later
    migration that adds a column (or makes a table again) calls this for its tables. A synced
    table a later migration makes is skipped until that migration creates it and calls this
    again."""
    for table in tables:
        columns = _columns(conn, table)
        if not columns:
            continue
        new, old = _json("NEW", columns), _json("OLD", columns)
        insert, update, delete = trigger_names(table)
        for name in (insert, update, delete):
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        entry = (
            "INSERT INTO sync_outbox (mutation_id, collection, record_id, op, before, after, "
            "made_at) VALUES ({uuid}, '{table}', {rid}, '{op}', {before}, {after}, {now});"
        )
        conn.execute(
            f"CREATE TRIGGER {insert} AFTER INSERT ON {table} WHEN {_RECORDING} BEGIN "
            + entry.format(
                uuid=_UUID, table=table, rid="NEW.id", op="upsert", before="NULL", after=new,
                now=_NOW,
            )
            + " END"
        )  # fmt: skip
        conn.execute(
            f"CREATE TRIGGER {update} AFTER UPDATE ON {table} "
            f"WHEN {_RECORDING} AND {old} IS NOT {new} BEGIN "
            + entry.format(
                uuid=_UUID, table=table, rid="NEW.id", op="upsert", before=old, after=new,
                now=_NOW,
            )
            + " END"
        )  # fmt: skip
        conn.execute(
            f"CREATE TRIGGER {delete} AFTER DELETE ON {table} WHEN {_RECORDING} BEGIN "
            + entry.format(
                uuid=_UUID, table=table, rid="OLD.id", op="delete", before=old, after="NULL",
                now=_NOW,
            )
            + " END"
        )  # fmt: skip


# -- recording ------------------------------------------------------------------------


def is_recording(store: Store) -> bool:
    return store.conn.execute("SELECT recording FROM sync_recording").fetchone()[0] == 1


def start_recording(store: Store) -> int:
    """Record from now on, and queue every record already held (call inside a transaction):
    moving from a separate laptop to the hub loses nothing. Queued inside SQLite, table by
    table, so a caseload of any size is never held in this process's memory."""
    queued = 0
    if is_recording(store):
        return queued
    now = _now()
    for table in SYNCED:
        columns = _columns(store.conn, table)
        if not columns:
            continue
        queued += store.conn.execute(
            "INSERT INTO sync_outbox (mutation_id, collection, record_id, op, before, after, "
            f"made_at) SELECT {_UUID}, ?, id, 'upsert', NULL, {_json(table, columns)}, ? "
            f"FROM {table}",
            (table, now),
        ).rowcount
    store.conn.execute("UPDATE sync_recording SET recording = 1")
    return queued


@contextmanager
def applying(store: Store) -> Iterator[None]:
    """Inside a transaction: changes made here came from the hub and are not recorded."""
    store.conn.execute("UPDATE sync_recording SET recording = 0")
    try:
        yield
    finally:
        store.conn.execute("UPDATE sync_recording SET recording = 1")


# -- the outbox -----------------------------------------------------------------------


def pending(store: Store, limit: int) -> list[dict[str, Any]]:
    """The oldest ``limit`` entries, each with the hub version of its record this laptop
    last saw (``base``), read in one query."""
    cursor = store.conn.execute(
        "SELECT o.seq, o.mutation_id, o.collection, o.record_id, o.op, o.before, o.after, "
        "o.made_at, o.resolves, v.version AS base FROM sync_outbox o "
        "LEFT JOIN sync_versions v ON v.collection = o.collection AND v.record_id = o.record_id "
        "ORDER BY o.seq LIMIT ?",
        (limit,),
    )
    names = [d[0] for d in cursor.description]
    out = []
    loads = json.loads
    for values in cursor:
        entry = dict(zip(names, values, strict=True))
        for name in ("before", "after", "resolves"):
            entry[name] = loads(entry[name]) if entry[name] else None
        out.append(entry)
    return out


def _as_records(value: str, names: list[str]) -> str:
    """SQL making an outbox row's JSON (``value``: the row as stored, lists as text) into
    the record as ``records.from_row`` reads it: lists and objects as JSON, flags as
    booleans. Only the keys ``names`` that are present are touched, as ``from_row`` does."""
    from .records import BOOLEANS, JSON_LISTS

    parts = []
    for name in names:
        raw = f"({value} ->> '$.{name}')"
        if name in BOOLEANS:  # bool(value): a text is true unless empty
            made = (
                f"CASE WHEN {raw} IS NULL THEN NULL WHEN typeof({raw}) = 'text' "
                f"THEN iif({raw} <> '', json('true'), json('false')) "
                f"WHEN {raw} THEN json('true') ELSE json('false') END"
            )
        else:  # json.loads(value) if value else [] (a list) or None (an object)
            empty = "json('[]')" if name in JSON_LISTS else "NULL"
            made = f"CASE WHEN coalesce({raw}, '') = '' THEN {empty} ELSE json({raw}) END"
        parts.append(f"'$.{name}', {made}")
    return f"json_replace({value}, {', '.join(parts)})" if parts else f"json({value})"


def _converted(store: Store, value: str) -> str:
    """``_as_records`` for each synced collection with only its own converted columns (the
    outbox triggers write a table's current columns); every converted name elsewhere."""
    from .records import BOOLEANS, JSON_LISTS, JSON_OBJECTS

    every = sorted(JSON_LISTS | JSON_OBJECTS | BOOLEANS)
    cases = []
    for table in SYNCED:
        columns = set(_columns(store.conn, table))
        names = [c for c in every if c in columns]
        cases.append(f"WHEN '{table}' THEN {_as_records(value, names)}")
    return f"CASE o.collection {' '.join(cases)} ELSE {_as_records(value, every)} END"


def wire_query(store: Store) -> str:
    """The query of ``pending_on_the_wire`` for this database's tables (made once a push)."""
    return (
        "SELECT o.seq, o.mutation_id, o.collection, o.record_id, o.op, o.made_at, "
        "json_object('mutation_id', o.mutation_id, 'collection', o.collection, "
        "'record_id', o.record_id, 'op', o.op, 'base', v.version, "
        "'before', CASE WHEN coalesce(o.before, '') IN ('', '{}') THEN NULL "
        f"ELSE {_converted(store, 'o.before')} END, "
        "'after', CASE WHEN coalesce(o.after, '') IN ('', '{}') THEN NULL "
        f"ELSE {_converted(store, 'o.after')} END, "
        "'author', CASE WHEN coalesce(o.after, '') NOT IN ('', '{}') "
        "THEN o.after -> '$.author' WHEN coalesce(o.before, '') NOT IN ('', '{}') "
        "THEN o.before -> '$.author' END, "
        "'made_at', o.made_at, "
        "'resolves', CASE WHEN coalesce(o.resolves, '') IN ('', 'null') THEN json('[]') "
        "ELSE json(o.resolves) END) "
        "FROM sync_outbox o LEFT JOIN sync_versions v "
        "ON v.collection = o.collection AND v.record_id = o.record_id "
        "WHERE o.seq > ? ORDER BY o.seq LIMIT ?"
    )


def pending_on_the_wire(
    store: Store, limit: int, query: str | None = None, after_seq: int = 0
) -> tuple[list[dict[str, Any]], list[str]]:
    """The oldest ``limit`` entries after ``after_seq``: each entry's names (seq,
    mutation_id, collection, record_id, op, made_at), and each entry as the hub takes it,
    as JSON text made by SQLite (the same as ``services.sync._wire`` makes from
    ``pending``; a test compares them), so a page is never decoded and encoded again."""
    entries, wire = [], []
    for seq, mutation_id, collection, record_id, op, made_at, text in store.conn.execute(
        query or wire_query(store), (after_seq, limit)
    ):
        entries.append(
            {
                "seq": seq,
                "mutation_id": mutation_id,
                "collection": collection,
                "record_id": record_id,
                "op": op,
                "made_at": made_at,
            }
        )
        wire.append(text)
    return entries, wire


def waiting(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM sync_outbox").fetchone()[0]


def waiting_for(store: Store, collection: str, record_ids: list[str]) -> dict[str, list[dict]]:
    """Pending entries of these records, by record id, oldest first."""
    found: dict[str, list[dict]] = {}
    for start in range(0, len(record_ids), 500):
        chunk = record_ids[start : start + 500]
        cursor = store.conn.execute(
            "SELECT record_id, before, after, op FROM sync_outbox WHERE collection = ? "
            f"AND record_id IN ({', '.join('?' for _ in chunk)}) ORDER BY seq",
            (collection, *chunk),
        )
        for rid, before, after, op in cursor:
            found.setdefault(rid, []).append(
                {
                    "before": json.loads(before) if before else None,
                    "after": json.loads(after) if after else None,
                    "op": op,
                }
            )
    return found


def done(store: Store, mutation_ids: list[str]) -> None:
    store.conn.executemany(
        "DELETE FROM sync_outbox WHERE mutation_id = ?", [(m,) for m in mutation_ids]
    )


def refuse_waiting(store: Store, mutation_id: str, kind: str, reason: str) -> None:
    """Move an entry the hub refused out of the way, kept whole to be shown (read from
    the outbox as it stands)."""
    store.conn.execute(
        "INSERT OR REPLACE INTO sync_refused (mutation_id, kind, collection, record_id, op, "
        "before, after, made_at, reason, refused_at) SELECT mutation_id, ?, collection, "
        "record_id, op, before, after, made_at, ?, ? FROM sync_outbox WHERE mutation_id = ?",
        (kind, reason, _now(), mutation_id),
    )
    done(store, [mutation_id])


def refuse(store: Store, entry: dict[str, Any], kind: str, reason: str) -> None:
    """Move an entry the hub refused out of the way, kept whole to be shown."""
    store.conn.execute(
        "INSERT OR REPLACE INTO sync_refused (mutation_id, kind, collection, record_id, op, "
        "before, after, made_at, reason, refused_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            entry["mutation_id"],
            kind,
            entry["collection"],
            entry["record_id"],
            entry["op"],
            _dump(entry["before"]),
            _dump(entry["after"]),
            entry["made_at"],
            reason,
            _now(),
        ),
    )
    done(store, [entry["mutation_id"]])


def refused(store: Store) -> list[dict[str, Any]]:
    cursor = store.conn.execute(
        "SELECT mutation_id, kind, collection, record_id, op, reason, made_at, refused_at "
        "FROM sync_refused ORDER BY refused_at"
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor]


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


# -- state, versions, conflicts --------------------------------------------------------


def state(store: Store, key: str, default: str | None = None) -> str | None:
    row = store.conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def set_state(store: Store, key: str, value: str | None) -> None:
    store.conn.execute(
        "INSERT INTO sync_state (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def set_version(store: Store, collection: str, record_id: str, version: int) -> None:
    store.conn.execute(
        "INSERT INTO sync_versions (collection, record_id, version) VALUES (?, ?, ?) "
        "ON CONFLICT(collection, record_id) DO UPDATE SET version = excluded.version",
        (collection, record_id, version),
    )


def set_versions(store: Store, collection: str, versions: list[tuple[str, int]]) -> None:
    store.conn.executemany(
        "INSERT INTO sync_versions (collection, record_id, version) VALUES (?, ?, ?) "
        "ON CONFLICT(collection, record_id) DO UPDATE SET version = excluded.version",
        [(collection, rid, v) for rid, v in versions],
    )


def set_many_versions(store: Store, versions: dict[tuple[str, str], int]) -> None:
    store.conn.executemany(
        "INSERT INTO sync_versions (collection, record_id, version) VALUES (?, ?, ?) "
        "ON CONFLICT(collection, record_id) DO UPDATE SET version = excluded.version",
        [(collection, rid, v) for (collection, rid), v in versions.items()],
    )


def version(store: Store, collection: str, record_id: str) -> int | None:
    row = store.conn.execute(
        "SELECT version FROM sync_versions WHERE collection = ? AND record_id = ?",
        (collection, record_id),
    ).fetchone()
    return row[0] if row else None


def keep_conflict(store: Store, conflict: dict[str, Any]) -> None:
    """A clash, both values kept (a hub conflict by its hub id; a local one by its own)."""
    store.conn.execute(
        "INSERT INTO sync_conflicts (id, hub_id, source, collection, record_id, field, "
        "live_value, other_value, live_author, other_author, live_at, other_at, found_at, "
        "resolved_at) VALUES (:id, :hub_id, :source, :collection, :record_id, :field, "
        ":live_value, :other_value, :live_author, :other_author, :live_at, :other_at, "
        ":found_at, :resolved_at) ON CONFLICT(id) DO UPDATE SET "
        "resolved_at = excluded.resolved_at, live_value = excluded.live_value, "
        "other_value = excluded.other_value",
        {
            "hub_id": None,
            "resolved_at": None,
            "live_author": None,
            "other_author": None,
            "live_at": None,
            "other_at": None,
            "found_at": _now(),
            **conflict,
            "live_value": _dump(conflict.get("live_value")),
            "other_value": _dump(conflict.get("other_value")),
        },
    )


def open_conflicts(store: Store) -> list[dict[str, Any]]:
    cursor = store.conn.execute(
        "SELECT id, hub_id, source, collection, record_id, field, live_value, other_value, "
        "live_author, other_author, live_at, other_at FROM sync_conflicts "
        "WHERE resolved_at IS NULL ORDER BY found_at, id"
    )
    names = [d[0] for d in cursor.description]
    out = []
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        for name in ("live_value", "other_value"):
            row[name] = json.loads(row[name]) if row[name] is not None else None
        out.append(row)
    return out


def audit_rows_after(store: Store, seq: int, limit: int) -> list[dict[str, Any]]:
    cursor = store.conn.execute(
        "SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit)
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor]


# -- applying what the hub sends (inside ``applying``) ---------------------------------


def put_pulled(
    store: Store, collection: str, pulled: list[dict[str, Any]], hidden: frozenset = frozenset()
) -> int:
    """Write records as the hub has them; return how many were new or different here.
    Upserts, not replaces: update triggers (a contact's kept note versions) still run.
    Columns ``hidden`` from this laptop's role are never written (the hub sends none)."""
    from .records import completer, get_many, row_values

    columns = tuple(c for c in store.columns(collection) if (collection, c) not in hidden)
    held = get_many(store, collection, [r["id"] for r in pulled])
    as_read = completer(store, collection)
    wanted = [as_read({c: r.get(c) for c in columns}) for r in pulled]
    changed = [w for w in wanted if held.get(w["id"]) != w]
    if changed:
        others = [c for c in columns if c != "id"]
        store.conn.executemany(
            f"INSERT INTO {collection} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)}) ON CONFLICT(id) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in others),
            map(row_values(columns), changed),
        )
    return len(changed)


def remove_pulled(store: Store, collection: str, record_id: str) -> bool:
    return store.conn.execute(f"DELETE FROM {collection} WHERE id = ?", (record_id,)).rowcount > 0


def next_note_version(store: Store, contact_id: str) -> int:
    row = store.conn.execute(
        "SELECT coalesce(max(version), 0) + 1 FROM contact_note_versions WHERE contact_id = ?",
        (contact_id,),
    ).fetchone()
    return row[0]


def note_version_taken(store: Store, record: dict[str, Any]) -> bool:
    """Another laptop's version with the same number as one already here (two amendments
    of one note made apart): it is kept under the next free number."""
    row = store.conn.execute(
        "SELECT id FROM contact_note_versions WHERE contact_id = ? AND version = ?",
        (record.get("contact_id"), record.get("version")),
    ).fetchone()
    return row is not None and row[0] != record["id"]


def defer_references(store: Store) -> None:
    """Within this transaction, references are checked at commit: a page of pulled changes
    may hold a child before its parent."""
    store.conn.execute("PRAGMA defer_foreign_keys = ON")


def purge_clinical(store: Store, tables: list[str], columns: list[tuple[str, str]]) -> None:
    """What a role without clinical access may no longer hold on this laptop."""
    for table in tables:
        store.conn.execute(f"DELETE FROM {table}")
    for table, column in columns:
        store.conn.execute(f"UPDATE {table} SET {column} = NULL")


def forget_local_conflicts(store: Store, collection: str, record_id: str, field: str) -> None:
    """A clash this laptop foresaw, now recorded by the hub for everyone."""
    store.conn.execute(
        "DELETE FROM sync_conflicts WHERE source = 'local' AND collection = ? "
        "AND record_id = ? AND field = ?",
        (collection, record_id, field),
    )


@contextmanager
def references_checked_at_the_end(store: Store) -> Iterator[None]:
    """Outside a transaction: references are not checked while pulled pages are applied
    (the hub's change order may put a parent after its children, pages later)."""
    store.conn.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        store.conn.execute("PRAGMA foreign_keys = ON")


def missing_references(store: Store, records: dict[str, set[str]] | None = None) -> int:
    """Synced records pointing at a record this laptop does not hold: all of them, or only
    those among ``records`` (collection -> ids) or pointing at one of them."""
    if records is None:
        return sum(1 for r in store.conn.execute("PRAGMA foreign_key_check") if r[0] in SYNCED)
    missing = 0
    for table in SYNCED:
        own = json.dumps(sorted(records.get(table, ())))
        for reference in store.conn.execute(f"PRAGMA foreign_key_list({table})").fetchall():
            parent, column, key = reference[2], reference[3], reference[4] or "id"
            if table not in records and parent not in records:
                continue
            missing += store.conn.execute(
                f'SELECT count(*) FROM {table} c WHERE c."{column}" IS NOT NULL'
                f' AND (c.id IN (SELECT value FROM json_each(?)) OR c."{column}" IN'
                " (SELECT value FROM json_each(?)))"
                f' AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p."{key}" = c."{column}")',
                (own, json.dumps(sorted(records.get(parent, ())))),
            ).fetchone()[0]
    return missing


# -- a large first fetch ------------------------------------------------------------------

INDEXES_SET_ASIDE = "indexes_set_aside"  # sync_state: the CREATE statements to make again


def reads_everything(conn: sqlite3.Connection) -> bool:
    """Whether this connection's role reads every table and column: only then may it build
    an index again (a restricted connection reads hidden columns as blank)."""
    from ..core.permissions import hidden_for

    tables, columns = hidden_for(getattr(conn, "role", None))
    return not tables and not columns


def set_aside_indexes(store: Store, tables: tuple[str, ...]) -> int:
    """Inside a transaction: drop the secondary indexes of ``tables`` made by migrations,
    remembering them in the same transaction, so that rows arrive without an index walk
    each; ``restore_indexes`` builds them again in one sort each. Unique indexes stay (they
    guard the data); so do SQLite's own (primary keys, UNIQUE columns)."""
    from .connection import allowing

    if not store.conn.in_transaction:
        raise RuntimeError("indexes are set aside inside a transaction")
    kept = json.loads(state(store, INDEXES_SET_ASIDE) or "[]")
    found = []
    for table in tables:
        found += store.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL AND upper(sql) NOT LIKE 'CREATE UNIQUE%' ORDER BY name",
            (table,),
        ).fetchall()
    with allowing(store.conn, "rebuilding_indexes"):
        for name, _sql in found:
            store.conn.execute(f'DROP INDEX "{name}"')
    set_state(store, INDEXES_SET_ASIDE, json.dumps(kept + [list(f) for f in found]))
    return len(found)


def has_indexes_set_aside(conn: sqlite3.Connection) -> bool:
    return _has_table(conn, "sync_state") and bool(
        conn.execute("SELECT value FROM sync_state WHERE key = ?", (INDEXES_SET_ASIDE,)).fetchone()
    )


def restore_indexes(conn: Connection) -> int:
    """Build again, in one transaction, every index a first fetch set aside (after the
    fetch, or on the next open or sync when the process was killed during it). Returns how
    many were made."""
    from .connection import allowing

    if not _has_table(conn, "sync_state") or not reads_everything(conn):
        return 0
    row = conn.execute(
        "SELECT value FROM sync_state WHERE key = ?", (INDEXES_SET_ASIDE,)
    ).fetchone()
    if not row or not row[0]:
        return 0
    made = 0
    started = not conn.in_transaction
    if started:
        conn.execute("BEGIN IMMEDIATE")
    try:
        with allowing(conn, "rebuilding_indexes"):
            for name, sql in json.loads(row[0]):
                if not conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
                ).fetchone():
                    conn.execute(sql)
                    made += 1
        conn.execute("DELETE FROM sync_state WHERE key = ?", (INDEXES_SET_ASIDE,))
        if started:
            conn.execute("COMMIT")
    except BaseException:
        if started and conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return made


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        is not None
    )


def refused_count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM sync_refused").fetchone()[0]


def open_conflict_count(store: Store) -> int:
    return store.conn.execute(
        "SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL"
    ).fetchone()[0]


def name_resolved(store: Store, collection: str, record_id: str, hub_ids: list[int]) -> None:
    """Inside the edit's transaction: its outbox entry names the clashes it settles."""
    store.conn.execute(
        "UPDATE sync_outbox SET resolves = ? WHERE seq = (SELECT max(seq) FROM sync_outbox "
        "WHERE collection = ? AND record_id = ?)",
        (json.dumps(hub_ids), collection, record_id),
    )


def settle_conflict(store: Store, conflict_id: str) -> None:
    store.conn.execute(
        "UPDATE sync_conflicts SET resolved_at = ? WHERE id = ?", (_now(), conflict_id)
    )


def client_name(store: Store, client_id: str) -> str | None:
    row = store.conn.execute(
        "SELECT given_name, family_name FROM clients WHERE id = ?", (client_id,)
    ).fetchone()
    return f"{row[0]} {row[1]}" if row else None


def note_changed_by(store: Store, changes: list[tuple[str, str, str]]) -> None:
    """Inside the page's transaction: who changed each pulled record last, and when
    (record id, hub login, time), for "changed by … at …" in the timeline."""
    store.conn.executemany(
        "INSERT INTO sync_state (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [(f"by:{rid}", json.dumps([login, at])) for rid, login, at in changes],
    )


def changed_by(store: Store, record_ids: list[str]) -> dict[str, tuple[str, str]]:
    """Record id → (hub login, time) of its last change pulled from someone else."""
    found: dict[str, tuple[str, str]] = {}
    keys = [f"by:{rid}" for rid in record_ids]
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        cursor = store.conn.execute(
            f"SELECT key, value FROM sync_state WHERE key IN ({', '.join('?' for _ in chunk)})",
            chunk,
        )
        for key, value in cursor:
            login, at = json.loads(value)
            found[key[3:]] = (login, at)
    return found
