"""How long work says how far it has got, and learns that the person pressed Cancel.

Services take a ``Progress`` and call ``report`` (or ``check``) between steps; either raises
``core.errors.Cancelled`` once Cancel was pressed, so the work stops where it stands and its
transaction rolls back. The desktop passes one tied to its progress dialog (``ui/ops.py``);
the command line and tests pass nothing and get ``UNWATCHED``.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def report(self, done: int, total: int, text: str = "") -> None:
        """How far the work has got; raises Cancelled once Cancel was pressed."""

    def check(self) -> None:
        """Raises Cancelled once Cancel was pressed; reports nothing."""


class _Unwatched:
    """Nobody is watching and nobody can cancel."""

    def report(self, done: int, total: int, text: str = "") -> None:
        pass

    def check(self) -> None:
        pass


UNWATCHED: Progress = _Unwatched()
