"""The translation packs a service prints client materials with, and their sign-off.

A service starts with the shipped starter packs (not yet reviewed). It may load its own pack
for a language (a file its translation service produced): the pack's text is kept in the
database, so it travels with backups. A reviewer's sign-off is recorded in the app against
the exact text of the pack signed off: a pack changed afterwards is "not yet reviewed" again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..core.errors import InvalidInput
from ..core.permissions import EDIT_INTAKE, MANAGE_USERS
from ..core.stamps import now_iso
from ..core.translations import (
    ENGLISH,
    LANGUAGES,
    Pack,
    pack_from_json,
    shipped_pack,
    signed_off,
)
from ..store import records
from ..store.database import Store
from . import writes
from .session import current_staff, require

_PACK = "translation_pack:"  # + language: the service's own pack (JSON text)
_SIGN_OFF = "translation_sign_off:"  # + language: {"digest", "reviewed_by", "reviewed_on", ...}


def _digest(pack: Pack) -> str:
    text = json.dumps(pack.strings, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{pack.pack_version}\n{text}".encode()).hexdigest()


def materials_pack(store: Store, language: str | None) -> Pack:
    """The pack client materials in `language` are printed with (English: the built-in
    words; an unknown code: English, never an empty page)."""
    language = language or ENGLISH
    if language == ENGLISH or language not in LANGUAGES:
        return shipped_pack(ENGLISH)
    own = store.setting(_PACK + language)
    pack = pack_from_json(own) if own else shipped_pack(language)
    sign_off = json.loads(store.setting(_SIGN_OFF + language) or "null")
    if sign_off and sign_off.get("digest") == _digest(pack):
        return signed_off(pack, sign_off["reviewed_by"], sign_off["reviewed_on"])
    return pack


def pack_status(store: Store, language: str) -> tuple[Pack, bool]:
    """(the pack in use, whether it is the service's own rather than the starter pack)."""
    return materials_pack(store, language), bool(store.setting(_PACK + language))


def load_service_pack(store: Store, path: str | Path) -> Pack:
    """Use the pack in `path` for its language from now on; returns it."""
    require(MANAGE_USERS)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidInput(f"The translation pack could not be read: {exc.strerror}.") from exc
    pack = pack_from_json(raw)
    store.set_setting(_PACK + pack.language, raw.decode("utf-8"))
    return materials_pack(store, pack.language)


def use_starter_pack(store: Store, language: str) -> None:
    """Go back to the shipped starter pack for `language`."""
    require(MANAGE_USERS)
    store.set_setting(_PACK + language, "")


def sign_off(store: Store, language: str, reviewer: str, on: str | None = None) -> Pack:
    """Record that `reviewer` (a qualified translator the service trusts) has reviewed the
    pack now in use for `language`; the plan then no longer says it is unreviewed."""
    require(MANAGE_USERS)
    pack = materials_pack(store, language)
    if pack.language == ENGLISH:
        raise InvalidInput("English needs no translation review.")
    reviewed = signed_off(pack, reviewer, on or now_iso()[:10])
    record = {
        "digest": _digest(pack),
        "reviewed_by": reviewed.reviewed_by,
        "reviewed_on": reviewed.reviewed_on,
        "recorded_by": current_staff(),
    }
    store.set_setting(_SIGN_OFF + language, json.dumps(record, ensure_ascii=False))
    return reviewed


def set_materials_language(store: Store, client_id: str, language: str | None, author: str):
    """Record the language of the client's printed materials (None or "en": English)."""
    require(EDIT_INTAKE)
    if language not in (None, *LANGUAGES):
        raise InvalidInput(f"There is no translation for {language!r}.", "materials_language")
    client = records.get(store, "clients", client_id)
    if client is None:
        raise InvalidInput("That client is no longer on this computer.")
    value = None if language in (None, ENGLISH) else language
    if client.get("materials_language") == value:
        return client
    return writes.change(store, "clients", {**client, "materials_language": value}, author)
