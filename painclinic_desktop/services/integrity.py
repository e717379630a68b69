"""Integrity checks of a service database (``painclinic check``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import PainClinicError
from ..store import lookups, migrations, opening_check
from ..store.connection import quick_check
from ..store.database import Store, reopen


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    schema: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(path: str | Path) -> CheckReport:
    """Full integrity check, foreign keys and schema state, without changing the file."""
    path = Path(path)
    report = CheckReport()
    if not path.exists():
        report.problems.append(f"there is no database at {path}")
        return report
    try:
        own = reopen(path)  # no migration and no other check: this one says what is wrong
    except PainClinicError as exc:
        report.problems.append(str(exc))
        return report
    with own:
        conn = own.conn
        report.problems.extend(quick_check(conn, full=True))
        if report.problems:
            return report
        try:
            done = migrations.applied(conn)
            migrations.pending(conn)
        except PainClinicError as exc:
            report.problems.append(str(exc))
            return report
        if not done:
            report.problems.append("this file is not a PainClinic database")
            return report
        report.schema = max(i for i, _ in done)
        report.problems.extend(lookups.foreign_key_problems(conn))
        report.counts = lookups.row_counts(
            conn, ("clients", "referrals", "contacts", "assessments", "goals")
        )
    return report


def wait_for_opening_check(store: Store) -> None:
    """Block until the damage check started when the app opened this database has finished;
    DatabaseDamaged if it found damage (every write waits for it too). A held check is not
    made to begin by this wait (see ``hold_opening_check``)."""
    opening_check.verdict_for(store.path)


def opening_check_finished(store: Store) -> bool:
    """Whether the damage check of this database has its verdict (or none is running), so
    the app can ask without a thread of its own waiting for it."""
    check = opening_check.running(store.path)
    return check is None or check.finished


def hold_opening_check(path: Path) -> None:
    """When ``path`` is next opened with the check beside, the check waits until
    ``begin_opening_check`` (the app: once the whole caseload is shown), until a write needs
    its verdict, or at most ``opening_check.HELD_AT_MOST`` seconds: on a large encrypted
    file it would otherwise take a core from the caseload's load."""
    opening_check.hold(path)


def begin_opening_check(path: Path) -> None:
    opening_check.go(path)
