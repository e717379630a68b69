"""A client's medicines and their OME; the service's conversion table.

The app records and calculates; it never prescribes. Every OME it shows comes with the
table it was worked out with (MEDICATION.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..core import medication as rules
from ..core.errors import RecordNotFound
from ..core.ome import OmeTable, RegimenOme, default_table, load_table, table_from_text
from ..core.pathway_rules import iso
from ..core.permissions import MANAGE_USERS
from ..store import audit as audit_store
from ..store import records
from ..store.database import Store
from ..store.snapshot import read_collection
from . import session, writes
from .audit import record as audit_record
from .client_record import existing_client

TABLE_SETTING = "ome_table"


# -- the conversion table -----------------------------------------------------------------


def service_table(store: Store) -> OmeTable:
    """The table the service approved, or the shipped UK table."""
    text = store.setting(TABLE_SETTING)
    return table_from_text(text, "the service's OME table") if text else default_table()


def use_service_table(store: Store, path: Path) -> OmeTable:
    """Replace the table with one the service's medicines-management team approved (admin)."""
    session.require(MANAGE_USERS)
    table = load_table(path)  # refused whole, with the reason, before anything changes
    text = Path(path).read_text(encoding="utf-8")
    with store.atomic():
        store.set_setting(TABLE_SETTING, text)
        audit_record(
            store,
            audit_store.UPDATE,
            "settings",
            TABLE_SETTING,
            detail=f"OME conversion table now: {table.label}",
        )
    return table


def use_default_table(store: Store) -> OmeTable:
    session.require(MANAGE_USERS)
    table = default_table()
    with store.atomic():
        store.set_setting(TABLE_SETTING, "")
        audit_record(
            store,
            audit_store.UPDATE,
            "settings",
            TABLE_SETTING,
            detail=f"OME conversion table now: {table.label}",
        )
    return table


# -- a client's medicines -------------------------------------------------------------------


def items(store: Store, client_id: str) -> list[dict[str, Any]]:
    """Every item ever recorded for the client (stopped ones too), oldest first."""
    return list(
        records.select(
            store, "medication_items", "client_id = ? ORDER BY started_on, created_at", (client_id,)
        )
    )


def add_item(
    store: Store,
    client_id: str,
    item: dict[str, Any],
    author: str,
    *,
    today: date | None = None,
) -> dict[str, Any]:
    today = today or date.today()
    existing_client(store, client_id)
    record = rules.check_item(
        {**item, "client_id": client_id, "recorded_by": item.get("recorded_by") or author},
        service_table(store),
        today,
    )
    record.pop("id", None)
    return writes.add(store, "medication_items", record, author)


def _item(store: Store, item_id: str) -> dict[str, Any]:
    found = records.get(store, "medication_items", item_id)
    if found is None:
        raise RecordNotFound("That medicine is no longer in this record.")
    return found


def stop_item(
    store: Store,
    item_id: str,
    author: str,
    *,
    on: str | date | None = None,
    why: str | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    today = today or date.today()
    changed = rules.stopped(_item(store, item_id), iso(on or today), why, today)
    return writes.change(store, "medication_items", changed, author)


def change_dose(
    store: Store,
    item_id: str,
    new: dict[str, Any],
    author: str,
    *,
    on: str | date | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The old dose stops on ``on`` and the new one starts that day: both kept."""
    today = today or date.today()
    on_iso = iso(on or today)
    old = _item(store, item_id)
    keep = ("drug", "name", "route", "source", "note")
    fresh = {k: old.get(k) for k in keep} | new
    fresh |= {"started_on": on_iso, "replaces": old["id"], "stopped_on": None}
    record = rules.check_item(
        {**fresh, "client_id": old["client_id"], "recorded_by": author},
        service_table(store),
        today,
    )
    with store.atomic():
        writes.change(
            store, "medication_items", rules.stopped(old, on_iso, "dose changed", today), author
        )
        return writes.add(store, "medication_items", record, author)


def confirm_unchanged(store: Store, client_id: str, author: str, today: date | None = None) -> int:
    """Every current item confirmed still taken as recorded today; how many."""
    today = today or date.today()
    current = rules.regimen_on(items(store, client_id), today)
    with store.atomic():
        for item in current:
            writes.change(
                store, "medication_items", {**item, "checked_on": today.isoformat()}, author
            )
    return len(current)


@dataclass(frozen=True)
class Regimen:
    """What the record page, the GP summary and the caseload show about current medicines."""

    on: str
    items: list[dict[str, Any]]
    ome: RegimenOme | None  # None: no opioid from the table
    table: OmeTable
    last_confirmed: str | None
    stale: bool

    @property
    def flagged(self) -> bool:
        """High dose (≥ 120 mg/day) or an incomplete total."""
        return self.ome is not None and self.ome.high_dose


def regimen(
    store: Store, client_id: str, today: date | None = None, table: OmeTable | None = None
) -> Regimen:
    today = today or date.today()
    return regimen_from(items(store, client_id), table or service_table(store), today)


def regimen_from(all_items: list[dict[str, Any]], table: OmeTable, today: date) -> Regimen:
    current = rules.regimen_on(all_items, today)
    return Regimen(
        on=today.isoformat(),
        items=current,
        ome=rules.regimen_ome_of(current, table),
        table=table,
        last_confirmed=rules.last_confirmed(current),
        stale=rules.is_stale(current, today),
    )


def flagged_clients(
    store: Store, client_ids: list[str] | None = None, today: date | None = None
) -> set[str]:
    """Clients whose current opioids are high dose or incomplete (a derived flag: it comes
    and goes with the regimen, and a role that may not read medicines never sees it)."""
    today_iso = (today or date.today()).isoformat()
    where = "drug IS NOT NULL AND started_on <= ? AND (stopped_on IS NULL OR stopped_on > ?)"
    params: list[Any] = [today_iso, today_iso]
    if client_ids is not None:
        if not client_ids:
            return set()
        where += f" AND client_id IN ({', '.join('?' for _ in client_ids)})"
        params += client_ids
    by_client: dict[str, list[dict[str, Any]]] = {}
    # Only the columns the OME reads (12,000 regimens on a whole service's laptop).
    for item in read_collection(store, "medication_items", _OME_COLUMNS, where, tuple(params)):
        by_client.setdefault(item["client_id"], []).append(item)
    if not by_client:
        return set()
    table = service_table(store)
    flagged = set()
    high: dict[tuple, bool] = {}  # many clients take the same regimen: each judged once
    for client_id, current in by_client.items():
        regimen = tuple(tuple(item[name] for name in _OME_COLUMNS[1:]) for item in current)
        if regimen not in high:
            result = rules.regimen_ome_of(current, table)
            high[regimen] = result is not None and result.high_dose
        if high[regimen]:
            flagged.add(client_id)
    return flagged


_OME_COLUMNS = ("client_id", "drug", "route", "dose", "times_per_day")
