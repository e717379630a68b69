"""A client's medicines: checking an item, the regimen on a date, its OME and its flag.

An item is one medicine at one dose from a start date; a change of dose stops the item and
starts a new one, so the history is kept and never overwritten. Items with a drug code from
the OME table take part in the OME; other medicines (paracetamol, gabapentin...) are free
text and are listed, never converted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from painclinic_desktop.resources_path import resource

from .codes import MEDICATION_SOURCES
from .errors import InvalidInput
from .ome import (
    PER_ADMINISTRATION,
    ItemOme,
    OmeTable,
    OpioidItem,
    RegimenOme,
    positive_number,
    regimen_ome,
)
from .referral_rules import uk_date

# A free-text medicine may be taken by any route; an opioid's route comes from the table.
FREE_TEXT_ROUTES = ("oral", "sublingual", "patch", "topical", "injection", "other")
# A regimen nobody has confirmed for this long is shown as possibly out of date.
STALE_AFTER_DAYS = 90
# The flag's code (the UI letters it like the other flags).
HIGH_DOSE_FLAG = "high_dose_opioid"


@dataclass(frozen=True)
class Product:
    name: str
    drug: str | None
    route: str
    strength: Decimal
    per: str


def products(path: Path | None = None) -> tuple[Product, ...]:
    """Common UK products offered by name for quick entry."""
    return _products(str(path or resource("medication", "products.json")))[0]


def opioid_words() -> tuple[str, ...]:
    return _products(str(resource("medication", "products.json")))[1]


@lru_cache(maxsize=4)
def _products(path: str) -> tuple[tuple[Product, ...], tuple[str, ...]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    found = tuple(
        Product(
            name=p["name"],
            drug=p.get("drug"),
            route=p["route"],
            strength=positive_number(p["strength"], "strength"),
            per=p.get("per") or "",
        )
        for p in data["products"]
    )
    return found, tuple(w.lower() for w in data.get("opioid_words", ()))


def looks_like_an_opioid(name: str, table: OmeTable) -> str | None:
    """The opioid a free-text name seems to be, so it is not recorded where its OME is lost."""
    words = set(re.findall(r"[a-z][a-z-]*", name.lower()))
    for word in (*table.drugs(), *opioid_words()):
        if word in words:
            return word
    return None


def check_item(
    item: dict[str, Any], table: OmeTable, today: date, *, new: bool = True
) -> dict[str, Any]:
    """The item as it will be stored, or InvalidInput naming every field at fault."""
    problems: list[tuple[str, str]] = []
    record = dict(item)
    drug = (record.get("drug") or "").strip().lower() or None
    name = (record.get("name") or "").strip()
    record["drug"], record["name"] = drug, name or (drug or "")
    route = record.get("route")
    if drug:
        try:
            row = table.conversion(drug, route or "")
            record["dose_unit"] = row.unit
        except InvalidInput as err:
            problems.append((err.field or "drug", str(err)))
    else:
        if not name:
            problems.append(("name", "Name the medicine, or choose it from the list."))
        elif (opioid := looks_like_an_opioid(name, table)) is not None:
            problems.append(
                (
                    "drug",
                    f"“{name}” looks like an opioid ({opioid}): choose its drug from the "
                    "table so that it counts in the oral morphine equivalent.",
                )
            )
        if route not in FREE_TEXT_ROUTES:
            problems.append(("route", "Choose how the medicine is taken."))
    _check_amounts(record, drug, route, problems)
    if not drug and record.get("dose") is not None:
        record["dose_unit"] = (record.get("dose_unit") or "").strip() or "mg"
    if record.get("source") not in MEDICATION_SOURCES:
        problems.append(("source", "Say where this comes from: GP record, client or pharmacy."))
    _check_dates(record, today, problems)
    if problems:
        raise InvalidInput(problems[0][1], problems[0][0], problems)
    return record


def _check_amounts(
    record: dict[str, Any], drug: str | None, route: str | None, problems: list
) -> None:
    for field, what in (("dose", "dose"), ("times_per_day", "times per day")):
        value = record.get(field)
        if value in (None, ""):
            record[field] = None
            continue
        try:
            record[field] = float(positive_number(value, what))
        except InvalidInput as err:
            problems.append((field, str(err)))
    if not drug:
        return
    if record["dose"] is None:
        problems.append(("dose", "Give the dose (a patch: its strength in micrograms/hour)."))
    if route in PER_ADMINISTRATION and record["times_per_day"] is None:
        problems.append(("times_per_day", f"Say how many times a day ({route})."))
    if route == "patch" and record["times_per_day"] is not None:
        problems.append(
            ("times_per_day", "A patch is its strength in micrograms/hour: no times a day.")
        )


def _check_dates(record: dict[str, Any], today: date, problems: list) -> None:
    started, stopped = record.get("started_on"), record.get("stopped_on")
    if not started:
        problems.append(("started_on", "Give the date it was started (or first recorded)."))
    elif started > today.isoformat():
        problems.append(("started_on", f"The start date ({uk_date(started)}) is in the future."))
    if stopped:
        if stopped > today.isoformat():
            problems.append(("stopped_on", f"The stop date ({uk_date(stopped)}) is in the future."))
        if started and stopped < started:
            problems.append(("stopped_on", "It cannot stop before it started."))


def taken_on(item: dict[str, Any], on: str) -> bool:
    """Taken on ``on``: started on or before it, and not stopped by then."""
    stopped = item.get("stopped_on")
    return item["started_on"] <= on and (not stopped or stopped > on)


def regimen_on(items: list[dict[str, Any]], on: str | date) -> list[dict[str, Any]]:
    on_iso = on.isoformat() if isinstance(on, date) else on
    current = [i for i in items if taken_on(i, on_iso)]
    return sorted(current, key=lambda i: (i.get("drug") is None, (i.get("name") or "").lower()))


def opioid_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in items if i.get("drug")]


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def regimen_ome_of(items: list[dict[str, Any]], table: OmeTable) -> RegimenOme | None:
    """The OME of these items' opioids; None when none is an opioid from the table.

    An item whose drug or route the table (perhaps the service's replacement) does not know
    is not converted rather than refused, so it is listed and the total marked incomplete."""
    opioids = []
    for item in opioid_items(items):
        opioids.append(
            OpioidItem(
                drug=item["drug"],
                route=item["route"],
                dose=_decimal(item["dose"]) or Decimal(0),
                times_per_day=_decimal(item.get("times_per_day")),
            )
        )
    if not opioids:
        return None
    known = [o for o in opioids if o.route in table.routes_for(o.drug)]
    result = regimen_ome(table, known)
    unknown = [o for o in opioids if o not in known]
    if not unknown:
        return result
    extra = tuple(ItemOme(item=o, unit="", exact=None) for o in unknown)
    return RegimenOme(items=result.items + extra, table=table)


def last_confirmed(items: list[dict[str, Any]]) -> str | None:
    """The latest date the current regimen was recorded, changed or confirmed unchanged."""
    dates = [d for i in items for d in (i.get("started_on"), i.get("checked_on")) if d]
    return max(dates) if dates else None


def is_stale(items: list[dict[str, Any]], today: date) -> bool:
    """A current regimen nobody has confirmed for ``STALE_AFTER_DAYS``: shown as such."""
    confirmed = last_confirmed(items)
    if confirmed is None:
        return False
    return confirmed < (today - timedelta(days=STALE_AFTER_DAYS)).isoformat()


def stopped(item: dict[str, Any], on: str, why: str | None, today: date) -> dict[str, Any]:
    """The item with its stop date; the dose it was taken at stays as it was."""
    if item.get("stopped_on"):
        raise InvalidInput(f"This was already stopped on {uk_date(item['stopped_on'])}.")
    if on > today.isoformat():
        raise InvalidInput(f"The date ({uk_date(on)}) is in the future.", "stopped_on")
    if on < item["started_on"]:
        raise InvalidInput("It cannot stop before it started.", "stopped_on")
    return {**item, "stopped_on": on, "stop_reason": (why or "").strip() or None}
