"""Opening a client's record as the signed-in person: what their role may see, audited.

The connection already reads clinical tables as empty for a role without clinical access;
this leaves those collections out explicitly too, so a screen never shows blank rows where
notes, assessments or plans would be, and records the view in the audit trail.
"""

from __future__ import annotations

from datetime import date

from ..core import permissions
from ..store.database import Store
from . import session
from .audit import record_view
from .caseload import ClientRecord, load_client_record


def open_client_record(store: Store, client_id: str, today: date | None = None) -> ClientRecord:
    session.require(permissions.VIEW_CASELOAD)
    found = load_client_record(store, client_id, today)
    found.records = permissions.visible_collections(session.current_role(), found.records)
    record_view(store, client_id)
    return found
