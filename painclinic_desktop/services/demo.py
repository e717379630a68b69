"""Loading the synthetic demo caseload through the normal bundle import path."""

from __future__ import annotations

from datetime import date

from ..core.demo import generate_bundle
from ..store.database import Store
from . import session
from .bundles import ImportSummary, import_bundle


def load_demo(
    store: Store, clients: int, seed: int = 1, today: date | None = None
) -> ImportSummary:
    # The generated bundle says "demo": true, so the database is marked DEMO by the import.
    return import_bundle(store, generate_bundle(clients, seed=seed, today=today))


def practice_staff() -> str:
    """Who someone practising on the demo works as: one of its named, made-up health coaches,
    so records and reports there carry a staff name, never the computer's login."""
    from ..core.demo import demo_staff

    return next(m["name"] for m in demo_staff() if m["role"] == "health_coach")


def practise_as_demo_staff(store: Store) -> None:
    """On a demo caseload nobody signs in (it has no accounts): work as its named coach.
    The role stays None (everything allowed), as for any database without accounts."""
    if store.is_demo and not store.is_encrypted and session.signed_in() is None:
        session.sign_in_as(practice_staff(), None)
