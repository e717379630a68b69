"""A community partner's laptop never holds a clinical record.

Every key slot of a database opens its one data key, so a rule that only *reads* clinical
tables as empty for a partner is the app's promise, not a protection: the partner's password
and the project's own code would read every note. So the rule is about which database a slot
is in. A database that holds clinical records (a **clinical** database, the usual kind) never
holds a key slot for a role without clinical access. A community partner works in a
**community** database (setting ``database_kind``), which holds no clinical collection and no
clinical column: it is filled by the hub (which sends a partner's login none) or, without a
hub, by a **partner bundle** a coach or admin exports; the partner's registers come back to the
clinical database the same way.

A database made before this rule that holds partner accounts is split at the next admin
sign-in (``split_out_partners``): a community database is made beside it with the partners'
own key slots (sealed to their public keys, so their passwords still work) and the
non-clinical records, then the clinical database is given a new data key that their slots do
not hold. What was done is recorded in both audit trails and told to the admin.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..core import keyslots, nhs_number, permissions, signed_slots
from ..core.codes import OPTIONAL_COLLECTIONS
from ..core.errors import InvalidInput
from ..core.permissions import CLINICAL_COLUMNS, CLINICAL_TABLES, PARTNER_BUNDLE
from ..core.security_errors import DiskFull
from ..core.sync_rules import SYNCED
from ..store import accounts, audit, keys, records
from ..store.accounts import Account
from ..store.connection import keys_path
from ..store.database import Store, open_store
from . import key_change, session

KIND_SETTING = "database_kind"
COMMUNITY = "community"
# What a community database holds: every synced collection that is not clinical (registers'
# bookings and walk-ins included; staff training records are not the partner's), in an
# order where parents come before children.
COMMUNITY_TABLES = tuple(
    t for t in SYNCED if t not in CLINICAL_TABLES and t not in OPTIONAL_COLLECTIONS
)

PARTNER_NEEDS_OWN_DATABASE = (
    "A community partner never gets an account in a database that holds clinical records: "
    "every account's password opens the whole file, so the partner's would open the notes "
    "too. Give the partner their own community database instead: export a partner bundle "
    "here (no clinical record or column is in it; in the app: Admin ▸ Accounts ▸ Add, "
    "then “Export a partner bundle…”; on the command line: `painclinic export-bundle "
    "--partner FILE.json`), then on the partner's laptop `painclinic init --partner NAME` and "
    "`painclinic import FILE.json`. Their registers come back to you the same way. With a "
    "team hub, the partner joins the hub instead (`painclinic join`). Nothing was changed."
)


class PartnerNeedsOwnDatabase(InvalidInput):
    """A partner account was asked for in a clinical database."""


def is_community(store: Store) -> bool:
    return store.setting(KIND_SETTING) == COMMUNITY


def check_slot_allowed(store: Store, role: str) -> None:
    """Before any key slot is made for ``role`` in ``store``'s database."""
    if is_community(store):
        if permissions.clinical(role):
            raise InvalidInput(
                "This is a community partner's database: it holds no clinical records and "
                "only community partners' accounts. Nothing was changed."
            )
    elif not permissions.clinical(role):
        raise PartnerNeedsOwnDatabase(PARTNER_NEEDS_OWN_DATABASE)


# --- the partner bundle ----------------------------------------------------------------------


def partner_bundle(store: Store) -> dict[str, Any]:
    """Every non-clinical record, with clinical columns left out: for a partner's database
    (from a clinical one) or a partner's registers coming back (from a community one)."""
    # Loaded here: the bundle's schema pulls in jsonschema (≈ 0.15 s), which the window
    # (through sync, which asks ``is_community``) does not need before its first paint.
    from ..core.bundle import PARTNER_COLLECTIONS, new_bundle

    session.require(PARTNER_BUNDLE)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    doc = new_bundle(now, demo=store.is_demo, partner=True)
    for collection in PARTNER_COLLECTIONS:
        rows = records.select(store, collection)
        doc[collection] = [_community_copy(collection, r, True) for r in rows]
    for client in doc["clients"]:
        if client.get("nhs_number") and nhs_number.is_test_number(client["nhs_number"]):
            client["test_record"] = True
    return doc


def export_partner_bundle_to(store: Store, path: str | Path) -> int:
    """Write the partner bundle to ``path``; recorded in the audit trail once the file is in
    place. Returns the number of clients."""
    from .bundles import write_bundle_file

    doc = partner_bundle(store)
    write_bundle_file(doc, path)
    entry = audit.Entry(
        session.current_staff(),
        audit.EXPORT,
        detail=f"partner bundle of {len(doc['clients'])} clients (no clinical records)",
        at=audit.now(),
    )
    try:
        with store.atomic():
            audit.append(store, entry)
    except DiskFull:
        store.write_first(lambda: audit.append(store, entry))
    return len(doc["clients"])


def _community_copy(collection: str, record: dict[str, Any], drop_nulls: bool) -> dict[str, Any]:
    hidden = {column for table, column in CLINICAL_COLUMNS if table == collection}
    copy = {k: (None if k in hidden else v) for k, v in record.items()}
    if drop_nulls:
        copy = {k: v for k, v in copy.items() if v is not None}
    return copy


# --- a community database ------------------------------------------------------------------


def create_community_database(path: str | Path, partner: str, password: str) -> Store:
    """A new, empty community database for one community partner (signed in)."""
    from .accounts import create_service_database

    store, _no_recovery = create_service_database(
        path, partner, password, role=permissions.COMMUNITY_PARTNER
    )
    return store


# --- splitting a database that mixes the two ----------------------------------------------

Progress = Callable[[str], None]


def partners_held(store: Store) -> list[Account]:
    """Active accounts in a clinical database whose role has no clinical access."""
    if is_community(store):
        return []
    held = accounts.all_accounts(store)
    return [a for a in held if a.active and not permissions.clinical(a.role)]


def split_out_partners(store: Store, by: str, progress: Progress | None = None) -> list[str]:
    """At an admin's sign-in: move every partner account of this clinical database into a
    community database made beside it, and give this one a new data key their slots do not
    hold. Returns what was done, in words for the admin (empty when there was nothing)."""
    partners = partners_held(store)
    if not partners:
        return []
    say = progress or (lambda _text: None)
    target = _free_path(store.path)
    say(f"Making the community database {target.name} for the partners' accounts")
    moved, left = _make_community_copy(store, target, partners, by)
    at = audit.now()
    for account in partners:
        say(f"Taking {account.name}'s key out of this database (a new data key)")
        note = f"moved to the community database {target.name}"
        if account.name not in moved:
            note = "switched off: a partner account may not stay in a clinical database"
        key_change.change_keys(
            store, key_change.Change(account.key, True, account.role, by, at, note), say
        )
    with keys.update(store.path) as keyfile:
        keyfile.moved.update({keyslots.account_key(name): target.name for name in moved})
    lines = [
        f"This database holds clinical records, so it may no longer hold community partners' "
        f"accounts. {', '.join(moved) or 'No partner'} now sign{'s' if len(moved) == 1 else ''} "
        f"in to the community database {target} with the same password"
        + (f" ({len(moved)} account(s))" if len(moved) > 1 else "")
        + ". It holds the caseload's contact details, referrals, registers and the directory, "
        "and no clinical record or column. This database has a new data key that their "
        "passwords no longer open."
    ]
    if left:
        lines.append(
            f"{', '.join(left)} could not be moved (their password was set before key slots "
            "were signed) and are switched off: export a partner bundle for them."
        )
    with store.atomic():
        audit.append(
            store,
            audit.Entry(
                by,
                audit.USER_MANAGEMENT,
                "accounts",
                detail=f"partner accounts moved to the community database {target.name}: "
                f"{len(moved)}; switched off: {len(left)}",
            ),
        )
    return lines


def _free_path(path: Path) -> Path:
    for n in range(1, 100):
        suffix = "-community" if n == 1 else f"-community-{n}"
        target = path.with_name(f"{path.stem}{suffix}{path.suffix or '.db'}")
        if not target.exists() and not keys_path(target).exists():
            return target
    raise InvalidInput(f"Too many community databases beside {path.name}; remove old ones.")


def _make_community_copy(
    store: Store, target: Path, partners: list[Account], by: str
) -> tuple[list[str], list[str]]:
    """The community database at ``target``: the partners' slots resealed to a new data key
    (their passwords unchanged), its own signing key (then thrown away: nobody can add an
    account to it), and every non-clinical record without its clinical columns."""
    keyfile = keys.load(store.path)
    data_key, signing = keyslots.new_data_key(), signed_slots.new_signing_key()
    community = keys.KeyFile(service_key=signed_slots.public_of(signing))
    moved, left = [], []
    for account in partners:
        slot = keyfile.slot_for(account.name)
        if slot is None or slot.public is None:
            left.append(account.name)
            continue
        community.put(
            signed_slots.seal_for(slot, data_key, None, signing, slot.state, account.role)
        )
        moved.append(account.name)
    copy = open_store(target, create=True, key=data_key)
    try:
        with copy.atomic():
            copy.set_setting(KIND_SETTING, COMMUNITY)
            copy.set_setting(key_change.SETTING, signed_slots.public_of(signing))
            for name in moved:
                account = next(a for a in partners if a.name == name)
                accounts.insert(copy, Account(account.name, account.role), audit.now(), by)
            counts = fill_from(copy, store)
            audit.append(
                copy,
                audit.Entry(
                    by,
                    audit.USER_MANAGEMENT,
                    "accounts",
                    detail=f"community database made from {store.path.name} for "
                    f"{len(moved)} partner account(s); records copied without clinical "
                    f"columns: {counts}",
                ),
            )
            from .audit import sign_head

            sign_head(copy, signing, actor=by, first=True)
        keys.save(target, community)
    except BaseException:
        copy.close()
        for leftover in (
            target,
            keys_path(target),
            *(target.with_name(target.name + s) for s in ("-wal", "-shm")),
        ):
            leftover.unlink(missing_ok=True)
        raise
    copy.close()
    return moved, left


def fill_from(copy: Store, source: Store) -> int:
    """Every non-clinical record of ``source`` into the empty ``copy`` (inside its
    transaction), clinical columns left out. Returns how many records."""
    total = 0
    for table in COMMUNITY_TABLES:
        rows = [_community_copy(table, r, False) for r in records.select(source, table)]
        records.insert_many(copy, table, rows)
        total += len(rows)
    return total
