"""Setting up a service database, signing in and out, and looking after accounts.

The database is encrypted with one random data key. Each account's password unlocks it
through that person's own key slot (``core/keyslots.py``), kept in the key file beside the
database; a recovery key, shown once at set-up, unlocks it too. The accounts table inside the
encrypted database says who is active and with which role, so a slot surviving in an old
copy of the key file does not let a leaver back in through the app.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..core import keyslots, permissions
from ..core.errors import InvalidInput, NotADatabase
from ..core.security_errors import AccountDisabled, SignInDelayed, WrongPassword
from ..store import accounts, audit, keys, opening_check
from ..store.accounts import Account
from ..store.connection import keys_path
from ..store.database import Store, open_store, reopen
from . import session
from .audit import record

_decoy: keyslots.Slot | None = None  # unknown names cost the same time as known ones


def create_service_database(path: str | Path, admin_name: str, password: str) -> tuple[Store, str]:
    """A new encrypted database, its first admin (signed in) and the recovery key to show
    once. Nothing is left behind if any step fails."""
    path = Path(path)
    if path.exists() or keys_path(path).exists():
        raise InvalidInput(f"A database already exists at {path}; nothing was changed.")
    admin_name = checked_name(admin_name)
    check_password(password)
    data_key, recovery_key = keyslots.new_data_key(), keyslots.new_recovery_key()
    keyfile = keys.KeyFile()
    keyfile.put(keyslots.make_slot(data_key, password, keyslots.PASSWORD, admin_name))
    keyfile.put(
        keyslots.make_slot(
            data_key, keyslots.normalise_recovery_key(recovery_key), keyslots.RECOVERY, None
        )
    )
    store = open_store(path, create=True, key=data_key)
    try:
        with store.atomic():
            accounts.insert(store, Account(admin_name, permissions.ADMIN), audit.now(), None)
            record(
                store,
                audit.USER_MANAGEMENT,
                "accounts",
                keyslots.account_key(admin_name),
                detail="created the service database and its first admin",
                actor=admin_name,
            )
        keys.save(path, keyfile)
    except BaseException:
        store.close()
        for leftover in (
            path,
            keys_path(path),
            *(path.with_name(path.name + s) for s in ("-wal", "-shm")),
        ):
            leftover.unlink(missing_ok=True)
        raise
    _begin(store, Account(admin_name, permissions.ADMIN))
    return store, recovery_key


def sign_in(
    path: str | Path,
    name: str,
    password: str,
    now: datetime | None = None,
    check_beside: bool = False,
) -> Store:
    """Open the service database as ``name``. Wrong passwords are counted and back off.

    With ``check_beside`` (the desktop app) the damage check runs while the caseload appears
    and the sign-in is recorded, with the time it happened, as soon as the check passes and
    before any other write."""
    path = Path(path)
    data_key = _unwrap(path, name, password, now)
    store = open_store(path, key=data_key, check_beside=check_beside)
    try:
        account = _active_account(store, name)
        at = audit.now()  # when it happened, even if the row is written a moment later

        def record_later() -> None:
            with reopen(path, data_key) as own:
                _record_sign_in(own, account, at)

        check = opening_check.running(path) if check_beside else None
        if check is None or not check.make_first(record_later):
            _record_sign_in(store, account, at)
    except BaseException:
        store.close()
        raise
    _begin(store, account)
    return store


def unlock(store: Store, name: str, password: str, now: datetime | None = None) -> Account:
    """Sign in again to a locked store (the same Store object the screens hold)."""
    data_key = _unwrap(store.path, name, password, now)
    store.unlock(data_key, role=None)
    try:
        account = _active_account(store, name)
        _record_sign_in(store, account, None)
    except BaseException:
        store.lock()
        raise
    _begin(store, account)
    return account


def lock(store: Store) -> None:
    """Record the lock, then drop the key. The session name is kept for the lock screen."""
    if not store.is_locked and store.is_encrypted:
        with store.atomic():
            record(store, audit.LOCK)
    store.lock()


def sign_out(store: Store) -> None:
    if not store.is_locked and store.is_encrypted:
        with store.atomic():
            record(store, audit.SIGN_OUT)
    store.lock()
    session.sign_out()


def is_service_database(path: str | Path) -> bool:
    """A database with accounts (and so a key file): it needs someone to sign in."""
    return keys_path(path).exists()


def recover(path: str | Path, recovery_key: str, admin_name: str, new_password: str) -> Store:
    """Set a new password for an admin with the recovery key; signs that admin in."""
    path = Path(path)
    check_password(new_password)
    slot = keys.load(path).recovery_slot()
    if slot is None:
        raise NotADatabase(f"{path.name} has no recovery key.")
    data_key = keyslots.open_slot(slot, keyslots.normalise_recovery_key(recovery_key))
    store = open_store(path, key=data_key)
    try:
        account = accounts.get(store, admin_name)
        if account is None or account.role != permissions.ADMIN:
            raise InvalidInput(f"There is no admin account called {admin_name}.")
        with store.atomic():
            accounts.set_disabled(store, account.name, None, None)
            record(
                store,
                audit.USER_MANAGEMENT,
                "accounts",
                account.key,
                detail="new password set with the recovery key",
                actor=account.name,
            )
        save_slot(path, data_key, account.name, new_password)
    except BaseException:
        store.close()
        raise
    _begin(store, account)
    return store


def _begin(store: Store, account: Account) -> None:
    session.sign_in_as(account.name, account.role)
    store.restrict_to(account.role)


def _active_account(store: Store, name: str) -> Account:
    account = accounts.get(store, name)
    if account is None or not account.active:
        with store.atomic():
            record(
                store,
                audit.SIGN_IN_FAILED,
                "accounts",
                keyslots.account_key(name),
                detail="account switched off",
                actor=name,
            )
        raise AccountDisabled("This account has been switched off. Please ask the admin.")
    return account


def _record_sign_in(store: Store, account: Account, at: str | None) -> None:
    """The sign-in row, after any failed attempts the key file was holding for the trail."""
    with store.atomic():
        for pending in keys.load(store.path).pending_audit:
            audit.append(
                store,
                audit.Entry(
                    pending["actor"],
                    audit.SIGN_IN_FAILED,
                    detail=pending.get("detail"),
                    at=pending["at"],
                ),
            )
        audit.append(store, audit.Entry(account.name, audit.SIGN_IN, at=at))
    keyfile = keys.load(store.path)
    keyfile.pending_audit = []
    keyfile.failures.pop(account.key, None)
    keys.save(store.path, keyfile)


def _unwrap(path: Path, name: str, password: str, now: datetime | None) -> bytes:
    keyfile = keys.load(path)
    if not keyfile.slots:
        raise NotADatabase(f"{path.name} has no accounts (no key file beside it).")
    slot = keyfile.slot_for(name)
    who = keyslots.account_key(name) if slot else keys.UNKNOWN_NAME
    now = now or datetime.now(UTC)
    _check_backoff(keyfile, who, now)
    try:
        return keyslots.open_slot(slot or _decoy_slot(), password)
    except WrongPassword:
        _count_failure(path, who, now)
        raise


def _decoy_slot() -> keyslots.Slot:
    global _decoy
    if _decoy is None:
        _decoy = keyslots.make_slot(
            keyslots.new_data_key(), keyslots.new_recovery_key(), keyslots.PASSWORD, "decoy"
        )
    return _decoy


def _check_backoff(keyfile: keys.KeyFile, who: str, now: datetime) -> None:
    failures, last = keyfile.failure_count(who)
    wait = keyslots.wait_after(failures)
    if not wait or last is None:
        return
    remaining = datetime.fromisoformat(last) + timedelta(seconds=wait) - now
    seconds = math.ceil(remaining.total_seconds())
    if seconds > 0:
        raise SignInDelayed(
            f"Too many wrong passwords for this name. Please wait {_duration(seconds)} and "
            "try again, or ask the admin to reset the password.",
            seconds,
        )


def _duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{round(seconds / 60)} minutes"


def _count_failure(path: Path, who: str, now: datetime) -> None:
    keyfile = keys.load(path)  # read afresh: another window may have written it
    failures, _ = keyfile.failure_count(who)
    keyfile.failures[who] = {"count": failures + 1, "last": now.isoformat()}
    keyfile.pending_audit.append(
        {
            "at": now.astimezone().isoformat(timespec="seconds"),
            "actor": who,
            "detail": "wrong password",
        }
    )
    keys.save(path, keyfile)


def save_slot(path: Path, data_key: bytes, name: str, password: str) -> None:
    keyfile = keys.load(path)
    keyfile.put(keyslots.make_slot(data_key, password, keyslots.PASSWORD, name))
    keyfile.failures.pop(keyslots.account_key(name), None)
    keys.save(path, keyfile)


def checked_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > 60 or not name.isprintable():
        raise InvalidInput("An account name needs 1 to 60 ordinary characters.", "name")
    if keyslots.account_key(name) == keys.UNKNOWN_NAME:
        raise InvalidInput("Please choose another name.", "name")
    return name


def check_password(password: str) -> None:
    problem = keyslots.password_problem(password)
    if problem:
        raise InvalidInput(problem, "password")
