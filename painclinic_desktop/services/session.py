"""Who is working: the signed-in account, its role, and what that role may do.

Signing in (``services/accounts.sign_in``) sets the session. With nobody signed in (an
unencrypted practice or demo database, which has no accounts) the author of records is the
computer's login name (or PAINCLINIC_STAFF) and the role is None, which the permission
matrix treats as unrestricted. A service database cannot be opened without signing in.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

from ..core import permissions
from ..core.security_errors import PermissionDenied


@dataclass(frozen=True)
class SignedIn:
    name: str
    role: str | None


_signed_in: SignedIn | None = None

_ROLE_WORDS = {
    permissions.ADMIN: "admin",
    permissions.COACH: "health coach",
    permissions.SOCIAL_PRESCRIBER: "social prescriber",
    permissions.CLINICIAN: "clinician",
    permissions.COMMUNITY_PARTNER: "community partner",
}
_PERMISSION_WORDS = {
    permissions.VIEW_CASELOAD: "see the caseload",
    permissions.EDIT_INTAKE: "register clients or referrals",
    permissions.VIEW_CLINICAL: "read clinical records (notes, assessments, plans)",
    permissions.EDIT_CLINICAL: "write clinical records (notes, assessments, plans)",
    permissions.TAKE_REGISTERS: "take registers",
    permissions.EDIT_DIRECTORY: "change the community directory",
    permissions.IMPORT_BUNDLE: "import bundles",
    permissions.EXPORT_BUNDLE: "export bundles",
    permissions.PARTNER_BUNDLE: "export or import partner bundles",
    permissions.EXPORT_MONTHLY_RETURN: "export the monthly return",
    permissions.PRINT_GP_SUMMARY: "print GP summaries",
    permissions.MANAGE_USERS: "manage user accounts",
    permissions.BACKUP_RESTORE: "back up or restore the database",
    permissions.VIEW_AUDIT: "read the audit trail",
    permissions.RUN_TRAINING: "run staff training courses",
    permissions.COST_PROGRAMMES: "cost programmes",
}


def sign_in_as(name: str, role: str | None = None) -> None:
    global _signed_in
    _signed_in = SignedIn(name, role)


def sign_out() -> None:
    global _signed_in
    _signed_in = None


def signed_in() -> SignedIn | None:
    return _signed_in


def current_staff() -> str:
    if _signed_in:
        return _signed_in.name
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "unknown"
    return os.environ.get("PAINCLINIC_STAFF") or login


def current_role() -> str | None:
    return _signed_in.role if _signed_in else None


def role_words(role: str | None) -> str:
    return _ROLE_WORDS.get(role or "", role or "")


def can(permission: str) -> bool:
    return permissions.allows(current_role(), permission)


def require(*needed: str) -> None:
    """Raise PermissionDenied unless the signed-in role has every one of ``needed``."""
    for permission in needed:
        if not can(permission):
            raise PermissionDenied(
                f"Your account ({role_words(current_role())}) is not allowed to "
                f"{_PERMISSION_WORDS.get(permission, permission)}. Nothing was changed. "
                f"{_who_can(permission)}",
                permission,
            )


def _who_can(permission: str) -> str:
    roles = [role_words(r) for r in permissions.ROLES if permissions.allows(r, permission)]
    return f"Accounts that may: {', '.join(roles)}." if roles else ""
