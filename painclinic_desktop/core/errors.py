"""Expected errors, typed, each carrying what went wrong and where.

The UI turns these into dialogs (ui/errors.py); the command line prints them.
"""

from __future__ import annotations

from dataclasses import dataclass


class PainClinicError(Exception):
    """Base class of every error a user can be expected to meet."""


class Cancelled(Exception):  # noqa: N818 — a request, not a failure: the person said stop
    """The person pressed Cancel; the work stopped and changed nothing (a transaction under
    way is rolled back, a file being written is not put in place)."""


@dataclass(frozen=True)
class Problem:
    """One problem found in imported data: which collection, which record, which field, why."""

    collection: str
    record: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.collection} {self.record}: {self.field}: {self.reason}"


class InvalidBundle(PainClinicError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"the bundle has {len(problems)} problem(s); nothing was imported")


class UnsupportedBundleVersion(PainClinicError):
    pass


class InvalidInput(PainClinicError):
    """A value entered by a person or given on the command line is not acceptable."""

    def __init__(
        self,
        message: str,
        field: str | None = None,
        problems: list[tuple[str, str]] | None = None,
    ):
        self.field = field
        # Every (field, reason) when more than one field is at fault, so a form can show
        # each reason beside its own field.
        self.problems = problems or ([(field, message)] if field else [])
        super().__init__(message)


class DatabaseTooNew(PainClinicError):
    pass


class DatabaseDamaged(PainClinicError):
    pass


class NotADatabase(PainClinicError):
    pass


class RecordNotFound(PainClinicError):
    pass
