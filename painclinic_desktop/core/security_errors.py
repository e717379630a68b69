"""Expected errors of signing in, permissions, encryption and the disk, each in plain words.

They are ``PainClinicError`` subclasses, so the command line prints them and the UI shows
them as they are.
"""

from __future__ import annotations

from .errors import NotADatabase, PainClinicError


class SignInRequired(NotADatabase):
    """The file is an encrypted service database and nobody has signed in to it."""


class WrongPassword(PainClinicError):
    """The name or the password (or the recovery key) is not right. Deliberately vague."""


class SignInDelayed(PainClinicError):
    """Too many wrong passwords for this name: wait before trying again."""

    def __init__(self, message: str, seconds: int):
        self.seconds = seconds
        super().__init__(message)


class AccountDisabled(PainClinicError):
    pass


class PermissionDenied(PainClinicError):
    """The signed-in account's role does not allow this."""

    def __init__(self, message: str, permission: str):
        self.permission = permission
        super().__init__(message)


class EncryptionUnavailable(PainClinicError):
    """The SQLite library in use is not SQLCipher 4: refuse rather than store plaintext."""


class UnsafeLocation(PainClinicError):
    """A database on a network share or in a cloud-synced folder."""


class DiskFull(PainClinicError):
    """The disk is full (or the database reached its size limit); nothing was saved."""


class StoreLocked(PainClinicError):
    """The app is locked: the key has been dropped until someone signs in again."""


class BackupFailed(PainClinicError):
    pass


class SlotNotSigned(PainClinicError):
    """A key slot the service signing key does not vouch for (forged, or changed by hand)."""


class PasswordResetNeeded(PainClinicError):
    """An old-style slot after a change of keys: the admin must give the person a password."""


class DatabaseInUse(PainClinicError):
    """Another program has the database open (or is restoring it): a restore must wait."""


class DatabaseReplaced(PainClinicError):
    """The database file was replaced under an open connection: nothing more is written."""


class DatabaseBusy(PainClinicError):
    """Another program kept the database busy (saving) for longer than a save will wait."""
