"""Reading and writing bundle-shaped records: one table per collection, lists kept as JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .database import Store

JSON_LISTS = {
    "footsteps",
    "components",
    "items",
    "focus_footsteps",
    "resources_given",
    "reviews",
    "arms",
    "ratings",
    "languages",
    "history",
    "attendees",
    "discussions",
    "sessions",
    "attended_sessions",
    "staff_hours",
    "steps",
    "events",
    "session_ids",
}
JSON_OBJECTS = {"setback_plan", "answers", "band_rates", "follow_up_strategies"}
BOOLEANS = {"interpreter_needed", "carer_present", "prior_resources"}
# One encoder for every write: json.dumps with an option builds a new encoder per call, and
# sharing one makes encoding a third faster on a bundle's worth of lists. Same text out.
_to_json = json.JSONEncoder(ensure_ascii=False).encode
# Ids per query when reading many records by id (below SQLite's bound-parameter limit).
_IDS_PER_QUERY = 500


def to_row(record: dict[str, Any]) -> dict[str, Any]:
    row = {}
    for name, value in record.items():
        if name in JSON_LISTS or name in JSON_OBJECTS:
            value = None if value is None else _to_json(value)
        elif name in BOOLEANS and value is not None:
            value = int(value)
        row[name] = value
    return row


def _json_list(value: Any) -> Any:
    return json.loads(value) if value else []


def _json_object(value: Any) -> Any:
    return json.loads(value) if value else None


def _boolean(value: Any) -> Any:
    return value if value is None else bool(value)


_READ = {
    **{name: _json_list for name in JSON_LISTS},
    **{name: _json_object for name in JSON_OBJECTS},
    **{name: _boolean for name in BOOLEANS},
}
_CONVERTED = frozenset(_READ)


def from_row(row: dict[str, Any]) -> dict[str, Any]:
    record = dict(row)
    for name in _CONVERTED.intersection(row):  # most columns are read as they are
        record[name] = _READ[name](record[name])
    return record


def select(
    store: Store, collection: str, where: str | None = None, params: Iterable[Any] = ()
) -> Iterator[dict[str, Any]]:
    sql = f"SELECT * FROM {collection}" + (f" WHERE {where}" if where else "")
    cursor = store.conn.execute(sql, tuple(params))
    names = [d[0] for d in cursor.description]
    for values in cursor:
        yield from_row(dict(zip(names, values, strict=True)))


def get(store: Store, collection: str, record_id: str) -> dict[str, Any] | None:
    return next(select(store, collection, "id = ?", (record_id,)), None)


def get_many(store: Store, collection: str, record_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The stored records with these ids, by id (ids not stored are simply absent)."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(record_ids), _IDS_PER_QUERY):
        chunk = record_ids[start : start + _IDS_PER_QUERY]
        where = f"id IN ({', '.join('?' for _ in chunk)})"
        found.update((r["id"], r) for r in select(store, collection, where, chunk))
    return found


def ids(store: Store, collection: str) -> set[str]:
    return {r[0] for r in store.conn.execute(f"SELECT id FROM {collection}")}


def row_values(columns: tuple[str, ...]) -> Callable[[dict[str, Any]], list[Any]]:
    """A function giving a record's column values in ``columns`` order, as ``to_row`` would
    store them; planned once per table so a bulk write does no per-field lookups."""
    to_json = [i for i, c in enumerate(columns) if c in JSON_LISTS or c in JSON_OBJECTS]
    to_int = [i for i, c in enumerate(columns) if c in BOOLEANS]

    def values(record: dict[str, Any]) -> list[Any]:
        get = record.get
        row = [get(c) for c in columns]
        for i in to_json:
            if row[i] is not None:
                row[i] = _to_json(row[i])
        for i in to_int:
            value = row[i]
            if value is not None:
                row[i] = int(value)
        return row

    return values


def insert_many(store: Store, collection: str, records: list[dict[str, Any]]) -> None:
    """Insert new records (call inside ``store.atomic()``)."""
    if not records:
        return
    columns = store.columns(collection)
    sql = (
        f"INSERT INTO {collection} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    store.conn.executemany(sql, map(row_values(columns), records))


def replace(store: Store, collection: str, record: dict[str, Any]) -> None:
    """Overwrite a record whole (call inside ``store.atomic()``)."""
    replace_many(store, collection, [record])


def replace_many(store: Store, collection: str, records: list[dict[str, Any]]) -> None:
    """Overwrite records whole (call inside ``store.atomic()``)."""
    if not records:
        return
    columns = tuple(c for c in store.columns(collection) if c != "id")
    assignments = ", ".join(f"{c} = ?" for c in columns)
    values = row_values((*columns, "id"))
    store.conn.executemany(
        f"UPDATE {collection} SET {assignments} WHERE id = ?", map(values, records)
    )


def completer(store: Store, collection: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """``complete`` for many records of one collection whose values came from JSON (a
    pulled page): the same result without writing each list out as text and reading it
    back (a JSON value reads back as itself)."""
    columns = store.columns(collection)
    lists = [c for c in columns if c in JSON_LISTS]
    flags = [c for c in columns if c in BOOLEANS]

    def as_read(record: dict[str, Any]) -> dict[str, Any]:
        get = record.get
        out = {c: get(c) for c in columns}
        for c in lists:
            if out[c] is None:
                out[c] = []
        for c in flags:
            flag = out[c]
            if flag is not None:
                out[c] = bool(int(flag))
        return out

    return as_read


def complete(store: Store, collection: str, record: dict[str, Any]) -> dict[str, Any]:
    """The record as it reads back from the store: every column present, lists defaulted."""
    row = to_row(record)
    return from_row({c: row.get(c) for c in store.columns(collection)})
