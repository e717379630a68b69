"""The key slots file beside a service database (``painclinic.db.keys``).

It holds no patient data and no key in the clear: only each account's slot (the data key
wrapped under that person's password), the recovery slot, and the count of wrong passwords
per name. Wrong passwords happen before anyone has the key, so they wait here
(``pending_audit``) until the next successful sign-in writes them into the audit trail.

Every read-modify-write of the file happens under a lock file beside it (``update``), taken by
every process: two sign-ins at the same moment cannot both read "no failures yet", and one
cannot overwrite the failure another has just counted.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from ..core.errors import NotADatabase
from ..core.keyslots import RECOVERY, Slot, account_key
from ..core.security_errors import SignInDelayed
from .connection import keys_path
from .files import write_atomically

FORMAT = "painclinic-keys"
VERSION = 1  # slots made before signing
SIGNED_VERSION = 2  # signed slots (``core/signed_slots.py``): older versions must not read it
UNKNOWN_NAME = "(unknown name)"  # the audit label of a name that has no account
LOCK_WAIT_SECONDS = 30


@dataclass
class KeyFile:
    slots: list[Slot] = field(default_factory=list)
    failures: dict[str, dict[str, Any]] = field(default_factory=dict)
    pending_audit: list[dict[str, Any]] = field(default_factory=list)
    name_salt: str = ""  # keys the back-off of unknown names without storing what was typed
    service_key: str | None = None  # the service signing key's public half
    # A change of keys under way (``services/key_change.py``): the next service key, vouched
    # for by the current one, each slot as it will be, and the account change that caused it.
    pending: dict[str, Any] | None = None
    # Partners' accounts moved out to a community database: account key -> its file name,
    # told to the person (after their right password) instead of "switched off".
    moved: dict[str, str] = field(default_factory=dict)

    def pending_slots(self) -> list[Slot]:
        return [Slot.from_json(s) for s in (self.pending or {}).get("slots", [])]

    def pending_slot_for(self, name: str) -> Slot | None:
        wanted = account_key(name)
        return next(
            (s for s in self.pending_slots() if s.kind != RECOVERY and s.user == wanted), None
        )

    def slot_for(self, name: str) -> Slot | None:
        wanted = account_key(name)
        return next((s for s in self.slots if s.kind != RECOVERY and s.user == wanted), None)

    def recovery_slot(self) -> Slot | None:
        return next((s for s in self.slots if s.kind == RECOVERY), None)

    def put(self, slot: Slot) -> None:
        """Add a slot, replacing the same person's (or the recovery) slot."""
        self.slots = [s for s in self.slots if (s.kind, s.user) != (slot.kind, slot.user)]
        self.slots.append(slot)

    def remove(self, name: str) -> None:
        wanted = account_key(name)
        self.slots = [s for s in self.slots if s.kind == RECOVERY or s.user != wanted]

    def failure_count(self, who: str) -> tuple[int, str | None]:
        entry = self.failures.get(who, {})
        return int(entry.get("count", 0)), entry.get("last")

    def backoff_key(self, name: str) -> str:
        """Whose back-off a typed name counts against: an account's own name, or for a name
        with no account a keyed hash of it, so each unknown name backs off on its own (as a
        known one does) and a typed name, perhaps a password typed in the wrong box, is not
        kept."""
        if self.slot_for(name) is not None:
            return account_key(name)
        if not self.name_salt:
            self.name_salt = secrets.token_hex(16)
        digest = hmac.new(bytes.fromhex(self.name_salt), account_key(name).encode(), hashlib.sha256)
        return "?" + digest.hexdigest()[:24]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": SIGNED_VERSION if self.service_key else VERSION,
            "slots": [s.to_json() for s in self.slots],
            "failures": self.failures,
            "pending_audit": self.pending_audit,
            "name_salt": self.name_salt,
            "service_key": self.service_key,
            "pending": self.pending,
            "moved": self.moved,
        }


def load(db_path: str | Path) -> KeyFile:
    """The slots of ``db_path``; an empty KeyFile when there is none yet."""
    path = keys_path(db_path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return KeyFile()
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotADatabase(
            f"The key file {path.name} is damaged. Restore it from the "
            "latest backup (each backup keeps its key file)."
        ) from exc
    if doc.get("format") != FORMAT or doc.get("version") not in (VERSION, SIGNED_VERSION):
        raise NotADatabase(f"{path.name} is not a PainClinic key file this version can read.")
    return KeyFile(
        slots=[Slot.from_json(s) for s in doc.get("slots", [])],
        failures=dict(doc.get("failures", {})),
        pending_audit=list(doc.get("pending_audit", [])),
        name_salt=str(doc.get("name_salt", "")),
        service_key=doc.get("service_key"),
        pending=doc.get("pending"),
        moved=dict(doc.get("moved", {})),
    )


def save(db_path: str | Path, keyfile: KeyFile) -> None:
    text = json.dumps(keyfile.to_json(), indent=1, sort_keys=True) + "\n"
    write_atomically(keys_path(db_path), text.encode("utf-8"))


def lock_path(db_path: str | Path) -> Path:
    path = keys_path(db_path)
    return path.with_name(path.name + ".lock")


@contextmanager
def locked(db_path: str | Path) -> Iterator[None]:
    """Hold the key file's lock (between processes, and between threads of this one)."""
    lock = FileLock(lock_path(db_path), timeout=LOCK_WAIT_SECONDS, mode=0o600)
    try:
        lock.acquire()
    except Timeout:
        raise SignInDelayed(
            "Another sign-in or account change is holding the key file. Please try again "
            "in a moment.",
            LOCK_WAIT_SECONDS,
        ) from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def update(db_path: str | Path) -> Iterator[KeyFile]:
    """Read, change and write the key file as one step no other process can interleave."""
    with locked(db_path):
        keyfile = load(db_path)
        yield keyfile
        save(db_path, keyfile)
