"""The accounts screen without Qt: the rows it lists and the checks made before a change.

Every change goes through ``services/users.py``, the same functions `painclinic users …`
calls, so the GUI and the command line apply one set of rules and write one audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ....core import keyslots, permissions
from ....core.errors import InvalidInput
from ....services import session, users
from ....services.database import Store

# Roles in the order an admin most often gives them.
ROLE_CHOICES = (
    permissions.COACH,
    permissions.SOCIAL_PRESCRIBER,
    permissions.CLINICIAN,
    permissions.COMMUNITY_PARTNER,
    permissions.ADMIN,
)


@dataclass(frozen=True)
class AccountRow:
    name: str
    role: str
    active: bool
    switched_off_on: str  # "06-Dec-2026", or "" while switched on
    last_sign_in: str  # "06-Dec-2026 14:05", or "" when the trail has none


def shown_time(iso: str | None, with_time: bool = True) -> str:
    """NHS style: 06-Dec-2026 (14:05, 24-hour, local time)."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%d-%b-%Y %H:%M" if with_time else "%d-%b-%Y")


def account_rows(store: Store) -> list[AccountRow]:
    """Everyone with an account, switched-on first; PermissionDenied unless an admin."""
    signed_in = users.last_sign_ins(store)
    rows = [
        AccountRow(
            a.name,
            a.role,
            a.active,
            shown_time(a.disabled_at, with_time=False),
            shown_time(signed_in.get(a.key)),
        )
        for a in users.list_accounts(store)
    ]
    return sorted(rows, key=lambda r: (not r.active, r.name.casefold()))


def is_me(name: str) -> bool:
    return keyslots.account_key(name) == keyslots.account_key(session.current_staff())


def check_again(password: str, again: str) -> None:
    """The one check the services cannot make: the password typed twice the same. Every
    other rule (name, duplicate, role, password strength) is the service's own."""
    if password != again:
        raise InvalidInput("The two passwords are not the same.", "again")


def handover_words(name: str, role: str) -> str:
    """What to tell the admin once an account is ready, as plain text."""
    return (
        f"{name} can now sign in as {session.role_words(role)}.\n\n"
        "Give them the password in person, or read it to them on the telephone once you "
        "are sure who they are. Never send it by email or text message, and do not write "
        "it on the laptop.\n\n"
        "Ask them to choose their own password the first time they sign in "
        "(File ▸ Change my password…)."
    )


def switch_off_words(name: str) -> str:
    return (
        f"Switch off {name}'s account now?\n\n"
        f"{name} will not be able to sign in again on this laptop. Everything they "
        "recorded stays, with their name on it. An admin can switch the account back on by "
        "giving it a new password (Reset password…)."
    )
