"""Programmes: courses of group sessions, the clients enrolled on them and the report.

A programme's attendance comes from the registers of its sessions (``services.groups``),
never typed again here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..core import programmes as rules
from ..core.errors import InvalidInput, RecordNotFound
from ..core.permissions import EXPORT_MONTHLY_RETURN
from ..core.programme_report import ProgrammeReport, compute_programme_report
from ..store import clients as client_store
from ..store import programmes as queries
from ..store import records
from ..store.database import Store
from . import writes
from .client_record import existing_client
from .client_reports import log_export
from .groups import SessionRow, sessions
from .returns import _now, _target
from .service_settings import measure_settings, service_details
from .session import require

# Sessions offered for linking: from a fortnight before the programme starts.
_LINKABLE_FROM_DAYS = 14


def programmes(store: Store) -> list[dict[str, Any]]:
    """Every programme, the latest to start first."""
    return queries.programmes(store)


def programme(store: Store, programme_id: str) -> dict[str, Any]:
    found = records.get(store, "programmes", programme_id)
    if found is None:
        raise RecordNotFound("That programme is no longer in this database.")
    return found


def _checked(store: Store, values: dict[str, Any], own_id: str | None) -> dict[str, Any]:
    checked = rules.checked_programme(values)
    missing = set(checked["session_ids"]) - set(
        records.get_many(store, "module_sessions", checked["session_ids"])
    )
    if missing:
        raise InvalidInput(
            "A linked session is no longer in this database; choose the sessions again.",
            "session_ids",
        )
    for other in queries.programmes(store):
        if other["id"] != own_id and other["name"].casefold() == checked["name"].casefold():
            raise InvalidInput(
                f"There is already a programme called {other['name']}; give this one a name "
                "of its own (a place or month, say).",
                "name",
            )
    return checked


def add_programme(store: Store, values: dict[str, Any], author: str) -> dict[str, Any]:
    """A programme: ``name``, ``planned_sessions``, ``attendance_rule_percent`` (default
    75), ``starts_on``, ``venue``, ``session_ids`` (module sessions), ``note``."""
    with store.atomic():
        return writes.add(store, "programmes", _checked(store, values, None), author)


def change_programme(
    store: Store, programme_id: str, values: dict[str, Any], author: str
) -> dict[str, Any]:
    with store.atomic():
        held = programme(store, programme_id)
        changed = {**held, **_checked(store, {**held, **values}, programme_id)}
        return writes.change(store, "programmes", changed, author)


def linkable_sessions(store: Store, programme_record: dict[str, Any] | None) -> list[SessionRow]:
    """Group sessions a programme may be made of: those from a fortnight before it starts,
    and any already linked, soonest first."""
    starts = (programme_record or {}).get("starts_on") or date.today().isoformat()
    since = (date.fromisoformat(starts) - timedelta(days=_LINKABLE_FROM_DAYS)).isoformat()
    linked = set((programme_record or {}).get("session_ids") or [])
    found = {s.id: s for s in sessions(store, since=since)}
    if linked - set(found):
        found.update({s.id: s for s in sessions(store) if s.id in linked})
    return sorted(found.values(), key=lambda s: (s.held_on, s.id))


# --- enrolments ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrolmentLine:
    enrolment: dict[str, Any]
    name: str
    date_of_birth: str
    attendance: rules.Attendance

    @property
    def status(self) -> str:
        return self.enrolment["status"]


def enrolment_lines(store: Store, programme_id: str) -> list[EnrolmentLine]:
    """Each enrolled client with their attendance against the programme's rule, by name."""
    held = programme(store, programme_id)
    found = queries.enrolments(store, programme_id)
    registers = queries.attendees(store, held.get("session_ids") or [])
    people = client_store.names_and_births(store, {e["client_id"] for e in found})
    lines = []
    for e in found:
        given, family, born = people.get(e["client_id"], ("(client", "removed)", ""))
        lines.append(
            EnrolmentLine(
                e, f"{given} {family}", born, rules.attendance(held, registers, e["client_id"])
            )
        )
    lines.sort(key=lambda line: (line.name.split()[-1].casefold(), line.name.casefold()))
    return lines


def enrolment(store: Store, enrolment_id: str) -> dict[str, Any]:
    found = records.get(store, "programme_enrolments", enrolment_id)
    if found is None:
        raise RecordNotFound("That enrolment is no longer in this database.")
    return found


def enrol(
    store: Store, programme_id: str, client_id: str, author: str, on: date | None = None
) -> dict[str, Any]:
    """Enrol a client (once per programme: enrolling again returns the enrolment held)."""
    with store.atomic():
        held = programme(store, programme_id)
        existing_client(store, client_id)
        existing = queries.enrolment_of(store, programme_id, client_id)
        if existing is not None:
            return existing
        day = (on or date.today()).isoformat()
        record = {
            "programme_id": held["id"],
            "client_id": client_id,
            "enrolled_on": day,
            "status": "enrolled",
        }
        return writes.add(store, "programme_enrolments", record, author)


def attendance_of(store: Store, enrolment_record: dict[str, Any]) -> rules.Attendance:
    held = programme(store, enrolment_record["programme_id"])
    registers = queries.attendees(store, held.get("session_ids") or [])
    return rules.attendance(held, registers, enrolment_record["client_id"])


def mark_completed(
    store: Store, enrolment_id: str, author: str, on: Any = None, note: str | None = None
) -> dict[str, Any]:
    """Completed on ``on`` (default today); below the attendance rule ``note`` says why."""
    with store.atomic():
        held = enrolment(store, enrolment_id)
        found = attendance_of(store, held)
        changed = rules.completed(held, found, on or date.today().isoformat(), note)
        return writes.change(store, "programme_enrolments", changed, author)


def record_dropout(
    store: Store,
    enrolment_id: str,
    reason: str,
    author: str,
    on: Any = None,
    note: str | None = None,
) -> dict[str, Any]:
    with store.atomic():
        held = enrolment(store, enrolment_id)
        changed = rules.dropped_out(held, reason, on or date.today().isoformat(), note)
        return writes.change(store, "programme_enrolments", changed, author)


def reopen(store: Store, enrolment_id: str, author: str) -> dict[str, Any]:
    """Back to enrolled: a completion or drop-out recorded in error."""
    with store.atomic():
        held = enrolment(store, enrolment_id)
        return writes.change(store, "programme_enrolments", rules.reopened(held), author)


# --- the report ------------------------------------------------------------------------------


def programme_report(
    store: Store,
    date_from: date,
    date_to: date,
    *,
    programme_name: str | None = None,
    suppress: bool = True,
) -> ProgrammeReport:
    require(EXPORT_MONTHLY_RETURN)
    return compute_programme_report(
        queries.report_inputs(store),
        date_from,
        date_to,
        measure_settings(store),
        programme=programme_name,
        suppress=suppress,
    )


def write_programme_report_for(
    store: Store,
    date_from: date,
    date_to: date,
    out: str | Path,
    staff: str,
    *,
    programme_name: str | None = None,
    suppress: bool = True,
) -> ProgrammeReport:
    from ..reports.programme_report import write_programme_pdf, write_programme_xlsx

    path = _target(out, (".xlsx", ".pdf"))
    report = programme_report(
        store, date_from, date_to, programme_name=programme_name, suppress=suppress
    )
    write = write_programme_pdf if path.suffix.lower() == ".pdf" else write_programme_xlsx
    write(
        report,
        path,
        service_name=service_details(store)["name"],
        demo=store.is_demo,
        generated_at=_now(),
    )
    what = f"{date_from}..{date_to}" + (f" {programme_name}" if programme_name else "")
    log_export(store, "programmes", what, path, staff)
    return report
