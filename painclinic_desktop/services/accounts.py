"""Setting up a service database, signing in and out, and looking after accounts.

The database is encrypted with one random data key. Each account's password unlocks it
through that person's own key slot (``core/keyslots.py``, ``core/signed_slots.py``), kept in
the key file beside the database; a recovery key, shown once at set-up, unlocks it too. Every
slot must be signed by the service signing key (``services/key_change.py``): a slot made with
the data key alone is refused. The accounts table inside the encrypted database says who is
active and with which role, and must agree with the role the slot is signed for.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..core import keyslots, permissions, signed_slots
from ..core.errors import InvalidInput, NotADatabase
from ..core.security_errors import (
    AccountDisabled,
    DiskFull,
    PasswordResetNeeded,
    SignInDelayed,
    SlotNotSigned,
    WrongPassword,
)
from ..store import accounts, audit, keys, opening_check
from ..store.accounts import Account
from ..store.connection import keys_path
from ..store.database import Store, open_store, reopen
from . import key_change, session
from .audit import record, sign_head

_decoy: keyslots.Slot | None = None  # unknown names cost the same time as known ones


@dataclass(frozen=True)
class _Unlocked:
    """What a password opened: the key to open the database with, and what to check."""

    data_key: bytes
    signing_key: bytes | None
    signed_role: str | None  # None before the database's slots are signed
    signed: bool
    old_key: bytes | None = None  # during an interrupted change of keys


def has_accounts(store: Store) -> bool:
    """A service database (its key file beside it); practice and demo ones have no
    accounts. Read from the file, so it can be asked while the app is locked."""
    return keys_path(store.path).exists()


def can_manage_accounts(store: Store) -> bool:
    """Whether the signed-in person may open Admin ▸ Accounts on this database."""
    return has_accounts(store) and session.can(permissions.MANAGE_USERS)


def create_service_database(
    path: str | Path, admin_name: str, password: str, role: str = permissions.ADMIN
) -> tuple[Store, str | None]:
    """A new encrypted database, its first account (signed in) and, for an admin, the
    recovery key to show once. Nothing is left behind if any step fails.

    A database whose one account is not an admin (a laptop joined to a hub, a community
    partner's database) has no recovery key: its signing key signs that account's slot and
    is then thrown away, so nobody can add an account to it (the hub, or a new partner
    bundle, fills a new one if the password is lost). A role without clinical access gets a
    community database (``services/community.py``)."""
    from .community import COMMUNITY, KIND_SETTING

    path = Path(path)
    if path.exists() or keys_path(path).exists():
        raise InvalidInput(f"A database already exists at {path}; nothing was changed.")
    admin_name = checked_name(admin_name)
    check_password(password)
    is_admin = role == permissions.ADMIN
    data_key = keyslots.new_data_key()
    recovery_key = keyslots.new_recovery_key() if is_admin else None
    signing = signed_slots.new_signing_key()
    keyfile = keys.KeyFile(service_key=signed_slots.public_of(signing))
    keyfile.put(
        signed_slots.make(
            password,
            keyslots.PASSWORD,
            admin_name,
            role,
            data_key,
            signing,
            is_admin,
        )
    )
    if recovery_key is not None:
        keyfile.put(_recovery_slot(recovery_key, data_key, signing))
    store = open_store(path, create=True, key=data_key)
    try:
        with store.atomic():
            accounts.insert(store, Account(admin_name, role), audit.now(), None)
            store.set_setting(key_change.SETTING, signed_slots.public_of(signing))
            if not permissions.clinical(role):
                store.set_setting(KIND_SETTING, COMMUNITY)
            record(
                store,
                audit.USER_MANAGEMENT,
                "accounts",
                keyslots.account_key(admin_name),
                detail=(
                    "created the service database and its first admin"
                    if is_admin
                    else f"created this laptop's database for its one account ({role})"
                ),
                actor=admin_name,
            )
            sign_head(store, signing, actor=admin_name, first=True)
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
    _begin(store, Account(admin_name, role), signing if is_admin else None)
    return store, recovery_key


def _recovery_slot(recovery_key: str, data_key: bytes, signing: bytes) -> keyslots.Slot:
    return signed_slots.make(
        keyslots.normalise_recovery_key(recovery_key),
        keyslots.RECOVERY,
        None,
        None,
        data_key,
        signing,
        True,
    )


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
    before any other write. An interrupted change of keys is finished first, and a database
    whose slots are not yet signed is signed at an admin's sign-in."""
    path = Path(path)
    opened = _unwrap(path, name, password, now)
    data_key = opened.data_key
    if opened.old_key is not None:
        data_key = key_change.key_that_opens(path, opened.data_key, opened.old_key)
        check_beside = False  # the change is finished before anything else reads
    store = open_store(path, key=data_key, check_beside=check_beside)
    try:
        account = _checked_account(store, name, opened)
        signing = _signing_key_for(store, account, password, opened)
        at = audit.now()  # when it happened, even if the row is written a moment later

        def record_later() -> None:
            with reopen(path, data_key) as own:
                _record_sign_in(own, account, at, signing)

        check = opening_check.running(path) if check_beside else None
        if check is None or not check.make_first(record_later):
            _record_sign_in(store, account, at, signing)
    except BaseException:
        store.close()
        raise
    _begin(store, account, signing)
    if signing is not None:
        _split_if_mixed(store, account)
    return store


def _split_if_mixed(store: Store, account: Account) -> None:
    """A database made before partners had their own: split at an admin's sign-in, which
    holds the signing key a change of keys needs. What was done is kept for the screen or
    the command line to tell (``store.notices``)."""
    from .community import split_out_partners

    try:
        store.notices.extend(split_out_partners(store, account.name))
    except BaseException:
        store.close()
        raise


def unlock(store: Store, name: str, password: str, now: datetime | None = None) -> Account:
    """Sign in again to a locked store (the same Store object the screens hold)."""
    opened = _unwrap(store.path, name, password, now)
    data_key = opened.data_key
    if opened.old_key is not None:
        data_key = key_change.key_that_opens(store.path, opened.data_key, opened.old_key)
    store.unlock(data_key, role=None)
    try:
        account = _checked_account(store, name, opened)
        signing = _signing_key_for(store, account, password, opened)
        _record_sign_in(store, account, None, signing)
    except BaseException:
        store.lock()
        raise
    _begin(store, account, signing)
    return account


def lock(store: Store) -> None:
    """Record the lock, then drop the key. The session name is kept for the lock screen."""
    if not store.is_locked and store.is_encrypted:
        with store.atomic():
            record(store, audit.LOCK)
    key_change.forget_signing_key(store.path)
    store.lock()


def sign_out(store: Store) -> None:
    if not store.is_locked and store.is_encrypted:
        with store.atomic():
            record(store, audit.SIGN_OUT)
    key_change.forget_signing_key(store.path)
    store.lock()
    session.sign_out()


def recover(path: str | Path, recovery_key: str, admin_name: str, new_password: str) -> Store:
    """Set a new password for an admin with the recovery key; signs that admin in."""
    path = Path(path)
    check_password(new_password)
    keyfile = keys.load(path)
    slot = keyfile.recovery_slot()
    if slot is None:
        raise NotADatabase(f"{path.name} has no recovery key.")
    opened = _open(keyfile, slot, keyslots.normalise_recovery_key(recovery_key))
    data_key = opened.data_key
    if opened.old_key is not None:
        data_key = key_change.key_that_opens(path, opened.data_key, opened.old_key)
    store = open_store(path, key=data_key)
    try:
        account = accounts.get(store, admin_name)
        if account is None or account.role != permissions.ADMIN:
            raise InvalidInput(f"There is no admin account called {admin_name}.")
        signing = opened.signing_key
        if not opened.signed and keyfile.service_key is None:  # signed for the first time
            signing = key_change.upgrade(store, account.name, new_password, data_key)
        elif signing is None:  # a recovery slot from before signing: a new signing key
            signing = key_change.refound(store, account.name, data_key)
        else:
            key_change.check_database_agrees(store, keys.load(path))
            key_change.finish(store, keys.load(path))
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
        save_slot(path, data_key, account.name, new_password, account.role, signing)
    except BaseException:
        store.close()
        raise
    _begin(store, account, signing)
    return store


def _begin(store: Store, account: Account, signing: bytes | None = None) -> None:
    session.sign_in_as(account.name, account.role)
    store.restrict_to(account.role)
    key_change.remember_signing_key(store.path, signing)


def _checked_account(store: Store, name: str, opened: _Unlocked) -> Account:
    """The account, once the database and the key file agree about it: an interrupted
    change of keys is finished, the signing key matches, the account is active and its role
    is the one its slot is signed for."""
    keyfile = keys.load(store.path)
    key_change.check_database_agrees(store, keyfile)
    key_change.finish(store, keyfile)
    account = _active_account(store, name)
    if opened.signed and opened.signed_role != account.role:
        raise SlotNotSigned(
            "This account's role in the accounts list is not the one its key slot is signed "
            "for, so it cannot be used. Nothing was opened. Please ask the admin."
        )
    return account


def _signing_key_for(
    store: Store, account: Account, password: str, opened: _Unlocked
) -> bytes | None:
    """An admin's signing key; the first admin to sign in to an unsigned database signs it."""
    if account.role != permissions.ADMIN:
        return None
    keyfile = keys.load(store.path)
    if not opened.signed and keyfile.service_key is None:
        return key_change.upgrade(store, account.name, password, opened.data_key)
    if opened.signing_key is not None:
        key_change.tell_database(store, keyfile, opened.signing_key)
    return opened.signing_key


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


def _record_sign_in(
    store: Store, account: Account, at: str | None, signing: bytes | None = None
) -> None:
    """The sign-in row, after any failed attempts the key file was holding for the trail;
    an admin's sign-in then signs the trail. Only the rows written here leave the key file:
    a failure counted meanwhile by another process waits for the next sign-in. On a full
    disk reading may go on (``check``, ``audit verify``, an export to another drive): the
    rows are kept and written first, before the next change is saved."""
    at = at or audit.now()
    try:
        _write_sign_in(store, account, at, signing)
    except DiskFull:
        store.write_first(lambda: _write_sign_in(store, account, at, signing))


def _write_sign_in(store: Store, account: Account, at: str, signing: bytes | None) -> None:
    written = keys.load(store.path).pending_audit
    with store.atomic():
        for pending in written:
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
        sign_head(store, signing, actor=account.name)
    with keys.update(store.path) as keyfile:
        keyfile.pending_audit = [p for p in keyfile.pending_audit if p not in written]
        keyfile.failures.pop(account.key, None)


def data_key_for(path: str | Path, name: str, password: str) -> bytes:
    """The data key through ``name``'s slot in the key file beside ``path``, counted like a
    sign-in (a restore onto a database that cannot be opened proves the password this way)."""
    return _unwrap(Path(path), name, password, None).data_key


def _unwrap(path: Path, name: str, password: str, now: datetime | None) -> _Unlocked:
    """What ``name``'s slot opens. The back-off is checked and this try counted in one locked
    step before the (slow) password check, so parallel tries cannot all slip past it; the
    right password gives the try back. An unsigned or forged slot is refused and recorded."""
    now = now or datetime.now(UTC)
    with keys.update(path) as keyfile:
        if not keyfile.slots:
            raise NotADatabase(f"{path.name} has no accounts (no key file beside it).")
        slot = keyfile.slot_for(name) or _decoy_slot(keyfile)
        who = keyfile.backoff_key(name)
        actor = slot.user if slot.user == keyslots.account_key(name) else keys.UNKNOWN_NAME
        _check_backoff(keyfile, who, now)
        failures, _ = keyfile.failure_count(who)
        keyfile.failures[who] = {"count": failures + 1, "last": now.isoformat()}
        _forget_old_unknown_names(keyfile, now)
    try:
        opened = _open(keyfile, slot, password, name)
    except WrongPassword:
        _to_the_trail(path, actor, "wrong password", now)
        raise
    except SlotNotSigned:
        _to_the_trail(path, actor, "key slot not signed by the service", now)
        raise
    except (AccountDisabled, PasswordResetNeeded) as exc:
        _give_back(path, who)
        detail = "account switched off" if isinstance(exc, AccountDisabled) else "reset needed"
        _to_the_trail(path, actor, detail, now)
        moved_to = keyfile.moved.get(slot.user or "")
        if isinstance(exc, AccountDisabled) and moved_to:
            raise AccountDisabled(
                "Your account has moved to your own community database, "
                f"{moved_to}, beside this one (this one holds clinical records). Open that "
                "file and sign in there with the same password."
            ) from None
        raise
    _give_back(path, who)
    return opened


_NOT_SIGNED = (
    "The key slot for this name is not signed by the service, so it cannot be used to sign "
    "in (it may have been made or changed outside PainClinic Desktop). Nothing was opened; "
    "this is recorded. Please ask the admin."
)


def _open(
    keyfile: keys.KeyFile, slot: keyslots.Slot, secret: str, name: str | None = None
) -> _Unlocked:
    """Open ``slot`` with ``secret`` after checking that the service vouches for it. While a
    change of keys is under way the slot as it will be decides (a leaver's is already
    switched off), and both keys are returned so the change can be finished."""
    if slot.user == "(decoy)":
        keyslots.open_slot(slot, secret)  # the same Argon2 work; always WrongPassword
    if keyfile.service_key is None:  # a database not yet signed (the first admin signs it)
        if slot.public is not None or slot.signature is not None:
            raise SlotNotSigned(_NOT_SIGNED)
        return _Unlocked(keyslots.open_slot(slot, secret), None, None, False)
    pending = keyfile.pending if key_change.pending_is_vouched_for(keyfile) else None
    current, deciding = slot, slot
    if pending:
        will_be = (
            keyfile.pending_slot_for(name)
            if name is not None
            else next((s for s in keyfile.pending_slots() if s.kind == keyslots.RECOVERY), None)
        )
        if will_be is None or not signed_slots.verifies(will_be, pending["service_key"]):
            raise SlotNotSigned(_NOT_SIGNED)
        deciding = will_be
    elif not signed_slots.verifies(slot, keyfile.service_key):
        raise SlotNotSigned(_NOT_SIGNED)
    if deciding.public is None:  # signed as it stood, from before signing
        data_key = keyslots.open_slot(deciding, secret)
        if deciding.state == signed_slots.RESET_NEEDED:
            raise PasswordResetNeeded(
                "The service's key was changed since your password was set, so your account "
                "needs a new password from the admin (nothing is wrong with it)."
            )
        return _Unlocked(data_key, None, deciding.role, True)
    opened = signed_slots.open_signed(deciding, secret)
    old_key = None
    if pending and current.public == deciding.public and current.sealed and opened.private_key:
        old_key = signed_slots.unseal_payload(current, opened.private_key)[
            : keyslots.DATA_KEY_BYTES
        ]
    return _Unlocked(opened.data_key, opened.signing_key, deciding.role, True, old_key)


def _decoy_slot(keyfile: keys.KeyFile) -> keyslots.Slot:
    """A slot nobody can open, at the cost of the service's own slots (not the current
    setting: slots keep the cost they were made with)."""
    global _decoy
    costs = [s.cost for s in keyfile.slots if s.kind == keyslots.PASSWORD]
    cost = (
        max(costs, key=lambda c: (costs.count(c), c.time_cost * c.memory_kib))
        if costs
        else keyslots.argon2_settings()
    )
    if _decoy is None or _decoy.cost != cost:
        _decoy = keyslots.decoy(cost)
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


def _give_back(path: Path, who: str) -> None:
    with keys.update(path) as keyfile:
        failures, last = keyfile.failure_count(who)
        if failures <= 1:
            keyfile.failures.pop(who, None)
        else:
            keyfile.failures[who] = {"count": failures - 1, "last": last}


def _to_the_trail(path: Path, actor: str, detail: str, now: datetime) -> None:
    """A failed sign-in waits in the key file for the next sign-in to write it."""
    with keys.update(path) as keyfile:
        keyfile.pending_audit.append(
            {
                "at": now.astimezone().isoformat(timespec="seconds"),
                "actor": actor,
                "detail": detail,
                "id": secrets.token_hex(6),  # two alike in one second are still two
            }
        )


def _forget_old_unknown_names(keyfile: keys.KeyFile, now: datetime) -> None:
    """Unknown names' counts go a day after their last try (their wait is long over), so
    trying many names cannot grow the file without end."""
    day_ago = now - timedelta(days=1)
    for who, entry in list(keyfile.failures.items()):
        last = entry.get("last")
        if who.startswith("?") and last and datetime.fromisoformat(last) < day_ago:
            del keyfile.failures[who]


def save_slot(
    path: Path,
    data_key: bytes,
    name: str,
    password: str,
    role: str | None = None,
    signing: bytes | None = None,
) -> None:
    """A new slot for ``name``: signed for ``role`` when the service signs its slots."""
    if signing is None and keys.load(path).service_key is not None:
        signing = key_change.signing_key(path)
    if signing is None:
        slot = keyslots.make_slot(data_key, password, keyslots.PASSWORD, name)
    else:
        slot = signed_slots.make(
            password,
            keyslots.PASSWORD,
            name,
            role,
            data_key,
            signing,
            role == permissions.ADMIN,
        )
    with keys.update(path) as keyfile:
        keyfile.put(slot)
        keyfile.failures.pop(keyslots.account_key(name), None)


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
