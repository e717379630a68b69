"""The damage check made when a database is opened, run beside the first screen.

``PRAGMA quick_check`` reads every page: about 1.5 s for a 50,000-client caseload (over 4 s
encrypted), which would be most of a cold start. The desktop app runs it on a read-only
connection of its own while the caseload appears; every write (``Store.atomic``) waits for
its verdict first, so nothing is ever written to a damaged file, and the app says so as soon
as the check fails. Writes that must come before any other (the sign-in row of the audit
trail) are handed to the check and made as soon as the file is known to be intact.

On a large encrypted file the check (every page decrypted and authenticated) took one of two
cores for the whole time the caseload loaded. So the app may ``hold`` a file's check before
opening it: the check then begins once the app says ``go`` (the whole caseload is shown), as
soon as anything needs its verdict to write, or after ``HELD_AT_MOST`` seconds, whichever
comes first. Nothing is written before the verdict either way.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from .connection import connect_read_only, damaged, quick_check

HELD_AT_MOST = 20.0  # seconds a held check waits for its "go" before it begins anyway


class OpeningCheck:
    """``quick_check`` of one database on a thread of its own, then the first writes."""

    def __init__(self, path: Path, key: bytes | None, held: bool = False):
        self.path = path
        self._go = threading.Event()
        if not held:
            self._go.set()
        self.problems: list[str] = []
        self.failure: BaseException | None = None  # a first write that could not be made
        self._first: list[Callable[[], None]] = []
        self._lock = threading.Lock()
        self._closed = False  # the first writes have been taken: no more are accepted
        self._done = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(key,), daemon=True, name="opening-check"
        )
        self._thread.start()

    def _run(self, key: bytes | None) -> None:
        self._go.wait(HELD_AT_MOST)
        try:
            conn = connect_read_only(self.path, key)
            try:
                self.problems = quick_check(conn)
            finally:
                conn.close()
        except Exception as exc:  # noqa: BLE001 — any failure to read counts as damage
            self.problems = [str(exc)]
        with self._lock:
            self._closed = True
            first = list(self._first)
        try:
            for write in [] if self.problems else first:
                write()
        except BaseException as exc:  # noqa: BLE001 — handed to everyone who waits
            self.failure = exc
        finally:
            self._done.set()

    def make_first(self, write: Callable[[], None]) -> bool:
        """Have ``write`` made before any other write; False if the check has already
        finished (then the caller makes it: it waits in ``Store.atomic`` like any other)."""
        with self._lock:
            if self._closed:
                return False
            self._first.append(write)
            return True

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    @property
    def started(self) -> bool:
        return self._go.is_set()

    def go(self) -> None:
        """Begin now, if held."""
        self._go.set()

    def wait(self, begin: bool = True) -> None:
        """Block until the verdict; DatabaseDamaged if the file is damaged. A held check
        begins at once (a write is waiting for it) unless ``begin`` is False."""
        if threading.current_thread() is self._thread:
            return  # the first writes themselves
        if begin:
            self._go.set()
        self._done.wait()
        if self.problems:
            raise damaged(self.path)
        if self.failure is not None:
            raise self.failure


_checks: dict[str, OpeningCheck] = {}
_held: set[str] = set()


def hold(path: Path) -> None:
    """The next check of this file (when it is opened) waits for ``go``: see above."""
    _held.add(os.path.realpath(path))


def go(path: Path) -> None:
    """Begin this file's held check now (nothing if there is none, or it has begun)."""
    check = running(path)
    if check is not None:
        check.go()


def start(path: Path, key: bytes | None) -> OpeningCheck:
    real = os.path.realpath(path)
    check = OpeningCheck(path, key, held=real in _held)
    _held.discard(real)
    _checks[real] = check
    return check


def running(path: Path) -> OpeningCheck | None:
    return _checks.get(os.path.realpath(path))


def wait_for(path: Path) -> None:
    """Before a write: wait for this database's opening check, if one is running or failed.
    Every connection to the file (worker threads have their own) shares the verdict."""
    check = running(path)
    if check is not None:
        check.wait()


def verdict_for(path: Path) -> None:
    """Wait for this database's opening check without making a held check begin (the app
    waiting to tell the user what the check found)."""
    check = running(path)
    if check is not None:
        check.wait(begin=False)


def forget(path: Path) -> None:
    """The file was checked again before opening (a restored copy, say): drop the old
    verdict."""
    _checks.pop(os.path.realpath(path), None)
    _held.discard(os.path.realpath(path))
