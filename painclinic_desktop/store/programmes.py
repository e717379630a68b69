"""Reading programmes, their enrolments and the registers of their sessions."""

from __future__ import annotations

from typing import Any

from . import records
from .database import Store
from .snapshot import RETURN_COLUMNS, read_collection

# What the programme report reads (no names, no notes, no reasons' words).
_REPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "programmes": (
        "id",
        "name",
        "planned_sessions",
        "attendance_rule_percent",
        "starts_on",
        "session_ids",
    ),
    "programme_enrolments": ("id", "programme_id", "client_id", "status", "dropout_reason"),
    "module_sessions": ("id", "attendees"),
}
_ENROLLED = "client_id IN (SELECT client_id FROM programme_enrolments)"


def programmes(store: Store) -> list[dict[str, Any]]:
    """Every programme, the latest to start first."""
    return list(records.select(store, "programmes", "1 ORDER BY starts_on DESC, name"))


def enrolments(store: Store, programme_id: str) -> list[dict[str, Any]]:
    return list(
        records.select(
            store,
            "programme_enrolments",
            "programme_id = ? ORDER BY enrolled_on, created_at, id",
            (programme_id,),
        )
    )


def enrolment_of(store: Store, programme_id: str, client_id: str) -> dict[str, Any] | None:
    return next(
        records.select(
            store,
            "programme_enrolments",
            "programme_id = ? AND client_id = ?",
            (programme_id, client_id),
        ),
        None,
    )


def attendees(store: Store, session_ids: list[str]) -> dict[str, list[str]]:
    """{module session id: client ids ticked present} for the sessions still here."""
    found = records.get_many(store, "module_sessions", list(session_ids))
    return {sid: s.get("attendees") or [] for sid, s in found.items()}


def report_inputs(store: Store) -> dict[str, list[dict[str, Any]]]:
    """The programme report's inputs: programmes, enrolments, registers, and the
    assessments of enrolled clients only."""
    found = {c: read_collection(store, c, names) for c, names in _REPORT_COLUMNS.items()}
    found["assessments"] = read_collection(
        store, "assessments", RETURN_COLUMNS["assessments"], _ENROLLED
    )
    return found
