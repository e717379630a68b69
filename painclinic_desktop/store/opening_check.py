"""The damage check made when a database is opened, run beside the first screen.

``PRAGMA quick_check`` reads every page: about 1.5 s for a 50,000-client caseload (over 4 s
encrypted), which would be most of a cold start. The desktop app runs it on a read-only
connection of its own while the caseload appears; every write (``Store.atomic``) waits for
its verdict first, so nothing is ever written to a damaged file, and the app says so as soon
as the check fails. Writes that must come before any other (the sign-in row of the audit
trail) are handed to the check and made as soon as the file is known to be intact.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from .connection import connect_read_only, damaged, quick_check


class OpeningCheck:
    """``quick_check`` of one database on a thread of its own, then the first writes."""

    def __init__(self, path: Path, key: bytes | None):
        self.path = path
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

    def wait(self) -> None:
        """Block until the verdict; DatabaseDamaged if the file is damaged."""
        if threading.current_thread() is self._thread:
            return  # the first writes themselves
        self._done.wait()
        if self.problems:
            raise damaged(self.path)
        if self.failure is not None:
            raise self.failure


_checks: dict[str, OpeningCheck] = {}


def start(path: Path, key: bytes | None) -> OpeningCheck:
    check = OpeningCheck(path, key)
    _checks[os.path.realpath(path)] = check
    return check


def running(path: Path) -> OpeningCheck | None:
    return _checks.get(os.path.realpath(path))


def wait_for(path: Path) -> None:
    """Before a write: wait for this database's opening check, if one is running or failed.
    Every connection to the file (worker threads have their own) shares the verdict."""
    check = running(path)
    if check is not None:
        check.wait()


def forget(path: Path) -> None:
    """The file was checked again before opening (a restored copy, say): drop the old
    verdict."""
    _checks.pop(os.path.realpath(path), None)
