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

from ..core import keyslots, permissions
from ..core.files import (
    CannotWrite,
    fsync_file,
    move_into_place,
    refuse_unless_regular,
    temporary_beside,
    why,
    write_atomically,
)
from ..core.security_errors import BackupFailed
from ..store import audit, in_use, opening_check
from ..store.backup_queries import holdings, read_transaction, table_counts
from ..store.connection import (
    DatabaseError,
    cipher_check,
    connect,
    connect_read_only,
    copy_database,
    keys_path,
    quick_check,
)
from ..store.database import Store, open_store
from . import accounts, session
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
    refuse_unless_regular(target)
    refuse_unless_regular(keys_path(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = temporary_beside(target, suffix=".partial")
    except OSError as exc:
        raise _cannot_write(target, why(exc)) from exc
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
    except OSError as exc:
        raise _cannot_write(target, why(exc)) from exc
    except DatabaseError as exc:  # SQLite's own words for a full disk while copying
        raise _cannot_write(target, "the disk is full" if "full" in str(exc) else str(exc)) from exc
    finally:
        temp.unlink(missing_ok=True)
    with store.atomic():
        record(store, audit.BACKUP, detail=reason)
        sign_head(store, held_signing_key(store.path))  # an admin's backup signs the trail
    return Backup(target, counts)


def _cannot_write(target: Path, reason: str) -> CannotWrite:
    return CannotWrite(
        f"The backup could not be written to {target.parent}: {reason}. Nothing was kept "
        "there; the database itself is unchanged."
    )


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


@dataclass(frozen=True)
class Restored:
    """A restore that happened: the reopened database, and where the replaced one is kept."""

    store: Store
    kept: Path
    kept_checked: bool  # False when the replaced file could not be opened (kept as it was)


def prove_backup(path: str | Path, key: bytes | None, admin: str | None = None) -> list[str]:
    """Why ``path`` may not replace the database; empty when it is a whole PainClinic
    database of this service: it opens with the service's key, passes ``integrity_check``
    and ``cipher_integrity_check``, has the schema table and, when encrypted, at least one
    account (and ``admin`` among its active admins, so whoever restores can sign in)."""
    path = Path(path)
    if not path.is_file():
        return [f"{path} is not a file"]
    if path.stat().st_size == 0:
        return ["it is empty (0 bytes)"]
    problems = verify_copy(path, key, None)
    if problems:
        return problems
    conn = connect_read_only(path, key)
    try:
        held = holdings(conn)
    finally:
        conn.close()
    if not held.has_schema:
        return ["it is not a PainClinic database (it has no schema table)"]
    if key is not None and not held.accounts:
        return ["it has no accounts, so nobody could sign in to it"]
    if key is not None and admin and keyslots.account_key(admin) not in held.active_admins:
        return [f"{admin} is not an active admin in it"]
    return []


def restore(store: Store, source: str | Path) -> Restored:
    """Replace the database with a proved backup; ``store`` is closed and the reopened one
    (signed in as before) returned. The current database is kept first, as a checked backup
    that can itself be restored. Refused, with nothing changed, while another program has
    the database open."""
    session.require(permissions.BACKUP_RESTORE)
    source, key, path = Path(source), store.conn.data_key, store.path
    who, role = session.signed_in(), session.current_role()
    temp = _prepared_beside(source, path, key, who.name if who and key else None)
    try:
        with in_use.exclusively(path):
            kept = _backup(store, _kept_name(path), "before restore")
            store.close()
            _swap_in(temp, path)
            restored = open_store(path, key=key)
            restored.restrict_to(role)
            with restored.atomic():
                record(
                    restored, audit.RESTORE, detail=f"replaced database kept as {kept.path.name}"
                )
    finally:
        temp.unlink(missing_ok=True)
    return Restored(restored, kept.path, True)


def restore_over_unusable(
    path: str | Path, source: str | Path, name: str | None, password: str | None
) -> Restored:
    """Restore onto a database that cannot be opened (damaged, emptied, no such account):
    whoever restores proves their password through the key file beside it and must be an
    active admin in the backup. The unusable file is kept as it was, beside the backups."""
    path, source = Path(path), Path(source)
    key = accounts.data_key_for(path, name or "", password or "") if is_encrypted(path) else None
    temp = _prepared_beside(source, path, key, name if key else None)
    try:
        with in_use.exclusively(path):
            kept = _keep_as_it_is(path)
            _swap_in(temp, path)
            restored = (
                accounts.sign_in(path, name or "", password or "") if key else open_store(path)
            )
            with restored.atomic():
                record(
                    restored,
                    audit.RESTORE,
                    detail=f"replaced an unusable database, kept as it was as {kept.name}",
                )
    finally:
        temp.unlink(missing_ok=True)
    return Restored(restored, kept, False)


def restore_as_new(
    source: str | Path, path: str | Path, key: bytes | None, admin: str | None = None
) -> None:
    """Put a proved backup (and its key file) in place where there is no database yet, e.g.
    on a replacement laptop. The database file appears last and only whole, so a failed or
    killed restore leaves nothing that blocks the next try."""
    source, path = Path(source), Path(path)
    if path.exists():
        raise BackupFailed(f"There is already a database at {path}; nothing was changed.")
    if key is None and is_encrypted(source):
        raise BackupFailed(
            f"{source.name} is encrypted and its key file "
            f"({keys_path(source).name}) is not beside it. Nothing was changed."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with in_use.exclusively(path):
        if path.exists():
            raise BackupFailed(f"There is already a database at {path}; nothing was changed.")
        temp = _prepared_beside(source, path, key, admin)
        try:
            if keys_path(source).exists():
                write_atomically(keys_path(path), keys_path(source).read_bytes())
            _swap_in(temp, path)
        finally:
            temp.unlink(missing_ok=True)


def is_encrypted(path: Path) -> bool:
    return keys_path(path).exists()


def _kept_name(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return backup_folder(path) / f"{path.stem}-before-restore-{stamp}.db"


def _prepared_beside(source: Path, path: Path, key: bytes | None, admin: str | None) -> Path:
    """A copy of ``source`` beside ``path`` (same disk, so it moves in one step), flushed and
    proved: exactly the bytes that will be put in place. Nothing else is touched."""
    if not source.is_file():
        raise BackupFailed(f"{source} is not a backup file. Nothing has been changed.")
    for stale in path.parent.glob(f".{path.name}.*.restoring"):
        stale.unlink(missing_ok=True)  # left by a restore that was stopped half-way
    temp = temporary_beside(path, suffix=".restoring")
    try:
        shutil.copyfile(source, temp)
        fsync_file(temp)
        problems = prove_backup(temp, key, admin)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise BackupFailed(
            f"{source.name} could not be copied beside the database ({exc.strerror or exc}). "
            "Nothing has been changed."
        ) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    if problems:
        temp.unlink(missing_ok=True)
        hint = ""
        if key is not None and keys_path(source).exists() and "with this key" in problems[0]:
            hint = (
                " If it was made before the database's keys were changed (an account switched "
                "off or a role changed), it opens only with its own key file: restore it into "
                "a new place (painclinic --db NEW.db restore FILE)."
            )
        raise BackupFailed(
            f"{source.name} was not restored: it is not a whole PainClinic database of this "
            f"service ({'; '.join(problems[:3])}). Nothing has been changed.{hint}"
        )
    return temp


def _swap_in(temp: Path, path: Path) -> None:
    for stale in ("-wal", "-shm"):  # a left-over log must never be replayed onto it
        path.with_name(path.name + stale).unlink(missing_ok=True)
    move_into_place(temp, path)
    opening_check.forget(path)


def _keep_as_it_is(path: Path) -> Path:
    """Copy an unusable database (and its log and key file) into the backups folder."""
    kept = _kept_name(path)
    for suffix in ("", "-wal", ".keys"):
        found = path.with_name(path.name + suffix)
        if found.exists():
            write_atomically(kept.with_name(kept.name + suffix), found.read_bytes())
    return kept
