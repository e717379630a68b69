"""The community directory, signposting clients to its services, and personal-budget spend.

Anyone who may edit the directory (community partners too) adds and changes services here.
Signposting and spend belong to a client's support and are written by the coach or social
prescriber; the store keeps signposting from roles without clinical access.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core import community_rules as rules
from ..core.errors import InvalidInput, RecordNotFound
from ..store import directory as directory_store
from ..store import records
from ..store.database import Store
from . import writes
from .client_record import existing_client


def services(store: Store) -> list[dict[str, Any]]:
    """Every listed service, by name."""
    return list(records.select(store, "community_services", "1 ORDER BY name COLLATE NOCASE"))


def save_service(
    store: Store, values: dict[str, Any], author: str, service_id: str | None = None
) -> dict[str, Any]:
    """Add a service (``service_id`` None) or change one; the same name at the same venue is
    refused as a second listing."""
    checked = rules.checked_service(values)
    with store.atomic():
        for other in services(store):
            if other["id"] != service_id and rules.same_service(other, checked):
                raise InvalidInput(
                    f"'{other['name']}' at this venue is already in the "
                    "directory: change that listing instead.",
                    "name",
                )
        if service_id is None:
            return writes.add(store, "community_services", checked, author)
        existing = records.get(store, "community_services", service_id)
        if existing is None:
            raise RecordNotFound("That service is no longer in the directory.")
        return writes.change(store, "community_services", {**existing, **checked}, author)


def languages(store: Store) -> list[str]:
    """Languages any listed service offers, alphabetically."""
    return sorted((name for name in directory_store.languages(store) if name), key=str.casefold)


# Signposting.


@dataclass(frozen=True)
class SignpostingRow:
    record: dict[str, Any]
    service_name: str
    category: str
    status: str | None
    since: str | None  # the date of the current status

    @property
    def is_open(self) -> bool:
        return rules.is_open(self.record["history"])


def client_signposting(store: Store, client_id: str) -> list[SignpostingRow]:
    """The client's signposting, open ones first, then by the date of the latest step."""
    listed = {s["id"]: s for s in services(store)}
    found = []
    for record in records.select(store, "signposting", "client_id = ?", (client_id,)):
        history = record["history"]
        service = listed.get(record["service_id"], {})
        found.append(
            SignpostingRow(
                record,
                service.get("name") or "?",
                service.get("category") or "other",
                rules.current_status(history),
                history[-1]["on"] if history else None,
            )
        )
    open_rows = sorted((r for r in found if r.is_open), key=lambda r: r.since or "", reverse=True)
    ended = sorted((r for r in found if not r.is_open), key=lambda r: r.since or "", reverse=True)
    return open_rows + ended


def signpost(
    store: Store,
    client_id: str,
    service_id: str,
    status: str,
    on: str,
    author: str,
    today: date | None = None,
) -> dict[str, Any]:
    """Signpost a client to a service: its history starts with ``status`` on ``on``."""
    today = today or date.today()
    with store.atomic():
        existing_client(store, client_id)
        if records.get(store, "community_services", service_id) is None:
            raise RecordNotFound("That service is no longer in the directory.")
        for earlier in records.select(
            store, "signposting", "client_id = ? AND service_id = ?", (client_id, service_id)
        ):
            if rules.is_open(earlier["history"]):
                raise InvalidInput(
                    "The client is already signposted to this service: move "
                    "that signposting on instead.",
                    "service_id",
                )
        step = rules.next_step([], status, on, today)
        record = {"client_id": client_id, "service_id": service_id, "history": [step]}
        return writes.add(store, "signposting", record, author)


def move_signposting(
    store: Store, signposting_id: str, status: str, on: str, author: str, today: date | None = None
) -> dict[str, Any]:
    """Add the next status (with its date) to a signposting's history; earlier steps stay."""
    today = today or date.today()
    with store.atomic():
        record = records.get(store, "signposting", signposting_id)
        if record is None:
            raise RecordNotFound("That signposting is no longer in this database.")
        step = rules.next_step(record["history"], status, on, today)
        return writes.change(
            store, "signposting", {**record, "history": record["history"] + [step]}, author
        )


# Personal-budget spend.


@dataclass(frozen=True)
class Spend:
    records: list[dict[str, Any]]  # latest first
    total_pence: int


def client_spend(store: Store, client_id: str) -> Spend:
    found = list(
        records.select(
            store,
            "personal_budget_spend",
            "client_id = ? ORDER BY spent_on DESC, created_at DESC",
            (client_id,),
        )
    )
    return Spend(found, sum(r["amount_pence"] for r in found))


def record_spend(
    store: Store, client_id: str, values: dict[str, Any], author: str, today: date | None = None
) -> dict[str, Any]:
    """Money spent from the client's personal budget: ``amount`` (pounds, as typed),
    ``purpose``, ``spent_on`` and optionally the ``service_id`` it paid for."""
    spend = rules.checked_spend(values, today or date.today())
    with store.atomic():
        existing_client(store, client_id)
        if (
            spend["service_id"]
            and records.get(store, "community_services", spend["service_id"]) is None
        ):
            raise RecordNotFound("That service is no longer in the directory.")
        return writes.add(store, "personal_budget_spend", {**spend, "client_id": client_id}, author)


def correct_spend(
    store: Store, spend_id: str, values: dict[str, Any], author: str, today: date | None = None
) -> dict[str, Any]:
    """Correct a spend entered wrongly (the audit trail keeps that it was changed)."""
    spend = rules.checked_spend(values, today or date.today())
    with store.atomic():
        existing = records.get(store, "personal_budget_spend", spend_id)
        if existing is None:
            raise RecordNotFound("That spend is no longer in this database.")
        return writes.change(store, "personal_budget_spend", {**existing, **spend}, author)


def client_details(store: Store, client_id: str) -> dict[str, Any] | None:
    """The client's stored record (name, date of birth…), for the heading of every form."""
    return records.get(store, "clients", client_id)
