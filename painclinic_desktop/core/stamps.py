"""Identity and authorship of new and changed records: UUID, timestamps, author."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any


def new_id() -> str:
    return str(uuid.uuid4())


def now_iso() -> str:
    """Local time with its UTC offset, as BUNDLE.md date-times are written."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def created(record: dict[str, Any], author: str) -> dict[str, Any]:
    """A copy of a new record with an id (unless it has one), timestamps and author."""
    stamp = now_iso()
    return {"id": new_id(), **record, "created_at": stamp, "updated_at": stamp, "author": author}


def updated(record: dict[str, Any], author: str) -> dict[str, Any]:
    """A copy of a changed record with a fresh ``updated_at``; the creator is kept."""
    return {**record, "updated_at": now_iso(), "author": record.get("author") or author}
