"""Service-wide settings kept in the database: the service's name and contact, MIDs,
small-number suppression, how files about a client are named."""

from __future__ import annotations

import json

from ..core.errors import InvalidInput
from ..core.file_names import ANONYMOUS, FILE_NAME_STYLES, RECOGNISABLE
from ..core.measures import MeasureSettings
from ..core.permissions import MANAGE_USERS
from ..store.database import Store
from .session import require

DEFAULT_SERVICE_NAME = "Community Persistent Pain Service"


def service_details(store: Store) -> dict:
    return {
        "name": store.setting("service_name") or DEFAULT_SERVICE_NAME,
        "address": store.setting("service_address") or "",
        "phone": store.setting("service_phone") or "",
    }


def measure_settings(store: Store) -> MeasureSettings:
    """MIDs the service has set (``{"phq9/total": -5, ...}``), over the MEASURES.md defaults."""
    raw = json.loads(store.setting("mids") or "{}")
    mids = {tuple(key.split("/", 1)): float(value) for key, value in raw.items()}
    return MeasureSettings(mids=mids)


def suppress_small_numbers(store: Store) -> bool:
    return store.setting("suppress_small_numbers") == "1"


# Where a file about a client is named -> the setting and its default. GP summaries made for
# a month's discharges go straight into the admin's folder (no file dialog, so no recent-files
# list) and must be told apart: recognisable. A name suggested in a save dialog lands in the
# computer's recent-files list: anonymous unless the service chooses otherwise.
BATCH_FOLDER = "batch_folder"
SAVE_DIALOG = "save_dialog"
FILE_NAME_SETTINGS = {
    BATCH_FOLDER: ("file_names_batch_folder", RECOGNISABLE),
    SAVE_DIALOG: ("file_names_save_dialog", ANONYMOUS),
}


def file_name_style(store: Store, where: str) -> str:
    """``recognisable`` or ``anonymous`` for files named at ``where``."""
    key, default = FILE_NAME_SETTINGS[where]
    value = store.setting(key)
    return value if value in FILE_NAME_STYLES else default


def set_file_name_style(store: Store, where: str, style: str) -> None:
    """Service settings are the admin's (the role that manages accounts)."""
    require(MANAGE_USERS)
    if style not in FILE_NAME_STYLES:
        raise InvalidInput(f"file names are {' or '.join(FILE_NAME_STYLES)}, not {style!r}")
    store.set_setting(FILE_NAME_SETTINGS[where][0], style)


def set_suppress_small_numbers(store: Store, suppress: bool) -> None:
    require(MANAGE_USERS)
    store.set_setting("suppress_small_numbers", "1" if suppress else "0")


def planned_referrals(store: Store, year: int) -> int | None:
    """The number of referrals the service planned (was commissioned for) in ``year``."""
    planned = json.loads(store.setting("planned_referrals") or "{}")
    value = planned.get(str(year))
    return int(value) if value else None


def set_planned_referrals(store: Store, year: int, number: int | None) -> None:
    require(MANAGE_USERS)
    if number is not None and not 0 < number <= 1_000_000:
        raise InvalidInput("planned referrals should be a whole number above 0", "planned")
    planned = json.loads(store.setting("planned_referrals") or "{}")
    if number is None:
        planned.pop(str(year), None)
    else:
        planned[str(year)] = number
    store.set_setting("planned_referrals", json.dumps(planned, sort_keys=True))
