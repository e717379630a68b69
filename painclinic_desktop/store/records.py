"""Reading and writing bundle-shaped records: one table per collection, lists kept as JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from .database import Store

JSON_LISTS = {
    "footsteps", "components", "items", "focus_footsteps", "resources_given", "reviews",
    "arms", "ratings", "languages", "history", "attendees", "discussions",
}
JSON_OBJECTS = {"setback_plan"}
BOOLEANS = {"interpreter_needed", "carer_present"}


def to_row(record: dict[str, Any]) -> dict[str, Any]:
    row = {}
    for name, value in record.items():
        if name in JSON_LISTS or name in JSON_OBJECTS:
            value = None if value is None else json.dumps(value, ensure_ascii=False)
        elif name in BOOLEANS and value is not None:
            value = int(value)
        row[name] = value
    return row


def from_row(row: dict[str, Any]) -> dict[str, Any]:
    record = {}
    for name, value in row.items():
        if name in JSON_LISTS:
            value = json.loads(value) if value else []
        elif name in JSON_OBJECTS:
            value = json.loads(value) if value else None
        elif name in BOOLEANS and value is not None:
            value = bool(value)
        record[name] = value
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


def ids(store: Store, collection: str) -> set[str]:
    return {r[0] for r in store.conn.execute(f"SELECT id FROM {collection}")}


def insert_many(store: Store, collection: str, records: list[dict[str, Any]]) -> None:
    """Insert new records (call inside ``store.atomic()``)."""
    if not records:
        return
    columns = store.columns(collection)
    sql = (
        f"INSERT INTO {collection} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    rows = (to_row(r) for r in records)
    store.conn.executemany(sql, ([row.get(c) for c in columns] for row in rows))


def replace(store: Store, collection: str, record: dict[str, Any]) -> None:
    """Overwrite a record whole (call inside ``store.atomic()``)."""
    columns = [c for c in store.columns(collection) if c != "id"]
    row = to_row(record)
    assignments = ", ".join(f"{c} = ?" for c in columns)
    store.conn.execute(
        f"UPDATE {collection} SET {assignments} WHERE id = ?",
        [row.get(c) for c in columns] + [record["id"]],
    )


def complete(store: Store, collection: str, record: dict[str, Any]) -> dict[str, Any]:
    """The record as it reads back from the store: every column present, lists defaulted."""
    return from_row({c: to_row(record).get(c) for c in store.columns(collection)})
