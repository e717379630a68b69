"""The service's postcode -> IMD decile lookup: loaded from its CSV file, used at intake.

A decile found from the postcode fills an empty decile only: a decile someone typed, or one a
referral file carried, is never overwritten.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from ..core.errors import InvalidInput
from ..core.imd import LookupRow, postcode_key, read_lookup
from ..core.permissions import MANAGE_USERS
from ..store import imd as table
from ..store.database import Store
from .session import require

LOADED_SETTING = "imd_lookup_loaded"


def load_lookup_file(store: Store, path: str | Path) -> int:
    """Replace the lookup with the file's rows (all or nothing); the number of postcodes."""
    require(MANAGE_USERS)  # a service setting: the admin's
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput(f"There is no file {path}.", "file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            f"{path.name} could not be read as a CSV file ({exc}).", "file"
        ) from None
    rows = read_lookup(text)
    with store.atomic():
        table.replace_lookup(store, rows)
        about = {"file": path.name, "loaded_on": date.today().isoformat(), "postcodes": len(rows)}
        store.set_setting(LOADED_SETTING, json.dumps(about))
    return len(rows)


def lookup_loaded(store: Store) -> dict[str, Any] | None:
    """{file, loaded_on, postcodes} of the lookup in use, or None when none is loaded."""
    raw = store.setting(LOADED_SETTING)
    return json.loads(raw) if raw else None


def find_postcode(store: Store, postcode: str | None) -> LookupRow | None:
    key = postcode_key(postcode)
    return table.find(store, key) if key else None


def with_decile_from_postcode(store: Store, client: dict[str, Any]) -> dict[str, Any]:
    """The client with the decile of their postcode, where none is given and it matches."""
    if client.get("imd_decile") is not None:
        return client
    found = find_postcode(store, client.get("postcode"))
    return {**client, "imd_decile": found.imd_decile} if found else client
