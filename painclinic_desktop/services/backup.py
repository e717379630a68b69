"""Backups and restore: encrypted copies, written safely, checked before they are trusted.

A backup is made with the SQLite backup API into a temporary file keyed like the database,
flushed, checked (it opens with the key, ``integrity_check`` and ``cipher_integrity_check``
are clean, every table has the same number of rows) and only then renamed into place, with
a copy of the key file beside it so it can be opened on another laptop. Automatic backups
go to the ``backups`` folder beside the database: one when the app closes and at most one a
day while it is open, keeping the newest of each of the last N days (setting
``backup_generations``, default 14).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..core import permissions
from ..core.security_errors import BackupFailed
from ..store import audit
from ..store.backup_queries import read_transaction, table_counts
from ..store.connection import (
    cipher_check,
    connect,
    connect_read_only,
    copy_database,
    create_private_file,
    keys_path,
    quick_check,
)
from ..store.database import Store, open_store
from ..store.files import fsync_file, move_into_place, temporary_beside, write_atomically
from . import session
from .audit import record, sign_head
from .key_change import held_signing_key

DEFAULT_GENERATIONS = 14
DAILY = timedelta(hours=24)


@dataclass(frozen=True)
class Backup:
    path: Path
    counts: dict[str, int]


def backup_folder(db_path: Path) -> Path:
    folder = db_path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def backup_now(store: Store, out: str | Path, reason: str = "on request") -> Backup:
    """Back up to ``out`` (and ``out``.keys); admin only, like restore."""
    session.require(permissions.BACKUP_RESTORE)
    return _backup(store, Path(out), reason)


def automatic_backup(store: Store, reason: str, now: datetime | None = None) -> Backup | None:
    """The automatic backup (anyone signed in): on close, or daily when one is due."""
    now = now or datetime.now(UTC)
    if reason == "daily" and not backup_due(store.path, now):
        return None
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    made = _backup(store, backup_folder(store.path) / f"{store.path.stem}-{stamp}.db", reason)
    prune(store.path, _generations(store))
    return made


def backup_due(db_path: Path, now: datetime) -> bool:
    newest = automatic_backups(db_path)
    if not newest:
        return True
    made = datetime.fromtimestamp(newest[-1].stat().st_mtime, UTC)
    return now - made >= DAILY


def automatic_backups(db_path: Path) -> list[Path]:
    """Automatic backups of this database, oldest first (names sort by time)."""
    folder = db_path.parent / "backups"
    return sorted(folder.glob(f"{db_path.stem}-2*.db")) if folder.exists() else []


def prune(db_path: Path, generations: int) -> list[Path]:
    """Keep the newest backup of each of the last ``generations`` days; remove the rest."""
    newest_of_day: dict[str, Path] = {}
    for path in automatic_backups(db_path):  # oldest first, so the last of a day wins
        newest_of_day[path.name[len(db_path.stem) + 1 :][:8]] = path
    kept = {newest_of_day[day] for day in sorted(newest_of_day)[-generations:]}
    removed = [p for p in automatic_backups(db_path) if p not in kept]
    for path in removed:
        path.unlink(missing_ok=True)
        keys_path(path).unlink(missing_ok=True)
    return removed


def _generations(store: Store) -> int:
    try:
        return max(1, int(store.setting("backup_generations") or DEFAULT_GENERATIONS))
    except ValueError:
        return DEFAULT_GENERATIONS


def _backup(store: Store, target: Path, reason: str) -> Backup:
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = temporary_beside(target, suffix=".partial")
    try:
        counts = _copy(store, temp)
        fsync_file(temp)
        problems = verify_copy(temp, store.conn.data_key, counts)
        if problems:
            raise BackupFailed(
                "The backup copy did not check out, so it was not kept: " + "; ".join(problems[:5])
            )
        _copy_key_file(store.path, target)
        move_into_place(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    with store.atomic():
        record(store, audit.BACKUP, detail=reason)
        sign_head(store, held_signing_key(store.path))  # an admin's backup signs the trail
    return Backup(target, counts)


def _copy(store: Store, temp: Path) -> dict[str, int]:
    """Copy on a connection of its own, inside one read transaction, so the row counts
    describe exactly the snapshot that was copied (and screens are not held up)."""
    source = connect(store.path, store.conn.data_key)
    try:
        with read_transaction(source):
            counts = table_counts(source)
            copy_database(source, temp)  # into the empty private temporary file
    finally:
        source.close()
    return counts


def verify_copy(path: Path, key: bytes | None, counts: dict[str, int] | None) -> list[str]:
    """Problems with a backup file; empty when it opens with the key and is whole."""
    try:
        conn = connect_read_only(path, key)
    except Exception as exc:  # noqa: BLE001 — any failure to open is the answer
        return [str(exc)]
    try:
        problems = quick_check(conn, full=True) + cipher_check(conn)
        if not problems and counts is not None:
            found = table_counts(conn)
            problems += [
                f"{t}: {found.get(t)} rows, expected {n}"
                for t, n in counts.items()
                if found.get(t) != n
            ]
        return problems
    finally:
        conn.close()


def _copy_key_file(db_path: Path, target: Path) -> None:
    source = keys_path(db_path)
    if source.exists():
        write_atomically(keys_path(target), source.read_bytes())


def restore(store: Store, source: str | Path) -> Store:
    """Replace the database with a checked backup; the current one is kept as a backup
    first. Returns the reopened store (signed in as before); ``store`` is closed."""
    session.require(permissions.BACKUP_RESTORE)
    source, key = Path(source), store.conn.data_key
    problems = verify_copy(source, key, None)
    if problems:
        raise BackupFailed(
            f"{source.name} was not restored: it does not open with this "
            f"database's key or it is damaged ({'; '.join(problems[:3])}). "
            "Nothing has been changed."
        )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = _backup(
        store,
        backup_folder(store.path) / f"{store.path.stem}-before-restore-{stamp}.db",
        "before restore",
    )
    path, role = store.path, session.current_role()
    store.close()
    _put_in_place(source, path)
    restored = open_store(path, key=key)
    restored.restrict_to(role)
    with restored.atomic():
        record(restored, audit.RESTORE, detail=f"previous database kept as {kept.path.name}")
    return restored


def _put_in_place(source: Path, path: Path) -> None:
    temp = temporary_beside(path, suffix=".restoring")
    try:
        shutil.copyfile(source, temp)
        fsync_file(temp)
        for stale in ("-wal", "-shm"):  # a left-over log must never be replayed onto it
            path.with_name(path.name + stale).unlink(missing_ok=True)
        move_into_place(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def restore_as_new(source: str | Path, path: str | Path) -> None:
    """Put a backup (and its key file) in place where there is no database yet, e.g. on a
    replacement laptop. Whoever signs in next proves it opens."""
    source, path = Path(source), Path(path)
    if path.exists():
        raise BackupFailed(f"There is already a database at {path}; nothing was changed.")
    path.parent.mkdir(parents=True, exist_ok=True)
    if keys_path(source).exists():
        write_atomically(keys_path(path), keys_path(source).read_bytes())
    elif verify_copy(source, None, None):
        raise BackupFailed(
            f"{source.name} is encrypted and its key file "
            f"({keys_path(source).name}) is not beside it."
        )
    create_private_file(path)
    _put_in_place(source, path)
