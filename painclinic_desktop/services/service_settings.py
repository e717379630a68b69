"""Service-wide settings kept in the database: the service's name and contact, MIDs,
small-number suppression."""

from __future__ import annotations

import json

from ..core.measures import MeasureSettings
from ..store.database import Store

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
