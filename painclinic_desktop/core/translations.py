"""Translation packs: the words of client materials in the client's language, as data.

One file per language in `resources/translations/<code>.json` (a service may load its own,
reviewed pack instead). Each string keeps its English source beside the translation:

    {"format": "painclinic-translation", "version": 1, "language": "ur", "name": "Urdu",
     "native_name": "اردو", "direction": "rtl", "pack_version": "2026.1",
     "reviewed_by": null, "reviewed_on": null,
     "strings": {"plan.title": {"en": "My plan", "text": "میرا منصوبہ"}, ...}}

`words(key, english)` gives the translation only while its English source is the English
the app would print: a missing, empty or out-of-date string (the service reworded a footstep
since the pack was made) prints in English, never as an empty box. A translation that drops
or invents a `{placeholder}` is refused the same way, so no name, date or phone number is lost.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.resources_path import resource

FORMAT = "painclinic-translation"
ENGLISH = "en"
# The shipped packs, in the order the app lists them (English first: no pack needed).
LANGUAGES = ("en", "ur", "pa-Arab", "pa-Guru", "bn", "pl", "ar")
NOT_REVIEWED = "Translation not yet reviewed by a qualified translator"
_PLACEHOLDER = re.compile(r"{(\w+)}")


@dataclass(frozen=True)
class Pack:
    language: str
    name: str  # in English, for staff: "Urdu"
    native_name: str  # in the language itself: "اردو"
    rtl: bool
    pack_version: str
    reviewed_by: str | None
    reviewed_on: str | None
    strings: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    @property
    def reviewed(self) -> bool:
        return bool(self.reviewed_by and self.reviewed_on)

    def words(self, key: str, english: str, **values: Any) -> str:
        """The translation of `english` (filled with `values`), or `english` itself when the
        pack has no usable translation of exactly that English."""
        entry = self.strings.get(key) or {}
        text = (entry.get("text") or "").strip()
        usable = (
            text
            and entry.get("en") == english
            and set(_PLACEHOLDER.findall(text)) == set(_PLACEHOLDER.findall(english))
        )
        chosen = text if usable else english
        return chosen.format(**values) if values else chosen

    def has(self, key: str, english: str) -> bool:
        return self.words(key, english) != english or english == ""


ENGLISH_PACK = Pack(ENGLISH, "English", "English", False, "", "built in", "built in")


def pack_from_json(raw: str | bytes) -> Pack:
    """A pack from its JSON text; InvalidInput says what is wrong with a file that is not one."""
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise InvalidInput(f"This is not a translation pack (not JSON: {exc}).") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput(f'This is not a translation pack (its "format" is not "{FORMAT}").')
    if data.get("version") != 1:
        raise InvalidInput("This translation pack is of a version this app does not read.")
    language = data.get("language")
    if language not in LANGUAGES or language == ENGLISH:
        known = ", ".join(LANGUAGES[1:])
        raise InvalidInput(f"This translation pack's language {language!r} is not one of {known}.")
    strings = data.get("strings")
    if not isinstance(strings, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("en"), str) and isinstance(v.get("text"), str)
        for v in strings.values()
    ):
        raise InvalidInput('Each string of a translation pack needs "en" and "text".')
    return Pack(
        language=language,
        name=str(data.get("name") or language),
        native_name=str(data.get("native_name") or data.get("name") or language),
        rtl=data.get("direction") == "rtl",
        pack_version=str(data.get("pack_version") or ""),
        reviewed_by=data.get("reviewed_by") or None,
        reviewed_on=data.get("reviewed_on") or None,
        strings=strings,
    )


def shipped_pack(language: str) -> Pack:
    """The starter pack shipped with the app (English: the built-in words)."""
    if language == ENGLISH:
        return ENGLISH_PACK
    if language not in LANGUAGES:
        raise InvalidInput(f"There is no translation for {language!r}.")
    path: Path = resource("translations", f"{language}.json")
    return pack_from_json(path.read_bytes())


def signed_off(pack: Pack, reviewer: str, on: str) -> Pack:
    """The pack as a service reviewer signed it off in the app."""
    if not reviewer.strip():
        raise InvalidInput("Say who reviewed the translation.", "reviewer")
    return Pack(
        pack.language,
        pack.name,
        pack.native_name,
        pack.rtl,
        pack.pack_version,
        reviewer.strip(),
        on,
        pack.strings,
    )


def language_name(language: str | None) -> str:
    """ "Urdu (اردو)" for a code; "English" for none."""
    if not language or language == ENGLISH:
        return "English"
    try:
        pack = shipped_pack(language)
    except (InvalidInput, OSError):
        return language
    return f"{pack.name} ({pack.native_name})"
