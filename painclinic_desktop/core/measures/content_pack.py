"""A service's licensed content pack: item wording the app may not ship itself.

WEMWBS/SWEMWBS, BPI, PSEQ and PEG wording is licensed to each service, so the app stores and
scores answers by item number and shows wording only from a local JSON file the service
loads. The format is documented in docs/licensed-content-pack.md. Everything is checked on
load; every problem is an InvalidInput whose message says which file, where in it and why.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.core.measures.definitions import Instrument, instrument, instruments

PACK_FORMAT = "painclinic-content-pack"
PACK_FORMAT_VERSION = 1
_PACK_KEYS = {"format", "format_version", "service", "licence", "instruments"}
_WORDING_KEYS = {"stem", "items", "responses", "item_responses", "attribution"}

Labels = tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class InstrumentWording:
    instrument: str
    items: tuple[str, ...]
    stem: str | None = None
    responses: Labels = ()
    item_responses: Mapping[int, Labels] = field(default_factory=dict)
    attribution: str | None = None

    def responses_for(self, item_number: int) -> Labels:
        """Response labels for one item: its own if the pack gives them, else the shared ones."""
        return self.item_responses.get(item_number, self.responses)


@dataclass(frozen=True)
class ContentPack:
    wordings: Mapping[str, InstrumentWording]
    service: str | None = None
    licence: str | None = None

    def wording(self, instrument_name: str) -> InstrumentWording | None:
        return self.wordings.get(instrument_name)


class _Checker:
    """Raises InvalidInput naming the file and the place in it."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, why: str) -> NoReturn:
        where = where or "top level"
        raise InvalidInput(f"{self.source}: {where}: {why}", field=where)

    def mapping(self, value: Any, where: str, allowed: set[str] | None = None) -> dict:
        if not isinstance(value, dict):
            self.fail(where, "must be a JSON object")
        unknown = sorted(set(value) - allowed) if allowed is not None else []
        if unknown:
            self.fail(f"{where}.{unknown[0]}" if where else unknown[0], "is not a known field")
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "must be non-empty text")
        return value

    def optional_text(self, value: Any, where: str) -> str | None:
        return None if value is None else self.text(value, where)


def load_content_pack(path: str | Path) -> ContentPack:
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as err:
        raise InvalidInput(f"{path}: cannot be read ({err.strerror})", field="file") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}: is not UTF-8 text", field="file") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        raise InvalidInput(
            f"{path}: line {err.lineno} column {err.colno}: not valid JSON ({err.msg})",
            field=f"line {err.lineno}",
        ) from None
    return parse_content_pack(data, source=str(path))


def parse_content_pack(data: Any, source: str = "content pack") -> ContentPack:
    check = _Checker(source)
    pack = check.mapping(data, "", _PACK_KEYS)
    if pack.get("format") != PACK_FORMAT:
        check.fail("format", f'must be "{PACK_FORMAT}"')
    version = pack.get("format_version")
    if version != PACK_FORMAT_VERSION:
        check.fail("format_version", f"{version!r} is not a version this app reads (1)")
    entries = check.mapping(pack.get("instruments"), "instruments")
    if not entries:
        check.fail("instruments", "gives no instruments")
    wordings = {}
    for name, entry in entries.items():
        if name not in instruments():
            check.fail(f"instruments.{name}", "is not an instrument this app scores")
        wordings[name] = _wording(check, instrument(name), entry)
    return ContentPack(
        wordings=MappingProxyType(wordings),
        service=check.optional_text(pack.get("service"), "service"),
        licence=check.optional_text(pack.get("licence"), "licence"),
    )


def _wording(check: _Checker, inst: Instrument, entry: Any) -> InstrumentWording:
    where = f"instruments.{inst.name}"
    entry = check.mapping(entry, where, _WORDING_KEYS)
    items = entry.get("items")
    if not isinstance(items, list) or len(items) != inst.item_count:
        given = f"the pack gives {len(items)}" if isinstance(items, list) else "no list given"
        check.fail(f"{where}.items", f"needs a list of {inst.item_count} item texts; {given}")
    texts = tuple(check.text(t, f"{where}.items[{n}]") for n, t in enumerate(items, start=1))
    per_item = check.mapping(entry.get("item_responses", {}), f"{where}.item_responses")
    item_responses = {}
    for key, labels in per_item.items():
        if key not in {str(n) for n in range(1, inst.item_count + 1)}:
            check.fail(
                f"{where}.item_responses.{key}", f"is not an item number 1-{inst.item_count}"
            )
        item_responses[int(key)] = _labels(check, inst, labels, f"{where}.item_responses.{key}")
    return InstrumentWording(
        instrument=inst.name,
        items=texts,
        stem=check.optional_text(entry.get("stem"), f"{where}.stem"),
        responses=_labels(check, inst, entry.get("responses", {}), f"{where}.responses"),
        item_responses=MappingProxyType(item_responses),
        attribution=check.optional_text(entry.get("attribution"), f"{where}.attribution"),
    )


def _labels(check: _Checker, inst: Instrument, value: Any, where: str) -> Labels:
    """{"0": "label", ...}: keys are answer values within the item range; anchors only is fine."""
    labels = check.mapping(value, where)
    allowed = {str(v): v for v in range(inst.item_min, inst.item_max + 1)}
    for key, label in labels.items():
        if key not in allowed:
            check.fail(f"{where}.{key}", f"is not an answer {inst.item_min}-{inst.item_max}")
        check.text(label, f"{where}.{key}")
    return tuple(sorted((allowed[k], label) for k, label in labels.items()))


def display_items(
    instrument_name: str, pack: ContentPack | None = None
) -> list[tuple[int, str | None]]:
    """(item number, wording or None) to show: the pack's wording first, else what is shipped."""
    inst = instrument(instrument_name)
    wording = pack.wording(inst.name) if pack is not None else None
    if wording is None:
        return inst.items
    return list(enumerate(wording.items, start=1))
