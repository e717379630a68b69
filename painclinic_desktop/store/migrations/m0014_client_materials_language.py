"""Migration 0014: a client's materials language (the plan and leaflets printed for them).

A translation-pack code from core/translations.py ("ur", "pa-Guru"…); empty means English.
The outbox triggers are made again so the new column travels to the hub like the others.
Frozen: never edit a released migration; add a new one.
"""

from __future__ import annotations

from typing import Any

from .. import outbox


def apply(conn: Any) -> None:
    conn.execute("ALTER TABLE clients ADD COLUMN materials_language TEXT")
    outbox.install_triggers(conn)
