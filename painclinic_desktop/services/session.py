"""Who is working: the name recorded as author of every record.

Until named accounts are in place this is the computer's login name (or PAINCLINIC_STAFF);
the sign-in screen replaces it with the signed-in account.
"""

from __future__ import annotations

import getpass
import os

_signed_in: str | None = None


def sign_in_as(name: str) -> None:
    global _signed_in
    _signed_in = name


def current_staff() -> str:
    if _signed_in:
        return _signed_in
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "unknown"
    return os.environ.get("PAINCLINIC_STAFF") or login
