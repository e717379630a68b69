"""Caseload rows for the caseload screen and one client's record for the record page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ..core import caseload as rules
from ..core import nhs_number
from ..core.medication import HIGH_DOSE_FLAG
from ..store import caseload as queries
from ..store.database import Store
from .client_record import existing_client


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """What one line of the caseload table shows (codes; the UI words them)."""

    client_id: str
    name: str
    family_name: str
    nhs_number: str  # display form 3 3 4, or "" when unknown
    nhs_digits: str
    date_of_birth: str | None
    age: int | None
    tier: int | None
    status: str
    staff: str
    last_contact: str | None  # date part of the latest attended contact
    next_review: str | None
    flags: tuple[str, ...]
    search_key: str  # lower-case name in both orders, for type-ahead search


def to_caseload_row(raw: dict[str, Any], today: date) -> CaseloadRow:
    return _caseload_row(
        today,
        raw["id"],
        raw["given_name"],
        raw["family_name"],
        raw["nhs_number"],
        raw["date_of_birth"],
        raw["assigned_staff"],
        raw["latest_referral_outcome"],
        raw["latest_referral_on"],
        raw["accepted_on"],
        raw["discharged_on"],
        raw["tier"],
        raw["tier_changed_on"],
        raw["last_contact_at"],
        raw["next_review_on"],
        raw["flags"],
    )


def _caseload_row(
    today: date,
    client_id: str,
    given_name: str,
    family_name: str,
    number: str | None,
    date_of_birth: str | None,
    staff: str | None,
    referral_outcome: str | None,
    referred_on: str | None,
    accepted_on: str | None,
    discharged_on: str | None,
    tier: Any,
    tier_changed_on: str | None,
    last_contact_at: str | None,
    next_review_on: str | None,
    flags: str | None,
) -> CaseloadRow:
    number = number or ""
    name = f"{given_name} {family_name}"
    status = rules.status_of(referral_outcome, referred_on, accepted_on, discharged_on)
    return CaseloadRow(
        client_id=client_id,
        name=name,
        family_name=family_name,
        nhs_number=nhs_number.formatted(number),
        nhs_digits=number,
        date_of_birth=date_of_birth,
        age=rules.age_on(date_of_birth, today),
        tier=rules.tier_of(status, tier, tier_changed_on, accepted_on),
        status=status,
        staff=staff or "",
        last_contact=last_contact_at[:10] if last_contact_at else None,
        next_review=next_review_on,
        flags=tuple(sorted(flags.split(","))) if flags else (),
        search_key=f"{name} {family_name}, {given_name}".casefold(),
    )


def load_caseload(store: Store, today: date | None = None) -> list[CaseloadRow]:
    """Every client's row, in caseload name order (sorted here, off the GUI thread)."""
    today = today or date.today()
    rows = with_medication_flags(store, _whole_caseload(store, today), today)
    rows.sort(key=name_order)
    return rows


def _whole_caseload(store: Store, today: date) -> list[CaseloadRow]:
    """``to_caseload_row`` for everyone, made straight from the store's unmerged values (no
    dict per client: on a whole service's laptop there are 50,000)."""
    clients, found = queries.whole_caseload(store)
    referral, accepted = found["latest_referral"].get, found["accepted"].get
    discharge, tier = found["discharge"].get, found["tier"].get
    contact, review, flags = found["last_contact"].get, found["next_review"].get, found["flags"].get
    one, two = (None,), (None, None)
    rows = []
    # In the order of queries.CLIENT_COLUMNS.
    for client_id, given_name, family_name, number, born, staff, _gp, _pcn in clients:
        outcome, referred_on = referral(client_id) or two
        (accepted_on,) = accepted(client_id) or one
        (discharged_on,) = discharge(client_id) or one
        current_tier, tier_changed_on = tier(client_id) or two
        (last_contact_at,) = contact(client_id) or one
        (next_review_on,) = review(client_id) or one
        (kinds,) = flags(client_id) or one
        rows.append(
            _caseload_row(
                today,
                client_id,
                given_name,
                family_name,
                number,
                born,
                staff,
                outcome,
                referred_on,
                accepted_on,
                discharged_on,
                current_tier,
                tier_changed_on,
                last_contact_at,
                next_review_on,
                kinds,
            )  # fmt: skip
        )
    return rows


def caseload_of(
    store: Store, client_ids: list[str], today: date | None = None
) -> list[CaseloadRow]:
    """The caseload rows of these clients (those still in the database), read through the
    per-client indexes: after a sync changed a few clients, without re-reading everyone."""
    today = today or date.today()
    raw = queries.caseload_rows(store, client_ids=client_ids)
    return with_medication_flags(
        store, [to_caseload_row(r, today) for r in raw], today, whole_caseload=False
    )


def with_medication_flags(
    store: Store, rows: list[CaseloadRow], today: date, whole_caseload: bool = True
) -> list[CaseloadRow]:
    """The high-dose opioid flag, derived from each client's current regimen beside the
    flags raised by hand (a role that may not read medicines reads none, so sees none)."""
    from .medication import flagged_clients

    ids = None if whole_caseload else [r.client_id for r in rows]
    flagged = flagged_clients(store, ids, today)
    if not flagged:
        return rows
    return [
        replace(r, flags=tuple(sorted((*r.flags, HIGH_DOSE_FLAG)))) if r.client_id in flagged else r
        for r in rows
    ]


def name_order(row: CaseloadRow) -> tuple[str, str]:
    """The caseload's name order: family name, then the whole name, ignoring case."""
    return row.family_name.casefold(), row.name.casefold()


def first_screen(
    store: Store,
    shown: Callable[[CaseloadRow], bool],
    wanted: int = 40,
    descending: bool = False,
    today: date | None = None,
) -> list[CaseloadRow]:
    """The first ``wanted`` rows in name order that ``shown`` keeps (the screen's filters),
    read a page of clients at a time: the window has something to show in milliseconds
    while the whole caseload loads behind it. Fewer rows when the filters are so narrow that
    a few pages do not fill a screen (the whole caseload follows anyway)."""
    today = today or date.today()
    found: list[CaseloadRow] = []
    for page in range(_FIRST_SCREEN_PAGES):
        ids = queries.client_ids_by_name(store, page * _PAGE, _PAGE, descending)
        raw = queries.caseload_rows(store, client_ids=ids)
        order = {client_id: n for n, client_id in enumerate(ids)}
        raw.sort(key=lambda r: order[r["id"]])
        page_rows = [to_caseload_row(r, today) for r in raw]
        page_rows = with_medication_flags(store, page_rows, today, whole_caseload=False)
        found.extend(row for row in page_rows if shown(row))
        if len(found) >= wanted or len(ids) < _PAGE:
            break
    return found[:wanted]


_PAGE = 100
_FIRST_SCREEN_PAGES = 10


@dataclass
class ClientRecord:
    client: dict[str, Any]
    row: CaseloadRow
    records: dict[str, list[dict[str, Any]]]


def load_client_record(store: Store, client_id: str, today: date | None = None) -> ClientRecord:

    client = existing_client(store, client_id)
    raw = queries.caseload_rows(store, client_id)[0]
    today = today or date.today()
    row = with_medication_flags(store, [to_caseload_row(raw, today)], today, False)[0]
    return ClientRecord(client, row, queries.client_records(store, client_id))
