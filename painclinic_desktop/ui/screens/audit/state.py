"""The audit trail screen without Qt: the filters, checked, and the rows they give."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ....core.errors import InvalidInput
from ....services import audit
from ....services.database import Store

COLUMNS = ("at", "actor", "action", "collection", "record_id", "client_id", "detail")


@dataclass
class AuditFilters:
    actor: str = ""
    client: str = ""  # a client id or an NHS number
    since: str = ""  # YYYY-MM-DD, inclusive
    until: str = ""

    def checked(self) -> dict[str, str | None]:
        for name in ("since", "until"):
            value = getattr(self, name).strip()
            if value:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise InvalidInput(f"{value!r}: give a date as YYYY-MM-DD", name) from None
        return {
            "actor": self.actor.strip() or None,
            "since": self.since.strip() or None,
            "until": self.until.strip() or None,
        }


def client_id_for(store: Store, reference: str) -> str | None:
    if not reference.strip():
        return None
    from ....services.client_reports import find_client_id

    return find_client_id(store, reference)


def load_rows(store: Store, filters: AuditFilters) -> list[dict[str, Any]]:
    """Rows newest first; PermissionDenied unless the signed-in account is an admin."""
    return audit.trail(store, client_id=client_id_for(store, filters.client), **filters.checked())
