"""The key slots file beside a service database (``painclinic.db.keys``).

It holds no patient data and no key in the clear: only each account's slot (the data key
wrapped under that person's password), the recovery slot, and the count of wrong passwords
per name. Wrong passwords happen before anyone has the key, so they wait here
(``pending_audit``) until the next successful sign-in writes them into the audit trail.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import NotADatabase
from ..core.keyslots import RECOVERY, Slot, account_key
from .connection import keys_path
from .files import write_atomically

FORMAT = "painclinic-keys"
VERSION = 1
UNKNOWN_NAME = "(unknown name)"  # wrong names share one back-off and one audit label


@dataclass
class KeyFile:
    slots: list[Slot] = field(default_factory=list)
    failures: dict[str, dict[str, Any]] = field(default_factory=dict)
    pending_audit: list[dict[str, Any]] = field(default_factory=list)

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

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "slots": [s.to_json() for s in self.slots],
            "failures": self.failures,
            "pending_audit": self.pending_audit,
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
    if doc.get("format") != FORMAT or doc.get("version") != VERSION:
        raise NotADatabase(f"{path.name} is not a PainClinic key file this version can read.")
    return KeyFile(
        slots=[Slot.from_json(s) for s in doc.get("slots", [])],
        failures=dict(doc.get("failures", {})),
        pending_audit=list(doc.get("pending_audit", [])),
    )


def save(db_path: str | Path, keyfile: KeyFile) -> None:
    text = json.dumps(keyfile.to_json(), indent=1, sort_keys=True) + "\n"
    write_atomically(keys_path(db_path), text.encode("utf-8"))
