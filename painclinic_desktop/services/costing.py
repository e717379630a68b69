"""Programme costings: entered, checked, saved with the band rates they used, and printed.

A costing stands alone (participant, completer and MID counts entered) or names the
programme it costs in ``programme_id``, so a costing can be tied to a group programme's
enrolment and completion once such programmes are recorded.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..core import costing as rules
from ..core.codes import INSTRUMENTS
from ..core.errors import InvalidInput, RecordNotFound
from ..core.permissions import COST_PROGRAMMES
from ..core.referral_rules import parse_date
from ..store import records
from ..store.database import Store
from . import writes
from .client_reports import log_export
from .returns import _target
from .service_settings import service_details
from .session import require


def _text(values: dict[str, Any], name: str) -> str | None:
    return str(values.get(name) or "").strip() or None


def _staff_lines(entries: Any, rates: dict[str, int]) -> list[dict[str, Any]]:
    lines = []
    for number, entry in enumerate(entries or [], start=1):
        role = str(entry.get("role") or "").strip()
        band = str(entry.get("band") or "").strip().lower()
        if not role:
            raise InvalidInput(f"Staff line {number}: say which role.", "staff_hours")
        if band not in rates:
            raise InvalidInput(
                f"Staff line {number} ({role}): there is no rate for band {band or '(none)'}; "
                f"bands with rates: {', '.join(sorted(rates))}.",
                "staff_hours",
            )
        hours = rules.parse_number(entry.get("hours"), "staff_hours", f"the hours of {role}")
        if not hours:
            raise InvalidInput(f"Staff line {number} ({role}): give the hours.", "staff_hours")
        lines.append({"role": role, "band": band, "hours": hours})
    if not lines:
        raise InvalidInput("Give at least one member of staff and their hours.", "staff_hours")
    return lines


def checked_costing(values: dict[str, Any], rates: rules.BandRates | None = None) -> dict[str, Any]:
    """A costing record from entered values (money in pounds, as typed)."""
    rates = rates or rules.band_rates()
    title = _text(values, "title")
    if not title:
        raise InvalidInput("Give the programme a name.", "title")
    costed_on, issue = parse_date(values.get("costed_on") or date.today(), "costed_on")
    if issue is not None or costed_on is None:
        raise InvalidInput("Give the date of the costing as day/month/year.", "costed_on")
    number = rules.parse_number
    record = {
        "title": title,
        "costed_on": costed_on,
        "programme_id": _text(values, "programme_id"),
        "rates_year": rates.year,
        "band_rates": dict(rates.hourly_pence),
        "staff_hours": _staff_lines(values.get("staff_hours"), rates.hourly_pence),
        "room_hours": number(values.get("room_hours"), "room_hours", "the room hours"),
        "room_rate_pence": rules.parse_pounds(
            values.get("room_rate"), "room_rate", "the room rate"
        ),
        "admin_hours": number(values.get("admin_hours"), "admin_hours", "the admin hours"),
        "admin_band": (_text(values, "admin_band") or "").lower() or None,
        "sundries_pence": rules.parse_pounds(values.get("sundries"), "sundries", "sundries"),
        "on_costs_percent": number(values.get("on_costs_percent"), "on_costs", "on-costs"),
        "enrolled": number(values.get("enrolled"), "enrolled", "participants", whole=True),
        "completers": number(values.get("completers"), "completers", "completers", whole=True),
        "reaching_mid": number(values.get("reaching_mid"), "reaching_mid", "clients", whole=True),
        "mid_measure": _text(values, "mid_measure"),
        "reference_label": _text(values, "reference_label"),
        "reference_price_pence": rules.parse_pounds(
            values.get("reference_price"), "reference_price", "the reference price"
        ),
        "note": _text(values, "note"),
    }
    _check_counts(record)
    rules.compute(record)  # any band without a rate is refused here, before saving
    return record


def _check_counts(record: dict[str, Any]) -> None:
    if record["room_hours"] and record["room_rate_pence"] is None:
        raise InvalidInput("Give the room's hourly rate.", "room_rate")
    if record["admin_hours"] and not record["admin_band"]:
        raise InvalidInput("Give the band of the administration hours.", "admin_band")
    if (record["on_costs_percent"] or 0) > 100:
        raise InvalidInput("On-costs are a percentage from 0 to 100.", "on_costs")
    enrolled = record["enrolled"]
    for name, words in (("completers", "completers"), ("reaching_mid", "clients reaching the MID")):
        if record[name] is not None and enrolled is not None and record[name] > enrolled:
            raise InvalidInput(f"There cannot be more {words} than participants.", name)
    if record["reaching_mid"] is not None and record["mid_measure"] not in INSTRUMENTS:
        raise InvalidInput("Choose the measure whose MID the clients reached.", "mid_measure")
    if record["reference_price_pence"] and not record["reference_label"]:
        raise InvalidInput("Say what the reference price is for.", "reference_label")


def save_costing(store: Store, values: dict[str, Any], author: str) -> dict[str, Any]:
    return save_costing_record(store, checked_costing(values), author)


def save_costing_record(store: Store, record: dict[str, Any], author: str) -> dict[str, Any]:
    """A record made by ``checked_costing`` (so with the band rates it was checked against)."""
    return writes.add(store, "programme_costings", record, author)


def costings(store: Store) -> list[dict[str, Any]]:
    """Every saved costing, latest first."""
    found = records.select(store, "programme_costings")
    return sorted(found, key=lambda c: (c["costed_on"], c.get("created_at") or ""))[::-1]


def costing(store: Store, costing_id: str) -> dict[str, Any]:
    found = records.get(store, "programme_costings", costing_id)
    if found is None:
        raise RecordNotFound(f"There is no programme costing {costing_id}.")
    return found


def write_costing_pdf_for(
    store: Store | None, record: dict[str, Any], out: str | Path, staff: str
) -> rules.CostingResult:
    """The costing table (PDF) for a saved costing or one only entered (``store`` None:
    nothing is logged, as nothing was read from a database)."""
    from ..reports.costing import write_costing_pdf

    require(COST_PROGRAMMES)
    path = _target(out, (".pdf",))
    result = rules.compute(record)
    name = service_details(store)["name"] if store is not None else None
    write_costing_pdf(record, result, path, service_name=name)
    if store is not None and record.get("id"):
        log_export(store, "programme_costing", record["id"], path, staff)
    return result
