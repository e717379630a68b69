"""The one place database connections are made, all through SQLCipher 4.

Every connection comes from ``connect`` so that the pragmas that keep data safe (WAL,
synchronous=FULL, foreign keys, in-memory temp store, secure delete) are never forgotten,
and so that one library opens every file: SQLCipher reads an unencrypted practice database
when no key is given, and an encrypted service database only with its raw 256-bit data key.

Keys of databases someone has signed in to are kept here in memory (``remember_key``) so a
worker thread can open its own connection by path; locking the app forgets them. The signed-
in role travels with the key: each connection refuses ATTACH of any file and, for a role without
clinical access, reads clinical tables as empty and clinical columns as blank.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3.dbapi2 as driver

from ..core.audit_chain import sql_row_hash
from ..core.errors import DatabaseDamaged, NotADatabase
from ..core.permissions import hidden_for
from ..core.security_errors import EncryptionUnavailable, SignInRequired
from ..paths import keys_path  # noqa: F401  (where it was always imported from)
from . import in_use

DatabaseError = driver.DatabaseError
OperationalError = driver.OperationalError
IntegrityError = driver.IntegrityError

SQLITE_HEADER = b"SQLite format 3\x00"

_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    # Temporary tables and sort spills stay in memory: nothing lands in plaintext temp files.
    "PRAGMA temp_store=MEMORY",
    "PRAGMA secure_delete=ON",
    "PRAGMA busy_timeout=5000",
)


class Guard:
    """What this connection may do beyond reading and writing records: the authorizer reads
    it. Schema changes only while the migration runner (or a bulk import's index rebuild)
    holds it open; audit rows only through ``store/audit.append``."""

    def __init__(self) -> None:
        self.migrating = False
        self.rebuilding_indexes = False
        self.appending_audit = False


class Connection(driver.Connection):
    """A SQLCipher connection that remembers its key, so copies are keyed the same way, and
    the file it opened, so a write can tell that the file was replaced under it."""

    data_key: bytes | None = None
    role: str | None = None  # what the authorizer lets this connection read and write
    guard: Guard
    held: Path | None = None  # marked as open by this process (``in_use``) until closed
    file_identity: tuple[int, int] | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.guard = Guard()

    def close(self) -> None:
        super().close()
        if self.held is not None:
            held, self.held = self.held, None
            in_use.release(held)

    def is_replaced(self) -> bool:
        """True when the file at the path is no longer the one this connection opened (a
        restore, or someone moving files by hand): its writes would be lost."""
        if self.held is None or self.file_identity is None:
            return False
        try:
            return _file_identity(self.held) != self.file_identity
        except OSError:
            return True


@contextmanager
def allowing(conn: Connection, permit: str) -> Iterator[None]:
    """Let ``conn`` do one guarded thing (``migrating``, ``rebuilding_indexes`` or
    ``appending_audit``) for the length of the block."""
    setattr(conn.guard, permit, True)
    try:
        yield
    finally:
        setattr(conn.guard, permit, False)


def _file_identity(path: Path) -> tuple[int, int]:
    found = os.stat(path)
    return found.st_dev, found.st_ino


@dataclass(frozen=True)
class Unlocked:
    key: bytes
    role: str | None


_unlocked: dict[str, Unlocked] = {}


def _identity(path: str | Path) -> str:
    return os.path.realpath(path)


def remember_key(path: str | Path, key: bytes, role: str | None) -> None:
    _unlocked[_identity(path)] = Unlocked(key, role)


def forget_key(path: str | Path) -> None:
    _unlocked.pop(_identity(path), None)


def unlocked(path: str | Path) -> Unlocked | None:
    return _unlocked.get(_identity(path))


def looks_encrypted(path: str | Path) -> bool:
    """True for a non-empty file that is not plain SQLite (encrypted, or something else)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return False
    return bool(head) and head != SQLITE_HEADER


def create_private_file(path: Path) -> None:
    """Create an empty file only its owner can read; SQLite gives -wal/-shm the same mode."""
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def connect(path: str | Path, key: bytes | None = None) -> Connection:
    """Open (or create) the database at ``path`` with the service's pragmas.

    Without ``key`` the key remembered at sign-in is used; an encrypted file with no key is
    refused (SignInRequired), never opened as something else. Autocommit at the driver
    level: transactions are always explicit (``Store.atomic``).
    """
    path = Path(path)
    remembered = unlocked(path)
    if key is None and remembered is not None:
        key = remembered.key
    if key is None and looks_encrypted(path):
        _refuse_without_key(path)
    in_use.hold(path)  # DatabaseInUse while a restore of it is under way
    try:
        conn = driver.connect(
            str(path), isolation_level=None, check_same_thread=False, factory=Connection
        )
    except BaseException:
        in_use.release(path)
        raise
    conn.held = path
    try:
        conn.file_identity = _file_identity(path)
        _key(conn, key)
        _first_read(conn, path, key)
        for pragma in _PRAGMAS:
            conn.execute(pragma)
        conn.create_function("painclinic_audit_hash", 9, sql_row_hash, deterministic=True)
        apply_role(conn, remembered.role if remembered else None)
    except BaseException:
        conn.close()
        raise
    return conn


def _refuse_without_key(path: Path) -> None:
    if keys_path(path).exists():
        raise SignInRequired(f"{path.name} is an encrypted service database: sign in to open it.")
    raise NotADatabase(
        f"{path.name} is not a PainClinic database, or it is an encrypted one whose key "
        f"file ({keys_path(path).name}) is missing. Choose the right file, or restore the "
        "latest backup together with its key file."
    )


def _key(conn: Connection, key: bytes | None) -> None:
    conn.execute("PRAGMA cipher_log_level = NONE")  # no "hmac check failed" lines on stderr
    row = conn.execute("PRAGMA cipher_version").fetchone()
    if not row or not str(row[0]).startswith("4."):
        raise EncryptionUnavailable(
            "This copy of PainClinic Desktop cannot encrypt its database (SQLCipher 4 is "
            "missing), so it will not open one. Please reinstall it."
        )
    if key is not None:
        if len(key) != 32:
            raise ValueError("a data key is 32 bytes")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.data_key = key


def _first_read(conn: Connection, path: Path, key: bytes | None) -> None:
    # SQLCipher accepts any key; the first read is where a wrong key or a wrong file shows.
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError as exc:
        if key is None:
            raise NotADatabase(
                f"{path.name} is not a PainClinic database, or it cannot be read."
            ) from exc
        raise DatabaseDamaged(
            f"{path.name} cannot be opened with this key: it is damaged, or its key file "
            "belongs to another database. Nothing has been changed. Ask your admin to "
            "restore the latest backup (`painclinic restore`)."
        ) from exc


_READ, _INSERT, _UPDATE, _DELETE = (
    driver.SQLITE_READ,
    driver.SQLITE_INSERT,
    driver.SQLITE_UPDATE,
    driver.SQLITE_DELETE,
)
_ATTACH = driver.SQLITE_ATTACH
_INDEX_DDL = {driver.SQLITE_CREATE_INDEX, driver.SQLITE_DROP_INDEX}
# Temporary tables, indexes and views stay (in memory, for this connection only); temporary
# triggers do not, as they could act on the stored tables.
_DDL = _INDEX_DDL | {
    getattr(driver, name)
    for name in (
        "SQLITE_CREATE_TABLE",
        "SQLITE_CREATE_TEMP_TRIGGER",
        "SQLITE_CREATE_TRIGGER",
        "SQLITE_CREATE_VIEW",
        "SQLITE_DROP_TABLE",
        "SQLITE_DROP_TEMP_TRIGGER",
        "SQLITE_DROP_TRIGGER",
        "SQLITE_DROP_VIEW",
        "SQLITE_ALTER_TABLE",
        "SQLITE_CREATE_VTABLE",
        "SQLITE_DROP_VTABLE",
    )
}
AUDIT_TABLE = "audit_log"
AUDITING_TRIGGER = "exports_are_audited"  # every logged export is audited by this trigger


def _authorizer(role: str | None, guard: Guard | None = None):
    tables, columns = hidden_for(role)
    guard = guard or Guard()

    def authorize(action, first, second, db, trigger):
        if action == _ATTACH and first != "":
            # No second database file, keyed or not; only the private scratch database
            # VACUUM uses, which temp_store=MEMORY keeps in memory.
            return driver.SQLITE_DENY
        if (db or "").startswith("vacuum_"):
            return driver.SQLITE_OK  # VACUUM's own scratch copy (no other ATTACH is allowed)
        if action in _DDL and not guard.migrating:
            if not (action in _INDEX_DDL and guard.rebuilding_indexes):
                return driver.SQLITE_DENY  # the schema and its guards change only by migration
        if first == AUDIT_TABLE and action in (_UPDATE, _DELETE):
            return driver.SQLITE_DENY  # the trail only grows
        if first == AUDIT_TABLE and action == _INSERT:
            if not (guard.appending_audit or trigger == AUDITING_TRIGGER):
                return driver.SQLITE_DENY  # rows come only from the append path
        if action == _READ and (first in tables or (first, second) in columns):
            return driver.SQLITE_IGNORE  # reads as blank: the row exists, its content does not
        if action in (_INSERT, _DELETE) and first in tables:
            return driver.SQLITE_DENY
        if action == _UPDATE and (first in tables or (first, second) in columns):
            return driver.SQLITE_DENY
        return driver.SQLITE_OK

    return authorize


def rekey(conn: Connection, new_key: bytes) -> None:
    """Re-encrypt the whole database under ``new_key`` (SQLCipher commits it whole or not at
    all: a kill part-way leaves the file under the old key)."""
    if len(new_key) != 32:
        raise ValueError("a data key is 32 bytes")
    conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
    conn.data_key = new_key


def opens_with(path: Path, key: bytes) -> bool:
    """Whether ``key`` opens the database at ``path`` (read only; nothing is changed)."""
    try:
        conn = connect_read_only(path, key)
    except (DatabaseError, DatabaseDamaged, NotADatabase):
        return False
    conn.close()
    return True


def apply_role(conn: Connection, role: str | None) -> None:
    """Restrict an open connection to what ``role`` may read and write."""
    conn.set_authorizer(_authorizer(role, conn.guard))
    conn.role = role


def copy_database(source: Connection, target: Path) -> None:
    """Copy with the SQLite backup API into a private file keyed like the source.

    The copy uses a rollback journal, not WAL, so it is one self-contained file (a portable
    drive may not keep the -wal file beside it)."""
    create_private_file(target)
    dest = driver.connect(str(target), isolation_level=None, factory=Connection)
    try:
        _key(dest, source.data_key)
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()


def connect_read_only(path: Path, key: bytes | None) -> Connection:
    """A connection that cannot change the file, for checking a copy before trusting it."""
    conn = driver.connect(
        f"{Path(path).resolve().as_uri()}?mode=ro",
        uri=True,
        isolation_level=None,
        factory=Connection,
    )
    try:
        _key(conn, key)
        _first_read(conn, Path(path), key)
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.set_authorizer(_authorizer(None, conn.guard))
    except BaseException:
        conn.close()
        raise
    return conn


def quick_check(conn: driver.Connection, full: bool = False) -> list[str]:
    """Problems SQLite finds in the file; an empty list when it is intact."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
    except DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def cipher_check(conn: Connection) -> list[str]:
    """Pages whose authentication code fails (tampering or damage); empty when intact."""
    if conn.data_key is None:
        return []
    try:
        return [r[0] for r in conn.execute("PRAGMA cipher_integrity_check")]
    except DatabaseError as exc:
        return [str(exc)]


def damaged(path: str | Path) -> DatabaseDamaged:
    return DatabaseDamaged(
        f"The database {Path(path).name} is damaged and cannot be used safely. "
        "Nothing has been changed. Ask your admin to restore the latest backup "
        "(`painclinic restore`)."
    )


def ensure_intact(conn: driver.Connection, path: str | Path) -> None:
    if quick_check(conn):
        raise damaged(path)


def cipher_version() -> str:
    """The SQLCipher version the app encrypts with (for Help > About)."""
    conn = driver.connect(":memory:")
    try:
        row = conn.execute("PRAGMA cipher_version").fetchone()
    finally:
        conn.close()
    return str(row[0]).split()[0] if row else ""


def sqlite_version() -> str:
    return str(driver.sqlite_version)
