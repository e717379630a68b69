"""Looking after accounts (admin only, audited): add, reset, switch off a leaver, roles.

A new or reset password makes a new key slot for the same data key; switching off removes
the slot and marks the account, both at once, so a leaver cannot sign in again.
"""

from __future__ import annotations

from ..core import keyslots, permissions
from ..core.errors import InvalidInput, RecordNotFound
from ..store import accounts, audit, keys
from ..store.accounts import Account
from ..store.database import Store
from . import session
from .accounts import check_password, checked_name, save_slot
from .audit import record


def list_accounts(store: Store) -> list[Account]:
    session.require(permissions.MANAGE_USERS)
    return accounts.all_accounts(store)


def add_account(store: Store, name: str, role: str, password: str) -> Account:
    session.require(permissions.MANAGE_USERS)
    name, data_key = checked_name(name), _data_key(store)
    _check_role(role)
    check_password(password)
    if accounts.get(store, name) is not None:
        raise InvalidInput(f"There is already an account called {name}.", "name")
    account = Account(name, role)
    with store.atomic():
        accounts.insert(store, account, audit.now(), session.current_staff())
        record(store, audit.USER_MANAGEMENT, "accounts", account.key, detail=f"added as {role}")
    save_slot(store.path, data_key, name, password)
    return account


def reset_password(store: Store, name: str, new_password: str) -> None:
    """A new slot with a password the admin gives the person (who should then change it)."""
    session.require(permissions.MANAGE_USERS)
    account, data_key = _existing(store, name), _data_key(store)
    check_password(new_password)
    with store.atomic():
        accounts.set_disabled(store, account.name, None, None)
        record(store, audit.USER_MANAGEMENT, "accounts", account.key, detail="password reset")
    save_slot(store.path, data_key, account.name, new_password)


def change_own_password(store: Store, old_password: str, new_password: str) -> None:
    """Anyone may change their own password: only their slot is re-wrapped."""
    me = session.signed_in()
    if me is None:
        raise InvalidInput("Nobody is signed in.")
    slot = keys.load(store.path).slot_for(me.name)
    if slot is None:
        raise RecordNotFound("Your key slot is missing. Please ask the admin to reset it.")
    keyslots.open_slot(slot, old_password)  # WrongPassword if the old one is not right
    check_password(new_password)
    with store.atomic():
        record(
            store,
            audit.USER_MANAGEMENT,
            "accounts",
            keyslots.account_key(me.name),
            detail="changed own password",
        )
    save_slot(store.path, _data_key(store), me.name, new_password)


def disable_account(store: Store, name: str) -> None:
    """Switch a leaver off at once: their slot goes and the account is marked."""
    session.require(permissions.MANAGE_USERS)
    account = _existing(store, name)
    if account.key == keyslots.account_key(session.current_staff()):
        raise InvalidInput("You cannot switch off your own account.")
    if account.role == permissions.ADMIN:
        _keep_an_admin(store, account)
    with store.atomic():
        accounts.set_disabled(store, account.name, audit.now(), session.current_staff())
        record(store, audit.USER_MANAGEMENT, "accounts", account.key, detail="switched off")
    keyfile = keys.load(store.path)
    keyfile.remove(account.name)
    keys.save(store.path, keyfile)


def change_role(store: Store, name: str, role: str) -> None:
    session.require(permissions.MANAGE_USERS)
    account = _existing(store, name)
    _check_role(role)
    if account.role == permissions.ADMIN and role != permissions.ADMIN:
        _keep_an_admin(store, account)
    with store.atomic():
        accounts.set_role(store, account.name, role)
        record(
            store,
            audit.USER_MANAGEMENT,
            "accounts",
            account.key,
            detail=f"role {account.role} -> {role}",
        )


def replace_recovery_key(store: Store) -> str:
    """A new recovery key (shown once); the old one stops working."""
    session.require(permissions.MANAGE_USERS)
    data_key = _data_key(store)
    recovery_key = keyslots.new_recovery_key()
    with store.atomic():
        record(store, audit.USER_MANAGEMENT, "accounts", detail="new recovery key")
    keyfile = keys.load(store.path)
    keyfile.put(
        keyslots.make_slot(
            data_key, keyslots.normalise_recovery_key(recovery_key), keyslots.RECOVERY, None
        )
    )
    keys.save(store.path, keyfile)
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
