"""The 10 Footsteps and the education modules, loaded from the service-editable resources.

`resources/footsteps.json` and `resources/modules.json` are data the service may reword; the
numbers (footsteps) and codes (modules) are fixed because records refer to them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from painclinic_desktop.core.codes import FOOTSTEPS, MODULES
from painclinic_desktop.core.errors import InvalidInput
from painclinic_desktop.resources_path import resource

RESOURCE_KINDS = ("book", "handout", "leaflet", "audio", "link", "session", "other")


@dataclass(frozen=True)
class FootstepResource:
    """Something given to the client: a handout, the pain management book, audio, a leaflet."""

    kind: str
    title: str


@dataclass(frozen=True)
class Footstep:
    number: int
    title: str
    description: str
    statements: tuple[str, ...]
    resources: tuple[FootstepResource, ...]


@dataclass(frozen=True)
class Module:
    code: str
    tier: int
    title: str
    hours: float | None


def footsteps(path: Path | None = None) -> list[Footstep]:
    """The ten footsteps in order 1..10."""
    path = path or resource("footsteps.json")
    return list(_load_footsteps(str(path), _mtime(path)))


def footstep(number: int, path: Path | None = None) -> Footstep:
    if number not in FOOTSTEPS:
        raise InvalidInput(f"there is no footstep {number!r}: footsteps are 1 to 10", "footstep")
    return footsteps(path)[number - 1]


def modules(path: Path | None = None) -> list[Module]:
    """The Tier 1 module then the Tier 2 modules, in the order of the service's list."""
    path = path or resource("modules.json")
    return list(_load_modules(str(path), _mtime(path)))


def _mtime(path: Path) -> int:
    try:
        return Path(path).stat().st_mtime_ns
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}", str(path)) from exc


def _read(path: str, key: str) -> list:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"cannot read {path}: {exc}", path) from exc
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InvalidInput(f"{path} has no list called '{key}'", key)
    return entries


# Cached by path and modification time, so an edited file is read again.
@lru_cache(maxsize=8)
def _load_footsteps(path: str, _mtime_ns: int) -> tuple[Footstep, ...]:
    entries = _read(path, "footsteps")
    steps = tuple(_footstep_from(entry, path) for entry in entries)
    numbers = [step.number for step in steps]
    if numbers != list(FOOTSTEPS):
        raise InvalidInput(f"{path} must list footsteps 1 to 10 in order; it lists {numbers}")
    return steps


def _footstep_from(entry: dict, path: str) -> Footstep:
    number = entry.get("number")
    where = f"{path}, footstep {number!r}"
    if isinstance(number, bool) or not isinstance(number, int):
        raise InvalidInput(f"{where}: 'number' must be a whole number 1 to 10", "number")
    for field in ("title", "description"):
        if not isinstance(entry.get(field), str) or not entry[field].strip():
            raise InvalidInput(f"{where}: '{field}' must be non-empty text", field)
    statements = entry.get("statements") or []
    if not all(isinstance(s, str) and s.strip() for s in statements):
        raise InvalidInput(f"{where}: every statement must be non-empty text", "statements")
    return Footstep(
        number=number,
        title=entry["title"].strip(),
        description=entry["description"].strip(),
        statements=tuple(s.strip() for s in statements),
        resources=tuple(_resource_from(r, where) for r in entry.get("resources") or []),
    )


def _resource_from(entry: dict, where: str) -> FootstepResource:
    kind, title = entry.get("kind"), entry.get("title")
    if kind not in RESOURCE_KINDS:
        raise InvalidInput(f"{where}: resource kind {kind!r} is not one of {RESOURCE_KINDS}")
    if not isinstance(title, str) or not title.strip():
        raise InvalidInput(f"{where}: every resource needs a title", "resources")
    return FootstepResource(kind=kind, title=title.strip())


@lru_cache(maxsize=8)
def _load_modules(path: str, _mtime_ns: int) -> tuple[Module, ...]:
    found = tuple(_module_from(entry, path) for entry in _read(path, "modules"))
    codes = tuple(m.code for m in found)
    if codes != MODULES:
        raise InvalidInput(f"{path} must list the modules {list(MODULES)} in that order")
    return found


def _module_from(entry: dict, path: str) -> Module:
    code, tier, title, hours = (entry.get(k) for k in ("code", "tier", "title", "hours"))
    if not isinstance(code, str) or tier not in (1, 2):
        raise InvalidInput(f"{path}: module {code!r} needs a code and a tier (1 or 2)", "code")
    if not isinstance(title, str) or not title.strip():
        raise InvalidInput(f"{path}: module {code!r} needs a title", "title")
    if hours is not None and (not isinstance(hours, int | float) or hours <= 0):
        raise InvalidInput(f"{path}: module {code!r} hours must be positive")
    return Module(code=code, tier=tier, title=title.strip(), hours=hours)
