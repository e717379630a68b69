"""The service signing key, and changing the data key when someone leaves or changes role.

Signing (``core/signed_slots.py``): the signing key's private half lives only in admin slots
(and the recovery slot); its public half is kept in the key file and, as the setting
``service_signing_key``, inside the encrypted database, where the key file alone cannot
change it. A database made before signing gets it at the next admin sign-in (``upgrade``).

A change of keys (``change_keys``) gives the database a new data key (``PRAGMA rekey``) and
the service a new signing key, hands both to the remaining accounts without their passwords
(sealed to each account's public key), and leaves the leaver's slot holding nothing. It is
one crash-safe step in four parts, each of which survives a kill at any moment:

1. the key file gains ``pending``: every slot as it will be, the new signing key's public half
   vouched for by the current one, and the account change itself;
2. the database is re-encrypted with the new key (SQLite commits it whole or not at all);
3. the account change, its audit row and the new public key are saved in the database;
4. ``pending`` becomes the key file's slots.

Whoever signs in next while ``pending`` is there finishes the remaining parts first
(``finish``): the key that opens the database says how far it got.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core import keyslots, permissions, signed_slots
from ..core.errors import InvalidInput
from ..core.keyslots import RECOVERY, SWITCHED_OFF, Slot
from ..core.security_errors import SlotNotSigned
from ..store import accounts, audit, keys, opening_check
from ..store.connection import connect, opens_with, rekey, remember_key, unlocked
from ..store.database import Store
from .audit import sign_head

SETTING = "service_signing_key"
Progress = Callable[[str], None]

_signing: dict[str, bytes] = {}  # database path -> the signed-in admin's signing key


@dataclass(frozen=True)
class Change:
    """What an admin changed about one account, carried through a change of keys."""

    account: str  # account key
    disabled: bool
    role: str
    by: str
    at: str
    note: str = ""  # why, when not an admin's choice (a partner moved to their own database)

    def detail(self) -> str:
        if self.note:
            return self.note
        return "switched off" if self.disabled else f"role -> {self.role}"


def _where(path: str | Path) -> str:
    return os.path.realpath(path)


def remember_signing_key(path: str | Path, key: bytes | None) -> None:
    if key is None:
        _signing.pop(_where(path), None)
    else:
        _signing[_where(path)] = key


def forget_signing_key(path: str | Path) -> None:
    _signing.pop(_where(path), None)


def held_signing_key(path: str | Path) -> bytes | None:
    """The signing key of the admin signed in to ``path``, if any."""
    return _signing.get(_where(path))


def signing_key(path: str | Path) -> bytes:
    """The signing key of the admin signed in to ``path``, or a plain refusal."""
    key = _signing.get(_where(path))
    if key is None:
        raise InvalidInput(
            "Your key slot was made before key slots were signed, so it cannot vouch for "
            "changes to accounts. Ask another admin to give you a new password once "
            "(`painclinic users reset NAME`), then try again."
        )
    return key


def is_signed(path: str | Path) -> bool:
    return keys.load(path).service_key is not None


def check_database_agrees(store: Store, keyfile: keys.KeyFile) -> None:
    """The key file's signing key must be the one the database names: a key file with its
    signing key removed or replaced is refused (the database cannot be edited without the
    data key)."""
    named = store.setting(SETTING)
    allowed = {keyfile.service_key}
    if keyfile.pending:
        allowed.add(keyfile.pending["service_key"])
    if named is None:
        return  # not signed yet, or signed just now (an admin's sign-in tells the database)
    if named not in allowed:
        raise SlotNotSigned(
            "The key file beside this database does not belong with it (its signing key "
            "has been removed or replaced), so nobody can sign in with it. Restore the key "
            "file from the latest backup, or ask the admin."
        )


# --- signing a database made before signed slots ------------------------------------------


def upgrade(store: Store, admin: str, password: str, data_key: bytes) -> bytes:
    """At the first admin sign-in: a signing key, the admin's own slot made anew, and every
    other slot signed as it stands (with the role the accounts list gives it)."""
    key = signed_slots.new_signing_key()
    roles = {a.key: a for a in accounts.all_accounts(store)}
    admin_key = keyslots.account_key(admin)
    with keys.update(store.path) as keyfile:
        if keyfile.service_key is not None:
            raise SlotNotSigned("The key slots were signed by another sign-in just now.")
        signed = []
        for slot in keyfile.slots:
            if slot.kind == RECOVERY:
                signed.append(signed_slots.sign_legacy(slot, None, slot.state, key))
            elif slot.user == admin_key:
                signed.append(
                    signed_slots.make(
                        password, slot.kind, slot.user, permissions.ADMIN, data_key, key, True
                    )
                )
            else:
                account = roles.get(slot.user or "")
                if account is None or not account.active:
                    if slot.state != SWITCHED_OFF:
                        slot = keyslots.retire(slot, data_key)
                    signed.append(signed_slots.sign_legacy(slot, None, SWITCHED_OFF, key))
                else:
                    signed.append(signed_slots.sign_legacy(slot, account.role, slot.state, key))
        keyfile.slots = signed
        keyfile.service_key = signed_slots.public_of(key)
    with store.atomic():
        store.set_setting(SETTING, signed_slots.public_of(key))
        audit.append(
            store,
            audit.Entry(
                admin,
                audit.USER_MANAGEMENT,
                "accounts",
                detail=f"key slots signed ({len(signed)})",
            ),
        )
        sign_head(store, key, actor=admin, first=True)
    return key


def tell_database(store: Store, keyfile: keys.KeyFile, signing: bytes) -> None:
    """Make sure the database names the signing key (a sign-in may have been cut short
    between signing the key file and telling the database)."""
    public = signed_slots.public_of(signing)
    if store.setting(SETTING) is None and keyfile.service_key == public:
        store.set_setting(SETTING, public)


def refound(store: Store, admin: str, data_key: bytes) -> bytes:
    """With the recovery key, when its slot cannot vouch (it was made before signing): a new
    signing key for the same data key; every slot sealed and signed again. The database is
    told first, so an interruption is mended by running the recovery again."""
    key = signed_slots.new_signing_key()
    public = signed_slots.public_of(key)
    with store.atomic():
        store.set_setting(SETTING, public)
        audit.append(
            store,
            audit.Entry(
                admin, audit.USER_MANAGEMENT, "accounts", detail="new signing key (recovery)"
            ),
        )
    with keys.update(store.path) as keyfile:
        keyfile.pending = None
        slots = []
        for slot in keyfile.slots:
            if slot.public is None:
                slots.append(signed_slots.sign_legacy(slot, slot.role, slot.state, key))
            else:
                carries = slot.kind == RECOVERY or slot.role == permissions.ADMIN
                slots.append(signed_slots.seal_for(slot, data_key, key if carries else None, key))
        keyfile.slots = slots
        keyfile.service_key = public
    # The recovery key vouches for the trail as it stands (signatures by the key it replaced
    # can no longer be checked).
    sign_head(store, key, actor=admin, first=True)
    return key


# --- changing the data key ------------------------------------------------------------------


def change_keys(store: Store, change: Change, progress: Progress | None = None) -> list[str]:
    """Switch off or change the role of one account with a new data key and signing key.
    Returns notes for the admin (e.g. accounts that need a new password)."""
    say = progress or (lambda _text: None)
    old_signing = signing_key(store.path)
    data_key, new_signing = keyslots.new_data_key(), signed_slots.new_signing_key()
    say("1 of 4: preparing the new keys for each account")
    with keys.update(store.path) as keyfile:
        if keyfile.pending:
            raise InvalidInput("A change of keys is still being finished; sign in again first.")
        next_slots, notes = _next_slots(keyfile.slots, change, data_key, new_signing)
        public = signed_slots.public_of(new_signing)
        body = _pending_body(public, change, next_slots)
        keyfile.pending = {
            **body,
            "endorsement": signed_slots.sign_text(old_signing, _endorsed(body)),
            "previous_key": keyfile.service_key,
            "predecessor": signed_slots.sign_text(
                new_signing, signed_slots.predecessor_text(keyfile.service_key or "")
            ),
        }
    pending = keys.load(store.path).pending or {}
    say("2 of 4: re-encrypting the database with the new key")
    _rekey(store, data_key)
    say("3 of 4: recording the change")
    _apply(store, pending)
    say("4 of 4: handing the new key to the remaining accounts")
    _promote(store.path)
    remember_signing_key(store.path, new_signing)
    sign_head(store, new_signing, actor=change.by)
    return notes


def _next_slots(
    slots: list[Slot], change: Change, data_key: bytes, new_signing: bytes
) -> tuple[list[Slot], list[str]]:
    result, notes = [], []
    for slot in slots:
        role, state = slot.role, slot.state
        if slot.user == change.account and slot.kind != RECOVERY:
            role = change.role
            state = SWITCHED_OFF if change.disabled else state
        if slot.public is None:  # made before signing: it can only hold the old key
            if state != SWITCHED_OFF:
                state = signed_slots.RESET_NEEDED
                notes.append(
                    "the recovery key no longer works: make a new one now"
                    if slot.kind == RECOVERY
                    else f"{slot.user} needs a new password from an admin"
                )
            result.append(signed_slots.sign_legacy(slot, role, state, new_signing))
            continue
        carries = slot.kind == RECOVERY or (role == permissions.ADMIN and state != SWITCHED_OFF)
        result.append(
            signed_slots.seal_for(
                slot, data_key, new_signing if carries else None, new_signing, state, role
            )
        )
    return result, notes


def _pending_body(public: str, change: Change, slots: list[Slot]) -> dict:
    return {
        "service_key": public,
        "change": change.__dict__,
        "slots": [s.to_json() for s in slots],
    }


def _endorsed(body: dict) -> str:
    """What the current signing key vouches for: the next key and the change itself (the
    slots are signed by the next key)."""
    return "painclinic-next-key:" + json.dumps(
        [body["service_key"], body["change"]], sort_keys=True, separators=(",", ":")
    )


def pending_is_vouched_for(keyfile: keys.KeyFile) -> bool:
    pending = keyfile.pending
    if not pending or keyfile.service_key is None:
        return False
    return signed_slots.verify_text(
        keyfile.service_key, _endorsed(pending), pending.get("endorsement")
    )


def _rekey(store: Store, data_key: bytes) -> None:
    opening_check.wait_for(store.path)  # its connection reads with the old key
    rekey(store.conn, data_key)
    held = unlocked(store.path)
    remember_key(store.path, data_key, held.role if held else None)


def _apply(store: Store, pending: dict) -> None:
    """Part 3: the account change, its audit row and the new public key; done once."""
    if store.setting(SETTING) == pending["service_key"]:
        return
    change = Change(**pending["change"])
    with store.atomic():
        if change.disabled:
            accounts.set_disabled(store, change.account, change.at, change.by)
        else:
            accounts.set_role(store, change.account, change.role)
        store.set_setting(SETTING, pending["service_key"])
        audit.append(
            store,
            audit.Entry(
                change.by,
                audit.USER_MANAGEMENT,
                "accounts",
                change.account,
                detail=f"{change.detail()}; new data key and signing key",
            ),
        )
        if pending.get("previous_key") and pending.get("predecessor"):
            audit.append(
                store,
                audit.Entry(
                    change.by,
                    audit.KEY_CHANGED,
                    detail=" ".join(
                        (pending["previous_key"], pending["service_key"], pending["predecessor"])
                    ),
                ),
            )


def _promote(path: Path) -> None:
    with keys.update(path) as keyfile:
        if keyfile.pending:
            keyfile.slots = keyfile.pending_slots()
            keyfile.service_key = keyfile.pending["service_key"]
            keyfile.pending = None


# --- finishing a change of keys that was interrupted --------------------------------------


def key_that_opens(path: Path, new_key: bytes, old_key: bytes | None) -> bytes:
    """During an interrupted change: the new key if the database already has it; otherwise
    re-encrypt it now (part 2) with the old key. Returns the new key."""
    if old_key is not None and not opens_with(path, new_key) and opens_with(path, old_key):
        conn = connect(path, old_key)
        try:
            rekey(conn, new_key)
        finally:
            conn.close()
    return new_key  # opening with it reports any damage plainly


def finish(store: Store, keyfile: keys.KeyFile) -> None:
    """Parts 3 and 4 of an interrupted change, once the database opens with the new key."""
    if keyfile.pending:
        _apply(store, keyfile.pending)
        _promote(store.path)
