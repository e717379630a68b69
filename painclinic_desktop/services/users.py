"""Looking after accounts (admin only, audited): add, reset, switch off a leaver, roles.

A new or reset password makes a new key slot for the same data key, signed by the admin's
service signing key for the account's role. Switching someone off or changing a role is a
change of keys (``services/key_change.py``): a new data key and signing key for everyone who
remains, and the leaver's slot keeps only a check of their password (so they are told the
account is switched off). Anyone may change their own password without an admin.
"""

from __future__ import annotations

from ..core import keyslots, permissions, signed_slots
from ..core.errors import InvalidInput, RecordNotFound
from ..store import accounts, audit, keys
from ..store.accounts import Account
from ..store.database import Store
from . import community, key_change, session
from .accounts import check_password, checked_name, save_slot
from .audit import record
from .key_change import Progress


def list_accounts(store: Store) -> list[Account]:
    session.require(permissions.MANAGE_USERS)
    return accounts.all_accounts(store)


def last_sign_ins(store: Store) -> dict[str, str]:
    """{account key: when that person last signed in}, from the audit trail (admin only)."""
    session.require(permissions.MANAGE_USERS)
    return accounts.last_sign_ins(store)


def caseload_holders(store: Store) -> list[str]:
    """Names of switched-on accounts whose role writes clinical records: the people a
    referral can be assigned to. Anyone who may triage may ask (no admin check)."""
    return [
        a.name
        for a in accounts.all_accounts(store)
        if a.active and permissions.allows(a.role, permissions.EDIT_CLINICAL)
    ]


def add_account(store: Store, name: str, role: str, password: str) -> Account:
    session.require(permissions.MANAGE_USERS)
    name, data_key = checked_name(name), _data_key(store)
    _check_role(role)
    community.check_slot_allowed(store, role)  # no partner slot beside clinical records
    check_password(password)
    if accounts.get(store, name) is not None:
        raise InvalidInput(f"There is already an account called {name}.", "name")
    account = Account(name, role)
    key_change.signing_key(store.path)  # refuse before anything is saved
    with store.atomic():
        accounts.insert(store, account, audit.now(), session.current_staff())
        record(store, audit.USER_MANAGEMENT, "accounts", account.key, detail=f"added as {role}")
    save_slot(store.path, data_key, name, password, role)
    return account


def reset_password(store: Store, name: str, new_password: str) -> None:
    """A new slot with a password the admin gives the person (who should then change it)."""
    session.require(permissions.MANAGE_USERS)
    account, data_key = _existing(store, name), _data_key(store)
    community.check_slot_allowed(store, account.role)  # a moved partner stays moved
    check_password(new_password)
    key_change.signing_key(store.path)  # refuse before anything is saved
    with store.atomic():  # a switched-off account comes back with a slot for today's key
        accounts.set_disabled(store, account.name, None, None)
        record(store, audit.USER_MANAGEMENT, "accounts", account.key, detail="password reset")
    save_slot(store.path, data_key, account.name, new_password, account.role)


def change_own_password(store: Store, old_password: str, new_password: str) -> None:
    """Anyone may change their own password: only their slot is re-wrapped, and its
    signature still holds."""
    me = session.signed_in()
    if me is None:
        raise InvalidInput("Nobody is signed in.")
    keyfile = keys.load(store.path)
    slot = keyfile.slot_for(me.name)
    if slot is None:
        raise RecordNotFound("Your key slot is missing. Please ask the admin to reset it.")
    secret = keyslots.unwrap(slot, old_password)  # WrongPassword if the old one is not right
    check_password(new_password)
    if slot.public is None and keyfile.service_key is not None:
        key_change.signing_key(store.path)  # only an admin can sign a slot made anew
    with store.atomic():
        record(
            store,
            audit.USER_MANAGEMENT,
            "accounts",
            keyslots.account_key(me.name),
            detail="changed own password",
        )
    if slot.public is None:
        save_slot(store.path, _data_key(store), me.name, new_password, me.role)
        return
    with keys.update(store.path) as current:
        mine = current.slot_for(me.name)
        if mine is not None and mine.public == slot.public:
            current.put(signed_slots.rewrap(mine, secret, new_password))


def disable_account(store: Store, name: str, progress: Progress | None = None) -> list[str]:
    """Switch a leaver off at once, with a change of keys: the database gets a new data key
    that their slot (and any old copy of the key file) does not hold. Returns notes for the
    admin (accounts that need a new password)."""
    session.require(permissions.MANAGE_USERS)
    account = _existing(store, name)
    _data_key(store)
    if account.key == keyslots.account_key(session.current_staff()):
        raise InvalidInput("You cannot switch off your own account.")
    if account.role == permissions.ADMIN:
        _keep_an_admin(store, account)
    if not account.active:
        raise InvalidInput(f"{account.name}'s account is already switched off.")
    change = key_change.Change(
        account.key, True, account.role, session.current_staff(), audit.now()
    )
    return key_change.change_keys(store, change, progress)


def change_role(store: Store, name: str, role: str, progress: Progress | None = None) -> list[str]:
    """A new role, with a change of keys (someone leaving the admin role takes no signing
    key with them)."""
    session.require(permissions.MANAGE_USERS)
    account = _existing(store, name)
    _check_role(role)
    _data_key(store)
    if account.role == permissions.ADMIN and role != permissions.ADMIN:
        _keep_an_admin(store, account)
    if role == account.role:
        return []
    community.check_slot_allowed(store, role)
    change = key_change.Change(account.key, False, role, session.current_staff(), audit.now())
    return key_change.change_keys(store, change, progress)


def replace_recovery_key(store: Store) -> str:
    """A new recovery key (shown once); the old one stops working."""
    session.require(permissions.MANAGE_USERS)
    data_key = _data_key(store)
    recovery_key = keyslots.new_recovery_key()
    with store.atomic():
        record(store, audit.USER_MANAGEMENT, "accounts", detail="new recovery key")
    slot = signed_slots.make(
        keyslots.normalise_recovery_key(recovery_key),
        keyslots.RECOVERY,
        None,
        None,
        data_key,
        key_change.signing_key(store.path),
        True,
    )
    with keys.update(store.path) as keyfile:
        keyfile.put(slot)
    return recovery_key


def _existing(store: Store, name: str) -> Account:
    account = accounts.get(store, name)
    if account is None:
        raise RecordNotFound(f"There is no account called {name}.")
    return account


def _keep_an_admin(store: Store, leaving: Account) -> None:
    others = [
        a
        for a in accounts.all_accounts(store)
        if a.role == permissions.ADMIN and a.active and a.key != leaving.key
    ]
    if not others:
        raise InvalidInput("The service needs at least one active admin account.")


def _check_role(role: str) -> None:
    if role not in permissions.ROLES:
        raise InvalidInput(
            f"Unknown role {role!r}: use one of {', '.join(permissions.ROLES)}.", "role"
        )


def _data_key(store: Store) -> bytes:
    key = store.conn.data_key
    if key is None:
        raise InvalidInput(
            "This database is not encrypted, so it has no accounts. Create a "
            "service database with `painclinic init --admin NAME`."
        )
    return key
