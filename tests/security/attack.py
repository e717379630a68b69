"""What the attack tests compare: every record of a database, as an export shows them."""

from __future__ import annotations

from pathlib import Path

from painclinic_desktop.core.codes import COLLECTIONS
from painclinic_desktop.services import accounts, bundles, session
from painclinic_desktop.store import connection

from .conftest import ADMIN, PASSWORDS


def export_of(path: Path) -> dict:
    """Every collection of the database at ``path``, exported by the admin (then signed out
    and forgotten, so nothing of this process keeps the file open)."""
    store = accounts.sign_in(path, ADMIN, PASSWORDS["admin"])
    try:
        doc = bundles.export_bundle(store)
    finally:
        store.close()
        session.sign_out()
        connection._unlocked.clear()
    return {c: doc[c] for c in COLLECTIONS}
