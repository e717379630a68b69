"""Referral intake and triage: find the client (never a duplicate), record the referral, decide.

Every write goes through ``services.writes`` so authorship is applied in one place; writes
that belong together (a new client and their referral; a decision and the coach assigned)
commit together.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..core import nhs_number
from ..core import pathway_rules as pathway
from ..core.caseload import age_on
from ..core.errors import InvalidInput, RecordNotFound
from ..core.permissions import VIEW_CLINICAL
from ..core.referral_rules import LABELS, check_values, person_key
from ..store import records
from ..store import referrals as queries
from ..store.caseload import client_records
from ..store.database import Store
from . import session, writes
from .client_record import existing_client
from .imd import with_decile_from_postcode
from .users import caseload_holders

SAME_NHS_NUMBER = "nhs_number"
SAME_NAME_AND_BIRTH = "name_and_birth"
SIMILAR_NAME_SAME_BIRTH = "similar"  # same family name and birth date, same initial


@dataclass(frozen=True)
class PossibleDuplicate:
    client: dict[str, Any]
    reason: str  # one of the three above


class DuplicateClient(InvalidInput):
    """A new client would duplicate one (or more) already in the database."""

    def __init__(self, matches: list[PossibleDuplicate]):
        self.matches = matches
        super().__init__(
            "This person may already be a client: "
            f"{len(matches)} possible match(es). Choose the existing client, or "
            "confirm that this is a different person.",
            "nhs_number",
        )


def find_duplicates(
    store: Store,
    nhs: str | None = None,
    given_name: str | None = None,
    family_name: str | None = None,
    born: str | None = None,
    similar: bool = True,
) -> list[PossibleDuplicate]:
    """Clients who may be this person: the same NHS number, or the same name and date of
    birth; with ``similar``, also the same family name, birth date and first initial."""
    found: dict[str, PossibleDuplicate] = {}
    digits = nhs_number.normalise(nhs or "")
    if digits:
        for c in records.select(store, "clients", "nhs_number = ?", (digits,)):
            found[c["id"]] = PossibleDuplicate(c, SAME_NHS_NUMBER)
    if born:
        family, given, _ = person_key(given_name, family_name, born)
        for c in records.select(store, "clients", "date_of_birth = ?", (born,)):
            their_family, their_given, _ = person_key(c["given_name"], c["family_name"], born)
            if c["id"] in found or their_family != family:
                continue
            if their_given == given:
                found[c["id"]] = PossibleDuplicate(c, SAME_NAME_AND_BIRTH)
            elif similar and given and their_given[:1] == given[:1]:
                found[c["id"]] = PossibleDuplicate(c, SIMILAR_NAME_SAME_BIRTH)
    return list(found.values())


def _checked(values: dict[str, Any], today: date, client_fields: bool) -> tuple[dict, dict]:
    checked = check_values(values, {}, today)
    issues = [
        i
        for i in checked.issues
        if client_fields or i.field in ("received_on", "source", "referrer_name", "reason")
    ]
    if issues:
        raise InvalidInput(
            "; ".join(f"{LABELS[i.field]}: {i.reason}" for i in issues),
            issues[0].field,
            problems=[(i.field, i.reason) for i in issues],
        )
    return checked.client, checked.referral


def add_referral(
    store: Store,
    values: dict[str, Any],
    author: str,
    *,
    client_id: str | None = None,
    not_a_duplicate: bool = False,
    resolves_held: str | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Record a pending referral from the intake form's ``values`` ({field: text}).

    With ``client_id`` the referral is for that existing client (a re-referral re-opens the
    record once accepted). Otherwise a new client is created — unless someone with the same
    NHS number, or the same name and date of birth, is already a client: then
    ``DuplicateClient`` lists them, and only ``not_a_duplicate`` (a person has looked and
    confirmed a different person) goes ahead. A same NHS number is never overridden.
    """
    today = today or date.today()
    _refuse_health_details_from_partner(values)
    if client_id is not None:
        client = existing_client(store, client_id)
        _, referral = _checked({**client, **values}, today, client_fields=False)
    else:
        client, referral = _checked(values, today, client_fields=True)
        _refuse_duplicates(store, client, not_a_duplicate)
        client = with_decile_from_postcode(store, client)
    with store.atomic():
        if client_id is None:
            client = writes.add(store, "clients", client, author)
        saved = writes.add(store, "referrals", {**referral, "client_id": client["id"]}, author)
        if resolves_held is not None:
            resolve_held(store, resolves_held, "imported", author, referral_id=saved["id"])
    return saved


HEALTH_DETAILS_NOT_KEPT = (
    "The reason for a referral and who referred are health details, and a community "
    "partner's laptop never keeps health details: leave them blank, and a coach asks the "
    "person at triage. Nothing was saved."
)


def _refuse_health_details_from_partner(values: dict[str, Any]) -> None:
    """Said plainly rather than dropped: a partner's laptop would otherwise save the referral
    without the words they typed, and no one would ever read them."""
    if session.can(VIEW_CLINICAL):
        return
    if any(str(values.get(k) or "").strip() for k in ("reason", "referrer_name")):
        raise InvalidInput(HEALTH_DETAILS_NOT_KEPT)


def _refuse_duplicates(store: Store, client: dict, not_a_duplicate: bool) -> None:
    matches = find_duplicates(
        store,
        client["nhs_number"],
        client["given_name"],
        client["family_name"],
        client["date_of_birth"],
        similar=False,
    )
    same_number = [m for m in matches if m.reason == SAME_NHS_NUMBER]
    if same_number or (matches and not not_a_duplicate):
        raise DuplicateClient(matches)


def triage(
    store: Store,
    referral_id: str,
    decision: str,
    author: str,
    *,
    on: str | date | None = None,
    note: str | None = None,
    coach: str | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Accept, decline (with the reason) or signpost elsewhere (saying where) a pending referral.

    Accepting opens the client (or re-opens them after a discharge) and may assign a coach;
    an open client's tier is carried over so a further referral never resets it.
    """
    today = today or date.today()
    referral = records.get(store, "referrals", referral_id)
    if referral is None:
        raise RecordNotFound("That referral is no longer in this database.")
    on_iso = pathway.iso(on or today)
    episode = pathway.episode_of(client_records(store, referral["client_id"]))
    pathway.check_triage(referral, decision, on_iso, note, episode, today)
    decided = {
        **referral,
        "outcome": decision,
        "outcome_on": on_iso,
        "decline_reason": (note or "").strip() or None,
    }
    with store.atomic():
        saved = writes.change(store, "referrals", decided, author)
        if decision == "accepted":
            carried = pathway.carried_tier(episode, referral)
            if carried is not None:
                writes.add(store, "tier_changes", carried, author)
            if coach:
                client = records.get(store, "clients", referral["client_id"])
                if client is not None:
                    changed = {**client, "assigned_staff": coach}
                    writes.change(store, "clients", changed, author)
    return saved


@dataclass(frozen=True)
class PendingReferral:
    referral: dict[str, Any]
    name: str
    nhs_number: str  # display form, or ""
    date_of_birth: str
    age: int | None
    days_waiting: int
    assigned_staff: str | None
    episode: pathway.Episode  # where the client is now (open, discharged, new…)
    referred_before: bool  # the client has an earlier referral


def pending_referrals(store: Store, today: date | None = None) -> list[PendingReferral]:
    """Referrals awaiting triage, longest waiting first."""
    today = today or date.today()
    rows = queries.pending_rows(store)
    wanted = [r[0] for r in rows]
    by_id = (
        {
            r["id"]: r
            for r in records.select(
                store, "referrals", f"id IN ({','.join('?' * len(wanted))})", wanted
            )
        }
        if wanted
        else {}
    )
    histories = _pathway_records(store, {r["client_id"] for r in by_id.values()})
    found = []
    for ref_id, given, family, nhs, born, staff in rows:
        referral = by_id[ref_id]
        history = histories[referral["client_id"]]
        waited = (today - date.fromisoformat(referral["received_on"])).days
        found.append(
            PendingReferral(
                referral,
                f"{given} {family}",
                nhs_number.formatted(nhs),
                born,
                age_on(born, today),
                waited,
                staff,
                pathway.episode_of(history),
                any(r["received_on"] < referral["received_on"] for r in history["referrals"]),
            )
        )
    return found


def _pathway_records(store: Store, client_ids: set[str]) -> dict[str, dict[str, list]]:
    """Referrals, discharges and tier changes of a few clients, fetched by client id."""
    found: dict[str, dict[str, list]] = {
        c: {"referrals": [], "discharges": [], "tier_changes": []} for c in client_ids
    }
    wanted = sorted(client_ids)
    for start in range(0, len(wanted), 500):  # SQLite limits the number of parameters
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for collection in ("referrals", "discharges", "tier_changes"):
            for r in records.select(store, collection, f"client_id IN ({marks})", chunk):
                found[r["client_id"]][collection].append(r)
    return found


def staff_names(store: Store) -> list[str]:
    """Names a referral can be assigned to: everyone who holds a caseload now, and every
    switched-on account that writes clinical records (a new service's first coaches)."""
    names = set(queries.assigned_staff(store)) | set(caseload_holders(store))
    return sorted((n for n in names if n.strip()), key=str.casefold)


# Rows of a referral file held back for correction.


@dataclass(frozen=True)
class HeldRow:
    id: str
    file_name: str
    row_number: int
    values: dict[str, str]  # {field: text as it was in the file}
    problems: list[dict[str, str]]  # [{column, field, reason}]
    held_on: str
    held_by: str | None


def held_rows(store: Store) -> list[HeldRow]:
    """Rows still waiting for correction, file by file, in row order."""
    found = records.select(
        store,
        "referral_rows_held",
        "resolved_on IS NULL ORDER BY file_name, created_at, row_number",
    )
    return [
        HeldRow(
            r["id"],
            r["file_name"],
            r["row_number"],
            json.loads(r["values_json"]),
            json.loads(r["problems_json"]),
            (r["created_at"] or "")[:10],
            r["author"],
        )
        for r in found
    ]


def resolve_held(
    store: Store, held_id: str, resolution: str, author: str, referral_id: str | None = None
) -> None:
    """Mark a held row done: ``imported`` (corrected in the intake form) or ``set_aside``."""
    if resolution not in ("imported", "set_aside"):
        raise InvalidInput(f"'{resolution}' is not a way to resolve a held row.", "resolution")
    row = records.get(store, "referral_rows_held", held_id)
    if row is None or row["resolved_on"]:
        raise InvalidInput("That row has already been dealt with.", "resolution")
    done = {
        **row,
        "resolved_on": date.today().isoformat(),
        "resolved_by": author,
        "resolution": resolution,
        "referral_id": referral_id,
    }
    writes.change(store, "referral_rows_held", done, author)
