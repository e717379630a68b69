"""Dose-reduction plans agreed with the prescriber, setbacks and pauses, and progress.

A plan records what was agreed; it never changes a medicine. Progress is the recorded
regimen's OME (from the Medicines tab) against the plan's steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ..core import reduction_plan as rules
from ..core.errors import InvalidInput, RecordNotFound
from ..core.ome import OmeTable
from ..core.pathway_rules import iso
from ..core.referral_rules import uk_date
from ..store import records
from ..store.database import Store
from . import medication, writes
from .client_record import existing_client


def plans(store: Store, client_id: str) -> list[dict[str, Any]]:
    return list(
        records.select(
            store, "medication_plans", "client_id = ? ORDER BY agreed_on, created_at", (client_id,)
        )
    )


def propose(
    store: Store,
    client_id: str,
    percent: object,
    interval_days: object,
    first_on: str | date,
    today: date | None = None,
) -> list[dict[str, Any]]:
    """Steps from the current regimen's OME: a starting point to edit, never applied."""
    regimen = medication.regimen(store, client_id, today or date.today())
    if regimen.ome is None or regimen.ome.total is None:
        raise InvalidInput(
            "There is no converted opioid in the current regimen to reduce from: record the "
            "medicines first, or write the steps by hand.",
            "percent",
        )
    first = date.fromisoformat(iso(first_on))
    return rules.propose_steps(regimen.ome.total, percent, interval_days, first)


def agree_plan(
    store: Store,
    client_id: str,
    plan: dict[str, Any],
    author: str,
    *,
    today: date | None = None,
) -> dict[str, Any]:
    """Record a plan agreed with the prescriber; a plan already running for the client is
    ended the day before, in the same transaction (one current plan at a time)."""
    today = today or date.today()
    existing_client(store, client_id)
    table = medication.service_table(store)
    record = rules.check_plan(
        {
            **plan,
            "client_id": client_id,
            "recorded_by": author,
            "table_name": table.name,
            "table_version": table.version,
        },
        today,
    )
    record.pop("id", None)
    with store.atomic():
        running = rules.current_plan(plans(store, client_id))
        if running is not None:
            ended = {
                **running,
                "ended_on": max(record["agreed_on"], running["agreed_on"]),
                "end_reason": "replaced by a new plan",
            }
            writes.change(store, "medication_plans", ended, author)
        return writes.add(store, "medication_plans", record, author)


def _plan(store: Store, plan_id: str) -> dict[str, Any]:
    found = records.get(store, "medication_plans", plan_id)
    if found is None:
        raise RecordNotFound("That plan is no longer in this record.")
    return found


def record_event(
    store: Store,
    plan_id: str,
    kind: str,
    reason: str,
    author: str,
    *,
    on: str | date | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """A setback, a pause or a resumption, with its reason, added to the plan's history."""
    today = today or date.today()
    plan = _plan(store, plan_id)
    if plan.get("ended_on"):
        raise InvalidInput(f"This plan ended on {uk_date(plan['ended_on'])}.")
    event = rules.check_event(plan, kind, iso(on or today), reason, today)
    changed = {**plan, "events": [*(plan.get("events") or []), event]}
    return writes.change(store, "medication_plans", changed, author)


def end_plan(
    store: Store,
    plan_id: str,
    reason: str,
    author: str,
    *,
    on: str | date | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    today = today or date.today()
    plan = _plan(store, plan_id)
    on_iso = iso(on or today)
    if plan.get("ended_on"):
        raise InvalidInput(f"This plan already ended on {uk_date(plan['ended_on'])}.")
    if not (reason or "").strip():
        raise InvalidInput("Say why the plan ends.", "reason")
    if on_iso > today.isoformat() or on_iso < plan["agreed_on"]:
        raise InvalidInput("The end date must be between the agreement and today.", "on")
    ended = {**plan, "ended_on": on_iso, "end_reason": reason.strip()}
    return writes.change(store, "medication_plans", ended, author)


@dataclass(frozen=True)
class PlanProgress:
    """The current plan and where the client is on it, for the record page and GP summary."""

    plan: dict[str, Any]
    position: rules.Position
    planned: list[tuple[str, float | None]]
    recorded: list[tuple[str, Decimal | None]]
    table: OmeTable


def progress(store: Store, client_id: str, today: date | None = None) -> PlanProgress | None:
    today = today or date.today()
    return progress_from(
        plans(store, client_id),
        medication.items(store, client_id),
        medication.service_table(store),
        today,
    )


def progress_from(
    all_plans: list[dict[str, Any]],
    items: list[dict[str, Any]],
    table: OmeTable,
    today: date,
) -> PlanProgress | None:
    plan = rules.current_plan(all_plans)
    if plan is None:
        return None
    return PlanProgress(
        plan=plan,
        position=rules.position(plan, items, table, today),
        planned=rules.planned_series(plan),
        recorded=rules.recorded_series(items, table, plan["agreed_on"], today),
        table=table,
    )
