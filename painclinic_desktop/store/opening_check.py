"""The damage check made when a database is opened, run beside the first screen.

``PRAGMA quick_check`` reads every page: about 1.5 s for a 50,000-client caseload, which is
most of a cold start. The desktop app runs it on a read-only connection of its own while the
caseload appears; every write (``Store.atomic``) waits for its verdict first, so nothing is
ever written to a damaged file, and the app says so as soon as the check fails.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from .connection import connect_read_only, damaged, quick_check


class OpeningCheck:
    """``quick_check`` of one database on a thread of its own."""

    def __init__(self, path: Path, key: bytes | None):
        self.path = path
        self.problems: list[str] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(key,), daemon=True,
                                        name="opening-check")
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
        finally:
            self._done.set()

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    def wait(self) -> None:
        """Block until the verdict; DatabaseDamaged if the file is damaged."""
        self._done.wait()
        if self.problems:
            raise damaged(self.path)


_checks: dict[str, OpeningCheck] = {}


def start(path: Path, key: bytes | None) -> OpeningCheck:
    check = OpeningCheck(path, key)
    _checks[os.path.realpath(path)] = check
    return check


def wait_for(path: Path) -> None:
    """Before a write: wait for this database's opening check, if one is running or failed.
    Every connection to the file (worker threads have their own) shares the verdict."""
    check = _checks.get(os.path.realpath(path))
    if check is not None:
        check.wait()
