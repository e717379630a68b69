"""What a page of a client record is given: the open store, the signed-in staff member and a
way to ask for the record to be reloaded after a change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..services.database import Store


@dataclass
class RecordContext:
    store: Store
    staff: Callable[[], str]  # the signed-in staff member's name (for "recorded by")
    reload: Callable[[], None]  # reload the record (and the caseload) after a change
