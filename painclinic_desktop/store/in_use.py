"""Who has a database open: so that a restore never replaces a file another program writes.

Every process that opens a database for writing holds a lock of its own on a small file in
the ``<database>.in-use`` folder beside it (one per process, however many connections it has).
A restore holds the folder's gate lock while it works and first tries each of those locks:
one it cannot take belongs to a running program, and the restore is refused. A process that
opens the database takes the gate for a moment before it takes its own lock, so it cannot
slip in while a restore is under way. The locks are operating-system locks (``filelock``:
``fcntl`` on Linux and macOS, ``msvcrt`` on Windows), released by the system when a program
ends, even when it is killed; a lock file left by a killed program is removed by the next
restore.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from ..core.security_errors import DatabaseInUse

GATE = "gate.lock"
OPENING_WAIT = 3.0  # seconds a program waits at the gate for a restore to finish


def folder(db_path: str | Path) -> Path:
    path = Path(db_path)
    return path.with_name(path.name + ".in-use")


@dataclass
class _Hold:
    lock: FileLock
    count: int = 0


_holds: dict[str, _Hold] = {}
_exclusive: set[str] = set()  # databases this process is restoring (it holds the gate)
_guard = threading.Lock()


def _identity(db_path: str | Path) -> str:
    return os.path.realpath(db_path)


def _gate(db_path: str | Path) -> FileLock:
    place = folder(db_path)
    place.mkdir(mode=0o700, exist_ok=True)
    return FileLock(place / GATE, thread_local=False)


def hold(db_path: str | Path) -> None:
    """Mark the database as open by this process (counted: one ``release`` per ``hold``).
    DatabaseInUse when a restore of it is under way."""
    with _guard:
        held = _holds.get(_identity(db_path))
        if held is not None:
            held.count += 1
            return
        if _identity(db_path) in _exclusive:  # the restore itself opening the new file
            _holds[_identity(db_path)] = _Hold(_own_lock(db_path), 1)
            return
        gate = _gate(db_path)
        try:
            gate.acquire(timeout=OPENING_WAIT)
        except Timeout:
            raise DatabaseInUse(
                f"{Path(db_path).name} is being restored from a backup just now. Try again "
                "when the restore has finished."
            ) from None
        try:
            _holds[_identity(db_path)] = _Hold(_own_lock(db_path), 1)
        finally:
            gate.release()


def _own_lock(db_path: str | Path) -> FileLock:
    name = f"{os.getpid()}-{secrets.token_hex(4)}.lock"
    lock = FileLock(folder(db_path) / name, thread_local=False)
    lock.acquire(timeout=0)
    return lock


def release(db_path: str | Path) -> None:
    with _guard:
        key = _identity(db_path)
        held = _holds.get(key)
        if held is None:
            return
        held.count -= 1
        if held.count <= 0:
            del _holds[key]
            held.lock.release()
            with suppress(OSError):
                Path(held.lock.lock_file).unlink(missing_ok=True)


def _own_file(db_path: str | Path) -> str | None:
    held = _holds.get(_identity(db_path))
    return Path(held.lock.lock_file).name if held else None


@contextmanager
def exclusively(db_path: str | Path) -> Iterator[None]:
    """Hold the database alone for the duration (a restore). DatabaseInUse, with nothing
    changed, while another program has it open or another restore is under way. This
    process's own connections are the caller's to close."""
    gate = _gate(db_path)
    try:
        gate.acquire(timeout=0)
    except Timeout:
        raise DatabaseInUse(
            f"{Path(db_path).name} is already being restored by another program. "
            "Nothing has been changed."
        ) from None
    try:
        others = _open_elsewhere(db_path)
        if others:
            raise DatabaseInUse(
                f"{Path(db_path).name} is open in PainClinic Desktop or another painclinic "
                f"command (process {', '.join(others)}). Close it there (sign out and quit) "
                "and try again. Nothing has been changed."
            )
        _exclusive.add(_identity(db_path))
        try:
            yield
        finally:
            _exclusive.discard(_identity(db_path))
    finally:
        gate.release()


def open_elsewhere(db_path: str | Path) -> list[str]:
    """Process ids of the other programs that have the database open (to say what holds it
    when a save has to wait). Looked at under the gate, so no program is caught half-way
    through taking its lock; empty when a restore holds the gate."""
    gate = _gate(db_path)
    try:
        gate.acquire(timeout=0.5)
    except Timeout:
        return []
    try:
        return _open_elsewhere(db_path, tidy=False)
    finally:
        gate.release()


def _open_elsewhere(db_path: str | Path, tidy: bool = True) -> list[str]:
    """Process ids of the programs that hold the database open; stale lock files (their
    program has ended) are removed."""
    own, others = _own_file(db_path), []
    for candidate in sorted(folder(db_path).glob("*-*.lock")):
        if candidate.name == own:
            continue
        probe = FileLock(candidate, thread_local=False)
        try:
            probe.acquire(timeout=0)
        except Timeout:
            others.append(candidate.name.split("-")[0])
            continue
        probe.release()
        if tidy:
            with suppress(OSError):
                candidate.unlink(missing_ok=True)
    return others
