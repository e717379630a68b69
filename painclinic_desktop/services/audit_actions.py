"""The kinds of audit-trail entry, as the audit screen names and filters them."""

from __future__ import annotations

from ..store.audit import (
    BACKUP,
    CHAIN_SIGNED,
    CREATE,
    EXPORT,
    IMPORT,
    KEY_CHANGED,
    LOCK,
    PRINT,
    RESTORE,
    SIGN_IN,
    SIGN_IN_FAILED,
    SIGN_OUT,
    UPDATE,
    USER_MANAGEMENT,
    VIEW_RECORD,
)

__all__ = [
    "BACKUP",
    "CHAIN_SIGNED",
    "CREATE",
    "EXPORT",
    "IMPORT",
    "KEY_CHANGED",
    "LOCK",
    "PRINT",
    "RESTORE",
    "SIGN_IN",
    "SIGN_IN_FAILED",
    "SIGN_OUT",
    "UPDATE",
    "USER_MANAGEMENT",
    "VIEW_RECORD",
]
