"""Opening a service database: connect, check, migrate; the ``Store`` handle passed around."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import NotADatabase
from ..core.files import keep_folder_private, make_private, make_private_folder
from ..core.security_errors import DatabaseBusy, DatabaseReplaced, DiskFull, StoreLocked
from ..paths import data_dir
from . import in_use, migrations, opening_check, outbox
from .connection import (
    Connection,
    DatabaseError,
    OperationalError,
    apply_role,
    connect,
    create_private_file,
    ensure_intact,
    forget_key,
    keys_path,
    looks_encrypted,
    remember_key,
)
from .location import ensure_safe_location

_SQLITE_FULL = 13
log = logging.getLogger(__name__)


if TYPE_CHECKING:
    import sqlite_utils


class Store:
    """An open service database. Writes that belong together go inside ``atomic()``.

    Locking closes the connection (SQLCipher holds the key and decrypted pages in it) and
    forgets the key; ``unlock`` opens a fresh connection once someone has signed in again.
    """

    def __init__(self, conn: Connection, path: Path):
        self._conn: Connection | None = conn
        self.path = Path(path)
        self._db: sqlite_utils.Database | None = None
        self._columns: dict[str, tuple[str, ...]] = {}
        self._pending: list[Callable[[], object]] = []  # see write_first
        # What a step at opening did that the person should be told (a split database).
        self.notices: list[str] = []

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils on this connection, made on first use: importing it loads numpy
        (≈ 120 ms), which start-up does not need."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise StoreLocked("PainClinic Desktop is locked. Sign in again to carry on.")
        return self._conn

    @property
    def is_locked(self) -> bool:
        return self._conn is None

    @property
    def is_encrypted(self) -> bool:
        return self.conn.data_key is not None

    @contextmanager
    def atomic(self) -> Iterator[Store]:
        """One transaction (a savepoint when nested). IMMEDIATE, so two writers queue
        rather than fail half-way; a full disk becomes DiskFull with nothing changed."""
        conn = self.conn
        try:
            if conn.in_transaction:
                with self.db.atomic():
                    yield self
                return
            opening_check.wait_for(self.path)  # never write to a file not yet checked
            self._begin(conn)
            try:
                self._write_pending()
                yield self
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            try:
                _refuse_if_replaced(conn, self.path)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except DatabaseError as exc:
            if _is_full(exc):
                raise DiskFull(
                    "There is no space left on the disk, so this was not saved. Everything "
                    "saved before is safe. Free some space and try again."
                ) from exc
            raise

    def _begin(self, conn: Connection) -> None:
        """BEGIN IMMEDIATE, waiting while another program is saving (a long import, say):
        each try waits SQLite's busy timeout; after the first the wait is reported, naming
        what holds the database, and after ``BUSY_PATIENCE`` seconds it gives up plainly."""
        started = time.monotonic()
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
            held_by = _holders(self.path)
            if time.monotonic() - started >= BUSY_PATIENCE:
                raise DatabaseBusy(
                    f"{self.path.name} has been busy for {round(BUSY_PATIENCE)} seconds: "
                    f"{held_by} is saving into it. Nothing was saved here; try again when it "
                    "has finished."
                )
            busy_notice(f"Waiting for the database: {held_by} is saving into it…")

    def write_first(self, write: Callable[[], object]) -> None:
        """Keep a write that could not be made (an audit row on a full disk) to make first,
        in the same transaction, before the next change is saved."""
        self._pending.append(write)

    def _write_pending(self) -> None:
        pending, self._pending = self._pending, []
        try:
            for write in pending:
                write()
        except BaseException:
            self._pending = pending + self._pending
            raise

    def columns(self, table: str) -> tuple[str, ...]:
        if table not in self._columns:
            rows = self.conn.execute(f"PRAGMA table_info({table})").fetchall()
            self._columns[table] = tuple(r[1] for r in rows)
        return self._columns[table]

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @property
    def is_demo(self) -> bool:
        return self.setting("demo") == "1"

    def restrict_to(self, role: str | None) -> None:
        """Remember the key for this role's other connections and restrict this one."""
        if self.conn.data_key is not None:
            remember_key(self.path, self.conn.data_key, role)
        apply_role(self.conn, role)

    def lock(self) -> None:
        """Drop the key: close the connection and forget the remembered key."""
        forget_key(self.path)
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def unlock(self, key: bytes, role: str | None) -> None:
        remember_key(self.path, key, role)
        conn = connect(self.path)
        self._conn = conn
        self._db = None

    def close(self) -> None:
        if self._conn is not None and self._pending:
            with suppress(DiskFull):  # one more try: space may have been freed meanwhile
                with self.atomic():
                    pass
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


BUSY_PATIENCE = 120.0  # seconds a save waits for another program's save before giving up


def busy_notice(text: str) -> None:
    """Tell the person a save is waiting (the command line prints it; the app logs it)."""
    log.info(text)


def _holders(path: Path) -> str:
    pids = in_use.open_elsewhere(path)
    if not pids:
        return "another program"
    return f"PainClinic Desktop or a painclinic command (process {', '.join(pids)})"


def _refuse_if_replaced(conn: Connection, path: Path) -> None:
    if conn.is_replaced():
        raise DatabaseReplaced(
            f"{path.name} was replaced (restored from a backup, or moved) while it was open "
            "here, so this was not saved and nothing more will be. Close PainClinic Desktop "
            "and open it again to work in the database now in place."
        )


def _is_full(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code == _SQLITE_FULL or "database or disk is full" in str(exc)


def open_store(
    path: str | Path, create: bool = False, key: bytes | None = None, check_beside: bool = False
) -> Store:
    """Open the service database at ``path``, bringing its schema up to date.

    With ``create`` a missing file is created (encrypted when ``key`` is given); otherwise a
    missing file is an error, so a mistyped path never silently starts an empty caseload. An
    encrypted file needs ``key`` or a key remembered at sign-in (SignInRequired otherwise).
    The damage check runs before anything else, or with ``check_beside`` on a thread of its
    own while the caller reads (writes wait for it; see ``opening_check``). A file that needs
    migrating is always checked first.
    """
    path = Path(path)
    if not path.exists() and not create:
        raise NotADatabase(f"There is no database at {path}.")
    ensure_safe_location(path)
    if create and not path.exists():
        make_private_folder(path.parent)
        create_private_file(path)
    elif keys_path(path).exists() and path.stat().st_size and not looks_encrypted(path):
        raise NotADatabase(
            f"{path.name} should be encrypted (its key file is beside it) but it is not. "
            "Nothing has been opened. Restore it from the latest backup."
        )
    conn = connect(path, key)
    try:
        _make_private(path)
        if check_beside and not migrations.pending(conn):
            opening_check.start(path, conn.data_key)
        else:
            ensure_intact(conn, path)
            opening_check.forget(path)
        if migrations.applied(conn) == [] and migrations.has_user_tables(conn):
            raise NotADatabase(f"{path.name} is an SQLite file but not a PainClinic database.")
        # A first fetch killed part-way left some indexes set aside: made again before
        # anything else reads the tables or a migration changes them.
        if outbox.has_indexes_set_aside(conn):
            opening_check.wait_for(path)  # never write to a file not yet checked
            outbox.restore_indexes(conn)
        migrations.migrate(conn, path)
    except BaseException:
        conn.close()
        raise
    return Store(conn, path)


def _make_private(path: Path) -> None:
    if path.parent.resolve() == data_dir().resolve():
        keep_folder_private(path.parent)  # checked on every open: others never read it
    for suffix in ("", "-wal", "-shm", ".keys"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            make_private(candidate)


def reopen(path: str | Path, key: bytes | None = None) -> Store:
    """Another connection to a database this process has already opened (checked, migrated
    and, if encrypted, signed in to): for a worker thread (``with reopen(path) as own:``).
    Skips the checks ``open_store`` made, which take seconds on a large caseload; writes
    still wait for the opening check."""
    return Store(connect(path, key), Path(path))
