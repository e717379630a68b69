"""Loading the synthetic demo caseload through the normal bundle import path."""

from __future__ import annotations

from datetime import date

from ..core.demo import generate_bundle
from ..store.database import Store
from .bundles import ImportSummary, import_bundle


def load_demo(
    store: Store, clients: int, seed: int = 1, today: date | None = None
) -> ImportSummary:
    # The generated bundle says "demo": true, so the database is marked DEMO by the import.
    return import_bundle(store, generate_bundle(clients, seed=seed, today=today))
