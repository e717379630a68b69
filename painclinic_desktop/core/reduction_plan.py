"""Dose-reduction plans agreed with the prescriber: checking one, proposing its steps, and
where the client is on it.

A plan is what was agreed: who agreed it and when, and dated steps (the regimen and its
resulting OME). A proposal from a percentage and an interval is only a starting point for the
coach and the prescriber to edit; nothing here changes a medicine — the recorded regimen moves
only when someone records a new dose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from .codes import PLAN_EVENT_KINDS
from .errors import InvalidInput
from .medication import regimen_ome_of, regimen_on
from .ome import OmeTable, positive_number, to_tenth
from .referral_rules import uk_date

MOST_STEPS = 52


def check_plan(plan: dict[str, Any], today: date) -> dict[str, Any]:
    problems: list[tuple[str, str]] = []
    record = dict(plan)
    record["agreed_with"] = (plan.get("agreed_with") or "").strip()
    if not record["agreed_with"]:
        problems.append(("agreed_with", "Name the prescriber who agreed the plan."))
    agreed = plan.get("agreed_on")
    if not agreed:
        problems.append(("agreed_on", "Give the date the plan was agreed."))
    elif agreed > today.isoformat():
        problems.append(("agreed_on", f"The date ({uk_date(agreed)}) is in the future."))
    steps = [dict(s) for s in plan.get("steps") or []]
    if not steps:
        problems.append(("steps", "A plan needs at least one step."))
    for n, step in enumerate(steps, start=1):
        if not step.get("on"):
            problems.append(("steps", f"Step {n} needs a date."))
        if not (step.get("regimen") or "").strip():
            problems.append(("steps", f"Step {n}: write the regimen agreed for it."))
        ome = step.get("ome_mg_per_day")
        if ome is not None and (not isinstance(ome, int | float) or ome < 0):
            problems.append(("steps", f"Step {n}: the OME must be a number, 0 or more."))
    dates = [s.get("on") for s in steps if s.get("on")]
    if len(set(dates)) != len(dates):
        problems.append(("steps", "Two steps have the same date."))
    if agreed and any(d < agreed for d in dates):
        problems.append(("steps", "A step cannot come before the plan was agreed."))
    if problems:
        raise InvalidInput(problems[0][1], problems[0][0], problems)
    record["steps"] = sorted(steps, key=lambda s: s["on"])
    record["events"] = list(plan.get("events") or [])
    return record


def check_event(plan: dict[str, Any], kind: str, on: str, reason: str, today: date) -> dict:
    if kind not in PLAN_EVENT_KINDS:
        raise InvalidInput(f"{kind!r} is not one of {', '.join(PLAN_EVENT_KINDS)}", "kind")
    if not (reason or "").strip():
        raise InvalidInput("Say what happened and why.", "reason")
    if on > today.isoformat():
        raise InvalidInput(f"The date ({uk_date(on)}) is in the future.", "on")
    if on < plan["agreed_on"]:
        raise InvalidInput("This is before the plan was agreed.", "on")
    return {"on": on, "kind": kind, "reason": reason.strip()}


def propose_steps(
    start_ome: Decimal, percent: object, interval_days: object, first_on: date
) -> list[dict[str, Any]]:
    """Steps that each take ``percent`` of the starting OME off, every ``interval_days``,
    down to 0: a proposal to edit with the prescriber, never applied by itself."""
    cut = positive_number(percent, "percentage")
    if cut > 100:
        raise InvalidInput("The percentage is at most 100.", "percent")
    days = positive_number(interval_days, "interval in days")
    if days != days.to_integral_value():
        raise InvalidInput("The interval is a whole number of days.", "interval")
    if start_ome <= 0:
        raise InvalidInput("There is no OME to reduce from.", "start")
    steps = []
    for n in range(1, MOST_STEPS + 1):
        left = start_ome * (1 - cut * n / 100)
        ome = to_tenth(max(left, Decimal(0)))
        on = first_on + timedelta(days=int(days) * (n - 1))
        share = to_tenth(ome * 100 / start_ome)
        steps.append(
            {
                "on": on.isoformat(),
                "regimen": f"about {ome} mg/day OME ({share}% of the start): "
                "regimen to agree with the prescriber",
                "ome_mg_per_day": float(ome),
            }
        )
        if ome == 0:
            break
    return steps


@dataclass(frozen=True)
class Position:
    """Where the client is on a plan today."""

    step_number: int | None  # the latest step due by today (1-based), None before the first
    step: dict[str, Any] | None
    next_step: dict[str, Any] | None
    paused: bool
    last_event: dict[str, Any] | None
    planned_ome: float | None
    recorded_ome: Decimal | None
    recorded_complete: bool


def position(
    plan: dict[str, Any], items: list[dict[str, Any]], table: OmeTable, today: date
) -> Position:
    steps = plan.get("steps") or []
    due = [s for s in steps if s["on"] <= today.isoformat()]
    upcoming = [s for s in steps if s["on"] > today.isoformat()]
    events = sorted(plan.get("events") or [], key=lambda e: e["on"])
    paused = any(e["kind"] in ("pause", "setback") for e in events) and (
        events[-1]["kind"] != "resume"
    )
    recorded = regimen_ome_of(regimen_on(items, today), table)
    return Position(
        step_number=len(due) or None,
        step=due[-1] if due else None,
        next_step=upcoming[0] if upcoming else None,
        paused=paused,
        last_event=events[-1] if events else None,
        planned_ome=due[-1].get("ome_mg_per_day") if due else None,
        recorded_ome=recorded.total if recorded else None,
        recorded_complete=recorded.complete if recorded else True,
    )


def recorded_series(
    items: list[dict[str, Any]], table: OmeTable, since: str, until: date
) -> list[tuple[str, Decimal | None]]:
    """The recorded regimen's OME on ``since`` and on each day it changed up to ``until``."""
    days = {since}
    for item in items:
        for d in (item.get("started_on"), item.get("stopped_on")):
            if d and since < d <= until.isoformat():
                days.add(d)
    series = []
    for day in sorted(days):
        result = regimen_ome_of(regimen_on(items, day), table)
        series.append((day, result.total if result else Decimal(0)))
    return series


def planned_series(plan: dict[str, Any]) -> list[tuple[str, float | None]]:
    return [(s["on"], s.get("ome_mg_per_day")) for s in plan.get("steps") or []]


def current_plan(plans: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The latest agreed plan that has not ended."""
    live = [p for p in plans if not p.get("ended_on")]
    return max(live, key=lambda p: (p["agreed_on"], p.get("created_at") or "")) if live else None
