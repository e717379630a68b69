"""What the GP summary says about medicines, requests to the GP and codes (issue 15).

Pure: bundle-shaped records in, small frozen dataclasses out; the layout draws them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from painclinic_desktop.core import medication as med
from painclinic_desktop.core import reduction_plan
from painclinic_desktop.core.gp_actions import current_status
from painclinic_desktop.core.ome import OmeTable
from painclinic_desktop.reports.pdf_common import date_words
from painclinic_desktop.resources_path import resource

STATUS_WORDS = {
    "requested": "requested",
    "done": "done",
    "declined": "declined",
    "withdrawn": "withdrawn",
}
EVENT_WORDS = {"setback": "setback", "pause": "pause", "resume": "resumed"}
MOST_REQUESTS = 8


@dataclass(frozen=True)
class MedicineLine:
    name: str
    dose: str
    ome: str  # "60.0", "not converted — ask the prescriber", or "" (not an opioid)


@dataclass(frozen=True)
class PlanLine:
    agreed_with: str
    agreed_on: str
    step_number: int | None
    steps: int
    step_on: str | None
    step_regimen: str
    planned_ome: float | None
    next_on: str | None
    on_hold: str  # "" or "setback on 05-Nov-2026: reason"
    planned: tuple[tuple[str, float], ...]
    recorded: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class MedicationReview:
    medicines: tuple[MedicineLine, ...]
    total: str  # "117.0 mg/day", or "none converted"
    complete: bool
    not_converted: tuple[str, ...]
    high_dose: bool
    table: str  # name and version
    confirmed_on: str | None
    stale: bool
    plan: PlanLine | None


@dataclass(frozen=True)
class RequestLine:
    text: str
    requested_on: str
    status: str
    status_on: str


@dataclass(frozen=True)
class CodedItem:
    item: str
    on: str | None
    value: str
    concept_id: str
    term: str


def _number(value: object) -> str:
    if value is None:
        return ""
    return f"{Decimal(str(value)).normalize():f}"


def dose_words(item: dict) -> str:
    amount = _number(item.get("dose"))
    if not amount:
        return ""
    words = f"{amount} {item.get('dose_unit') or ''}".strip()
    times = item.get("times_per_day")
    if times is not None:
        words += ", once a day" if float(times) == 1 else f", {_number(times)} times a day"
    return words


def medication_review(
    items: list[dict], plans: list[dict], table: OmeTable, today: date
) -> MedicationReview | None:
    """None when no medicine has been recorded (the section is then left out)."""
    if not items and not plans:
        return None
    current = med.regimen_on(items, today)
    result = med.regimen_ome_of(current, table)
    lines = []
    for item in current:
        one = med.regimen_ome_of([item], table)
        if one is None:
            ome = ""
        elif one.items[0].ome is None:
            ome = "not converted — ask the prescriber"
        else:
            ome = str(one.items[0].ome)
        lines.append(MedicineLine(item["name"], dose_words(item), ome))
    total = "no opioid recorded"
    if result is not None:
        total = f"{result.total} mg/day" if result.total is not None else "none converted"
    return MedicationReview(
        medicines=tuple(lines),
        total=total,
        complete=result.complete if result else True,
        not_converted=result.not_converted if result else (),
        high_dose=result.high_dose if result else False,
        table=table.label,
        confirmed_on=med.last_confirmed(current),
        stale=med.is_stale(current, today),
        plan=_plan_line(plans, items, table, today),
    )


def _plan_line(plans: list[dict], items: list[dict], table: OmeTable, today: date):
    plan = reduction_plan.current_plan(plans)
    if plan is None:
        return None
    at = reduction_plan.position(plan, items, table, today)
    hold = ""
    if at.paused and at.last_event:
        event = at.last_event
        kind = EVENT_WORDS.get(event["kind"], event["kind"])
        hold = f"{kind} on {date_words(event['on'])}: {event['reason']}"
    recorded = reduction_plan.recorded_series(items, table, plan["agreed_on"], today)
    return PlanLine(
        agreed_with=plan["agreed_with"],
        agreed_on=plan["agreed_on"],
        step_number=at.step_number,
        steps=len(plan["steps"]),
        step_on=at.step["on"] if at.step else None,
        step_regimen=at.step["regimen"] if at.step else "",
        planned_ome=at.planned_ome,
        next_on=at.next_step["on"] if at.next_step else None,
        on_hold=hold,
        planned=tuple(
            (s["on"], float(s["ome_mg_per_day"]))
            for s in plan["steps"]
            if s.get("ome_mg_per_day") is not None
        ),
        recorded=tuple((d, float(v)) for d, v in recorded if v is not None),
    )


def request_lines(actions: list[dict]) -> tuple[RequestLine, ...]:
    """Requests still open first, then answered ones, newest first; withdrawn ones left out."""
    lines = []
    for action in actions:
        status, since = current_status(action)
        if status == "withdrawn":
            continue
        lines.append(RequestLine(action["text"], action["requested_on"], status, since))
    lines.sort(key=lambda r: (r.status != "requested", r.requested_on), reverse=False)
    open_first = [r for r in lines if r.status == "requested"]
    answered = sorted(
        (r for r in lines if r.status != "requested"), key=lambda r: r.status_on, reverse=True
    )
    return tuple((open_first + answered)[:MOST_REQUESTS])


# --- codes the practice can enter --------------------------------------------------------


@cache
def snomed_codes(path: str | None = None) -> dict[str, tuple[str, str]]:
    """item -> (concept id, term), from the data file that cites each code's source."""
    found = json.loads(
        Path(path or resource("codes", "gp_summary_snomed.json")).read_text(encoding="utf-8")
    )
    return {c["item"]: (c["concept_id"], c["term"]) for c in found["codes"]}


def coded_items(signposting: list[dict], outcome_scores: list[tuple]) -> tuple[CodedItem, ...]:
    """Items the practice would code, each with its concept id and term; an item without a
    cited code is not listed (left uncoded rather than guessed).

    ``outcome_scores``: (instrument, score name, label, value, on) of the scores shown."""
    codes = snomed_codes()
    found: list[CodedItem] = []
    referred = sorted(
        h["on"] for s in signposting for h in s.get("history") or [] if h["status"] == "referred"
    )
    if referred and "social_prescribing_referral" in codes:
        concept, term = codes["social_prescribing_referral"]
        found.append(
            CodedItem("Referred to a community (social prescribing) service", referred[0], "",
                      concept, term)
        )  # fmt: skip
    for instrument, score_name, label, value, on in outcome_scores:
        key = f"score:{instrument}/{score_name}"
        if key in codes and value is not None:
            concept, term = codes[key]
            found.append(CodedItem(label, on, _number(round(value, 2)), concept, term))
    return tuple(found)
